#include <catch2/catch.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <sstream>

#include "providers/sdk/server.h"

using namespace forma;
using namespace forma::sdk;

namespace {

// A resource whose "slow" objects wait until a "fast" one has been read:
// only a server handling requests concurrently can answer both.
class Gate : public Resource {
 public:
  ResourceSchema schema() const override {
    return {.attributes = {{"name", {.type = "string", .required = true}},
                           {"id", {.type = "string", .computed = true}}}};
  }
  StateResult create(const ApplyRequest& r) override {
    json s = r.planned_state;
    s["id"] = "id-" + s["name"].get<std::string>();
    return {s, {}};
  }
  StateResult read(const ReadRequest& r) override {
    std::unique_lock<std::mutex> lock(mu_);
    if (r.state["name"] == "fast") {
      fast_read_ = true;
      cv_.notify_all();
      return {r.state, {}};
    }
    bool opened = cv_.wait_for(lock, std::chrono::seconds(5), [&] { return fast_read_; });
    if (!opened) return {nullptr, {Diagnostic::error("requests were handled one at a time")}};
    return {r.state, {}};
  }
  StateResult update(const ApplyRequest& r) override { return {r.planned_state, {}}; }
  Diagnostics remove(const ApplyRequest&) override { return {}; }
  Diagnostics validate(const json& config) const override {
    if (config.value("name", "") != "odd") return {};
    return {Diagnostic::warning("odd name", "a warning, not an error")};
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool fast_read_ = false;
};

ProviderSpec gate_provider(json* configured = nullptr) {
  ProviderSpec spec;
  spec.name = "gate";
  spec.config_attributes = {{"region", {.type = "string", .optional = true, .default_value = "here"}}};
  spec.configure = [configured](const json& config) {
    if (configured) *configured = config;
    return Diagnostics{};
  };
  spec.resources = {{"gate", std::make_shared<Gate>()}};
  return spec;
}

std::string request(int id, const std::string& method, const json& params) {
  return json{{"jsonrpc", "2.0"}, {"id", id}, {"method", method}, {"params", params}}.dump() + "\n";
}

// Runs the server over `input` and returns the answers by id, in the order written.
std::vector<json> run(const ProviderSpec& spec, const std::string& input) {
  std::istringstream in(input);
  std::ostringstream out;
  REQUIRE(serve(spec, in, out) == 0);
  std::vector<json> answers;
  std::istringstream lines(out.str());
  for (std::string line; std::getline(lines, line);) answers.push_back(json::parse(line));
  return answers;
}

json answer(const std::vector<json>& answers, int id) {
  for (const auto& a : answers)
    if (a["id"] == id) return a;
  return json::object();
}

}  // namespace

TEST_CASE("requests are handled concurrently") {
  auto spec = gate_provider();
  std::string input = request(1, "read_resource", {{"type", "gate"}, {"state", {{"name", "slow"}, {"id", "s"}}}}) +
                      request(2, "read_resource", {{"type", "gate"}, {"state", {{"name", "fast"}, {"id", "f"}}}});
  auto answers = run(spec, input);
  REQUIRE(answers.size() == 2);
  // The slow read could only finish because the fast one ran meanwhile.
  CHECK(answer(answers, 1)["result"]["diagnostics"].empty());
  CHECK(answer(answers, 1)["result"]["new_state"]["name"] == "slow");
}

TEST_CASE("stop is answered last, after the requests in flight") {
  auto spec = gate_provider();
  std::string input = request(1, "read_resource", {{"type", "gate"}, {"state", {{"name", "slow"}, {"id", "s"}}}}) +
                      request(2, "read_resource", {{"type", "gate"}, {"state", {{"name", "fast"}, {"id", "f"}}}}) +
                      request(3, "stop", json::object()) + request(4, "schema", json::object());
  auto answers = run(spec, input);
  REQUIRE(answers.size() == 3);  // nothing after stop is read
  CHECK(answers.back()["id"] == 3);
  CHECK(answers.back()["result"] == json::object());
}

TEST_CASE("handshake, schema and configure follow the provider spec") {
  json configured;
  auto spec = gate_provider(&configured);
  auto answers = run(spec, request(1, "handshake", {{"protocol_version", 1}}) + request(2, "schema", json::object()) +
                               request(3, "configure", {{"config", json::object()}}) +
                               request(4, "handshake", {{"protocol_version", 2}}));
  CHECK(answer(answers, 1)["result"] == json{{"protocol_version", 1},
                                             {"name", "gate"},
                                             {"version", "0.1.0"},
                                             {"capabilities", {"plan_validates"}}});
  CHECK(answer(answers, 2)["result"]["resources"]["gate"]["attributes"]["id"]["computed"] == true);
  CHECK(answer(answers, 3)["result"]["diagnostics"].empty());
  CHECK(configured == json{{"region", "here"}});
  CHECK(answer(answers, 4)["error"]["message"] == "forma speaks protocol version 2 but provider \"gate\" speaks version 1");
}

TEST_CASE("protocol failures are JSON-RPC errors and resource problems are diagnostics") {
  auto spec = gate_provider();
  auto answers = run(spec, "not json\n" + request(2, "frobnicate", json::object()) +
                               request(3, "plan_resource", {{"type", "gaet"}}) +
                               request(4, "validate_resource", {{"type", "gate"}, {"mode", "managed"}, {"config", {{"nmae", "x"}}}}));
  CHECK(answer(answers, 2)["error"]["code"] == -32601);
  CHECK(answer(answers, 3)["error"]["message"] == "unknown resource type \"gaet\". Did you mean \"gate\"?");
  json diags = answer(answers, 4)["result"]["diagnostics"];
  REQUIRE(diags.size() == 2);
  CHECK(diags[0]["attribute"] == "/nmae");
  CHECK(diags[0]["severity"] == "error");
  bool parse_error = false;
  for (const auto& a : answers) parse_error |= a["id"].is_null() && a["error"]["code"] == -32700;
  CHECK(parse_error);
}

TEST_CASE("plan_resource reports what validate_resource would and plans nothing then") {
  auto spec = gate_provider();
  json config = {{"nmae", "x"}};
  auto answers = run(spec, request(1, "validate_resource", {{"type", "gate"}, {"mode", "managed"}, {"config", config}}) +
                               request(2, "plan_resource", {{"type", "gate"}, {"prior_state", nullptr}, {"config", config}}));
  CHECK(answer(answers, 2)["result"]["diagnostics"] == answer(answers, 1)["result"]["diagnostics"]);
  CHECK(answer(answers, 2)["result"]["planned_state"].is_null());
}

TEST_CASE("plan_resource passes on the warnings of a valid configuration and still plans") {
  auto answers = run(gate_provider(), request(1, "plan_resource", {{"type", "gate"}, {"prior_state", nullptr},
                                                                   {"config", {{"name", "odd"}}}}));
  json result = answer(answers, 1)["result"];
  REQUIRE(result["diagnostics"].size() == 1);
  CHECK(result["diagnostics"][0]["severity"] == "warning");
  CHECK(result["diagnostics"][0]["summary"] == "odd name");
  CHECK(result["planned_state"]["name"] == "odd");
}

TEST_CASE("apply creates, updates and deletes according to prior and planned state") {
  auto spec = gate_provider();
  json planned = {{"name", "n"}, {"id", unknown_value()}};
  json state = {{"name", "n"}, {"id", "id-n"}};
  auto answers = run(spec, request(1, "apply_resource", {{"type", "gate"}, {"prior_state", nullptr}, {"planned_state", planned}}) +
                               request(2, "apply_resource", {{"type", "gate"}, {"prior_state", state}, {"planned_state", state}}) +
                               request(3, "apply_resource", {{"type", "gate"}, {"prior_state", state}, {"planned_state", nullptr}}) +
                               request(4, "plan_resource", {{"type", "gate"}, {"prior_state", nullptr}, {"config", {{"name", "n"}}}}));
  CHECK(answer(answers, 1)["result"]["new_state"] == state);
  CHECK(answer(answers, 2)["result"]["new_state"] == state);
  CHECK(answer(answers, 3)["result"]["new_state"].is_null());
  CHECK(answer(answers, 4)["result"]["planned_state"] == planned);
}

TEST_CASE("a provider returning unknowns after apply gets an error diagnostic") {
  auto spec = gate_provider();
  json planned = {{"name", "n"}, {"id", unknown_value()}};
  json prior = {{"name", "m"}, {"id", "id-m"}};
  auto answers = run(spec, request(1, "apply_resource", {{"type", "gate"}, {"prior_state", prior}, {"planned_state", planned}}));
  CHECK(answer(answers, 1)["result"]["diagnostics"][0]["summary"] ==
        "The provider returned an unknown value after the operation");
}
