#include <fstream>
#include <set>

#include "tests/providers/azure/emulator/network_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

// A corpus example with its {placeholders} filled in.
json filled_example(const std::string& name, const std::string& subscription_id) {
  std::ifstream in(std::string(FORMA_SOURCE_DIR) + "/tests/providers/azure/emulator/corpus/" + name + ".json");
  REQUIRE(in);
  std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
           {"{subscription-id}", subscription_id}, {"{vmss-name}", "vmss1"}, {"{your-username}", "azureuser"},
           {"{your-password}", "Secret-Pa55"}, {"{existing-virtual-network-name}", "vnet1"},
           {"{existing-subnet-name}", "subnet1"}})
    for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at)) text.replace(at, from.size(), to);
  return json::parse(text);
}

void missing_names(const json& expected, const json& actual, const std::string& at, std::vector<std::string>& out) {
  if (expected.is_object()) {
    if (!actual.is_object()) return out.push_back(at + " (not an object)");
    for (const auto& [key, value] : expected.items())
      actual.contains(key) ? missing_names(value, actual[key], at + "/" + key, out) : out.push_back(at + "/" + key);
  } else if (expected.is_array() && !expected.empty()) {
    if (!actual.is_array() || actual.empty()) return out.push_back(at + " (no elements)");
    for (size_t i = 0; i < expected.size(); ++i)
      missing_names(expected[i], actual[std::min(i, actual.size() - 1)], at + "/" + std::to_string(i), out);
  }
}

Pool ready_pool(TestEmulator& emu, int capacity) {
  Pool p = pool_network(emu);
  Answer put = emu.arm("PUT", p.vmss + kCompute, vmss_body(p, capacity));
  INFO(put.body.dump());
  REQUIRE(put.status == 201);
  emu.wait_for(put);
  return p;
}

}  // namespace

TEST_CASE("the scale set examples are accepted and answered in their shape") {
  TestEmulator emu;
  const std::string sub = emu.emulator().options().subscription_id;
  const std::string rg = emu.subscription() + "/resourceGroups/myResourceGroup";
  REQUIRE(emu.arm("PUT", rg + kResources, {{"location", "westus"}}).status == 201);
  emu.wait_for(emu.arm("PUT", rg + "/providers/Microsoft.Network/virtualNetworks/vnet1" + kNetwork,
                       {{"location", "westus"},
                        {"properties",
                         {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
                          {"subnets", {{{"name", "subnet1"}, {"properties", {{"addressPrefix", "10.0.0.0/24"}}}}}}}}}));
  for (const char* name : {"CreateAScaleSetWithSshAuthentication", "CreateAScaleSetWithAMarketplaceImagePlan"}) {
    DYNAMIC_SECTION(name) {
      const json ex = filled_example(name, sub);
      const std::string vmss = rg + "/providers/Microsoft.Compute/virtualMachineScaleSets/vmss1";
      Answer put = emu.arm("PUT", vmss + kCompute, ex["parameters"]["parameters"]);
      INFO(put.body.dump());
      REQUIRE(put.status == 201);
      std::vector<std::string> missing;
      missing_names(ex["responses"]["201"]["body"], put.body, "", missing);
      emu.wait_for(put);
      const json got = emu.arm("GET", vmss + kCompute).body;
      missing_names(ex["responses"]["200"]["body"], got, "", missing);
      INFO("ours: " << got.dump());
      for (const auto& m : missing) INFO(m);
      CHECK(missing.empty());
      CHECK(got["properties"]["provisioningState"] == "Succeeded");
      CHECK(got["sku"]["capacity"] == 3);
      CHECK_FALSE(got["properties"]["virtualMachineProfile"]["osProfile"].contains("adminPassword"));
      emu.wait_for(emu.arm("DELETE", vmss + kCompute));
    }
  }
}

TEST_CASE("a Data Science VM image without its marketplace plan is refused with VMMarketplaceInvalidInput") {
  TestEmulator emu;
  const Pool p = pool_network(emu);
  json body = vmss_body(p, 1);
  body.erase("plan");
  Answer refused = emu.arm("PUT", p.vmss + kCompute, body);
  CHECK(refused.status == 400);
  CHECK(refused.body["error"]["code"] == "VMMarketplaceInvalidInput");
  body = vmss_body(p, 1);
  body["plan"]["product"] = "another-offer";
  CHECK(emu.arm("PUT", p.vmss + kCompute, body).body["error"]["code"] == "VMMarketplaceInvalidInput");
}

