// `state mv SRC DST`: rename a resource (all its instances, keys kept) or move
// one object to an exact address, into or out of count/for_each instances:
//   test_null.a -> test_null.b          test_null.a -> test_null.b[0]
//   test_null.a[0] -> test_null.a["k"]  test_null.a[0] -> module.m.test_null.a
// Dependencies that name a moved address are renamed with it.
#include <map>

#include "state/command_support.h"

namespace forma::state {
namespace {

struct MovePlan {
  std::map<std::string, std::string> renames;  // old address -> new address
  std::vector<ResourceObject> moved;           // objects at their old addresses
};

bool occupied(const std::vector<ResourceObject>& all, const InstanceAddress& dst, bool whole_resource) {
  for (const auto& o : all) {
    auto a = parse_instance_address(o.address);
    if (!a || a->resource != dst.resource) continue;
    // Keyed instances of one resource only clash on the same key; an unkeyed
    // object clashes with anything of that resource.
    if (whole_resource || dst.key.empty() || a->key.empty() || a->key == dst.key) return true;
  }
  return false;
}

std::optional<MovePlan> plan_move(const std::vector<ResourceObject>& all, const InstanceAddress& src,
                                  const InstanceAddress& dst, Status& status) {
  MovePlan plan;
  auto at_src = objects_at(all, src);
  bool exact = std::any_of(at_src.begin(), at_src.end(), [&](const ResourceObject& o) { return o.address == src.text(); });
  if (at_src.empty()) {
    status = Status::error(no_match_message(all, src.text()));
    return std::nullopt;
  }
  bool whole_resource = src.key.empty() && !exact;
  if (whole_resource && !dst.key.empty()) {
    status = Status::error(src.text() + " has several instances; move them one at a time, e.g. " +
                           at_src.front().address + " to " + dst.text());
    return std::nullopt;
  }
  if (occupied(all, dst, whole_resource)) {
    status = Status::error("cannot move to " + dst.text() + ": it already exists in the state");
    return std::nullopt;
  }
  for (const auto& o : at_src) {
    if (!whole_resource && o.address != src.text()) continue;
    if (!dst.type().empty() && o.type != dst.type()) {
      status = Status::error("cannot move " + o.address + " to " + dst.text() + ": the resource type is " + o.type);
      return std::nullopt;
    }
    std::string key = parse_instance_address(o.address)->key;
    plan.renames[o.address] = whole_resource ? dst.resource + key : dst.text();
    plan.moved.push_back(o);
  }
  if (whole_resource) plan.renames[src.resource] = dst.resource;
  return plan;
}

std::vector<std::string> renamed(const std::vector<std::string>& deps, const std::map<std::string, std::string>& renames,
                                 bool& changed) {
  std::vector<std::string> out;
  for (const auto& d : deps) {
    auto it = renames.find(d);
    changed = changed || it != renames.end();
    out.push_back(it == renames.end() ? d : it->second);
  }
  return out;
}

Status apply_move(Store& store, const std::vector<ResourceObject>& all, const MovePlan& plan) {
  for (const auto& o : plan.moved) {
    ResourceObject moved = o;
    moved.address = plan.renames.at(o.address);
    HistoryEntry out_row = history_row("state mv", o.address, "move");
    HistoryEntry in_row = history_row("state mv", moved.address, "move");
    if (Status s = store.remove(o.address, o.deposed, &out_row); !s) return s;
    if (Status s = store.put(moved, &in_row); !s) return s;
  }
  for (const auto& o : all) {
    if (plan.renames.count(o.address)) continue;
    bool changed = false;
    ResourceObject updated = o;
    updated.dependencies = renamed(o.dependencies, plan.renames, changed);
    if (changed)
      if (Status s = store.put(updated); !s) return s;
  }
  return store.bump_serial();
}

}  // namespace

CommandResult state_mv(Store& store, const std::string& source, const std::string& destination) {
  auto src = parse_instance_address(source);
  if (!src) return failed("\"" + source + "\" is not a resource address");
  auto dst = parse_instance_address(destination);
  if (!dst) return failed("\"" + destination + "\" is not a resource address");
  if (src->text() == dst->text()) return failed("the source and destination are the same address");
  auto all = store.resources();
  Status status;
  auto plan = plan_move(all, *src, *dst, status);
  if (!plan) return failed(status.message() + " Nothing was moved.");
  status = store.transaction([&] { return apply_move(store, all, *plan); });
  if (!status) return failed("state mv failed, nothing was moved: " + status.message());
  std::string out;
  for (const auto& o : plan->moved) {
    if (!o.deposed.empty()) continue;
    out += "Moved " + o.address + " to " + plan->renames.at(o.address) + "\n";
  }
  return {Status::ok(), out};
}

}  // namespace forma::state
