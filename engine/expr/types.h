// Type constraints, as written in variable "type" and provider schemas:
// string, number, bool, any, list(T), set(T), map(T), tuple([T...]),
// object({name=T, ...}) and optional(T) inside object attributes.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/value.h"

namespace forma::expr {

struct Type {
  enum class Kind { String, Number, Bool, Any, List, Set, Map, Tuple, Object };
  Kind kind = Kind::Any;
  std::shared_ptr<Type> element;            // List, Set, Map
  std::vector<Type> elements;               // Tuple
  std::map<std::string, Type> attributes;   // Object
  std::vector<std::string> optional_attrs;  // Object attributes declared optional(T)

  static Type primitive(Kind k) { Type t; t.kind = k; return t; }
  std::string to_string() const;            // canonical text, e.g. "list(string)"
};

// Parses a type constraint; on failure returns nullopt and sets `error`.
std::optional<Type> parse_type(std::string_view text, std::string& error);

// Converts `v` to type `t` the way Terraform does (e.g. "5" -> 5 for number,
// true -> "true" for string, a list to a set by removing duplicates). Unknown
// values convert to unknown. On failure returns false and sets `error` to one
// sentence such as "a number is required" or "attribute \"name\" is required".
bool convert(const json& v, const Type& t, json& out, std::string& error);

}  // namespace forma::expr
