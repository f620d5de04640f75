// auto_storage (--use-auto-storage): a storage account in resource group
// "batchaiautostorage" with file share "batchaishare" and blob container
// "batchaicontainer", made before the cluster and mounted on every node.
// forma records in auto_storage.created_ids what it created, and deletes
// only those with the cluster.
#pragma once

#include <string>

#include "engine/base/diagnostic.h"
#include "providers/azure/arm/client.h"
#include "providers/azure/cluster_body.h"

namespace forma::azure {

// "bai" + 21 random lowercase letters and digits: a storage account name.
std::string random_auto_storage_name();

// Makes what is missing of `block` (the planned auto_storage block, its
// storage_account_name known) in `location`, fills storage_account_id and
// created_ids in `block`, and returns the mounts for the cluster body.
Diagnostics provision_auto_storage(ArmClient& client, const std::string& subscription, const std::string& location,
                                   json& block, AutoStorageMounts& mounts);

// Deletes what created_ids lists, newest first; a resource group only while it is empty.
Diagnostics delete_auto_storage(ArmClient& client, const json& block);

}  // namespace forma::azure
