#include "providers/azure/arm_errors.h"

#include "providers/azure/arm_id.h"

namespace forma::azure {

bool is_quota_error(const std::string& code) {
  for (const char* c : {"QuotaExceeded", "InsufficientCoreQuota", "OperationNotAllowed", "AllocationFailed",
                        "ResourceQuotaExceeded"})
    if (iequals(code, c)) return true;
  return false;
}

std::string arm_advice(const std::string& code, int http_status) {
  if (is_quota_error(code))
    return "Request more cores for this VM family and region (Azure portal: Subscriptions > Usage + quotas, "
           "or a support request), or lower the target node count / max_nodes, or use vm_priority "
           "\"lowpriority\", which has its own quota.";
  if (http_status == 0)
    return "forma could not reach Azure Resource Manager after retrying. Check the endpoint (ARM_ENDPOINT), "
           "the network and the CA file (ARM_CA_FILE), then run forma again.";
  if (http_status == 401 || iequals(code, "InvalidAuthenticationToken") || iequals(code, "ExpiredAuthenticationToken"))
    return "Azure did not accept forma's credentials. Check client_id, client_secret and tenant_id "
           "(ARM_CLIENT_ID, ARM_CLIENT_SECRET, ARM_TENANT_ID) or log in again with `az login`.";
  if (http_status == 403 || iequals(code, "AuthorizationFailed"))
    return "The identity forma runs as lacks a role on this scope. Ask an owner for Contributor on the "
           "subscription or resource group, then run forma again.";
  if (iequals(code, "ResourceGroupNotFound"))
    return "Create the resource group first (an azure_resource_group resource, referenced so forma orders "
           "the two), or fix the resource_group name.";
  if (iequals(code, "SubscriptionNotFound") || iequals(code, "InvalidSubscriptionId"))
    return "Check subscription_id (ARM_SUBSCRIPTION_ID).";
  if (iequals(code, "StorageAccountAlreadyTaken") || iequals(code, "StorageAccountAlreadyExists"))
    return "Storage account names are global across Azure: choose another name.";
  if (iequals(code, "AccountNameInvalid") || iequals(code, "InvalidResourceName") || iequals(code, "InvalidParameter") ||
      iequals(code, "BadRequest") || iequals(code, "InvalidRequestContent"))
    return "Fix the argument Azure names in the message, then run forma again.";
  if (iequals(code, "MissingSubscriptionRegistration"))
    return "Register the resource provider: `az provider register -n Microsoft.BatchAI` (and Microsoft.Batch).";
  if (iequals(code, "Conflict") || iequals(code, "AnotherOperationInProgress") || http_status == 409)
    return "Another operation on this resource is in progress; wait for it to finish and run forma again.";
  if (http_status == 429 || http_status >= 500)
    return "Azure stayed busy or unavailable after forma's retries; run forma again later.";
  return "See Azure's message; the request id helps Azure support trace the call.";
}

Diagnostic arm_failure(const std::string& verb, const std::string& address, const ArmError& error) {
  std::string code = error.code.empty() ? "HTTP " + std::to_string(error.http_status) : error.code;
  std::string summary = error.http_status == 0 ? "Cannot reach Azure to " + verb + " " + address + ": "
                                               : "Azure refused to " + verb + " " + address + ": ";
  summary += code;
  if (!error.message.empty()) summary += ": " + error.message;
  std::string detail = arm_advice(error.code, error.http_status);
  if (error.http_status != 0) detail += " (HTTP " + std::to_string(error.http_status);
  if (!error.request_id.empty()) detail += ", request id " + error.request_id;
  if (error.http_status != 0) detail += ")";
  return Diagnostic::error(summary, detail);
}

}  // namespace forma::azure
