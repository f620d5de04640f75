#include "providers/azure/emulator/router.h"

#include <random>
#include <regex>

#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/operations.h"
#include "providers/azure/emulator/simulation.h"

namespace forma::emulator {
namespace {

const std::vector<std::string> kStorageVersions = {"2018-07-01", "2019-06-01", "2021-02-01", "2021-04-01"};
const std::vector<std::string> kBatchAiVersions = {"2018-05-01"};
const std::vector<std::string> kNetworkVersions = {"2017-04-01", "2017-06-01", "2017-08-01", "2018-11-01",
                                                   "2020-11-01", "2021-02-01", "2022-07-01", "2023-04-01"};
const std::vector<std::string> kComputeVersions = {"2017-03-30", "2018-06-01", "2019-07-01", "2020-12-01",
                                                   "2021-03-01", "2022-03-01", "2023-03-01"};
const std::vector<std::string> kInsightsVersions = {"2015-04-01", "2021-05-01-preview", "2022-10-01"};

// A resource provider the emulator serves: its namespace (lower case), versions and resource types.
struct Namespace {
  const char* lower;
  const char* name;
  const std::vector<std::string>* versions;
  std::vector<const char*> types;
  void (*handle)(Cloud&, const ArmRequest&, ArmResponse&);
};

const std::vector<Namespace>& namespaces() {
  static const std::vector<Namespace> all = {
      {"microsoft.storage", "Microsoft.Storage", &kStorageVersions, {"storageAccounts", "checkNameAvailability"},
       handle_storage},
      {"microsoft.batchai", "Microsoft.BatchAI", &kBatchAiVersions,
       {"workspaces", "workspaces/clusters", "workspaces/fileservers", "workspaces/experiments", "locations/usages"},
       handle_batchai},
      {"microsoft.network", "Microsoft.Network", &kNetworkVersions,
       {"virtualNetworks", "virtualNetworks/subnets", "publicIPAddresses", "loadBalancers", "locations/operations"},
       handle_network},
      {"microsoft.compute", "Microsoft.Compute", &kComputeVersions,
       {"virtualMachineScaleSets", "virtualMachineScaleSets/virtualMachines", "locations/operations"}, handle_compute},
      {"microsoft.insights", "Microsoft.Insights", &kInsightsVersions, {"autoscalesettings"}, handle_insights},
  };
  return all;
}

const Namespace* find_namespace(const ArmRequest& req, size_t index) {
  for (const Namespace& n : namespaces())
    if (req.is(index, n.lower)) return &n;
  return nullptr;
}

std::string joined(const std::vector<std::string>& versions) {
  std::string out;
  for (const auto& v : versions) out += (out.empty() ? "" : ",") + v;
  return out;
}

bool missing_api_version(const ArmRequest& req, ArmResponse& res) {
  if (!req.api_version.empty()) return false;
  arm_error(res, 400, "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.");
  return true;
}

// Resource groups, subscriptions and the types the emulator does not model
// take any date-shaped version, as ARM's many do; `supported` ends the message.
bool bad_date_version(const ArmRequest& req, ArmResponse& res,
                      const char* supported = "The supported versions are '2022-09-01,2021-04-01,2020-06-01,"
                                              "2019-10-01,2019-05-01,2018-05-01'.") {
  if (missing_api_version(req, res)) return true;
  static const std::regex date(R"(\d{4}-\d{2}-\d{2}(-preview|-beta)?)");
  if (std::regex_match(req.api_version, date)) return false;
  arm_error(res, 400, "InvalidApiVersionParameter",
            "The api-version '" + req.api_version + "' is invalid. " + supported);
  return true;
}

bool bad_version(const ArmRequest& req, ArmResponse& res, const std::vector<std::string>& supported) {
  if (missing_api_version(req, res)) return true;
  for (const auto& v : supported)
    if (req.api_version == v) return false;
  arm_error(res, 400, "InvalidApiVersionParameter",
            "The api-version '" + req.api_version + "' is invalid. The supported versions are '" +
                joined(supported) + "'.");
  return true;
}

void unknown_namespace(const ArmRequest& req, ArmResponse& res, size_t index) {
  arm_error(res, 400, "InvalidResourceNamespace",
            "The resource namespace '" + req.segments[index] + "' is invalid.");
}

void not_found(const ArmRequest& req, ArmResponse& res) {
  arm_error(res, 404, "NotFound",
            "No HTTP resource was found that matches the request URI '" + req.base_url + req.path() + "'.");
}

// Everything under /subscriptions/{s}/resourceGroups/{g}/providers/…
// Whether the namespace's handler models the resource type the path names
// (its first type segment), rather than the generic store.
bool models_type(const Namespace& ns, const ArmRequest& req) {
  for (const char* type : ns.types) {
    std::string first = lower_case(type);
    first = first.substr(0, first.find('/'));
    if (req.is(6, first.c_str())) return true;
  }
  return false;
}

void route_provider(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  const Namespace* ns = find_namespace(req, 5);
  const bool modelled = ns && models_type(*ns, req);
  if (modelled ? bad_version(req, res, *ns->versions)
               : bad_date_version(req, res, "An api-version is a date: 2021-04-01.")) return;
  const StoredResource* group =
      cloud.store.find(cloud.subscription_id() + "/resourceGroups/" + req.segments[3]);
  if (!group) {
    arm_error(res, 404, "ResourceGroupNotFound",
              "Resource group '" + req.segments[3] + "' could not be found.");
    return;
  }
  if (req.method != "GET" && req.method != "HEAD" &&
      group->body["properties"].value("provisioningState", "") == "Deleting") {
    arm_error(res, 409, "ResourceGroupBeingDeleted",
              "The resource group '" + req.segments[3] +
                  "' is in deprovisioning state and cannot perform this operation.");
    return;
  }
  if (req.is(5, "microsoft.resources") && req.is(6, "deployments")) return handle_deployments(cloud, req, res);
  if (!modelled) return handle_generic(cloud, req, res);
  ns->handle(cloud, req, res);
}

// GET /subscriptions/{s}/providers/{namespace} and POST …/register: both providers are always registered.
void provider_registration(const ArmRequest& req, ArmResponse& res, const Namespace& ns) {
  if (bad_date_version(req, res)) return;
  const bool register_call = req.size() == 5 && req.is(4, "register");
  if (req.size() == 5 && !register_call) return not_found(req, res);
  if (register_call ? req.method != "POST" : req.method != "GET") return method_not_allowed(req, res);
  json types = json::array();
  for (const char* type : ns.types)
    types.push_back({{"resourceType", type},
                     {"locations", json::array({"East US", "West US"})},
                     {"apiVersions", json(*ns.versions)}});
  res.set(200, {{"id", "/subscriptions/" + req.segments[1] + "/providers/" + ns.name},
                {"namespace", ns.name},
                {"registrationState", "Registered"},
                {"resourceTypes", types}});
}

// /subscriptions/{s}/providers/Microsoft.{Network,Compute}/locations/{l}/{operations|operationResults}/{id}
void tracked_operation_poll(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (req.size() == 8 && req.is(4, "locations") && req.is(6, "operations"))
    return answer_poll(cloud, req, res, req.segments[7], PollStyle::Status);
  if (req.size() == 8 && req.is(4, "locations") && req.is(6, "operationresults"))
    return answer_poll(cloud, req, res, req.segments[7], PollStyle::Location);
  arm_error(res, 404, "InvalidResourceType",
            "The resource type could not be found in the namespace '" + req.segments[3] + "'.");
}

void route_subscription_providers(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  const Namespace* ns = find_namespace(req, 3);
  if (!ns) return unknown_namespace(req, res, 3);
  if (req.size() == 4 || (req.size() == 5 && req.is(4, "register"))) return provider_registration(req, res, *ns);
  if (bad_version(req, res, *ns->versions)) return;
  if (ns->handle == handle_storage) return handle_storage_subscription(cloud, req, res);
  if (ns->handle == handle_batchai) return handle_batchai_subscription(cloud, req, res);
  tracked_operation_poll(cloud, req, res);
}

json subscription_body(const Cloud& cloud) {
  return {{"id", cloud.subscription_id()},
          {"authorizationSource", "RoleBased"},
          {"subscriptionId", cloud.options.subscription_id},
          {"tenantId", cloud.options.tenant_id},
          {"displayName", "forma emulator"},
          {"state", "Enabled"},
          {"subscriptionPolicies",
           {{"locationPlacementId", "Public_2014-09-01"},
            {"quotaId", "PayAsYouGo_2014-09-01"},
            {"spendingLimit", "Off"}}}};
}

void route_subscription(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (req.size() == 2) {
    if (bad_date_version(req, res)) return;
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, subscription_body(cloud));
  }
  if (req.is(2, "resourcegroups")) {
    if (req.size() <= 4) {
      if (bad_date_version(req, res)) return;
      return handle_resource_groups(cloud, req, res);
    }
    if (req.size() >= 7 && req.is(4, "providers")) return route_provider(cloud, req, res);
    if (req.size() == 5 && req.is(4, "resources")) {
      if (bad_date_version(req, res)) return;
      return handle_group_resources(cloud, req, res);
    }
    return not_found(req, res);
  }
  if (req.is(2, "operationresults") && req.size() == 4) {
    if (bad_date_version(req, res)) return;
    return answer_poll(cloud, req, res, req.segments[3], PollStyle::Location);
  }
  if (req.is(2, "providers") && req.size() >= 4) return route_subscription_providers(cloud, req, res);
  not_found(req, res);
}

const char* const kOperationNames[][2] = {
    {"Microsoft.BatchAI/workspaces/read", "List or get Batch AI workspaces"},
    {"Microsoft.BatchAI/workspaces/write", "Create or update Batch AI workspace"},
    {"Microsoft.BatchAI/workspaces/delete", "Delete Batch AI workspace"},
    {"Microsoft.BatchAI/workspaces/clusters/read", "List or get Batch AI clusters"},
    {"Microsoft.BatchAI/workspaces/clusters/write", "Create or update Batch AI cluster"},
    {"Microsoft.BatchAI/workspaces/clusters/delete", "Delete Batch AI cluster"},
};

void list_operations(const ArmRequest& req, ArmResponse& res) {
  if (bad_version(req, res, kBatchAiVersions)) return;
  json value = json::array();
  for (const auto& [name, operation] : kOperationNames)
    value.push_back({{"name", name},
                     {"origin", "user,system"},
                     {"properties", nullptr},
                     {"display",
                      {{"provider", "Microsoft Batch AI"},
                       {"operation", operation},
                       {"description", operation},
                       {"resource", "Batch AI"}}}});
  res.set(200, {{"value", value}});
}

}  // namespace

