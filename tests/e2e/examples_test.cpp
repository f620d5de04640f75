// Every example under examples/ plans, applies, plans clean and destroys.
#include <catch2/catch.hpp>

#include <filesystem>

#include "tests/e2e/harness.h"

using namespace forma::e2e;
namespace fs = std::filesystem;

TEST_CASE("every example plans, applies, then plans with no changes and destroys") {
  int examples = 0;
  for (const auto& entry : fs::directory_iterator(fs::path(FORMA_SOURCE_DIR) / "examples")) {
    if (!entry.is_directory()) continue;
    ++examples;
    DYNAMIC_SECTION(entry.path().filename().string()) {
      Workspace ws;
      copy_tree(entry.path(), ws.dir());
      auto fmt = ws.forma({"fmt", "-check"});
      INFO("forma fmt -check: " << fmt.out << fmt.err);
      CHECK(fmt.exit_code == 0);  // examples are written in the canonical format
      auto plan = ws.forma({"plan", "-no-color"});
      INFO(plan.out << plan.err);
      REQUIRE(plan.exit_code == 0);
      auto apply = ws.forma({"apply", "-auto-approve", "-no-color"});
      INFO(apply.out << apply.err);
      REQUIRE(apply.exit_code == 0);
      CHECK(apply.out.find("Apply complete!") != std::string::npos);
      auto again = ws.forma({"plan", "-detailed-exitcode", "-no-color"});
      INFO(again.out << again.err);
      CHECK(again.exit_code == 0);
      auto destroy = ws.forma({"destroy", "-auto-approve", "-no-color"});
      INFO(destroy.out << destroy.err);
      CHECK(destroy.exit_code == 0);
      CHECK(ws.forma({"state", "list"}).out.empty());
    }
  }
  CHECK(examples >= 1);
}
