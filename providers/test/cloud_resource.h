// The life cycle every test resource shares: latency, injected failures and
// the cloud_db rows. A resource type supplies only what is particular to it:
// its computed values and its side effects (test_file writes a real file).
#pragma once

#include <memory>

#include "providers/sdk/resource.h"
#include "providers/test/test_cloud.h"

namespace forma::testprovider {

class CloudResource : public sdk::Resource {
 public:
  CloudResource(std::string type, std::shared_ptr<TestCloud> cloud) : type_(std::move(type)), cloud_(std::move(cloud)) {}

  sdk::StateResult create(const sdk::ApplyRequest& request) final;
  sdk::StateResult read(const sdk::ReadRequest& request) final;
  sdk::StateResult update(const sdk::ApplyRequest& request) final;
  Diagnostics remove(const sdk::ApplyRequest& request) final;
  sdk::StateResult import_state(const std::string& id) final;
  // Test resources plan from their arguments alone; latency and faults apply to apply and read.
  bool plans_offline() const override { return true; }

 protected:
  // The new object: `planned` with its computed values filled in, side effects done.
  virtual sdk::StateResult make(const json& planned) = 0;
  // Carries out an update; by default the planned state is the new state.
  virtual sdk::StateResult change(const json& /*prior*/, const json& planned) { return {planned, {}}; }
  virtual Diagnostics destroy(const json& /*prior*/) { return {}; }
  // The object as it is now given its recorded state (null: gone). Unknowns
  // it cannot resolve mean the object cannot be found.
  virtual json observe(const json& recorded) { return recorded; }
  // The cloud_db row id of an object.
  virtual std::string object_key(const json& state) const;
  // The state of an object that exists only by its id (import without cloud_db).
  virtual sdk::StateResult import_without_cloud(const std::string& id) = 0;

  const std::string type_;
  std::shared_ptr<TestCloud> cloud_;
};

// Random lowercase hex of `length` characters.
std::string random_hex(size_t length);

}  // namespace forma::testprovider
