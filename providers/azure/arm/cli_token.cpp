// Tokens from the az CLI's login. az runs without a shell and its arguments
// hold no secret; its output (the token) comes back over a pipe.
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <vector>

#include "providers/azure/arm/token_sources.h"

extern char** environ;

namespace forma::azure {
namespace {

constexpr int kTimeoutMs = 120000;  // az may refresh its own login over the network

struct Pipe {
  int fd[2] = {-1, -1};
  ~Pipe() {
    for (int f : fd)
      if (f >= 0) close(f);
  }
};

// Reads both pipes until they close or the time is up.
bool drain(int out_fd, int err_fd, std::string& out, std::string& err) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  std::string* sinks[2] = {&out, &err};
  int open_count = 2;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kTimeoutMs);
  while (open_count > 0) {
    auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    if (poll(fds, 2, static_cast<int>(left.count())) < 0 && errno != EINTR) return false;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buffer[4096];
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        sinks[i]->append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        fds[i].fd = -1;
        --open_count;
      }
    }
  }
  return true;
}

// Runs argv[0] with argv, capturing stdout and stderr; the exit code in `code`.
Status run(const std::vector<std::string>& argv, std::string& out, std::string& err, int& code) {
  Pipe out_pipe, err_pipe;
  if (pipe2(out_pipe.fd, O_CLOEXEC) != 0 || pipe2(err_pipe.fd, O_CLOEXEC) != 0) {
    return Status::error(std::string("pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe.fd[1], 1);
  posix_spawn_file_actions_adddup2(&actions, err_pipe.fd[1], 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) return Status::error("could not start " + argv[0] + ": " + std::strerror(rc));
  close(out_pipe.fd[1]);
  close(err_pipe.fd[1]);
  out_pipe.fd[1] = err_pipe.fd[1] = -1;
  bool finished = drain(out_pipe.fd[0], err_pipe.fd[0], out, err);
  if (!finished) kill(pid, SIGKILL);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  if (!finished)
    return Status::error(argv[0] + " did not answer within " + std::to_string(kTimeoutMs / 1000) + "s");
  code = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1;
  return Status::ok();
}

// Older az prints only expiresOn, a local time "2026-12-01 09:00:00.000000".
std::optional<std::chrono::system_clock::time_point> parse_local_time(const std::string& text) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%d %H:%M:%S", &tm);
  if (!end) return std::nullopt;
  tm.tm_isdst = -1;
  time_t t = mktime(&tm);
  if (t == -1) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

std::string last_line(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  size_t at = text.find_last_of('\n');
  return at == std::string::npos ? text : text.substr(at + 1);
}

}  // namespace

Status CliTokenSource::fetch(AccessToken& out) {
  std::vector<std::string> argv = {az_path_,
                                   "account",
                                   "get-access-token",
                                   "--resource",
                                   without_trailing_slash(credentials_.endpoint) + "/",
                                   "--output",
                                   "json"};
  if (!credentials_.tenant_id.empty()) argv.insert(argv.end(), {"--tenant", credentials_.tenant_id});
  std::string stdout_text, stderr_text;
  int code = 0;
  if (Status s = run(argv, stdout_text, stderr_text, code); !s) {
    return Status::error("Could not get an Azure token from the az CLI: " + s.message());
  }
  if (code != 0) {
    return Status::error("Could not get an Azure token from the az CLI (exit " + std::to_string(code) +
                         "): " + last_line(stderr_text) + " (run `az login`?)");
  }
  json body = json::parse(stdout_text, nullptr, false);
  if (!body.is_object() || !body.contains("accessToken") || !body["accessToken"].is_string()) {
    return Status::error("Could not get an Azure token from the az CLI: its answer has no accessToken");
  }
  out.value = body["accessToken"].get<std::string>();
  if (body.contains("expires_on") && body["expires_on"].is_number_integer()) {
    out.expires_at = std::chrono::system_clock::from_time_t(body["expires_on"].get<time_t>());
  } else if (auto at = parse_local_time(body.value("expiresOn", ""))) {
    out.expires_at = *at;
  } else {
    return Status::error("Could not get an Azure token from the az CLI: its answer has no expiresOn");
  }
  return Status::ok();
}

}  // namespace forma::azure
