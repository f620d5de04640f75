#include <catch2/catch.hpp>

#include "engine/provider/provider.h"

using namespace forma;
using namespace forma::provider;

namespace {
const std::string kPytest = std::string(FORMA_SOURCE_DIR) + "/tests/providers/python/forma-provider-pytest";
}

TEST_CASE("a provider written in Python speaks the same protocol") {
  std::string error;
  auto plugin = PluginProcess::start("pytest", kPytest, {}, error);
  INFO(error);
  REQUIRE(plugin);
  CHECK(plugin->handshake()["name"] == "pytest");

  CallResult schema = plugin->call("schema", json::object());
  REQUIRE(schema.ok);
  CHECK(schema.result["resources"]["pytest_echo"]["attributes"]["output"]["computed"] == true);

  json config = {{"input", "hello"}};
  CallResult plan = plugin->call("plan_resource", {{"type", "pytest_echo"}, {"address", "pytest_echo.a"},
                                                    {"prior_state", nullptr}, {"config", config}});
  REQUIRE(plan.ok);
  CHECK(is_unknown(plan.result["planned_state"]["id"]));

  CallResult apply = plugin->call("apply_resource", {{"type", "pytest_echo"}, {"address", "pytest_echo.a"},
                                                      {"prior_state", nullptr},
                                                      {"planned_state", plan.result["planned_state"]},
                                                      {"config", config}, {"creation_token", "t1"}});
  REQUIRE(apply.ok);
  CHECK(apply.result["new_state"]["output"] == "hello");
  CHECK(diagnostics_from(apply.result, "").empty());

  CallResult bad = plugin->call("validate_resource", {{"type", "pytest_echo"}, {"mode", "managed"},
                                                       {"config", {{"inptu", "x"}}}});
  REQUIRE(bad.ok);
  Diagnostics diags = diagnostics_from(bad.result, "/resource/pytest_echo/a");
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].json_path == "/resource/pytest_echo/a/inptu");

  CallResult unknown_type = plugin->call("plan_resource", {{"type", "nope"}});
  CHECK(unknown_type.error == "provider \"pytest\" could not handle plan_resource: unknown resource type \"nope\"");
}