TEST_CASE("scale set instances come up behind the NAT pool, one port each from 50000") {
  TestEmulator emu;
  const Pool p = ready_pool(emu, 2);
  const json got = emu.arm("GET", p.vmss + kCompute).body;
  const json& profile = got["properties"]["virtualMachineProfile"];
  CHECK_FALSE(profile["osProfile"].contains("adminPassword"));
  CHECK_FALSE(profile["extensionProfile"]["extensions"][0]["properties"].contains("protectedSettings"));
  CHECK(got["plan"]["product"] == "linux-data-science-vm-ubuntu");
  emu.wait_until(p.vmss + "/virtualMachines" + kCompute, [&](const json&) { return running_instances(emu, p) == 2; });
  const json list = emu.arm("GET", p.vmss + "/virtualMachines" + kCompute).body;
  REQUIRE(list["value"].size() == 2);
  CHECK(list["value"][0]["instanceId"] == "0");
  CHECK(list["value"][1]["name"] == "pool_1");
  CHECK(list["value"][1]["properties"]["osProfile"]["computerName"] == "dsvm000001");
  const json view = emu.arm("GET", p.vmss + "/virtualMachines/1/instanceView" + kCompute).body;
  CHECK(view["statuses"][1]["code"] == "PowerState/running");
  const json admin = emu.admin("GET", "/_emulator/scalesets").body;
  REQUIRE(admin["value"].size() == 1);
  const std::string address = emu.arm("GET", p.ip + kNetwork).body["properties"]["ipAddress"];
  for (int i = 0; i < 2; ++i) {
    CHECK(admin["value"][0]["instances"][i]["ssh"]["address"] == address);
    CHECK(admin["value"][0]["instances"][i]["ssh"]["port"] == 50000 + i);
  }
  CHECK(admin["value"][0]["http"][0]["port"] == 8000);
}

TEST_CASE("PATCH of sku.capacity scales a scale set; scale-in removes the highest instance ids") {
  TestEmulator emu;
  const Pool p = ready_pool(emu, 2);
  Answer grow = emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 4}}}});
  INFO(grow.body.dump());
  REQUIRE(grow.status == 200);
  CHECK(grow.body["properties"]["provisioningState"] == "Updating");
  emu.wait_for(grow);
  CHECK(emu.arm("GET", p.vmss + kCompute).body["sku"]["capacity"] == 4);
  emu.wait_for(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 1}}}}));
  const json list = emu.arm("GET", p.vmss + "/virtualMachines" + kCompute).body;
  REQUIRE(list["value"].size() == 1);
  CHECK(list["value"][0]["instanceId"] == "0");
  emu.wait_for(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 2}}}}));
  const json again = emu.arm("GET", p.vmss + "/virtualMachines" + kCompute).body;
  CHECK(again["value"][1]["instanceId"] == "4");  // ids are never reused
}

TEST_CASE("a scale set beyond its VM family's core quota is refused with OperationNotAllowed") {
  Options o = test_options();
  REQUIRE(parse_quota_spec("standardDSv3Family=4", o.quotas).is_ok());
  TestEmulator emu(o);
  const Pool p = pool_network(emu);
  Answer too_big = emu.arm("PUT", p.vmss + kCompute, vmss_body(p, 3));  // 3 x 2 cores > 4
  CHECK(too_big.status == 409);
  CHECK(too_big.body["error"]["code"] == "OperationNotAllowed");
  CHECK(too_big.body["error"]["message"].get<std::string>().find("standardDSv3Family") != std::string::npos);
  emu.wait_for(emu.arm("PUT", p.vmss + kCompute, vmss_body(p, 2)));
  CHECK(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 3}}}}).body["error"]["code"] == "OperationNotAllowed");
}

TEST_CASE("a scale set that names a missing subnet or backend pool is InvalidResourceReference") {
  TestEmulator emu;
  Pool p = pool_network(emu);
  Pool wrong = p;
  wrong.subnet = p.vnet + "/subnets/nope";
  CHECK(emu.arm("PUT", p.vmss + kCompute, vmss_body(wrong, 1)).body["error"]["code"] == "InvalidResourceReference");
  wrong = p;
  wrong.lb = p.rg + "/providers/Microsoft.Network/loadBalancers/nope";
  wrong.subnet = p.subnet;
  CHECK(emu.arm("PUT", p.vmss + kCompute, vmss_body(wrong, 1)).body["error"]["code"] == "InvalidResourceReference");
}

TEST_CASE("scale sets, their instances and the network survive a restart") {
  const fs::path dir = scratch_dir();
  std::string address;
  {
    TestEmulator emu(test_options(), dir);
    const Pool p = ready_pool(emu, 2);
    address = emu.arm("GET", p.ip + kNetwork).body["properties"]["ipAddress"];
  }
  {
    TestEmulator emu(test_options(), dir);
    const std::string vmss = emu.subscription() + "/resourceGroups/pool/providers/Microsoft.Compute/virtualMachineScaleSets/pool";
    CHECK(emu.arm("GET", vmss + "/virtualMachines" + kCompute).body["value"].size() == 2);
    const json admin = emu.admin("GET", "/_emulator/scalesets").body;
    CHECK(admin["value"][0]["instances"][1]["ssh"]["address"] == address);
  }
  std::error_code ec;
  fs::remove_all(dir, ec);
}
