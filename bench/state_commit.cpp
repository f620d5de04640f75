// Cost of recording one resource: a per-resource SQLite commit (forma) next
// to rewriting the whole JSON state document after each resource (the
// Terraform way), both durable (fsync), for 1k and 10k resources.
//
//   bench_state_commit [--json] [--dir DIR] [--sizes 1000,10000]
//
// Prints state_commit_<n>_ms_p50/p99, state_commit_<n>_bytes_per_resource and
// the same for json_rewrite_<n> and for bare_sqlite_commit_<n> (one durable
// single-row insert: the floor). Bytes are what the process handed to write()
// (/proc/self/io wchar), WAL and checkpoints included.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <vector>

#include <sqlite3.h>

#include "state/store.h"

namespace fs = std::filesystem;
using forma::json;
using forma::Status;
using namespace forma::state;

namespace {

struct Figures {
  double p50_ms = 0, p99_ms = 0, bytes_per_resource = 0;
};

int64_t bytes_written_so_far() {
  std::ifstream io("/proc/self/io");
  std::string key;
  int64_t value = 0;
  while (io >> key >> value)
    if (key == "wchar:") return value;
  return 0;
}

double percentile(std::vector<double> samples, double p) {
  if (samples.empty()) return 0;
  std::sort(samples.begin(), samples.end());
  size_t index = std::min(samples.size() - 1, static_cast<size_t>(p * static_cast<double>(samples.size())));
  return samples[index];
}

// A resource the size of a typical Azure object in state (~700 bytes).
ResourceObject resource(int i) {
  ResourceObject o;
  o.address = "azure_batchai_cluster.c[" + std::to_string(i) + "]";
  o.type = "azure_batchai_cluster";
  o.provider = "provider.azure";
  std::string id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/providers/"
                   "Microsoft.BatchAI/workspaces/ws/clusters/c" + std::to_string(i);
  o.attributes = {{"id", id}, {"name", "c" + std::to_string(i)}, {"vm_size", "Standard_NC6"},
                  {"vm_priority", "lowpriority"}, {"image", "UbuntuDSVM"},
                  {"scale", {{"auto", {{"min_nodes", 0}, {"max_nodes", 4}, {"initial_nodes", 0}}}}},
                  {"user", {{"name", "demoUser"}, {"ssh_public_key", "ssh-rsa " + std::string(200, 'A')}}},
                  {"provisioning_state", "succeeded"}};
  o.dependencies = {"azure_batchai_workspace.ws", "azure_resource_group.rg"};
  return o;
}

double elapsed_ms(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - since).count();
}

// A durable single-row insert with the store's journal settings: the floor.
class BareCommit {
 public:
  explicit BareCommit(const fs::path& file) {
    sqlite3_open(file.c_str(), &db_);
    sqlite3_exec(db_, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT)",
                 nullptr, nullptr, nullptr);
    sqlite3_prepare_v2(db_, "INSERT INTO t (v) VALUES (?)", -1, &insert_, nullptr);
  }
  ~BareCommit() {
    sqlite3_finalize(insert_);
    sqlite3_close(db_);
  }
  void commit(const std::string& value) {
    sqlite3_bind_text(insert_, 1, value.c_str(), static_cast<int>(value.size()), SQLITE_STATIC);
    sqlite3_step(insert_);
    sqlite3_reset(insert_);
  }

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* insert_ = nullptr;
};

struct Series {
  std::vector<double> ms;
  int64_t bytes = 0;

  template <typename Fn>
  void time(Fn&& fn) {
    int64_t bytes_before = bytes_written_so_far();
    auto start = std::chrono::steady_clock::now();
    fn();
    ms.push_back(elapsed_ms(start));
    bytes += bytes_written_so_far() - bytes_before;
  }
  Figures figures(double per) const {
    return {percentile(ms, 0.5), percentile(ms, 0.99), static_cast<double>(bytes) / per};
  }
};

