#include "engine/ui/json_progress.h"

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "engine/config/schema_validation.h"
#include "engine/ui/show_json.h"
#include "tests/engine/ui/ui_test_support.h"

using namespace forma;
using namespace forma::ui;
using forma::ui::testing::Capture;
using forma::ui::testing::change;

namespace {

json load_schema(const std::string& name) {
  std::ifstream in(std::string(FORMA_SOURCE_DIR) + "/schemas/" + name);
  std::stringstream ss;
  ss << in.rdbuf();
  return json::parse(ss.str());
}

std::vector<json> lines_of(const std::string& text) {
  std::vector<json> out;
  std::stringstream ss(text);
  std::string line;
  while (std::getline(ss, line)) out.push_back(json::parse(line));
  return out;
}

void check_all(const json& schema, const std::vector<json>& lines) {
  for (const auto& l : lines) {
    INFO(l.dump());
    CHECK(config::schema_violations(schema, l) == std::vector<std::string>{});
  }
}

const std::string kSecret = "hunter2-secret";

plan::Plan sample_plan() {
  plan::Plan p;
  auto create = change("module.net.azure_storage_account.sa[\"west\"]", "azure_storage_account", plan::Action::Create);
  create.after = {{"name", "sa"}, {"key", kSecret}};
  create.sensitive_paths = {"/key"};
  auto replace = change("test_null.r[0]", "test_null", plan::Action::Replace);
  replace.reason = "tainted";
  p.changes = {create, replace, change("test_null.u", "test_null", plan::Action::Update),
               change("test_null.d", "test_null", plan::Action::Delete),
               change("data.test_echo.e", "test_echo", plan::Action::Read, "data"),
               change("test_null.f", "test_null", plan::Action::Forget),
               change("test_null.same", "test_null", plan::Action::NoOp)};
  p.outputs = {{"password", plan::Action::Create, nullptr, kSecret, true}, {"name", plan::Action::Update, "a", "b", false}};
  return p;
}

}  // namespace

TEST_CASE("every line of a plan, an apply and its diagnostics matches the published JSON schema") {
  Capture out;
  ManualClock clock;
  JsonStream stream(out.file(), clock);
  stream.version("0.1.0");
  stream.plan(sample_plan());
  JsonProgress progress(stream);
  auto c = change("azure_batchai_cluster.nc6", "azure_batchai_cluster", plan::Action::Create);
  auto d = change("test_null.d", "test_null", plan::Action::Delete);
  progress.change_started(c);
  progress.change_started(d);
  clock.advance(std::chrono::seconds(10));
  progress.poll();
  progress.change_finished(c, 0, "/subscriptions/s/clusters/nc6");
  progress.change_failed(d, 0);
  Diagnostic placed = Diagnostic::error("Unsupported argument \"lenght\"", "Did you mean \"length\"?",
                                        {"main.forma.json", {3, 7}, {3, 15}}, "/resource/test_random/pw/lenght");
  stream.diagnostic(placed);
  stream.diagnostic(Diagnostic::warning("Deprecated"));
  stream.applied(sample_plan(), false);
  stream.applied(sample_plan(), true);
  stream.outputs({{"password", kSecret, true}, {"nodes", json::array({"10.0.0.4:50000"}), false}});
  stream.log("Saved the plan to: tfplan");

  auto lines = lines_of(out.text());
  check_all(load_schema("json-ui.schema.json"), lines);
  std::vector<std::string> types;
  for (const auto& l : lines) types.push_back(l["type"]);
  CHECK(types == std::vector<std::string>{"version", "planned_change", "planned_change", "planned_change",
                                          "planned_change", "planned_change", "planned_change", "outputs",
                                          "change_summary", "apply_start", "apply_start", "apply_progress",
                                          "apply_progress", "apply_complete", "apply_errored", "diagnostic",
                                          "diagnostic", "change_summary", "change_summary", "outputs", "log"});
  CHECK(out.text().find(kSecret) == std::string::npos);
  CHECK(lines[8]["@message"] == "Plan: 2 to add, 1 to change, 2 to destroy, 1 to forget.");
  CHECK(lines[11]["@message"] == "azure_batchai_cluster.nc6: Still creating... [10s elapsed]");
  CHECK(lines[11]["hook"]["elapsed_seconds"] == 10);
  CHECK(lines[13]["hook"]["id_value"] == "/subscriptions/s/clusters/nc6");
  CHECK(lines[14]["@level"] == "error");
  CHECK(lines[15]["diagnostic"]["range"]["start"] == json{{"line", 3}, {"column", 7}});
  CHECK(lines[16]["@level"] == "warn");
  CHECK(lines[17]["@message"] == "Apply complete! Resources: 2 added, 1 changed, 2 destroyed.");
  CHECK(lines[19]["outputs"]["password"]["value"] == "(sensitive value)");
  CHECK(lines[0]["@timestamp"] == "2026-01-01T00:00:00.000000Z");
  CHECK(lines[11]["@timestamp"] == "2026-01-01T00:00:10.000000Z");
}

