#include "providers/azure/emulator/node_sftp.h"

#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

namespace forma::emulator {

struct NodeSftpServer::Handle {
  int fd = -1;
  DIR* dir = nullptr;
  std::string path;
  ~Handle() {
    if (fd >= 0) ::close(fd);
    if (dir) ::closedir(dir);
  }
};

namespace {

uint32_t be32(const unsigned char* p) {
  return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

void reply_errno(sftp_client_message msg, int error) {
  const uint32_t code = error == ENOENT || error == ENOTDIR ? SSH_FX_NO_SUCH_FILE
                        : error == EACCES || error == EPERM ? SSH_FX_PERMISSION_DENIED
                                                             : SSH_FX_FAILURE;
  sftp_reply_status(msg, code, strerror(error));
}

void reply_ok(sftp_client_message msg) { sftp_reply_status(msg, SSH_FX_OK, "Success"); }

void reply_result(sftp_client_message msg, int rc) { rc == 0 ? reply_ok(msg) : reply_errno(msg, errno); }

sftp_attributes_struct attributes_of(const struct stat& st) {
  sftp_attributes_struct a{};
  a.flags = SSH_FILEXFER_ATTR_SIZE | SSH_FILEXFER_ATTR_UIDGID | SSH_FILEXFER_ATTR_PERMISSIONS |
            SSH_FILEXFER_ATTR_ACMODTIME;
  a.size = static_cast<uint64_t>(st.st_size);
  a.uid = st.st_uid;
  a.gid = st.st_gid;
  a.permissions = st.st_mode;
  a.atime = static_cast<uint32_t>(st.st_atime);
  a.mtime = static_cast<uint32_t>(st.st_mtime);
  return a;
}

// "-rw-r--r-- 1 0 0 12 Jan 1 00:00 name", what `ls -l` in sftp clients shows.
std::string long_name(const std::string& name, const struct stat& st) {
  char mode[11] = "----------";
  if (S_ISDIR(st.st_mode)) mode[0] = 'd';
  if (S_ISLNK(st.st_mode)) mode[0] = 'l';
  const char* rwx = "rwxrwxrwx";
  for (int i = 0; i < 9; ++i)
    if (st.st_mode & (0400 >> i)) mode[i + 1] = rwx[i];
  char time[32];
  struct tm tm {};
  localtime_r(&st.st_mtime, &tm);
  strftime(time, sizeof time, "%b %e %H:%M", &tm);
  return std::string(mode) + " 1 " + std::to_string(st.st_uid) + " " + std::to_string(st.st_gid) + " " +
         std::to_string(st.st_size) + " " + time + " " + name;
}

int open_flags(uint32_t f) {
  int flags = (f & SSH_FXF_READ) && (f & SSH_FXF_WRITE) ? O_RDWR : (f & SSH_FXF_WRITE) ? O_WRONLY : O_RDONLY;
  if (f & SSH_FXF_APPEND) flags |= O_APPEND;
  if (f & SSH_FXF_CREAT) flags |= O_CREAT;
  if (f & SSH_FXF_TRUNC) flags |= O_TRUNC;
  if (f & SSH_FXF_EXCL) flags |= O_EXCL;
  return flags | O_CLOEXEC;
}

}  // namespace

NodeSftpServer::NodeSftpServer(ssh_session session, ssh_channel channel, std::filesystem::path home)
    : sftp_(sftp_server_new(session, channel)), home_(std::move(home)) {}

NodeSftpServer::~NodeSftpServer() {
  for (Handle* h : handles_) delete h;
  if (sftp_) sftp_server_free(sftp_);
}

void NodeSftpServer::buffered(const char* data, uint32_t len) {
  const auto* p = reinterpret_cast<const unsigned char*>(data);
  int whole = 0;
  for (uint64_t at = 0; at + 4 <= len;) {
    const uint64_t end = at + 4 + be32(p + at);
    if (end > len) break;
    ++whole;
    at = end;
  }
  whole_packets_ = whole;
  ++recounts_;
}

bool NodeSftpServer::serve() {
  while (whole_packets_ > 0) {
    const long recounts = recounts_;
    if (!initialized_) {
      if (sftp_server_init(sftp_) != 0) return false;
      initialized_ = true;
    } else {
      sftp_client_message msg = sftp_get_client_message(sftp_);
      if (!msg) return false;
      answer(msg);
      sftp_client_message_free(msg);
    }
    // A recount while answering (a write waited for the window) already left this packet out.
    if (recounts == recounts_) --whole_packets_;
  }
  return true;
}

std::string NodeSftpServer::path_of(const char* name) const {
  const std::string n = name ? name : "";
  if (n.empty()) return home_.string();
  if (n.front() == '/') return n;
  return (home_ / n).string();
}

NodeSftpServer::Handle* NodeSftpServer::handle_of(sftp_client_message msg) {
  auto* h = static_cast<Handle*>(sftp_handle(sftp_, msg->handle));
  if (!h || !handles_.count(h)) {
    sftp_reply_status(msg, SSH_FX_INVALID_HANDLE, "Invalid handle");
    return nullptr;
  }
  return h;
}

void NodeSftpServer::reply_new_handle(sftp_client_message msg, Handle* h) {
  ssh_string id = sftp_handle_alloc(sftp_, h);
  if (!id) {
    delete h;
    return (void)sftp_reply_status(msg, SSH_FX_FAILURE, "Too many open files");
  }
  handles_.insert(h);
  sftp_reply_handle(msg, id);
  ssh_string_free(id);
}

void NodeSftpServer::open_file(sftp_client_message msg) {
  const std::string path = path_of(msg->filename);
  mode_t mode = 0644;
  if (msg->attr && (msg->attr->flags & SSH_FILEXFER_ATTR_PERMISSIONS)) mode = msg->attr->permissions & 07777;
  const int fd = ::open(path.c_str(), open_flags(msg->flags), mode);
  if (fd < 0) return reply_errno(msg, errno);
  reply_new_handle(msg, new Handle{fd, nullptr, path});
}

void NodeSftpServer::open_dir(sftp_client_message msg) {
  const std::string path = path_of(msg->filename);
  DIR* dir = ::opendir(path.c_str());
  if (!dir) return reply_errno(msg, errno);
  reply_new_handle(msg, new Handle{-1, dir, path});
}

void NodeSftpServer::read_dir(sftp_client_message msg, Handle& h) {
  int count = 0;
  while (count < 100) {
    errno = 0;
    const dirent* entry = ::readdir(h.dir);
    if (!entry) break;
    struct stat st {};
    if (::lstat((h.path + "/" + entry->d_name).c_str(), &st) != 0) continue;
    sftp_attributes_struct a = attributes_of(st);
    sftp_reply_names_add(msg, entry->d_name, long_name(entry->d_name, st).c_str(), &a);
    ++count;
  }
  if (count == 0) return (void)sftp_reply_status(msg, SSH_FX_EOF, "End of directory");
  sftp_reply_names(msg);
}

void NodeSftpServer::close_handle(sftp_client_message msg) {
  Handle* h = handle_of(msg);
  if (!h) return;
  sftp_handle_remove(sftp_, h);
  handles_.erase(h);
  const int fd = h->fd;
  h->fd = -1;
  delete h;
  if (fd >= 0 && ::close(fd) != 0) return reply_errno(msg, errno);
  reply_ok(msg);
}

void NodeSftpServer::stat_path(sftp_client_message msg, bool follow) {
  struct stat st {};
  const std::string path = path_of(msg->filename);
  if ((follow ? ::stat(path.c_str(), &st) : ::lstat(path.c_str(), &st)) != 0) return reply_errno(msg, errno);
  sftp_attributes_struct a = attributes_of(st);
  sftp_reply_attr(msg, &a);
}

void NodeSftpServer::set_stat(sftp_client_message msg, const std::string& path, int fd) {
  const sftp_attributes a = msg->attr;
  if (!a) return reply_ok(msg);
  if ((a->flags & SSH_FILEXFER_ATTR_SIZE) &&
      (fd >= 0 ? ::ftruncate(fd, static_cast<off_t>(a->size)) : ::truncate(path.c_str(), static_cast<off_t>(a->size))) != 0)
    return reply_errno(msg, errno);
  if ((a->flags & SSH_FILEXFER_ATTR_PERMISSIONS) &&
      (fd >= 0 ? ::fchmod(fd, a->permissions & 07777) : ::chmod(path.c_str(), a->permissions & 07777)) != 0)
    return reply_errno(msg, errno);
  if (a->flags & SSH_FILEXFER_ATTR_ACMODTIME) {
    const timeval times[2] = {{static_cast<time_t>(a->atime), 0}, {static_cast<time_t>(a->mtime), 0}};
    if ((fd >= 0 ? ::futimes(fd, times) : ::utimes(path.c_str(), times)) != 0) return reply_errno(msg, errno);
  }
  reply_ok(msg);  // owner changes are accepted and ignored: every file belongs to the node's user
}

void NodeSftpServer::realpath(sftp_client_message msg) {
  const std::string path = path_of(msg->filename);
  char resolved[PATH_MAX];
  const std::string answer =
      ::realpath(path.c_str(), resolved) ? resolved : std::filesystem::path(path).lexically_normal().string();
  sftp_attributes_struct a{};
  sftp_reply_name(msg, answer.c_str(), &a);
}

void NodeSftpServer::read_file(sftp_client_message msg) {
  Handle* h = handle_of(msg);
  if (!h) return;
  std::vector<char> buffer(std::min<uint32_t>(msg->len, 256 * 1024));
  const ssize_t n = ::pread(h->fd, buffer.data(), buffer.size(), static_cast<off_t>(msg->offset));
  if (n < 0) return reply_errno(msg, errno);
  if (n == 0) return (void)sftp_reply_status(msg, SSH_FX_EOF, "End of file");
  sftp_reply_data(msg, buffer.data(), static_cast<int>(n));
}

void NodeSftpServer::write_file(sftp_client_message msg) {
  Handle* h = handle_of(msg);
  if (!h) return;
  const auto* data = static_cast<const char*>(ssh_string_data(msg->data));
  const size_t len = ssh_string_len(msg->data);
  size_t done = 0;
  while (done < len) {
    const ssize_t n = ::pwrite(h->fd, data + done, len - done, static_cast<off_t>(msg->offset + done));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return reply_errno(msg, n < 0 ? errno : EIO);
    done += static_cast<size_t>(n);
  }
  reply_ok(msg);
}

void NodeSftpServer::stat_handle(sftp_client_message msg) {
  Handle* h = handle_of(msg);
  if (!h) return;
  struct stat st {};
  if ((h->fd >= 0 ? ::fstat(h->fd, &st) : ::stat(h->path.c_str(), &st)) != 0) return reply_errno(msg, errno);
  sftp_attributes_struct a = attributes_of(st);
  sftp_reply_attr(msg, &a);
}

void NodeSftpServer::read_link(sftp_client_message msg) {
  char target[PATH_MAX];
  const ssize_t n = ::readlink(path_of(msg->filename).c_str(), target, sizeof target - 1);
  if (n < 0) return reply_errno(msg, errno);
  target[n] = '\0';
  sftp_attributes_struct a{};
  sftp_reply_name(msg, target, &a);
}

void NodeSftpServer::rename_path(sftp_client_message msg) {
  const std::string from = path_of(msg->filename), to = path_of(sftp_client_message_get_data(msg));
  reply_result(msg, ::rename(from.c_str(), to.c_str()));
}

// The operations that take paths and answer a status.
void NodeSftpServer::path_operation(sftp_client_message msg, uint8_t type) {
  const std::string path = path_of(msg->filename);
  if (type == SSH_FXP_MKDIR) {
    mode_t mode = 0755;
    if (msg->attr && (msg->attr->flags & SSH_FILEXFER_ATTR_PERMISSIONS)) mode = msg->attr->permissions & 07777;
    return reply_result(msg, ::mkdir(path.c_str(), mode));
  }
  if (type == SSH_FXP_RMDIR) return reply_result(msg, ::rmdir(path.c_str()));
  if (type == SSH_FXP_REMOVE) return reply_result(msg, ::unlink(path.c_str()));
  if (type == SSH_FXP_RENAME) return rename_path(msg);
  if (type == SSH_FXP_SYMLINK) {  // OpenSSH's order: the target first, then the link
    const char* target = msg->filename ? msg->filename : "";
    return reply_result(msg, ::symlink(target, path_of(sftp_client_message_get_data(msg)).c_str()));
  }
}

void NodeSftpServer::extended(sftp_client_message msg) {
  const char* what = sftp_client_message_get_submessage(msg);
  if (what && std::string(what) == "posix-rename@openssh.com") return rename_path(msg);
  sftp_reply_status(msg, SSH_FX_OP_UNSUPPORTED, "Unsupported extension");
}

void NodeSftpServer::answer(sftp_client_message msg) {
  const uint8_t type = sftp_client_message_get_type(msg);
  switch (type) {
    case SSH_FXP_OPEN: return open_file(msg);
    case SSH_FXP_OPENDIR: return open_dir(msg);
    case SSH_FXP_CLOSE: return close_handle(msg);
    case SSH_FXP_READ: return read_file(msg);
    case SSH_FXP_WRITE: return write_file(msg);
    case SSH_FXP_READDIR: {
      Handle* h = handle_of(msg);
      if (h && h->dir) return read_dir(msg, *h);
      if (h) sftp_reply_status(msg, SSH_FX_FAILURE, "Not a directory handle");
      return;
    }
    case SSH_FXP_STAT: return stat_path(msg, true);
    case SSH_FXP_LSTAT: return stat_path(msg, false);
    case SSH_FXP_FSTAT: return stat_handle(msg);
    case SSH_FXP_SETSTAT: return set_stat(msg, path_of(msg->filename), -1);
    case SSH_FXP_FSETSTAT:
      if (Handle* h = handle_of(msg)) set_stat(msg, h->path, h->fd);
      return;
    case SSH_FXP_MKDIR:
    case SSH_FXP_RMDIR:
    case SSH_FXP_REMOVE:
    case SSH_FXP_RENAME:
    case SSH_FXP_SYMLINK: return path_operation(msg, type);
    case SSH_FXP_REALPATH: return realpath(msg);
    case SSH_FXP_READLINK: return read_link(msg);
    case SSH_FXP_EXTENDED: return extended(msg);
    default: sftp_reply_status(msg, SSH_FX_OP_UNSUPPORTED, "Unsupported request");
  }
}

}  // namespace forma::emulator
