#include <catch2/catch.hpp>

#include "state/commands.h"
#include "state/schema.h"
#include "state_test_support.h"
#include "tests/text_support.h"

using namespace forma;
using namespace forma::state;
using namespace forma::state::testing;

namespace {

using forma::testing::contains;

// A state with a counted resource, a keyed one, a single one, a module resource and a deposed object.
std::unique_ptr<Store> populated(const ScratchDir& dir) {
  auto store = open_store(dir.file("s.db"));
  for (const char* address : {"test_null.c[0]", "test_null.c[1]", "test_null.k[\"blue\"]", "test_file.f",
                              "module.m.test_null.x"})
    REQUIRE(store->put(sample(address)));
  ResourceObject user = sample("test_file.user");
  user.dependencies = {"test_null.c", "test_null.c[1]"};
  REQUIRE(store->put(user));
  ResourceObject deposed = sample("test_file.f", {{"id", "old"}});
  deposed.deposed = "d00d";
  REQUIRE(store->put(deposed));
  return store;
}

std::vector<std::string> addresses(Store& store) {
  std::vector<std::string> out;
  for (const auto& o : store.resources()) out.push_back(o.address + (o.deposed.empty() ? "" : "/" + o.deposed));
  return out;
}

}  // namespace

TEST_CASE("state list prints sorted addresses, deposed objects with their key, filtered by prefix") {
  ScratchDir dir;
  auto store = populated(dir);
  auto all = state_list(*store);
  REQUIRE(all.status);
  CHECK(all.output ==
        "module.m.test_null.x\ntest_file.f\ntest_file.f (deposed d00d)\ntest_file.user\n"
        "test_null.c[0]\ntest_null.c[1]\ntest_null.k[\"blue\"]\n");
  CHECK(state_list(*store, "test_null.c").output == "test_null.c[0]\ntest_null.c[1]\n");
  CHECK(state_list(*store, "module.m").output == "module.m.test_null.x\n");
  CHECK(state_list(*store, "test_null.nothing").output.empty());
}

TEST_CASE("state show prints attributes with sensitive values hidden") {
  ScratchDir dir;
  auto store = open_store(dir.file("s.db"));
  ResourceObject o = sample("test_vm.a", {{"id", "vm-1"}, {"password", "p4ss"}, {"size", 3}});
  o.sensitive_paths = {"/password"};
  REQUIRE(store->put(o));
  auto shown = state_show(*store, "test_vm.a");
  REQUIRE(shown.status);
  CHECK(contains(shown.output, "# test_vm.a:"));
  CHECK(contains(shown.output, "  id = \"vm-1\"\n"));
  CHECK(contains(shown.output, "  password = (sensitive value)\n"));
  CHECK(contains(shown.output, "  size = 3\n"));
  CHECK_FALSE(contains(shown.output, "p4ss"));

  auto missing = state_show(*store, "test_vm.b");
  REQUIRE_FALSE(missing.status);
  CHECK(contains(missing.status.message(), "Did you mean \"test_vm.a\"?"));
  CHECK_FALSE(state_show(*store, "not an address!").status);
}

TEST_CASE("state rm of a resource removes all its instances and records history") {
  ScratchDir dir;
  auto store = populated(dir);
  auto result = state_rm(*store, {"test_null.c", "test_file.f"});
  REQUIRE(result.status);
  CHECK(contains(result.output, "Successfully removed 4 resource instance(s)."));
  CHECK(addresses(*store) ==
        std::vector<std::string>{"module.m.test_null.x", "test_file.user", "test_null.k[\"blue\"]"});
  CHECK(store->serial() == 1);
  auto history = store->history("test_null.c");
  REQUIRE(history.size() == 2);
  CHECK(history[0].operation == "state rm");
  CHECK(history[0].action == "forget");
  CHECK(state_rm(*store, {"module.m"}).status);
  CHECK(state_list(*store, "module.m").output.empty());
}

TEST_CASE("state rm with one unknown address removes nothing") {
  ScratchDir dir;
  auto store = populated(dir);
  auto before = addresses(*store);
  auto result = state_rm(*store, {"test_null.c[0]", "test_null.nope"});
  REQUIRE_FALSE(result.status);
  CHECK(contains(result.status.message(), "no resource in the state matches test_null.nope"));
  CHECK(addresses(*store) == before);
  CHECK(store->serial() == 0);
}

TEST_CASE("state rm that fails halfway changes nothing") {
  ScratchDir dir;
  auto store = populated(dir);
  auto before = addresses(*store);
  for (int fail_at = 1; fail_at <= 3; ++fail_at) {
    FailingStore failing(*store, fail_at);
    auto result = state_rm(failing, {"test_null.c"});
    REQUIRE_FALSE(result.status);
    CHECK(contains(result.status.message(), "nothing was removed"));
    CHECK(addresses(*store) == before);
    CHECK(store->serial() == 0);
    CHECK(store->history().empty());
  }
}

