// A scale set's instances: which exist (internal["instances"], ids counted up
// from 0 and never reused; scale-in removes the highest ids, as Azure's
// default policy does), what state each is in at a given moment (creating
// for provisioning_ms after it was added, then running), the ARM bodies of
// …/virtualMachines, and the endpoints Azure gives them behind a load
// balancer: NAT pool port frontendPortRangeStart + instance id on the public
// IP, and the load-balancing rules of their backend pools.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

struct InstanceState {
  int id = 0;
  std::string name;           // {scale set}_{id}
  std::string computer_name;  // computerNamePrefix + 6 base-36 digits
  std::string provisioning_state;  // Creating, Succeeded, Deleting
  std::string power_state;         // PowerState/starting, PowerState/running, PowerState/stopping
  bool running() const { return power_state == "PowerState/running"; }
};

std::vector<InstanceState> scale_set_instances(const Cloud& cloud, const StoredResource& scale_set, int64_t now);

// Adds or removes instances so that `capacity` exist; sets sku.capacity.
void set_capacity(StoredResource& scale_set, int capacity, int64_t now);

// Cores a capacity of this scale set holds, and the cores of the same family
// every other scale set holds; "" family when the size is unknown.
int scale_set_cores(const StoredResource& scale_set, int capacity);
int family_cores_used_by_others(const Cloud& cloud, const std::string& family, const std::string& except_id);

// GET …/virtualMachines[/{id}] bodies; `with_view` adds instanceView.
json instance_body(const Cloud& cloud, const StoredResource& scale_set, const InstanceState& instance, bool with_view);
json instance_view(const InstanceState& instance);

struct Endpoint {
  std::string address;  // the public IP's loopback address
  int port = 0;
};
// Where instance `id` is reachable on `backend_port` through an inbound NAT pool; port 0 when it is not.
Endpoint nat_endpoint(const Cloud& cloud, const StoredResource& scale_set, int id, int backend_port);

}  // namespace forma::emulator
