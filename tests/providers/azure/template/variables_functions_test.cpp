#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

TEST_CASE("variables refer to parameters and to other variables, case-insensitively") {
  std::string sections = R"("parameters": {"name": {"type": "string", "defaultValue": "app"}},
    "variables": {"vnetID": "[resourceId('Microsoft.Network/virtualNetworks', variables('vnetName'))]",
                  "vnetName": "[concat(parameters('name'), '-vnet')]",
                  "subnetRef": "[concat(variables('vnetId'), '/subnets/default')]",
                  "obj": {"nested": "[variables('vnetName')]", "list": ["[[kept]"]}})";
  CHECK(value_of("[variables('subnetRef')]", sections) ==
        kRg + "/providers/Microsoft.Network/virtualNetworks/app-vnet/subnets/default");
  CHECK(value_of("[variables('obj')]", sections) ==
        json::parse(R"({"nested": "app-vnet", "list": ["[kept]"]})"));
  CHECK_THAT(error_of("[variables('vnetNme')]", sections), Catch::Contains("Did you mean \"vnetName\"?"));
}

TEST_CASE("a cycle among variables is reported with its members") {
  std::string sections = R"("variables": {"a": "[variables('b')]", "b": "[concat(variables('a'), 'x')]"})";
  Evaluated e = evaluate("[variables('a')]", sections);
  CHECK_THAT(e.error, Catch::Contains("The variables a -> b -> a refer to each other in a cycle"));
}

TEST_CASE("variable copy loops build arrays with copyIndex of the loop") {
  std::string sections = R"("variables": {"copy": [
      {"name": "disks", "count": 3, "input": {"name": "[concat('disk', copyIndex('disks', 1))]", "lun": "[copyIndex('disks')]"}},
      {"name": "names", "count": 2, "input": "[concat('n', copyIndex('names'))]"}]})";
  CHECK(value_of("[variables('disks')]", sections) ==
        json::parse(R"([{"name":"disk1","lun":0},{"name":"disk2","lun":1},{"name":"disk3","lun":2}])"));
  CHECK(value_of("[variables('names')]", sections) == json({"n0", "n1"}));
}

TEST_CASE("user-defined functions take typed parameters and cannot read variables") {
  std::string sections = R"("variables": {"v": "x"}, "functions": [{"namespace": "contoso", "members": {
      "uniqueName": {"parameters": [{"name": "namePrefix", "type": "string"}],
                     "output": {"type": "string", "value": "[concat(toLower(parameters('namePrefix')), uniqueString(resourceGroup().id))]"}},
      "bad": {"parameters": [], "output": {"type": "string", "value": "[variables('v')]"}},
      "twice": {"parameters": [{"name": "n", "type": "int"}], "output": {"type": "int", "value": "[mul(parameters('n'), 2)]"}}}}])";
  CHECK(value_of("[contoso.uniqueName('ST')]", sections) == "st" + unique_string({kRg}));
  CHECK(value_of("[contoso.twice(contoso.twice(3))]", sections) == 12);
  CHECK_THAT(error_of("[contoso.bad()]", sections),
             Catch::Contains("user-defined functions cannot use variables"));
  CHECK_THAT(error_of("[contoso.twice('a')]", sections),
             Catch::Contains("parameter 'n' expects int, got a string"));
  CHECK_THAT(error_of("[contoso.twice()]", sections),
             Catch::Contains("'contoso.twice' expects 1 argument(s), got 0"));
  CHECK_THAT(error_of("[contoso.nosuch()]", sections), Catch::Contains("'contoso.nosuch' is not defined"));
}

TEST_CASE("a user-defined function cannot call another one, so it cannot recurse") {
  std::string sections = R"("functions": [{"namespace": "n", "members": {
      "loop": {"parameters": [], "output": {"type": "string", "value": "[n.loop()]"}}}}])";
  CHECK_THAT(error_of("[n.loop()]", sections), Catch::Contains("cannot call other user-defined functions"));
}