TEST_CASE("state mv renames a resource with all its instances and the dependencies on it") {
  ScratchDir dir;
  auto store = populated(dir);
  auto result = state_mv(*store, "test_null.c", "test_null.d");
  REQUIRE(result.status);
  CHECK(result.output == "Moved test_null.c[0] to test_null.d[0]\nMoved test_null.c[1] to test_null.d[1]\n");
  CHECK(state_list(*store, "test_null.d").output == "test_null.d[0]\ntest_null.d[1]\n");
  CHECK(state_list(*store, "test_null.c").output.empty());
  for (const auto& o : store->resources())
    if (o.address == "test_file.user")
      CHECK(o.dependencies == std::vector<std::string>{"test_null.d", "test_null.d[1]"});
  CHECK(store->serial() == 1);
  CHECK(store->history("test_null.d[0]").size() == 1);
}

TEST_CASE("state mv moves into and out of count and for_each instances") {
  ScratchDir dir;
  auto store = populated(dir);
  REQUIRE(state_mv(*store, "test_file.user", "test_file.users[0]").status);
  REQUIRE(state_mv(*store, "test_null.c[1]", "test_null.c[\"one\"]").status);
  REQUIRE(state_mv(*store, "test_null.k[\"blue\"]", "module.m.test_null.k").status);
  auto listed = state_list(*store).output;
  CHECK(contains(listed, "test_file.users[0]\n"));
  CHECK(contains(listed, "test_null.c[\"one\"]\n"));
  CHECK(contains(listed, "module.m.test_null.k\n"));
  CHECK_FALSE(contains(listed, "test_null.k[\"blue\"]"));
  // A deposed object moves with its instance.
  REQUIRE(state_mv(*store, "test_file.f", "test_file.g").status);
  CHECK(state_list(*store, "test_file.g").output == "test_file.g\ntest_file.g (deposed d00d)\n");
}

TEST_CASE("state mv refuses an existing destination, a type change and a bad address") {
  ScratchDir dir;
  auto store = populated(dir);
  auto before = addresses(*store);
  auto taken = state_mv(*store, "test_null.c[0]", "test_null.c[1]");
  REQUIRE_FALSE(taken.status);
  CHECK(contains(taken.status.message(), "already exists"));
  CHECK_FALSE(state_mv(*store, "test_null.c", "test_null.k").status);
  auto retype = state_mv(*store, "test_file.f", "test_null.f");
  REQUIRE_FALSE(retype.status);
  CHECK(contains(retype.status.message(), "the resource type is test_file"));
  CHECK_FALSE(state_mv(*store, "test_null.c", "test_null.e[0]").status);
  CHECK_FALSE(state_mv(*store, "test_null.zzz", "test_null.e").status);
  CHECK_FALSE(state_mv(*store, "test_null.c[", "test_null.e").status);
  CHECK(addresses(*store) == before);
  CHECK(store->serial() == 0);
}

TEST_CASE("state mv that fails halfway changes nothing") {
  ScratchDir dir;
  auto store = populated(dir);
  auto before = addresses(*store);
  for (int fail_at = 1; fail_at <= 5; ++fail_at) {
    FailingStore failing(*store, fail_at);
    auto result = state_mv(failing, "test_null.c", "test_null.d");
    REQUIRE_FALSE(result.status);
    CHECK(addresses(*store) == before);
    CHECK(store->serial() == 0);
  }
}

TEST_CASE("taint and untaint flip the status once and refuse otherwise") {
  ScratchDir dir;
  auto store = populated(dir);
  auto tainted = state_taint(*store, "test_null.c[0]");
  REQUIRE(tainted.status);
  CHECK(tainted.output == "Resource instance test_null.c[0] has been tainted.\n");
  CHECK(contains(state_taint(*store, "test_null.c[0]").status.message(), "already tainted"));
  CHECK(contains(state_taint(*store, "test_null.c").status.message(), "has several instances"));
  CHECK(contains(state_untaint(*store, "test_null.c[1]").status.message(), "is not tainted"));
  CHECK(store->serial() == 1);
  REQUIRE(state_untaint(*store, "test_null.c[0]").status);
  for (const auto& o : store->resources()) CHECK(o.status == ResourceStatus::Created);
  CHECK(store->history("test_null.c[0]").size() == 2);

  ResourceObject creating = sample("test_null.new");
  creating.status = ResourceStatus::Creating;
  REQUIRE(store->put(creating));
  CHECK(contains(state_taint(*store, "test_null.new").status.message(), "run apply to reconcile"));
}

TEST_CASE("taint that fails halfway changes nothing") {
  ScratchDir dir;
  auto store = populated(dir);
  FailingStore failing(*store, 2);  // the put succeeds, the serial bump fails
  REQUIRE_FALSE(state_taint(failing, "test_file.f").status);
  for (const auto& o : store->resources()) CHECK(o.status == ResourceStatus::Created);
  CHECK(store->history().empty());
}

