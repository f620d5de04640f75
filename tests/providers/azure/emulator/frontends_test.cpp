#include <set>

#include "tests/providers/azure/emulator/network_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

struct Page {
  int status = 0;
  std::string served_by;
};

Page fetch(const std::string& address, int port) {
  httplib::Client c(address, port);
  c.set_connection_timeout(2, 0);
  c.set_read_timeout(5, 0);
  auto res = c.Get("/hub/login");
  if (!res) return {};
  return {res->status, res->get_header_value("X-Served-By")};
}

// Polls until the frontend answers with `status` (the servers follow the store every 100 ms).
Page wait_for_status(const std::string& address, int port, int status) {
  Page last;
  for (int i = 0; i < 300 && last.status != status; ++i) {
    last = fetch(address, port);
    if (last.status != status) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return last;
}

}  // namespace

TEST_CASE("JupyterHub's rule answers on the public IP's address, spread over the running instances") {
  TestEmulator emu;
  const Pool p = pool_network(emu);
  emu.wait_for(emu.arm("PUT", p.vmss + kCompute, vmss_body(p, 2)));
  const std::string address = emu.arm("GET", p.ip + kNetwork).body["properties"]["ipAddress"];
  emu.wait_until(p.vmss + kCompute, [&](const json&) { return running_instances(emu, p) == 2; });
  REQUIRE(wait_for_status(address, 8000, 200).status == 200);
  std::multiset<std::string> served;
  for (int i = 0; i < 4; ++i) served.insert(fetch(address, 8000).served_by);
  CHECK(served.count("pool_0") == 2);
  CHECK(served.count("pool_1") == 2);
  const json frontends = emu.admin("GET", "/_emulator/scalesets").body["frontends"];
  REQUIRE(frontends.size() == 1);
  CHECK(frontends[0]["url"] == "http://" + address + ":8000/");
}

TEST_CASE("with no instance running the frontend answers 503, and it stops with its load balancer") {
  TestEmulator emu;
  const Pool p = pool_network(emu);
  const std::string address = emu.arm("GET", p.ip + kNetwork).body["properties"]["ipAddress"];
  emu.wait_for(emu.arm("PUT", p.vmss + kCompute, vmss_body(p, 0)));
  CHECK(wait_for_status(address, 8000, 503).status == 503);
  emu.wait_for(emu.arm("PATCH", p.vmss + kCompute, {{"sku", {{"capacity", 1}}}}));
  CHECK(wait_for_status(address, 8000, 200).served_by == "pool_0");
  emu.wait_for(emu.arm("DELETE", p.vmss + kCompute));
  CHECK(wait_for_status(address, 8000, 503).status == 503);
  emu.wait_for(emu.arm("DELETE", p.lb + kNetwork));
  CHECK(wait_for_status(address, 8000, 0).status == 0);  // nothing listens any more
}
