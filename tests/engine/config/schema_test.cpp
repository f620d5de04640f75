#include <catch2/catch.hpp>

#include "engine/config/config.h"
#include "engine/config/jsonc.h"
#include "engine/config/schema_validation.h"
#include "tests/engine/config/config_test_support.h"

using forma::json;
using forma::config::load_module;
using forma::config::testing::describe;
using forma::config::testing::find_diag;
using forma::config::testing::TempDir;

TEST_CASE("the embedded schema is byte for byte schemas/config.schema.json") {
  std::string error;
  auto text = forma::config::read_text_file(std::string(FORMA_SOURCE_DIR) + "/schemas/config.schema.json", error);
  REQUIRE(text);
  CHECK(*text == forma::config::config_schema_text());
}

TEST_CASE("the schema accepts a config that uses every block") {
  TempDir dir;
  dir.write("main.forma.json", R"({
    "$schema": "./config.schema.json",
    "variable": {"v": {"type": "string", "default": "x", "validation": {"condition": "${true}", "error_message": "m"}}},
    "locals": {"l": 1},
    "provider": {"azure": [{"location": "eastus"}, {"alias": "west"}]},
    "resource": {"t_x": {"a": {"count": 2, "lifecycle": {"ignore_changes": "all"},
                               "provisioner": {"remote-exec": {"inline": []}}}}},
    "data": {"t_y": {"b": {"for_each": {"k": 1}}}},
    "output": {"o": {"value": "${t_x.a}"}},
    "moved": {"from": "t_x.z", "to": "t_x.a"},
    "import": [{"to": "t_x.a", "id": "i"}],
    "removed": [{"from": "t_x.gone"}],
    "check": {"c": {"assert": {"condition": true, "error_message": "m"}}}
  })");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  CHECK(result.diags.empty());
}

TEST_CASE("a schema violation is reported at its position, saying what is wrong with the value") {
  // The decoder reports a numeric for_each first; here the schema sees it directly.
  json doc;
  forma::PositionIndex positions;
  REQUIRE_FALSE(forma::config::parse_jsonc_into("{\"resource\": {\"t_x\": {\"a\": {\n  \"for_each\": 3}}}}",
                                                "main.forma.json", doc, positions));
  auto diags = forma::config::validate_config_schema(doc, positions);
  INFO(describe(diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].summary == "Invalid value for \"for_each\": a number is not allowed here");
  CHECK(diags[0].range.to_string() == "main.forma.json:2:15");
  CHECK(diags[0].json_path == "/resource/t_x/a/for_each");
}

TEST_CASE("schema validation maps valijson paths back to JSON pointers with escaping") {
  forma::PositionIndex positions;
  json doc = {{"resource", {{"t_x", {{"a/b", {{"count", true}}}}}}}};
  auto diags = forma::config::validate_config_schema(doc, positions);
  INFO(describe(diags));
  bool count_reported = false;
  for (const auto& d : diags) count_reported |= d.json_path == "/resource/t_x/a~1b/count";
  CHECK(count_reported);
}
