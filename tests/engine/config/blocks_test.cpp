#include <catch2/catch.hpp>

#include "engine/config/config.h"
#include "tests/engine/config/config_test_support.h"

using forma::json;
using forma::config::load_module;
using forma::config::LoadResult;
using forma::config::ResourceMode;
using forma::config::testing::describe;
using forma::config::testing::find_diag;
using forma::config::testing::TempDir;

namespace {

// Loads one main.forma.json; the TempDir lives as long as the test.
LoadResult load_text(TempDir& dir, const std::string& text) {
  dir.write("main.forma.json", text);
  return load_module(dir.path());
}

}  // namespace

TEST_CASE("a resource's meta-arguments are decoded and removed from its body") {
  TempDir dir;
  auto result = load_text(dir, R"({"resource": {"azure_vm": {"web": {
    "name": "web", "size": "${var.size}",
    "count": "${var.n}",
    "depends_on": ["azure_rg.main", "data.azure_image.ubuntu", "module.net", "azure_disk.d[0]", "${azure_nic.n}"],
    "provider": "azure.west",
    "lifecycle": {"create_before_destroy": true, "prevent_destroy": true, "ignore_changes": ["tags", "scale.auto"],
                  "replace_triggered_by": ["azure_image.i.id"],
                  "precondition": {"condition": "${var.n > 0}", "error_message": "n must be positive"},
                  "postcondition": [{"condition": "${self.id != \"\"}", "error_message": "no id"}]},
    "connection": {"type": "ssh", "host": "${self.ip}"},
    "provisioner": [{"remote-exec": {"inline": ["echo hi"], "on_failure": "continue"}},
                    {"local-exec": {"command": "echo bye", "when": "destroy",
                                    "connection": {"host": "h"}}}]
  }}}})");
  INFO(describe(result.diags));
  REQUIRE(result.diags.empty());
  const auto& r = result.root->resources.at(0);
  CHECK(r.mode == ResourceMode::Managed);
  CHECK(r.address() == "azure_vm.web");
  CHECK(r.implied_provider() == "azure");
  CHECK(r.provider_ref == "azure.west");
  CHECK(r.count == json("${var.n}"));
  CHECK_FALSE(r.for_each);
  CHECK(r.depends_on == std::vector<std::string>{"azure_rg.main", "data.azure_image.ubuntu", "module.net",
                                                 "azure_disk.d[0]", "azure_nic.n"});
  CHECK(r.body == json{{"name", "web"}, {"size", "${var.size}"}});
  CHECK(r.lifecycle.create_before_destroy);
  CHECK(r.lifecycle.prevent_destroy);
  CHECK(r.lifecycle.ignore_changes == std::vector<std::string>{"tags", "scale.auto"});
  CHECK(r.lifecycle.replace_triggered_by == std::vector<std::string>{"azure_image.i.id"});
  REQUIRE(r.lifecycle.preconditions.size() == 1);
  CHECK(r.lifecycle.preconditions[0].condition == "${var.n > 0}");
  CHECK(r.lifecycle.preconditions[0].json_path == "/resource/azure_vm/web/lifecycle/precondition");
  REQUIRE(r.lifecycle.postconditions.size() == 1);
  CHECK(r.lifecycle.postconditions[0].error_message == "no id");
  REQUIRE(r.connection);
  CHECK(r.connection->body["type"] == "ssh");
  REQUIRE(r.provisioners.size() == 2);
  CHECK(r.provisioners[0].type == "remote-exec");
  CHECK(r.provisioners[0].on_failure == "continue");
  CHECK(r.provisioners[0].when == "create");
  CHECK(r.provisioners[0].body == json{{"inline", {"echo hi"}}});
  CHECK(r.provisioners[1].type == "local-exec");
  CHECK(r.provisioners[1].when == "destroy");
  REQUIRE(r.provisioners[1].connection);
  CHECK(r.provisioners[1].connection->body["host"] == "h");
  CHECK(r.provisioners[1].json_path == "/resource/azure_vm/web/provisioner/1/local-exec");
}

TEST_CASE("ignore_changes \"all\" and a lone provisioner object are accepted") {
  TempDir dir;
  auto result = load_text(dir, R"({"resource": {"t_x": {"a": {
    "for_each": {"k": "v"}, "lifecycle": {"ignore_changes": "all"},
    "provisioner": {"local-exec": {"command": "true"}}}}}})");
  INFO(describe(result.diags));
  REQUIRE(result.diags.empty());
  const auto& r = result.root->resources.at(0);
  CHECK(r.lifecycle.ignore_all_changes);
  CHECK(r.for_each == json{{"k", "v"}});
  REQUIRE(r.provisioners.size() == 1);
}

