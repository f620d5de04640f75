// ARM templates deployed by forma against the emulator: the DataScienceVM
// dsvm-vmss-cluster.json with its parameters file (plan as a what-if, apply,
// nodes, redeploy without changes, a change, drift, destroy), errors that
// name the template's file, line and column, a failure half-way that the
// next apply completes, complete mode, and a template inside a forma config.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "engine/config/schema_validation.h"
#include "tests/e2e/emulator_process.h"
#include "tests/e2e/harness.h"
#include "tests/text_support.h"

using namespace forma::e2e;
using forma::json;
using forma::testing::contains;
namespace fs = std::filesystem;

namespace {

const char* const kTemplatePassword = "Tmpl-Pw-7f3a9c21!";
const char* const kTemplateStorageKey = "dGVtcGxhdGUtc3RvcmFnZS1rZXktNGI4ZQ==";

const fs::path kDsvmCorpus = fs::path(FORMA_SOURCE_DIR) / ".." / "shared" / "corpus" / "Azure__DataScienceVM" / "Scripts" /
                         "CreateDSVM" / "Ubuntu";

std::string template_subscription(const std::vector<std::string>& env) {
  for (const auto& e : env)
    if (e.rfind("ARM_SUBSCRIPTION_ID=", 0) == 0) return e.substr(20);
  return "";
}

std::vector<std::string> args_with(std::vector<std::string> args, const std::vector<std::string>& more) {
  args.insert(args.end(), more.begin(), more.end());
  return args;
}

// A workspace with the DSVM template, its parameters file and the secrets in a file of their own.
void dsvm_files(const Workspace& ws) {
  fs::copy_file(kDsvmCorpus / "dsvm-vmss-cluster.json", ws.path("dsvm-vmss-cluster.json"));
  fs::copy_file(kDsvmCorpus / "dsvm-vmss-cluster.parameters.json", ws.path("dsvm-vmss-cluster.parameters.json"));
  ws.write("secrets.json", json{{"parameters",
                                 {{"adminPassword", {{"value", kTemplatePassword}}},
                                  {"storageAccountKey", {{"value", kTemplateStorageKey}}}}}}
                               .dump());
}

const std::vector<std::string> kDsvmArgs = {"-template", "dsvm-vmss-cluster.json",
                                            "-parameters", "@dsvm-vmss-cluster.parameters.json",
                                            "-parameters", "@secrets.json",
                                            "-parameters", "vmssName=team",
                                            "-resource-group", "dsvm-rg",
                                            "-location", "eastus",
                                            "-no-color"};

}  // namespace

