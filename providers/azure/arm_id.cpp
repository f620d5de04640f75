#include "providers/azure/arm_id.h"

#include <cctype>

namespace forma::azure {
namespace {

std::vector<std::string> split_path(std::string_view id) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : id) {
    if (c == '/') {
      if (!current.empty()) parts.push_back(current);
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) parts.push_back(current);
  return parts;
}

}  // namespace

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

std::string ArmId::to_string() const {
  if (provider.empty()) return resource_group_id(subscription, resource_group);
  return arm_resource_id(subscription, resource_group, provider, children);
}

std::string ArmId::name() const { return children.empty() ? resource_group : children.back().second; }

std::optional<std::string> ArmId::child(std::string_view type) const {
  for (const auto& [t, n] : children)
    if (iequals(t, type)) return n;
  return std::nullopt;
}

ArmId ArmId::parent() const {
  ArmId up = *this;
  if (!up.children.empty()) up.children.pop_back();
  if (up.children.empty()) up.provider.clear();
  return up;
}

bool ArmId::is(std::string_view want_provider, const std::vector<std::string>& types) const {
  if (!iequals(provider, want_provider) || children.size() != types.size()) return false;
  for (size_t i = 0; i < types.size(); ++i)
    if (!iequals(children[i].first, types[i])) return false;
  return true;
}

std::optional<ArmId> parse_arm_id(std::string_view id) {
  if (id.empty() || id.front() != '/') return std::nullopt;
  std::vector<std::string> p = split_path(id);
  if (p.size() < 4 || !iequals(p[0], "subscriptions") || !iequals(p[2], "resourceGroups")) return std::nullopt;
  ArmId out{p[1], p[3], {}, {}};
  if (p.size() == 4) return out;
  // providers/{namespace} then type/name pairs.
  if (p.size() < 8 || !iequals(p[4], "providers") || (p.size() - 6) % 2 != 0) return std::nullopt;
  out.provider = p[5];
  for (size_t i = 6; i + 1 < p.size(); i += 2) out.children.emplace_back(p[i], p[i + 1]);
  return out;
}

std::string resource_group_id(const std::string& subscription, const std::string& resource_group) {
  return "/subscriptions/" + subscription + "/resourceGroups/" + resource_group;
}

std::string arm_resource_id(const std::string& subscription, const std::string& resource_group,
                            const std::string& provider,
                            const std::vector<std::pair<std::string, std::string>>& children) {
  std::string id = resource_group_id(subscription, resource_group) + "/providers/" + provider;
  for (const auto& [type, name] : children) id += "/" + type + "/" + name;
  return id;
}

}  // namespace forma::azure
