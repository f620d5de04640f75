#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

namespace {

std::string tmpl(const std::string& resources, const std::string& extra = "") {
  return R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0", )" +
         extra + (extra.empty() ? "" : ",") + R"( "resources": )" + resources + "}";
}

const ExpandedResource& by_id(const ExpandedDeployment& d, const std::string& id) {
  for (const auto& r : d.resources)
    if (r.id == id) return r;
  FAIL("no resource " << id);
  throw;
}

const std::string kSt = kRg + "/providers/Microsoft.Storage/storageAccounts/";

}  // namespace

TEST_CASE("a resource expands to its id, body without template keys, and the path of its declaration") {
  auto d = expand(tmpl(R"([{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01",
      "name": "[concat('st', 'one')]", "location": "[resourceGroup().location]", "comments": "c",
      "sku": {"name": "Standard_LRS"}, "kind": "StorageV2", "tags": {"env": "[[dev]"},
      "properties": {"supportsHttpsTrafficOnly": true}}])"));
  REQUIRE(d.resources.size() == 1);
  const auto& r = d.resources[0];
  CHECK(r.id == kSt + "stone");
  CHECK(r.type == "Microsoft.Storage/storageAccounts");
  CHECK(r.api_version == "2019-06-01");
  CHECK(r.location == "westeurope");
  CHECK(r.declaration_path == "resources[0]");
  CHECK(
      r.body ==
      json::parse(R"({"type": "Microsoft.Storage/storageAccounts", "name": "stone", "location": "westeurope",
      "sku": {"name": "Standard_LRS"}, "kind": "StorageV2", "tags": {"env": "[dev]"},
      "properties": {"supportsHttpsTrafficOnly": true}})"));
  CHECK_FALSE(r.sensitive);
}

TEST_CASE("copy loops expand instances; serial mode records the batch size and orders the batches") {
  auto d = expand(tmpl(R"([{"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01",
      "name": "[concat('st', copyIndex(1))]", "location": "westeurope",
      "copy": {"name": "stloop", "count": 5, "mode": "Serial", "batchSize": 2},
      "properties": {"index": "[copyIndex()]"}}])"));
  REQUIRE(d.resources.size() == 5);
  for (int i = 0; i < 5; ++i) {
    const auto& r = d.resources[i];
    CHECK(r.id == kSt + "st" + std::to_string(i + 1));
    CHECK(r.body["properties"]["index"] == i);
    REQUIRE(r.copy);
    CHECK(r.copy->name == "stloop");
    CHECK(r.copy->index == i);
    CHECK(r.copy->serial);
    CHECK(r.copy->batch_size == 2);
  }
  CHECK(d.resources[1].depends_on.empty());
  CHECK(d.resources[2].depends_on == std::vector<std::string>{kSt + "st1", kSt + "st2"});
  CHECK(d.resources[4].depends_on == std::vector<std::string>{kSt + "st3", kSt + "st4"});
}

TEST_CASE("a parallel copy loop has no ordering and dependsOn on the loop name means every instance") {
  auto d = expand(tmpl(R"([
      {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "[concat('st', copyIndex())]",
       "copy": {"name": "stloop", "count": 2}},
      {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "last", "dependsOn": ["stloop"]}])"));
  REQUIRE(d.resources.size() == 3);
  CHECK(d.resources[1].depends_on.empty());
  CHECK_FALSE(d.resources[1].copy->serial);
  CHECK(d.resources[2].depends_on == std::vector<std::string>{kSt + "st0", kSt + "st1"});
}

TEST_CASE("a false condition leaves the resource out and drops dependencies on it") {
  auto d = expand(tmpl(R"([
      {"condition": "[equals(parameters('mode'), 'new')]", "type": "Microsoft.Storage/storageAccounts",
       "apiVersion": "2019-06-01", "name": "maybe"},
      {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "always",
       "dependsOn": ["[resourceId('Microsoft.Storage/storageAccounts', 'maybe')]"]}])",
                       R"("parameters": {"mode": {"type": "string", "defaultValue": "existing"}})"));
  REQUIRE(d.resources.size() == 1);
  CHECK(d.resources[0].id == kSt + "always");
  CHECK(d.resources[0].depends_on.empty());
  ParameterValues p;
  p.values["mode"] = "new";
  d = expand(tmpl(R"([
      {"condition": "[equals(parameters('mode'), 'new')]", "type": "Microsoft.Storage/storageAccounts",
       "apiVersion": "2019-06-01", "name": "maybe"}])",
                  R"("parameters": {"mode": {"type": "string"}})"),
             p);
  CHECK(d.resources.size() == 1);
}

