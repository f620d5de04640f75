// What every resource-group-scoped ARM resource shares: the arguments name,
// resource_group, location, tags and the computed id; its ARM id from them;
// the envelope of its request body; and those attributes read back.
#pragma once

#include <memory>
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

// A list attribute as it goes to ARM: [] for null or unknown.
json list_or_empty(const json& v);
// A nested value read back: `known` when it holds one, else what Azure reports.
json known_or(const json& known, const char* key, const json& reported);

// An ArmResource in a resource group at
// providers/{provider}/{collection}/{name}, with a location: its api-version,
// id, import check and resource group name check, once for all of them.
class GroupResource : public ArmResource {
 public:
  GroupResource(std::string type, std::shared_ptr<AzureContext> context, std::string provider, std::string collection,
                std::string api_version)
      : ArmResource(std::move(type), std::move(context)),
        provider_(std::move(provider)),
        collection_(std::move(collection)),
        api_version_(std::move(api_version)) {}

  // The resource group's name rule; subclasses add their own checks.
  Diagnostics validate(const json& config) const override;

 protected:
  std::string api_version() const override { return api_version_; }
  bool has_location() const override { return true; }
  bool accepts_id(const ArmId& id) const override { return id.is(provider_, {collection_}); }
  Status arm_id(const json& state, std::string& id) const override {
    return group_resource_id(state, subscription(), provider_, collection_, id);
  }

 private:
  std::string provider_, collection_, api_version_;
};

}  // namespace forma::azure
