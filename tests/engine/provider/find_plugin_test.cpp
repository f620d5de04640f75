#include <catch2/catch.hpp>
#include <cstdlib>
#include <filesystem>

#include "engine/provider/provider.h"
#include "plugin_test_support.h"

using namespace forma;
using namespace forma::provider;
using namespace forma::provider::testing;

namespace {
void make_executable(const std::string& path) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  { std::ofstream(path) << "#!/bin/sh\n"; }
  ::chmod(path.c_str(), 0755);
}
}  // namespace

TEST_CASE("plugins are found next to forma, then on FORMA_PLUGIN_PATH, then in .forma/plugins") {
  ScratchDir dir;
  std::string exe_dir = dir.file("bin"), path_dir = dir.file("path"), work = dir.file("work");
  ::setenv("FORMA_PLUGIN_PATH", (dir.file("empty") + ":" + path_dir).c_str(), 1);

  make_executable(work + "/.forma/plugins/forma-provider-x");
  std::vector<std::string> searched;
  CHECK(find_plugin("x", exe_dir, work, &searched) == work + "/.forma/plugins/forma-provider-x");
  CHECK(searched == std::vector<std::string>{exe_dir + "/forma-provider-x", dir.file("empty") + "/forma-provider-x",
                                             path_dir + "/forma-provider-x",
                                             work + "/.forma/plugins/forma-provider-x"});

  make_executable(path_dir + "/forma-provider-x");
  CHECK(find_plugin("x", exe_dir, work) == path_dir + "/forma-provider-x");
  make_executable(exe_dir + "/forma-provider-x");
  CHECK(find_plugin("x", exe_dir, work) == exe_dir + "/forma-provider-x");
  CHECK(find_plugin("y", exe_dir, work).empty());
  ::unsetenv("FORMA_PLUGIN_PATH");
}

TEST_CASE("protocol diagnostics become engine diagnostics under the given path") {
  json result = {{"diagnostics",
                  {{{"severity", "error"}, {"summary", "Bad length"}, {"detail", "1 to 4096"}, {"attribute", "/length"}},
                   {{"severity", "warning"}, {"summary", "Deprecated"}}}}};
  Diagnostics diags = diagnostics_from(result, "/resource/test_random/a");
  REQUIRE(diags.size() == 2);
  CHECK(diags[0].severity == Severity::Error);
  CHECK(diags[0].summary == "Bad length");
  CHECK(diags[0].detail == "1 to 4096");
  CHECK(diags[0].json_path == "/resource/test_random/a/length");
  CHECK(diags[1].severity == Severity::Warning);
  CHECK(diags[1].json_path == "/resource/test_random/a");
}

TEST_CASE("malformed protocol diagnostics are reported, not thrown") {
  CHECK(diagnostics_from(json::object(), "").empty());
  CHECK(diagnostics_from(json("text"), "").empty());
  Diagnostics diags = diagnostics_from({{"diagnostics", 5}}, "/x");
  REQUIRE(diags.size() == 1);
  CHECK(diags[0].summary == "The provider returned malformed diagnostics");
  Diagnostics odd = diagnostics_from({{"diagnostics", {{{"summary", 3}}, "junk"}}}, "");
  REQUIRE(odd.size() == 1);
  CHECK(odd[0].summary == "The provider reported a problem without a summary");
}
