// Scale-set instances as real SSH servers: instance i behind the NAT pool at
// the public IP's address, port 50000 + i, with the shared Azure Files share
// linked as ~/notebooks/remote.
#include "network_fixture.h"
#include "ssh_test_client.h"

namespace forma::emulator::testing {

TEST_CASE("each scale set instance answers SSH on its NAT port with the share linked as notebooks/remote") {
  TestEmulator emu;
  const Pool p = pool_network(emu);
  const TestKey key = TestKey::make(emu.dir() / "client-keys", "pool");
  json body = vmss_body(p, 2);
  body["properties"]["virtualMachineProfile"]["osProfile"]["linuxConfiguration"]["ssh"]["publicKeys"][0]["keyData"] =
      key.public_line;
  emu.wait_for(emu.arm("PUT", p.vmss + kCompute, body));
  const std::string address = emu.arm("GET", p.ip + kNetwork).body["properties"]["ipAddress"];
  json nodes;
  eventually([&] {
    nodes = emu.admin("GET", "/_emulator/nodes?owner=" + p.vmss).body.value("value", json::array());
    return nodes.size() == 2 && nodes[0].value("state", "") == "idle" && nodes[1].value("state", "") == "idle";
  });
  INFO(nodes.dump(2));
  REQUIRE(nodes.size() == 2);
  for (int i = 0; i < 2; ++i) {
    CHECK(nodes[i]["ipAddress"] == address);
    CHECK(nodes[i]["port"] == 50000 + i);
  }
  TestSshClient first(address, 50000), second(address, 50001);
  REQUIRE(first.connected());
  REQUIRE(first.auth_key("dsvmuser", key));
  REQUIRE(second.auth_key("dsvmuser", key));
  CHECK(first.exec("hostname").out == "pool_0\n");
  CHECK(first.exec("echo shared > notebooks/remote/hello.txt").exit_status == 0);
  CHECK(second.exec("cat notebooks/remote/hello.txt").out == "shared\n");
  TestSshClient by_password(address, 50000);
  CHECK(by_password.auth_password("dsvmuser", "Secret-Pa55"));
  emu.wait_for(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 1}}}}));
  eventually([&] { return emu.admin("GET", "/_emulator/nodes?owner=" + p.vmss).body.value("value", json::array()).size() == 1; });
  CHECK(emu.admin("GET", "/_emulator/nodes?owner=" + p.vmss).body["value"].size() == 1);
}

}  // namespace forma::emulator::testing
