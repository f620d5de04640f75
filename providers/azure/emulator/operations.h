// Long-running operations: a create or delete that finishes provisioning_ms
// after it starts, Succeeded or (with the lro_fail fault) Failed, and the
// polling URLs ARM gives for it: Azure-AsyncOperation (a status body) and
// Location (202 until done).
#pragma once

#include <string>

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

// Starts an operation on `resource_id`; the resource's body should show the
// in-progress state until settle_operations() applies the outcome.
StoredOperation begin_operation(Cloud& cloud, const std::string& kind, const std::string& resource_id,
                                const std::string& provider, const std::string& location);

// Applies every operation that has ended: creates reach their final
// provisioningState, deletes remove the resource and everything under it.
void settle_operations(Cloud& cloud);

// Seconds a client should wait between polls.
std::string retry_after(const Cloud& cloud);

// 202 with Azure-AsyncOperation (…/operationresults/{id}), Location
// (…/operationstatuses/{id}) and Retry-After, as Batch AI answers.
void accept_batchai_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                              const StoredOperation& op);
// 202 with Location (…/asyncoperations/{id}), as Microsoft.Storage answers.
void accept_storage_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                              const StoredOperation& op);
// Microsoft.Network and Microsoft.Compute: `status` (201 or 200 for a PUT or
// PATCH, with the body already set; 202 for a DELETE) with Azure-AsyncOperation
// (…/locations/{l}/operations/{id}), Location (…/operationResults/{id}) on a
// DELETE, and Retry-After.
void accept_tracked_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                              const StoredOperation& op, int status);
// 202 with Location (/subscriptions/{s}/operationresults/{id}), as a resource group delete answers.
void accept_subscription_operation(const Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                                   const StoredOperation& op);

enum class PollStyle {
  Status,    // 200 {"name","status","startTime","endTime","error"}
  Location,  // 202 while running; then 200 (the resource, or empty), or the failure
};
void answer_poll(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const std::string& operation_id,
                 PollStyle style);

}  // namespace forma::emulator
