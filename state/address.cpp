#include "state/address.h"

#include <cctype>
#include <vector>

namespace forma::state {
namespace {

bool is_name_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

// Reads "[123]" or "[\"...\"]" at `pos`; returns the position after it, or npos.
size_t skip_index(const std::string& s, size_t pos) {
  if (pos >= s.size() || s[pos] != '[') return std::string::npos;
  size_t i = pos + 1;
  if (i < s.size() && s[i] == '"') {
    for (++i; i < s.size() && s[i] != '"'; ++i)
      if (s[i] == '\\') ++i;
    if (i >= s.size()) return std::string::npos;
    ++i;
  } else {
    size_t digits = i;
    while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
    if (i == digits) return std::string::npos;
  }
  if (i >= s.size() || s[i] != ']') return std::string::npos;
  return i + 1;
}

}  // namespace

std::string InstanceAddress::type() const {
  auto last_dot = resource.rfind('.');
  if (last_dot == std::string::npos || last_dot == 0) return "";
  auto before = resource.rfind('.', last_dot - 1);
  return resource.substr(before == std::string::npos ? 0 : before + 1,
                         last_dot - (before == std::string::npos ? 0 : before + 1));
}

std::optional<InstanceAddress> parse_instance_address(const std::string& text) {
  size_t pos = 0;
  size_t last_index_start = std::string::npos;
  int segments = 0;
  while (true) {
    size_t start = pos;
    while (pos < text.size() && is_name_char(text[pos])) ++pos;
    if (pos == start) return std::nullopt;
    ++segments;
    last_index_start = std::string::npos;
    if (pos < text.size() && text[pos] == '[') {
      last_index_start = pos;
      pos = skip_index(text, pos);
      if (pos == std::string::npos) return std::nullopt;
    }
    if (pos == text.size()) break;
    if (text[pos] != '.') return std::nullopt;
    ++pos;
  }
  if (segments < 2) return std::nullopt;
  if (last_index_start == std::string::npos) return InstanceAddress{text, ""};
  return InstanceAddress{text.substr(0, last_index_start), text.substr(last_index_start)};
}

bool address_has_prefix(const std::string& address, const std::string& prefix) {
  if (address.compare(0, prefix.size(), prefix) != 0) return false;
  if (address.size() == prefix.size()) return true;
  char next = address[prefix.size()];
  return next == '[' || next == '.';
}

}  // namespace forma::state
