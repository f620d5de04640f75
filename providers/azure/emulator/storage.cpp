// Microsoft.Storage storage accounts: PUT (long-running, 202 + Location),
// GET, DELETE, list, listKeys, and checkNameAvailability. Names are global:
// 3-24 lower-case letters and digits, unique across every resource group.
#include <openssl/rand.h>

#include <regex>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/operations.h"

namespace forma::emulator {
namespace {

constexpr const char* kType = "Microsoft.Storage/storageAccounts";
const std::vector<std::string> kSkus = {"Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS",
                                        "Premium_LRS",  "Premium_ZRS",  "Standard_GZRS",  "Standard_RAGZRS"};
const std::vector<std::string> kKinds = {"Storage", "StorageV2", "BlobStorage", "FileStorage",
                                         "BlockBlobStorage"};

bool valid_account_name(const std::string& name) {
  static const std::regex pattern("[a-z0-9]{3,24}");
  return std::regex_match(name, pattern);
}

std::string invalid_name_message(const std::string& name) {
  return name +
         " is not a valid storage account name. Storage account name must be between 3 and 24 characters in "
         "length and use numbers and lower-case letters only.";
}

const StoredResource* account_named(const Cloud& cloud, const std::string& name) {
  for (const StoredResource* r : cloud.store.under(cloud.subscription_id(), kType))
    if (lower_case(r->body.value("name", "")) == lower_case(name)) return r;
  return nullptr;
}

std::string new_key() {
  unsigned char bytes[64];
  RAND_bytes(bytes, sizeof bytes);
  return base64_encode(std::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string paired_region(const std::string& location) {
  static const std::map<std::string, std::string> pairs = {
      {"eastus", "westus"},         {"westus", "eastus"},         {"eastus2", "centralus"},
      {"centralus", "eastus2"},     {"westus2", "westcentralus"}, {"northeurope", "westeurope"},
      {"westeurope", "northeurope"}};
  auto it = pairs.find(location);
  return it == pairs.end() ? "westus" : it->second;
}

json endpoints(const std::string& name, const std::string& suffix, bool with_all) {
  json e = {{"blob", "https://" + name + suffix + ".blob.core.windows.net/"},
            {"file", "https://" + name + suffix + ".file.core.windows.net/"},
            {"dfs", "https://" + name + suffix + ".dfs.core.windows.net/"},
            {"web", "https://" + name + suffix + ".web.core.windows.net/"}};
  if (with_all) {
    e["queue"] = "https://" + name + suffix + ".queue.core.windows.net/";
    e["table"] = "https://" + name + suffix + ".table.core.windows.net/";
  }
  return e;
}

// The properties Azure fills in beside the ones the request set.
json account_properties(const json& requested, const std::string& name, const std::string& location,
                        const std::string& sku, int64_t now) {
  json p = requested.is_object() ? requested : json::object();
  p["creationTime"] = iso_time(now);
  p["primaryLocation"] = location;
  p["statusOfPrimary"] = "available";
  if (sku.find("GRS") != std::string::npos || sku.find("GZRS") != std::string::npos) {
    p["secondaryLocation"] = paired_region(location);
    p["statusOfSecondary"] = "available";
  }
  if (!p.contains("supportsHttpsTrafficOnly")) p["supportsHttpsTrafficOnly"] = true;
  json endpoint_set = endpoints(name, "", true);
  const json routing = p.value("routingPreference", json::object());
  if (routing.value("publishMicrosoftEndpoints", false))
    endpoint_set["microsoftEndpoints"] = endpoints(name, "-microsoftrouting", true);
  if (routing.value("publishInternetEndpoints", false))
    endpoint_set["internetEndpoints"] = endpoints(name, "-internetrouting", false);
  p["primaryEndpoints"] = endpoint_set;
  json encryption = p.value("encryption", json{{"keySource", "Microsoft.Storage"}});
  for (const char* service : {"blob", "file"}) {
    json& s = encryption["services"][service];
    if (!s.contains("enabled")) s["enabled"] = true;
    if (!s.contains("keyType")) s["keyType"] = "Account";
    s["lastEnabledTime"] = iso_time(now);
  }
  p["encryption"] = encryption;
  if (!p.contains("networkAcls"))
    p["networkAcls"] = {{"bypass", "AzureServices"},
                        {"virtualNetworkRules", json::array()},
                        {"ipRules", json::array()},
                        {"defaultAction", "Allow"}};
  return p;
}

bool invalid_parameter(ArmResponse& res, const std::string& property, const std::string& message) {
  arm_error(res, 400, "InvalidParameter",
            "Values for request parameters are invalid: " + property + ". " + message);
  return true;
}

bool invalid_account_body(const json& body, ArmResponse& res) {
  if (!body.is_object()) return invalid_parameter(res, "parameters", "The body must be a JSON object.");
  if (!body.contains("location") || !body["location"].is_string()) {
    arm_error(res, 400, "LocationRequired", "The location property is required for this definition.");
    return true;
  }
  const json sku = body.value("sku", json());
  if (!sku.is_object() || !sku.contains("name") || !sku["name"].is_string())
    return invalid_parameter(res, "sku.name", "The sku name is required.");
  if (std::find(kSkus.begin(), kSkus.end(), sku["name"].get<std::string>()) == kSkus.end())
    return invalid_parameter(res, "sku.name",
                             "The sku name '" + sku["name"].get<std::string>() + "' is not supported.");
  const json kind = body.value("kind", json());
  if (!kind.is_string() || std::find(kKinds.begin(), kKinds.end(), kind.get<std::string>()) == kKinds.end())
    return invalid_parameter(res, "kind",
                             "The kind must be one of Storage, StorageV2, BlobStorage, FileStorage, "
                             "BlockBlobStorage.");
  if (body.contains("properties") && !body["properties"].is_object())
    return invalid_parameter(res, "properties", "The properties must be an object.");
  if (body.contains("tags") && !body["tags"].is_object())
    return invalid_parameter(res, "tags", "Tags must be an object.");
  return false;
}

void put_account(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource* existing) {
  const std::string& name = req.segments[7];
  json body;
  if (!parse_body(req, res, body)) return;
  if (!valid_account_name(name)) return arm_error(res, 400, "AccountNameInvalid", invalid_name_message(name));
  if (invalid_account_body(body, res)) return;
  if (!existing && account_named(cloud, name))
    return arm_error(res, 409, "StorageAccountAlreadyTaken",
                     "The storage account named " + name + " is already taken.");
  const std::string location = normalize_location(body["location"].get<std::string>());
  const std::string sku = body["sku"]["name"];
  const int64_t now = cloud.now();
  StoredResource account = existing ? *existing : StoredResource{};
  if (!existing) {
    const StoredResource* group =
        cloud.store.find(cloud.subscription_id() + "/resourceGroups/" + req.segments[3]);
    account.id = group->id + "/providers/Microsoft.Storage/storageAccounts/" + name;
    account.type = kType;
    account.internal = {{"keys", {new_key(), new_key()}}};
  }
  account.body = {
      {"id", account.id},
      {"name", name},
      {"type", kType},
      {"location", location},
      {"kind", body["kind"]},
      {"sku", {{"name", sku}, {"tier", sku.starts_with("Premium") ? "Premium" : "Standard"}}},
      {"tags", body.value("tags", json::object())},
      {"properties", account_properties(body.value("properties", json::object()), name, location, sku, now)}};
  if (existing) {
    account.body["properties"]["creationTime"] =
        existing->body["properties"].value("creationTime", iso_time(now));
    account.body["properties"]["provisioningState"] =
        existing->body["properties"].value("provisioningState", "Succeeded");
    cloud.store.put(account);
    // A repeated create that is still running answers like the first one.
    if (const StoredOperation* running = cloud.store.find_operation(account.internal.value("operation", "")))
      return accept_storage_operation(cloud, req, res, *running);
    return res.set(200, account.body);
  }
  const StoredOperation op = begin_operation(cloud, "create", account.id, "Microsoft.Storage", location);
  account.body["properties"]["provisioningState"] = "Creating";
  account.internal["operation"] = op.id;
  cloud.store.put(account);
  accept_storage_operation(cloud, req, res, op);
}

// PATCH updates tags and properties in place; sku, kind and location stay.
void patch_account(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& existing) {
  json body;
  if (!parse_body(req, res, body)) return;
  if (!body.is_object() || (body.contains("tags") && !body["tags"].is_object()) ||
      (body.contains("properties") && !body["properties"].is_object()))
    return (void)invalid_parameter(res, "parameters", "tags and properties must be objects.");
  StoredResource account = existing;
  if (body.contains("tags")) account.body["tags"] = body["tags"];
  if (body.contains("properties"))
    for (const auto& [key, value] : body["properties"].items()) account.body["properties"][key] = value;
  cloud.store.put(account);
  res.set(200, account.body);
}

void list_keys(const ArmRequest& req, ArmResponse& res, const StoredResource& account) {
  if (req.method != "POST") return method_not_allowed(req, res);
  json keys = json::array();
  for (int i = 0; i < 2; ++i)
    keys.push_back({{"keyName", "key" + std::to_string(i + 1)},
                    {"value", account.internal["keys"][i]},
                    {"permissions", "FULL"}});
  res.set(200, {{"keys", keys}});
}

void account_not_found(const ArmRequest& req, ArmResponse& res) {
  arm_error(res, 404, "ResourceNotFound",
            "The Resource 'Microsoft.Storage/storageAccounts/" + req.segments[7] +
                "' under resource group '" + req.segments[3] +
                "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
}

void check_name(const Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  json body;
  if (!parse_body(req, res, body)) return;
  if (!body.is_object() || !body.contains("name") || !body["name"].is_string())
    return arm_error(res, 400, "InvalidParameter", "Values for request parameters are invalid: name.");
  const std::string name = body["name"];
  if (!valid_account_name(name))
    return res.set(200, {{"nameAvailable", false},
                         {"reason", "AccountNameInvalid"},
                         {"message", invalid_name_message(name)}});
  if (account_named(cloud, name))
    return res.set(200, {{"nameAvailable", false},
                         {"reason", "AlreadyExists"},
                         {"message", "The storage account named " + name + " is already taken."}});
  res.set(200, {{"nameAvailable", true}});
}

}  // namespace

void handle_storage(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (!req.is(6, "storageaccounts"))
    return arm_error(res, 404, "InvalidResourceType",
                     "The resource type '" + req.segments[6] +
                         "' could not be found in the namespace 'Microsoft.Storage'.");
  const std::string group_id = cloud.subscription_id() + "/resourceGroups/" + req.segments[3];
  if (req.size() == 7) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(group_id, kType)));
  }
  const StoredResource* account =
      cloud.store.find(group_id + "/providers/Microsoft.Storage/storageAccounts/" + req.segments[7]);
  if (req.size() == 8) {
    if (req.method == "PUT") return put_account(cloud, req, res, account);
    if (req.method == "DELETE") {
      if (!account) return res.set(204);
      cloud.store.erase_tree(account->id);
      return res.set(200);
    }
    if (req.method != "GET" && req.method != "HEAD" && req.method != "PATCH")
      return method_not_allowed(req, res);
    if (!account) return account_not_found(req, res);
    if (req.method == "PATCH") return patch_account(cloud, req, res, *account);
    return res.set(200, account->body);
  }
  if (!account) {
    if (req.size() == 9) return account_not_found(req, res);
    return arm_error(res, 404, "ParentResourceNotFound",
                     "Can not perform requested operation on nested resource. Parent resource '" +
                         req.segments[7] + "' not found.");
  }
  if (req.size() == 9 && req.is(8, "listkeys")) return list_keys(req, res, *account);
  handle_storage_children(cloud, req, res, *account);
}

void handle_storage_subscription(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  // /subscriptions/{s}/providers/Microsoft.Storage/{checkNameAvailability | storageAccounts |
  // locations/{l}/…}
  if (req.size() == 5 && req.is(4, "checknameavailability")) {
    if (req.method != "POST") return method_not_allowed(req, res);
    return check_name(cloud, req, res);
  }
  if (req.size() == 5 && req.is(4, "storageaccounts")) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(cloud.subscription_id(), kType)));
  }
  if (req.size() == 8 && req.is(4, "locations") && req.is(6, "asyncoperations"))
    return answer_poll(cloud, req, res, req.segments[7], PollStyle::Location);
  if (req.size() == 8 && req.is(4, "locations") && req.is(6, "operationstatuses"))
    return answer_poll(cloud, req, res, req.segments[7], PollStyle::Status);
  arm_error(res, 404, "InvalidResourceType",
            "The resource type could not be found in the namespace 'Microsoft.Storage'.");
}

}  // namespace forma::emulator
