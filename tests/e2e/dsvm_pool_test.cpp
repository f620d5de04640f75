// azure_dsvm_pool against the emulator: the pool's life cycle, its SSH
// endpoints and JupyterHub, scaling in place, autoscale's capacity not being
// drift; and the same pool built from the low-level network resources.
#include <httplib.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <set>
#include <thread>

#include "tests/e2e/pool_support.h"
#include "tests/text_support.h"

using namespace forma::e2e;
using forma::json;
using forma::testing::contains;

namespace {

// GETs the JupyterHub URL `n` times; the instances that answered.
std::multiset<std::string> served_by(const std::string& url, int n) {
  const std::string rest = url.substr(std::string("http://").size());
  const std::string host = rest.substr(0, rest.find(':'));
  const int port = std::stoi(rest.substr(rest.find(':') + 1));
  std::multiset<std::string> out;
  httplib::Client client(host, port);
  client.set_connection_timeout(2, 0);
  for (int i = 0; i < 100 && out.empty(); ++i) {  // the emulator starts the frontend within 100 ms
    auto res = client.Get("/");
    if (res && res->status == 200) out.insert(res->get_header_value("X-Served-By"));
    else std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  for (int i = 1; i < n; ++i)
    if (auto res = client.Get("/"); res && res->status == 200) out.insert(res->get_header_value("X-Served-By"));
  return out;
}

// The pool built from the low-level resources, as the DSVM template lays it out.
std::string network_config(int instances, const std::string& public_key) {
  const std::string rg = "${azure_resource_group.rg.name}";
  json vmss = {{"name", "lowvm"},
               {"resource_group", rg},
               {"vm_size", "Standard_D2s_v3"},
               {"instances", instances},
               {"subnet_id", "${azure_subnet.nodes.id}"},
               {"lb_backend_pool_ids", {"${azure_lb.lb.backend_address_pool_ids[\"bepool\"]}"}},
               {"lb_nat_pool_ids", {"${azure_lb.lb.nat_pool_ids[\"ssh\"]}"}},
               {"admin_username", "dsvmuser"},
               {"admin_ssh_keys", {public_key}},
               {"source_image", {{"publisher", "Canonical"}, {"offer", "UbuntuServer"}, {"sku", "18.04-LTS"}}}};
  json lb = {{"name", "lowlb"},
             {"resource_group", rg},
             {"frontend_ip_configurations", {{{"name", "fe"}, {"public_ip_address_id", "${azure_public_ip.ip.id}"}}}},
             {"backend_address_pools", {{{"name", "bepool"}}}},
             {"probes", {{{"name", "hub"}, {"port", 8000}}}},
             {"rules", {{{"name", "hub"}, {"frontend_ip_configuration_name", "fe"}, {"backend_address_pool_name", "bepool"},
                         {"probe_name", "hub"}, {"frontend_port", 8000}, {"backend_port", 8000}}}},
             {"nat_pools", {{{"name", "ssh"}, {"frontend_ip_configuration_name", "fe"}, {"frontend_port_start", 50000},
                             {"frontend_port_end", 50119}, {"backend_port", 22}}}}};
  json profile = {{"name", "always"}, {"minimum", 0}, {"maximum", 5}, {"default", instances}};
  json autoscale = {{"name", "lowscale"},
                    {"resource_group", rg},
                    {"target_resource_id", "${azure_linux_vmss.vm.id}"},
                    {"profiles", json::array({profile})}};
  json resources;
  resources["azure_resource_group"]["rg"] = {{"name", "forma-low"}};
  resources["azure_virtual_network"]["net"] = {{"name", "lownet"}, {"resource_group", rg}, {"address_space", {"10.1.0.0/16"}}};
  resources["azure_subnet"]["nodes"] = {
      {"name", "nodes"}, {"virtual_network_id", "${azure_virtual_network.net.id}"}, {"address_prefix", "10.1.0.0/24"}};
  resources["azure_public_ip"]["ip"] = {{"name", "lowip"}, {"resource_group", rg}};
  resources["azure_lb"]["lb"] = lb;
  resources["azure_linux_vmss"]["vm"] = vmss;
  resources["azure_autoscale_setting"]["scale"] = autoscale;
  json config = {{"provider", {{"azure", {{"location", "eastus"}}}}}, {"resource", resources}};
  return config.dump(2);
}

}  // namespace

TEST_CASE("a DSVM pool applies, plans clean, scales in place and destroys everything it made") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("main.forma.json", pool_config(2, true));
  auto env = pool_env(emulator, ws);
  auto plan = ws.forma({"plan", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(contains(plan.out, "azure_dsvm_pool.team will be created"));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);
  CHECK(contains(again.out, "No changes."));

  const json nodes = pool_output(ws, "nodes");
  REQUIRE(nodes.is_array());
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0]["node_id"] == "team_0");
  CHECK(nodes[0]["port"] == 50000);
  CHECK(nodes[1]["port"] == 50001);
  CHECK(nodes[0]["ip_address"].get<std::string>().starts_with("127.20."));
  CHECK(nodes[1]["state"] == "running");
  const std::string url = pool_output(ws, "url").get<std::string>();
  CHECK(url == "http://" + nodes[0]["ip_address"].get<std::string>() + ":8000/");
  const auto served = served_by(url, 4);
  CHECK(served.count("team_0") == 2);
  CHECK(served.count("team_1") == 2);

  ws.write("main.forma.json", pool_config(3, true));
  auto resize = ws.forma({"plan", "-no-color"}, "", env);
  INFO(resize.out << resize.err);
  CHECK(contains(resize.out, "0 to add, 1 to change, 0 to destroy"));
  CHECK(contains(resize.out, "updated in-place"));
  auto scaled = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(scaled.out << scaled.err);
  CHECK(scaled.exit_code == 0);
  CHECK(pool_output(ws, "nodes").size() == 3);
  CHECK(ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env).exit_code == 0);

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

