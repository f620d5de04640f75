// Resource types the emulator does not model in detail (Microsoft.Compute
// virtual machines, network security groups, Key Vaults, any namespace at
// all): a PUT stores the body and answers it at once with
// provisioningState Succeeded, GET returns it, PATCH merges into it, DELETE
// removes it and everything under it, and the collection lists them. A child
// resource needs its parent. Plus GET …/resourceGroups/{g}/resources, the
// group's resources as ARM lists them.
#include <algorithm>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/simulation.h"
#include "providers/azure/emulator/tracked_resource.h"

namespace forma::emulator {
namespace {

// What a PUT may set besides properties; the rest of the body is ARM's own.
const char* const kEnvelope[] = {"location", "tags", "sku", "kind", "plan", "identity", "zones", "extendedLocation",
                                 "managedBy"};

// "Microsoft.KeyVault/vaults/secrets" and "kv/s" for …/providers/Microsoft.KeyVault/vaults/kv/secrets/s.
void type_and_name(const ArmRequest& req, std::string& type, std::string& name) {
  type = req.segments[5];
  name.clear();
  for (size_t i = 6; i < req.size(); i += 2) {
    type += "/" + req.segments[i];
    if (i + 1 < req.size()) name += (name.empty() ? "" : "/") + req.segments[i + 1];
  }
}

std::string id_of(const ArmRequest& req, size_t segments) {
  std::string id;
  for (size_t i = 0; i < segments; ++i) id += "/" + req.segments[i];
  return id;
}

json stored_body(const std::string& id, const std::string& type, const std::string& name, const json& request,
                 const json& parent) {
  json body = {{"id", id}, {"name", name.substr(name.rfind('/') + 1)}, {"type", type}};
  for (const char* key : kEnvelope)
    if (request.contains(key) && !request[key].is_null())
      body[key] = std::string(key) == "location" && request[key].is_string()
                      ? json(normalize_location(request[key].get<std::string>()))
                      : request[key];
  if (!body.contains("location") && parent.is_object() && parent.contains("location"))
    body["location"] = parent["location"];
  json properties = request.value("properties", json::object());
  if (!properties.is_object()) properties = json::object();
  properties["provisioningState"] = "Succeeded";
  body["properties"] = properties;
  return body;
}

void put(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const std::string& id, const std::string& type,
         const std::string& name, const json& request) {
  const StoredResource* parent = nullptr;
  if (req.size() > 8) {
    parent = cloud.store.find(id_of(req, req.size() - 2));
    if (!parent) {
      arm_error(res, 404, "ParentResourceNotFound",
                "Can not perform requested operation on nested resource. Parent resource '" +
                    req.segments[req.size() - 3] + "' not found.");
      return;
    }
  }
  const StoredResource* existing = cloud.store.find(id);
  StoredResource r;
  r.id = existing ? existing->id : id;
  r.type = type;
  r.body = stored_body(r.id, type, name, request, parent ? parent->body : json());
  r.body["id"] = r.id;
  cloud.store.put(r);
  res.set(existing ? 200 : 201, r.body);
}

// Path segments of an id: "/subscriptions/s/resourceGroups/g" has 4.
size_t segment_count(const std::string& id) {
  return static_cast<size_t>(std::count(id.begin(), id.end(), '/'));
}

void list_collection(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  const std::string parent = id_of(req, req.size() - 1);
  std::string type, name;
  type_and_name(req, type, name);
  std::vector<const StoredResource*> found;
  const size_t depth = req.size() + 1;
  for (const StoredResource* r : cloud.store.under(parent, type))
    if (segment_count(r->id) == depth) found.push_back(r);
  res.set(200, list_body(cloud, found));
}

}  // namespace

void handle_generic(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (req.size() % 2 == 1) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return list_collection(cloud, req, res);
  }
  std::string type, name;
  type_and_name(req, type, name);
  const std::string id = id_of(req, req.size());
  const StoredResource* existing = cloud.store.find(id);
  if (req.method == "PUT" || req.method == "PATCH") {
    json request;
    if (!parse_body(req, res, request)) return;
    if (!request.is_object()) {
      arm_error(res, 400, "InvalidRequestContent", "The request content must be a JSON object.");
      return;
    }
    if (req.method == "PATCH") {
      if (!existing) return resource_not_found(res, type + "/" + name, req.segments[3]);
      json merged = existing->body;
      merged.merge_patch(request);
      return put(cloud, req, res, id, type, name, merged);
    }
    return put(cloud, req, res, id, type, name, request);
  }
  if (req.method == "GET" || req.method == "HEAD") {
    if (!existing) return resource_not_found(res, type + "/" + name, req.segments[3]);
    return res.set(req.method == "HEAD" ? 204 : 200, req.method == "HEAD" ? json() : render_resource(cloud, *existing));
  }
  if (req.method == "DELETE") {
    if (!existing) return res.set(204);
    cloud.store.erase_tree(existing->id);
    return res.set(200);
  }
  method_not_allowed(req, res);
}

void handle_group_resources(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (req.method != "GET") return method_not_allowed(req, res);
  const std::string group = id_of(req, 4);
  if (!cloud.store.find(group)) {
    arm_error(res, 404, "ResourceGroupNotFound", "Resource group '" + req.segments[3] + "' could not be found.");
    return;
  }
  json value = json::array();
  const std::string below = lower_case(group) + "/";
  for (const StoredResource* r : cloud.store.all()) {
    // Top-level resources only: …/providers/{namespace}/{type}/{name}.
    if (!lower_case(r->id).starts_with(below) || segment_count(r->id) != 8) continue;
    json entry = {{"id", r->id}, {"name", id_name(r->id)}, {"type", r->type}};
    for (const char* key : {"location", "tags", "sku", "kind", "plan", "identity", "zones"})
      if (r->body.contains(key) && !r->body[key].is_null()) entry[key] = r->body[key];
    value.push_back(entry);
  }
  res.set(200, {{"value", value}});
}

}  // namespace forma::emulator