TEST_CASE("dsvm-vmss-cluster.json plans as a what-if, applies, lists its nodes, redeploys clean and destroys") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  dsvm_files(ws);
  std::vector<std::string> env = emulator.env();
  env.push_back("FORMA_STATE_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  std::string seen;  // every byte forma printed

  auto plan = ws.forma(args_with({"plan", "-out", "dsvm.tfplan"}, kDsvmArgs), "", env);
  seen += plan.out + plan.err;
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  for (const char* line : {"+ Create   Microsoft.Network/virtualNetworks/team-vnet",
                           "+ Create   Microsoft.Network/publicIPAddresses/teampip",
                           "+ Create   Microsoft.Network/loadBalancers/teamlb",
                           "+ Create   Microsoft.Compute/virtualMachineScaleSets/team"})
    CHECK(contains(plan.out, line));
  CHECK(contains(plan.out, "Plan: 1 to add, 0 to change, 0 to destroy."));
  CHECK(contains(plan.out, "\"adminPassword\"      = (sensitive value)"));

  auto apply = ws.forma(args_with({"apply", "dsvm.tfplan"}, {"-no-color"}), "", env);
  seen += apply.out + apply.err;
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(contains(apply.out, "Apply complete! Resources: 1 added"));
  CHECK(ws.exists("dsvm-vmss-cluster.state.db"));  // -template keeps a state of its own
  CHECK_FALSE(ws.exists("forma.state.db"));

  const std::string group = "/subscriptions/" + template_subscription(env) + "/resourceGroups/dsvm-rg";
  const std::string scale_set = group + "/providers/Microsoft.Compute/virtualMachineScaleSets/team";
  int status = 0;
  json vmss = emulator.arm("GET", scale_set + "?api-version=2017-03-30", nullptr, &status);
  REQUIRE(status == 200);
  CHECK(vmss["sku"]["capacity"] == 2);
  // The scale set's subnet id names the template's virtual network, so forma made the network first.
  CHECK(emulator.arm("GET", group + "/providers/Microsoft.Network/virtualNetworks/team-vnet?api-version=2017-06-01",
                     nullptr, &status)["properties"]["subnets"][0]["name"] == "dsvmcluster");

  auto nodes = ws.forma(args_with({"nodes", "list", "azure_template_deployment.dsvm-vmss-cluster"}, kDsvmArgs), "", env);
  seen += nodes.out + nodes.err;
  INFO(nodes.out << nodes.err);
  CHECK(nodes.exit_code == 0);
  CHECK(contains(nodes.out, "team_0"));
  CHECK(contains(nodes.out, "team_1"));
  // The template's load balancer has no NAT pool to port 22: the nodes have no SSH endpoint, and forma says so.
  CHECK(contains(nodes.out, "team_0    -    -      running"));
  std::vector<std::string> exec_env = env;
  exec_env.push_back(std::string("TEMPLATE_PW=") + kTemplatePassword);
  auto exec = ws.forma(args_with({"nodes", "exec", "azure_template_deployment.dsvm-vmss-cluster", "-user", "dsvmuser",
                                  "-password-env", "TEMPLATE_PW"},
                                 args_with(kDsvmArgs, {"--", "hostname"})),
                       "", exec_env);
  seen += exec.out + exec.err;
  CHECK(exec.exit_code == 1);
  CHECK(contains(exec.err, "Node team_0 of azure_template_deployment.dsvm-vmss-cluster has no SSH endpoint"));

  // Redeploying the same template changes nothing: forma compares with what it sent, not with a GET.
  auto again = ws.forma(args_with({"plan", "-detailed-exitcode"}, kDsvmArgs), "", env);
  seen += again.out + again.err;
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "No changes."));

  // A property forma never sent (tags) is not drift; one it sent (the capacity) is.
  emulator.arm("PATCH", scale_set + "?api-version=2017-03-30", {{"tags", {{"owner", "someone"}}}}, &status);
  CHECK(status < 300);
  CHECK(ws.forma(args_with({"plan", "-detailed-exitcode"}, kDsvmArgs), "", env).exit_code == 0);
  emulator.arm("PATCH", scale_set + "?api-version=2017-03-30", {{"sku", {{"capacity", 1}}}}, &status);
  auto drift = ws.forma(args_with({"plan"}, kDsvmArgs), "", env);
  seen += drift.out + drift.err;
  INFO(drift.out << drift.err);
  CHECK(contains(drift.out, "~ Modify   Microsoft.Compute/virtualMachineScaleSets/team  (sku.capacity)"));
  CHECK(contains(drift.out, "= NoChange Microsoft.Network/loadBalancers/teamlb"));
  CHECK(contains(drift.out, "\"capacity\" = 1 -> 2"));

  auto resize = ws.forma(args_with({"apply", "-auto-approve", "-parameters", "instanceCount=3"}, kDsvmArgs), "", env);
  seen += resize.out + resize.err;
  INFO(resize.out << resize.err);
  CHECK(resize.exit_code == 0);
  CHECK(contains(resize.out, "0 added, 1 changed, 0 destroyed"));
  CHECK(emulator.arm("GET", scale_set + "?api-version=2017-03-30", nullptr, &status)["sku"]["capacity"] == 3);
  auto three = ws.forma(args_with({"nodes", "list", "azure_template_deployment.dsvm-vmss-cluster", "-parameters",
                              "instanceCount=3"}, kDsvmArgs), "", env);
  CHECK(contains(three.out, "team_2"));

  auto destroy = ws.forma(args_with({"destroy", "-auto-approve"}, kDsvmArgs), "", env);
  seen += destroy.out + destroy.err;
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});

  // The secure parameters never show, and are encrypted in state and absent from the plan file.
  CHECK_FALSE(contains(seen, kTemplatePassword));
  CHECK_FALSE(contains(seen, kTemplateStorageKey));
  CHECK_FALSE(contains(ws.read("dsvm.tfplan"), kTemplatePassword));
  CHECK_FALSE(contains(ws.read("dsvm.tfplan"), kTemplateStorageKey));
  CHECK_FALSE(contains(ws.read("dsvm-vmss-cluster.state.db"), kTemplatePassword));
  CHECK_FALSE(contains(ws.read("dsvm-vmss-cluster.state.db"), kTemplateStorageKey));
}

