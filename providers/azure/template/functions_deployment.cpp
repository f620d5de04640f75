// Deployment functions: parameters, variables, deployment, environment,
// resourceGroup, subscription, tenant.
#include "providers/azure/template/functions.h"

namespace forma::azure::tmpl {
namespace {

json fn_parameters(Call& c) { return c.scope.parameter(c.str(0), c.frame); }
json fn_variables(Call& c) { return c.scope.variable(c.str(0), c.frame); }

json fn_deployment(Call& c) {
  const json& doc = c.scope.tmpl.document;
  json tmpl = json::object();
  for (const char* key : {"$schema", "contentVersion", "metadata"})
    if (doc.contains(key)) tmpl[key] = doc[key];
  return {{"name", c.scope.ctx.deployment_name},
          {"properties", {{"template", tmpl}, {"mode", "Incremental"}, {"provisioningState", "Accepted"}}}};
}

json fn_environment(Call& c) {
  return {
      {"name", c.scope.ctx.environment},
      {"gallery", "https://gallery.azure.com/"},
      {"graph", "https://graph.windows.net/"},
      {"portal", "https://portal.azure.com"},
      {"graphAudience", "https://graph.windows.net/"},
      {"activeDirectoryDataLake", "https://datalake.azure.net/"},
      {"batch", "https://batch.core.windows.net/"},
      {"media", "https://rest.media.azure.net"},
      {"sqlManagement", "https://management.core.windows.net:8443/"},
      {"vmImageAliasDoc",
       "https://raw.githubusercontent.com/Azure/azure-rest-api-specs/master/arm-compute/quickstart-templates/"
       "aliases.json"},
      {"resourceManager", "https://management.azure.com/"},
      {"authentication",
       {{"loginEndpoint", "https://login.microsoftonline.com/"},
        {"audiences", {"https://management.core.windows.net/", "https://management.azure.com/"}},
        {"tenant", "common"},
        {"identityProvider", "AAD"}}},
      {"suffixes",
       {{"acrLoginServer", ".azurecr.io"},
        {"azureDatalakeAnalyticsCatalogAndJob", "azuredatalakeanalytics.net"},
        {"azureDatalakeStoreFileSystem", "azuredatalakestore.net"},
        {"azureFrontDoorEndpointSuffix", "azurefd.net"},
        {"keyvaultDns", ".vault.azure.net"},
        {"sqlServerHostname", ".database.windows.net"},
        {"storage", "core.windows.net"}}}};
}

json fn_resource_group(Call& c) {
  const auto& ctx = c.scope.ctx;
  return {{"id", c.scope.resource_group_id()},
          {"name", ctx.resource_group},
          {"type", "Microsoft.Resources/resourceGroups"},
          {"location", ctx.resource_group_location},
          {"tags", json::object()},
          {"properties", {{"provisioningState", "Succeeded"}}}};
}

json fn_subscription(Call& c) {
  const auto& ctx = c.scope.ctx;
  return {{"id", "/subscriptions/" + ctx.subscription_id},
          {"subscriptionId", ctx.subscription_id},
          {"tenantId", ctx.tenant_id},
          {"displayName", ctx.subscription_id}};
}

json fn_tenant(Call& c) {
  const auto& ctx = c.scope.ctx;
  return {{"id", "/tenants/" + ctx.tenant_id}, {"tenantId", ctx.tenant_id}};
}

}  // namespace

void add_deployment_functions(std::vector<Builtin>& out) {
  out.insert(out.end(), {
                            {"parameters", 1, 1, fn_parameters},
                            {"variables", 1, 1, fn_variables},
                            {"deployment", 0, 0, fn_deployment},
                            {"environment", 0, 0, fn_environment},
                            {"resourceGroup", 0, 0, fn_resource_group},
                            {"subscription", 0, 0, fn_subscription},
                            {"tenant", 0, 0, fn_tenant},
                        });
}

}  // namespace forma::azure::tmpl
