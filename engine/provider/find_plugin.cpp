#include <unistd.h>

#include <sstream>

#include "engine/provider/provider.h"

namespace forma::provider {

std::string find_plugin(const std::string& name, const std::string& forma_exe_dir,
                        const std::string& working_dir, std::vector<std::string>* searched) {
  std::vector<std::string> dirs;
  if (!forma_exe_dir.empty()) dirs.push_back(forma_exe_dir);
  if (const char* path = std::getenv("FORMA_PLUGIN_PATH")) {
    std::stringstream list(path);
    std::string dir;
    while (std::getline(list, dir, ':'))
      if (!dir.empty()) dirs.push_back(dir);
  }
  dirs.push_back((working_dir.empty() ? std::string(".") : working_dir) + "/.forma/plugins");

  const std::string file = "forma-provider-" + name;
  for (const auto& dir : dirs) {
    std::string candidate = dir + "/" + file;
    if (searched) searched->push_back(candidate);
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
  }
  return "";
}

}  // namespace forma::provider
