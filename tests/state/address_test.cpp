#include <catch2/catch.hpp>

#include "state/address.h"

using namespace forma::state;

TEST_CASE("an instance address splits into its resource and its final key") {
  auto plain = parse_instance_address("test_null.a");
  REQUIRE(plain);
  CHECK(plain->resource == "test_null.a");
  CHECK(plain->key.empty());
  CHECK(plain->type() == "test_null");

  auto counted = parse_instance_address("module.m[1].test_null.a[10]");
  REQUIRE(counted);
  CHECK(counted->resource == "module.m[1].test_null.a");
  CHECK(counted->key == "[10]");
  CHECK(counted->type() == "test_null");

  auto keyed = parse_instance_address(R"(test_null.a["we]ird \"key\""])");
  REQUIRE(keyed);
  CHECK(keyed->resource == "test_null.a");
  CHECK(keyed->key == R"(["we]ird \"key\""])");
}

TEST_CASE("malformed addresses are rejected") {
  for (const char* bad : {"", "a", "test_null.", ".a", "test_null.a[", "test_null.a[x]", "test_null.a[\"k]",
                          "test_null.a b", "test_null.a[0]x"})
    CHECK_FALSE(parse_instance_address(bad));
}

TEST_CASE("an address prefix matches itself, its instances and its module contents only") {
  CHECK(address_has_prefix("test_null.a", "test_null.a"));
  CHECK(address_has_prefix("test_null.a[0]", "test_null.a"));
  CHECK(address_has_prefix("module.m.test_null.a", "module.m"));
  CHECK_FALSE(address_has_prefix("test_null.ab", "test_null.a"));
  CHECK_FALSE(address_has_prefix("module.mm.test_null.a", "module.m"));
}
