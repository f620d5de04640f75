#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using namespace forma::expr::testing;

TEST_CASE("cidrhost numbers hosts from the start or, negative, from the end") {
  CHECK(value_of("cidrhost", {"10.12.112.0/20", 16}) == "10.12.112.16");
  CHECK(value_of("cidrhost", {"10.12.112.0/20", 268}) == "10.12.113.12");
  CHECK(value_of("cidrhost", {"10.12.112.0/20", -1}) == "10.12.127.255");
  CHECK(value_of("cidrhost", {"fd00:fd12:3456:7890:00a2::/72", 34}) == "fd00:fd12:3456:7890::22");
  CHECK(error_of("cidrhost", {"10.0.0.0/30", 4}) == "prefix of 30 bits cannot accommodate a host numbered 4");
  CHECK(error_of("cidrhost", {"10.0.0.0", 1}).rfind("invalid CIDR address \"10.0.0.0\"", 0) == 0);
}

TEST_CASE("cidrsubnet extends the prefix and numbers the subnet") {
  CHECK(value_of("cidrsubnet", {"172.16.0.0/12", 4, 2}) == "172.18.0.0/16");
  CHECK(value_of("cidrsubnet", {"10.1.2.0/24", 4, 15}) == "10.1.2.240/28");
  CHECK(value_of("cidrsubnet", {"fd00:fd12:3456:7890::/56", 16, 162}) == "fd00:fd12:3456:7800:a200::/72");
  CHECK(error_of("cidrsubnet", {"10.0.0.0/30", 4, 0}) == "insufficient address space to extend prefix of 30 by 4");
  CHECK(error_of("cidrsubnet", {"10.0.0.0/8", 2, 4}) == "prefix extension of 2 does not accommodate a subnet numbered 4");
}

TEST_CASE("cidrnetmask is for IPv4 networks only") {
  CHECK(value_of("cidrnetmask", {"172.16.0.0/12"}) == "255.240.0.0");
  CHECK(value_of("cidrnetmask", {"10.0.0.0/0"}) == "0.0.0.0");
  CHECK(value_of("cidrnetmask", {"10.0.0.1/32"}) == "255.255.255.255");
  CHECK_FALSE(error_of("cidrnetmask", {"fd00::/8"}).empty());
}

TEST_CASE("cidrsubnets allocates consecutive aligned subnets") {
  CHECK(value_of("cidrsubnets", {"10.1.0.0/16", 4, 4, 8, 4}) ==
        json::array({"10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"}));
  CHECK(value_of("cidrsubnets", {"fd00:fd12:3456:7890::/56", 16, 16, 16, 32}) ==
        json::array({"fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72",
                     "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"}));
  CHECK(value_of("cidrsubnets", {"10.0.0.0/30", 1, 1}) == json::array({"10.0.0.0/31", "10.0.0.2/31"}));
  CHECK_FALSE(error_of("cidrsubnets", {"10.0.0.0/30", 1, 1, 1}).empty());
  CHECK_FALSE(error_of("cidrsubnets", {"10.0.0.0/30", 3}).empty());
}