void route_arm(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (req.is(0, "providers") && req.is(1, "microsoft.batchai") && req.is(2, "operations") && req.size() == 3)
    return list_operations(req, res);
  if (!req.is(0, "subscriptions")) return not_found(req, res);
  if (req.size() == 1) {
    if (bad_date_version(req, res)) return;
    return res.set(200, {{"value", json::array({subscription_body(cloud)})}});
  }
  if (req.lower[1] != lower_case(cloud.options.subscription_id)) {
    arm_error(res, 404, "SubscriptionNotFound",
              "The subscription '" + req.segments[1] + "' could not be found.");
    return;
  }
  route_subscription(cloud, req, res);
}

void method_not_allowed(const ArmRequest& req, ArmResponse& res) {
  arm_error(res, 405, "MethodNotAllowed",
            "The requested resource does not support http method '" + req.method + "'.");
}

json list_body(const Cloud& cloud, const std::vector<const StoredResource*>& resources) {
  json value = json::array();
  for (const StoredResource* r : resources) value.push_back(render_resource(cloud, *r));
  return {{"value", value}};
}

std::string allocate_loopback_ip(Cloud& cloud) {
  // A random start per data directory: emulators running side by side rarely take the same address.
  static const int first = static_cast<int>(std::random_device{}() % (254 * 200));
  const int next = std::stoi(cloud.store.setting("next_loopback_ip").value_or(std::to_string(first)));
  cloud.store.put_setting("next_loopback_ip", std::to_string(next + 1));
  return "127.10." + std::to_string((next / 254) % 256) + "." + std::to_string(next % 254 + 1);
}

bool valid_batchai_name(const std::string& name) {
  static const std::regex pattern(R"([-\w_]{1,64})");
  return std::regex_match(name, pattern);
}

}  // namespace forma::emulator
