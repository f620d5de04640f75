// -json on validate, plan, apply, destroy and refresh, and show -json,
// through the real binary: every line is checked against the published
// schemas (schemas/json-ui.schema.json, schemas/json-show.schema.json).
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "engine/config/schema_validation.h"
#include "tests/e2e/harness.h"

using namespace forma::e2e;
using nlohmann::json;

namespace {

const std::string kJsonPassword = "correct-horse-battery";

json schema(const std::string& name) {
  std::ifstream in(std::string(FORMA_SOURCE_DIR) + "/schemas/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

// Every line of `out` parsed and checked against the line schema; their types in order.
std::vector<json> checked_lines(const std::string& out) {
  static const json line_schema = schema("json-ui.schema.json");
  std::vector<json> lines;
  std::stringstream ss(out);
  std::string line;
  while (std::getline(ss, line)) {
    INFO(line);
    json j = json::parse(line, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    CHECK(forma::config::schema_violations(line_schema, j) == std::vector<std::string>{});
    lines.push_back(j);
  }
  return lines;
}

std::vector<std::string> line_types(const std::vector<json>& lines) {
  std::vector<std::string> out;
  for (const auto& l : lines) out.push_back(l["type"]);
  return out;
}

int count_of(const std::vector<std::string>& v, const std::string& what) {
  return static_cast<int>(std::count(v.begin(), v.end(), what));
}

std::string json_config(const Workspace& ws) {
  return R"({"variable": {"admin_password": {"type": "string", "sensitive": true}},
    "provider": {"test": {"cloud_db": ")" + ws.path("cloud.db") + R"("}},
    "resource": {"test_null": {"a": {"triggers": {"k": "a"}}, "b": {"triggers": {"k": "${test_null.a.id}"}}},
                 "test_random": {"pw": {"length": 12}}},
    "output": {"a": {"value": "${test_null.a.id}"},
               "password": {"value": "${var.admin_password}", "sensitive": true},
               "pw": {"value": "${test_random.pw.result}", "sensitive": true}}})";
}

}  // namespace

TEST_CASE("plan, apply, refresh and destroy with -json print only schema-valid lines and no secret") {
  Workspace ws;
  ws.write("main.forma.json", json_config(ws));
  std::vector<std::string> env = {"FORMA_VAR_admin_password=" + kJsonPassword};
  std::string all;

  auto plan = ws.forma({"plan", "-json"}, "", env);
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  all += plan.out + plan.err;
  auto p = checked_lines(plan.out);
  REQUIRE_FALSE(p.empty());
  CHECK(p.front()["type"] == "version");
  CHECK(count_of(line_types(p), "planned_change") == 3);
  CHECK(p.back()["type"] == "change_summary");
  CHECK(p.back()["changes"]["add"] == 3);
  CHECK(plan.err.empty());

  auto apply = ws.forma({"apply", "-json", "-auto-approve"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  all += apply.out + apply.err;
  auto a = checked_lines(apply.out);
  auto t = line_types(a);
  CHECK(count_of(t, "apply_start") == 3);
  CHECK(count_of(t, "apply_complete") == 3);
  CHECK(t.back() == "outputs");
  CHECK(a.back()["outputs"]["password"]["value"] == "(sensitive value)");
  CHECK(a.back()["outputs"]["a"]["value"].is_string());
  bool summary = false;
  for (const auto& l : a)
    if (l["type"] == "change_summary" && l["changes"]["operation"] == "apply") {
      summary = true;
      CHECK(l["@message"] == "Apply complete! Resources: 3 added, 0 changed, 0 destroyed.");
    }
  CHECK(summary);

  auto refresh = ws.forma({"refresh", "-json"}, "", env);
  INFO(refresh.out << refresh.err);
  CHECK(refresh.exit_code == 0);
  all += refresh.out + refresh.err;
  checked_lines(refresh.out);

  auto show = ws.forma({"show", "-json"}, "", env);
  all += show.out;
  json doc = json::parse(show.out);
  CHECK(forma::config::schema_violations(schema("json-show.schema.json"), doc) == std::vector<std::string>{});
  CHECK(doc["values"]["resources"].size() == 3);

  auto destroy = ws.forma({"destroy", "-json", "-auto-approve"}, "", env);
  INFO(destroy.out << destroy.err);
  REQUIRE(destroy.exit_code == 0);
  all += destroy.out + destroy.err;
  auto d = checked_lines(destroy.out);
  CHECK(count_of(line_types(d), "apply_complete") == 3);
  CHECK(d.back()["changes"]["operation"] == "destroy");

  CHECK(all.find(kJsonPassword) == std::string::npos);
}

TEST_CASE("show -json of a saved plan matches its schema") {
  Workspace ws;
  ws.write("main.forma.json", json_config(ws));
  std::vector<std::string> env = {"FORMA_VAR_admin_password=" + kJsonPassword};
  REQUIRE(ws.forma({"plan", "-json", "-out=tfplan"}, "", env).exit_code == 0);
  auto show = ws.forma({"show", "-json", "tfplan"}, "", env);
  INFO(show.out << show.err);
  REQUIRE(show.exit_code == 0);
  json doc = json::parse(show.out);
  CHECK(forma::config::schema_violations(schema("json-show.schema.json"), doc) == std::vector<std::string>{});
  CHECK(doc["kind"] == "plan");
  CHECK(doc["resource_changes"].size() == 3);
  CHECK(show.out.find(kJsonPassword) == std::string::npos);
}

TEST_CASE("errors with -json are diagnostic lines on stdout naming the place") {
  Workspace ws;
  ws.write("main.forma.json", R"({"resource": {"test_null": {"a": {"tigers": {}}}}})");
  for (const auto& verb : {"validate", "plan"}) {
    auto r = ws.forma({verb, "-json"});
    INFO(verb << r.out << r.err);
    CHECK(r.exit_code == 1);
    CHECK(r.err.empty());
    auto lines = checked_lines(r.out);
    auto t = line_types(lines);
    REQUIRE(count_of(t, "diagnostic") >= 1);
    for (const auto& l : lines)
      if (l["type"] == "diagnostic") {
        CHECK(l["@level"] == "error");
        CHECK(l["diagnostic"]["range"]["filename"] == "main.forma.json");
      }
  }
  auto v = checked_lines(ws.forma({"validate", "-json"}).out);
  CHECK(v.back()["type"] == "validate_result");
  CHECK(v.back()["valid"] == false);
}

TEST_CASE("validate -json of a valid configuration ends with valid true") {
  Workspace ws;
  ws.write("main.forma.json", json_config(ws));
  auto r = ws.forma({"validate", "-json"});
  INFO(r.out << r.err);
  CHECK(r.exit_code == 0);
  auto lines = checked_lines(r.out);
  CHECK(line_types(lines) == std::vector<std::string>{"version", "validate_result"});
  CHECK(lines.back()["valid"] == true);
}

TEST_CASE("apply -json without -auto-approve refuses, as it cannot ask") {
  Workspace ws;
  ws.write("main.forma.json", json_config(ws));
  auto r = ws.forma({"apply", "-json"}, "", {"FORMA_VAR_admin_password=x"});
  CHECK(r.exit_code == 1);
  auto lines = checked_lines(r.out);
  CHECK(lines.back()["type"] == "diagnostic");
  CHECK(lines.back()["diagnostic"]["summary"] == "No approval for apply with -json");
}
