// Conversion of values to type constraints, by Terraform's rules.
#include <algorithm>

#include "engine/expr/number.h"
#include "engine/expr/operators.h"
#include "engine/expr/types.h"

namespace forma::expr {

namespace {

constexpr int kMaxDepth = 100;

bool convert_at(const json& v, const Type& t, json& out, std::string& error, int depth);

bool fail(std::string& error, std::string why) {
  error = std::move(why);
  return false;
}

bool convert_primitive(const json& v, Type::Kind kind, json& out, std::string& error) {
  if (kind == Type::Kind::String) {
    auto s = v.is_structured() ? std::nullopt : as_string(v);
    if (!s) return fail(error, "a string is required");
    out = std::move(*s);
  } else if (kind == Type::Kind::Number) {
    auto n = v.is_boolean() ? std::nullopt : as_number(v);
    if (!n) return fail(error, "a number is required");
    out = std::move(*n);
  } else {
    auto b = as_bool(v);
    if (!b) return fail(error, "a bool is required");
    out = *b;
  }
  return true;
}

// Lists and sets: every element converted; a set also loses duplicates and is
// sorted, as sets compare equal whatever order they were written in.
bool convert_sequence(const json& v, const Type& t, json& out, std::string& error, int depth) {
  const char* wanted = t.kind == Type::Kind::Set ? "a set is required" : "a list is required";
  if (!v.is_array()) return fail(error, wanted);
  out = json::array();
  Type any;
  const Type& element = t.element ? *t.element : any;
  for (size_t i = 0; i < v.size(); ++i) {
    json converted;
    if (!convert_at(v[i], element, converted, error, depth + 1))
      return fail(error, "element " + std::to_string(i) + ": " + error);
    out.push_back(std::move(converted));
  }
  if (t.kind == Type::Kind::Set) {
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
  }
  return true;
}

bool convert_map(const json& v, const Type& t, json& out, std::string& error, int depth) {
  if (!v.is_object()) return fail(error, "a map is required");
  out = json::object();
  Type any;
  const Type& element = t.element ? *t.element : any;
  for (const auto& [key, value] : v.items()) {
    json converted;
    if (!convert_at(value, element, converted, error, depth + 1))
      return fail(error, "element \"" + key + "\": " + error);
    out[key] = std::move(converted);
  }
  return true;
}

bool convert_tuple(const json& v, const Type& t, json& out, std::string& error, int depth) {
  if (!v.is_array()) return fail(error, "a tuple is required");
  if (v.size() != t.elements.size())
    return fail(error, "a tuple of " + std::to_string(t.elements.size()) + " elements is required");
  out = json::array();
  for (size_t i = 0; i < v.size(); ++i) {
    json converted;
    if (!convert_at(v[i], t.elements[i], converted, error, depth + 1))
      return fail(error, "element " + std::to_string(i) + ": " + error);
    out.push_back(std::move(converted));
  }
  return true;
}

// Declared attributes only: extra ones are dropped, missing optional ones are null.
bool convert_object(const json& v, const Type& t, json& out, std::string& error, int depth) {
  if (!v.is_object()) return fail(error, "an object is required");
  out = json::object();
  for (const auto& [name, type] : t.attributes) {
    auto it = v.find(name);
    if (it == v.end()) {
      bool optional = std::find(t.optional_attrs.begin(), t.optional_attrs.end(), name) !=
                      t.optional_attrs.end();
      if (!optional) return fail(error, "attribute \"" + name + "\" is required");
      out[name] = nullptr;
      continue;
    }
    json converted;
    if (!convert_at(*it, type, converted, error, depth + 1))
      return fail(error, "attribute \"" + name + "\": " + error);
    out[name] = std::move(converted);
  }
  return true;
}

bool convert_at(const json& v, const Type& t, json& out, std::string& error, int depth) {
  if (depth > kMaxDepth) return fail(error, "the value is nested too deeply");
  if (v.is_null() || is_unknown(v) || t.kind == Type::Kind::Any) {
    out = v;
    return true;
  }
  switch (t.kind) {
    case Type::Kind::String:
    case Type::Kind::Number:
    case Type::Kind::Bool: return convert_primitive(v, t.kind, out, error);
    case Type::Kind::List:
    case Type::Kind::Set: return convert_sequence(v, t, out, error, depth);
    case Type::Kind::Map: return convert_map(v, t, out, error, depth);
    case Type::Kind::Tuple: return convert_tuple(v, t, out, error, depth);
    case Type::Kind::Object: return convert_object(v, t, out, error, depth);
    case Type::Kind::Any: break;
  }
  out = v;
  return true;
}

}  // namespace

bool convert(const json& v, const Type& t, json& out, std::string& error) {
  try {
    return convert_at(v, t, out, error, 0);
  } catch (const std::exception& e) {
    return fail(error, e.what());
  }
}

}  // namespace forma::expr
