// The nodes of Batch AI clusters as real nodes: their ids, keys and
// directories, the shares they mount and the setup task they run, listed
// for the node supervisor from what the simulation says exists now.
//
// Layout under the data directory:
//   nodes/<group>/<workspace>/<cluster>/<node id>/   a node's home
//     .forma/ssh_host_ed25519_key, .forma/bin/hostname, .forma/setup-state
//     mounts/<relativeMountPath> -> a shared directory ($AZ_BATCHAI_MOUNT_ROOT)
//     tmp/                                           $AZ_BATCHAI_JOB_TEMP
//   shares/<account>/files/<share>/                  an Azure file share's content
//   shares/<account>/blobs/<container>/              a blob container's content
//   shares/fileservers/<group>/<workspace>/<name>/   a Batch AI file server's export
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "providers/azure/emulator/cloud.h"
#include "providers/azure/emulator/node_supervisor.h"

namespace forma::emulator {

// "tvm-3601533753_1-20170719t162906z": the id of a cluster's node `index` (0-based).
std::string batchai_node_id(const StoredResource& cluster, int index);
// The supervisor's key of that node: "batchai/<group>/<workspace>/<cluster>/<node id>", lower case.
std::string batchai_node_key(const StoredResource& cluster, int index);
// nodeSetup.setupTask.stdOutErrPathSuffix: "<subscription>/<group>/workspaces/<ws>/clusters/<cluster>/<uuid>".
std::string setup_output_suffix(const StoredResource& cluster);

std::filesystem::path file_share_directory(const Cloud& cloud, const std::string& account,
                                           const std::string& share);
std::filesystem::path blob_container_directory(const Cloud& cloud, const std::string& account,
                                               const std::string& container);

// Every node of every Batch AI cluster that exists at `now`.
std::vector<DesiredNode> batchai_desired_nodes(const Cloud& cloud, int64_t now);

}  // namespace forma::emulator
