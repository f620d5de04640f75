#include "providers/azure/provider.h"

#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

sdk::Attributes config_attributes() {
  return {
      {"subscription_id", {.type = "string", .optional = true, .description = "Subscription; env ARM_SUBSCRIPTION_ID."}},
      {"tenant_id", {.type = "string", .optional = true, .description = "Azure AD tenant; env ARM_TENANT_ID."}},
      {"client_id", {.type = "string", .optional = true, .description = "Service principal; env ARM_CLIENT_ID."}},
      {"client_secret", {.type = "string", .optional = true, .sensitive = true,
                         .description = "Service principal secret; env ARM_CLIENT_SECRET."}},
      {"endpoint", {.type = "string", .optional = true,
                    .description = "Resource manager URL; env ARM_ENDPOINT; default https://management.azure.com."}},
      {"authority", {.type = "string", .optional = true,
                     .description = "Login endpoint; env ARM_AUTHORITY; default: discovered from the endpoint."}},
      {"ca_file", {.type = "string", .optional = true,
                   .description = "Extra CA bundle (PEM) to trust, e.g. the emulator's; env ARM_CA_FILE."}},
      {"location", {.type = "string", .optional = true,
                    .description = "Default location of resources that do not set one."}},
      {"use_msi", {.type = "bool", .optional = true, .default_value = false,
                   .description = "Authenticate with the VM's managed identity."}},
      {"max_requests_per_second", {.type = "number", .optional = true, .default_value = 20,
                                   .description = "Rate limit shared by every ARM call."}},
      {"request_timeout_s", {.type = "number", .optional = true, .description = "Timeout of one HTTP request."}},
      {"max_retries", {.type = "number", .optional = true,
                       .description = "Retries of a failed request (429, 5xx, dropped connection)."}},
  };
}

}  // namespace

sdk::ProviderSpec make_azure_provider(std::shared_ptr<AzureContext> context) {
  sdk::ProviderSpec spec;
  spec.name = "azure";
  spec.version = "0.1.0";
  spec.config_attributes = config_attributes();
  spec.configure = [context](const json& config) {
    AzureSettings settings;
    Diagnostics diags = resolve_settings(config, context->env(), settings);
    if (has_errors(diags)) return diags;
    append(diags, context->configure(settings));
    return diags;
  };
  spec.resources = {
      {"azure_resource_group", make_resource_group(context)},
      {"azure_storage_account", make_storage_account(context)},
      {"azure_storage_file_share", make_storage_file_share(context)},
      {"azure_storage_blob_container", make_storage_blob_container(context)},
      {"azure_batchai_workspace", make_batchai_workspace(context)},
      {"azure_batchai_experiment", make_batchai_experiment(context)},
      {"azure_batchai_file_server", make_batchai_file_server(context)},
      {"azure_batchai_cluster", make_batchai_cluster(context)},
      {"azure_virtual_network", make_virtual_network(context)},
      {"azure_subnet", make_subnet(context)},
      {"azure_public_ip", make_public_ip(context)},
      {"azure_lb", make_load_balancer(context)},
      {"azure_linux_vmss", make_linux_vmss(context)},
      {"azure_template_deployment", make_template_deployment(context)},
      {"azure_autoscale_setting", make_autoscale_setting(context)},
      {"azure_dsvm_pool", make_dsvm_pool(context)},
  };
  spec.data_sources = {
      {"azure_batchai_cluster_nodes", make_cluster_nodes_data_source(context)},
      {"azure_storage_account_keys", make_storage_account_keys_data_source(context)},
  };
  return spec;
}

sdk::ProviderSpec make_azure_provider() { return make_azure_provider(std::make_shared<AzureContext>()); }

}  // namespace forma::azure
