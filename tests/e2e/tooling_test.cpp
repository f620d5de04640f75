// What surrounds the engine: graph pictures, the editor schema, shell
// completion and help, through the real binary.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "tests/e2e/harness.h"
#include "tests/text_support.h"

using namespace forma::e2e;

namespace {

using forma::testing::contains;

std::string read_source(const std::string& path) {
  std::ifstream in(std::string(FORMA_SOURCE_DIR) + "/" + path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string tooling_config(const Workspace& ws) {
  return R"({"provider": {"test": {"cloud_db": ")" + ws.path("cloud.db") + R"("}},
    "resource": {"test_null": {"a": {}, "b": {"triggers": {"k": "${test_null.a.id}"}}, "gone": {}}}})";
}

// Runs `script` with bash (or zsh), build/bin first on PATH so completion can call forma.
Result shell(const Workspace& ws, const std::string& program, const std::string& script) {
  ws.write("script.sh", script);
  ws.write("run.sh", "export PATH=\"" + std::string(FORMA_BIN_DIR) + ":$PATH\"\nexec " + program + " ./script.sh\n");
  std::string cmd = "cd '" + ws.dir().string() + "' && sh ./run.sh 2>&1";
  Result r;
  FILE* p = popen(cmd.c_str(), "r");
  char buf[4096];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  r.exit_code = p ? pclose(p) : -1;
  return r;
}

bool have(const std::string& program) { return std::system(("command -v " + program + " >/dev/null 2>&1").c_str()) == 0; }

// What bash completes for the words typed so far (the last one being completed).
std::string bash_complete(const Workspace& ws, const std::string& words) {
  auto r = shell(ws, "bash", "source <(forma completion bash)\nCOMP_WORDS=(" + words +
                                  ")\nCOMP_CWORD=$((${#COMP_WORDS[@]} - 1))\n_forma\nprintf '%s\\n' \"${COMPREPLY[@]}\"\n");
  return r.out;
}

// Each command path of forma and the flags it takes, as the completion script lists them.
std::vector<std::pair<std::string, std::vector<std::string>>> commands_and_flags(const std::string& script) {
  std::vector<std::pair<std::string, std::vector<std::string>>> out;
  std::stringstream ss(script);
  std::string line;
  bool in_words = false;
  while (std::getline(ss, line)) {
    if (line == "_forma_words() {") in_words = true;
    if (!in_words) continue;
    if (line == "}") break;
    auto open = line.find("\") offer=\"");
    auto flags_at = line.find("; flags=\"");
    if (open == std::string::npos || flags_at == std::string::npos) continue;
    std::string path = line.substr(line.find('"') + 1, open - line.find('"') - 1);
    std::string words = line.substr(flags_at + 9, line.find('"', flags_at + 9) - flags_at - 9);
    std::vector<std::string> flags;
    std::stringstream ws(words);
    std::string w;
    while (ws >> w)
      if (w[0] == '-') flags.push_back(w);
    out.push_back({path.empty() ? path : path.substr(1), flags});
  }
  return out;
}

}  // namespace

TEST_CASE("graph prints DOT, coloured by a saved plan's actions") {
  Workspace ws;
  ws.write("main.forma.json", tooling_config(ws));
  auto dot = ws.forma({"graph"});
  INFO(dot.out << dot.err);
  REQUIRE(dot.exit_code == 0);
  CHECK(dot.out.rfind("digraph forma {", 0) == 0);
  CHECK(contains(dot.out, "\"test_null.b\" -> \"test_null.a\""));
  REQUIRE(ws.forma({"plan", "-out=tfplan"}).exit_code == 0);
  auto planned = ws.forma({"graph", "-plan=tfplan"});
  CHECK(contains(planned.out, "\"test_null.a\" [color = green"));
}

TEST_CASE("graph draws SVG through Graphviz, and says which package to install when it is missing") {
  Workspace ws;
  ws.write("main.forma.json", tooling_config(ws));
  auto missing = ws.forma({"graph", "-format=svg"}, "", {"PATH=/nonexistent"});
  CHECK(missing.exit_code == 1);
  CHECK(contains(missing.err, "Graphviz is not installed"));
  CHECK(contains(missing.err, "apt-get install graphviz"));
  REQUIRE(have("dot"));  // README installs graphviz
  auto svg = ws.forma({"graph", "-format=svg"});
  INFO(svg.err);
  REQUIRE(svg.exit_code == 0);
  CHECK(contains(svg.out, "<svg"));
  CHECK(contains(svg.out, "test_null.a"));
  auto png = ws.forma({"graph", "-format=png"});
  CHECK(png.out.rfind("\x89PNG", 0) == 0);
  auto bad = ws.forma({"graph", "-format=gif"});
  CHECK(bad.exit_code == 1);
  CHECK(contains(bad.err, "Unknown graph format \"gif\""));
}

