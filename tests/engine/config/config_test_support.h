// Helpers shared by the config tests: a scratch directory of config files.
#pragma once

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

#include "engine/base/diagnostic.h"

namespace forma::config::testing {

// A fresh directory under the system temp dir, removed when it goes out of scope.
class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("forma-config-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  // Writes `text` to `relative` (creating folders) and returns the full path.
  std::string write(const std::string& relative, const std::string& text) const {
    auto p = path_ / relative;
    std::filesystem::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << text;
    return p.string();
  }
  std::string path() const { return path_.string(); }
  std::string file(const std::string& relative) const { return (path_ / relative).lexically_normal().string(); }

 private:
  std::filesystem::path path_;
};

// All diagnostics, one per line, for failure messages and substring checks.
inline std::string describe(const Diagnostics& diags) {
  std::string out;
  for (const auto& d : diags)
    out += d.range.to_string() + " " + d.json_path + ": " + d.summary + " | " + d.detail + "\n";
  return out;
}

// The first diagnostic whose summary contains `text`, or nullptr.
inline const Diagnostic* find_diag(const Diagnostics& diags, const std::string& text) {
  for (const auto& d : diags)
    if (d.summary.find(text) != std::string::npos) return &d;
  return nullptr;
}

}  // namespace forma::config::testing
