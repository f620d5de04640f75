#include "tests/e2e/harness.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <thread>
#include <fstream>
#include <random>
#include <sstream>

namespace forma::e2e {

namespace fs = std::filesystem;

Workspace::Workspace() {
  std::random_device rd;
  dir_ = fs::temp_directory_path() / ("forma-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(dir_);
}

Workspace::~Workspace() {
  std::error_code ec;
  fs::remove_all(dir_, ec);
}

void Workspace::write(const std::string& name, const std::string& text) const {
  fs::create_directories((dir_ / name).parent_path());
  std::ofstream(dir_ / name, std::ios::binary) << text;
}

std::string Workspace::read(const std::string& name) const {
  std::ifstream in(dir_ / name, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool Workspace::exists(const std::string& name) const { return fs::exists(dir_ / name); }

Result Workspace::forma(const std::vector<std::string>& args, const std::string& stdin_text,
                        const std::vector<std::string>& env) const {
  return run(args, stdin_text, env, {}, [] { return true; });
}

Result Workspace::forma_signalled(const std::vector<std::string>& args,
                                  const std::vector<std::pair<int, int>>& signals_at_ms,
                                  const std::function<bool()>& ready, const std::vector<std::string>& env) const {
  return run(args, "", env, signals_at_ms, ready);
}

void exec_forma(const std::filesystem::path& dir, const std::vector<std::string>& args,
                const std::vector<std::string>& env) {
  if (chdir(dir.c_str()) != 0) _exit(127);
  // The Azure provider refuses any address outside 127.0.0.0/8: a test can
  // never reach Azure, even by a configuration mistake.
  putenv(const_cast<char*>("FORMA_NETWORK=loopback"));
  for (const auto& e : env) putenv(const_cast<char*>(e.c_str()));
  std::string exe = std::string(FORMA_BIN_DIR) + "/forma";
  std::vector<char*> argv{const_cast<char*>(exe.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  execv(exe.c_str(), argv.data());
  _exit(127);
}

Result Workspace::run(const std::vector<std::string>& args, const std::string& stdin_text,
                      const std::vector<std::string>& env,
                      const std::vector<std::pair<int, int>>& signals_at_ms,
                      const std::function<bool()>& ready, const std::vector<std::string>& argv) const {
  int in[2], out[2], err[2];
  if (pipe(in) || pipe(out) || pipe(err)) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    if (argv.empty()) exec_forma(dir_, args, env);
    if (chdir(dir_.c_str()) != 0) _exit(127);
    std::vector<char*> c_argv;
    for (const auto& a : argv) c_argv.push_back(const_cast<char*>(a.c_str()));
    c_argv.push_back(nullptr);
    execvp(c_argv[0], c_argv.data());
    _exit(127);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  if (!stdin_text.empty()) (void)!::write(in[1], stdin_text.data(), stdin_text.size());
  close(in[1]);
  Result r;
  std::thread signaller([&] {
    if (signals_at_ms.empty()) return;
    auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (!ready() && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    auto start = std::chrono::steady_clock::now();
    for (auto [sig, at] : signals_at_ms) {
      std::this_thread::sleep_until(start + std::chrono::milliseconds(at));
      kill(pid, sig);
    }
  });
  pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, 120000) <= 0) break;  // a hung forma fails the test rather than the suite
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? r.out : r.err).append(buf, static_cast<size_t>(n));
      }
    }
  }
  for (auto& f : fds)
    if (f.fd >= 0) close(f.fd);
  int status = 0;
  waitpid(pid, &status, 0);
  signaller.join();
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

Result Workspace::program(const std::vector<std::string>& argv) const {
  if (argv.empty()) return {};
  return run({}, "", {}, {}, [] { return true; }, argv);
}

std::vector<std::vector<std::string>> query(const std::string& db_path, const std::string& sql) {
  std::vector<std::vector<std::string>> rows;
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    sqlite3_close(db);
    return rows;
  }
  sqlite3_busy_timeout(db, 5000);
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK) {
    while (sqlite3_step(st) == SQLITE_ROW) {
      std::vector<std::string> row;
      for (int c = 0; c < sqlite3_column_count(st); ++c) {
        auto* t = sqlite3_column_text(st, c);
        row.push_back(t ? reinterpret_cast<const char*>(t) : "");
      }
      rows.push_back(row);
    }
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return rows;
}

int live(const Workspace& ws) {
  return std::stoi(query(ws.path("cloud.db"), "SELECT count(*) FROM objects WHERE deleted_at IS NULL")[0][0]);
}

int max_overlap(const std::vector<double>& starts, double latency) {
  std::vector<std::pair<double, int>> events;
  for (double s : starts) {
    events.push_back({s, 1});
    events.push_back({s + latency, -1});
  }
  std::sort(events.begin(), events.end());  // ends sort before starts at the same instant
  int now = 0, peak = 0;
  for (auto& [t, d] : events) peak = std::max(peak, now += d);
  return peak;
}

std::string make_ssh_key_pair(const Workspace& ws, const std::string& name, const std::string& type) {
  fs::create_directories(fs::path(ws.path(name)).parent_path());
  std::vector<std::string> argv = {"ssh-keygen", "-q", "-t", type, "-N", "", "-C", "forma-e2e", "-f", ws.path(name)};
  if (type == "rsa") argv.insert(argv.begin() + 4, {"-b", "2048", "-m", "PEM"});
  auto made = ws.program(argv);
  return made.exit_code == 0 ? ws.read(name + ".pub") : "";
}

void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

}  // namespace forma::e2e