// Store commits and bare commits alternate, so both see the same disk: on a
// shared machine fsync latency swings by an order of magnitude within minutes.
std::pair<Figures, Figures> measure_commits(const fs::path& dir, int n) {
  Status status;
  auto store = Store::open((dir / "forma.state.db").string(), {}, status);
  if (!store) throw std::runtime_error(status.message());
  BareCommit bare(dir / "bare.db");
  std::string bare_value = resource(0).attributes.dump();
  Series forma_series, bare_series;
  for (int i = 0; i < n; ++i) {
    ResourceObject o = resource(i);
    HistoryEntry row{0, "apply", o.address, "create", "", "", "", ""};
    forma_series.time([&] {
      if (Status s = store->put(o, &row); !s) throw std::runtime_error(s.message());
    });
    bare_series.time([&] { bare.commit(bare_value); });
  }
  return {forma_series.figures(n), bare_series.figures(n)};
}

void write_durably(const fs::path& path, const std::string& text) {
  fs::path temp = path.string() + ".tmp";
  int fd = ::open(temp.c_str(), O_CREAT | O_TRUNC | O_WRONLY, 0600);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size()) || ::fsync(fd) != 0)
    throw std::runtime_error("cannot write " + temp.string());
  ::close(fd);
  fs::rename(temp, path);
}

// Rewriting grows with the state, so it is sampled at 200 points across the
// run rather than done n times (10k rewrites of a 10 MB file would take hours).
Figures measure_json_rewrite(const fs::path& dir, int n) {
  json document = {{"version", 4}, {"serial", 0}, {"resources", json::array()}};
  std::vector<double> samples;
  int64_t sampled_bytes = 0;
  const int every = std::max(1, n / 200);
  for (int i = 0; i < n; ++i) {
    ResourceObject o = resource(i);
    document["resources"].push_back({{"address", o.address}, {"type", o.type}, {"provider", o.provider},
                                     {"attributes", o.attributes}, {"dependencies", o.dependencies}});
    if (i % every != every - 1) continue;
    int64_t bytes_before = bytes_written_so_far();
    auto start = std::chrono::steady_clock::now();
    document["serial"] = i;
    write_durably(dir / "terraform.tfstate", document.dump(2));
    samples.push_back(elapsed_ms(start));
    sampled_bytes += bytes_written_so_far() - bytes_before;
  }
  return {percentile(samples, 0.5), percentile(samples, 0.99),
          static_cast<double>(sampled_bytes) / static_cast<double>(samples.size())};
}

std::string label(int n) { return n % 1000 == 0 ? std::to_string(n / 1000) + "k" : std::to_string(n); }

}  // namespace

int main(int argc, char** argv) {
  bool as_json = false;
  fs::path base = fs::current_path();
  std::vector<int> sizes = {1000, 10000};
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    if (arg == "--json") {
      as_json = true;
    } else if (arg == "--dir" && i + 1 < argc) {
      base = argv[++i];
    } else if (arg == "--sizes" && i + 1 < argc) {
      sizes.clear();
      std::stringstream list(argv[++i]);
      for (std::string item; std::getline(list, item, ',');) sizes.push_back(std::stoi(item));
    } else {
      std::cerr << "usage: bench_state_commit [--json] [--dir DIR] [--sizes 1000,10000]\n";
      return 2;
    }
  }
  json report = json::object();
  try {
    for (int n : sizes) {
      std::string pattern = (base / "bench-state-XXXXXX").string();
      if (!mkdtemp(pattern.data())) throw std::runtime_error("cannot create a directory in " + base.string());
      fs::path dir = pattern;
      auto [store, bare] = measure_commits(dir, n);
      Figures rewrite = measure_json_rewrite(dir, n);
      fs::remove_all(dir);
      for (auto [name, f] : {std::pair<std::string, Figures>{"state_commit_", store}, {"json_rewrite_", rewrite},
                                  {"bare_sqlite_commit_", bare}}) {
        report[name + label(n) + "_ms_p50"] = f.p50_ms;
        report[name + label(n) + "_ms_p99"] = f.p99_ms;
        report[name + label(n) + "_bytes_per_resource"] = f.bytes_per_resource;
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "Error: " << e.what() << "\n";
    return 1;
  }
  if (as_json) {
    std::cout << report.dump() << "\n";
  } else {
    for (const auto& [key, value] : report.items()) std::printf("%s %.3f\n", key.c_str(), value.get<double>());
  }
  return 0;
}