TEST_CASE("count together with for_each is an error") {
  TempDir dir;
  auto result = load_text(dir, R"({"resource": {"t_x": {"a": {"count": 1, "for_each": {}}}}})");
  const auto* d = find_diag(result.diags, "Invalid combination of \"count\" and \"for_each\"");
  REQUIRE(d);
  CHECK(d->json_path == "/resource/t_x/a/for_each");
}

TEST_CASE("depends_on entries must be references") {
  TempDir dir;
  auto result = load_text(dir, R"({"resource": {"t_x": {"a": {"depends_on": ["t_x.b", "not a ref", 3]}}}})");
  INFO(describe(result.diags));
  const auto* d = find_diag(result.diags, "Invalid reference \"not a ref\" in depends_on");
  REQUIRE(d);
  CHECK(d->json_path == "/resource/t_x/a/depends_on/1");
  CHECK(find_diag(result.diags, "Invalid depends_on: expected a string, got a number"));
}

TEST_CASE("names must be identifiers") {
  TempDir dir;
  auto result = load_text(dir, R"({"resource": {"t_x": {"1bad": {}}}, "variable": {"has space": {}}})");
  INFO(describe(result.diags));
  CHECK(find_diag(result.diags, "Invalid resource name \"1bad\""));
  CHECK(find_diag(result.diags, "Invalid variable name \"has space\""));
}

TEST_CASE("an unknown provisioner type suggests the nearest") {
  TempDir dir;
  auto result = load_text(dir, R"({"resource": {"t_x": {"a": {"provisioner": {"remote_exec": {}}}}}})");
  CHECK(find_diag(result.diags, "Unsupported provisioner type \"remote_exec\". Did you mean \"remote-exec\"?"));
}

TEST_CASE("data resources are decoded with their own addresses") {
  TempDir dir;
  auto result = load_text(dir, R"({"data": {"test_file": {"f": {"path": "x", "depends_on": ["test_null.a"]}}}})");
  REQUIRE(result.diags.empty());
  const auto& r = result.root->resources.at(0);
  CHECK(r.mode == ResourceMode::Data);
  CHECK(r.address() == "data.test_file.f");
  CHECK(r.json_path == "/data/test_file/f");
  CHECK(r.body == json{{"path", "x"}});
  CHECK(result.root->find_resource("data.test_file.f") == &r);
}

TEST_CASE("variables are decoded with type, default, sensitivity and validations") {
  TempDir dir;
  auto result = load_text(dir, R"({"variable": {
    "size": {"type": "number", "default": 3, "description": "how many", "nullable": false,
             "validation": {"condition": "${var.size < 10}", "error_message": "too big"}},
    "password": {"type": "string", "sensitive": true,
                 "validation": [{"condition": "${length(var.password) > 8}", "error_message": "short"},
                                {"condition": true, "error_message": "never"}]},
    "anything": {}
  }})");
  INFO(describe(result.diags));
  REQUIRE(result.diags.empty());
  const auto& vars = result.root->variables;
  CHECK(vars.at("size").type == "number");
  CHECK(vars.at("size").default_value == json(3));
  CHECK(vars.at("size").description == "how many");
  CHECK_FALSE(vars.at("size").nullable);
  REQUIRE(vars.at("size").validations.size() == 1);
  CHECK(vars.at("size").validations[0].error_message == "too big");
  CHECK(vars.at("password").sensitive);
  CHECK(vars.at("password").validations.size() == 2);
  CHECK(vars.at("anything").type == "any");
  CHECK_FALSE(vars.at("anything").default_value);
  CHECK(vars.at("anything").json_path == "/variable/anything");
}

TEST_CASE("a variable field of the wrong type is an error at the value") {
  TempDir dir;
  auto result = load_text(dir, "{\"variable\": {\"v\": {\n  \"sensitive\": \"yes\"}}}");
  const auto* d = find_diag(result.diags, "Invalid value for \"sensitive\": expected true or false, got a string");
  REQUIRE(d);
  CHECK(d->range.start.line == 2);
  CHECK(d->range.start.column == 16);
}

TEST_CASE("locals and outputs are decoded") {
  TempDir dir;
  auto result = load_text(dir, R"({"locals": {"prefix": "demo", "tags": {"env": "${var.env}"}},
    "output": {"ip": {"value": "${t_x.a.ip}", "sensitive": true, "description": "d",
                      "depends_on": ["t_x.b"],
                      "precondition": {"condition": "${true}", "error_message": "m"}}}})");
  INFO(describe(result.diags));
  REQUIRE(result.diags.empty());
  const auto& m = *result.root;
  CHECK(m.locals.at("prefix").value == "demo");
  CHECK(m.locals.at("tags").json_path == "/locals/tags");
  const auto& o = m.outputs.at("ip");
  CHECK(o.value == "${t_x.a.ip}");
  CHECK(o.sensitive);
  CHECK(o.depends_on == std::vector<std::string>{"t_x.b"});
  CHECK(o.preconditions.size() == 1);
}

