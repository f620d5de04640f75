// length element index lookup keys values merge concat contains distinct
// flatten slice sort reverse zipmap coalesce coalescelist compact chunklist
// alltrue anytrue one
#include <algorithm>

#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

// Functions registered with accepts_unknown=true check their arguments
// themselves: an unknown argument makes the result unknown, but unknown
// elements inside a known list or map pass through untouched.

FunctionResult length_fn(const Args& a, const Ctx&) {
  if (any_unknown(a)) return ok(unknown_value());
  if (a[0].is_array() || a[0].is_object()) return ok(a[0].size());
  if (a[0].is_string()) return ok(code_points(a[0].get<std::string>()).size());
  return fail("length requires a string, list or map, not " + type_name(a[0]));
}

FunctionResult element_fn(const Args& a, const Ctx&) {
  if (any_unknown(a)) return ok(unknown_value());
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  auto index = as_integer(a[1]);
  if (!index) return fail(bad_arg("index", "whole number"));
  if (*index < 0) {
    return fail("element index " + std::to_string(*index) + " out of range for list of length " +
                std::to_string(a[0].size()));
  }
  if (a[0].empty()) return fail("cannot use element function with an empty list");
  return ok(a[0][static_cast<size_t>(*index) % a[0].size()]);  // wraps around, as in Terraform
}

FunctionResult index_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  auto it = std::find(a[0].begin(), a[0].end(), a[1]);
  if (it == a[0].end()) return fail("item not found");
  return ok(it - a[0].begin());
}

FunctionResult lookup_fn(const Args& a, const Ctx&) {
  if (is_unknown(a[0]) || is_unknown(a[1])) return ok(unknown_value());
  if (!a[0].is_object()) return fail(bad_arg("inputMap", "map"));
  auto key = as_string(a[1]);
  if (!key) return fail(bad_arg("key", "string"));
  if (auto it = a[0].find(*key); it != a[0].end()) return ok(*it);
  if (a.size() == 3) return ok(a[2]);
  return fail("lookup failed to find key \"" + *key + "\"");
}

FunctionResult keys_values(const Args& a, bool keys) {
  if (any_unknown(a)) return ok(unknown_value());
  if (!a[0].is_object()) return fail(bad_arg("inputMap", "map"));
  json out = json::array();
  for (auto& [k, v] : a[0].items()) out.push_back(keys ? json(k) : v);  // key order
  return ok(out);
}
FunctionResult keys_fn(const Args& a, const Ctx&) { return keys_values(a, true); }
FunctionResult values_fn(const Args& a, const Ctx&) { return keys_values(a, false); }

FunctionResult merge_fn(const Args& a, const Ctx&) {
  if (any_unknown(a)) return ok(unknown_value());
  json out = json::object();
  for (const auto& m : a) {
    if (m.is_null()) continue;
    if (!m.is_object()) return fail("arguments must be maps or objects, got " + type_name(m));
    for (auto& [k, v] : m.items()) out[k] = v;
  }
  return ok(out);
}

FunctionResult concat_fn(const Args& a, const Ctx&) {
  if (any_unknown(a)) return ok(unknown_value());
  json out = json::array();
  for (const auto& l : a) {
    if (!l.is_array()) return fail("all arguments must be lists or tuples, got " + type_name(l));
    out.insert(out.end(), l.begin(), l.end());
  }
  return ok(out);
}

FunctionResult contains_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  return ok(std::find(a[0].begin(), a[0].end(), a[1]) != a[0].end());
}

FunctionResult distinct_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  json out = json::array();
  for (const auto& v : a[0]) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return ok(out);
}

void flatten_into(const json& list, json& out, int depth) {
  for (const auto& v : list) {
    if (v.is_array() && depth < 256) flatten_into(v, out, depth + 1);
    else out.push_back(v);
  }
}
FunctionResult flatten_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  json out = json::array();
  flatten_into(a[0], out, 0);
  return ok(out);
}

FunctionResult slice_fn(const Args& a, const Ctx&) {
  if (any_unknown(a)) return ok(unknown_value());
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  auto start = as_integer(a[1]), end = as_integer(a[2]);
  if (!start || !end) return fail("slice indexes must be whole numbers");
  long long n = static_cast<long long>(a[0].size());
  if (*start < 0 || *start > n) return fail("start index " + std::to_string(*start) + " out of range for list of length " + std::to_string(n));
  if (*end < *start || *end > n) return fail("end index " + std::to_string(*end) + " out of range for list of length " + std::to_string(n) + " and start index " + std::to_string(*start));
  return ok(json(std::vector<json>(a[0].begin() + *start, a[0].begin() + *end)));
}

FunctionResult sort_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list of strings"));
  std::vector<std::string> items;
  for (const auto& v : a[0]) {
    auto s = as_string(v);
    if (!s) return fail("sort requires a list of strings, but the list contains a " + type_name(v));
    items.push_back(*s);
  }
  std::sort(items.begin(), items.end());
  return ok(items);
}

