#include "providers/azure/emulator/tracked_resource.h"

#include <regex>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/operations.h"
#include "providers/azure/emulator/simulation.h"

namespace forma::emulator {
namespace {

bool valid_tracked_name(const std::string& name) {
  static const std::regex pattern(R"([A-Za-z0-9_](?:[\w.-]{0,78}[\w])?)");
  return std::regex_match(name, pattern);
}

bool bad_envelope(const TrackedKind& kind, const json& body, const StoredResource* existing,
                  const std::string& name, ArmResponse& res) {
  if (!body.is_object()) return !invalid_property(res, "parameters", "The body must be a JSON object.");
  if (!valid_tracked_name(name)) {
    arm_error(res, 400, "InvalidResourceName",
              "Resource name " + name +
                  " is invalid. The name can be up to 80 characters long. It must begin with a word character, "
                  "and it must end with a word character or with '_'. The name may contain word characters or "
                  "'.', '-', '_'.");
    return true;
  }
  if (kind.child) return false;
  if (!body.contains("location") || !body["location"].is_string()) {
    arm_error(res, 400, "LocationRequired", "The location property is required for this definition.");
    return true;
  }
  if (body.contains("tags") && !body["tags"].is_object())
    return !invalid_property(res, "tags", "Tags must be an object.");
  const std::string location = normalize_location(body["location"].get<std::string>());
  if (existing && existing->body.value("location", "") != location) {
    arm_error(res, 400, "InvalidResourceLocation",
              "The resource '" + name + "' already exists in location '" + existing->body.value("location", "") +
                  "' in resource group '" + id_group(existing->id) +
                  "'. A resource with the same name cannot be created in location '" + location +
                  "'. Please select a new resource name.");
    return true;
  }
  return false;
}

void write(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const TrackedKind& kind, const std::string& id,
           const std::string& parent_location, const json& body, const StoredResource* existing) {
  const std::string name = id_name(id);
  if (bad_envelope(kind, body, existing, name, res)) return;
  if (existing && existing->body["properties"].value("provisioningState", "") == "Deleting")
    return arm_error(res, 409, "Conflict", "The resource '" + name + "' is being deleted.");
  StoredResource r = existing ? *existing : StoredResource{id, kind.type, json::object(), json::object()};
  if (!kind.accept(cloud, body, existing, r, res)) return;
  const std::string location = kind.child ? parent_location : normalize_location(body["location"].get<std::string>());
  json& b = r.body;
  b["id"] = r.id;
  b["name"] = name;
  b["type"] = kind.type;
  if (!kind.child) {
    b["location"] = location;
    b["tags"] = body.value("tags", json::object());
  }
  b["etag"] = "W/\"" + random_uuid() + "\"";
  const StoredOperation op = begin_operation(cloud, existing ? "update" : "create", r.id, kind.provider, location);
  b["properties"]["provisioningState"] = kind.busy_state;
  r.internal["operation"] = op.id;
  cloud.store.put(r);
  res.set(existing ? 200 : 201, render_resource(cloud, r));
  accept_tracked_operation(cloud, req, res, op, res.status);
}

void remove(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const TrackedKind& kind,
            const StoredResource* existing, const std::string& parent_location) {
  if (!existing) return res.set(204);
  const StoredOperation* running = cloud.store.find_operation(existing->internal.value("operation", ""));
  if (running && running->kind == "delete") return accept_tracked_operation(cloud, req, res, *running, 202);
  if (kind.in_use && kind.in_use(cloud, *existing, res)) return;
  StoredResource r = *existing;
  const std::string location = kind.child ? parent_location : r.body.value("location", "");
  const StoredOperation op = begin_operation(cloud, "delete", r.id, kind.provider, location);
  r.body["properties"]["provisioningState"] = "Deleting";
  r.internal["operation"] = op.id;
  cloud.store.put(r);
  res.set(202);
  accept_tracked_operation(cloud, req, res, op, 202);
}

}  // namespace

void handle_tracked(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const TrackedKind& kind,
                    const std::string& id, const std::string& location) {
  const StoredResource* existing = cloud.store.find(id);
  if (req.method == "PUT" || req.method == "PATCH") {
    json body;
    if (!parse_body(req, res, body)) return;
    if (req.method == "PUT") return write(cloud, req, res, kind, id, location, body, existing);
    if (!existing) return resource_not_found(res, kind.type + "/" + id_name(id), id_group(id));
    if (!body.is_object()) return (void)invalid_property(res, "parameters", "The body must be a JSON object.");
    json merged = kind.patch_base ? kind.patch_base(cloud, *existing) : existing->body;
    merged.merge_patch(body);
    return write(cloud, req, res, kind, id, location, merged, existing);
  }
  if (req.method == "DELETE") return remove(cloud, req, res, kind, existing, location);
  if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req, res);
  if (!existing) return req.method == "HEAD" ? res.set(404) : resource_not_found(res, kind.type + "/" + id_name(id), id_group(id));
  res.set(200, render_resource(cloud, *existing));
}

void resource_not_found(ArmResponse& res, const std::string& type_and_name, const std::string& group) {
  arm_error(res, 404, "ResourceNotFound",
            "The Resource '" + type_and_name + "' under resource group '" + group +
                "' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix");
}

bool invalid_property(ArmResponse& res, const std::string& property, const std::string& message) {
  arm_error(res, 400, "InvalidParameter",
            "The value of parameter " + property + " is invalid. " + message);
  return false;
}

std::string id_name(const std::string& id) { return id.substr(id.rfind('/') + 1); }

std::string id_group(const std::string& id) {
  const std::string key = lower_case(id);
  const size_t at = key.find("/resourcegroups/");
  if (at == std::string::npos) return "";
  const size_t start = at + 16, end = id.find('/', start);
  return id.substr(start, end == std::string::npos ? std::string::npos : end - start);
}

}  // namespace forma::emulator
