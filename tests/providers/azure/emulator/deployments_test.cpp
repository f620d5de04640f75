// Resource types the emulator does not model (stored as sent) and the
// deployments API (PUT, GET, validate, whatIf) with forma's template engine.
#include <fstream>
#include <sstream>

#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

const char* kDeploymentsApi = "?api-version=2021-04-01";

std::string group(TestEmulator& emu, const std::string& name) {
  const std::string rg = emu.subscription() + "/resourceGroups/" + name;
  REQUIRE(emu.arm("PUT", rg + kResources, {{"location", "East US"}}).status / 100 == 2);
  return rg;
}

json corpus_json(const std::string& name) {
  std::ifstream in(std::string(FORMA_SOURCE_DIR) +
                   "/../shared/corpus/Azure__DataScienceVM/Scripts/CreateDSVM/Ubuntu/" + name);
  std::stringstream text;
  text << in.rdbuf();
  return json::parse(text.str());
}

// The DSVM scale-set template as `az deployment group create` sends it.
json dsvm_deployment(int instances, const std::string& mode = "Incremental") {
  json parameters = corpus_json("dsvm-vmss-cluster.parameters.json")["parameters"];
  parameters["vmssName"] = {{"value", "team"}};
  parameters["instanceCount"] = {{"value", instances}};
  parameters["adminPassword"] = {{"value", "Deploy-Pw-1!"}};
  return {{"properties", {{"mode", mode}, {"template", corpus_json("dsvm-vmss-cluster.json")}, {"parameters", parameters}}}};
}

}  // namespace

TEST_CASE("a resource type the emulator does not model is stored as sent, with its children") {
  TestEmulator emu;
  const std::string rg = group(emu, "generic");
  const std::string vault = rg + "/providers/Microsoft.KeyVault/vaults/kv";
  Answer put = emu.arm("PUT", vault + "?api-version=2019-09-01",
                       {{"location", "East US"}, {"tags", {{"team", "ml"}}}, {"properties", {{"tenantId", "t"}}}});
  CHECK(put.status == 201);
  CHECK(put.body["properties"]["provisioningState"] == "Succeeded");
  CHECK(put.body["location"] == "eastus");
  CHECK(put.body["type"] == "Microsoft.KeyVault/vaults");
  CHECK(emu.arm("GET", vault + "?api-version=2019-09-01").body["tags"]["team"] == "ml");
  CHECK(emu.arm("PUT", vault + "?api-version=2019-09-01", {{"location", "eastus"}}).status == 200);

  Answer orphan = emu.arm("PUT", rg + "/providers/Microsoft.KeyVault/vaults/none/secrets/s?api-version=2019-09-01",
                          {{"properties", {{"value", "x"}}}});
  CHECK(orphan.status == 404);
  CHECK(orphan.body["error"]["code"] == "ParentResourceNotFound");
  const std::string secret = vault + "/secrets/s";
  Answer child = emu.arm("PUT", secret + "?api-version=2019-09-01", {{"properties", {{"value", "x"}}}});
  CHECK(child.status == 201);
  CHECK(child.body["name"] == "s");
  CHECK(child.body["type"] == "Microsoft.KeyVault/vaults/secrets");
  CHECK(emu.arm("GET", vault + "/secrets?api-version=2019-09-01").body["value"].size() == 1);

  Answer listed = emu.arm("GET", rg + "/resources" + kResources);
  REQUIRE(listed.status == 200);
  REQUIRE(listed.body["value"].size() == 1);  // top-level resources only
  CHECK(listed.body["value"][0]["id"] == vault);

  CHECK(emu.arm("GET", vault + "?api-version=latest").body["error"]["code"] == "InvalidApiVersionParameter");
  CHECK(emu.arm("DELETE", vault + "?api-version=2019-09-01").status == 200);
  CHECK(emu.arm("GET", secret + "?api-version=2019-09-01").status == 404);
  CHECK(emu.arm("DELETE", vault + "?api-version=2019-09-01").status == 204);
}

