#include "providers/azure/emulator/operations.h"

#include "engine/base/text.h"
#include "providers/azure/emulator/simulation.h"

namespace forma::emulator {
namespace {

bool is_batchai(const StoredOperation& op) { return op.provider == "Microsoft.BatchAI"; }

std::string final_state(const StoredOperation& op) {
  if (is_batchai(op)) return op.failed ? "failed" : "succeeded";
  return op.failed ? "Failed" : "Succeeded";
}

void apply(Cloud& cloud, StoredOperation& op) {
  const StoredResource* found = cloud.store.find(op.resource_id);
  // A resource removed or replaced since the operation began is left alone.
  if (found && found->internal.value("operation", "") == op.id) {
    if (op.kind == "delete" && !op.failed) {
      cloud.store.erase_tree(op.resource_id);
    } else {
      StoredResource r = *found;
      StoredOperation outcome = op;
      if (op.kind == "delete") outcome.failed = false;  // a failed delete leaves the resource as it was
      r.body["properties"]["provisioningState"] = final_state(outcome);
      if (is_batchai(op)) r.body["properties"]["provisioningStateTransitionTime"] = iso_time(op.end_ms);
      r.internal.erase("operation");
      cloud.store.put(r);
    }
  }
  op.applied = true;
  cloud.store.put_operation(op);
}

std::string operation_url(const ArmRequest& req, const Cloud& cloud, const StoredOperation& op,
                          const char* kind) {
  return req.base_url + cloud.subscription_id() + "/providers/" + op.provider + "/locations/" + op.location +
         "/" + kind + "/" + op.id + "?api-version=" + req.api_version;
}

json status_body(const ArmRequest& req, const Cloud& cloud, const StoredOperation& op, int64_t now) {
  const bool done = now >= op.end_ms;
  const std::string url = operation_url(req, cloud, op, "operationresults");
  json body = {{"id", url.substr(0, url.find('?'))},
               {"name", op.id},
               {"status", !done       ? "InProgress"
                          : op.failed ? "Failed"
                                      : "Succeeded"},
               {"startTime", iso_time(op.start_ms)}};
  if (done) body["endTime"] = iso_time(op.end_ms);
  if (done && op.failed)
    body["error"] = {
        {"code", "InternalServerError"},
        {"message", "The operation failed with an internal server error. Tracking id '" + op.id + "'."}};
  body["properties"] = {{"resourceId", op.resource_id}};
  return body;
}

}  // namespace

StoredOperation begin_operation(Cloud& cloud, const std::string& kind, const std::string& resource_id,
                                const std::string& provider, const std::string& location) {
  StoredOperation op;
  op.id = random_uuid();
  op.kind = kind;
  op.resource_id = resource_id;
  op.provider = provider;
  op.location = location.empty() ? "eastus" : location;
  op.start_ms = cloud.now();
  op.end_ms = op.start_ms + cloud.options.provisioning_ms;
  op.failed = cloud.faults.next_operation_fails();
  cloud.store.put_operation(op);
  return op;
}

void settle_operations(Cloud& cloud) {
  const int64_t now = cloud.now();
  for (StoredOperation& op : cloud.store.pending_operations()) {
    if (op.end_ms > now) break;
    apply(cloud, op);
  }
}

std::string retry_after(const Cloud& cloud) { return cloud.options.provisioning_ms >= 1000 ? "1" : "0"; }

void accept_batchai_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                              const StoredOperation& op) {
  res.set(202);
  res.header("Azure-AsyncOperation", operation_url(req, cloud, op, "operationresults"));
  res.header("Location", operation_url(req, cloud, op, "operationstatuses"));
  res.header("Retry-After", retry_after(cloud));
}

void accept_storage_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                              const StoredOperation& op) {
  res.set(202);
  res.header("Location", operation_url(req, cloud, op, "asyncoperations") + "&monitor=true");
  res.header("Retry-After", retry_after(cloud));
}

void accept_tracked_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                              const StoredOperation& op, int status) {
  res.status = status;
  res.header("Azure-AsyncOperation", operation_url(req, cloud, op, "operations"));
  if (op.kind == "delete") res.header("Location", operation_url(req, cloud, op, "operationResults"));
  res.header("Retry-After", retry_after(cloud));
}

void accept_subscription_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                                   const StoredOperation& op) {
  res.set(202);
  res.header("Location", req.base_url + cloud.subscription_id() + "/operationresults/" + op.id +
                             "?api-version=" + req.api_version);
  res.header("Retry-After", retry_after(cloud));
}

void answer_poll(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const std::string& operation_id,
                 PollStyle style) {
  const StoredOperation* op = cloud.store.find_operation(operation_id);
  if (!op) {
    arm_error(res, 404, "OperationNotFound", "The operation '" + operation_id + "' could not be found.");
    return;
  }
  const int64_t now = cloud.now();
  if (style == PollStyle::Status) {
    res.set(200, status_body(req, cloud, *op, now));
    if (now < op->end_ms) res.header("Retry-After", retry_after(cloud));
    return;
  }
  if (now < op->end_ms) {
    res.set(202);
    res.header("Location", req.base_url + req.path() + "?api-version=" + req.api_version);
    res.header("Retry-After", retry_after(cloud));
    return;
  }
  if (op->failed) {
    res.set(500, {{"error", status_body(req, cloud, *op, now)["error"]}});
    return;
  }
  const StoredResource* r = op->kind != "delete" ? cloud.store.find(op->resource_id) : nullptr;
  res.set(200, r ? render_resource(cloud, *r) : json(nullptr));
}

}  // namespace forma::emulator
