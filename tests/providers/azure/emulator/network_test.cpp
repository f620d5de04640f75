#include <regex>

#include "tests/providers/azure/emulator/network_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

TEST_CASE("a virtual network PUT is long-running and shows its subnets inline and as child resources") {
  TestEmulator emu(slow_options());
  const std::string rg = emu.subscription() + "/resourceGroups/net";
  REQUIRE(emu.arm("PUT", rg + kResources, {{"location", "eastus"}}).status == 201);
  const std::string vnet = rg + "/providers/Microsoft.Network/virtualNetworks/v";
  Answer put = emu.arm("PUT", vnet + kNetwork,
                       {{"location", "East US"},
                        {"properties",
                         {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
                          {"subnets", {{{"name", "a"}, {"properties", {{"addressPrefix", "10.0.0.0/24"}}}}}}}}});
  REQUIRE(put.status == 201);
  CHECK(put.body["properties"]["provisioningState"] == "Updating");
  CHECK(put.header("Azure-AsyncOperation").find("/providers/Microsoft.Network/locations/eastus/operations/") !=
        std::string::npos);
  CHECK(emu.wait_for(put)["status"] == "Succeeded");
  const json got = emu.arm("GET", vnet + kNetwork).body;
  CHECK(got["properties"]["provisioningState"] == "Succeeded");
  CHECK(got["location"] == "eastus");
  REQUIRE(got["properties"]["subnets"].size() == 1);
  CHECK(got["properties"]["subnets"][0]["id"] == vnet + "/subnets/a");
  Answer b = emu.arm("PUT", vnet + "/subnets/b" + kNetwork, {{"properties", {{"addressPrefix", "10.0.1.0/24"}}}});
  REQUIRE(b.status == 201);
  emu.wait_for(b);
  CHECK(emu.arm("GET", vnet + "/subnets" + kNetwork).body["value"].size() == 2);
  CHECK(emu.arm("GET", vnet + kNetwork).body["properties"]["subnets"].size() == 2);
  Answer outside = emu.arm("PUT", vnet + "/subnets/c" + kNetwork, {{"properties", {{"addressPrefix", "10.9.0.0/24"}}}});
  CHECK(outside.status == 400);
  CHECK(outside.body["error"]["code"] == "NetcfgSubnetRangeOutsideVnet");
  Answer overlap = emu.arm("PUT", vnet + "/subnets/c" + kNetwork, {{"properties", {{"addressPrefix", "10.0.1.128/25"}}}});
  CHECK(overlap.body["error"]["code"] == "NetcfgSubnetRangesOverlap");
  Answer gone = emu.arm("DELETE", vnet + "/subnets/b" + kNetwork);
  CHECK(gone.status == 202);
  CHECK_FALSE(gone.header("Location").empty());
  emu.wait_for(gone);
  CHECK(emu.arm("GET", vnet + "/subnets/b" + kNetwork).status == 404);
}

TEST_CASE("each public IP gets its own loopback address as ipAddress") {
  TestEmulator emu;
  const std::string rg = emu.subscription() + "/resourceGroups/net";
  REQUIRE(emu.arm("PUT", rg + kResources, {{"location", "eastus"}}).status == 201);
  std::set<std::string> addresses;
  for (const char* name : {"a", "b"}) {
    const std::string ip = rg + "/providers/Microsoft.Network/publicIPAddresses/" + name;
    emu.wait_for(emu.arm("PUT", ip + "?api-version=2017-04-01",
                         {{"location", "eastus"}, {"properties", {{"publicIPAllocationMethod", "Dynamic"}}}}));
    const json got = emu.arm("GET", ip + kNetwork).body;
    const std::string address = got["properties"]["ipAddress"];
    CHECK(std::regex_match(address, std::regex(R"(127\.20\.\d+\.\d+)")));
    CHECK(got["properties"]["publicIPAllocationMethod"] == "Dynamic");
    addresses.insert(address);
  }
  CHECK(addresses.size() == 2);
  Answer standard_dynamic = emu.arm("PUT", rg + "/providers/Microsoft.Network/publicIPAddresses/c" + kNetwork,
                                    {{"location", "eastus"}, {"sku", {{"name", "Standard"}}}});
  CHECK(standard_dynamic.body["error"]["code"] == "StandardSkuPublicIPAddressesCannotBeDynamic");
}

