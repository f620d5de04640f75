// A storage account's file shares (…/fileServices/default/shares/{share})
// and blob containers (…/blobServices/default/containers/{container}):
// PUT (201 created, 200 updated), GET, DELETE, list.
#include <filesystem>
#include <regex>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/batchai_nodes.h"

namespace forma::emulator {
namespace {

struct ChildKind {
  const char* service;     // "fileServices"
  const char* collection;  // "shares"
  const char* type;        // "Microsoft.Storage/storageAccounts/fileServices/shares"
  const char* not_found_code;
  const char* not_found_message;
};

const ChildKind kShares = {"fileServices", "shares", "Microsoft.Storage/storageAccounts/fileServices/shares",
                           "ShareNotFound", "The specified share does not exist."};
const ChildKind kContainers = {"blobServices", "containers",
                               "Microsoft.Storage/storageAccounts/blobServices/containers",
                               "ContainerNotFound", "The specified container does not exist."};

// 3-63 characters: lower-case letters, digits and single hyphens, starting with a letter or digit.
bool valid_child_name(const std::string& name) {
  static const std::regex pattern("[a-z0-9](?:[a-z0-9]|-(?=[a-z0-9])){2,62}");
  return std::regex_match(name, pattern);
}

std::string etag(int64_t now) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "\"0x8D%011llX\"",
                static_cast<unsigned long long>(now) & 0xFFFFFFFFFFFULL);
  return buffer;
}

bool invalid(ArmResponse& res, const std::string& property, const std::string& message) {
  arm_error(res, 400, "InvalidParameter",
            "Values for request parameters are invalid: " + property + ". " + message);
  return true;
}

// The properties a share or container answers with, from what the request set.
bool child_properties(const ChildKind& kind, const json& requested, int64_t now, json& out,
                      ArmResponse& res) {
  out = requested.is_object() ? requested : json::object();
  out["lastModifiedTime"] = iso_time(now).substr(0, 19) + "Z";
  if (!out.contains("metadata")) out["metadata"] = json::object();
  if (&kind == &kShares) {
    if (!out.contains("shareQuota")) out["shareQuota"] = 5120;
    if (!out["shareQuota"].is_number_integer() || out["shareQuota"].get<int>() < 1 ||
        out["shareQuota"].get<int>() > 102400)
      return !invalid(res, "shareQuota", "The share quota must be an integer from 1 to 102400 (GiB).");
    return true;
  }
  if (!out.contains("publicAccess")) out["publicAccess"] = "None";
  const json access = out["publicAccess"];
  if (!access.is_string() || (access != "None" && access != "Container" && access != "Blob"))
    return !invalid(res, "publicAccess", "publicAccess must be None, Container or Blob.");
  out["leaseStatus"] = "Unlocked";
  out["leaseState"] = "Available";
  out["hasImmutabilityPolicy"] = false;
  out["hasLegalHold"] = false;
  return true;
}

// What nodes that mount the share or container see (batchai_nodes.h).
std::filesystem::path content_directory(const Cloud& cloud, const ChildKind& kind, const ArmRequest& req) {
  return &kind == &kShares ? file_share_directory(cloud, req.segments[7], req.segments[11])
                           : blob_container_directory(cloud, req.segments[7], req.segments[11]);
}

void put_child(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const ChildKind& kind,
               const std::string& id, const StoredResource* existing) {
  const std::string& name = req.segments[11];
  json body;
  if (!parse_body(req, res, body)) return;
  if (!valid_child_name(name))
    return arm_error(res, 400, "InvalidResourceName",
                     "The resource name '" + name +
                         "' is invalid: use 3-63 lower-case letters, digits and single "
                         "hyphens, starting with a letter or digit.");
  if (!body.is_object()) return (void)invalid(res, "body", "The body must be a JSON object.");
  const int64_t now = cloud.now();
  json properties;
  if (!child_properties(kind, body.value("properties", json::object()), now, properties, res)) return;
  StoredResource child{existing ? existing->id : id, kind.type, {}, json::object()};
  child.body = {
      {"id", child.id}, {"name", name}, {"type", kind.type}, {"etag", etag(now)}, {"properties", properties}};
  cloud.store.put(child);
  std::error_code ec;
  std::filesystem::create_directories(content_directory(cloud, kind, req), ec);
  res.set(existing ? 200 : 201, child.body);
}

}  // namespace

void handle_storage_children(Cloud& cloud, const ArmRequest& req, ArmResponse& res,
                             const StoredResource& account) {
  const ChildKind* kind = req.is(8, "fileservices") && req.is(10, "shares")       ? &kShares
                          : req.is(8, "blobservices") && req.is(10, "containers") ? &kContainers
                                                                                  : nullptr;
  if (!kind || !req.is(9, "default") || req.size() > 12)
    return arm_error(res, 404, "InvalidResourceType",
                     "The resource type could not be found in the namespace 'Microsoft.Storage'.");
  const std::string parent = account.id + "/" + kind->service + "/default";
  if (req.size() == 11) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(parent, kind->type)));
  }
  const std::string id = parent + "/" + kind->collection + "/" + req.segments[11];
  const StoredResource* existing = cloud.store.find(id);
  if (req.method == "PUT") return put_child(cloud, req, res, *kind, id, existing);
  if (req.method == "DELETE") {
    if (!existing) return res.set(204);
    cloud.store.erase_tree(existing->id);
    std::error_code ec;
    std::filesystem::remove_all(content_directory(cloud, *kind, req), ec);
    return res.set(200);
  }
  if (req.method != "GET" && req.method != "HEAD") return method_not_allowed(req, res);
  if (!existing) return arm_error(res, 404, kind->not_found_code, kind->not_found_message);
  res.set(200, existing->body);
}

}  // namespace forma::emulator
