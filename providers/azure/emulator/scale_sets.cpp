// Microsoft.Compute virtual machine scale sets: PUT, PATCH (e.g. sku.capacity
// to scale), GET, DELETE (long-running, Azure-AsyncOperation), list, and
// their instances: …/virtualMachines[/{id}[/instanceView]] ($expand=instanceView
// on the list) and …/instanceView.
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/scale_set_instances.h"
#include "providers/azure/emulator/scale_set_spec.h"
#include "providers/azure/emulator/tracked_resource.h"

namespace forma::emulator {
namespace {

const TrackedKind& scale_set_kind() {
  static const TrackedKind kind{"Microsoft.Compute", kScaleSetType, "Creating", false, accept_scale_set, nullptr,
                                nullptr};
  return kind;
}

const TrackedKind& updating_scale_set_kind() {
  static TrackedKind kind = [] {
    TrackedKind k = scale_set_kind();
    k.busy_state = "Updating";
    return k;
  }();
  return kind;
}

void list_instances(const Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& vmss) {
  if (req.method != "GET") return method_not_allowed(req, res);
  json value = json::array();
  for (const InstanceState& i : scale_set_instances(cloud, vmss, cloud.now()))
    value.push_back(instance_body(cloud, vmss, i, lower_case(req.expand) == "instanceview"));
  res.set(200, {{"value", value}});
}

void one_instance(const Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& vmss) {
  if (req.method != "GET") return method_not_allowed(req, res);
  for (const InstanceState& i : scale_set_instances(cloud, vmss, cloud.now())) {
    if (std::to_string(i.id) != req.segments[9]) continue;
    if (req.size() == 11) return res.set(200, instance_view(i));
    return res.set(200, instance_body(cloud, vmss, i, lower_case(req.expand) == "instanceview"));
  }
  resource_not_found(res, std::string(kScaleSetType) + "/" + req.segments[7] + "/virtualMachines/" + req.segments[9],
                     req.segments[3]);
}

void scale_set_view(const Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& vmss) {
  if (req.method != "GET") return method_not_allowed(req, res);
  std::map<std::string, int> counts;
  for (const InstanceState& i : scale_set_instances(cloud, vmss, cloud.now()))
    ++counts["ProvisioningState/" + lower_case(i.provisioning_state)];
  json summary = json::array();
  for (const auto& [code, count] : counts) summary.push_back({{"code", code}, {"count", count}});
  const std::string state = lower_case(vmss.body["properties"].value("provisioningState", ""));
  res.set(200, {{"virtualMachine", {{"statusesSummary", summary}}},
                {"statuses", json::array({{{"code", "ProvisioningState/" + state}, {"level", "Info"}}})}});
}

}  // namespace

void handle_compute(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (!req.is(6, "virtualmachinescalesets"))
    return arm_error(res, 404, "InvalidResourceType",
                     "The resource type '" + req.segments[6] + "' could not be found in the namespace "
                     "'Microsoft.Compute' for api version '" + req.api_version + "'.");
  const std::string group_id = cloud.subscription_id() + "/resourceGroups/" + req.segments[3];
  if (req.size() == 7) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(group_id, kScaleSetType)));
  }
  const std::string id = group_id + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + req.segments[7];
  const StoredResource* vmss = cloud.store.find(id);
  if (req.size() == 8) return handle_tracked(cloud, req, res, vmss ? updating_scale_set_kind() : scale_set_kind(), id);
  if (!vmss) return resource_not_found(res, std::string(kScaleSetType) + "/" + req.segments[7], req.segments[3]);
  if (req.size() == 9 && req.is(8, "virtualmachines")) return list_instances(cloud, req, res, *vmss);
  if (req.size() == 9 && req.is(8, "instanceview")) return scale_set_view(cloud, req, res, *vmss);
  if ((req.size() == 10 || (req.size() == 11 && req.is(10, "instanceview"))) && req.is(8, "virtualmachines"))
    return one_instance(cloud, req, res, *vmss);
  arm_error(res, 404, "InvalidResourceType", "The resource type could not be found in the namespace 'Microsoft.Compute'.");
}

}  // namespace forma::emulator
