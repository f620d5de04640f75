// Microsoft.Resources resource groups: PUT (201 created, 200 updated), GET,
// HEAD, PATCH (tags), DELETE (202; everything inside goes with it), list.
#include <regex>

#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/operations.h"

namespace forma::emulator {
namespace {

constexpr const char* kType = "Microsoft.Resources/resourceGroups";

bool valid_group_name(const std::string& name) {
  static const std::regex pattern(R"([-\w._()]{1,90})");
  return std::regex_match(name, pattern) && name.back() != '.';
}

void not_found(const std::string& name, ArmResponse& res) {
  arm_error(res, 404, "ResourceGroupNotFound", "Resource group '" + name + "' could not be found.");
}

bool tags_invalid(const json& body, ArmResponse& res) {
  if (!body.contains("tags") || body["tags"].is_object()) return false;
  arm_error(res, 400, "InvalidRequestContent", "The request content was invalid: 'tags' must be an object.");
  return true;
}

void put_group(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource* existing) {
  const std::string& name = req.segments[3];
  json body;
  if (!parse_body(req, res, body) || tags_invalid(body, res)) return;
  if (!valid_group_name(name)) {
    arm_error(
        res, 400, "InvalidResourceGroup",
        "The provided resource group name '" + name +
            "' has these invalid characters or length. The name "
            "can only be a letter, digit, '-', '.', '(', ')' or '_', 1 to 90 characters, not ending in '.'.");
    return;
  }
  if (!body.is_object() || !body.contains("location") || !body["location"].is_string() ||
      body["location"].get<std::string>().empty()) {
    arm_error(res, 400, "LocationRequired", "The location property is required for this definition.");
    return;
  }
  const std::string location = normalize_location(body["location"]);
  if (existing) {
    if (existing->body["properties"].value("provisioningState", "") == "Deleting") {
      arm_error(
          res, 409, "ResourceGroupBeingDeleted",
          "The resource group '" + name + "' is in deprovisioning state and cannot perform this operation.");
      return;
    }
    if (existing->body.value("location", "") != location) {
      arm_error(res, 409, "InvalidResourceGroupLocation",
                "Invalid resource group location '" + location +
                    "'. The Resource group already exists in location '" +
                    existing->body.value("location", "") + "'.");
      return;
    }
  }
  StoredResource group =
      existing ? *existing
               : StoredResource{cloud.subscription_id() + "/resourceGroups/" + name, kType, {}, {}};
  group.internal = json::object();
  group.body = {{"id", group.id},
                {"name", group.id.substr(group.id.rfind('/') + 1)},
                {"type", kType},
                {"location", location},
                {"properties", {{"provisioningState", "Succeeded"}}}};
  if (body.contains("tags")) group.body["tags"] = body["tags"];
  cloud.store.put(group);
  res.set(existing ? 200 : 201, group.body);
}

void patch_group(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& existing) {
  json body;
  if (!parse_body(req, res, body) || tags_invalid(body, res)) return;
  StoredResource group = existing;
  if (body.contains("tags")) group.body["tags"] = body["tags"];
  cloud.store.put(group);
  res.set(200, group.body);
}

void delete_group(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const StoredResource& existing) {
  StoredResource group = existing;
  if (const StoredOperation* running = cloud.store.find_operation(group.internal.value("operation", ""))) {
    accept_subscription_operation(cloud, req, res, *running);
    return;
  }
  const StoredOperation op =
      begin_operation(cloud, "delete", group.id, "Microsoft.Resources", group.body.value("location", ""));
  group.body["properties"]["provisioningState"] = "Deleting";
  group.internal["operation"] = op.id;
  cloud.store.put(group);
  accept_subscription_operation(cloud, req, res, op);
}

}  // namespace

void handle_resource_groups(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (req.size() == 3) {
    if (req.method != "GET") return method_not_allowed(req, res);
    std::vector<const StoredResource*> groups;
    for (const StoredResource* r : cloud.store.under(cloud.subscription_id() + "/resourceGroups", kType))
      groups.push_back(r);
    return res.set(200, list_body(cloud, groups));
  }
  const std::string& name = req.segments[3];
  const StoredResource* existing = cloud.store.find(cloud.subscription_id() + "/resourceGroups/" + name);
  if (req.method == "PUT") return put_group(cloud, req, res, existing);
  if (!existing) {
    if (req.method == "HEAD") return res.set(404);
    return not_found(name, res);
  }
  if (req.method == "GET") return res.set(200, existing->body);
  if (req.method == "HEAD") return res.set(204);
  if (req.method == "PATCH") return patch_group(cloud, req, res, *existing);
  if (req.method == "DELETE") return delete_group(cloud, req, res, *existing);
  method_not_allowed(req, res);
}

}  // namespace forma::emulator