TEST_CASE("a resource's address is split into module, type, name and key") {
  auto a = resource_addr(change("module.net.azure_storage_account.sa[\"west\"]", "azure_storage_account",
                                plan::Action::Create));
  CHECK(a == json{{"addr", "module.net.azure_storage_account.sa[\"west\"]"},
                  {"module", "module.net"},
                  {"resource", "azure_storage_account.sa[\"west\"]"},
                  {"implied_provider", "azure"},
                  {"resource_type", "azure_storage_account"},
                  {"resource_name", "sa"},
                  {"resource_key", "west"}});
  auto d = resource_addr(change("data.test_echo.e[2]", "test_echo", plan::Action::Read, "data"));
  CHECK(d["module"] == "");
  CHECK(d["resource_name"] == "e");
  CHECK(d["resource_key"] == 2);
  CHECK(resource_addr(change("test_null.a", "test_null", plan::Action::Create))["resource_key"].is_null());
}

TEST_CASE("the line schema rejects what the documentation rules out") {
  json schema = load_schema("json-ui.schema.json");
  json good = {{"@level", "info"}, {"@message", "forma 0.1.0"}, {"@module", "forma.ui"},
               {"@timestamp", "2026-01-01T00:00:00.000000Z"}, {"type", "version"}, {"forma", "0.1.0"}, {"ui", "1.0"}};
  CHECK(config::schema_violations(schema, good).empty());
  json no_time = good;
  no_time.erase("@timestamp");
  CHECK_FALSE(config::schema_violations(schema, no_time).empty());
  json leaked = {{"@level", "info"}, {"@message", "Outputs: 1"}, {"@module", "forma.ui"},
                 {"@timestamp", "2026-01-01T00:00:00.000000Z"}, {"type", "outputs"},
                 {"outputs", {{"password", {{"sensitive", true}, {"value", kSecret}}}}}};
  CHECK_FALSE(config::schema_violations(schema, leaked).empty());
}

TEST_CASE("show -json documents of a plan and of the state match their schema and hide secrets") {
  json schema = load_schema("json-show.schema.json");
  json plan_doc = plan_document(sample_plan(), "0.1.0");
  CHECK(config::schema_violations(schema, plan_doc) == std::vector<std::string>{});
  CHECK(plan_doc["resource_changes"][1]["change"]["actions"] == json::array({"delete", "create"}));
  CHECK(plan_doc["resource_changes"][0]["index"] == "west");

  StateView view;
  view.lineage = "l-1";
  view.serial = 3;
  state::ResourceObject o;
  o.address = "test_random.pw[0]";
  o.type = "test_random";
  o.provider = "provider.test";
  o.attributes = {{"result", kSecret}, {"length", 16}};
  o.sensitive_paths = {"/result"};
  view.resources = {o};
  view.outputs = {{"pw", kSecret, true}};
  json state_doc = state_document(view, "0.1.0");
  CHECK(config::schema_violations(schema, state_doc) == std::vector<std::string>{});
  CHECK(state_doc["values"]["resources"][0]["name"] == "pw");
  CHECK(state_doc["values"]["resources"][0]["index"] == 0);
  CHECK(plan_doc.dump().find(kSecret) == std::string::npos);
  CHECK(state_doc.dump().find(kSecret) == std::string::npos);
  CHECK(config::schema_violations(schema, state_document({}, "0.1.0")).empty());
}