TEST_CASE("a bad template is one error naming its file, line, column, path and function; nothing is written") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("bad.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    {
      "type": "Microsoft.Network/publicIPAddresses",
      "apiVersion": "2017-04-01",
      "name": "ip",
      "location": "eastus",
      "properties": { "idleTimeoutInMinutes": "[add('4', 1)]" }
    }
  ]
}
)");
  auto r = ws.forma({"plan", "-template", "bad.json", "-resource-group", "g", "-location", "eastus", "-no-color"}, "",
                    emulator.env());
  INFO(r.out << r.err);
  CHECK(r.exit_code == 1);
  CHECK(contains(r.err, "resources[0].properties.idleTimeoutInMinutes"));
  CHECK(contains(r.err, "'add'"));
  CHECK(contains(r.err, "bad.json:10:"));
  CHECK_FALSE(ws.exists("bad.state.db"));

  auto no_group = ws.forma({"plan", "-template", "bad.json", "-no-color"}, "", emulator.env());
  CHECK(no_group.exit_code == 1);
  CHECK(contains(no_group.err, "-template needs -resource-group"));

  auto missing = ws.forma({"plan", "-template", "nope.json", "-resource-group", "g", "-no-color"}, "", emulator.env());
  CHECK(missing.exit_code == 1);
  CHECK(contains(missing.err, "Cannot read the template \"nope.json\""));

  auto bad_parameter = ws.forma({"plan", "-template", "bad.json", "-resource-group", "g", "-parameters", "novalue",
                                 "-no-color"}, "", emulator.env());
  CHECK(bad_parameter.exit_code == 1);
  CHECK(contains(bad_parameter.err, "Invalid -parameters \"novalue\""));
}

TEST_CASE("a template resource that fails leaves the rest recorded, and the next apply completes it") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("two.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": { "accountName": { "type": "string" } },
  "resources": [
    { "type": "Microsoft.KeyVault/vaults", "apiVersion": "2019-09-01", "name": "teamvault",
      "location": "[resourceGroup().location]", "properties": { "sku": { "family": "A", "name": "standard" } } },
    { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "[parameters('accountName')]",
      "location": "[resourceGroup().location]", "sku": { "name": "Standard_LRS" }, "kind": "StorageV2" }
  ]
}
)");
  const std::vector<std::string> base = {"-template", "two.json", "-resource-group", "two", "-location", "eastus",
                                         "-no-color"};
  auto failed = ws.forma(args_with({"apply", "-auto-approve", "-parameters", "accountName=Not_Valid"}, base), "", emulator.env());
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  CHECK(contains(failed.err, "resources[1] (Microsoft.Storage/storageAccounts/Not_Valid)"));
  CHECK(contains(failed.err, "AccountNameInvalid"));

  auto list = ws.forma({"state", "list", "-state", "two.state.db"});
  CHECK(contains(list.out, "azure_template_deployment.two"));
  auto fixed = ws.forma(args_with({"plan", "-parameters", "accountName=teamaccount01"}, base), "", emulator.env());
  INFO(fixed.out << fixed.err);
  CHECK(contains(fixed.out, "will be updated in-place"));  // not replaced: the vault stays
  CHECK(contains(fixed.out, "= NoChange Microsoft.KeyVault/vaults/teamvault"));
  CHECK(contains(fixed.out, "+ Create   Microsoft.Storage/storageAccounts/teamaccount01"));
  auto completed = ws.forma(args_with({"apply", "-auto-approve", "-parameters", "accountName=teamaccount01"}, base), "", emulator.env());
  INFO(completed.out << completed.err);
  CHECK(completed.exit_code == 0);
  auto ids = emulator.resource_ids();
  CHECK(std::count_if(ids.begin(), ids.end(), [](const std::string& id) {
          return contains(id, "vaults/teamvault") || contains(id, "storageAccounts/teamaccount01");
        }) == 2);
}

