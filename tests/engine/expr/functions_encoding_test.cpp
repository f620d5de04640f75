#include <catch2/catch.hpp>

#include "tests/engine/expr/functions_test_support.h"

using forma::json;
using namespace forma::expr::testing;

TEST_CASE("jsonencode prints whole numbers without a decimal point") {
  CHECK(value_of("jsonencode", {json({{"a", 1.0}, {"b", json::array({"x", 0.5})}})}) == R"({"a":1,"b":["x",0.5]})");
}

TEST_CASE("jsondecode parses JSON and reports where it is invalid") {
  CHECK(value_of("jsondecode", {R"({"a":[1,true]})"}) == json({{"a", json::array({1, true})}}));
  std::string error = error_of("jsondecode", {"{\"a\":"});
  CHECK(error.rfind("invalid JSON: parse error at line 1", 0) == 0);
}

TEST_CASE("base64 round-trips and rejects invalid input") {
  CHECK(value_of("base64encode", {"Hello World"}) == "SGVsbG8gV29ybGQ=");
  CHECK(value_of("base64decode", {"SGVsbG8gV29ybGQ="}) == "Hello World");
  CHECK(error_of("base64decode", {"!!!"}).rfind("failed to decode base64 data", 0) == 0);
  CHECK(error_of("base64decode", {"/w=="}) == "the result of decoding the base64 data is not valid UTF-8");
}

TEST_CASE("hash functions match known digests") {
  CHECK(value_of("md5", {"hello world"}) == "5eb63bbbe01eeed093cb22bb8f5acdc3");
  CHECK(value_of("sha1", {"hello world"}) == "2aae6c35c94fcfb415dbe95f408b9ce91ee846ed");
  CHECK(value_of("sha256", {"hello world"}) == "b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
  CHECK(value_of("sha512", {"hello world"}).get<std::string>().rfind("309ecc489c12d6eb4cc40f50c902f2b4", 0) == 0);
  CHECK(value_of("base64sha256", {"hello world"}) == "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=");
}

TEST_CASE("urlencode escapes like Go's QueryEscape") {
  CHECK(value_of("urlencode", {"Hello World!"}) == "Hello+World%21");
  CHECK(value_of("urlencode", {"a-b_c.d~e/ü"}) == "a-b_c.d~e%2F%C3%BC");
}

TEST_CASE("uuid returns a fresh version 4 UUID on each call") {
  std::string a = value_of("uuid", {}), b = value_of("uuid", {});
  CHECK(has_shape(a, "xxxxxxxx-xxxx-4xxx-xxxx-xxxxxxxxxxxx"));
  CHECK(std::string("89ab").find(a[19]) != std::string::npos);
  CHECK(a != b);
}

TEST_CASE("uuidv5 is deterministic for a namespace and name") {
  CHECK(value_of("uuidv5", {"dns", "www.terraform.io"}) == "a5008fae-b28c-5ba5-96cd-82b4c53552d6");
  CHECK(value_of("uuidv5", {"6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io"}) ==
        "a5008fae-b28c-5ba5-96cd-82b4c53552d6");
  CHECK(error_of("uuidv5", {"nope", "x"}) == "uuidv5 namespace must be dns, url, oid, x500 or a UUID, not \"nope\"");
}
