// The Data Science VM templates of Azure/DataScienceVM
// (Scripts/CreateDSVM/Ubuntu, copied to corpus/dsvm-ubuntu) expand as ARM expands them.
#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

namespace {

const std::string kDir =
    std::string(FORMA_SOURCE_DIR) + "/tests/providers/azure/template/corpus/dsvm-ubuntu/";
const std::string kNet = kRg + "/providers/Microsoft.Network/";

ArmTemplate load(const std::string& name) {
  ArmTemplate t;
  Diagnostics d = load_template_file(kDir + name, t);
  INFO(first_error(d));
  REQUIRE(!has_errors(d));
  return t;
}

std::vector<std::string> ids(const ExpandedDeployment& d) {
  std::vector<std::string> out;
  for (const auto& r : d.resources) out.push_back(r.id);
  return out;
}

}  // namespace

TEST_CASE("the DSVM scale-set cluster template refuses the placeholder vmssName of its parameters file") {
  ArmTemplate t = load("dsvm-vmss-cluster.json");
  ParameterValues p;
  REQUIRE(load_parameters_file(kDir + "dsvm-vmss-cluster.parameters.json", t, p).empty());
  TemplateDeployment d;
  Diagnostics diags = d.bind(t, p, test_context());
  REQUIRE(diags.size() == 1);
  CHECK_THAT(diags[0].summary,
             Catch::Contains("parameters.vmssName: The value of parameter 'vmssName' has length 12, "
                             "above its maxLength 9"));
  CHECK(diags[0].range.file == kDir + "dsvm-vmss-cluster.json");
  CHECK(diags[0].range.start.line == 12);
}

TEST_CASE("the DSVM scale-set cluster template expands with its parameters file") {
  ArmTemplate t = load("dsvm-vmss-cluster.json");
  ParameterValues p;
  REQUIRE(load_parameters_file(kDir + "dsvm-vmss-cluster.parameters.json", t, p).empty());
  REQUIRE(apply_parameter_override(t, "vmssName=dsvmc", p).empty());
  ExpandedDeployment d = expand_template(t, p);

  std::string vnet = kNet + "virtualNetworks/dsvmc-vnet", pip = kNet + "publicIPAddresses/dsvmcpip",
              lb = kNet + "loadBalancers/dsvmclb",
              vmss = kRg + "/providers/Microsoft.Compute/virtualMachineScaleSets/dsvmc";
  CHECK(ids(d) == std::vector<std::string>{vnet, pip, lb, vmss});
  CHECK(d.resources[0].depends_on.empty());
  CHECK(d.resources[1].depends_on.empty());
  CHECK(d.resources[2].depends_on == std::vector<std::string>{pip});
  CHECK(d.resources[3].depends_on == std::vector<std::string>{lb});
  for (const auto& r : d.resources) CHECK(r.location == "westeurope");
  CHECK(d.resources[1].api_version == "2017-04-01");
  CHECK(d.resources[3].api_version == "2017-03-30");

  const json& net = d.resources[0].body["properties"];
  CHECK(net["addressSpace"]["addressPrefixes"] == json({"10.0.0.0/16"}));
  CHECK(net["subnets"][0] ==
        json::parse(R"({"name": "dsvmcluster", "properties": {"addressPrefix": "10.0.0.0/24"}})"));

  const json& lbp = d.resources[2].body["properties"];
  CHECK(lbp["frontendIPConfigurations"][0]["properties"]["publicIPAddress"]["id"] == pip);
  CHECK(lbp["backendAddressPools"] == json::parse(R"([{"name": "dsvmcbepool"}])"));
  CHECK(lbp["loadBalancingRules"][0]["properties"]["backendAddressPool"]["id"] ==
        lb + "/backendAddressPools/dsvmcbepool");
  CHECK(lbp["loadBalancingRules"][1]["properties"]["probe"]["id"] == lb + "/probes/sshprobe");
  CHECK(lbp["loadBalancingRules"][1]["properties"]["frontendIPConfiguration"]["id"] ==
        lb + "/frontendIPConfigurations/loadBalancerFrontEnd");
  CHECK_FALSE(d.resources[2].sensitive);

  const ExpandedResource& ss = d.resources[3];
  CHECK(ss.body["sku"] == json::parse(R"({"name": "Standard_D2s_v3", "tier": "Standard", "capacity": 2})"));
  CHECK(ss.body["plan"]["product"] == "linux-data-science-vm-ubuntu");
  const json& profile = ss.body["properties"]["virtualMachineProfile"];
  CHECK(profile["storageProfile"]["imageReference"] == json::parse(R"({"publisher": "microsoft-ads",
      "offer": "linux-data-science-vm-ubuntu", "sku": "linuxdsvmubuntu", "version": "latest"})"));
  CHECK(profile["osProfile"] == json::parse(R"({"computerNamePrefix": "dsvmc", "adminUsername": "dsvmuser",
      "adminPassword": "GEN-PASSWORD"})"));
  const json& ipconfig =
      profile["networkProfile"]["networkInterfaceConfigurations"][0]["properties"]["ipConfigurations"][0];
  CHECK(ipconfig["name"] == "dsvmcipconfig");
  CHECK(ipconfig["properties"]["subnet"]["id"] == vnet + "/subnets/dsvmcluster");
  CHECK(profile["extensionProfile"]["extensions"][0]["properties"]["settings"]["commandToExecute"] ==
        "bash mountazurefiles.sh ENTER-YO-STORAGEACCT ENTER-YO-KEY YOUR-AZURE-FILES-SHARE /mnt/dsvmshare "
        "dsvmuser");
  CHECK(ss.sensitive);
  CHECK(ss.declaration_path == "resources[3]");
  CHECK(d.outputs.empty());
}

