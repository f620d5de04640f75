// A map-backed Scope and helpers shared by the expression tests.
#pragma once

#include <map>
#include <string>

#include "engine/expr/expression.h"

namespace forma::expr::testing {

// Values keyed by the joined reference key, e.g. "var.x" or "data.T.N".
class MapScope : public Scope {
 public:
  MapScope& set(const std::string& key, json value, bool sensitive = false) {
    values_[key] = {true, std::move(value), sensitive, {}};
    return *this;
  }
  LookupResult lookup(const Reference& ref) const override {
    std::string key;
    for (const auto& part : ref.key) key += (key.empty() ? "" : ".") + part;
    auto it = values_.find(key);
    if (it != values_.end()) return it->second;
    LookupResult missing;
    missing.error = "No value named \"" + key + "\" is declared.";
    return missing;
  }
 private:
  std::map<std::string, LookupResult> values_;
};

// Where every test string is: line 3, its opening quote at column 10.
inline SourceRange test_where() {
  SourceRange r;
  r.file = "main.forma.json";
  r.start = {3, 10};
  r.end = {3, 10};
  return r;
}

inline Evaluated eval_template(const std::string& text, const Scope& scope) {
  Parsed p = parse_template(text, test_where(), "/locals/x");
  if (!p.expr) return Evaluated{nullptr, false, p.diags};
  return evaluate(*p.expr, scope);
}

inline Evaluated eval_template(const std::string& text) { return eval_template(text, MapScope()); }

// The value of a template that must evaluate without errors.
inline json value_of(const std::string& text, const Scope& scope) {
  Evaluated e = eval_template(text, scope);
  if (!e.diags.empty()) return json{{"unexpected error", e.diags[0].summary + ": " + e.diags[0].detail}};
  return e.value;
}

inline json value_of(const std::string& text) { return value_of(text, MapScope()); }

// "summary: detail" of the first diagnostic, or "" when there is none.
inline std::string error_of(const std::string& text, const Scope& scope) {
  Evaluated e = eval_template(text, scope);
  if (e.diags.empty()) return "";
  return e.diags[0].summary + ": " + e.diags[0].detail;
}

inline std::string error_of(const std::string& text) { return error_of(text, MapScope()); }

}  // namespace forma::expr::testing
