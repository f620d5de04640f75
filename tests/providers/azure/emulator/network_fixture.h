// The interactive pool's topology in the emulator, as the DSVM scale-set
// template builds it: a virtual network with a subnet, a public IP, a load
// balancer (JupyterHub rule 8000 → 8000, SSH NAT pool 50000-50119 → 22) and
// a scale set behind it.
#pragma once

#include "tests/providers/azure/emulator/emulator_fixture.h"

namespace forma::emulator::testing {

inline const char* kNetwork = "?api-version=2020-11-01";
inline const char* kCompute = "?api-version=2020-12-01";
inline const char* kInsights = "?api-version=2015-04-01";

struct Pool {
  std::string rg, vnet, subnet, ip, lb, vmss;
};

inline json lb_body(const Pool& p) {
  const std::string fe = p.lb + "/frontendIPConfigurations/LoadBalancerFrontEnd";
  return {{"location", "eastus"},
          {"properties",
           {{"frontendIPConfigurations",
             {{{"name", "LoadBalancerFrontEnd"}, {"properties", {{"publicIPAddress", {{"id", p.ip}}}}}}}},
            {"backendAddressPools", {{{"name", "bepool"}}}},
            {"probes", {{{"name", "Jupyterprobe"}, {"properties", {{"protocol", "Tcp"}, {"port", 8000}}}}}},
            {"loadBalancingRules",
             {{{"name", "Jupyter"},
               {"properties",
                {{"frontendIPConfiguration", {{"id", fe}}},
                 {"backendAddressPool", {{"id", p.lb + "/backendAddressPools/bepool"}}},
                 {"probe", {{"id", p.lb + "/probes/Jupyterprobe"}}},
                 {"protocol", "Tcp"},
                 {"frontendPort", 8000},
                 {"backendPort", 8000}}}}}},
            {"inboundNatPools",
             {{{"name", "sshnat"},
               {"properties",
                {{"frontendIPConfiguration", {{"id", fe}}},
                 {"protocol", "Tcp"},
                 {"frontendPortRangeStart", 50000},
                 {"frontendPortRangeEnd", 50119},
                 {"backendPort", 22}}}}}}}}};
}

inline json vmss_body(const Pool& p, int capacity, const std::string& size = "Standard_D2s_v3") {
  return {{"location", "eastus"},
          {"sku", {{"name", size}, {"tier", "Standard"}, {"capacity", capacity}}},
          {"plan", {{"name", "linuxdsvmubuntu"}, {"publisher", "microsoft-ads"}, {"product", "linux-data-science-vm-ubuntu"}}},
          {"properties",
           {{"overprovision", false},
            {"upgradePolicy", {{"mode", "Manual"}}},
            {"virtualMachineProfile",
             {{"storageProfile",
               {{"imageReference",
                 {{"publisher", "microsoft-ads"}, {"offer", "linux-data-science-vm-ubuntu"}, {"sku", "linuxdsvmubuntu"}}}}},
              {"osProfile",
               {{"computerNamePrefix", "dsvm"},
                {"adminUsername", "dsvmuser"},
                {"adminPassword", "Secret-Pa55"},
                {"linuxConfiguration",
                 {{"ssh", {{"publicKeys", {{{"path", "/home/dsvmuser/.ssh/authorized_keys"}, {"keyData", "ssh-rsa AAAAB3Nz demo"}}}}}}}}}},
              {"networkProfile",
               {{"networkInterfaceConfigurations",
                 {{{"name", "nic"},
                   {"properties",
                    {{"primary", true},
                     {"ipConfigurations",
                      {{{"name", "ipconfig"},
                        {"properties",
                         {{"subnet", {{"id", p.subnet}}},
                          {"loadBalancerBackendAddressPools", {{{"id", p.lb + "/backendAddressPools/bepool"}}}},
                          {"loadBalancerInboundNatPools", {{{"id", p.lb + "/inboundNatPools/sshnat"}}}}}}}}}}}}}}}},
              {"extensionProfile",
               {{"extensions",
                 {{{"name", "filesextension"},
                   {"properties",
                    {{"publisher", "Microsoft.Azure.Extensions"},
                     {"type", "CustomScript"},
                     {"typeHandlerVersion", "2.0"},
                     {"settings", {{"fileUris", {"https://raw.githubusercontent.com/Azure/DataScienceVM/master/Extensions/General/mountazurefiles.sh"}}}},
                     {"protectedSettings",
                      {{"commandToExecute", "bash mountazurefiles.sh acct S3cretKey== share /datamnt/share dsvmuser"}}}}}}}}}}}}}}};
}

// Everything but the scale set, each PUT finished.
inline Pool pool_network(TestEmulator& emu) {
  Pool p;
  p.rg = emu.subscription() + "/resourceGroups/pool";
  REQUIRE(emu.arm("PUT", p.rg + kResources, {{"location", "eastus"}}).status / 100 == 2);
  p.vnet = p.rg + "/providers/Microsoft.Network/virtualNetworks/pool-vnet";
  p.subnet = p.vnet + "/subnets/dsvmcluster";
  p.ip = p.rg + "/providers/Microsoft.Network/publicIPAddresses/poolpip";
  p.lb = p.rg + "/providers/Microsoft.Network/loadBalancers/poollb";
  p.vmss = p.rg + "/providers/Microsoft.Compute/virtualMachineScaleSets/pool";
  Answer vnet = emu.arm("PUT", p.vnet + kNetwork,
                        {{"location", "eastus"},
                         {"properties",
                          {{"addressSpace", {{"addressPrefixes", {"10.0.0.0/16"}}}},
                           {"subnets", {{{"name", "dsvmcluster"}, {"properties", {{"addressPrefix", "10.0.0.0/24"}}}}}}}}});
  REQUIRE(vnet.status == 201);
  emu.wait_for(vnet);
  Answer ip = emu.arm("PUT", p.ip + kNetwork, {{"location", "eastus"}, {"properties", {{"publicIPAllocationMethod", "Dynamic"}}}});
  REQUIRE(ip.status == 201);
  emu.wait_for(ip);
  Answer lb = emu.arm("PUT", p.lb + kNetwork, lb_body(p));
  INFO(lb.body.dump());
  REQUIRE(lb.status == 201);
  emu.wait_for(lb);
  return p;
}

inline int running_instances(TestEmulator& emu, const Pool& p) {
  const json list = emu.arm("GET", p.vmss + "/virtualMachines" + kCompute + "&$expand=instanceView").body;
  int running = 0;
  for (const json& vm : list.value("value", json::array()))
    for (const json& s : vm["properties"]["instanceView"]["statuses"]) running += s["code"] == "PowerState/running";
  return running;
}

}  // namespace forma::emulator::testing
