// Secrets never reach output, logs, plan files or the state file's bytes
// (with a state key), whether they come from a sensitive variable or from a
// provider's sensitive attribute.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "tests/e2e/harness.h"

using namespace forma::e2e;

namespace {

const char* kKey = "FORMA_STATE_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";  // base64 of 32 bytes
const std::string kPassword = "pw-8c1f5e0a-unique-secret";

std::string secrets_config(const std::string& cloud_db) {
  return R"({
  "variable": { "admin_password": { "type": "string", "sensitive": true } },
  "provider": { "test": { "cloud_db": ")" + cloud_db + R"(" } },
  "resource": {
    "test_null": { "node": { "triggers": { "password": "${var.admin_password}", "user": "demo" } } },
    "test_random": { "token": { "length": 24 } }
  },
  "output": {
    "token": { "value": "${test_random.token.result}", "sensitive": true },
    "user": { "value": "${test_null.node.triggers.user}" }
  }
})";
}

}  // namespace

TEST_CASE("no secret appears in output, logs, plan files or the encrypted state") {
  Workspace ws;
  ws.write("main.forma.json", secrets_config(ws.path("cloud.db")));
  std::vector<std::string> env = {kKey, "FORMA_VAR_admin_password=" + kPassword, "FORMA_LOG_PATH=" + ws.path("forma.log")};
  std::string seen;
  auto run = [&](const std::vector<std::string>& args) {
    auto r = ws.forma(args, "", env);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    seen += r.out + r.err;
    return r;
  };
  run({"plan", "-no-color", "-out=tfplan"});
  run({"apply", "-auto-approve", "-no-color"});
  run({"show", "-no-color"});
  run({"show", "-json"});
  run({"show", "-no-color", "tfplan"});
  run({"output"});
  run({"state", "show", "test_null.node"});
  run({"plan", "-no-color"});
  // The one place a secret is handed out on purpose: an output asked for by name as JSON.
  auto token = nlohmann::json::parse(ws.forma({"output", "-json", "token"}, "", env).out).get<std::string>();
  REQUIRE(token.size() == 24);

  std::string files = ws.read("tfplan") + ws.read("forma.log") + ws.read("forma.state.db") +
                      ws.read("forma.state.db-wal");
  for (const auto& secret : {kPassword, token}) {
    INFO(secret);
    CHECK(seen.find(secret) == std::string::npos);
    CHECK(files.find(secret) == std::string::npos);
  }
  CHECK(seen.find("(sensitive value)") != std::string::npos);
}
