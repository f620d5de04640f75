// Carries out planned changes through providers and records each one in the
// state store the moment the provider answers. Before a create an intent row
// (status creating, with a creation token) is committed, so that a crash at
// any instant leaves a record the next run reconciles, never an orphan.
#pragma once

#include <atomic>
#include <string>

#include "engine/plan/executor.h"
#include "engine/plan/observer.h"
#include "engine/remote/communicator.h"
#include "state/store.h"

namespace forma::apply {

class StateExecutor : public plan::ChangeExecutor {
 public:
  StateExecutor(state::Store& store, plan::RunObserver* observer, std::string operation)
      : store_(store), observer_(observer), operation_(std::move(operation)) {}

  plan::ExecutionResult execute(const plan::ExecutionRequest& request) override;
  void record(const plan::ResourceChange& change, const json& state, int schema_version,
              const std::vector<std::string>& dependencies) override;
  void move(const std::string& from, const std::string& to) override;

  // Provisioners connect through `c` (none set: a resource with provisioners fails).
  void set_communicator(remote::Communicator* c) { communicator_ = c; }

  // True once anything was written: the run then bumps the serial.
  bool changed() const { return changed_.load(); }
  // A state write that failed: the run must report it and stop.
  bool store_failed() const { return store_failed_.load(); }

 private:
  bool create(const plan::ExecutionRequest& req, plan::ExecutionResult& result, const json& prior_for_history);
  bool update(const plan::ExecutionRequest& req, plan::ExecutionResult& result);
  bool destroy(const plan::ExecutionRequest& req, const json& before, const std::string& deposed,
               plan::ExecutionResult& result);
  // Runs the `when` provisioners of the request for an object with attributes
  // `self`; `host_keys` holds the recorded keys and receives those first seen.
  bool provision(const plan::ExecutionRequest& req, const char* when, const json& self, json& host_keys,
                 plan::ExecutionResult& result);
  bool commit(const state::ResourceObject& object, const state::HistoryEntry* history, plan::ExecutionResult& result);
  bool erase(const std::string& address, const std::string& deposed, const state::HistoryEntry* history,
             plan::ExecutionResult& result);
  state::ResourceObject object_for(const plan::ExecutionRequest& req, const json& attributes,
                                   state::ResourceStatus status, const std::string& token) const;
  state::HistoryEntry history(const std::string& address, const char* action, const json& before,
                              const json& after) const;

  state::Store& store_;
  plan::RunObserver* observer_;
  std::string operation_;
  remote::Communicator* communicator_ = nullptr;
  std::atomic<bool> changed_{false};
  std::atomic<bool> store_failed_{false};
};

}  // namespace forma::apply