TEST_CASE("nested child resources take their type and name relative to the parent and depend on it") {
  auto d = expand(
      tmpl(R"([{"type": "Microsoft.Network/virtualNetworks", "apiVersion": "2020-06-01", "name": "vnet",
      "location": "westeurope", "properties": {},
      "resources": [{"type": "subnets", "apiVersion": "2020-06-01", "name": "a", "properties": {"addressPrefix": "10.0.0.0/24"}},
                    {"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "2020-06-01", "name": "vnet/b",
                     "dependsOn": ["a"]}]}])"));
  REQUIRE(d.resources.size() == 3);
  std::string vnet = kRg + "/providers/Microsoft.Network/virtualNetworks/vnet";
  CHECK(d.resources[0].body.count("resources") == 0);
  CHECK(d.resources[1].id == vnet + "/subnets/a");
  CHECK(d.resources[1].type == "Microsoft.Network/virtualNetworks/subnets");
  CHECK(d.resources[1].name == "vnet/a");
  CHECK(d.resources[1].declaration_path == "resources[0].resources[0]");
  CHECK(d.resources[1].depends_on == std::vector<std::string>{vnet});
  CHECK(d.resources[2].id == vnet + "/subnets/b");
  CHECK(d.resources[2].depends_on == std::vector<std::string>{vnet, vnet + "/subnets/a"});
}

TEST_CASE("dependsOn accepts a name, type/name and a resource id; anything else is an error") {
  std::string base =
      R"({"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "one"},
      {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "two", "dependsOn": )";
  for (std::string dep : {"\"one\"", "\"Microsoft.Storage/storageAccounts/one\"",
                          "\"[resourceId('Microsoft.Storage/storageAccounts', 'ONE')]\""}) {
    auto d = expand(tmpl("[" + base + "[" + dep + "]}]"));
    CHECK(d.resources[1].depends_on == std::vector<std::string>{kSt + "one"});
  }
  std::string error = expand_error(tmpl("[" + base + "[\"three\"]}]"));
  CHECK_THAT(error, Catch::StartsWith("resources[1].dependsOn[0]: dependsOn 'three' names no resource"));
}

TEST_CASE("property copy loops build arrays inside the body") {
  auto d =
      expand(tmpl(R"([{"type": "Microsoft.Compute/virtualMachines", "apiVersion": "2020-06-01", "name": "vm",
      "properties": {"storageProfile": {"copy": [{"name": "dataDisks", "count": 2,
          "input": {"lun": "[copyIndex('dataDisks')]", "diskSizeGB": 32}}]}}}])"));
  CHECK(d.resources[0].body["properties"]["storageProfile"] ==
        json::parse(R"({"dataDisks": [{"lun": 0, "diskSizeGB": 32}, {"lun": 1, "diskSizeGB": 32}]})"));
}

TEST_CASE(
    "reference() is unknown at plan time, adds an implicit dependency, and a secure value marks the body") {
  std::string t = tmpl(R"([
      {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "st"},
      {"type": "Microsoft.Web/sites", "apiVersion": "2020-06-01", "name": "web",
       "properties": {"endpoint": "[reference('st').primaryEndpoints.blob]",
                      "key": "[listKeys(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2019-06-01').keys[0].value]",
                      "full": "[reference(resourceId('Microsoft.Storage/storageAccounts', 'st'), '2019-06-01', 'Full').location]",
                      "password": "[parameters('pw')]"}}])",
                       R"("parameters": {"pw": {"type": "securestring", "defaultValue": "x"}})");
  auto d = expand(t);
  const auto& web = by_id(d, kRg + "/providers/Microsoft.Web/sites/web");
  CHECK(is_unknown(web.body["properties"]["endpoint"]));
  CHECK(is_unknown(web.body["properties"]["key"]));
  CHECK(web.depends_on == std::vector<std::string>{kSt + "st"});
  CHECK(web.sensitive);
  CHECK_FALSE(d.resources[0].sensitive);
}

namespace {

class LiveResolver : public ResourceResolver {
 public:
  std::map<std::string, json> bodies;
  std::vector<std::string> calls;
  std::optional<json> get(const std::string& id, const std::string& api, std::string&) override {
    calls.push_back("GET " + id + " " + api);
    auto it = bodies.find(id);
    return it == bodies.end() ? unknown_value() : it->second;
  }
  std::optional<json> list(const std::string& id, const std::string& fn, const std::string&, const json&,
                           std::string& error) override {
    calls.push_back(fn + " " + id);
    if (!bodies.count(id)) {
      error = "not found";
      return std::nullopt;
    }
    return json::parse(R"({"keys": [{"value": "k1"}]})");
  }
};

}  // namespace

