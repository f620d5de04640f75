// resolve_variables needs engine/expr (types, templates); its tests live here alone.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "engine/config/config.h"
#include "tests/engine/config/config_test_support.h"

using forma::json;
using forma::config::load_module;
using forma::config::resolve_variables;
using forma::config::VariableInputs;
using forma::config::VariableValues;
using forma::config::testing::describe;
using forma::config::testing::find_diag;
using forma::config::testing::TempDir;

namespace {

struct Loaded {
  TempDir dir;
  forma::config::LoadResult result;
};

std::unique_ptr<Loaded> load_variables(const std::string& variable_block) {
  auto l = std::make_unique<Loaded>();
  l->dir.write("main.forma.json", "{\"variable\": " + variable_block + "}");
  l->result = load_module(l->dir.path());
  INFO(describe(l->result.diags));
  REQUIRE(l->result.diags.empty());
  return l;
}

VariableValues resolve(const Loaded& l, VariableInputs inputs = {}) {
  return resolve_variables(*l.result.root, inputs);
}

// Sets an environment variable for the life of the object.
struct ScopedEnv {
  std::string name;
  ScopedEnv(std::string n, const std::string& value) : name(std::move(n)) { ::setenv(name.c_str(), value.c_str(), 1); }
  ~ScopedEnv() { ::unsetenv(name.c_str()); }
};

}  // namespace

TEST_CASE("each source overrides the one before: default, env, vars files, -var-file, -var") {
  auto l = load_variables(R"x({"a": {"default": "default"}, "b": {"default": "default"}, "c": {"default": "default"},
                              "d": {"default": "default"}, "e": {"default": "default"}})x");
  ScopedEnv env_b("FORMA_VAR_b", "env"), env_c("FORMA_VAR_c", "env"), env_d("FORMA_VAR_d", "env"),
      env_e("FORMA_VAR_e", "env");
  l->dir.write("a.forma.vars.json", R"x({"c": "dir-a", "d": "dir-a"})x");
  l->dir.write("b.forma.vars.json", R"x({"c": "dir-b", "d": "dir-b", "e": "dir-b"})x");
  std::string file = l->dir.write("extra.json", R"x({"d": "var-file", "e": "var-file"})x");
  VariableInputs inputs;
  inputs.var_files = {file};
  inputs.vars = {{"e", "flag-1"}, {"e", "flag-2"}};
  auto values = resolve(*l, inputs);
  INFO(describe(values.diags));
  CHECK(values.diags.empty());
  CHECK(values.values.at("a") == "default");
  CHECK(values.values.at("b") == "env");
  CHECK(values.values.at("c") == "dir-b");
  CHECK(values.values.at("d") == "var-file");
  CHECK(values.values.at("e") == "flag-2");
}

TEST_CASE("the environment is ignored when read_environment is false") {
  auto l = load_variables(R"x({"noenv": {"default": "default"}})x");
  ScopedEnv env("FORMA_VAR_noenv", "env");
  VariableInputs inputs;
  inputs.read_environment = false;
  CHECK(resolve(*l, inputs).values.at("noenv") == "default");
}

TEST_CASE("-var text is read as JSON for non-string types and converted") {
  auto l = load_variables(R"x({"n": {"type": "number"}, "s": {"type": "string"}, "l": {"type": "list(string)"},
                              "any_json": {}, "any_text": {}})x");
  VariableInputs inputs;
  inputs.vars = {{"n", "5"}, {"s", "[1]"}, {"l", "[\"a\", \"b\"]"}, {"any_json", "{\"k\": 1}"}, {"any_text", "hello"}};
  auto values = resolve(*l, inputs);
  INFO(describe(values.diags));
  CHECK(values.diags.empty());
  CHECK(values.values.at("n") == 5);
  CHECK(values.values.at("s") == "[1]");
  CHECK(values.values.at("l") == json::array({"a", "b"}));
  CHECK(values.values.at("any_json") == json{{"k", 1}});
  CHECK(values.values.at("any_text") == "hello");
}

TEST_CASE("a conversion error names where the value came from") {
  auto l = load_variables(R"x({"n": {"type": "number"}, "m": {"type": "number"}, "k": {"type": "number"}})x");
  l->dir.write("prod.forma.vars.json", "{\n  \"n\": \"many\"}");
  ScopedEnv env("FORMA_VAR_m", "lots");
  VariableInputs inputs;
  inputs.vars = {{"k", "[1]"}};
  auto values = resolve(*l, inputs);
  INFO(describe(values.diags));
  const auto* from_file = find_diag(values.diags, "Invalid value for variable \"n\"");
  REQUIRE(from_file);
  CHECK(from_file->range.to_string() == l->dir.file("prod.forma.vars.json") + ":2:8");
  const auto* from_env = find_diag(values.diags, "Invalid value for variable \"m\"");
  REQUIRE(from_env);
  CHECK(from_env->detail.find("FORMA_VAR_m") != std::string::npos);
  const auto* from_flag = find_diag(values.diags, "Invalid value for variable \"k\"");
  REQUIRE(from_flag);
  CHECK(from_flag->detail.find("-var \"k=...\"") != std::string::npos);
  CHECK(values.values.empty());
}

