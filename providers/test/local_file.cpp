#include "providers/test/local_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace forma::testprovider {

std::optional<std::string> read_local_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream bytes;
  bytes << in.rdbuf();
  return bytes.str();
}

Status write_local_file(const std::string& path, const std::string& content, const std::string& permission) {
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return Status::error("cannot write " + path + ": " + std::strerror(errno));
    out << content;
    if (!out.flush()) return Status::error("cannot write " + path + ": " + std::strerror(errno));
  }
  mode_t mode = static_cast<mode_t>(std::stoul(permission.empty() ? "0644" : permission, nullptr, 8));
  if (::chmod(path.c_str(), mode) != 0) return Status::error("cannot chmod " + path + ": " + std::strerror(errno));
  return Status::ok();
}

Status remove_local_file(const std::string& path) {
  if (::unlink(path.c_str()) == 0 || errno == ENOENT) return Status::ok();
  return Status::error("cannot remove " + path + ": " + std::strerror(errno));
}

std::string local_file_permission(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) return "";
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(st.st_mode & 07777));
  return buf;
}

bool valid_permission(const std::string& text) {
  if (text.size() != 3 && text.size() != 4) return false;
  for (char c : text)
    if (c < '0' || c > '7') return false;
  return true;
}

}  // namespace forma::testprovider