TEST_CASE("an output without a value is an error") {
  TempDir dir;
  auto result = load_text(dir, R"({"output": {"o": {"description": "x"}}})");
  CHECK(find_diag(result.diags, "Missing required argument \"value\" in output \"o\""));
}

TEST_CASE("providers are decoded with aliases from objects and arrays across files") {
  TempDir dir;
  dir.write("a.forma.json", R"({"provider": {"azure": {"location": "eastus"}, "test": {}}})");
  dir.write("b.forma.json", R"({"provider": {"azure": [{"alias": "west", "location": "westus"}]}})");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  REQUIRE(result.diags.empty());
  const auto& ps = result.root->providers;
  REQUIRE(ps.size() == 3);
  CHECK(ps[0].address() == "provider.azure");
  CHECK(ps[0].body == json{{"location", "eastus"}});
  CHECK(ps[1].address() == "provider.azure.west");
  CHECK(ps[1].body == json{{"location", "westus"}});
  CHECK(ps[1].json_path == "/provider/azure/1");
  CHECK(ps[1].range.file == dir.file("b.forma.json"));
  CHECK(result.root->positions.find("/provider/azure/1/location").to_string() == dir.file("b.forma.json") + ":1:55");
  CHECK(result.root->positions.find("/provider/azure/0/location").file == dir.file("a.forma.json"));
  CHECK(ps[2].address() == "provider.test");
}

TEST_CASE("two provider configurations with the same alias are an error") {
  TempDir dir;
  dir.write("a.forma.json", R"({"provider": {"azure": {}}})");
  dir.write("b.forma.json", R"({"provider": {"azure": {}}})");
  auto result = load_module(dir.path());
  const auto* d = find_diag(result.diags, "Duplicate provider configuration \"provider.azure\": already defined at " +
                                              dir.file("a.forma.json"));
  REQUIRE(d);
  CHECK(d->range.file == dir.file("b.forma.json"));
}

TEST_CASE("moved, import, removed and check blocks are decoded from objects and arrays") {
  TempDir dir;
  dir.write("a.forma.json", R"({"moved": {"from": "t_x.a", "to": "t_x.b"},
    "import": [{"to": "t_x.c", "id": "abc", "provider": "azure.west"}],
    "removed": {"from": "t_x.old", "lifecycle": {"destroy": false}},
    "check": {"health": {"assert": [{"condition": "${true}", "error_message": "down"}]}}})");
  dir.write("b.forma.json", R"({"moved": [{"from": "module.old", "to": "module.new"}]})");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  REQUIRE(result.diags.empty());
  const auto& m = *result.root;
  REQUIRE(m.moved.size() == 2);
  CHECK(m.moved[0].from == "t_x.a");
  CHECK(m.moved[1].to == "module.new");
  CHECK(m.moved[1].json_path == "/moved/1");
  CHECK(m.moved[1].range.file == dir.file("b.forma.json"));
  CHECK(m.positions.find("/moved/1/to").file == dir.file("b.forma.json"));
  CHECK(m.positions.find("/moved/0/to").file == dir.file("a.forma.json"));
  REQUIRE(m.imports.size() == 1);
  CHECK(m.imports[0].id == "abc");
  CHECK(m.imports[0].provider_ref == "azure.west");
  REQUIRE(m.removed.size() == 1);
  CHECK(m.removed[0].from == "t_x.old");
  CHECK_FALSE(m.removed[0].destroy);
  REQUIRE(m.checks.size() == 1);
  CHECK(m.checks[0].name == "health");
  CHECK(m.checks[0].asserts.at(0).error_message == "down");
}

TEST_CASE("a moved block without \"to\" is an error") {
  TempDir dir;
  auto result = load_text(dir, R"({"moved": [{"from": "t_x.a"}]})");
  const auto* d = find_diag(result.diags, "Missing required argument \"to\"");
  REQUIRE(d);
  CHECK(d->json_path == "/moved/0");
}

TEST_CASE("$schema is allowed at the top level for editors") {
  TempDir dir;
  auto result = load_text(dir, R"({"$schema": "../schemas/config.schema.json", "locals": {}})");
  CHECK(result.diags.empty());
}