TEST_CASE("the low-priority DSVM scale-set template expands with defaults and overrides") {
  ArmTemplate t = load("dsvm-vmss-lowpri.json");
  ParameterValues p;
  for (const char* a : {"vmssName=gpu", "adminUsername=me", "adminPassword=pw"})
    REQUIRE(apply_parameter_override(t, a, p).empty());
  ExpandedDeployment d = expand_template(t, p);
  REQUIRE(d.resources.size() == 4);
  const ExpandedResource& ss = d.resources[3];
  CHECK(ss.id == kRg + "/providers/Microsoft.Compute/virtualMachineScaleSets/gpu");
  CHECK(ss.depends_on ==
        std::vector<std::string>{kNet + "virtualNetworks/gpu-vnet", kNet + "loadBalancers/gpulb"});
  CHECK(ss.body["sku"]["capacity"] == 1);
  CHECK(ss.body["sku"]["name"] == "Standard_NC6");
  CHECK(ss.body["properties"]["virtualMachineProfile"]["priority"] == "Low");
}

TEST_CASE("the single DSVM template expands with its NSG, NIC and VM chain and its output") {
  ArmTemplate t = load("azuredeploy.json");
  ParameterValues p;
  for (const char* a : {"vmName=dsvm1", "adminUsername=me", "adminPassword=pw"})
    REQUIRE(apply_parameter_override(t, a, p).empty());
  ExpandedDeployment d = expand_template(t, p);
  std::string nsg = kNet + "networkSecurityGroups/dsvm1-nsg", pip = kNet + "publicIPAddresses/dsvm1",
              vnet = kNet + "virtualNetworks/dsvm1", nic = kNet + "networkInterfaces/dsvm1",
              vm = kRg + "/providers/Microsoft.Compute/virtualMachines/dsvm1";
  CHECK(ids(d) == std::vector<std::string>{nsg, pip, vnet, nic, vm});
  CHECK(d.resources[2].depends_on == std::vector<std::string>{nsg});
  CHECK(d.resources[3].depends_on == std::vector<std::string>{nsg, pip, vnet});
  CHECK(d.resources[4].depends_on == std::vector<std::string>{nic});
  CHECK(d.resources[3].body["properties"]["networkSecurityGroup"]["id"] == nsg);
  CHECK(d.resources[3].body["properties"]["ipConfigurations"][0]["properties"]["subnet"]["id"] ==
        vnet + "/subnets/Subnet");
  CHECK(d.resources[4].body["properties"]["storageProfile"]["osDisk"]["name"] == "dsvm1-osdisk");
  CHECK(d.resources[4].sensitive);
  REQUIRE(d.outputs.size() == 1);
  CHECK(d.outputs[0].value ==
        "https://ms.portal.azure.com/#resource/subscriptions/00000000-0000-0000-0000-000000000001/"
        "resourceGroups/rg1/"
        "providers/Microsoft.Compute/virtualMachines/dsvm1");
}
