// Runs a resource's provisioners (remote-exec, file) over SSH: after a create
// (when = "create") or before a destroy (when = "destroy"). Output is streamed
// line by line through the observer; a failure is one diagnostic naming the
// resource, the provisioner and the node.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "engine/plan/executor.h"
#include "engine/plan/observer.h"
#include "engine/remote/communicator.h"

namespace forma::apply {

struct ProvisioningRun {
  remote::Communicator* communicator = nullptr;
  plan::RunObserver* observer = nullptr;
  std::string address;
  // Host keys recorded for the object, {"host:port": "ssh-ed25519 ..."};
  // keys first seen are added when `first_use` allows trusting them.
  json host_keys = json::object();
  bool first_use = false;
};

// Runs `calls` in order, each on its targets in parallel. Returns false when
// one failed and was not on_failure = "continue"; diagnostics (errors, or
// warnings for those that continue) go to `diags`.
bool run_provisioners(ProvisioningRun& run, const std::vector<plan::ProvisionerCall>& calls, const json& self,
                      Diagnostics& diags);

}  // namespace forma::apply
