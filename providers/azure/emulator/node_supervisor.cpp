#include "providers/azure/emulator/node_supervisor.h"

#include <sys/wait.h>

#include <fstream>
#include <mutex>

#include "providers/azure/emulator/node_process.h"

namespace forma::emulator {
namespace {

namespace fs = std::filesystem;

fs::path state_file(const DesiredNode& n) { return n.ssh.home / ".forma" / "setup-state"; }

std::string read_state(const DesiredNode& n) {
  std::ifstream in(state_file(n));
  std::string s;
  in >> s;
  return s;
}

void write_state(const DesiredNode& n, const std::string& state) {
  std::error_code ec;
  fs::create_directories(state_file(n).parent_path(), ec);
  std::ofstream(state_file(n), std::ios::trunc) << state << "\n";
}

// mount_root/relative_path -> the shared directory, made if missing.
std::string link_mounts(const DesiredNode& n) {
  std::error_code ec;
  fs::create_directories(n.mount_root, ec);
  for (const NodeMount& m : n.mounts) {
    const fs::path link = n.mount_root / m.relative_path;
    fs::create_directories(m.directory, ec);
    if (ec) return "cannot create the shared directory " + m.directory.string();
    fs::create_directories(link.parent_path(), ec);
    if (fs::is_symlink(fs::symlink_status(link, ec)) && fs::read_symlink(link, ec) == m.directory) continue;
    fs::remove(link, ec);
    fs::create_directory_symlink(m.directory, link, ec);
    if (ec) return "cannot mount " + m.directory.string() + " at " + link.string() + ": " + ec.message();
  }
  return "";
}

}  // namespace

struct NodeSupervisor::Node {
  DesiredNode want;
  std::unique_ptr<NodeSshServer> server;
  std::unique_ptr<NodeProcess> setup;
  std::string state, error;
};

struct NodeSupervisor::Impl {
  std::map<std::string, std::unique_ptr<Node>> nodes;
  mutable std::mutex mutex;
  std::vector<NodeStatus> snapshot;

  void start(Node& n);
  void start_server(Node& n);
  void start_setup(Node& n);
  void advance_setup(Node& n);
  void publish();
};

void NodeSupervisor::Impl::start_server(Node& n) {
  auto server = std::make_unique<NodeSshServer>(n.want.ssh);
  const Status s = server->start();
  n.error = s ? "" : s.message();
  if (s) n.server = std::move(server);
}

void NodeSupervisor::Impl::start_setup(Node& n) {
  const NodeSetupTask& task = *n.want.setup;
  std::error_code ec;
  fs::create_directories(task.output_dir, ec);
  ProcessSpec p;
  p.argv = {fs::exists("/bin/bash") ? "/bin/bash" : "/bin/sh", "-c", task.command_line};
  p.cwd = n.want.ssh.home;
  p.environment = node_environment(n.want.ssh);
  for (const auto& [k, v] : task.environment) p.environment[k] = v;
  p.stdout_file = task.output_dir / "stdout.txt";
  p.stderr_file = task.output_dir / "stderr.txt";
  n.setup = std::make_unique<NodeProcess>();
  if (Status s = n.setup->start(p); !s) {
    n.setup.reset();
    n.error = "the setup task cannot start: " + s.message();
    n.state = "unusable";
    write_state(n.want, n.state);
    return;
  }
  n.state = "preparing";
  write_state(n.want, n.state);
}

void NodeSupervisor::Impl::start(Node& n) {
  std::error_code ec;
  fs::create_directories(n.want.ssh.home, ec);
  for (const fs::path& d : n.want.directories) fs::create_directories(d, ec);
  const std::string mount_error = link_mounts(n.want);
  start_server(n);
  if (!mount_error.empty()) n.error = mount_error;
  const std::string saved = read_state(n.want);
  if (saved == "idle" || saved == "unusable") {
    n.state = saved;  // a node that was set up before the emulator restarted
  } else if (!mount_error.empty()) {
    n.state = "unusable";
  } else if (n.want.setup) {
    start_setup(n);
  } else {
    n.state = "idle";
    write_state(n.want, n.state);
  }
}

void NodeSupervisor::Impl::advance_setup(Node& n) {
  if (!n.setup || !n.setup->poll_exit()) return;
  const int status = n.setup->wait_status();
  const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
  n.state = ok ? "idle" : "unusable";
  if (!ok)
    n.error = "the setup task failed with " + (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                                                  : "signal " + signal_name(WTERMSIG(status)));
  write_state(n.want, n.state);
  n.setup.reset();
}

void NodeSupervisor::Impl::publish() {
  std::vector<NodeStatus> out;
  for (const auto& [key, n] : nodes) {
    NodeStatus s;
    s.key = key;
    s.owner_id = n->want.owner_id;
    s.node_id = n->want.ssh.node_id;
    s.address = n->want.ssh.address;
    s.index = n->want.index;
    s.port = n->server ? n->server->port() : n->want.ssh.port;
    s.state = n->state;
    s.error = n->error;
    s.home = n->want.ssh.home;
    if (n->server) {
      s.host_key = n->server->host_key_openssh();
      s.host_key_fingerprint = n->server->host_key_fingerprint();
    } else {
      (void)ensure_host_key(n->want.ssh.host_key_file, s.host_key, s.host_key_fingerprint);
    }
    out.push_back(std::move(s));
  }
  std::lock_guard lock(mutex);
  snapshot = std::move(out);
}

NodeSupervisor::NodeSupervisor() : impl_(std::make_unique<Impl>()) {}
NodeSupervisor::~NodeSupervisor() { stop_all(); }

void NodeSupervisor::reconcile(const std::vector<DesiredNode>& desired) {
  std::map<std::string, const DesiredNode*> wanted;
  for (const DesiredNode& d : desired) wanted[d.key] = &d;
  bool changed = false;
  for (auto it = impl_->nodes.begin(); it != impl_->nodes.end();) {
    if (wanted.count(it->first)) {
      ++it;
      continue;
    }
    const fs::path home = it->second->want.ssh.home;
    it = impl_->nodes.erase(it);  // stops its server and setup task
    std::error_code ec;
    fs::remove_all(home, ec);  // the VM is gone: a node that comes back is a new one
    changed = true;
  }
  for (const auto& [key, d] : wanted) {
    auto& slot = impl_->nodes[key];
    if (!slot) {
      slot = std::make_unique<Node>();
      slot->want = *d;
      impl_->start(*slot);
      changed = true;
    } else if (!slot->server && slot->error.find("cannot listen") != std::string::npos) {
      impl_->start_server(*slot);  // the address was taken: try again
      changed = changed || slot->server != nullptr;
    }
    const std::string before = slot->state;
    impl_->advance_setup(*slot);
    changed = changed || slot->state != before;
  }
  if (changed) impl_->publish();
}

void NodeSupervisor::stop_all() {
  impl_->nodes.clear();
  impl_->publish();
}

std::vector<NodeStatus> NodeSupervisor::status() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->snapshot;
}

std::map<std::string, std::string> NodeSupervisor::states() const {
  std::map<std::string, std::string> out;
  std::lock_guard lock(impl_->mutex);
  for (const NodeStatus& s : impl_->snapshot) out[s.key] = s.state;
  return out;
}

}  // namespace forma::emulator
