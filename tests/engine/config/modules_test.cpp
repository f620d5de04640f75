#include <catch2/catch.hpp>

#include "engine/config/config.h"
#include "tests/engine/config/config_test_support.h"

using forma::json;
using forma::config::load_module;
using forma::config::testing::describe;
using forma::config::testing::find_diag;
using forma::config::testing::TempDir;

TEST_CASE("local child modules are loaded recursively with their module paths") {
  TempDir dir;
  dir.write("main.forma.json", R"({"module": {"net": {
    "source": "./modules/network", "cidr": "10.0.0.0/16", "count": 2,
    "depends_on": ["t_x.a"], "providers": {"azure": "azure.west"}}}})");
  dir.write("modules/network/main.forma.json", R"({
    "variable": {"cidr": {"type": "string"}},
    "module": {"subnet": {"source": "../subnet"}},
    "resource": {"azure_vnet": {"v": {"cidr": "${var.cidr}"}}}})");
  dir.write("modules/subnet/main.forma.json", R"({"resource": {"azure_subnet": {"s": {}}}})");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  REQUIRE(result.diags.empty());
  const auto& root = *result.root;
  CHECK(root.module_path.empty());
  const auto& call = root.module_calls.at("net");
  CHECK(call.source == "./modules/network");
  CHECK(call.inputs == json{{"cidr", "10.0.0.0/16"}});
  CHECK(call.count == json(2));
  CHECK(call.depends_on == std::vector<std::string>{"t_x.a"});
  CHECK(call.providers.at("azure") == "azure.west");
  const auto& net = *root.children.at("net");
  CHECK(net.module_path == "module.net");
  CHECK(net.resources.at(0).address() == "azure_vnet.v");
  const auto& subnet = *net.children.at("subnet");
  CHECK(subnet.module_path == "module.net.module.subnet");
  CHECK(subnet.files.at(0) == dir.file("modules/subnet/main.forma.json"));
}

TEST_CASE("a module that includes itself is reported, not loaded forever") {
  TempDir dir;
  dir.write("main.forma.json", R"({"module": {"a": {"source": "./a"}}})");
  dir.write("a/main.forma.json", R"({"module": {"b": {"source": "../b"}}})");
  dir.write("b/main.forma.json", "{\"module\": {\"back\": {\n  \"source\": \"../a\"}}}");
  auto result = load_module(dir.path());
  const auto* d = find_diag(result.diags, "Recursive module inclusion: module.a.module.b.module.back calls \"../a\"");
  REQUIRE(d);
  CHECK(d->range.to_string() == dir.file("b/main.forma.json") + ":2:13");
  CHECK(d->json_path == "/module/back/source");
}

TEST_CASE("a missing module directory is an error at its source") {
  TempDir dir;
  dir.write("main.forma.json", "{\"module\": {\"m\": {\"source\": \"./nowhere\"}}}");
  auto result = load_module(dir.path());
  const auto* d = find_diag(result.diags, "Module directory \"./nowhere\" does not exist");
  REQUIRE(d);
  CHECK(d->range.to_string() == dir.file("main.forma.json") + ":1:29");
}

TEST_CASE("a module source that is not a local path is an error") {
  TempDir dir;
  dir.write("main.forma.json", R"({"module": {"m": {"source": "hashicorp/consul/aws"}}})");
  auto result = load_module(dir.path());
  CHECK(find_diag(result.diags, "Unsupported module source \"hashicorp/consul/aws\""));
}

TEST_CASE("module inputs must be variables of the child, and required ones must be set") {
  TempDir dir;
  dir.write("main.forma.json", R"({"module": {"m": {"source": "./m", "regoin": "x"}}})");
  dir.write("m/main.forma.json", R"({"variable": {"region": {}, "zone": {"default": "1"}}})");
  auto result = load_module(dir.path());
  INFO(describe(result.diags));
  const auto* d = find_diag(result.diags, "Unsupported argument \"regoin\" in module \"m\". Did you mean \"region\"?");
  REQUIRE(d);
  CHECK(d->range.to_string() == dir.file("main.forma.json") + ":1:36");
  CHECK(find_diag(result.diags, "Missing required argument \"region\" in module \"m\""));
  CHECK_FALSE(find_diag(result.diags, "\"zone\""));
}
