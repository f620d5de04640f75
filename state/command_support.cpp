#include "state/command_support.h"

#include "engine/base/text.h"

namespace forma::state {

std::vector<ResourceObject> objects_at(const std::vector<ResourceObject>& all, const InstanceAddress& address) {
  std::vector<ResourceObject> out;
  for (const auto& o : all) {
    auto parsed = parse_instance_address(o.address);
    bool whole_resource = address.key.empty() && parsed && parsed->resource == address.resource;
    if (o.address == address.text() || whole_resource) out.push_back(o);
  }
  return out;
}

std::string no_match_message(const std::vector<ResourceObject>& all, const std::string& address) {
  std::vector<std::string> known;
  for (const auto& o : all) known.push_back(o.address);
  return "no resource in the state matches " + address + "." + did_you_mean(address, known);
}

HistoryEntry history_row(const std::string& operation, const std::string& address, const std::string& action) {
  HistoryEntry e;
  e.operation = operation;
  e.address = address;
  e.action = action;
  return e;
}

}  // namespace forma::state
