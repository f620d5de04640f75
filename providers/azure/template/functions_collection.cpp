// Array and object functions, including the lambda functions filter, map,
// reduce and sort.
#include <algorithm>

#include "providers/azure/template/functions.h"

namespace forma::azure::tmpl {

bool json_equals(const json& a, const json& b) { return a == b; }

namespace {

json fn_array(Call& c) { return c.args[0].is_array() ? c.args[0] : json::array({c.args[0]}); }

json fn_concat(Call& c) {
  bool arrays = !c.args.empty() && c.args[0].is_array();
  if (arrays) {
    json out = json::array();
    for (size_t i = 0; i < c.args.size(); ++i)
      for (const auto& e : c.array(i)) out.push_back(e);
    return out;
  }
  std::string out;
  for (size_t i = 0; i < c.args.size(); ++i) {
    if (contains_unknown(c.args[i])) return unknown_value();
    if (c.args[i].is_array())
      c.error("cannot join strings and arrays: argument " + std::to_string(i + 1) + " is an array");
    out += to_display_string(c.args[i]);
  }
  return out;
}

json fn_contains(Call& c) {
  const json& container = c.args[0];
  if (container.is_string())
    return container.get<std::string>().find(to_display_string(c.args[1])) != std::string::npos;
  if (container.is_array())
    return std::find(container.begin(), container.end(), c.args[1]) != container.end();
  if (container.is_object()) {
    std::string key = to_display_string(c.args[1]);
    for (auto it = container.begin(); it != container.end(); ++it)
      if (iequals(it.key(), key)) return true;
    return false;
  }
  c.wrong_type(0, "a string, an array or an object");
}

json fn_create_array(Call& c) { return json(c.args); }

json fn_create_object(Call& c) {
  if (c.args.size() % 2) c.error("expects key/value pairs, got an odd number of arguments");
  json out = json::object();
  for (size_t i = 0; i < c.args.size(); i += 2) {
    if (is_unknown(c.args[i])) return unknown_value();
    out[c.str(i)] = c.args[i + 1];
  }
  return out;
}

json fn_empty(Call& c) {
  const json& v = c.args[0];
  if (v.is_null()) return true;
  if (v.is_string()) return v.get_ref<const std::string&>().empty();
  if (v.is_array() || v.is_object()) return v.empty();
  c.wrong_type(0, "a string, an array, an object or null");
}

json first_or_last(Call& c, bool last) {
  const json& v = c.args[0];
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    if (s.empty()) return "";
    return std::string(1, last ? s.back() : s.front());
  }
  if (!v.is_array()) c.wrong_type(0, "a string or an array");
  if (v.empty()) return nullptr;
  return last ? v.back() : v.front();
}

json fn_first(Call& c) { return first_or_last(c, false); }
json fn_last(Call& c) { return first_or_last(c, true); }

json fn_length(Call& c) {
  const json& v = c.args[0];
  if (v.is_string()) return static_cast<int64_t>(v.get_ref<const std::string&>().size());
  if (v.is_array() || v.is_object()) return static_cast<int64_t>(v.size());
  c.wrong_type(0, "a string, an array or an object");
}

json skip_take(Call& c, bool skip) {
  int64_t n = std::max<int64_t>(0, c.integer(1));
  const json& v = c.args[0];
  if (v.is_string()) {
    const std::string& s = v.get_ref<const std::string&>();
    size_t k = std::min<size_t>(static_cast<size_t>(n), s.size());
    return skip ? s.substr(k) : s.substr(0, k);
  }
  if (!v.is_array()) c.wrong_type(0, "a string or an array");
  size_t k = std::min<size_t>(static_cast<size_t>(n), v.size());
  json out = json::array();
  for (size_t i = skip ? k : 0; i < (skip ? v.size() : k); ++i) out.push_back(v[i]);
  return out;
}

json fn_skip(Call& c) { return skip_take(c, true); }
json fn_take(Call& c) { return skip_take(c, false); }

void deep_merge(json& into, const json& from) {
  for (auto it = from.begin(); it != from.end(); ++it) {
    auto existing = into.find(it.key());
    if (existing != into.end() && existing->is_object() && it.value().is_object())
      deep_merge(*existing, it.value());
    else
      into[it.key()] = it.value();
  }
}

json fn_union(Call& c) {
  if (c.args[0].is_object()) {
    json out = json::object();
    for (size_t i = 0; i < c.args.size(); ++i) deep_merge(out, c.object(i));
    return out;
  }
  json out = json::array();
  for (size_t i = 0; i < c.args.size(); ++i)
    for (const auto& e : c.array(i))
      if (std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  return out;
}

json fn_intersection(Call& c) {
  if (c.args[0].is_object()) {
    json out = json::object();
    for (auto it = c.args[0].begin(); it != c.args[0].end(); ++it) {
      bool everywhere = true;
      for (size_t i = 1; i < c.args.size(); ++i) {
        const json& o = c.object(i);
        auto f = o.find(it.key());
        everywhere = everywhere && f != o.end() && *f == it.value();
      }
      if (everywhere) out[it.key()] = it.value();
    }
    return out;
  }
  json out = json::array();
  for (const auto& e : c.array(0)) {
    bool everywhere = true;
    for (size_t i = 1; i < c.args.size(); ++i) {
      const json& a = c.array(i);
      everywhere = everywhere && std::find(a.begin(), a.end(), e) != a.end();
    }
    if (everywhere && std::find(out.begin(), out.end(), e) == out.end()) out.push_back(e);
  }
  return out;
}

json fn_range(Call& c) {
  int64_t start = c.integer(0), count = c.integer(1);
  if (count < 0 || count > 10000) c.error("expects a count from 0 to 10000, got " + std::to_string(count));
  json out = json::array();
  for (int64_t i = 0; i < count; ++i) out.push_back(start + i);
  return out;
}

json fn_flatten(Call& c) {
  json out = json::array();
  for (const auto& e : c.array(0)) {
    if (!e.is_array()) c.error("expects an array of arrays, found " + type_name(e) + " inside");
    for (const auto& x : e) out.push_back(x);
  }
  return out;
}

json fn_items(Call& c) {
  json out = json::array();
  for (auto it = c.object(0).begin(); it != c.object(0).end(); ++it)
    out.push_back({{"key", it.key()}, {"value", it.value()}});
  return out;
}

json fn_json(Call& c) {
  json parsed = json::parse(c.str(0), nullptr, false);
  if (parsed.is_discarded()) c.error("expects a JSON document, got \"" + c.str(0) + "\"");
  return parsed;
}

json fn_null(Call&) { return nullptr; }

// ---- lambdas ---------------------------------------------------------------

struct Lambda {
  std::vector<std::string> names;
  const Expr* body;
};

Lambda lambda_arg(Call& c, size_t i, size_t params) {
  const Expr& e = *c.node.args.at(i);
  if (e.kind != Expr::Kind::Call || lower(e.text) != "lambda")
    c.error("expects argument " + std::to_string(i + 1) + " to be lambda('name', expression)");
  if (e.args.size() != params + 1)
    c.error("expects a lambda with " + std::to_string(params) + " variable(s)");
  Lambda l{{}, e.args.back().get()};
  for (size_t k = 0; k < params; ++k) {
    if (e.args[k]->kind != Expr::Kind::String) c.error("expects lambda variable names as 'quoted' strings");
    l.names.push_back(e.args[k]->text);
  }
  return l;
}

json apply_lambda(Call& c, const Lambda& l, const std::vector<json>& values) {
  for (size_t k = 0; k < values.size(); ++k) c.frame.lambda_vars.emplace_back(l.names[k], values[k]);
  json out;
  try {
    out = c.scope.eval_expr(*l.body, c.frame);
  } catch (...) {
    c.frame.lambda_vars.resize(c.frame.lambda_vars.size() - values.size());
    throw;
  }
  c.frame.lambda_vars.resize(c.frame.lambda_vars.size() - values.size());
  return out;
}

json fn_lambda(Call& c) { c.error("can only be used as an argument of filter, map, reduce or sort"); }

json fn_lambda_variables(Call& c) {
  json name = c.eval_arg(0);
  if (!name.is_string()) c.error("expects a lambda variable name");
  for (auto it = c.frame.lambda_vars.rbegin(); it != c.frame.lambda_vars.rend(); ++it)
    if (it->first == name.get<std::string>()) return it->second;
  c.error("finds no lambda variable '" + name.get<std::string>() + "' here");
}

// Evaluates the array argument of a lambda function: the array, or unknown.
json lazy_array(Call& c, size_t i) {
  c.args.assign(c.count(), json());
  c.args[i] = c.eval_arg(i);
  if (!is_unknown(c.args[i])) c.array(i);
  return c.args[i];
}

json fn_filter(Call& c) {
  json arr = lazy_array(c, 0);
  if (is_unknown(arr)) return arr;
  Lambda l = lambda_arg(c, 1, 1);
  json out = json::array();
  for (const auto& e : arr) {
    json keep = apply_lambda(c, l, {e});
    if (is_unknown(keep)) return unknown_value();
    if (!keep.is_boolean()) c.error("expects its lambda to return a boolean, got " + type_name(keep));
    if (keep.get<bool>()) out.push_back(e);
  }
  return out;
}

json fn_map(Call& c) {
  json arr = lazy_array(c, 0);
  if (is_unknown(arr)) return arr;
  Lambda l = lambda_arg(c, 1, 1);
  json out = json::array();
  for (const auto& e : arr) out.push_back(apply_lambda(c, l, {e}));
  return out;
}

json fn_reduce(Call& c) {
  json arr = lazy_array(c, 0);
  if (is_unknown(arr)) return arr;
  json acc = c.eval_arg(1);
  Lambda l = lambda_arg(c, 2, 2);
  for (const auto& e : arr) acc = apply_lambda(c, l, {acc, e});
  return acc;
}

json fn_sort(Call& c) {
  json arr = lazy_array(c, 0);
  if (is_unknown(arr)) return arr;
  Lambda l = lambda_arg(c, 1, 2);
  std::vector<json> items(arr.begin(), arr.end());
  bool unknown = false;
  std::stable_sort(items.begin(), items.end(), [&](const json& a, const json& b) {
    json less = apply_lambda(c, l, {a, b});
    if (is_unknown(less))
      unknown = true;
    else if (!less.is_boolean())
      c.error("expects its lambda to return a boolean, got " + type_name(less));
    return less.is_boolean() && less.get<bool>();
  });
  if (unknown) return unknown_value();
  return json(items);
}

}  // namespace

void add_collection_functions(std::vector<Builtin>& out) {
  out.insert(out.end(), {
                            {"array", 1, 1, fn_array, kPassUnknown},
                            {"concat", 1, -1, fn_concat, kPassUnknown},
                            {"contains", 2, 2, fn_contains},
                            {"createArray", 0, -1, fn_create_array, kHoldUnknown},
                            {"createObject", 0, -1, fn_create_object, kHoldUnknown},
                            {"empty", 1, 1, fn_empty, kPassUnknown},
                            {"first", 1, 1, fn_first, kPassUnknown},
                            {"last", 1, 1, fn_last, kPassUnknown},
                            {"length", 1, 1, fn_length, kPassUnknown},
                            {"skip", 2, 2, fn_skip, kPassUnknown},
                            {"take", 2, 2, fn_take, kPassUnknown},
                            {"union", 1, -1, fn_union, kPassUnknown},
                            {"intersection", 1, -1, fn_intersection},
                            {"range", 2, 2, fn_range},
                            {"flatten", 1, 1, fn_flatten, kPassUnknown},
                            {"items", 1, 1, fn_items, kPassUnknown},
                            {"json", 1, 1, fn_json},
                            {"null", 0, 0, fn_null},
                            {"lambda", 0, -1, fn_lambda, kLazy},
                            {"lambdaVariables", 1, 1, fn_lambda_variables, kLazy},
                            {"filter", 2, 2, fn_filter, kLazy},
                            {"map", 2, 2, fn_map, kLazy},
                            {"reduce", 3, 3, fn_reduce, kLazy},
                            {"sort", 2, 2, fn_sort, kLazy},
                        });
}

}  // namespace forma::azure::tmpl
