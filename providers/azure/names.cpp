#include "providers/azure/names.h"

#include <cctype>

#include "engine/base/text.h"

namespace forma::azure {
namespace {

bool all_of(const std::string& s, bool (*ok)(char)) {
  for (char c : s)
    if (!ok(c)) return false;
  return true;
}

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }
bool word_or_hyphen(char c) { return alnum(c) || c == '_' || c == '-'; }
bool group_char(char c) { return alnum(c) || c == '_' || c == '-' || c == '.' || c == '(' || c == ')'; }
bool share_char(char c) { return lower_alnum(c) || c == '-'; }

std::string length_problem(const std::string& name, size_t min, size_t max) {
  if (name.size() < min || name.size() > max)
    return "must be " + std::to_string(min) + " to " + std::to_string(max) + " characters long (it has " +
           std::to_string(name.size()) + ")";
  return {};
}

}  // namespace

std::string name_problem(const std::string& name, NameRule rule) {
  switch (rule) {
    case NameRule::ResourceGroup:
      if (auto p = length_problem(name, 1, 90); !p.empty()) return p;
      if (!all_of(name, group_char)) return "may contain only letters, digits, '_', '-', '.', '(' and ')'";
      if (name.back() == '.') return "must not end with '.'";
      return {};
    case NameRule::StorageAccount:
      if (auto p = length_problem(name, 3, 24); !p.empty()) return p;
      if (!all_of(name, lower_alnum)) return "may contain only lowercase letters and digits";
      return {};
    case NameRule::ShareOrContainer:
      if (auto p = length_problem(name, 3, 63); !p.empty()) return p;
      if (!all_of(name, share_char)) return "may contain only lowercase letters, digits and '-'";
      if (name.front() == '-' || name.back() == '-' || name.find("--") != std::string::npos)
        return "must start and end with a letter or digit and have no two '-' in a row";
      return {};
    case NameRule::BatchAI:
      if (auto p = length_problem(name, 1, 64); !p.empty()) return p;
      if (!all_of(name, word_or_hyphen)) return "may contain only letters, digits, '_' and '-' (^[-\\w_]+$)";
      return {};
  }
  return {};
}

void check_name(const json& config, const char* key, NameRule rule, Diagnostics& diags) {
  if (!config.is_object()) return;
  auto it = config.find(key);
  if (it == config.end() || !it->is_string()) return;
  std::string problem = name_problem(it->get<std::string>(), rule);
  if (problem.empty()) return;
  diags.push_back(Diagnostic::error("Invalid " + std::string(key) + " " + quote(it->get<std::string>()),
                                    "The name " + problem + ".", {}, pointer_append("", key)));
}

}  // namespace forma::azure