TEST_CASE("capacity moved by autoscale is not drift; a resize behind forma's back without autoscale is") {
  EmulatorOptions fast;
  fast.extra_args = {"--autoscale-period-ms", "50"};
  EmulatorProcess emulator(fast);
  REQUIRE(emulator.running());
  Workspace ws;
  ws.write("main.forma.json", pool_config(1, true));
  auto env = pool_env(emulator, ws);
  REQUIRE(ws.forma({"apply", "-auto-approve", "-no-color"}, "", env).exit_code == 0);
  const std::string vmss = team_scale_set_id(env);
  emulator.admin("PUT", "/_emulator/metrics", {{"resource_id", vmss}, {"metric", "Percentage CPU"}, {"value", 95}});
  json got;
  for (int i = 0; i < 100; ++i) {
    got = emulator.arm("GET", vmss + "?api-version=2020-12-01");
    if (got["sku"]["capacity"].get<int>() >= 3) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  REQUIRE(got["sku"]["capacity"].get<int>() >= 3);
  emulator.admin("PUT", "/_emulator/metrics", {{"resource_id", vmss}, {"metric", "Percentage CPU"}, {"value", 50}});
  auto plan = ws.forma({"plan", "-no-color"}, "", env);
  INFO(plan.out << plan.err);
  CHECK(plan.exit_code == 0);
  CHECK_FALSE(contains(plan.out, "azure_dsvm_pool.team will be updated"));  // the pool itself: no change
  CHECK_FALSE(contains(plan.out, "to change"));  // only the nodes output, which lists the new instances

  ws.write("main.forma.json", pool_config(1, false));  // autoscale removed: one in-place update
  auto unscale = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(unscale.out << unscale.err);
  REQUIRE(unscale.exit_code == 0);
  int status = 0;
  emulator.arm("PATCH", vmss + "?api-version=2020-12-01", {{"sku", {{"capacity", 4}}}}, &status);
  REQUIRE(status == 200);
  auto drift = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(drift.out << drift.err);
  CHECK(drift.exit_code == 2);
  CHECK(contains(drift.out, "updated in-place"));
  CHECK(ws.forma({"apply", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.arm("GET", vmss + "?api-version=2020-12-01")["sku"]["capacity"] == 1);
  CHECK(ws.forma({"destroy", "-auto-approve"}, "", env).exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
}

TEST_CASE("the low-level network, scale set and autoscale resources make a pool whose instances answer SSH") {
  EmulatorProcess emulator;
  INFO(emulator.startup_error());
  REQUIRE(emulator.running());
  Workspace ws;
  const std::string public_key = make_ssh_key_pair(ws, "pool_key");
  REQUIRE_FALSE(public_key.empty());
  auto env = pool_env(emulator, ws);
  ws.write("main.forma.json", network_config(2, public_key));
  auto apply = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(contains(apply.out, "7 added, 0 changed, 0 destroyed"));
  auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"}, "", env);
  INFO(again.out << again.err);
  CHECK(again.exit_code == 0);

  auto hostname = ws.forma(nodes_exec_args("azure_linux_vmss.vm", "pool_key", {"--", "hostname"}), "", env);
  INFO(hostname.out << hostname.err);
  CHECK(hostname.exit_code == 0);
  CHECK(contains(hostname.out, "lowvm_0: "));
  CHECK(contains(hostname.out, "lowvm_1: "));

  ws.write("main.forma.json", network_config(3, public_key));
  auto resize = ws.forma({"apply", "-auto-approve", "-no-color"}, "", env);
  INFO(resize.out << resize.err);
  CHECK(resize.exit_code == 0);
  CHECK(contains(resize.out, "0 added, 2 changed, 0 destroyed"));  // the scale set and its autoscale default
  auto list = ws.forma({"nodes", "list", "azure_linux_vmss.vm"}, "", env);
  CHECK(contains(list.out, "lowvm_2"));

  auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"}, "", env);
  INFO(destroy.out << destroy.err);
  CHECK(destroy.exit_code == 0);
  CHECK(emulator.resource_ids() == std::vector<std::string>{});
  CHECK(emulator.admin("GET", "/_emulator/nodes")["value"].empty());
}