TEST_CASE("state pull then push round-trips the whole state") {
  ScratchDir dir;
  auto store = populated(dir);
  REQUIRE(store->set_outputs({{"o", {{"a", 1}}, false}}));
  auto pulled = state_pull(*store);
  REQUIRE(pulled.status);
  json document = json::parse(pulled.output);
  CHECK(document["lineage"] == store->lineage());
  CHECK(document["format_version"] == state::kFormatVersion);
  CHECK(document["resources"].size() == 7);

  auto copy_dir = ScratchDir();
  auto copy = open_store(copy_dir.file("copy.db"));
  auto pushed = state_push(*copy, pulled.output, /*force=*/true);  // another lineage: force
  REQUIRE(pushed.status);
  CHECK(copy->lineage() == store->lineage());
  CHECK(copy->serial() == 1);
  CHECK(addresses(*copy) == addresses(*store));
  CHECK(copy->outputs()[0].value == json{{"a", 1}});
  CHECK(state_pull(*copy).output.size() > 0);
  CHECK(copy->history()[0].operation == "state push");
}

TEST_CASE("state push refuses another lineage or an older serial unless forced") {
  ScratchDir dir;
  auto store = populated(dir);
  json document = json::parse(state_pull(*store).output);
  REQUIRE(store->bump_serial());
  REQUIRE(store->bump_serial());

  json old = document;
  old["serial"] = 1;
  old["resources"] = json::array();
  auto refused = state_push(*store, old.dump(), false);
  REQUIRE_FALSE(refused.status);
  CHECK(contains(refused.status.message(), "serial 1 is older than the state's 2"));

  json foreign = document;
  foreign["lineage"] = "someone-else";
  foreign["serial"] = 50;
  CHECK(contains(state_push(*store, foreign.dump(), false).status.message(), "belongs to another state"));
  CHECK(addresses(*store).size() == 7);
  CHECK(store->serial() == 2);

  REQUIRE(state_push(*store, old.dump(), true).status);
  CHECK(store->resources().empty());
  CHECK(store->serial() == 3);  // forced pushes still move the serial forward
}

TEST_CASE("state push of a malformed document is a clear error and changes nothing") {
  ScratchDir dir;
  auto store = populated(dir);
  auto before = state_pull(*store).output;
  json document = json::parse(before);

  CHECK(contains(state_push(*store, "{not json", false).status.message(), "not valid JSON"));
  json bad_type = document;
  bad_type["resources"][2]["attributes"] = 1;  // any JSON is allowed here...
  bad_type["resources"][2]["type"] = 7;        // ...but not here
  CHECK(contains(state_push(*store, bad_type.dump(), false).status.message(), "/resources/2/type"));
  json duplicate = document;
  duplicate["resources"].push_back(document["resources"][0]);
  CHECK(contains(state_push(*store, duplicate.dump(), false).status.message(), "appears twice"));
  json bad_address = document;
  bad_address["resources"][0]["address"] = "no spaces allowed";
  CHECK(contains(state_push(*store, bad_address.dump(), false).status.message(), "is not a resource address"));
  json newer = document;
  newer["format_version"] = 99;
  CHECK(contains(state_push(*store, newer.dump(), false).status.message(), "format version 99"));
  CHECK(state_pull(*store).output == before);
}

TEST_CASE("state pull of an encrypted state keeps secrets sealed, and push takes them back") {
  ScratchDir dir;
  OpenOptions options;
  options.key = key_of('k');
  auto store = open_store(dir.file("s.db"), options);
  ResourceObject o = sample("test_vm.a", {{"password", "p4ssw0rd-secret"}});
  o.sensitive_paths = {"/password"};
  REQUIRE(store->put(o));
  auto pulled = state_pull(*store);
  CHECK_FALSE(contains(pulled.output, "p4ssw0rd-secret"));
  CHECK(contains(pulled.output, "$enc"));
  REQUIRE(state_rm(*store, {"test_vm.a"}).status);
  REQUIRE(state_push(*store, pulled.output, /*force=*/true).status);  // rm moved the serial on
  CHECK(store->resources()[0].attributes["password"] == "p4ssw0rd-secret");

  // The same document cannot be pushed into a state with another key.
  OpenOptions other_key;
  other_key.key = key_of('o');
  auto other = open_store(dir.file("other.db"), other_key);
  auto refused = state_push(*other, pulled.output, true);
  REQUIRE_FALSE(refused.status);
  CHECK(contains(refused.status.message(), "encrypted with a key other than this state's"));
  CHECK(other->resources().empty());
}

TEST_CASE("state history lists the changes to an address") {
  ScratchDir dir;
  auto store = populated(dir);
  REQUIRE(state_taint(*store, "test_null.c[0]").status);
  REQUIRE(state_rm(*store, {"test_null.c[1]"}).status);
  auto all = state_history(*store);
  REQUIRE(all.status);
  CHECK(contains(all.output, "serial 1  "));
  CHECK(contains(all.output, "  taint  taint  test_null.c[0]  by "));
  CHECK(contains(all.output, "serial 2  "));
  CHECK(contains(all.output, "  state rm  forget  test_null.c[1]  by "));
  CHECK_FALSE(contains(state_history(*store, "test_null.c[1]").output, "taint"));
}
