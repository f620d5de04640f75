#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/remote/communicator.h"

namespace forma::remote {
namespace {

namespace fs = std::filesystem;

Status upload_file(Session& s, const fs::path& local, const std::string& remote) {
  std::ifstream in(local, std::ios::binary);
  if (!in) return Status::error("cannot read " + local.string());
  std::ostringstream content;
  content << in.rdbuf();
  std::error_code ec;
  auto perms = fs::status(local, ec).permissions();
  int mode = ec ? 0644 : static_cast<int>(perms & fs::perms::mask);
  return s.upload(content.str(), remote, mode);
}

Status upload_tree(Session& s, const fs::path& local, const std::string& remote) {
  if (Status st = s.make_directory(remote); !st) return st;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(local, ec)) {
    std::string target = remote + "/" + entry.path().filename().string();
    Status st = entry.is_directory() ? upload_tree(s, entry.path(), target) : upload_file(s, entry.path(), target);
    if (!st) return st;
  }
  if (ec) return Status::error("cannot list " + local.string() + ": " + ec.message());
  return Status::ok();
}

}  // namespace

Status upload_path(Session& s, const std::string& local_path, const std::string& remote_path) {
  std::error_code ec;
  fs::path local(local_path);
  if (!fs::exists(local, ec)) return Status::error("the file to upload, " + local_path + ", does not exist");
  if (!fs::is_directory(local, ec)) return upload_file(s, local, remote_path);
  bool contents_only = !local_path.empty() && local_path.back() == '/';
  std::string remote = remote_path;
  if (!contents_only) {
    std::string name = local.lexically_normal().filename().string();
    if (name.empty()) name = local.lexically_normal().parent_path().filename().string();
    remote += (remote.empty() || remote.back() == '/' ? "" : "/") + name;
  }
  return upload_tree(s, local, remote);
}

}  // namespace forma::remote
