// Resource addresses: module.m.test_null.a["k"], data.test_file.f, test_null.b[2].
#pragma once

#include <optional>
#include <string>
#include <variant>

#include "engine/base/value.h"

namespace forma::graph {

// The key of one instance of a resource with count (number) or for_each (string).
struct InstanceKey {
  std::variant<std::monostate, long long, std::string> value;

  bool none() const { return std::holds_alternative<std::monostate>(value); }
  std::string to_string() const;  // "", "[0]", "[\"k\"]"
  json to_json() const;           // null, 0, "k"
  bool operator==(const InstanceKey&) const = default;
  bool operator<(const InstanceKey& o) const { return value < o.value; }
};

struct ResourceAddress {
  std::string module;  // "" or "module.a" or "module.a.module.b"
  bool data = false;
  std::string type;
  std::string name;
  InstanceKey key;

  std::string base() const;       // without the instance key: module.a.data.T.N
  std::string to_string() const;  // with the key
  std::string local() const;      // without module prefix and key: T.N or data.T.N
};

// Parses an address as written on the command line or in moved/import blocks.
// Returns nullopt and sets `error` when it is not one.
std::optional<ResourceAddress> parse_address(const std::string& text, std::string& error);

std::string module_prefix(const std::string& module);  // "" or "module.a."

}  // namespace forma::graph
