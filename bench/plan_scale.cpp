// Plan time and peak memory with N test_null resources already in state and
// no changes: half independent, half in chains of 10 that reference the
// previous link. Prints one line per figure; --json prints one object.
// plan_<n>_floor_s is `forma state list` on the same state: the same program
// reading every state row and parsing its JSON, and nothing else;
// plan_<n>_floor_ratio is the plan's time over that.
//
//   bench_plan_scale [--sizes 1000,10000,100000] [--refresh] [--json] [--keep]
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "bench/forma_run.h"
#include "state/store.h"

namespace fs = std::filesystem;
using forma::json;

namespace {

std::string id_of(int i) { return "id-" + std::to_string(i); }

// Writes main.forma.json and a state holding exactly what it describes.
void generate(const fs::path& dir, int n) {
  fs::create_directories(dir);
  std::ofstream cfg(dir / "main.forma.json");
  cfg << "{\"resource\": {\"test_null\": {\n";
  forma::Status st;
  forma::state::OpenOptions oo;
  auto store = forma::state::Store::open((dir / "forma.state.db").string(), oo, st);
  if (!store) {
    std::fprintf(stderr, "cannot create state: %s\n", st.message().c_str());
    std::exit(1);
  }
  (void)store->transaction([&] {
    for (int i = 0; i < n; ++i) {
      bool chained = i >= n / 2 && (i - n / 2) % 10 != 0;
      json triggers = {{"i", std::to_string(i)}};
      std::string cfg_triggers = "{\"i\": \"" + std::to_string(i) + "\"";
      if (chained) {
        triggers["up"] = id_of(i - 1);
        cfg_triggers += ", \"up\": \"${test_null.r" + std::to_string(i - 1) + ".id}\"";
      }
      cfg << (i ? ",\n" : "") << "\"r" << i << "\": {\"triggers\": " << cfg_triggers << "}}";
      forma::state::ResourceObject o;
      o.address = "test_null.r" + std::to_string(i);
      o.type = "test_null";
      o.provider = "provider.test";
      o.attributes = {{"id", id_of(i)}, {"triggers", triggers}};
      if (chained) o.dependencies = {"test_null.r" + std::to_string(i - 1)};
      auto s = store->put(o);
      if (!s) return s;
    }
    return forma::Status::ok();
  });
  cfg << "\n}}}\n";
}


}  // namespace

int main(int argc, char** argv) {
  std::vector<int> sizes = {1000, 10000};
  bool refresh = false, as_json = false, keep = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--sizes" && i + 1 < argc) {
      sizes.clear();
      std::stringstream ss(argv[++i]);
      for (std::string part; std::getline(ss, part, ',');) sizes.push_back(std::stoi(part));
    } else if (a == "--refresh") {
      refresh = true;
    } else if (a == "--json") {
      as_json = true;
    } else if (a == "--keep") {
      keep = true;  // leave the generated directories for profiling
    }
  }
  json figures = json::object();
  for (int n : sizes) {
    fs::path dir = fs::temp_directory_path() / ("forma-bench-plan-" + std::to_string(n));
    fs::remove_all(dir);
    generate(dir, n);
    forma::bench::FormaRun r = forma::bench::run_forma(dir, {"plan", refresh ? "-refresh=true" : "-refresh=false", "-detailed-exitcode",
                            "-lock=false", "-no-color"});
    forma::bench::FormaRun floor = forma::bench::run_forma(dir, {"state", "list"});
    std::string key = "plan_" + (n % 1000 == 0 ? std::to_string(n / 1000) + "k" : std::to_string(n)) +
                      (refresh ? "_refresh" : "");
    if (r.exit_code != 0) std::fprintf(stderr, "%s: forma plan exited %d (expected 0: no changes)\n", key.c_str(), r.exit_code);
    figures[key + "_s"] = r.seconds;
    figures[key + "_rss_mb"] = r.rss_mb;
    figures[key + "_floor_s"] = floor.seconds;
    figures[key + "_floor_ratio"] = r.seconds / floor.seconds;
    if (!as_json)
      std::printf("%s_s %.3f\n%s_rss_mb %.1f\n%s_floor_s %.3f\n%s_floor_ratio %.2f\n", key.c_str(), r.seconds,
                  key.c_str(), r.rss_mb, key.c_str(), floor.seconds, key.c_str(), r.seconds / floor.seconds);
    if (!keep) fs::remove_all(dir);
  }
  if (as_json) std::printf("%s\n", figures.dump().c_str());
  return 0;
}
