// What ARM said went wrong, told as a diagnostic: one sentence naming the
// resource and Azure's code, and a detail saying what to do about it.
#pragma once

#include <string>

#include "engine/base/diagnostic.h"
#include "providers/azure/arm/client.h"

namespace forma::azure {

// `verb` is what forma tried: "create", "update", "read", "delete", "import".
// Summary: "Azure refused to create azure_batchai_cluster.nc6: QuotaExceeded: …".
Diagnostic arm_failure(const std::string& verb, const std::string& address, const ArmError& error);

// What the user can do about an error with this code (never empty).
std::string arm_advice(const std::string& code, int http_status);

// True for the codes Batch AI reports when a cluster cannot get its nodes.
bool is_quota_error(const std::string& code);

}  // namespace forma::azure
