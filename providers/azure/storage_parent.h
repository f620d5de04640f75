// How a file share or blob container names its storage account:
// storage_account_id, or storage_account_name + resource_group.
#pragma once

#include <string>

#include "engine/base/diagnostic.h"
#include "engine/base/status.h"
#include "providers/azure/arm/client.h"
#include "providers/azure/arm_id.h"
#include "providers/sdk/schema.h"

namespace forma::azure {

sdk::Attributes storage_parent_attributes();
void check_storage_parent_args(const json& config, Diagnostics& diags);
Status storage_account_of(const json& state, const std::string& subscription, ArmId& account);
void record_storage_account(json& state, const ArmId& account, const json& known);
void plan_storage_account(json& planned, const std::string& subscription);

// The account's endpoint for `service` ("file", "blob") from its ARM body,
// else the public cloud's https://{account}.{service}.core.windows.net/.
std::string storage_endpoint(const json& account_body, const std::string& account, const std::string& service);

// GET the account and return its endpoint for `service` (the public cloud's when the GET fails).
std::string fetch_storage_endpoint(ArmClient& client, const ArmId& account, const std::string& service);

}  // namespace forma::azure

namespace forma::azure {

// key1 of the storage account named `account` anywhere in the subscription
// (what the CLI does when --storage-account-key is not given).
Diagnostics find_storage_account_key(ArmClient& client, const std::string& subscription, const std::string& account,
                                     std::string& key);

}  // namespace forma::azure
