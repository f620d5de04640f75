// Batch AI experiments: PUT (answered at once, as the recorded service did),
// GET, DELETE (long-running), list.
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/operations.h"

namespace forma::emulator {
namespace {

constexpr const char* kExperimentType = "Microsoft.BatchAI/workspaces/experiments";

void put_experiment(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& workspace,
                    const StoredResource* existing) {
  json body;
  if (!parse_body(req, res, body)) return;
  if (!valid_batchai_name(req.segments[9]))
    return arm_error(res, 400, "InvalidParameter",
                     "The experiment name '" + req.segments[9] +
                         "' is invalid: use 1-64 letters, digits, hyphens and underscores.");
  if (existing) return res.set(200, existing->body);
  const std::string now = iso_time(cloud.now());
  StoredResource experiment{workspace.id + "/experiments/" + req.segments[9], kExperimentType, {}, json::object()};
  experiment.body = {{"id", experiment.id},
                     {"name", req.segments[9]},
                     {"type", kExperimentType},
                     {"properties",
                      {{"creationTime", now},
                       {"provisioningState", "succeeded"},
                       {"provisioningStateTransitionTime", now}}}};
  cloud.store.put(experiment);
  res.set(200, experiment.body);
}

void delete_experiment(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& workspace,
                       const StoredResource* existing) {
  if (!existing) return res.set(204);
  StoredResource experiment = *existing;
  const StoredOperation* running = cloud.store.find_operation(experiment.internal.value("operation", ""));
  if (running && running->kind == "delete") return accept_batchai_operation(cloud, req, res, *running);
  const StoredOperation op = begin_operation(cloud, "delete", experiment.id, "Microsoft.BatchAI",
                                             workspace.body.value("location", ""));
  experiment.body["properties"]["provisioningState"] = "deleting";
  experiment.internal["operation"] = op.id;
  cloud.store.put(experiment);
  accept_batchai_operation(cloud, req, res, op);
}

}  // namespace

void handle_experiments(Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                        const StoredResource& workspace) {
  if (req.size() == 9) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(workspace.id, kExperimentType)));
  }
  const StoredResource* existing = cloud.store.find(workspace.id + "/experiments/" + req.segments[9]);
  if (req.method == "PUT") return put_experiment(cloud, req, res, workspace, existing);
  if (req.method == "DELETE") return delete_experiment(cloud, req, res, workspace, existing);
  if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req, res);
  if (!existing) return arm_error(res, 404, "ExperimentNotFound", "The specified experiment is not found");
  res.set(200, existing->body);
}

}  // namespace forma::emulator
