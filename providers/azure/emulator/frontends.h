// The HTTP side of emulated load balancers: for every Tcp load-balancing
// rule on a public IP frontend (JupyterHub's 8000 → 8000, say; SSH's backend
// port 22 is the node servers' business), an HTTP server on the public IP's
// loopback address at the rule's frontend port. Each request is answered by
// the next running instance behind the rule's backend pool (round robin)
// with a small page naming it; with no instance running, 503. Servers start
// and stop as rules, load balancers and instances come and go (reconcile()).
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

struct FrontendSpec {
  std::string address;  // the public IP's loopback address
  int port = 0;         // the rule's frontendPort
  std::string rule_id;
  std::string backend_pool_id;
  int backend_port = 0;
};

// What should be served now, from the load balancers in the store.
std::vector<FrontendSpec> desired_frontends(const Cloud& cloud);

struct ServedInstance {
  std::string scale_set;      // its name
  std::string name;           // {scale set}_{id}
  std::string computer_name;
};
// Running instances behind a backend pool at `now`, in order.
std::vector<ServedInstance> instances_behind(const Cloud& cloud, const std::string& pool_id, int64_t now);

class FrontendServers {
 public:
  explicit FrontendServers(Cloud& cloud);
  ~FrontendServers();
  FrontendServers(const FrontendServers&) = delete;
  FrontendServers& operator=(const FrontendServers&) = delete;

  // Starts servers that should run and stops those that should not; takes the cloud's lock to read.
  void reconcile();
  void stop_all();
  // [{address, port, rule_id, url, serving, error}]
  json describe();

 private:
  struct Server;
  Cloud& cloud_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<Server>> servers_;  // by address:port
};

}  // namespace forma::emulator
