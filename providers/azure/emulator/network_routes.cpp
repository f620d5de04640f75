// Routing under …/providers/Microsoft.Network: virtualNetworks[/{v}[/subnets[/{s}]]],
// publicIPAddresses[/{p}], loadBalancers[/{l}], each type also listed per group.
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/network_kinds.h"
#include "providers/azure/emulator/network_model.h"

namespace forma::emulator {

void handle_network(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  const TrackedKind* kind = req.is(6, "virtualnetworks")     ? &virtual_network_kind()
                            : req.is(6, "publicipaddresses") ? &public_ip_kind()
                            : req.is(6, "loadbalancers")     ? &load_balancer_kind()
                                                             : nullptr;
  const bool subnets = kind == &virtual_network_kind() && req.size() >= 9 && req.is(8, "subnets");
  if (!kind || (req.size() > 8 && !subnets) || req.size() > 10)
    return arm_error(res, 404, "InvalidResourceType",
                     "The resource type '" + req.segments[6] + "' could not be found in the namespace "
                     "'Microsoft.Network' for api version '" + req.api_version + "'.");
  const std::string group_id = cloud.subscription_id() + "/resourceGroups/" + req.segments[3];
  if (req.size() == 7) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(group_id, kind->type)));
  }
  const std::string id = group_id + "/providers/" + kind->type + "/" + req.segments[7];
  if (req.size() == 8) return handle_tracked(cloud, req, res, *kind, id);
  const StoredResource* vnet = cloud.store.find(id);
  if (!vnet)
    return arm_error(res, 404, "ParentResourceNotFound",
                     "Can not perform requested operation on nested resource. Parent resource '" + req.segments[7] +
                         "' not found.");
  if (req.size() == 9) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(id, kSubnetType)));
  }
  handle_tracked(cloud, req, res, subnet_kind(), id + "/subnets/" + req.segments[9], vnet->body.value("location", ""));
}

}  // namespace forma::emulator