TEST_CASE("a load balancer answers with ids on every part and refuses references that name nothing") {
  TestEmulator emu;
  const Pool p = pool_network(emu);
  const json lb = emu.arm("GET", p.lb + kNetwork).body;
  const json& props = lb["properties"];
  CHECK(props["frontendIPConfigurations"][0]["id"] == p.lb + "/frontendIPConfigurations/LoadBalancerFrontEnd");
  CHECK(props["frontendIPConfigurations"][0]["properties"]["loadBalancingRules"][0]["id"] ==
        p.lb + "/loadBalancingRules/Jupyter");
  CHECK(props["inboundNatPools"][0]["properties"]["frontendPortRangeStart"] == 50000);
  CHECK(props["probes"][0]["properties"]["intervalInSeconds"] == 15);
  CHECK(emu.arm("GET", p.ip + kNetwork).body["properties"]["ipConfiguration"]["id"] ==
        p.lb + "/frontendIPConfigurations/LoadBalancerFrontEnd");
  Pool wrong = p;
  wrong.ip = p.rg + "/providers/Microsoft.Network/publicIPAddresses/missing";
  Answer bad_ip = emu.arm("PUT", p.rg + "/providers/Microsoft.Network/loadBalancers/other" + kNetwork, lb_body(wrong));
  CHECK(bad_ip.status == 400);
  CHECK(bad_ip.body["error"]["code"] == "InvalidResourceReference");
  json bad_rule = lb_body(p);
  bad_rule["properties"]["loadBalancingRules"][0]["properties"]["probe"]["id"] = p.lb + "/probes/nope";
  Answer refused = emu.arm("PUT", p.lb + kNetwork, bad_rule);
  CHECK(refused.body["error"]["code"] == "InvalidResourceReference");
  CHECK(refused.body["error"]["message"].get<std::string>().find("/probes/nope") != std::string::npos);
}

TEST_CASE("a subnet, public IP or load balancer in use cannot be deleted until its user is gone") {
  TestEmulator emu;
  const Pool p = pool_network(emu);
  Answer vmss = emu.arm("PUT", p.vmss + kCompute, vmss_body(p, 1));
  REQUIRE(vmss.status == 201);
  emu.wait_for(vmss);
  Answer subnet = emu.arm("DELETE", p.subnet + kNetwork);
  CHECK(subnet.status == 400);
  CHECK(subnet.body["error"]["code"] == "InUseSubnetCannotBeDeleted");
  CHECK(emu.arm("DELETE", p.vnet + kNetwork).body["error"]["code"] == "InUseSubnetCannotBeDeleted");
  CHECK(emu.arm("DELETE", p.lb + kNetwork).body["error"]["code"] == "LoadBalancerInUseByVirtualMachineScaleSet");
  CHECK(emu.arm("DELETE", p.ip + kNetwork).body["error"]["code"] == "PublicIPAddressCannotBeDeleted");
  const json got = emu.arm("GET", p.subnet + kNetwork).body;
  CHECK(got["properties"]["ipConfigurations"][0]["id"].get<std::string>().starts_with(p.vmss + "/virtualMachines/0/"));
  emu.wait_for(emu.arm("DELETE", p.vmss + kCompute));
  for (const std::string& id : {p.lb, p.ip, p.vnet}) {
    Answer gone = emu.arm("DELETE", id + kNetwork);
    INFO(id << " " << gone.body.dump());
    CHECK(gone.status == 202);
    emu.wait_for(gone);
  }
  CHECK(emu.arm("GET", p.subnet + kNetwork).status == 404);
}
