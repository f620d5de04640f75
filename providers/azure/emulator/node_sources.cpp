#include "providers/azure/emulator/node_sources.h"

#include "providers/azure/emulator/batchai_nodes.h"
#include "providers/azure/emulator/scale_set_nodes.h"

namespace forma::emulator {

const std::vector<NodeSource>& node_sources() {
  static const std::vector<NodeSource> sources = {batchai_desired_nodes, scale_set_desired_nodes};
  return sources;
}

std::vector<DesiredNode> desired_nodes(const Cloud& cloud, int64_t now) {
  std::vector<DesiredNode> out;
  for (NodeSource source : node_sources()) {
    std::vector<DesiredNode> some = source(cloud, now);
    out.insert(out.end(), std::make_move_iterator(some.begin()), std::make_move_iterator(some.end()));
  }
  return out;
}

}  // namespace forma::emulator
