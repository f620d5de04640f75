// How Batch AI children (clusters, file servers, experiments) name their
// workspace: workspace_id, or resource_group + workspace_name. All three are
// kept in state so either form plans without a diff.
#pragma once

#include "engine/base/diagnostic.h"
#include "engine/base/status.h"
#include "providers/azure/arm_id.h"
#include "providers/sdk/schema.h"

namespace forma::azure {

// workspace_id, resource_group, workspace_name (force_new; optional + computed).
sdk::Attributes workspace_attributes();

// Exactly one of the two forms, and a well-formed workspace id.
void check_workspace_args(const json& config, Diagnostics& diags);

// The workspace `state` names; an error when neither form is known.
Status workspace_of(const json& state, const std::string& subscription, ArmId& workspace);

// Sets the three attributes from the workspace's id; keeps known's
// workspace_id when it only differs in case.
void record_workspace(json& state, const ArmId& workspace, const json& known = nullptr);

// Fills the other form in a planned state when one is known.
void plan_workspace(json& planned, const std::string& subscription);

}  // namespace forma::azure
