// How close `forma apply` comes to the ideal makespan of a graph whose
// critical path is known: N test_null resources, half in chains of 10 (each
// link referencing the previous one), half independent, every create taking
// latency_ms. Ideal = max(chain length × latency, N × latency / P); the figure
// is wall / ideal at each -parallelism P, and the largest of them.
//
//   bench_apply_makespan [--resources N] [--latency-ms L] [--parallelism 1,10,100] [--json]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/forma_run.h"

namespace fs = std::filesystem;

namespace {

constexpr int kChain = 10;

void write_config(const fs::path& dir, int n, int latency_ms) {
  fs::create_directories(dir);
  std::ofstream cfg(dir / "main.forma.json");
  cfg << "{\"provider\": {\"test\": {\"latency_ms\": " << latency_ms << "}},\n\"resource\": {\"test_null\": {\n";
  for (int i = 0; i < n; ++i) {
    bool chained = i >= n / 2 && (i - n / 2) % kChain != 0;
    cfg << (i ? ",\n" : "") << "\"r" << i << "\": {\"triggers\": {\"i\": \"" << i << "\"";
    if (chained) cfg << ", \"up\": \"${test_null.r" << i - 1 << ".id}\"";
    cfg << "}}";
  }
  cfg << "\n}}}\n";
}

// Wall seconds of one forma run in `dir`; exits on failure.
double run_forma(const fs::path& dir, const std::vector<std::string>& args) {
  auto r = forma::bench::run_forma(dir, args);
  if (r.exit_code != 0) {
    std::fprintf(stderr, "forma %s failed in %s\n", args.front().c_str(), dir.c_str());
    std::exit(1);
  }
  return r.seconds;
}

}  // namespace

int main(int argc, char** argv) {
  int n = 100, latency_ms = 50;
  std::vector<int> levels = {1, 10, 100};
  bool as_json = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--resources" && i + 1 < argc) n = std::stoi(argv[++i]);
    else if (a == "--latency-ms" && i + 1 < argc) latency_ms = std::stoi(argv[++i]);
    else if (a == "--json") as_json = true;
    else if (a == "--parallelism" && i + 1 < argc) {
      levels.clear();
      std::stringstream ss(argv[++i]);
      for (std::string part; std::getline(ss, part, ',');) levels.push_back(std::stoi(part));
    }
  }
  nlohmann::json figures = nlohmann::json::object();
  double worst = 0;
  double latency = latency_ms / 1000.0;
  int critical_path = n / 2 >= kChain ? kChain : std::max(1, n / 2);
  for (int p : levels) {
    fs::path dir = fs::temp_directory_path() / ("forma-bench-makespan-" + std::to_string(getpid()) + "-" + std::to_string(p));
    fs::remove_all(dir);
    write_config(dir, n, latency_ms);
    double wall = run_forma(dir, {"apply", "-auto-approve", "-no-color", "-parallelism=" + std::to_string(p)});
    double ideal = std::max(critical_path * latency, n * latency / p);
    double ratio = wall / ideal;
    worst = std::max(worst, ratio);
    std::string key = "apply_makespan_ratio_p" + std::to_string(p);
    figures[key] = ratio;
    figures["apply_wall_p" + std::to_string(p) + "_s"] = wall;
    if (!as_json) std::printf("%s %.3f (wall %.3f s, ideal %.3f s)\n", key.c_str(), ratio, wall, ideal);
    fs::remove_all(dir);
  }
  figures["apply_makespan_ratio"] = worst;
  if (as_json) std::printf("%s\n", figures.dump().c_str());
  else std::printf("apply_makespan_ratio %.3f\n", worst);
  return 0;
}
