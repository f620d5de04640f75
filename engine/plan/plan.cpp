#include "engine/plan/plan.h"

namespace forma::plan {

const char* to_string(Action a) {
  switch (a) {
    case Action::NoOp: return "no-op";
    case Action::Create: return "create";
    case Action::Read: return "read";
    case Action::Update: return "update";
    case Action::Replace: return "replace";
    case Action::Delete: return "delete";
    case Action::Forget: return "forget";
  }
  return "?";
}

int Plan::count(Action a) const {
  int n = 0;
  for (const auto& c : changes)
    if (c.action == a) ++n;
  return n;
}

bool Plan::has_changes() const {
  for (const auto& c : changes)
    if (c.action != Action::NoOp && c.action != Action::Read) return true;
  for (const auto& o : outputs)
    if (o.action != Action::NoOp) return true;
  return false;
}

}  // namespace forma::plan
