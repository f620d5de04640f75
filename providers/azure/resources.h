// The azure provider's resource and data source types.
#pragma once

#include <memory>

#include "providers/azure/azure_context.h"
#include "providers/sdk/resource.h"

namespace forma::azure {

using ContextPtr = std::shared_ptr<AzureContext>;

std::shared_ptr<sdk::Resource> make_resource_group(ContextPtr context);
std::shared_ptr<sdk::Resource> make_storage_account(ContextPtr context);
std::shared_ptr<sdk::Resource> make_storage_file_share(ContextPtr context);
std::shared_ptr<sdk::Resource> make_storage_blob_container(ContextPtr context);
std::shared_ptr<sdk::Resource> make_batchai_workspace(ContextPtr context);
std::shared_ptr<sdk::Resource> make_batchai_experiment(ContextPtr context);
std::shared_ptr<sdk::Resource> make_batchai_file_server(ContextPtr context);
std::shared_ptr<sdk::Resource> make_batchai_cluster(ContextPtr context);
std::shared_ptr<sdk::Resource> make_virtual_network(ContextPtr context);
std::shared_ptr<sdk::Resource> make_subnet(ContextPtr context);
std::shared_ptr<sdk::Resource> make_public_ip(ContextPtr context);
std::shared_ptr<sdk::Resource> make_load_balancer(ContextPtr context);
std::shared_ptr<sdk::Resource> make_linux_vmss(ContextPtr context);
std::shared_ptr<sdk::Resource> make_autoscale_setting(ContextPtr context);
std::shared_ptr<sdk::Resource> make_dsvm_pool(ContextPtr context);
std::shared_ptr<sdk::Resource> make_template_deployment(ContextPtr context);

std::shared_ptr<sdk::DataSource> make_cluster_nodes_data_source(ContextPtr context);
std::shared_ptr<sdk::DataSource> make_storage_account_keys_data_source(ContextPtr context);

// API versions forma speaks.
inline constexpr const char* kResourcesApi = "2019-10-01";
inline constexpr const char* kStorageApi = "2019-06-01";
inline constexpr const char* kBatchAIApi = "2018-05-01";
inline constexpr const char* kNetworkApi = "2020-11-01";
inline constexpr const char* kComputeApi = "2020-12-01";
inline constexpr const char* kInsightsApi = "2015-04-01";

// Location names as Azure compares them: "East US" and "eastus" are one.
bool same_location(const json& a, const json& b);
// Tags as recorded: Azure's, except that no tags stays null when none were set.
json observed_tags(const json& known, const json& body);

}  // namespace forma::azure
