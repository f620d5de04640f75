#include <algorithm>
#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using namespace forma::expr;

TEST_CASE("function names are sorted and each finds its spec") {
  const auto& names = function_names();
  CHECK(std::is_sorted(names.begin(), names.end()));
  CHECK(names.size() > 90);
  for (const auto& name : names) {
    const FunctionSpec* spec = find_function(name);
    REQUIRE(spec != nullptr);
    CHECK(spec->name == name);
    CHECK(spec->impl != nullptr);
    CHECK((spec->max_args < 0 || spec->max_args >= spec->min_args));
  }
}

TEST_CASE("an unknown function name finds nothing") {
  CHECK(find_function("nosuchfunction") == nullptr);
  CHECK(find_function("") == nullptr);
  CHECK(find_function("try") == nullptr);  // a special form of the evaluator
}

TEST_CASE("every function the brief lists is registered") {
  for (const char* name :
       {"abs", "ceil", "floor", "max", "min", "pow", "log", "signum", "parseint", "range", "lower", "upper",
        "title", "format", "formatlist", "join", "split", "replace", "substr", "trim", "trimspace",
        "trimprefix", "trimsuffix", "regex", "regexall", "startswith", "endswith", "strrev", "chomp",
        "indent", "length", "element", "index", "lookup", "keys", "values", "merge", "concat", "contains",
        "distinct", "flatten", "slice", "sort", "reverse", "zipmap", "coalesce", "coalescelist", "compact",
        "chunklist", "setunion", "setintersection", "setsubtract", "alltrue", "anytrue", "sum", "one",
        "tostring", "tonumber", "tobool", "tolist", "tomap", "toset", "jsonencode", "jsondecode",
        "base64encode", "base64decode", "urlencode", "sha1", "sha256", "sha512", "md5", "uuid", "uuidv5",
        "base64sha256", "file", "fileexists", "filebase64", "templatefile", "abspath", "dirname",
        "basename", "pathexpand", "cidrhost", "cidrsubnet", "cidrnetmask", "cidrsubnets", "timestamp",
        "timeadd", "formatdate"}) {
    INFO(name);
    CHECK(find_function(name) != nullptr);
  }
}

TEST_CASE("no function throws or crashes on arguments of the wrong type") {
  using forma::json;
  const std::vector<json> samples = {nullptr, true, -1, 2.5, "", "x", json::array(), json::array({1, "a"}),
                                     json::object(), json({{"k", json::array()}}), forma::unknown_value()};
  testing::TestScope scope;
  for (const auto& name : function_names()) {
    const FunctionSpec* spec = find_function(name);
    for (int n = spec->min_args; n <= (spec->max_args < 0 ? spec->min_args + 2 : spec->max_args); ++n) {
      for (const auto& sample : samples) {
        std::vector<json> args(static_cast<size_t>(n), sample);
        INFO(name << " with " << n << " x " << sample.dump());
        CHECK_NOTHROW(spec->impl(args, FunctionContext{scope}));
      }
    }
  }
}
