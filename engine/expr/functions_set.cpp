// setunion setintersection setsubtract. Sets are JSON arrays; results are
// canonical (sorted, no duplicates) so equal sets compare equal.
#include <algorithm>

#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

bool all_lists(const Args& a) {
  return std::all_of(a.begin(), a.end(), [](const json& v) { return v.is_array(); });
}

bool has(const json& set, const json& v) { return std::find(set.begin(), set.end(), v) != set.end(); }

FunctionResult setunion_fn(const Args& a, const Ctx&) {
  if (!all_lists(a)) return fail("setunion arguments must be sets or lists");
  json all = json::array();
  for (const auto& s : a) all.insert(all.end(), s.begin(), s.end());
  return ok(canonical_set(all));
}

FunctionResult setintersection_fn(const Args& a, const Ctx&) {
  if (!all_lists(a)) return fail("setintersection arguments must be sets or lists");
  json out = json::array();
  for (const auto& v : a[0]) {
    if (std::all_of(a.begin() + 1, a.end(), [&](const json& s) { return has(s, v); })) out.push_back(v);
  }
  return ok(canonical_set(out));
}

FunctionResult setsubtract_fn(const Args& a, const Ctx&) {
  if (!all_lists(a)) return fail("setsubtract arguments must be sets or lists");
  json out = json::array();
  for (const auto& v : a[0]) {
    if (!has(a[1], v)) out.push_back(v);
  }
  return ok(canonical_set(out));
}

}  // namespace

std::vector<FunctionSpec> set_functions() {
  return {
      {"setunion", 1, -1, false, setunion_fn},
      {"setintersection", 1, -1, false, setintersection_fn},
      {"setsubtract", 2, 2, false, setsubtract_fn},
  };
}

}  // namespace forma::expr::fn
