// Azure Resource Manager ids ("/subscriptions/{s}/resourceGroups/{g}/providers/
// Microsoft.BatchAI/workspaces/{w}/clusters/{c}") built from names and taken
// apart again, so every resource can be found, read and imported by its id.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace forma::azure {

struct ArmId {
  std::string subscription;
  std::string resource_group;
  std::string provider;  // "Microsoft.BatchAI"; empty for a resource group's id
  std::vector<std::pair<std::string, std::string>> children;  // {"workspaces","ws"}, {"clusters","c"}

  std::string to_string() const;
  // The last segment's name (the resource group's name for a group id).
  std::string name() const;
  // The name that follows `type` (compared without case), if the id has one.
  std::optional<std::string> child(std::string_view type) const;
  // The id of the enclosing resource (drops the last child).
  ArmId parent() const;
  // Whether the id names a resource of `provider` whose child types are `types`.
  bool is(std::string_view provider, const std::vector<std::string>& types) const;
};

// nullopt when `id` is not an ARM id of this shape; case-insensitive keywords.
std::optional<ArmId> parse_arm_id(std::string_view id);

std::string resource_group_id(const std::string& subscription, const std::string& resource_group);
std::string arm_resource_id(const std::string& subscription, const std::string& resource_group,
                            const std::string& provider,
                            const std::vector<std::pair<std::string, std::string>>& children);

bool iequals(std::string_view a, std::string_view b);

}  // namespace forma::azure