TEST_CASE("evaluate_resource re-evaluates one body with live dependencies") {
  std::string t =
      tmpl(R"([
      {"type": "Microsoft.Storage/storageAccounts", "apiVersion": "2019-06-01", "name": "st", "location": "westeurope"},
      {"type": "Microsoft.Web/sites", "apiVersion": "2020-06-01", "name": "web",
       "properties": {"endpoint": "[reference('st').primaryEndpoints.blob]",
                      "key": "[listKeys('st', '2019-06-01').keys[0].value]",
                      "where": "[reference('st', '2019-06-01', 'Full').location]"}}])",
           R"("outputs": {"blob": {"type": "string", "value": "[reference('st').primaryEndpoints.blob]"}})");
  TemplateDeployment dep;
  REQUIRE(!has_errors(dep.bind(parse(t), {}, test_context())));
  CHECK(dep.resource_ids() ==
        std::vector<std::string>{kSt + "st", kRg + "/providers/Microsoft.Web/sites/web"});
  LiveResolver live;
  live.bodies[kSt + "st"] = json::parse(
      R"({"id": "x", "location": "westeurope", "properties": {"primaryEndpoints": {"blob": "https://st.blob/"}}})");
  ExpandedResource web;
  Diagnostics diags = dep.evaluate_resource(kRg + "/providers/Microsoft.Web/sites/web", live, web);
  INFO(first_error(diags));
  REQUIRE(!has_errors(diags));
  CHECK(web.body["properties"] ==
        json::parse(R"({"endpoint": "https://st.blob/", "key": "k1", "where": "westeurope"})"));
  CHECK(live.calls.front() == "GET " + kSt + "st 2019-06-01");
  std::vector<TemplateOutput> outputs;
  REQUIRE(!has_errors(dep.evaluate_outputs(live, outputs)));
  CHECK(outputs.at(0).value == "https://st.blob/");
  CHECK_THAT(first_error(dep.evaluate_resource(kSt + "nosuch", live, web)),
             Catch::Contains("deploys no resource"));
}

TEST_CASE("resource errors name the declaration path") {
  CHECK_THAT(expand_error(tmpl(R"([{"type": "Microsoft.Storage/storageAccounts", "name": "x"}])")),
             Catch::Contains("resources[0]: A resource needs \"apiVersion\""));
  CHECK_THAT(
      expand_error(
          tmpl(R"([{"type": "Microsoft.Network/virtualNetworks/subnets", "apiVersion": "1", "name": "x"}])")),
      Catch::Contains("resources[0].name: The name 'x' does not fit"));
  CHECK_THAT(
      expand_error(tmpl(
          R"([{"type": "A.B/c", "apiVersion": "1", "name": "x"}, {"type": "A.B/c", "apiVersion": "1", "name": "X"}])")),
      Catch::Contains("Two resources have the id"));
  CHECK_THAT(expand_error(tmpl(R"([{"type": "A.B/c", "apiVersion": "1", "name": "[reference('y').name]"}])")),
             Catch::Contains("'reference' cannot be used in a resource's name"));
  CHECK_THAT(
      expand_error(tmpl(
          R"([{"type": "A.B/c", "apiVersion": "1", "name": "x", "copy": {"name": "l", "count": 801}}])")),
      Catch::Contains("resources[0].copy.count: Expected an integer from 0 to 800"));
  CHECK_THAT(
      expand_error(tmpl(
          R"([{"type": "A.B/c", "apiVersion": "1", "name": "x", "properties": {"a": {"b": "[concat(1]"}}}])")),
      Catch::Contains("resources[0].properties.a.b: Invalid expression"));
}

TEST_CASE("outputs honour condition and copy and check their type") {
  std::string t = tmpl("[]", R"("outputs": {
      "names": {"type": "array", "copy": {"count": 3, "input": "[concat('n', copyIndex())]"}},
      "hidden": {"type": "string", "condition": false, "value": "x"},
      "wrong": {"type": "int", "value": "text"}})");
  TemplateDeployment d;
  REQUIRE(!has_errors(d.bind(parse(t), {}, test_context())));
  std::vector<TemplateOutput> outputs;
  UnknownResolver unknown;
  Diagnostics diags = d.evaluate_outputs(unknown, outputs);
  REQUIRE(outputs.size() == 1);
  CHECK(outputs[0].name == "names");
  CHECK(outputs[0].value == json({"n0", "n1", "n2"}));
  REQUIRE(diags.size() == 1);
  CHECK_THAT(diags[0].summary, Catch::Contains("The output 'wrong' expects int, got a string"));
}
