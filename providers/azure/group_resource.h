// What every resource-group-scoped ARM resource shares: the arguments name,
// resource_group, location, tags and the computed id; its ARM id from them;
// the envelope of its request body; and those attributes read back.
#pragma once

#include <string>

#include "engine/base/status.h"
#include "providers/azure/arm_id.h"
#include "providers/azure/arm_resource.h"
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

// An ArmResource named by name + resource_group under one provider type
// ("Microsoft.Network", "loadBalancers"), with a location of its own.
class GroupArmResource : public ArmResource {
 public:
  GroupArmResource(std::string type, std::shared_ptr<AzureContext> context, std::string provider,
                   std::string arm_type, std::string api)
      : ArmResource(std::move(type), std::move(context)), provider_(std::move(provider)),
        arm_type_(std::move(arm_type)), api_(std::move(api)) {}

  // Checks the resource group's name; subclasses add theirs.
  Diagnostics validate(const json& config) const override;

 protected:
  std::string api_version() const override { return api_; }
  bool has_location() const override { return true; }
  bool accepts_id(const ArmId& id) const override { return id.is(provider_, {arm_type_}); }
  Status arm_id(const json& state, std::string& id) const override {
    return group_resource_id(state, subscription(), provider_, arm_type_, id);
  }

 private:
  const std::string provider_, arm_type_, api_;
};

// A list attribute as it goes to ARM: [] for null or unknown.
json list_or_empty(const json& v);
// A nested value read back: `known` when it holds one, else what Azure reports.
json known_or(const json& known, const char* key, const json& reported);

}  // namespace forma::azure
