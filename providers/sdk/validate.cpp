#include "providers/sdk/validate.h"

#include <charconv>

#include "engine/base/text.h"

namespace forma::sdk {
namespace {

// Walks a value and its type together, producing the converted value and
// diagnostics. A type it does not understand accepts any value.
class Checker {
 public:
  Diagnostics diags;

  json check_object(const Attributes& attrs, const json& config, const std::string& path);
  json check_value(std::string_view type, const Attributes& nested, const json& v, const std::string& path);

 private:
  json check_primitive(std::string_view type, const json& v, const std::string& path);
  void wrong_type(const std::string& path, const std::string& expected, const json& v) {
    diags.push_back(Diagnostic::error("Inappropriate value for attribute " + quote(label(path)) + ": " +
                                          expected + " is required",
                                      "Got " + describe(v) + ".", {}, path));
  }
  static std::string label(const std::string& path) {
    return path.empty() ? std::string("(root)") : path.substr(1);
  }
  static std::string describe(const json& v) {
    if (v.is_string()) return "a string";
    if (v.is_number()) return "a number";
    if (v.is_boolean()) return "a bool";
    if (v.is_array()) return "a list";
    if (v.is_object()) return "an object";
    return "null";
  }
};

std::optional<double> parse_number(const std::string& s) {
  double d = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty()) return std::nullopt;
  return d;
}

// "list(string)" -> "string" when `type` starts with `prefix` ("list(").
std::optional<std::string_view> inner_type(std::string_view type, std::string_view prefix) {
  if (type.size() <= prefix.size() || type.substr(0, prefix.size()) != prefix || type.back() != ')')
    return std::nullopt;
  return type.substr(prefix.size(), type.size() - prefix.size() - 1);
}

json Checker::check_primitive(std::string_view type, const json& v, const std::string& path) {
  if (type == "string") {
    if (v.is_string()) return v;
    if (v.is_number() || v.is_boolean()) return v.dump();
    wrong_type(path, "a string", v);
  } else if (type == "number") {
    if (v.is_number()) return v;
    if (v.is_string()) {
      if (auto d = parse_number(v.get<std::string>())) {
        if (*d == static_cast<double>(static_cast<long long>(*d))) return static_cast<long long>(*d);
        return *d;
      }
    }
    wrong_type(path, "a number", v);
  } else if (type == "bool") {
    if (v.is_boolean()) return v;
    if (v == "true" || v == "false") return v == "true";
    wrong_type(path, "a bool", v);
  }
  return v;
}

json Checker::check_value(std::string_view type, const Attributes& nested, const json& v,
                          const std::string& path) {
  if (v.is_null() || is_unknown(v) || type == "any") return v;
  if (type == "string" || type == "number" || type == "bool") return check_primitive(type, v, path);
  if (type == "object") {
    if (v.is_object()) return check_object(nested, v, path);
    wrong_type(path, "an object", v);
    return v;
  }
  auto element = inner_type(type, "list(");
  if (!element) element = inner_type(type, "set(");
  if (element) {
    if (!v.is_array()) {
      wrong_type(path, "a list", v);
      return v;
    }
    json out = json::array();
    for (size_t i = 0; i < v.size(); ++i)
      out.push_back(check_value(*element, nested, v[i], pointer_append(path, std::to_string(i))));
    return out;
  }
  if (auto value_type = inner_type(type, "map(")) {
    if (!v.is_object()) {
      wrong_type(path, "a map", v);
      return v;
    }
    json out = json::object();
    for (const auto& [key, item] : v.items()) out[key] = check_value(*value_type, nested, item, pointer_append(path, key));
    return out;
  }
  return v;
}

json Checker::check_object(const Attributes& attrs, const json& config, const std::string& path) {
  json out = json::object();
  for (const auto& [name, value] : config.items()) {
    std::string here = pointer_append(path, name);
    auto it = attrs.find(name);
    if (it == attrs.end()) {
      std::vector<std::string> names;
      for (const auto& [known, attr] : attrs) names.push_back(known);
      diags.push_back(Diagnostic::error("Unsupported argument " + quote(name),
                                        "There is no argument named " + quote(name) + " here." +
                                            did_you_mean(name, names),
                                        {}, here));
      continue;
    }
    if (it->second.computed_only() && !value.is_null()) {
      diags.push_back(Diagnostic::error("Value for unconfigurable attribute " + quote(name),
                                        quote(name) + " is computed by the provider and cannot be set.",
                                        {}, here));
      continue;
    }
    out[name] = check_value(it->second.type, it->second.attributes, value, here);
  }
  for (const auto& [name, attr] : attrs) {
    auto given = config.find(name);
    if (attr.required && (given == config.end() || given->is_null()))
      diags.push_back(Diagnostic::error("Missing required argument " + quote(name),
                                        "The argument " + quote(name) + " is required, but no definition was found.",
                                        {}, path));
  }
  return out;
}

}  // namespace

Diagnostics validate_config(const Attributes& attributes, const json& config) {
  Checker checker;
  if (config.is_object()) {
    checker.check_object(attributes, config, "");
  } else if (!is_unknown(config)) {
    checker.diags.push_back(Diagnostic::error("The configuration must be an object", "", {}, ""));
  }
  return checker.diags;
}

json normalize_config(const Attributes& attributes, const json& config) {
  if (!config.is_object()) return config;
  Checker checker;
  return checker.check_object(attributes, config, "");
}

}  // namespace forma::sdk
