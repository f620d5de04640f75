// The state commands that only read: list, show, pull, history.
#include <algorithm>

#include "state/command_support.h"
#include "state/state_document.h"

namespace forma::state {
namespace {

std::string show_object(const ResourceObject& o) {
  std::string text = "# " + o.address + (o.deposed.empty() ? "" : " (deposed " + o.deposed + ")") + ":\n";
  text += "type     = " + o.type + "\n";
  text += "provider = " + o.provider + "\n";
  text += "status   = " + to_string(o.status) + "\n";
  if (!o.dependencies.empty()) {
    text += "depends on:\n";
    for (const auto& d : o.dependencies) text += "  " + d + "\n";
  }
  json shown = redact(o.attributes, o.sensitive_paths);
  text += "attributes:\n";
  if (!shown.is_object()) return text + "  " + shown.dump() + "\n";
  for (const auto& [name, value] : shown.items()) {
    std::string rendered = value.dump();
    // redact() leaves a quoted marker; show it bare so it cannot pass for data.
    if (rendered == "\"(sensitive value)\"") rendered = "(sensitive value)";
    text += "  " + name + " = " + rendered + "\n";
  }
  return text;
}

}  // namespace

CommandResult state_list(Store& store, const std::string& address_prefix) {
  std::vector<std::string> lines;
  for (const auto& o : store.resources()) {
    if (!address_prefix.empty() && !address_has_prefix(o.address, address_prefix)) continue;
    lines.push_back(o.address + (o.deposed.empty() ? "" : " (deposed " + o.deposed + ")"));
  }
  std::sort(lines.begin(), lines.end());
  std::string out;
  for (const auto& l : lines) out += l + "\n";
  return {Status::ok(), out};
}

CommandResult state_show(Store& store, const std::string& address) {
  auto parsed = parse_instance_address(address);
  if (!parsed) return failed("\"" + address + "\" is not a resource address");
  auto all = store.resources();
  auto objects = objects_at(all, *parsed);
  if (objects.empty()) return failed(no_match_message(all, address));
  std::string out;
  for (const auto& o : objects) out += (out.empty() ? "" : "\n") + show_object(o);
  return {Status::ok(), out};
}

CommandResult state_pull(Store& store) {
  return {Status::ok(), to_document(store.snapshot(true)).dump(2) + "\n"};
}

CommandResult state_history(Store& store, const std::string& address_prefix) {
  std::string out;
  for (const auto& e : store.history(address_prefix)) {
    out += "serial " + std::to_string(e.serial) + "  " + e.time + "  " + e.operation + "  " + e.action + "  " +
           (e.address.empty() ? "(whole state)" : e.address) + "  by " + e.user + "\n";
  }
  return {Status::ok(), out};
}

}  // namespace forma::state
