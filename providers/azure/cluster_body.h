// azure_batchai_cluster's arguments as the Batch AI 2018-05-01 request body
// (ClusterCreateParameters, ClusterUpdateParameters) — the same body
// `az batchai cluster create` sends. Pure functions: no I/O.
#pragma once

#include <optional>
#include <string>

#include "engine/base/value.h"

namespace forma::azure {

// The storage that auto_storage made, mounted after the explicit mounts.
struct AutoStorageMounts {
  std::string account_name;
  std::string account_key;  // sensitive
  std::string file_url;     // https://{account}.file.core.windows.net/{share}
  std::string share_mount_path;
  std::string container;
  std::string container_mount_path;
};

// The PUT body for a planned cluster whose unknowns are resolved and whose
// mounts carry their account keys. `file_properties` is the "properties" of
// config_file (or an empty object): arguments override its settings and
// append to its mounts, as the CLI does.
json cluster_create_body(const json& planned, const json& file_properties,
                         const std::optional<AutoStorageMounts>& auto_storage);

// {"properties": {"scaleSettings": …}}: the only thing Batch AI can change in place.
json cluster_update_body(const json& scale);

// The scale block as ARM scaleSettings; null when the block is null.
json scale_settings(const json& scale);

// The image reference the arguments ask for; null when they ask for none.
json image_reference_body(const json& planned);

// "$AZ_BATCHAI_MOUNT_ROOT/<first file share mount>", or "" without a share.
std::string default_setup_output(const json& planned);

}  // namespace forma::azure