TEST_CASE("complete mode deletes the group's other resources; incremental mode leaves them") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("one.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    { "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2020-11-01", "name": "nsg",
      "location": "[resourceGroup().location]", "properties": { "securityRules": [] } }
  ]
}
)");
  const std::vector<std::string> base = {"-template", "one.json", "-resource-group", "one", "-location", "eastus",
                                         "-no-color"};
  REQUIRE(ws.forma(args_with({"apply", "-auto-approve"}, base), "", emulator.env()).exit_code == 0);
  const std::string stray = "/subscriptions/" + template_subscription(emulator.env()) +
                            "/resourceGroups/one/providers/Microsoft.KeyVault/vaults/stray";
  int status = 0;
  emulator.arm("PUT", stray + "?api-version=2019-09-01", {{"location", "eastus"}, {"properties", json::object()}},
               &status);
  REQUIRE(status == 201);

  auto incremental = ws.forma(args_with({"plan", "-detailed-exitcode"}, base), "", emulator.env());
  INFO(incremental.out << incremental.err);
  CHECK(incremental.exit_code == 0);  // nothing to do: other resources are left alone

  auto complete = ws.forma(args_with({"plan", "-mode", "complete"}, base), "", emulator.env());
  INFO(complete.out << complete.err);
  CHECK(contains(complete.out, "- Delete   Microsoft.KeyVault/vaults/stray  (not in the template (complete mode))"));
  CHECK(contains(complete.out, "= NoChange Microsoft.Network/networkSecurityGroups/nsg"));
  auto applied = ws.forma(args_with({"apply", "-auto-approve", "-mode", "complete"}, base), "", emulator.env());
  INFO(applied.out << applied.err);
  CHECK(applied.exit_code == 0);
  emulator.arm("GET", stray + "?api-version=2019-09-01", nullptr, &status);
  CHECK(status == 404);
  CHECK(ws.forma(args_with({"plan", "-detailed-exitcode", "-mode", "complete"}, base), "", emulator.env()).exit_code == 0);
}

