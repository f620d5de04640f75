#include "providers/azure/template/hashes.h"

#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

// Expected values published by public reimplementations checked against Azure:
// - "rbgf3xv4ufgzg" for uniqueString('test') and "bqgd334z2uj64" for
//   uniqueString('test','test2','test3'): the acceptance tests of the arm2tf
//   Terraform provider (internal/provider/unique_string_resource_test.go); the
//   first is also in the README of the uniqueString Go port that links Bicep's
//   ScopeHelper.cs, and appears as a real storage account name in a published
//   Azure DNS blog post ("stodnsrbgf3xv4ufgzg0").
// - "a7wkljktk6wne", "cgtzqvhu4i23s", "bmg7c6xu4tw46", "xzi4ioaxtmth4": the
//   self-test of uniquestring.sh, "verified against Bicep uniqueString() output".
TEST_CASE("uniqueString gives Azure's published values") {
  CHECK(unique_string({"test"}) == "rbgf3xv4ufgzg");
  CHECK(unique_string({"test", "test2", "test3"}) == "bqgd334z2uj64");
  CHECK(unique_string({"hello", "world"}) == "a7wkljktk6wne");
  CHECK(unique_string({"abc"}) == "cgtzqvhu4i23s");
  CHECK(unique_string({"/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/my-rg"}) ==
        "bmg7c6xu4tw46");
  CHECK(unique_string({"foo", "bar", "baz"}) == "xzi4ioaxtmth4");
}

TEST_CASE("uniqueString is 13 lowercase base-32 characters and joins its arguments with '-'") {
  std::string s = unique_string({""});
  CHECK(s.size() == 13);
  CHECK(s.find_first_not_of("abcdefghijklmnopqrstuvwxyz234567") == std::string::npos);
  CHECK(unique_string({"a", "b"}) == unique_string({"a-b"}));
  CHECK(unique_string({"a", "b"}) != unique_string({"ab"}));
}

// uuid5(NAMESPACE_DNS, 'python.org') from the Python uuid module documentation.
TEST_CASE("name-based UUIDs follow RFC 4122 version 5") {
  std::array<unsigned char, 16> dns = {0x6b, 0xa7, 0xb8, 0x10, 0x9d, 0xad, 0x11, 0xd1,
                                       0x80, 0xb4, 0x00, 0xc0, 0x4f, 0xd4, 0x30, 0xc8};
  CHECK(uuid_v5(dns, "python.org") == "886313e1-3b8a-5372-9b90-0c9aee199e5d");
}

// "d6a5baf1-8b9b-542a-8525-2982f1f98a0c" for guid('test'): the acceptance test
// of the arm2tf Terraform provider (internal/provider/guid_resource_test.go).
TEST_CASE("guid gives Azure's published value") {
  CHECK(deterministic_guid({"test"}) == "d6a5baf1-8b9b-542a-8525-2982f1f98a0c");
  CHECK(deterministic_guid({"a", "b"}) == deterministic_guid({"a-b"}));
}

TEST_CASE("uniqueString and guid are template functions over strings only") {
  CHECK(value_of("[uniqueString('test')]") == "rbgf3xv4ufgzg");
  CHECK(value_of("[guid('test')]") == "d6a5baf1-8b9b-542a-8525-2982f1f98a0c");
  CHECK(value_of("[uniqueString(resourceGroup().id)]") == unique_string({kRg}));
  CHECK_THAT(error_of("[uniqueString(1)]"),
             Catch::Contains("'uniqueString' expects argument 1 to be a string"));
  CHECK_THAT(error_of("[guid()]"), Catch::Contains("'guid' expects at least 1 argument(s), got 0"));
}
