// What azure_template_deployment builds on: drift as the paths forma sent,
// dependencies inferred from ids in bodies, secrets found in bodies, keys.
#include <catch2/catch.hpp>

#include "providers/azure/template_support.h"

using namespace forma::azure;
using forma::json;

namespace {

tmpl::ExpandedResource resource(const std::string& id, json body, std::vector<std::string> depends_on = {}) {
  tmpl::ExpandedResource r;
  r.id = id;
  r.body = std::move(body);
  r.depends_on = std::move(depends_on);
  return r;
}

const std::string kGroup = "/subscriptions/s/resourceGroups/g/providers/";

}  // namespace

TEST_CASE("observed_body: only what was sent can drift") {
  json sent = {{"name", "acct/default/share"},
               {"location", "East US"},
               {"sku", {{"capacity", 2}, {"name", "Standard_D2s_v3"}}},
               {"properties", {{"osProfile", {{"adminPassword", "secret"}, {"adminUsername", "u"}}},
                               {"subnets", {{{"name", "a"}, {"properties", {{"addressPrefix", "10.0.0.0/24"}}}}}}}}};
  json live = {{"name", "share"},
               {"id", "/x"},
               {"location", "eastus"},
               {"tags", {{"added", "by someone"}}},
               {"sku", {{"capacity", 2}, {"name", "standard_d2s_v3"}, {"tier", "Standard"}}},
               {"properties", {{"provisioningState", "Succeeded"},
                               {"osProfile", {{"adminUsername", "u"}}},
                               {"subnets", {{{"name", "a"}, {"id", "/x/subnets/a"},
                                             {"properties", {{"addressPrefix", "10.0.0.0/24"},
                                                             {"provisioningState", "Succeeded"}}}}}}}}};
  // Read-only and defaulted properties, case, the location's spelling, a password
  // Azure never returns and a child's short name are not drift.
  CHECK(tmpl::observed_body(sent, live) == sent);

  live["sku"]["capacity"] = 1;
  live["properties"]["subnets"][0]["properties"]["addressPrefix"] = "10.0.1.0/24";
  json drifted = tmpl::observed_body(sent, live);
  CHECK(drifted["sku"]["capacity"] == 1);
  CHECK(drifted["properties"]["subnets"][0]["properties"]["addressPrefix"] == "10.0.1.0/24");
  CHECK_FALSE(drifted["properties"]["subnets"][0].contains("id"));
  CHECK(drifted["properties"]["osProfile"]["adminPassword"] == "secret");

  live["properties"]["subnets"].push_back({{"name", "b"}});
  CHECK(tmpl::observed_body(sent, live)["properties"]["subnets"].size() == 2);
  CHECK(tmpl::observed_body({{"count", "2"}}, {{"count", 2}}) == json{{"count", "2"}});
}

TEST_CASE("resource_dependencies: dependsOn, and the ids of other template resources in a body") {
  const std::string vnet = kGroup + "Microsoft.Network/virtualNetworks/v";
  const std::string lb = kGroup + "Microsoft.Network/loadBalancers/lb";
  const std::string vmss = kGroup + "Microsoft.Compute/virtualMachineScaleSets/s";
  std::vector<tmpl::ExpandedResource> rs = {
      resource(vnet, {{"properties", {{"subnets", {{{"name", "a"}}}}}}}),
      resource(lb, {{"properties", {{"frontendIPConfigurations", {{{"id", lb + "/frontendIPConfigurations/fe"}}}}}}}),
      resource(vmss, {{"properties", {{"subnet", {{"id", vnet + "/subnets/a"}}}}}}, {lb}),
  };
  auto deps = resource_dependencies(rs);
  CHECK(deps[0].empty());
  CHECK(deps[1].empty());  // its own frontend's id is not a dependency
  CHECK(deps[2] == std::vector<size_t>{0, 1});

  // Inferred edges that would make a cycle are dropped; dependsOn stays.
  std::vector<tmpl::ExpandedResource> cyclic = {
      resource(vnet, {{"peer", lb}}),
      resource(lb, {{"peer", vnet}}, {vnet}),
  };
  auto kept = resource_dependencies(cyclic);
  CHECK(kept[0].empty());
  CHECK(kept[1] == std::vector<size_t>{0});
}

TEST_CASE("secret_paths finds every string that holds a secret") {
  json body = {{"properties",
                {{"osProfile", {{"adminPassword", "Pw-1"}}},
                 {"extensions", {{{"settings", {{"commandToExecute", "bash mount.sh acct KEY== share"}}}}}},
                 {"plain", "nothing here"}}}};
  std::vector<std::string> paths;
  secret_paths(body, {"Pw-1", "KEY=="}, "/resources/a~1b/body", paths);
  CHECK(paths == std::vector<std::string>{"/resources/a~1b/body/properties/extensions/0/settings/commandToExecute",
                                          "/resources/a~1b/body/properties/osProfile/adminPassword"});
}

TEST_CASE("resource_key names a resource below its group") {
  CHECK(resource_key(kGroup + "Microsoft.Storage/storageAccounts/a/fileServices/default/shares/s", "s", "G") ==
        "Microsoft.Storage/storageAccounts/a/fileServices/default/shares/s");
  CHECK(resource_key("/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/x", "s", "g") ==
        "/subscriptions/s/providers/Microsoft.Authorization/roleAssignments/x");
}
