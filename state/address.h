// Resource instance addresses as the state stores them:
//   test_null.a   test_null.a[0]   module.m.test_null.a["k"]   data.test_file.f
// Only what the state commands need: split off the instance key, match prefixes.
#pragma once

#include <optional>
#include <string>

namespace forma::state {

struct InstanceAddress {
  std::string resource;  // everything before the final instance key
  std::string key;       // "" or the key with its brackets: [0], ["k"]

  std::string text() const { return resource + key; }
  // The resource type: "test_null" in module.m.test_null.a.
  std::string type() const;
};

// nullopt when `text` is not a well-formed address.
std::optional<InstanceAddress> parse_instance_address(const std::string& text);

// True when `address` is `prefix` or lies inside it: an instance of it
// (prefix[...]) or a resource in a module it names (prefix.x).
bool address_has_prefix(const std::string& address, const std::string& prefix);

}  // namespace forma::state
