#include "engine/graph/address.h"

#include <cctype>
#include <vector>

#include "engine/base/text.h"

namespace forma::graph {

std::string InstanceKey::to_string() const {
  if (auto* n = std::get_if<long long>(&value)) return "[" + std::to_string(*n) + "]";
  if (auto* s = std::get_if<std::string>(&value)) return "[" + quote(*s) + "]";
  return "";
}

json InstanceKey::to_json() const {
  if (auto* n = std::get_if<long long>(&value)) return *n;
  if (auto* s = std::get_if<std::string>(&value)) return *s;
  return nullptr;
}

std::string module_prefix(const std::string& module) {
  return module.empty() ? std::string() : module + ".";
}

std::string ResourceAddress::local() const { return (data ? "data." : "") + type + "." + name; }
std::string ResourceAddress::base() const { return module_prefix(module) + local(); }
std::string ResourceAddress::to_string() const { return base() + key.to_string(); }

namespace {

bool is_identifier(const std::string& s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')) return false;
  return true;
}

// Splits "a.b[0].c" into ("a", ""), ("b", "[0]"), ("c", "") honouring quotes in brackets.
bool split_parts(const std::string& text, std::vector<std::pair<std::string, std::string>>& parts) {
  size_t i = 0;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && text[i] != '.' && text[i] != '[') ++i;
    std::string name = text.substr(start, i - start);
    std::string index;
    if (i < text.size() && text[i] == '[') {
      size_t open = i;
      bool in_string = false;
      for (++i; i < text.size(); ++i) {
        if (text[i] == '\\' && in_string) { ++i; continue; }
        if (text[i] == '"') in_string = !in_string;
        else if (text[i] == ']' && !in_string) break;
      }
      if (i >= text.size()) return false;
      index = text.substr(open, i - open + 1);
      ++i;
    }
    parts.emplace_back(name, index);
    if (i < text.size()) {
      if (text[i] != '.') return false;
      ++i;
      if (i == text.size()) return false;
    }
  }
  return true;
}

bool parse_key(const std::string& index, InstanceKey& key) {
  if (index.empty()) return true;
  std::string inner = index.substr(1, index.size() - 2);
  if (inner.empty()) return false;
  if (inner[0] == '"') {
    try {
      key.value = json::parse(inner).get<std::string>();
      return true;
    } catch (const json::exception&) {
      return false;
    }
  }
  for (char c : inner)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  if (inner.size() > 15) return false;
  key.value = std::stoll(inner);
  return true;
}

}  // namespace

std::optional<ResourceAddress> parse_address(const std::string& text, std::string& error) {
  std::vector<std::pair<std::string, std::string>> parts;
  if (!split_parts(text, parts)) {
    error = "\"" + text + "\" is not a valid resource address";
    return std::nullopt;
  }
  ResourceAddress addr;
  size_t i = 0;
  while (i + 1 < parts.size() && parts[i].first == "module") {
    if (!is_identifier(parts[i + 1].first)) break;
    addr.module += (addr.module.empty() ? "" : ".") + std::string("module.") + parts[i + 1].first +
                   parts[i + 1].second;
    i += 2;
  }
  if (i < parts.size() && parts[i].first == "data" && parts[i].second.empty()) {
    addr.data = true;
    ++i;
  }
  if (parts.size() - i != 2 || !parts[i].second.empty() || !is_identifier(parts[i].first) ||
      !is_identifier(parts[i + 1].first)) {
    error = "\"" + text + "\" is not a valid resource address (expected TYPE.NAME, " +
            "TYPE.NAME[INDEX], data.TYPE.NAME or module.M.TYPE.NAME)";
    return std::nullopt;
  }
  addr.type = parts[i].first;
  addr.name = parts[i + 1].first;
  if (!parse_key(parts[i + 1].second, addr.key)) {
    error = "\"" + text + "\" has an invalid instance key (expected [0] or [\"key\"])";
    return std::nullopt;
  }
  return addr;
}

}  // namespace forma::graph
