#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

TEST_CASE("deployment functions describe the context") {
  CHECK(value_of("[resourceGroup().id]") == kRg);
  CHECK(value_of("[resourceGroup().location]") == "westeurope");
  CHECK(value_of("[subscription().subscriptionId]") == "00000000-0000-0000-0000-000000000001");
  CHECK(value_of("[subscription().id]") == "/subscriptions/00000000-0000-0000-0000-000000000001");
  CHECK(value_of("[tenant().tenantId]") == "72f988bf-86f1-41af-91ab-2d7cd011db47");
  CHECK(value_of("[deployment().name]") == "deploy1");
  CHECK(value_of("[deployment().properties.template.contentVersion]") == "1.0.0.0");
  CHECK(value_of("[environment().suffixes.storage]") == "core.windows.net");
  CHECK(value_of("[environment().name]") == "AzureCloud");
}

TEST_CASE("resourceId and its scoped variants build ARM ids") {
  CHECK(value_of("[resourceId('Microsoft.Network/virtualNetworks', 'vnet')]") ==
        kRg + "/providers/Microsoft.Network/virtualNetworks/vnet");
  CHECK(value_of("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]") ==
        kRg + "/providers/Microsoft.Network/virtualNetworks/vnet/subnets/default");
  CHECK(value_of("[resourceId('otherRg', 'Microsoft.Storage/storageAccounts', 'st')]") ==
        "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/otherRg/providers/"
        "Microsoft.Storage/storageAccounts/st");
  CHECK(value_of("[resourceId('sub2', 'rg2', 'Microsoft.Storage/storageAccounts', 'st')]") ==
        "/subscriptions/sub2/resourceGroups/rg2/providers/Microsoft.Storage/storageAccounts/st");
  CHECK(value_of("[subscriptionResourceId('Microsoft.Authorization/roleDefinitions', 'r1')]") ==
        "/subscriptions/00000000-0000-0000-0000-000000000001/providers/Microsoft.Authorization/"
        "roleDefinitions/r1");
  CHECK(value_of("[tenantResourceId('Microsoft.Management/managementGroups', 'mg')]") ==
        "/providers/Microsoft.Management/managementGroups/mg");
  CHECK(value_of("[extensionResourceId(resourceGroup().id, 'Microsoft.Authorization/locks', 'lock')]") ==
        kRg + "/providers/Microsoft.Authorization/locks/lock");
  CHECK_THAT(error_of("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet')]"),
             Catch::Contains(
                 "'resourceId' the resource type 'Microsoft.Network/virtualNetworks/subnets' needs 2 name"));
  CHECK_THAT(error_of("[resourceId('a', 'b')]"), Catch::Contains("'resourceId' expects a resource type"));
}

TEST_CASE("reference is refused outside resource properties and outputs") {
  std::string vars = R"("variables": {"v": "[reference('x', '2020-01-01')]"})";
  CHECK_THAT(error_of("[variables('v')]", vars), Catch::Contains("'reference' cannot be used in variables"));
}

TEST_CASE("an unknown value propagates through functions except where the result does not depend on it") {
  // reference() of a resource outside the template is unknown at plan time.
  std::string ref = "reference('/subscriptions/s/resourceGroups/r/providers/A.B/c/d', '2020-01-01')";
  CHECK(is_unknown(value_of("[" + ref + "]")));
  CHECK(is_unknown(value_of("[concat('a', " + ref + ".x)]")));
  CHECK(is_unknown(value_of("[toUpper(" + ref + ".name)]")));
  CHECK(is_unknown(value_of("[length(string(createArray(" + ref + ")))]")));
  CHECK(value_of("[if(false(), " + ref + ", 'known')]") == "known");
  CHECK(is_unknown(value_of("[if(" + ref + ".flag, 'a', 'b')]")));
  CHECK(value_of("[if(" + ref + ".flag, 'same', 'same')]") == "same");
  CHECK(value_of("[coalesce('first', " + ref + ")]") == "first");
  CHECK(is_unknown(value_of("[coalesce(null(), " + ref + ", 'x')]")));
  CHECK(value_of("[and(false(), " + ref + ".b)]") == false);
  CHECK(value_of("[or(true(), " + ref + ".b)]") == true);
  CHECK(value_of("[length(createArray(1, " + ref + "))]") == 2);
  CHECK(is_unknown(value_of("[equals(createArray(" + ref + "), createArray(1))]")));
}