TEST_CASE("azure_template_deployment in a config takes its values, and its outputs feed the config") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  json share_template = {
      {"$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"},
      {"contentVersion", "1.0.0.0"},
      {"parameters", {{"account", {{"type", "string"}}}, {"quota", {{"type", "int"}, {"defaultValue", 50}}}}},
      {"resources",
       json::array({{{"type", "Microsoft.Storage/storageAccounts/fileServices/shares"},
                     {"apiVersion", "2019-06-01"},
                     {"name", "[concat(parameters('account'), '/default/notebooks')]"},
                     {"properties", {{"shareQuota", "[parameters('quota')]"}}}}})},
      {"outputs",
       {{"shareUrl",
         {{"type", "string"},
          {"value", "[concat(reference(resourceId('Microsoft.Storage/storageAccounts', parameters('account')), "
                    "'2019-06-01').primaryEndpoints.file, 'notebooks')]"}}}}}};
  json config = {
      {"provider", {{"azure", {{"location", "eastus"}}}}},
      {"resource",
       {{"azure_resource_group", {{"rg", {{"name", "mixed"}}}}},
        {"azure_storage_account",
         {{"data", {{"name", "mixeddata01"}, {"resource_group", "${azure_resource_group.rg.name}"}}}}},
        {"azure_template_deployment",
         {{"share",
           {{"name", "share"},
            {"resource_group", "${azure_resource_group.rg.name}"},
            {"template", share_template},
            {"parameters", {{"account", "${azure_storage_account.data.name}"}, {"quota", 200}}}}}}}}},
      {"output", {{"share_url", {{"value", "${azure_template_deployment.share.outputs.shareUrl}"}}}}}};
  ws.write("main.forma.json", config.dump(2));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", emulator.env());
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(contains(apply.out, "share_url = \"https://mixeddata01.file.core.windows.net/notebooks\""));
  int status = 0;
  json share = emulator.arm("GET",
                            "/subscriptions/" + template_subscription(emulator.env()) +
                                "/resourceGroups/mixed/providers/Microsoft.Storage/storageAccounts/mixeddata01/"
                                "fileServices/default/shares/notebooks?api-version=2019-06-01",
                            nullptr, &status);
  CHECK(status == 200);
  CHECK(share["properties"]["shareQuota"] == 200);
  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", emulator.env());
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(ws.forma({"destroy", "-auto-approve", "-no-color"}, "", emulator.env()).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

namespace {

// {type, name, properties} of each resource a plan of examples/arm-storage-share creates, in ARM's terms.
json arm_view_of_template_plan(const json& plan) {
  json out = json::array();
  for (const auto& rc : plan["resource_changes"]) {
    if (rc["type"] != "azure_template_deployment") continue;
    for (const auto& [key, e] : rc["change"]["after"]["resources"].items()) {
      const json& body = e["body"];
      if (e["type"] == "Microsoft.Storage/storageAccounts")
        out.push_back({{"type", e["type"]},
                       {"name", body["name"]},
                       {"location", body["location"]},
                       {"sku", body["sku"]["name"]},
                       {"kind", body["kind"]}});
      else
        out.push_back({{"type", e["type"]}, {"name", body["name"]}, {"quota", body["properties"]["shareQuota"]}});
    }
  }
  return out;
}

json arm_view_of_config_plan(const json& plan) {
  json out = json::array();
  std::string account;
  for (const auto& rc : plan["resource_changes"])
    if (rc["type"] == "azure_storage_account") {
      const json& a = rc["change"]["after"];
      account = a["name"];
      out.push_back({{"type", "Microsoft.Storage/storageAccounts"},
                     {"name", a["name"]},
                     {"location", a["location"]},
                     {"sku", a["sku"]},
                     {"kind", a["kind"]}});
    }
  for (const auto& rc : plan["resource_changes"])
    if (rc["type"] == "azure_storage_file_share") {
      const json& s = rc["change"]["after"];
      out.push_back({{"type", "Microsoft.Storage/storageAccounts/fileServices/shares"},
                     {"name", account + "/default/" + s["name"].get<std::string>()},
                     {"quota", s["quota_gb"]}});
    }
  return out;
}

}  // namespace

TEST_CASE("examples/arm-storage-share: the template and the forma config plan the same resources and properties") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  copy_tree(fs::path(FORMA_SOURCE_DIR) / "examples" / "arm-storage-share", ws.dir());
  auto config_plan = ws.forma({"plan", "-out", "config.tfplan", "-no-color"}, "", emulator.env());
  INFO(config_plan.out << config_plan.err);
  REQUIRE(config_plan.exit_code == 0);
  auto template_plan = ws.forma({"plan", "-out", "template.tfplan", "-no-color", "-template", "azuredeploy.json",
                                 "-parameters", "@azuredeploy.parameters.json", "-resource-group", "arm-storage-share",
                                 "-location", "eastus"},
                                "", emulator.env());
  INFO(template_plan.out << template_plan.err);
  REQUIRE(template_plan.exit_code == 0);
  json from_config = json::parse(ws.forma({"show", "-json", "config.tfplan"}).out);
  json from_template = json::parse(ws.forma({"show", "-json", "template.tfplan"}).out);
  // The what-if lines are part of show -json's documented shape.
  std::ifstream schema_file(std::string(FORMA_SOURCE_DIR) + "/schemas/json-show.schema.json");
  const json show_schema = json::parse(schema_file);
  CHECK(forma::config::schema_violations(show_schema, from_template) == std::vector<std::string>{});
  REQUIRE(from_template["resource_changes"].size() == 1);
  CHECK(from_template["resource_changes"][0]["change"]["nested_changes"] ==
        json::parse(R"([{"action":"create","resource":"Microsoft.Storage/storageAccounts/formashare01"},
                        {"action":"create","resource":"Microsoft.Storage/storageAccounts/formashare01/fileServices/default/shares/notebooks"}])"));
  json a = arm_view_of_config_plan(from_config), b = arm_view_of_template_plan(from_template);
  INFO("config: " << a.dump() << "\ntemplate: " << b.dump());
  CHECK(a.size() == 2);
  CHECK(a == b);
}