TEST_CASE("an undeclared name is a warning in a file and an error in -var, with a suggestion") {
  auto l = load_variables(R"x({"region": {"default": "x"}})x");
  l->dir.write("a.forma.vars.json", R"x({"regon": "y"})x");
  VariableInputs inputs;
  inputs.vars = {{"regin", "z"}};
  auto values = resolve(*l, inputs);
  INFO(describe(values.diags));
  REQUIRE(values.diags.size() == 2);
  CHECK(values.diags[0].severity == forma::Severity::Warning);
  CHECK(values.diags[0].summary == "Value for undeclared variable \"regon\". Did you mean \"region\"?");
  CHECK(values.diags[0].range.to_string() == l->dir.file("a.forma.vars.json") + ":1:2");
  CHECK(values.diags[1].severity == forma::Severity::Error);
  CHECK(values.diags[1].summary == "Value for undeclared variable \"regin\". Did you mean \"region\"?");
}

TEST_CASE("a required variable without a value is an error at its declaration") {
  auto l = load_variables("{\n  \"needed\": {\"type\": \"string\"}}");
  auto values = resolve(*l);
  REQUIRE(values.diags.size() == 1);
  CHECK(values.diags[0].summary == "No value for required variable \"needed\"");
  CHECK(values.diags[0].range.start.line == 2);
  CHECK(values.diags[0].json_path == "/variable/needed");
}

TEST_CASE("a failing validation reports its error_message at the variable") {
  auto l = load_variables(R"x({"size": {"type": "number", "default": 3,
      "validation": [{"condition": "${var.size < 10}", "error_message": "size must be below 10"}]}})x");
  CHECK(resolve(*l).diags.empty());
  VariableInputs inputs;
  inputs.vars = {{"size", "12"}};
  auto values = resolve(*l, inputs);
  INFO(describe(values.diags));
  REQUIRE(values.diags.size() == 1);
  CHECK(values.diags[0].summary == "size must be below 10");
  CHECK(values.diags[0].json_path == "/variable/size");
  CHECK(values.diags[0].detail.find("-var \"size=...\"") != std::string::npos);
  CHECK_FALSE(values.values.count("size"));
}

TEST_CASE("a validation may only refer to its own variable") {
  auto l = load_variables(R"x({"a": {"default": 1, "validation": {"condition": "${var.b > 0}", "error_message": "m"}},
                              "b": {"default": 1}})x");
  auto values = resolve(*l);
  INFO(describe(values.diags));
  CHECK(forma::has_errors(values.diags));
  CHECK(describe(values.diags).find("var.a") != std::string::npos);
}

TEST_CASE("a sensitive value never appears in a diagnostic") {
  auto l = load_variables(R"x({"password": {"type": "number", "sensitive": true,
      "validation": {"condition": "${var.password > 100}", "error_message": "bad ${var.password}"}},
      "token": {"type": "list(number)", "sensitive": true}})x");
  VariableInputs inputs;
  inputs.vars = {{"password", "\"hunter2secret\""}, {"token", "[\"topsecretvalue\"]"}};
  auto values = resolve(*l, inputs);
  std::string all = describe(values.diags);
  INFO(all);
  CHECK(forma::has_errors(values.diags));
  CHECK(all.find("hunter2secret") == std::string::npos);
  CHECK(all.find("topsecretvalue") == std::string::npos);
  CHECK(values.sensitive == std::vector<std::string>{"password", "token"});

  inputs.vars = {{"password", "7"}, {"token", "[1]"}};
  auto failed_rule = resolve(*l, inputs);
  INFO(describe(failed_rule.diags));
  REQUIRE(failed_rule.diags.size() == 1);
  CHECK(failed_rule.diags[0].summary == "Invalid value for variable \"password\"");  // the message would reveal it
}

TEST_CASE("null is kept for nullable variables and replaced by the default otherwise") {
  auto l = load_variables(R"x({"maybe": {"default": "d"}, "never": {"default": "d", "nullable": false},
                              "required": {"nullable": false}})x");
  l->dir.write("n.forma.vars.json", R"x({"maybe": null, "never": null, "required": null})x");
  auto values = resolve(*l);
  INFO(describe(values.diags));
  CHECK(values.values.at("maybe").is_null());
  CHECK(values.values.at("never") == "d");
  CHECK(find_diag(values.diags, "Invalid value for variable \"required\": it must not be null"));
}

TEST_CASE("an invalid type constraint is an error at the type") {
  auto l = load_variables(R"x({"v": {"type": "lsit(string)", "default": []}})x");
  auto values = resolve(*l);
  const auto* d = find_diag(values.diags, "Invalid type constraint for variable \"v\"");
  REQUIRE(d);
  CHECK(d->json_path == "/variable/v/type");
}
