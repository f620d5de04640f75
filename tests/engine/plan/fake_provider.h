// An in-process provider for the plan and apply tests: the engine talks to it
// through the same provider::Provider seam as to a plugin. It follows the
// planning rules of docs/provider-protocol.md for its few types, keeps its
// objects in an in-memory "cloud", records every call, and has knobs for
// latency, failures and a hook that runs inside each apply_resource call.
//
// Types (provider name "fake"):
//   fake_thing:  name (string, required, force_new), size (number, optional),
//                tags (map(string), optional), secret (string, optional,
//                sensitive), id (computed)
//   fake_note:   text (string, required), id (computed)
//   fake_pool:   size (number, required), nodes (computed: pool_nodes(id, size)), id
//   data fake_lookup: key (string, required) -> value (computed): the cloud's
//                lookup entry for key, else "value-of-<key>"
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "engine/plan/providers.h"
#include "engine/provider/provider.h"

namespace forma::plan::testing {

struct CallRecord {
  std::string method;
  json params;
  std::thread::id thread;
  std::chrono::steady_clock::time_point start, end;
  std::string address() const { return params.value("address", std::string()); }
  // "create", "update" or "delete" for an apply_resource call, else "".
  std::string apply_kind() const;
};

// The nodes of a fake_pool: {node_id "<id>-node<i>", ip_address 127.0.0.<10+i>, port 50000+i, state idle}.
json pool_nodes(const std::string& id, int count);

struct CloudObject {
  std::string type;
  std::string token;  // creation token of the create that made it
  json attributes;
};

class FakeProvider : public provider::Provider {
 public:
  FakeProvider() = default;
  const std::string& name() const override { return name_; }
  provider::CallResult call(const std::string& method, const json& params) override;

  // --- knobs (set before a run, or from the hook) ---
  std::set<std::string> fail_on;           // apply_resource of these addresses fails
  std::set<std::string> fail_after_create;  // these creates leave the object behind and fail
  std::set<std::string> garbled_new_state;  // these creates happen, but answer "new_state": "garbled"
  int latency_ms = 0;                      // sleep inside apply_resource
  bool plan_validates = false;             // declares the plan_validates capability
  // Runs inside apply_resource, after the call is logged as started and
  // before the fake does the work: the state store can be inspected here.
  std::function<void(const CallRecord&)> during_apply;

  // --- the cloud ---
  std::map<std::string, CloudObject> cloud() const;
  void put_object(const std::string& id, CloudObject object);
  void erase_object(const std::string& id);
  void set_lookup(const std::string& key, const std::string& value);

  // --- what happened ---
  std::vector<CallRecord> calls() const;
  std::vector<CallRecord> calls(const std::string& method) const;
  // apply_resource calls as "create fake_thing.a", "delete fake_thing.a", in start order.
  std::vector<std::string> apply_log() const;
  int max_concurrent_applies() const { return max_in_flight_.load(); }
  void clear_calls();

 private:
  json schema() const;
  provider::CallResult plan_resource(const json& params) const;
  provider::CallResult apply_resource(const json& params);
  provider::CallResult read_resource(const json& params) const;
  provider::CallResult import_resource(const json& params) const;
  provider::CallResult read_data(const json& params) const;
  json create(const std::string& type, const std::string& address, const json& planned,
              const std::string& token);

  std::string name_ = "fake";
  mutable std::mutex mu_;
  std::map<std::string, CloudObject> cloud_;
  std::map<std::string, std::string> lookups_;
  std::vector<CallRecord> calls_;
  int next_id_ = 1;
  std::atomic<int> in_flight_{0};
  std::atomic<int> max_in_flight_{0};
};

// Hands the engine a forwarding handle to one shared FakeProvider, so the
// fake (and its cloud) outlives each run's ProviderSet.
class FakeLauncher : public ProviderLauncher {
 public:
  explicit FakeLauncher(std::shared_ptr<FakeProvider> fake) : fake_(std::move(fake)) {}
  std::unique_ptr<provider::Provider> launch(const std::string& name, std::string& error) override;
  int launches() const { return launches_; }

 private:
  std::shared_ptr<FakeProvider> fake_;
  int launches_ = 0;
};

}  // namespace forma::plan::testing
