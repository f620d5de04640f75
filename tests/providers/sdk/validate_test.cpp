#include <catch2/catch.hpp>

#include "providers/sdk/schema.h"
#include "providers/sdk/validate.h"

using namespace forma;
using namespace forma::sdk;

namespace {

const Attributes kCluster = {
    {"vm_size", {.type = "string", .required = true}},
    {"nodes", {.type = "number", .optional = true}},
    {"tags", {.type = "map(string)", .optional = true}},
    {"low_priority", {.type = "bool", .optional = true}},
    {"id", {.type = "string", .computed = true}},
    {"scale", {.type = "object", .optional = true,
               .attributes = {{"min_nodes", {.type = "number", .required = true}}}}},
    {"mounts", {.type = "list(object)", .optional = true,
                .attributes = {{"path", {.type = "string", .required = true}}}}},
};

}  // namespace

TEST_CASE("a valid config has no diagnostics") {
  json config = {{"vm_size", "NC6"}, {"nodes", 2}, {"tags", {{"a", "b"}}}, {"low_priority", true},
                 {"scale", {{"min_nodes", 0}}}, {"mounts", {{{"path", "/afs"}}}}};
  CHECK(validate_config(kCluster, config).empty());
}

TEST_CASE("an unknown attribute is reported with a suggestion and its pointer") {
  Diagnostics d = validate_config(kCluster, {{"vm_size", "NC6"}, {"nodse", 2}});
  REQUIRE(d.size() == 1);
  CHECK(d[0].summary == "Unsupported argument \"nodse\"");
  CHECK_THAT(d[0].detail, Catch::EndsWith("Did you mean \"nodes\"?"));
  CHECK(d[0].json_path == "/nodse");
}

TEST_CASE("a missing required attribute is reported, also inside nested blocks") {
  Diagnostics d = validate_config(kCluster, {{"scale", json::object()}, {"mounts", {json::object()}}});
  REQUIRE(d.size() == 3);
  std::vector<std::string> paths;
  for (const auto& x : d) paths.push_back(x.json_path + " " + x.summary);
  CHECK_THAT(paths, Catch::UnorderedEquals(std::vector<std::string>{
                        " Missing required argument \"vm_size\"",
                        "/scale Missing required argument \"min_nodes\"",
                        "/mounts/0 Missing required argument \"path\""}));
}

TEST_CASE("values of the wrong type are reported at their pointer") {
  Diagnostics d = validate_config(kCluster, {{"vm_size", json::array()}, {"nodes", "many"}, {"tags", {{"k", {1}}}}});
  REQUIRE(d.size() == 3);
  std::vector<std::string> paths;
  for (const auto& x : d) paths.push_back(x.json_path);
  CHECK_THAT(paths, Catch::UnorderedEquals(std::vector<std::string>{"/vm_size", "/nodes", "/tags/k"}));
}

TEST_CASE("unknown values pass every check") {
  json config = {{"vm_size", unknown_value()}, {"nodes", unknown_value()}, {"scale", unknown_value()}};
  CHECK(validate_config(kCluster, config).empty());
}

TEST_CASE("a computed-only attribute cannot be set") {
  Diagnostics d = validate_config(kCluster, {{"vm_size", "NC6"}, {"id", "x"}});
  REQUIRE(d.size() == 1);
  CHECK(d[0].summary == "Value for unconfigurable attribute \"id\"");
}

TEST_CASE("values convert to their declared types the way Terraform does") {
  json out = normalize_config(kCluster, {{"vm_size", 5}, {"nodes", "3"}, {"low_priority", "true"}});
  CHECK(out == json{{"vm_size", "5"}, {"nodes", 3}, {"low_priority", true}});
}

TEST_CASE("the schema answer lists every attribute's flags") {
  json j = ResourceSchema{.version = 2, .description = "d", .attributes = kCluster}.to_json();
  CHECK(j["version"] == 2);
  CHECK(j["attributes"]["vm_size"]["required"] == true);
  CHECK(j["attributes"]["scale"]["attributes"]["min_nodes"]["type"] == "number");
  CHECK_FALSE(j["attributes"]["nodes"].contains("default"));
}
