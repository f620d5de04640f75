// The life cycle Microsoft.Network and Microsoft.Compute resources share:
// PUT (201 created or 200 updated, the body at once with provisioningState
// Updating/Creating, then Succeeded when the Azure-AsyncOperation ends), GET,
// HEAD, PATCH (a JSON merge patch of the resource, checked like a PUT),
// DELETE (202, long-running; refused while something still uses it) and list.
// A kind supplies the checks and the properties.
#pragma once

#include <functional>
#include <string>

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

struct TrackedKind {
  std::string provider;        // "Microsoft.Network"
  std::string type;            // "Microsoft.Network/loadBalancers"
  std::string busy_state;      // provisioningState while an operation runs: "Updating" or "Creating"
  bool child = false;          // a child resource (subnet): no location or tags of its own
  // Fills `resource` (body: everything but id/name/type/location/tags; internal)
  // from the request body; `existing` is the stored resource on an update. On
  // a bad request fills `res` and returns false.
  std::function<bool(Cloud&, const json& request, const StoredResource* existing, StoredResource& resource,
                     ArmResponse& res)>
      accept;
  // True, with `res` filled, when the resource may not be deleted now.
  std::function<bool(const Cloud&, const StoredResource&, ArmResponse&)> in_use;
  // The body a PATCH is merged into: the stored body plus what GET leaves out.
  std::function<json(const Cloud&, const StoredResource&)> patch_base;
};

// One request to the resource `id` (its parent exists). `location` is the
// parent's, used for child resources' operations.
void handle_tracked(Cloud& cloud, const ArmRequest& req, ArmResponse& res, const TrackedKind& kind,
                    const std::string& id, const std::string& location = "");

// ARM's 404 for a missing resource of `type` ("Microsoft.Network/loadBalancers/lb").
void resource_not_found(ArmResponse& res, const std::string& type_and_name, const std::string& group);

// 400 InvalidParameter naming the property.
bool invalid_property(ArmResponse& res, const std::string& property, const std::string& message);

// The name ("lb") and the resource group name of an ARM id.
std::string id_name(const std::string& id);
std::string id_group(const std::string& id);

}  // namespace forma::emulator