FunctionResult reverse_fn(const Args& a, const Ctx&) {
  if (any_unknown(a)) return ok(unknown_value());
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  return ok(json(std::vector<json>(a[0].rbegin(), a[0].rend())));
}

FunctionResult zipmap_fn(const Args& a, const Ctx&) {
  if (is_unknown(a[0]) || is_unknown(a[1]) || contains_unknown(a[0])) return ok(unknown_value());
  if (!a[0].is_array() || !a[1].is_array()) return fail("zipmap requires a list of keys and a list of values");
  if (a[0].size() != a[1].size()) {
    return fail("number of keys (" + std::to_string(a[0].size()) + ") does not match number of values (" + std::to_string(a[1].size()) + ")");
  }
  json out = json::object();
  for (size_t i = 0; i < a[0].size(); ++i) {
    auto k = as_string(a[0][i]);
    if (!k) return fail("zipmap keys must be strings, but key " + std::to_string(i) + " is a " + type_name(a[0][i]));
    out[*k] = a[1][i];
  }
  return ok(out);
}

FunctionResult coalesce_fn(const Args& a, const Ctx&) {
  for (const auto& v : a) {
    if (!v.is_null() && v != "") return ok(v);
  }
  return fail("no non-null, non-empty-string arguments");
}

FunctionResult coalescelist_fn(const Args& a, const Ctx&) {
  for (const auto& v : a) {
    if (!v.is_array()) return fail("coalescelist arguments must be lists, got " + type_name(v));
    if (!v.empty()) return ok(v);
  }
  return fail("no non-empty list arguments");
}

FunctionResult compact_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list of strings"));
  json out = json::array();
  for (const auto& v : a[0]) {
    if (v.is_null() || v == "") continue;
    auto s = as_string(v);
    if (!s) return fail("compact requires a list of strings, but the list contains a " + type_name(v));
    out.push_back(*s);
  }
  return ok(out);
}

FunctionResult chunklist_fn(const Args& a, const Ctx&) {
  if (any_unknown(a)) return ok(unknown_value());
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  auto size = as_integer(a[1]);
  if (!size || *size < 0) return fail("the size argument must be a non-negative whole number");
  if (*size == 0) return ok(json::array({a[0]}));
  json out = json::array();
  for (size_t i = 0; i < a[0].size(); i += static_cast<size_t>(*size)) {
    size_t end = std::min(a[0].size(), i + static_cast<size_t>(*size));
    out.push_back(json(std::vector<json>(a[0].begin() + static_cast<long>(i), a[0].begin() + static_cast<long>(end))));
  }
  return ok(out);
}

FunctionResult all_any(const Args& a, bool all) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list of bools"));
  for (const auto& v : a[0]) {
    auto b = as_bool(v);
    if (!b) return fail(std::string(all ? "alltrue" : "anytrue") + " requires a list of bools, but the list contains a " + type_name(v));
    if (*b != all) return ok(!all);
  }
  return ok(all);
}
FunctionResult alltrue_fn(const Args& a, const Ctx&) { return all_any(a, true); }
FunctionResult anytrue_fn(const Args& a, const Ctx&) { return all_any(a, false); }

FunctionResult one_fn(const Args& a, const Ctx&) {
  if (!a[0].is_array()) return fail(bad_arg("list", "list"));
  if (a[0].size() > 1) return fail("must be a list with either zero or one elements, not " + std::to_string(a[0].size()));
  return ok(a[0].empty() ? json(nullptr) : a[0][0]);
}

}  // namespace

std::vector<FunctionSpec> collection_functions() {
  return {
      {"length", 1, 1, true, length_fn},       {"element", 2, 2, true, element_fn},
      {"index", 2, 2, false, index_fn},        {"lookup", 2, 3, true, lookup_fn},
      {"keys", 1, 1, true, keys_fn},           {"values", 1, 1, true, values_fn},
      {"merge", 0, -1, true, merge_fn},        {"concat", 1, -1, true, concat_fn},
      {"contains", 2, 2, false, contains_fn},  {"distinct", 1, 1, false, distinct_fn},
      {"flatten", 1, 1, false, flatten_fn},    {"slice", 3, 3, true, slice_fn},
      {"sort", 1, 1, false, sort_fn},          {"reverse", 1, 1, true, reverse_fn},
      {"zipmap", 2, 2, true, zipmap_fn},       {"coalesce", 1, -1, false, coalesce_fn},
      {"coalescelist", 1, -1, false, coalescelist_fn}, {"compact", 1, 1, false, compact_fn},
      {"chunklist", 2, 2, true, chunklist_fn}, {"alltrue", 1, 1, false, alltrue_fn},
      {"anytrue", 1, 1, false, anytrue_fn},    {"one", 1, 1, false, one_fn},
  };
}

}  // namespace forma::expr::fn
