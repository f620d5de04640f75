// The emulator's own endpoints under /_emulator/ (no auth, never faulted):
// live resource ids, reset, faults, quotas, request counters, the real
// nodes (address, port, state, host key) of a cluster, a scale set or all,
// scale-set instances with their endpoints, HTTP frontends, emulated metric
// values.
#pragma once

#include <httplib.h>

#include <atomic>
#include <map>
#include <mutex>

#include "providers/azure/emulator/cloud.h"
#include "providers/azure/emulator/node_supervisor.h"
#include "providers/azure/emulator/frontends.h"

namespace forma::emulator {

struct RequestCounters {
  std::atomic<long> total{0};
  std::atomic<long> connections_accepted{0};
  std::mutex mutex;
  std::map<int, long> by_status;

  void count(int status);
  json to_json();
};

bool is_admin_request(const httplib::Request& req);
void handle_admin_request(Cloud& cloud, RequestCounters& counters, const NodeSupervisor& nodes,
                          FrontendServers& frontends,
                          const httplib::Request& req, httplib::Response& res);

}  // namespace forma::emulator
