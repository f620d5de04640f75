#include <catch2/catch.hpp>

#include "providers/azure/arm_errors.h"
#include "providers/azure/arm_id.h"
#include "providers/azure/names.h"

using namespace forma;
using namespace forma::azure;

TEST_CASE("an ARM id parses into its parts and builds back") {
  std::string id = "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.BatchAI/workspaces/ws/clusters/c1";
  auto parsed = parse_arm_id(id);
  REQUIRE(parsed);
  CHECK(parsed->subscription == "s1");
  CHECK(parsed->resource_group == "rg");
  CHECK(parsed->name() == "c1");
  CHECK(parsed->child("WORKSPACES") == std::optional<std::string>("ws"));
  CHECK(parsed->is("microsoft.batchai", {"workspaces", "clusters"}));
  CHECK(parsed->to_string() == id);
  CHECK(parsed->parent().to_string() == "/subscriptions/s1/resourceGroups/rg/providers/Microsoft.BatchAI/workspaces/ws");
}

TEST_CASE("a resource group id has no provider and lower-case keywords are accepted") {
  auto parsed = parse_arm_id("/subscriptions/s/resourcegroups/my.group");
  REQUIRE(parsed);
  CHECK(parsed->provider.empty());
  CHECK(parsed->name() == "my.group");
  CHECK(parsed->to_string() == "/subscriptions/s/resourceGroups/my.group");
}

TEST_CASE("strings that are not ARM ids are rejected") {
  CHECK_FALSE(parse_arm_id(""));
  CHECK_FALSE(parse_arm_id("subscriptions/s/resourceGroups/g"));
  CHECK_FALSE(parse_arm_id("/subscriptions/s/resourceGroups/g/providers/Microsoft.BatchAI/workspaces"));
  CHECK_FALSE(parse_arm_id("/subscriptions/s/things/g"));
}

TEST_CASE("an ARM error becomes a diagnostic naming the resource, the code and what to do") {
  ArmError quota;
  quota.http_status = 409;
  quota.code = "QuotaExceeded";
  quota.message = "Operation results in exceeding quota limits of Core.";
  quota.request_id = "req-1";
  Diagnostic d = arm_failure("create", "azure_batchai_cluster.nc6", quota);
  CHECK(d.summary ==
        "Azure refused to create azure_batchai_cluster.nc6: QuotaExceeded: Operation results in exceeding quota limits "
        "of Core.");
  CHECK(d.detail.find("Request more cores") != std::string::npos);
  CHECK(d.detail.find("req-1") != std::string::npos);
  ArmError down;
  down.code = "ConnectionFailed";
  CHECK(arm_failure("read", "azure_resource_group.rg", down).summary.rfind("Cannot reach Azure to read", 0) == 0);
}

TEST_CASE("storage account names are 3 to 24 lowercase letters and digits") {
  CHECK(name_problem("formadata01", NameRule::StorageAccount).empty());
  CHECK_FALSE(name_problem("Forma", NameRule::StorageAccount).empty());
  CHECK_FALSE(name_problem("ab", NameRule::StorageAccount).empty());
  CHECK_FALSE(name_problem("a-b-c", NameRule::StorageAccount).empty());
  CHECK(name_problem("my-share", NameRule::ShareOrContainer).empty());
  CHECK_FALSE(name_problem("my--share", NameRule::ShareOrContainer).empty());
}
