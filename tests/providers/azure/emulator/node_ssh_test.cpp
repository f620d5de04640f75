#include "providers/azure/emulator/node_ssh.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <random>
#include <thread>
#include <vector>

#include "ssh_test_client.h"
#include "tests/pty_support.h"

namespace forma::emulator::testing {
namespace {

namespace fs = std::filesystem;

struct NodeFixture {
  fs::path dir;
  TestKey key, other_key;
  NodeSshSpec spec;
  std::unique_ptr<NodeSshServer> server;

  explicit NodeFixture(const std::string& password = "") {
    std::random_device rd;
    dir = fs::temp_directory_path() / ("forma-node-ssh-test-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(rd()));
    key = TestKey::make(dir / "keys", "id_ed25519");
    other_key = TestKey::make(dir / "keys", "other_ed25519");
    spec.node_id = "tvm-1234567890_1-20260101t000000z";
    spec.address = "127.0.0.1";
    spec.port = 0;
    spec.user = "demo";
    spec.authorized_key = key.public_line;
    spec.password = password;
    spec.home = dir / "home";
    spec.host_key_file = dir / "node" / "ssh_host_ed25519_key";
    spec.environment = {{"AZ_BATCHAI_MOUNT_ROOT", (dir / "home" / "mounts").string()}};
    start();
  }
  ~NodeFixture() {
    server.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void start() {
    server = std::make_unique<NodeSshServer>(spec);
    const Status s = server->start();
    INFO(s.message());
    REQUIRE(s.is_ok());
  }
  std::unique_ptr<TestSshClient> client() const {
    auto c = std::make_unique<TestSshClient>(spec.address, server->port());
    REQUIRE(c->connected());
    return c;
  }
  std::unique_ptr<TestSshClient> logged_in() const {
    auto c = client();
    REQUIRE(c->auth_key("demo", key));
    return c;
  }
};

int count_open_fds() {
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator("/proc/self/fd")) ++n;
  return n;
}

}  // namespace

TEST_CASE("a node's SSH server runs a command for the configured key: output, stderr, exit status 3") {
  NodeFixture node;
  auto c = node.logged_in();
  CHECK(c->host_key_line() == node.server->host_key_openssh());
  const ExecResult r = c->exec("echo out; echo err >&2; exit 3");
  REQUIRE(r.ran);
  CHECK(r.out == "out\n");
  CHECK(r.err == "err\n");
  CHECK(r.exit_status == 3);
}

TEST_CASE("a node's commands run in its home with its user, environment and hostname") {
  NodeFixture node;
  auto c = node.logged_in();
  const ExecResult r = c->exec("pwd; echo $HOME $USER $AZ_BATCHAI_MOUNT_ROOT $FROM_CLIENT; hostname", "",
                               {{"FROM_CLIENT", "hello"}});
  const std::string home = fs::canonical(node.spec.home).string();
  CHECK(r.out == home + "\n" + node.spec.home.string() + " demo " + (node.spec.home / "mounts").string() +
                     " hello\n" + node.spec.node_id + "\n");
  CHECK(r.exit_status == 0);
}

TEST_CASE("a node's SSH server refuses another user, a wrong key and a wrong password") {
  NodeFixture node("Right-Pa55");
  CHECK_FALSE(node.client()->auth_key("root", node.key));
  CHECK_FALSE(node.client()->auth_key("demo", node.other_key));
  CHECK_FALSE(node.client()->auth_password("demo", "Wrong-Pa55"));
  CHECK_FALSE(node.client()->auth_password("root", "Right-Pa55"));
  auto c = node.client();
  REQUIRE(c->auth_password("demo", "Right-Pa55"));
  CHECK(c->exec("echo in").out == "in\n");
}

TEST_CASE("a node without a password refuses password auth") {
  NodeFixture node;
  CHECK_FALSE(node.client()->auth_password("demo", ""));
  CHECK_FALSE(node.client()->auth_password("demo", "anything"));
}

TEST_CASE("a command's stdin comes from the channel and a signal ends it with exit-signal") {
  NodeFixture node;
  auto c = node.logged_in();
  CHECK(c->exec("tr a-z A-Z", "hello\n").out == "HELLO\n");
  const ExecResult killed = c->exec("kill -TERM $$; sleep 5");
  CHECK(killed.exit_signal == "TERM");
}

TEST_CASE("a shell without a pty reads commands from the channel; with a pty it is interactive") {
  NodeFixture node;
  auto c = node.logged_in();
  const ExecResult plain = c->shell("echo from-shell\nexit 4\n", false);
  CHECK(plain.out == "from-shell\n");
  CHECK(plain.exit_status == 4);
  FORMA_REQUIRE_PTY_OR_RETURN();  // the node's pty comes from this machine
  const ExecResult tty = c->shell("test -t 0 && echo is-a-tty; echo $TERM; exit 5\n", true);
  CHECK(tty.out.find("is-a-tty") != std::string::npos);
  CHECK(tty.out.find("xterm") != std::string::npos);
  CHECK(tty.exit_status == 5);
}

TEST_CASE("sftp on a node uploads a file, makes a directory, stats and chmods") {
  NodeFixture node;
  auto c = node.logged_in();
  LIBSSH2_SFTP* sftp = libssh2_sftp_init(c->session());
  REQUIRE(sftp);
  CHECK(libssh2_sftp_mkdir(sftp, "scripts", 0750) == 0);
  LIBSSH2_SFTP_HANDLE* f =
      libssh2_sftp_open(sftp, "scripts/run.sh", LIBSSH2_FXF_WRITE | LIBSSH2_FXF_CREAT | LIBSSH2_FXF_TRUNC, 0644);
  REQUIRE(f);
  const std::string body(200000, 'x');
  size_t sent = 0;
  while (sent < body.size()) {
    const ssize_t n = libssh2_sftp_write(f, body.data() + sent, body.size() - sent);
    REQUIRE(n > 0);
    sent += static_cast<size_t>(n);
  }
  CHECK(libssh2_sftp_close(f) == 0);
  LIBSSH2_SFTP_ATTRIBUTES attrs{};
  attrs.flags = LIBSSH2_SFTP_ATTR_PERMISSIONS;
  attrs.permissions = 0755;
  CHECK(libssh2_sftp_setstat(sftp, "scripts/run.sh", &attrs) == 0);
  LIBSSH2_SFTP_ATTRIBUTES got{};
  REQUIRE(libssh2_sftp_stat(sftp, "scripts/run.sh", &got) == 0);
  CHECK(got.filesize == body.size());
  CHECK((got.permissions & 0777) == 0755);
  CHECK(libssh2_sftp_stat(sftp, "missing", &got) != 0);
  CHECK(libssh2_sftp_last_error(sftp) == LIBSSH2_FX_NO_SUCH_FILE);
  libssh2_sftp_shutdown(sftp);
  CHECK(fs::file_size(node.spec.home / "scripts" / "run.sh") == body.size());
  CHECK(c->exec("wc -c < scripts/run.sh").out == "200000\n");
}

TEST_CASE("a node serves many sessions at once") {
  NodeFixture node;
  std::vector<std::thread> threads;
  std::atomic<int> good{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      TestSshClient c(node.spec.address, node.server->port());
      if (!c.connected() || !c.auth_key("demo", node.key)) return;
      for (int k = 0; k < 3; ++k)
        if (c.exec("echo " + std::to_string(i * 10 + k)).out == std::to_string(i * 10 + k) + "\n") ++good;
    });
  for (auto& t : threads) t.join();
  CHECK(good == 24);
}

TEST_CASE("stopping a node's server ends its sessions and commands and frees every descriptor") {
  const int fds_before = count_open_fds();
  {
    NodeFixture node;
    auto c = node.logged_in();
    LIBSSH2_CHANNEL* ch = libssh2_channel_open_session(c->session());
    REQUIRE(ch);
    REQUIRE(libssh2_channel_exec(ch, "echo $$ > pid; exec sleep 60") == 0);
    REQUIRE(eventually([&] { return fs::exists(node.spec.home / "pid") && fs::file_size(node.spec.home / "pid") > 0; }));
    std::ifstream in(node.spec.home / "pid");
    int pid = 0;
    in >> pid;
    REQUIRE(pid > 0);
    const int port = node.server->port();
    node.server->stop();
    CHECK(::kill(pid, 0) != 0);  // the command is gone and reaped
    TestSshClient after(node.spec.address, port);
    CHECK_FALSE(after.connected());
    CHECK(after.connect_errno() == ECONNREFUSED);
    libssh2_channel_free(ch);
  }
  CHECK(count_open_fds() == fds_before);
}

TEST_CASE("the host key persists: a restarted node presents the same key") {
  NodeFixture node;
  const std::string first = node.server->host_key_openssh();
  CHECK(first.starts_with("ssh-ed25519 AAAA"));
  CHECK(node.server->host_key_fingerprint().starts_with("SHA256:"));
  CHECK((fs::status(node.spec.host_key_file).permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));
  node.server->stop();
  node.start();
  CHECK(node.server->host_key_openssh() == first);
  CHECK(node.logged_in()->host_key_line() == first);
}

TEST_CASE("OpenSSH's ssh and sftp work against a node with strict host key checking") {
  NodeFixture node;
  const fs::path known = node.dir / "known_hosts";
  std::ofstream(known) << "[" << node.spec.address << "]:" << node.server->port() << " "
                       << node.server->host_key_openssh() << "\n";
  const std::vector<std::string> common = {"-o", "UserKnownHostsFile=" + known.string(),
                                           "-o", "StrictHostKeyChecking=yes",
                                           "-o", "BatchMode=yes",
                                           "-o", "ServerAliveInterval=1",
                                           "-F", "/dev/null",
                                           "-i", node.key.private_file.string()};
  std::vector<std::string> ssh = {"/usr/bin/ssh"};
  ssh.insert(ssh.end(), common.begin(), common.end());
  ssh.insert(ssh.end(), {"-p", std::to_string(node.server->port()), "demo@" + node.spec.address, "hostname; exit 3"});
  std::string out;
  CHECK(run_program(ssh, out) == 3);
  CHECK(out == node.spec.node_id + "\n");

  const fs::path batch = node.dir / "batch";
  std::ofstream(batch) << "mkdir up\nput " << node.key.public_file.string() << " up/key.pub\nls up\n";
  std::vector<std::string> sftp = {"/usr/bin/sftp"};
  sftp.insert(sftp.end(), common.begin(), common.end());
  sftp.insert(sftp.end(), {"-P", std::to_string(node.server->port()), "-b", batch.string(), "demo@" + node.spec.address});
  std::string sftp_out;
  CHECK(run_program(sftp, sftp_out) == 0);
  INFO(sftp_out);
  CHECK(fs::exists(node.spec.home / "up" / "key.pub"));

  std::ofstream(known, std::ios::trunc) << "[" << node.spec.address << "]:" << node.server->port()
                                        << " ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n";
  std::string refused;
  CHECK(run_program(ssh, refused) == 255);  // a different host key is refused
}

}  // namespace forma::emulator::testing
