// The provider block: every setting falls back to its ARM_* variable.
#include <catch2/catch.hpp>

#include "providers/azure/azure_context.h"
#include "providers/azure/provider.h"
#include "tests/providers/azure/azure_test_support.h"

using namespace forma;
using namespace forma::azure;
using forma::azure::testing::env_of;

TEST_CASE("provider settings fall back to the ARM_ environment variables") {
  AzureSettings s;
  auto env = env_of({{"ARM_SUBSCRIPTION_ID", "sub-env"}, {"ARM_TENANT_ID", "tenant-env"},
                     {"ARM_CLIENT_ID", "client-env"}, {"ARM_CLIENT_SECRET", "secret-env"},
                     {"ARM_ENDPOINT", "https://127.0.0.1:8443/"}});
  Diagnostics diags = resolve_settings({{"tenant_id", "tenant-config"}, {"location", "eastus"}}, env, s);
  CHECK(diags.empty());
  CHECK(s.subscription_id == "sub-env");
  CHECK(s.tenant_id == "tenant-config");  // the config wins over the environment
  CHECK(s.client_secret == "secret-env");
  CHECK(s.endpoint == "https://127.0.0.1:8443");
  CHECK(s.location == "eastus");
}

TEST_CASE("the provider's endpoint defaults to Azure's public cloud") {
  AzureSettings s;
  CHECK(resolve_settings({{"subscription_id", "s"}}, env_of({}), s).empty());
  CHECK(s.endpoint == "https://management.azure.com");
  CHECK(s.max_requests_per_second == 20);
}

TEST_CASE("a missing subscription id is a clear configuration error") {
  AzureSettings s;
  Diagnostics diags = resolve_settings(json::object(), env_of({}), s);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].summary == "The azure provider needs a subscription id");
  CHECK(diags[0].detail.find("ARM_SUBSCRIPTION_ID") != std::string::npos);
  CHECK(diags[0].json_path == "/subscription_id");
}

TEST_CASE("a client secret without its client id is refused") {
  AzureSettings s;
  Diagnostics diags = resolve_settings({{"subscription_id", "s"}, {"client_secret", "x"}}, env_of({}), s);
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].detail.find("x") == std::string::npos);  // the secret is never echoed
}

TEST_CASE("the provider serves every resource and data source type with a sensitive client secret") {
  sdk::ProviderSpec spec = make_azure_provider(std::make_shared<AzureContext>(env_of({})));
  CHECK(spec.name == "azure");
  for (const char* type : {"azure_resource_group", "azure_storage_account", "azure_storage_file_share",
                           "azure_storage_blob_container", "azure_batchai_workspace", "azure_batchai_cluster",
                           "azure_batchai_file_server", "azure_batchai_experiment", "azure_virtual_network",
                           "azure_subnet", "azure_public_ip", "azure_lb", "azure_linux_vmss",
                           "azure_autoscale_setting", "azure_dsvm_pool"})
    CHECK(spec.resources.count(type) == 1);
  CHECK(spec.data_sources.count("azure_batchai_cluster_nodes") == 1);
  CHECK(spec.data_sources.count("azure_storage_account_keys") == 1);
  CHECK(spec.config_attributes.at("client_secret").sensitive);
  CHECK(spec.resources.at("azure_storage_account")->schema().attributes.at("primary_access_key").sensitive);
  CHECK(spec.resources.at("azure_linux_vmss")->schema().attributes.at("admin_password").sensitive);
  CHECK(spec.resources.at("azure_dsvm_pool")->schema().attributes.at("admin").attributes.at("password").sensitive);
  CHECK(spec.resources.at("azure_dsvm_pool")->schema().attributes.at("shared_storage").attributes.at("account_key").sensitive);
}