TEST_CASE("the README's picture of examples/quickstart is what forma graph draws") {
  CHECK(contains(read_source("README.md"), "docs/quickstart-graph.svg"));
  Workspace ws;
  copy_tree(std::string(FORMA_SOURCE_DIR) + "/examples/quickstart", ws.dir());
  auto dot = ws.forma({"graph"});
  REQUIRE(dot.exit_code == 0);
  std::string svg = read_source("docs/quickstart-graph.svg");
  for (const auto* node : {"azure_batchai_cluster.nc6", "azure_batchai_workspace.ws", "azure_resource_group.rg",
                           "data.azure_batchai_cluster_nodes.nc6"}) {
    CHECK(contains(dot.out, node));
    CHECK(contains(svg, node));
  }
}

TEST_CASE("schemas/forma-config.schema.json is what forma providers schema -config-schema generates") {
  Workspace ws;
  auto r = ws.forma({"providers", "schema", "-config-schema"}, "", {"FORMA_PLUGIN_PATH="});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  INFO("Regenerate it: build/bin/forma providers schema -config-schema > schemas/forma-config.schema.json");
  CHECK(r.out == read_source("schemas/forma-config.schema.json"));
}

TEST_CASE("providers schema -json prints every installed provider's schema, with or without a configuration") {
  Workspace ws;
  auto r = ws.forma({"providers", "schema", "-json"}, "", {"FORMA_PLUGIN_PATH="});
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.out, "\"format_version\":\"1.0\""));
  CHECK(contains(r.out, "\"test\":{"));
  CHECK(contains(r.out, "\"test_null\":"));
  CHECK(contains(r.out, "\"azure\":{"));
  CHECK(contains(r.out, "\"azure_batchai_cluster\":"));
}

TEST_CASE("bash completion offers commands, flags and resource addresses from state") {
  Workspace ws;
  ws.write("main.forma.json", tooling_config(ws));
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  CHECK(bash_complete(ws, "forma sta") == "state\n");
  CHECK(bash_complete(ws, "forma apply -auto") == "-auto-approve\n");
  CHECK(bash_complete(ws, "forma state ''") == "list\nshow\nrm\nmv\npull\npush\nhistory\nrekey\n");
  CHECK(bash_complete(ws, "forma state show test_null.") == "test_null.a\ntest_null.b\ntest_null.gone\n");
  CHECK(bash_complete(ws, "forma plan -target test_null.g") == "test_null.gone\n");
  CHECK(bash_complete(ws, "forma taint test_null.b") == "test_null.b\n");
  CHECK(bash_complete(ws, "forma graph -format s") == "svg\n");
  CHECK(bash_complete(ws, "forma untaint ''") == "test_null.a\ntest_null.b\ntest_null.gone\n");
  std::string plan_flags = bash_complete(ws, "forma plan ''");  // no subcommands: its flags
  CHECK(contains(plan_flags, "-target\n"));
  CHECK(contains(plan_flags, "-json\n"));
  CHECK(bash_complete(ws, "forma -chdir . pl") == "plan\n");
}

TEST_CASE("zsh completion offers the same words") {
  if (!have("zsh")) {
    FAIL("zsh is not installed (README installs it)");
  }
  Workspace ws;
  ws.write("main.forma.json", tooling_config(ws));
  REQUIRE(ws.forma({"apply", "-auto-approve"}).exit_code == 0);
  auto complete = [&](const std::string& words) {
    return shell(ws, "zsh -f",
                 "compdef() { :; }\ncompadd() { shift; print -l -- \"$@\"; }\n_files() { :; }\n"
                 "source <(forma completion zsh)\nwords=(" + words + ")\nCURRENT=${#words}\n_forma\n")
        .out;
  };
  CHECK(contains(complete("forma sta"), "state\n"));  // zsh itself filters by prefix; the stub compadd does not
  CHECK(contains(complete("forma apply -auto"), "-auto-approve\n"));
  CHECK(contains(complete("forma state show ''"), "test_null.gone\n"));
}

TEST_CASE("forma -help lists every command and each command's help lists every flag it takes") {
  Workspace ws;
  auto top = ws.forma({"-help"});
  REQUIRE(top.exit_code == 0);
  auto script = ws.forma({"completion", "bash"});
  REQUIRE(script.exit_code == 0);
  auto commands = commands_and_flags(script.out);
  REQUIRE(commands.size() > 20);
  for (const auto& [path, flags] : commands) {
    INFO(path);
    if (path.find(' ') == std::string::npos && !path.empty()) CHECK(contains(top.out, "  " + path));
    std::vector<std::string> args;
    std::stringstream ss(path);
    std::string w;
    while (ss >> w) args.push_back(w);
    args.push_back("-help");
    auto help = ws.forma(args);
    CHECK(help.exit_code == 0);
    for (const auto& flag : flags) {
      INFO(flag);
      CHECK(contains(help.out, flag));
      CHECK_FALSE(contains(help.out, "-" + flag));  // one dash, as forma documents flags
    }
  }
}

TEST_CASE("completion for an unknown shell is a clear error") {
  Workspace ws;
  auto r = ws.forma({"completion", "fish"});
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "Unknown shell \"fish\""));
}
