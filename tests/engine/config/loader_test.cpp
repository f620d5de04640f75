#include <catch2/catch.hpp>

#include "engine/config/config.h"
#include "tests/engine/config/config_test_support.h"

using forma::config::load_module;
using forma::config::Module;
using forma::config::ResourceMode;
using forma::config::testing::describe;
using forma::config::testing::find_diag;
using forma::config::testing::TempDir;

TEST_CASE("files of a directory are merged at the type and name level") {
  TempDir dir;
  dir.write("a.forma.json", R"({"resource": {"test_null": {"first": {"triggers": {"k": "v"}}}}})");
  dir.write("b.forma.json", R"({
    // a second file adding to the same type
    "resource": {"test_null": {"second": {}}, "test_file": {"f": {"path": "x"}}},
    "variable": {"region": {"default": "eastus"}}
  })");
  dir.write("ignored.json", "not even json");
  dir.write("b.forma.vars.json", "{\"region\": 1}");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  REQUIRE(result.root);
  CHECK(result.diags.empty());
  const Module& m = *result.root;
  CHECK(m.files == std::vector<std::string>{dir.file("a.forma.json"), dir.file("b.forma.json")});
  REQUIRE(m.resources.size() == 3);
  // file order, then written order
  CHECK(m.resources[0].address() == "test_null.first");
  CHECK(m.resources[1].address() == "test_null.second");
  CHECK(m.resources[2].address() == "test_file.f");
  CHECK(m.find_resource("test_null.first")->body["triggers"]["k"] == "v");
  CHECK(m.variables.at("region").default_value == forma::json("eastus"));
  CHECK(m.positions.find("/resource/test_file/f/path").to_string() == dir.file("b.forma.json") + ":3:75");
}

TEST_CASE("a resource defined in two files is an error naming both places") {
  TempDir dir;
  dir.write("main.forma.json", "{\n  \"resource\": {\n    \"test_null\": {\n    \"a\": {}\n}}}");
  dir.write("other.forma.json", "{\"resource\": {\"test_null\": {\n  \"a\": {\"x\": 1}}}}");
  auto result = load_module(dir.path());
  const auto* d = find_diag(result.diags, "Duplicate resource");
  REQUIRE(d);
  CHECK(d->summary == "Duplicate resource \"test_null.a\": already defined at " + dir.file("main.forma.json") + ":4:5");
  CHECK(d->range.to_string() == dir.file("other.forma.json") + ":2:3");
  CHECK(d->json_path == "/resource/test_null/a");
  // The first definition is kept, positions included.
  REQUIRE(result.root);
  CHECK(result.root->find_resource("test_null.a")->body == forma::json::object());
  CHECK(result.root->positions.find("/resource/test_null/a").file == dir.file("main.forma.json"));
}

TEST_CASE("variables, outputs, locals and module calls defined twice are errors") {
  TempDir dir;
  dir.write("a.forma.json", R"({"variable": {"v": {}}, "output": {"o": {"value": 1}}, "locals": {"l": 1}})");
  dir.write("b.forma.json", R"({"variable": {"v": {}}, "output": {"o": {"value": 2}}, "locals": {"l": 2}})");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  CHECK(find_diag(result.diags, "Duplicate variable \"v\": already defined at " + dir.file("a.forma.json") + ":1:15"));
  CHECK(find_diag(result.diags, "Duplicate output \"o\""));
  CHECK(find_diag(result.diags, "Duplicate local value \"l\""));
}

TEST_CASE("a misspelt block type suggests the right one at the key") {
  TempDir dir;
  dir.write("main.forma.json", "{\n  \"resouce\": {}\n}");
  auto result = load_module(dir.path());
  REQUIRE(result.diags.size() == 1);
  const auto& d = result.diags[0];
  CHECK(d.summary == "Unsupported block type \"resouce\". Did you mean \"resource\"?");
  CHECK(d.range.to_string() == dir.file("main.forma.json") + ":2:3");
  CHECK(d.json_path == "/resouce");
}

TEST_CASE("unknown keys in variables, outputs and lifecycle suggest the nearest name") {
  TempDir dir;
  dir.write("main.forma.json", R"({
  "variable": {"v": {"sensitve": true}},
  "output": {"o": {"value": 1, "descripton": "x"}},
  "resource": {"test_null": {"a": {"lifecycle": {"prevent_destory": true}}}}
})");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  const auto* v = find_diag(result.diags, "Unsupported argument \"sensitve\" in variable \"v\". Did you mean \"sensitive\"?");
  REQUIRE(v);
  CHECK(v->range.to_string() == dir.file("main.forma.json") + ":2:22");
  CHECK(v->json_path == "/variable/v/sensitve");
  CHECK(find_diag(result.diags, "Unsupported argument \"descripton\" in output \"o\". Did you mean \"description\"?"));
  CHECK(find_diag(result.diags, "\"prevent_destory\" in lifecycle. Did you mean \"prevent_destroy\"?"));
}

TEST_CASE("a syntax error in one file is reported and the other files still load") {
  TempDir dir;
  dir.write("a.forma.json", "{\"resource\": {\"test_null\": {\"a\": {},}}}");
  dir.write("b.forma.json", "{\"resource\": {\"test_null\": {\"b\": {}}}}");
  auto result = load_module(dir.path());
  REQUIRE(result.diags.size() == 1);
  CHECK(result.diags[0].summary == "Trailing comma is not allowed");
  CHECK(result.diags[0].range.to_string() == dir.file("a.forma.json") + ":1:36");
  REQUIRE(result.root);
  CHECK(result.root->find_resource("test_null.b"));
}

TEST_CASE("a directory without config files is an error and yields no module") {
  TempDir dir;
  auto result = load_module(dir.path());
  CHECK_FALSE(result.root);
  CHECK(find_diag(result.diags, "No configuration files"));
  auto missing = load_module(dir.path() + "/nope");
  CHECK_FALSE(missing.root);
  CHECK(find_diag(missing.diags, "Cannot read the config directory"));
}

TEST_CASE("a file that is not an object is an error") {
  TempDir dir;
  dir.write("main.forma.json", "[1, 2]");
  auto result = load_module(dir.path());
  CHECK(find_diag(result.diags, "A config file must contain a JSON object"));
}
