#include <catch2/catch.hpp>

#include "providers/azure/autoscale_body.h"
#include "providers/azure/dsvm_pool.h"
#include "providers/azure/network_bodies.h"
#include "providers/azure/scale_set_body.h"

using namespace forma::azure;
using forma::json;

namespace {

json pool() {
  return {{"name", "team"},
          {"resource_group", "rg"},
          {"location", "eastus"},
          {"vm_size", "Standard_D2s_v3"},
          {"instances", 2},
          {"admin", {{"username", "dsvmuser"}, {"ssh_public_key", "ssh-rsa AAAA test"}, {"password", nullptr}}},
          {"image", nullptr},
          {"shared_storage",
           {{"existing", false}, {"storage_account_name", "dsvmabc"}, {"resource_group", "rg"}, {"share_name", "notebooks"},
            {"mount_point", "/datamnt/dsvmshare"}, {"quota_gb", 100}}},
          {"autoscale",
           {{"min", 0}, {"max", 10}, {"scale_out_cpu", 75}, {"scale_in_cpu", 25},
            {"scale_to_zero", {{"start", "20:00"}, {"end", "07:30"}, {"days", {"Monday"}}, {"time_zone", "UTC"}}}}},
          {"ssh_port_start", 50000},
          {"jupyterhub_port", 8000}};
}

}  // namespace

TEST_CASE("a DSVM pool's scale set has the DSVM image with its plan and mounts the share through CustomScript") {
  const PoolIds ids = pool_ids("sub", pool());
  CHECK(ids.scale_set == "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/team");
  CHECK(ids.nat_pool == "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Network/loadBalancers/teamlb/inboundNatPools/teamsshnat");
  const json body = scale_set_body(pool_scale_set_state(pool(), ids, "KEY=="));
  CHECK(body["sku"] == json{{"name", "Standard_D2s_v3"}, {"tier", "Standard"}, {"capacity", 2}});
  CHECK(body["plan"] == json{{"name", "linuxdsvmubuntu"}, {"publisher", "microsoft-ads"}, {"product", "linux-data-science-vm-ubuntu"}});
  const json& profile = body["properties"]["virtualMachineProfile"];
  CHECK(profile["storageProfile"]["imageReference"]["offer"] == "linux-data-science-vm-ubuntu");
  CHECK(profile["osProfile"]["linuxConfiguration"]["disablePasswordAuthentication"] == true);
  CHECK(profile["osProfile"]["linuxConfiguration"]["ssh"]["publicKeys"][0]["path"] == "/home/dsvmuser/.ssh/authorized_keys");
  CHECK_FALSE(profile["osProfile"].contains("adminPassword"));
  const json& ext = profile["extensionProfile"]["extensions"][0]["properties"];
  CHECK(ext["type"] == "CustomScript");
  CHECK(ext["settings"]["fileUris"][0] == kMountScriptUri);
  CHECK(ext["settings"].dump().find("KEY==") == std::string::npos);  // the key only in protectedSettings
  CHECK(ext["protectedSettings"]["commandToExecute"] ==
        "bash mountazurefiles.sh dsvmabc KEY== notebooks /datamnt/dsvmshare dsvmuser");
  const json& ip = profile["networkProfile"]["networkInterfaceConfigurations"][0]["properties"]["ipConfigurations"][0]["properties"];
  CHECK(ip["subnet"]["id"] == ids.subnet);
  CHECK(ip["loadBalancerInboundNatPools"][0]["id"] == ids.nat_pool);
  CHECK(ip["loadBalancerBackendAddressPools"][0]["id"] == ids.backend_pool);
}

TEST_CASE("a DSVM pool's load balancer maps 50000-50119 to SSH and 8000 to JupyterHub, by id") {
  const PoolIds ids = pool_ids("sub", pool());
  const json body = load_balancer_body(ids.lb, pool_lb_state(pool(), ids));
  const json& p = body["properties"];
  CHECK(p["frontendIPConfigurations"][0]["properties"]["publicIPAddress"]["id"] == ids.public_ip);
  const json& nat = p["inboundNatPools"][0]["properties"];
  CHECK(nat["frontendPortRangeStart"] == 50000);
  CHECK(nat["frontendPortRangeEnd"] == 50119);
  CHECK(nat["backendPort"] == 22);
  CHECK(nat["frontendIPConfiguration"]["id"] == ids.lb + "/frontendIPConfigurations/LoadBalancerFrontEnd");
  const json& rule = p["loadBalancingRules"][0]["properties"];
  CHECK(rule["frontendPort"] == 8000);
  CHECK(rule["backendPort"] == 8000);
  CHECK(rule["backendAddressPool"]["id"] == ids.backend_pool);
  CHECK(rule["probe"]["id"] == ids.lb + "/probes/Jupyterprobe");
  // Read back, the parts are the ones sent.
  json reported = body;
  CHECK(load_balancer_parts(reported)["nat_pools"][0]["frontend_ip_configuration_name"] == "LoadBalancerFrontEnd");
}

TEST_CASE("a DSVM pool's autoscale keeps its bounds in working hours and goes to zero at night") {
  const PoolIds ids = pool_ids("sub", pool());
  const json body = autoscale_setting_body(pool_autoscale_state(pool(), ids));
  const json& profiles = body["properties"]["profiles"];
  REQUIRE(profiles.size() == 2);
  CHECK(body["properties"]["targetResourceUri"] == ids.scale_set);
  CHECK(profiles[0]["name"] == "working-hours");
  CHECK(profiles[0]["capacity"] == json{{"minimum", "0"}, {"maximum", "10"}, {"default", "2"}});
  CHECK(profiles[0]["recurrence"]["schedule"]["hours"] == json::array({7}));
  CHECK(profiles[0]["recurrence"]["schedule"]["minutes"] == json::array({30}));
  CHECK(profiles[0]["rules"][0]["metricTrigger"]["operator"] == "GreaterThan");
  CHECK(profiles[0]["rules"][0]["metricTrigger"]["threshold"] == 75);
  CHECK(profiles[0]["rules"][1]["scaleAction"]["direction"] == "Decrease");
  CHECK(profiles[1]["name"] == "scale-to-zero");
  CHECK(profiles[1]["capacity"]["maximum"] == "0");
  CHECK(profiles[1]["recurrence"]["schedule"]["hours"] == json::array({20}));
  // Read back, the profiles come in the state's shape again.
  const json state = autoscale_profiles(body);
  CHECK(state[0]["minimum"] == 0);
  CHECK(state[0]["maximum"] == 10);
  CHECK(state[1]["recurrence"]["hours"] == 20);
  json no_autoscale = pool();
  no_autoscale["autoscale"] = nullptr;
  CHECK(pool_autoscale_state(no_autoscale, ids).is_null());
}
