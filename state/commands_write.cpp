// The state commands that write: rm, push, taint, untaint, rekey (mv has its
// own file). Each checks everything first, then changes the state in one
// transaction.
#include <fstream>
#include <set>

#include "engine/base/text.h"
#include "state/command_support.h"
#include "state/state_document.h"

namespace forma::state {
namespace {

// The current object at an instance address, for taint/untaint.
std::optional<ResourceObject> instance_at(Store& store, const std::string& address, Status& status) {
  auto parsed = parse_instance_address(address);
  if (!parsed) {
    status = Status::error("\"" + address + "\" is not a resource address");
    return std::nullopt;
  }
  auto all = store.resources();
  for (const auto& o : all)
    if (o.address == address && o.deposed.empty()) return o;
  auto instances = objects_at(all, *parsed);
  status = Status::error(instances.empty() ? no_match_message(all, address)
                                           : address + " has several instances; name one, e.g. " +
                                                 instances.front().address);
  return std::nullopt;
}

CommandResult set_status(Store& store, const std::string& address, ResourceStatus from, ResourceStatus to,
                         const std::string& verb) {
  Status status;
  auto object = instance_at(store, address, status);
  if (!object) return failed(status.message());
  if (object->status != from) {
    std::string why = object->status == ResourceStatus::Tainted ? "it is already tainted"
                      : object->status == ResourceStatus::Created
                          ? "it is not tainted"
                          : "it is " + to_string(object->status) +
                                " (an apply was interrupted); run apply to reconcile it first";
    return failed("cannot " + verb + " " + address + ": " + why);
  }
  object->status = to;
  HistoryEntry row = history_row(verb, address, verb);
  status = store.transaction([&]() -> Status {
    if (Status s = store.put(*object, &row); !s) return s;
    return store.bump_serial();
  });
  if (!status) return failed(status.message());
  return {Status::ok(), "Resource instance " + address + " has been " + verb + "ed.\n"};
}

}  // namespace

CommandResult state_rm(Store& store, const std::vector<std::string>& addresses) {
  if (addresses.empty()) return failed("state rm needs at least one address");
  auto all = store.resources();
  std::vector<ResourceObject> doomed;
  std::set<std::pair<std::string, std::string>> seen;
  for (const auto& address : addresses) {
    if (!parse_instance_address(address) && address.rfind("module.", 0) != 0)
      return failed("\"" + address + "\" is not a resource address");
    size_t before = doomed.size();
    for (const auto& o : all)
      if (address_has_prefix(o.address, address) && seen.insert({o.address, o.deposed}).second)
        doomed.push_back(o);
    if (doomed.size() == before && !std::any_of(all.begin(), all.end(), [&](const ResourceObject& o) {
          return address_has_prefix(o.address, address);
        }))
      return failed(no_match_message(all, address) + " Nothing was removed.");
  }
  Status status = store.transaction([&]() -> Status {
    for (const auto& o : doomed) {
      HistoryEntry row = history_row("state rm", o.address, "forget");
      if (Status s = store.remove(o.address, o.deposed, &row); !s) return s;
    }
    return store.bump_serial();
  });
  if (!status) return failed("state rm failed, nothing was removed: " + status.message());
  std::string out;
  for (const auto& o : doomed)
    out += "Removed " + o.address + (o.deposed.empty() ? "" : " (deposed " + o.deposed + ")") + "\n";
  out += "Successfully removed " + std::to_string(doomed.size()) + " resource instance(s).\n";
  return {Status::ok(), out};
}

CommandResult state_push(Store& store, const std::string& document_text, bool force) {
  json document = json::parse(document_text, nullptr, false);
  if (document.is_discarded()) return failed("the state document is not valid JSON");
  Status status;
  auto incoming = from_document(document, status);
  if (!incoming) return failed(status.message());
  const std::string lineage = store.lineage();
  const int64_t serial = store.serial();
  if (!force && incoming->lineage != lineage)
    return failed("cannot push: the document belongs to another state (lineage " + incoming->lineage +
                  ", this state's is " + lineage + "); use -force to replace it anyway");
  if (!force && incoming->serial < serial)
    return failed("cannot push: the document's serial " + std::to_string(incoming->serial) +
                  " is older than the state's " + std::to_string(serial) +
                  "; pull the state again, or use -force to replace it anyway");
  // The serial moves forward even on a forced push, so every copy can tell it changed.
  incoming->serial = std::max(serial + 1, incoming->serial);
  HistoryEntry row = history_row("state push", "", "replace");
  row.after_hash = sha256_hex(document_text);
  if (Status s = store.replace_all(*incoming, &row); !s) return failed("cannot push, nothing changed: " + s.message());
  return {Status::ok(), "Pushed " + std::to_string(incoming->resources.size()) +
                            " resource object(s); the state is now at serial " +
                            std::to_string(incoming->serial) + ".\n"};
}

CommandResult state_push_file(Store& store, const std::string& path, bool force) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return failed("cannot read " + quote(path));
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return state_push(store, text, force);
}

CommandResult state_taint(Store& store, const std::string& address) {
  return set_status(store, address, ResourceStatus::Created, ResourceStatus::Tainted, "taint");
}

CommandResult state_untaint(Store& store, const std::string& address) {
  return set_status(store, address, ResourceStatus::Tainted, ResourceStatus::Created, "untaint");
}

CommandResult state_rekey(Store& store, const std::optional<std::string>& new_key) {
  if (Status s = store.rekey(new_key); !s) return failed("cannot rekey, nothing changed: " + s.message());
  return {Status::ok(), new_key ? "Sensitive values are now encrypted with the new key.\n"
                                : "Sensitive values are now stored unencrypted.\n"};
}

}  // namespace forma::state
