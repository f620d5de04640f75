#include "engine/config/editor_schema.h"

#include <catch2/catch.hpp>

#include <filesystem>

#include "engine/config/config.h"
#include "engine/config/jsonc.h"
#include "engine/config/schema_validation.h"

using forma::json;
using forma::config::editor_schema;
using forma::config::schema_violations;

namespace {

// A provider `schema` answer in the shape every plugin sends.
json provider_answer() {
  return json::parse(R"js({
    "provider": {"attributes": {"location": {"type": "string", "optional": true}}},
    "resources": {"demo_disk": {"version": 0, "description": "A disk.", "attributes": {
      "size_gb": {"type": "number", "required": true, "force_new": true, "description": "Size in GiB."},
      "tags": {"type": "map(string)", "optional": true},
      "zones": {"type": "list(string)", "optional": true},
      "encryption": {"type": "object", "optional": true, "attributes": {
        "enabled": {"type": "bool", "required": true}}},
      "id": {"type": "string", "computed": true}}}},
    "data_sources": {"demo_image": {"version": 0, "attributes": {
      "name": {"type": "string", "required": true}, "id": {"type": "string", "computed": true}}}}})js");
}

json config_with(const json& disk) { return {{"resource", {{"demo_disk", {{"d", disk}}}}}}; }

std::string read_file_text(const std::filesystem::path& p) {
  std::string error;
  auto text = forma::config::read_text_file(p.string(), error);
  return text ? *text : "";
}

}  // namespace

TEST_CASE("the editor schema knows every argument of every resource type and data source") {
  json schema = editor_schema({{"demo", provider_answer()}});
  CHECK(schema_violations(schema, config_with({{"size_gb", 10}, {"tags", {{"a", "b"}}}, {"zones", {"1"}},
                                               {"encryption", {{"enabled", true}}}, {"count", 2}}))
            .empty());
  // Expressions stand for any value.
  CHECK(schema_violations(schema, config_with({{"size_gb", "${var.size}"}, {"zones", "${var.zones}"}})).empty());
  CHECK_FALSE(schema_violations(schema, config_with({{"size_gb", 10}, {"colour", "red"}})).empty());
  CHECK_FALSE(schema_violations(schema, config_with({{"size_gb", 10}, {"id", "x"}})).empty());  // computed only
  CHECK_FALSE(schema_violations(schema, config_with({{"tags", {{"a", "b"}}}})).empty());        // size_gb required
  CHECK_FALSE(schema_violations(schema, config_with({{"size_gb", 10}, {"encryption", {{"on", true}}}})).empty());
  CHECK_FALSE(schema_violations(schema, {{"resource", {{"demo_nothing", {{"x", json::object()}}}}}}).empty());
  CHECK(schema_violations(schema, {{"data", {{"demo_image", {{"i", {{"name", "ubuntu"}}}}}}}}).empty());
  CHECK(schema_violations(schema, {{"provider", {{"demo", {{"location", "eastus"}}}}}}).empty());
  CHECK_FALSE(schema_violations(schema, {{"provider", {{"demo", {{"locaton", "eastus"}}}}}}).empty());
  auto& size = schema["properties"]["resource"]["properties"]["demo_disk"]["additionalProperties"]["properties"]["size_gb"];
  CHECK(size["description"] == "Size in GiB. Required. Changing it replaces the object.");
}

TEST_CASE("every example validates against schemas/forma-config.schema.json and names it") {
  namespace fs = std::filesystem;
  fs::path root(FORMA_SOURCE_DIR);
  json schema = json::parse(read_file_text(root / "schemas/forma-config.schema.json"));
  int files = 0;
  for (const auto& e : fs::recursive_directory_iterator(root / "examples")) {
    std::string name = e.path().filename().string();
    if (!name.ends_with(".forma.json")) continue;
    ++files;
    INFO(e.path().string());
    auto doc = forma::config::parse_jsonc(read_file_text(e.path()), e.path().string());
    CHECK(schema_violations(schema, doc.value) == std::vector<std::string>{});
    fs::path named = e.path().parent_path() / doc.value.value("$schema", "");
    CHECK(fs::equivalent(named, root / "schemas/forma-config.schema.json"));
  }
  CHECK(files >= 5);
}
