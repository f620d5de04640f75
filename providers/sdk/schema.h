// Schemas declared in C++: a provider lists its attributes with designated
// initializers and the SDK derives validation, planning and the `schema`
// answer from them.
//
//   Attributes attrs = {
//     {"path", {.type = "string", .required = true, .force_new = true}},
//     {"id", {.type = "string", .computed = true}},
//   };
#pragma once

#include <map>
#include <optional>
#include <string>

#include "engine/base/value.h"

namespace forma::sdk {

struct Attribute;
using Attributes = std::map<std::string, Attribute>;

struct Attribute {
  // A type constraint: string, number, bool, any, list(T), set(T), map(T);
  // "object" (one nested block) or "list(object)" (a list of them) with `attributes`.
  std::string type = "string";
  bool required = false;
  bool optional = false;
  bool computed = false;
  bool sensitive = false;
  bool force_new = false;  // changing it replaces the object
  std::optional<json> default_value{};
  std::string description{};
  Attributes attributes{};  // the nested block's attributes

  bool is_block() const { return type == "object" || type == "list(object)"; }
  // Set only by the provider, never in config.
  bool computed_only() const { return computed && !required && !optional; }
  json to_json() const;
};

struct ResourceSchema {
  int version = 0;
  std::string description{};
  Attributes attributes{};
  json to_json() const;
};

// Shorthands for the two commonest kinds of attribute.
inline Attribute computed_attribute(const char* type, const char* description) {
  return {.type = type, .computed = true, .description = description};
}
inline Attribute optional_attribute(const char* type, json fallback, const char* description) {
  return {.type = type, .optional = true, .default_value = std::move(fallback), .description = description};
}

json attributes_to_json(const Attributes& attributes);

// JSON pointers of every sensitive attribute that is present in `state`.
std::vector<std::string> sensitive_paths(const Attributes& attributes, const json& state);

}  // namespace forma::sdk