TEST_CASE("what list*() returns is secret in the plan, the outputs and the state, and a redeploy is clean") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("keys.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "variables": { "account": "[resourceId('Microsoft.Storage/storageAccounts', 'keysacct01')]" },
  "resources": [
    { "type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "keysacct01",
      "location": "[resourceGroup().location]", "sku": { "name": "Standard_LRS" }, "kind": "StorageV2" },
    { "type": "Microsoft.KeyVault/vaults/secrets", "apiVersion": "2019-09-01", "name": "kv/storagekey",
      "dependsOn": ["kv", "keysacct01"],
      "properties": { "value": "[listKeys(variables('account'), '2019-06-01').keys[0].value]" } },
    { "type": "Microsoft.KeyVault/vaults", "apiVersion": "2019-09-01", "name": "kv",
      "location": "[resourceGroup().location]", "properties": {} }
  ],
  "outputs": {
    "key": { "type": "string", "value": "[listKeys(variables('account'), '2019-06-01').keys[0].value]" },
    "endpoint": { "type": "string", "value": "[reference(variables('account')).primaryEndpoints.blob]" }
  }
}
)");
  std::vector<std::string> env = emulator.env();
  env.push_back("FORMA_STATE_KEY=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
  const std::vector<std::string> base = {"-template", "keys.json", "-resource-group", "keys", "-location", "eastus",
                                         "-no-color"};
  auto apply = ws.forma(args_with({"apply", "-auto-approve"}, base), "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(contains(apply.out, "key = (sensitive value)"));
  CHECK(contains(apply.out, "endpoint = \"https://keysacct01.blob.core.windows.net/\""));
  int status = 0;
  const std::string account = "/subscriptions/" + template_subscription(env) +
                              "/resourceGroups/keys/providers/Microsoft.Storage/storageAccounts/keysacct01";
  json keys = emulator.arm("POST", account + "/listKeys?api-version=2019-06-01", nullptr, &status);
  REQUIRE(status == 200);
  const std::string key = keys["keys"][0]["value"];
  REQUIRE(key.size() > 8);
  // The vault's secret holds the key, as the template says.
  CHECK(emulator.arm("GET", "/subscriptions/" + template_subscription(env) +
                                "/resourceGroups/keys/providers/Microsoft.KeyVault/vaults/kv/secrets/storagekey"
                                "?api-version=2019-09-01")["properties"]["value"] == key);

  auto again = ws.forma(args_with({"plan", "-detailed-exitcode"}, base), "", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  auto shown = ws.forma({"show", "-state", "keys.state.db", "-no-color"});
  auto pulled = ws.forma({"state", "pull", "-state", "keys.state.db"}, "", env);
  auto output = ws.forma({"output", "-state", "keys.state.db"});
  for (const auto* text : {&apply.out, &apply.err, &again.out, &again.err, &shown.out, &pulled.out, &output.out})
    CHECK_FALSE(contains(*text, key));
  CHECK_FALSE(contains(ws.read("keys.state.db"), key));
  CHECK(ws.forma(args_with({"destroy", "-auto-approve"}, base), "", env).exit_code == 0);
}

TEST_CASE("destroy deletes the group forma created once it is empty, and never a group that existed before") {
  EmulatorProcess emulator;
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("nsg.json", R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "resources": [
    { "type": "Microsoft.Network/networkSecurityGroups", "apiVersion": "2020-11-01", "name": "nsg",
      "location": "[resourceGroup().location]", "properties": { "securityRules": [] } }
  ]
}
)");
  const std::string groups = "/subscriptions/" + template_subscription(emulator.env()) + "/resourceGroups/";
  int status = 0;
  emulator.arm("PUT", groups + "existing?api-version=2019-10-01", {{"location", "westus"}}, &status);
  REQUIRE(status / 100 == 2);
  auto in_existing = [&](const std::string& verb) {
    return ws.forma({verb, "-auto-approve", "-no-color", "-template", "nsg.json", "-resource-group", "existing",
                     "-location", "eastus", "-state", "existing.state.db"},
                    "", emulator.env());
  };
  REQUIRE(in_existing("apply").exit_code == 0);
  CHECK(emulator.arm("GET", groups + "existing/providers/Microsoft.Network/networkSecurityGroups/nsg?api-version=2020-11-01",
                     nullptr, &status)["location"] == "westus");  // the group's location, not -location
  REQUIRE(in_existing("destroy").exit_code == 0);
  emulator.arm("GET", groups + "existing?api-version=2019-10-01", nullptr, &status);
  CHECK(status == 200);

  auto in_new = [&](const std::string& verb, const std::string& group = "made") {
    return ws.forma({verb, "-auto-approve", "-no-color", "-template", "nsg.json", "-resource-group", group,
                     "-location", "eastus", "-state", group + ".state.db"},
                    "", emulator.env());
  };
  REQUIRE(in_new("apply").exit_code == 0);
  emulator.arm("PUT", groups + "made/providers/Microsoft.KeyVault/vaults/other?api-version=2019-09-01",
               {{"location", "eastus"}}, &status);
  auto kept = in_new("destroy");
  INFO(kept.out << kept.err);
  CHECK(kept.exit_code == 0);
  CHECK(contains(kept.err, "Resource group \"made\" is kept"));
  emulator.arm("GET", groups + "made?api-version=2019-10-01", nullptr, &status);
  CHECK(status == 200);

  REQUIRE(in_new("apply", "fresh").exit_code == 0);
  REQUIRE(in_new("destroy", "fresh").exit_code == 0);
  emulator.arm("GET", groups + "fresh?api-version=2019-10-01", nullptr, &status);
  CHECK(status == 404);
}
