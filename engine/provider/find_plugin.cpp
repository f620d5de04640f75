#include <unistd.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "engine/provider/provider.h"

namespace forma::provider {

namespace {

std::vector<std::string> plugin_dirs(const std::string& forma_exe_dir, const std::string& working_dir) {
  std::vector<std::string> dirs;
  if (!forma_exe_dir.empty()) dirs.push_back(forma_exe_dir);
  if (const char* path = std::getenv("FORMA_PLUGIN_PATH")) {
    std::stringstream list(path);
    std::string dir;
    while (std::getline(list, dir, ':'))
      if (!dir.empty()) dirs.push_back(dir);
  }
  dirs.push_back((working_dir.empty() ? std::string(".") : working_dir) + "/.forma/plugins");
  return dirs;
}

}  // namespace

std::vector<std::string> list_plugins(const std::string& forma_exe_dir, const std::string& working_dir) {
  std::set<std::string> names;
  const std::string prefix = "forma-provider-";
  for (const auto& dir : plugin_dirs(forma_exe_dir, working_dir)) {
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
      std::string file = e.path().filename().string();
      if (file.rfind(prefix, 0) == 0 && file.size() > prefix.size() && ::access(e.path().c_str(), X_OK) == 0 &&
          !e.is_directory())
        names.insert(file.substr(prefix.size()));
    }
  }
  return {names.begin(), names.end()};
}

std::string find_plugin(const std::string& name, const std::string& forma_exe_dir,
                        const std::string& working_dir, std::vector<std::string>* searched) {
  std::vector<std::string> dirs = plugin_dirs(forma_exe_dir, working_dir);
  const std::string file = "forma-provider-" + name;
  for (const auto& dir : dirs) {
    std::string candidate = dir + "/" + file;
    if (searched) searched->push_back(candidate);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace forma::provider
