// The life cycle every ARM-backed resource shares: create is a PUT, read a
// GET (404: gone), update a PUT of the new body, remove a DELETE, import a
// GET by id. A resource type supplies its id, its request body and how a
// response maps back to state.
#pragma once

#include <memory>
#include <string>

#include "providers/azure/arm_id.h"
#include "providers/azure/state_values.h"
#include "providers/azure/azure_context.h"
#include "providers/sdk/resource.h"

namespace forma::azure {

class ArmResource : public sdk::Resource {
 public:
  ArmResource(std::string type, std::shared_ptr<AzureContext> context)
      : type_(std::move(type)), context_(std::move(context)) {}

  void customize_plan(const sdk::PlanRequest& request, sdk::PlannedChange& change) const override;
  sdk::StateResult create(const sdk::ApplyRequest& request) override;
  sdk::StateResult read(const sdk::ReadRequest& request) override;
  sdk::StateResult update(const sdk::ApplyRequest& request) override;
  Diagnostics remove(const sdk::ApplyRequest& request) override;
  sdk::StateResult import_state(const std::string& id) override;

 protected:
  virtual std::string api_version() const = 0;
  // The ARM id of the object `state` (planned or recorded) describes; an
  // error when a part of it is not known.
  virtual Status arm_id(const json& state, std::string& id) const = 0;
  virtual json request_body(const json& planned) const = 0;
  // The new state from what forma knows (planned or prior state, an empty
  // object on import) and the resource's ARM representation.
  virtual json to_state(const json& known, const ArmId& id, const json& body) const = 0;
  // Whether an id handed to import names this resource type.
  virtual bool accepts_id(const ArmId& id) const = 0;
  // Work after a successful create, update or read (e.g. listKeys).
  virtual Diagnostics complete(ArmClient& /*client*/, json& /*state*/) const { return {}; }
  // Whether the resource has a "location" argument that falls back to the provider's.
  virtual bool has_location() const { return false; }

  // The id from state["id"] when known, else built by arm_id().
  Status known_id(const json& state, std::string& id) const;
  std::string subscription() const { return context_->subscription_id(); }

  const std::string type_;
  std::shared_ptr<AzureContext> context_;
};

}  // namespace forma::azure
