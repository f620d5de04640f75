#include "engine/base/text.h"
#include "tests/providers/azure/emulator/emulator_fixture.h"

using namespace forma::emulator;
using namespace forma::emulator::testing;

namespace {

json account_body() {
  return {{"location", "eastus"}, {"sku", {{"name", "Standard_LRS"}}}, {"kind", "StorageV2"}};
}

std::string group(TestEmulator& emu, const std::string& name = "rg") {
  const std::string rg = emu.subscription() + "/resourceGroups/" + name;
  REQUIRE(emu.arm("PUT", rg + kResources, {{"location", "eastus"}}).status / 100 == 2);
  return rg;
}

// Follows an accepted PUT's Location header until the account exists.
json follow_location(TestEmulator& emu, const Answer& accepted) {
  for (int i = 0; i < 300; ++i) {
    Answer poll = emu.arm("GET", accepted.header("Location"));
    if (poll.status == 200) return poll.body;
    REQUIRE(poll.status == 202);
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  FAIL("the storage account was not created in time");
  return nullptr;
}

json create_account(TestEmulator& emu, const std::string& rg, const std::string& name) {
  Answer accepted =
      emu.arm("PUT", rg + "/providers/Microsoft.Storage/storageAccounts/" + name + kStorage, account_body());
  REQUIRE(accepted.status == 202);
  return follow_location(emu, accepted);
}

}  // namespace

TEST_CASE("a storage account PUT is long-running and its Location ends with the account") {
  TestEmulator emu(slow_options());
  const std::string rg = group(emu);
  const std::string id = rg + "/providers/Microsoft.Storage/storageAccounts/formadata01";
  Answer accepted = emu.arm("PUT", id + kStorage, account_body());
  REQUIRE(accepted.status == 202);
  CHECK(accepted.header("Location").find("/providers/Microsoft.Storage/locations/eastus/asyncoperations/") !=
        std::string::npos);
  CHECK_FALSE(accepted.header("Retry-After").empty());
  CHECK(emu.arm("GET", id + kStorage).body["properties"]["provisioningState"] == "Creating");
  json account = follow_location(emu, accepted);
  CHECK(account["id"] == id);
  CHECK(account["properties"]["provisioningState"] == "Succeeded");
  CHECK(account["properties"]["primaryEndpoints"]["blob"] == "https://formadata01.blob.core.windows.net/");
  CHECK(account["properties"]["primaryEndpoints"]["file"] == "https://formadata01.file.core.windows.net/");
  CHECK(account["sku"]["tier"] == "Standard");
  Answer listed = emu.arm("GET", rg + "/providers/Microsoft.Storage/storageAccounts" + kStorage);
  CHECK(listed.body["value"].size() == 1);
}

TEST_CASE("listKeys gives two 64-byte keys of the account's own") {
  TestEmulator emu;
  const std::string rg = group(emu);
  create_account(emu, rg, "accounta");
  create_account(emu, rg, "accountb");
  Answer a =
      emu.arm("POST", rg + "/providers/Microsoft.Storage/storageAccounts/accounta/listKeys" + kStorage);
  Answer b =
      emu.arm("POST", rg + "/providers/Microsoft.Storage/storageAccounts/accountb/listKeys" + kStorage);
  REQUIRE(a.status == 200);
  REQUIRE(a.body["keys"].size() == 2);
  CHECK(a.body["keys"][0]["keyName"] == "key1");
  CHECK(a.body["keys"][1]["keyName"] == "key2");
  auto decoded = forma::base64_decode(a.body["keys"][0]["value"].get<std::string>());
  REQUIRE(decoded);
  CHECK(decoded->size() == 64);
  CHECK(a.body["keys"][0]["value"] != a.body["keys"][1]["value"]);
  CHECK(a.body["keys"][0]["value"] != b.body["keys"][0]["value"]);
  CHECK(emu.arm("POST", rg + "/providers/Microsoft.Storage/storageAccounts/accounta/listKeys" + kStorage)
            .body == a.body);
}

TEST_CASE("storage account names are 3-24 lower-case letters and digits and unique everywhere") {
  TestEmulator emu;
  const std::string rg = group(emu), other = group(emu, "other");
  Answer bad =
      emu.arm("PUT", rg + "/providers/Microsoft.Storage/storageAccounts/Bad_Name" + kStorage, account_body());
  CHECK(bad.status == 400);
  CHECK(bad.body["error"]["code"] == "AccountNameInvalid");
  create_account(emu, rg, "taken01");
  Answer taken = emu.arm("PUT", other + "/providers/Microsoft.Storage/storageAccounts/taken01" + kStorage,
                         account_body());
  CHECK(taken.status == 409);
  CHECK(taken.body["error"]["code"] == "StorageAccountAlreadyTaken");
  const std::string check =
      emu.subscription() + "/providers/Microsoft.Storage/checkNameAvailability" + kStorage;
  CHECK(emu.arm("POST", check, {{"name", "taken01"}, {"type", "Microsoft.Storage/storageAccounts"}})
            .body["nameAvailable"] == false);
  CHECK(emu.arm("POST", check, {{"name", "free01"}, {"type", "Microsoft.Storage/storageAccounts"}})
            .body["nameAvailable"] == true);
  CHECK(emu.arm("POST", check, {{"name", "NO"}, {"type", "Microsoft.Storage/storageAccounts"}})
            .body["reason"] == "AccountNameInvalid");
}

TEST_CASE("a storage account without a sku is refused naming the property") {
  TestEmulator emu;
  const std::string rg = group(emu);
  Answer a = emu.arm("PUT", rg + "/providers/Microsoft.Storage/storageAccounts/nosku01" + kStorage,
                     {{"location", "eastus"}, {"kind", "StorageV2"}});
  CHECK(a.status == 400);
  CHECK(a.body["error"]["code"] == "InvalidParameter");
  CHECK(a.body["error"]["message"].get<std::string>().find("sku") != std::string::npos);
}

TEST_CASE("file shares and blob containers are created, read and deleted under an account") {
  TestEmulator emu;
  const std::string rg = group(emu);
  create_account(emu, rg, "shares01");
  const std::string account = rg + "/providers/Microsoft.Storage/storageAccounts/shares01";
  const std::string share = account + "/fileServices/default/shares/afs";
  Answer created = emu.arm("PUT", share + kStorage, {{"properties", {{"shareQuota", 10}}}});
  CHECK(created.status == 201);
  CHECK(created.body["type"] == "Microsoft.Storage/storageAccounts/fileServices/shares");
  CHECK(emu.arm("PUT", share + kStorage, {{"properties", {{"shareQuota", 20}}}}).status == 200);
  Answer got = emu.arm("GET", share + kStorage);
  CHECK(got.body["properties"]["shareQuota"] == 20);
  CHECK(got.body["id"] == share);
  const std::string container = account + "/blobServices/default/containers/bfs";
  Answer c = emu.arm("PUT", container + kStorage, {{"properties", {{"publicAccess", "None"}}}});
  CHECK(c.status == 201);
  CHECK(emu.arm("GET", container + kStorage).body["properties"]["publicAccess"] == "None");
  CHECK(emu.arm("DELETE", share + kStorage).status == 200);
  Answer gone = emu.arm("GET", share + kStorage);
  CHECK(gone.status == 404);
  CHECK(gone.body["error"]["code"] == "ShareNotFound");
  CHECK(emu.arm("DELETE", share + kStorage).status == 204);
  CHECK(emu.arm("PUT", container + kStorage, {{"properties", {{"publicAccess", "Everyone"}}}}).status == 400);
}

TEST_CASE("deleting a storage account removes its shares and containers") {
  TestEmulator emu;
  const std::string rg = group(emu);
  create_account(emu, rg, "gone01");
  const std::string account = rg + "/providers/Microsoft.Storage/storageAccounts/gone01";
  REQUIRE(emu.arm("PUT", account + "/fileServices/default/shares/afs" + kStorage, json::object()).status ==
          201);
  CHECK(emu.arm("DELETE", account + kStorage).status == 200);
  CHECK(emu.arm("GET", account + kStorage).body["error"]["code"] == "ResourceNotFound");
  Answer orphan = emu.arm("GET", account + "/fileServices/default/shares/afs" + kStorage);
  CHECK(orphan.status == 404);
  CHECK(emu.admin("GET", "/_emulator/resources").body["value"].size() == 1);  // only the group
}

TEST_CASE("a storage account PATCH updates its tags in place") {
  TestEmulator emu;
  const std::string rg = group(emu);
  create_account(emu, rg, "tagged01");
  const std::string account = rg + "/providers/Microsoft.Storage/storageAccounts/tagged01" + kStorage;
  Answer patched = emu.arm("PATCH", account, {{"tags", {{"env", "test"}}}});
  CHECK(patched.status == 200);
  CHECK(emu.arm("GET", account).body["tags"]["env"] == "test");
  CHECK(emu.arm("GET", account).body["sku"]["name"] == "Standard_LRS");
}

TEST_CASE("repeating a storage account PUT while it is being created answers with the same operation") {
  TestEmulator emu(slow_options());
  const std::string rg = group(emu);
  const std::string account = rg + "/providers/Microsoft.Storage/storageAccounts/twice01" + kStorage;
  Answer first = emu.arm("PUT", account, account_body());
  Answer again = emu.arm("PUT", account, account_body());
  REQUIRE(first.status == 202);
  CHECK(again.status == 202);
  CHECK(again.header("Location") == first.header("Location"));
  follow_location(emu, first);
  CHECK(emu.arm("PUT", account, account_body()).status == 200);
}
