// The instances of scale sets as real nodes, listed for the node supervisor
// beside Batch AI cluster nodes: each running instance behind an inbound NAT
// pool serves SSH at its public IP's loopback address and NAT port
// (frontendPortRangeStart + instance id) for the admin user, and the Azure
// Files share a DSVM mount command names is linked into every instance, so
// all of them see one directory.
//
// Layout under the data directory:
//   nodes/scalesets/<group>/<scale set>/<instance name>/   an instance's home (~admin)
//     datamnt/<share>  -> shares/<account>/files/<share>/  the mount point (/datamnt/… on Azure)
//     notebooks/remote -> the same share                   (~/notebooks/remote on Azure)
//     .forma/custom-script/                                stdout.txt, stderr.txt of any other command
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "providers/azure/emulator/cloud.h"
#include "providers/azure/emulator/node_supervisor.h"

namespace forma::emulator {

// The supervisor's key of instance `instance_id`: "vmss/<group>/<scale set>/<id>", lower case.
std::string scale_set_node_key(const StoredResource& scale_set, int instance_id);

// What a DSVM mount command ("bash mountazurefiles.sh ACCOUNT KEY SHARE
// MOUNTPOINT USER") mounts, relative to the instance's home; none for any
// other command.
std::vector<NodeMount> mounts_of_command(const Cloud& cloud, const std::string& command);

// Every running instance, behind a NAT pool, of every scale set at `now`.
std::vector<DesiredNode> scale_set_desired_nodes(const Cloud& cloud, int64_t now);

}  // namespace forma::emulator
