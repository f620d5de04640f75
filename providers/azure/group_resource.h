// What every resource-group-scoped ARM resource shares: the arguments name,
// resource_group, location, tags and the computed id; its ARM id from them;
// the envelope of its request body; and those attributes read back.
#pragma once

#include <string>

#include "engine/base/status.h"
#include "providers/azure/arm_id.h"
#include "providers/sdk/schema.h"

namespace forma::azure {

// `what` names the resource in descriptions ("virtual network").
sdk::Attributes group_resource_attributes(const std::string& what);
// /subscriptions/{s}/resourceGroups/{g}/providers/{provider}/{type}/{name}
Status group_resource_id(const json& state, const std::string& subscription, const std::string& provider,
                         const std::string& type, std::string& id);
// {"location", "tags"} of a planned state.
json group_resource_body(const json& planned);
// name, resource_group, location (the known spelling when Azure says the same), tags, id.
json group_resource_state(const json& known, const ArmId& id, const json& body);

// A list attribute as it goes to ARM: [] for null or unknown.
json list_or_empty(const json& v);
// A nested value read back: `known` when it holds one, else what Azure reports.
json known_or(const json& known, const char* key, const json& reported);

}  // namespace forma::azure
