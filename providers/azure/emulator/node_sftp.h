// The sftp subsystem of a node's SSH server, on libssh's server-side sftp
// (sftp_server_new, sftp_get_client_message, sftp_reply_*): files and
// directories on the node's file system, relative paths from its home.
// Packets are only read once the channel holds them whole, so serving never
// blocks the connection's event loop.
#pragma once

#include <libssh/libssh.h>
#include <libssh/sftp.h>

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

namespace forma::emulator {

class NodeSftpServer {
 public:
  NodeSftpServer(ssh_session session, ssh_channel channel, std::filesystem::path home);
  ~NodeSftpServer();  // closes every open handle
  NodeSftpServer(const NodeSftpServer&) = delete;
  NodeSftpServer& operator=(const NodeSftpServer&) = delete;

  bool ok() const { return sftp_ != nullptr; }
  // What the channel holds unread (from libssh's data callback): counts whole packets.
  void buffered(const char* data, uint32_t len);
  bool pending() const { return whole_packets_ > 0; }
  // Answers every whole packet buffered; false when the session must end.
  bool serve();

 private:
  struct Handle;
  void answer(sftp_client_message msg);
  void read_file(sftp_client_message msg);
  void write_file(sftp_client_message msg);
  void stat_handle(sftp_client_message msg);
  void read_link(sftp_client_message msg);
  void rename_path(sftp_client_message msg);
  void path_operation(sftp_client_message msg, uint8_t type);
  void extended(sftp_client_message msg);
  std::string path_of(const char* name) const;
  Handle* handle_of(sftp_client_message msg);
  void reply_new_handle(sftp_client_message msg, Handle* h);
  void open_file(sftp_client_message msg);
  void open_dir(sftp_client_message msg);
  void read_dir(sftp_client_message msg, Handle& h);
  void close_handle(sftp_client_message msg);
  void stat_path(sftp_client_message msg, bool follow);
  void set_stat(sftp_client_message msg, const std::string& path, int fd);
  void realpath(sftp_client_message msg);

  sftp_session sftp_ = nullptr;
  std::filesystem::path home_;
  bool initialized_ = false;
  int whole_packets_ = 0;
  long recounts_ = 0;
  std::set<Handle*> handles_;
};

}  // namespace forma::emulator
