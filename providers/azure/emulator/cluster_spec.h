// A Batch AI cluster's requested properties, checked the way the service
// checked them (required fields, known VM size, one kind of scale settings)
// and reduced to what GET gives back: defaults filled in, passwords and
// storage credentials removed.
#pragma once

#include <string>

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

// `properties` is the request's "properties" object. On a bad request answers
// 400 naming the property and returns false.
bool normalize_cluster_properties(const Cloud& cloud, const StoredResource& workspace, const json& properties,
                                  json& out, ArmResponse& res);
// Scale settings alone (PATCH); out is {"manual":{…}} or {"autoScale":{…}}.
bool normalize_scale_settings(const json& scale, json& out, ArmResponse& res);

// The first property that differs between two normalized specs, ignoring
// scaleSettings (the one thing that may change); "" when none.
std::string changed_immutable_property(const json& before, const json& after);

// Nodes a scale setting asks for at creation: targetNodeCount, or initialNodeCount within [min, max].
int requested_nodes(const json& scale);

// A subnet id of the workspace's own virtual network, for resources given none.
json default_subnet(const StoredResource& workspace);

}  // namespace forma::emulator
