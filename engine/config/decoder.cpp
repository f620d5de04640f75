#include "engine/config/decoder.h"

#include <algorithm>

#include "engine/base/text.h"
#include "engine/config/jsonc.h"

namespace forma::config {
std::string type_name(const json& v) {
  if (v.is_object()) return "an object";
  if (v.is_array()) return "an array";
  if (v.is_string()) return "a string";
  if (v.is_boolean()) return "a bool";
  if (v.is_number()) return "a number";
  return "null";
}

namespace {

std::string join(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : ", ") + w;
  return out;
}

}  // namespace

bool is_identifier(std::string_view name) {
  if (name.empty()) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(name[0])) return false;
  for (char c : name)
    if (!alpha(c) && !(c >= '0' && c <= '9') && c != '-') return false;
  return true;
}

bool looks_like_reference(std::string_view text) {
  // An optional trailing index: [0] or ["key"].
  if (!text.empty() && text.back() == ']') {
    auto open = text.rfind('[');
    if (open == std::string_view::npos) return false;
    std::string_view index = text.substr(open + 1, text.size() - open - 2);
    bool quoted = index.size() >= 2 && index.front() == '"' && index.back() == '"' &&
                  index.substr(1, index.size() - 2).find('"') == std::string_view::npos;
    bool numeric = !index.empty() && std::all_of(index.begin(), index.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!quoted && !numeric) return false;
    text = text.substr(0, open);
  }
  if (text.starts_with("data.")) text.remove_prefix(5);
  auto dot = text.find('.');
  return dot != std::string_view::npos && is_identifier(text.substr(0, dot)) &&
         is_identifier(text.substr(dot + 1));
}

void Decoder::error(std::string summary, std::string detail, const std::string& pointer, bool at_key) {
  ++errors_;
  SourceRange r = at_key ? range(key_pointer(pointer)) : range(pointer);
  diags_.push_back(Diagnostic::error(std::move(summary), std::move(detail), r, pointer));
}

void Decoder::check_keys(const json& object, const std::string& pointer,
                         const std::vector<std::string>& allowed, const std::string& where) {
  for (const auto& [key, value] : object.items()) {
    if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
    error("Unsupported argument " + quote(key) + " in " + where + "." + did_you_mean(key, allowed),
          "Expected one of: " + join(allowed) + ".", pointer_append(pointer, key), true);
  }
}

bool Decoder::expect_object(const json& v, const std::string& pointer, const std::string& what) {
  if (v.is_object()) return true;
  error("Invalid " + what + ": expected an object, got " + type_name(v), {}, pointer);
  return false;
}

bool Decoder::check_name(const std::string& name, const std::string& pointer, const std::string& what) {
  if (is_identifier(name)) return true;
  error("Invalid " + what + " name " + quote(name),
        "A name must start with a letter or underscore and may contain only letters, digits, "
        "underscores and dashes.",
        pointer, true);
  return false;
}

std::optional<std::string> Decoder::string_field(const json& object, const std::string& pointer,
                                                 const std::string& key, bool required) {
  auto it = object.find(key);
  std::string p = pointer_append(pointer, key);
  if (it == object.end()) {
    if (required) error("Missing required argument " + quote(key), "The argument " + quote(key) + " must be set.", pointer);
    return std::nullopt;
  }
  if (!it->is_string()) {
    error("Invalid value for " + quote(key) + ": expected a string, got " + type_name(*it), {}, p);
    return std::nullopt;
  }
  return it->get<std::string>();
}

std::optional<bool> Decoder::bool_field(const json& object, const std::string& pointer, const std::string& key) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (!it->is_boolean()) {
    error("Invalid value for " + quote(key) + ": expected true or false, got " + type_name(*it), {},
          pointer_append(pointer, key));
    return std::nullopt;
  }
  return it->get<bool>();
}

std::vector<std::string> Decoder::string_list(const json& v, const std::string& pointer, const std::string& what) {
  std::vector<std::string> out;
  if (!v.is_array()) {
    error("Invalid " + what + ": expected an array of strings, got " + type_name(v), {}, pointer);
    return out;
  }
  for (size_t i = 0; i < v.size(); ++i) {
    if (v[i].is_string()) {
      out.push_back(v[i].get<std::string>());
    } else {
      error("Invalid " + what + ": expected a string, got " + type_name(v[i]), {},
            pointer_append(pointer, std::to_string(i)));
    }
  }
  return out;
}

std::vector<std::string> Decoder::references(const json& v, const std::string& pointer) {
  std::vector<std::string> out;
  auto strings = string_list(v, pointer, "depends_on");
  for (size_t i = 0; i < strings.size(); ++i) {
    std::string ref = strings[i];
    // "${test_null.a}" means the same as "test_null.a".
    if (ref.size() > 3 && ref.starts_with("${") && ref.ends_with("}")) ref = ref.substr(2, ref.size() - 3);
    if (!looks_like_reference(ref)) {
      error("Invalid reference " + quote(strings[i]) + " in depends_on",
            "Expected a resource or module address such as \"test_null.a\", \"data.test_file.f\" or "
            "\"module.network\".",
            pointer_append(pointer, std::to_string(i)));
      continue;
    }
    out.push_back(ref);
  }
  return out;
}

void Decoder::check_repetition(const json& block, const std::string& pointer) {
  auto count = block.find("count");
  if (count != block.end() && !count->is_string() && !count->is_number_integer())
    error("Invalid count argument", "\"count\" must be a whole number from 0 to 1000000, not " + count->dump() + ".",
          pointer_append(pointer, "count"));
  auto each = block.find("for_each");
  if (each != block.end() && !each->is_string() && !each->is_object() && !each->is_array())
    error("Invalid for_each argument",
          "\"for_each\" takes a map or a set of strings, not " + type_name(*each) + ".",
          pointer_append(pointer, "for_each"));
}

std::vector<Condition> Decoder::conditions(const json& v, const std::string& pointer, const std::string& what) {
  std::vector<Condition> out;
  auto decode_one = [&](const json& c, const std::string& p) {
    if (!expect_object(c, p, what)) return;
    check_keys(c, p, {"condition", "error_message"}, what);
    Condition cond;
    static_cast<Located&>(cond) = located(p);
    bool complete = true;
    for (const char* key : {"condition", "error_message"}) {
      if (!c.contains(key)) {
        error("Missing required argument " + quote(key) + " in " + what,
              "A " + what + " needs both \"condition\" and \"error_message\".", p);
        complete = false;
      }
    }
    if (!complete) return;
    cond.condition = c["condition"];
    cond.error_message = c["error_message"];
    if (!cond.condition.is_string() && !cond.condition.is_boolean())
      error("Invalid condition in " + what + ": expected a bool, got " + type_name(cond.condition),
            "Write the condition as an expression that gives true or false, such as \"${var.size > 0}\".",
            pointer_append(p, "condition"));
    if (!cond.error_message.is_string())
      error("Invalid error_message: expected a string", {}, pointer_append(p, "error_message"));
    out.push_back(std::move(cond));
  };
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) decode_one(v[i], pointer_append(pointer, std::to_string(i)));
  } else {
    decode_one(v, pointer);
  }
  return out;
}

}  // namespace forma::config