TEST_CASE("a deployment of dsvm-vmss-cluster.json creates its resources through the emulator's own handlers") {
  TestEmulator emu;
  const std::string rg = group(emu, "dsvm");
  const std::string deployment = rg + "/providers/Microsoft.Resources/deployments/cluster";

  Answer validated = emu.arm("POST", deployment + "/validate" + kDeploymentsApi, dsvm_deployment(2));
  INFO(validated.body.dump());
  REQUIRE(validated.status == 200);
  CHECK(validated.body["properties"]["validatedResources"].size() == 4);
  CHECK_FALSE(validated.body["properties"]["parameters"]["adminPassword"].contains("value"));

  Answer created = emu.arm("PUT", deployment + kDeploymentsApi, dsvm_deployment(2));
  INFO(created.body.dump());
  REQUIRE(created.status == 201);
  CHECK(created.body["properties"]["provisioningState"] == "Succeeded");
  CHECK(created.body["properties"]["outputResources"].size() == 4);
  const std::string vmss = rg + "/providers/Microsoft.Compute/virtualMachineScaleSets/team";
  CHECK(emu.arm("GET", vmss + "?api-version=2017-03-30").body["sku"]["capacity"] == 2);
  Answer got = emu.arm("GET", deployment + kDeploymentsApi);
  CHECK(got.body["properties"]["parameters"]["vmssName"]["value"] == "team");
  CHECK_FALSE(got.body["properties"]["parameters"]["adminPassword"].contains("value"));
  CHECK(emu.arm("GET", rg + "/providers/Microsoft.Resources/deployments" + std::string(kDeploymentsApi))
            .body["value"].size() == 1);

  Answer what_if = emu.arm("POST", deployment + "/whatIf" + kDeploymentsApi, dsvm_deployment(3));
  INFO(what_if.body.dump());
  REQUIRE(what_if.status == 200);
  std::map<std::string, std::string> change;
  for (const auto& c : what_if.body["properties"]["changes"])
    change[c["resourceId"].get<std::string>().substr(rg.size())] = c["changeType"];
  CHECK(change["/providers/Microsoft.Compute/virtualMachineScaleSets/team"] == "Modify");
  CHECK(change["/providers/Microsoft.Network/loadBalancers/teamlb"] == "NoChange");
  CHECK(change["/providers/Microsoft.Network/virtualNetworks/team-vnet"] == "NoChange");

  // Complete mode deletes what the template does not name; what-if says so first.
  REQUIRE(emu.arm("PUT", rg + "/providers/Microsoft.KeyVault/vaults/stray?api-version=2019-09-01",
                  {{"location", "eastus"}}).status == 201);
  Answer complete_if = emu.arm("POST", deployment + "/whatIf" + kDeploymentsApi, dsvm_deployment(2, "Complete"));
  bool deletes_stray = false;
  for (const auto& c : complete_if.body["properties"]["changes"])
    deletes_stray = deletes_stray || (c["changeType"] == "Delete" && c["resourceId"].get<std::string>().ends_with("stray"));
  CHECK(deletes_stray);
  CHECK(emu.arm("PUT", deployment + kDeploymentsApi, dsvm_deployment(2, "Complete")).status == 200);
  CHECK(emu.arm("GET", rg + "/providers/Microsoft.KeyVault/vaults/stray?api-version=2019-09-01").status == 404);

  CHECK(emu.arm("DELETE", deployment + kDeploymentsApi).status == 200);
  CHECK(emu.arm("GET", vmss + "?api-version=2017-03-30").status == 200);  // as ARM: the record goes, not the resources
}

TEST_CASE("a deployment that cannot be evaluated is refused; one whose resource fails is recorded as failed") {
  TestEmulator emu;
  const std::string rg = group(emu, "bad");
  const std::string deployment = rg + "/providers/Microsoft.Resources/deployments/d";
  json too_long = dsvm_deployment(2);
  too_long["properties"]["parameters"]["vmssName"] = {{"value", "much-too-long-name"}};
  Answer refused = emu.arm("PUT", deployment + kDeploymentsApi, too_long);
  CHECK(refused.status == 400);
  CHECK(refused.body["error"]["code"] == "InvalidTemplate");
  CHECK(refused.body["error"]["message"].get<std::string>().find("vmssName") != std::string::npos);

  Answer linked = emu.arm("PUT", deployment + kDeploymentsApi,
                          {{"properties", {{"mode", "Incremental"}, {"templateLink", {{"uri", "https://example.com/t.json"}}}}}});
  CHECK(linked.status == 400);
  CHECK(linked.body["error"]["code"] == "InvalidTemplateLink");

  json failing = {{"properties",
                   {{"mode", "Incremental"},
                    {"template",
                     {{"$schema", "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#"},
                      {"contentVersion", "1.0.0.0"},
                      {"resources",
                       {{{"type", "Microsoft.Storage/storageAccounts"}, {"apiVersion", "2019-06-01"},
                         {"name", "Not_Valid"}, {"location", "eastus"}, {"sku", {{"name", "Standard_LRS"}}},
                         {"kind", "StorageV2"}},
                        {{"type", "Microsoft.Storage/storageAccounts/fileServices/shares"}, {"apiVersion", "2019-06-01"},
                         {"name", "Not_Valid/default/s"}, {"dependsOn", {"Not_Valid"}}}}}}}}}};
  Answer failed = emu.arm("PUT", deployment + kDeploymentsApi, failing);
  INFO(failed.body.dump());
  CHECK(failed.status == 201);
  CHECK(failed.body["properties"]["provisioningState"] == "Failed");
  const json& details = failed.body["properties"]["error"]["details"];
  REQUIRE(details.size() == 2);
  CHECK(details[0]["code"] == "AccountNameInvalid");
  CHECK(details[1]["code"] == "DependencyFailed");
}
