// libFuzzer target: the expression language. Each input is parsed as a
// config template and, when it parses, evaluated against a small scope
// (variables of every type, an unknown value, a sensitive one).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "engine/expr/expression.h"

namespace {

class FuzzScope : public forma::expr::Scope {
 public:
  forma::expr::LookupResult lookup(const forma::expr::Reference& ref) const override {
    forma::expr::LookupResult r;
    const auto& k = ref.key;
    if (k.size() >= 2 && k[0] == "var") {
      r.found = true;
      if (k[1] == "s") r.value = "text";
      else if (k[1] == "n") r.value = 3;
      else if (k[1] == "l") r.value = forma::json::array({1, "two", nullptr, 4.5});
      else if (k[1] == "m") r.value = {{"a", 1}, {"b", {{"c", forma::json::array({true})}}}};
      else if (k[1] == "u") r.value = forma::unknown_value();
      else if (k[1] == "secret") {
        r.value = "hunter2";
        r.sensitive = true;
      } else {
        r.found = false;
        r.error = "No variable named \"" + k[1] + "\" is declared.";
      }
      return r;
    }
    if (k.size() == 2 && k[0] == "count" && k[1] == "index") {
      r.found = true;
      r.value = 0;
      return r;
    }
    if (k.size() == 2 && k[0] == "each") {
      r.found = true;
      r.value = k[1] == "key" ? forma::json("k") : forma::json({{"x", 1}});
      return r;
    }
    r.error = "Not in scope.";
    return r;
  }
  std::string base_dir() const override { return "/nonexistent-fuzz-dir"; }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  forma::SourceRange where{"fuzz.forma.json", {1, 1}, {1, 1}};
  static const FuzzScope scope;
  auto parsed = forma::expr::parse_template(text, where, "/locals/x");
  if (parsed.expr) {
    (void)forma::expr::references(*parsed.expr);
    (void)forma::expr::evaluate(*parsed.expr, scope);
  }
  auto bare = forma::expr::parse_expression(text, where, "/depends_on/0");
  if (bare.expr) (void)forma::expr::evaluate(*bare.expr, scope);
  return 0;
}
