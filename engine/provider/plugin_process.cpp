// PluginProcess: a plugin executable behind pipes. One reader thread turns the
// plugin's stdout into answers (RpcSession); callers write under a mutex and
// wait for their own answer, so many calls are in flight at once.
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <thread>

#include "engine/base/text.h"
#include "engine/provider/child_process.h"
#include "engine/provider/line_buffer.h"
#include "engine/provider/provider.h"
#include "engine/provider/rpc_session.h"

namespace forma::provider {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

struct PluginProcess::Impl {
  Impl(std::string name, PluginOptions opts) : session(std::move(name)), options(std::move(opts)) {}

  RpcSession session;
  PluginOptions options;
  ChildProcess child;
  json handshake;
  std::vector<std::string> capabilities;  // from the handshake, asked once per planned instance
  std::mutex write_mu;
  std::thread reader;

  std::mutex exit_mu;
  std::condition_variable exit_cv;
  bool exited = false;
  int wait_status = 0;
  std::atomic<bool> stopping{false};

  CallResult call(const std::string& method, const json& params, int timeout_ms);
  void read_loop();
  bool read_available(LineBuffer& buffer, bool& eof);
  bool reap();
  void wait_for_exit(Clock::time_point deadline);
  std::string exit_description();
  void shut_down();
};

CallResult PluginProcess::Impl::call(const std::string& method, const json& params, int timeout_ms) {
  CallResult failed;
  int64_t id = 0;
  std::optional<std::string> line = session.begin_call(method, params, id, failed);
  if (!line) return failed;
  Status written;
  {
    std::lock_guard<std::mutex> lock(write_mu);
    written = child.stdin_fd >= 0 ? write_all(child.stdin_fd, *line) : Status::error("input closed");
  }
  if (!written) return session.abandon_unsent(id, method, written.message(), milliseconds(2000));
  return session.wait_for_answer(id, method, milliseconds(timeout_ms));
}

// Reaps the child if it has exited; true once it has.
bool PluginProcess::Impl::reap() {
  std::lock_guard<std::mutex> lock(exit_mu);
  if (exited) return true;
  int status = 0;
  pid_t r = ::waitpid(child.pid, &status, WNOHANG);
  if (r == 0 || (r < 0 && errno == EINTR)) return false;
  exited = true;
  wait_status = r == child.pid ? status : 0;
  exit_cv.notify_all();
  return true;
}

std::string PluginProcess::Impl::exit_description() {
  std::lock_guard<std::mutex> lock(exit_mu);
  return describe_wait_status(wait_status);
}

void PluginProcess::Impl::wait_for_exit(Clock::time_point deadline) {
  while (!reap() && Clock::now() < deadline) std::this_thread::sleep_for(milliseconds(10));
}

// Reads what the plugin has written so far; false when nothing arrived within the poll interval.
bool PluginProcess::Impl::read_available(LineBuffer& buffer, bool& eof) {
  pollfd p{child.stdout_fd, POLLIN, 0};
  if (::poll(&p, 1, 50) <= 0) return false;
  char chunk[65536];
  ssize_t n = ::read(child.stdout_fd, chunk, sizeof chunk);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
  if (n <= 0) {
    eof = true;
    return false;
  }
  buffer.append(std::string_view(chunk, static_cast<size_t>(n)));
  while (auto line = buffer.next_line()) session.on_line(*line);
  if (buffer.overflowed()) {
    session.fail({"sent a line longer than " + std::to_string(options.max_line_bytes) + " bytes",
                  quote_excerpt(buffer.peek())});
    buffer = LineBuffer(options.max_line_bytes);  // the rest is drained, never held
  }
  return true;
}

// Runs until the child has exited and its output is drained. Any end of the
// conversation that shut_down() did not ask for fails the session with the reason.
void PluginProcess::Impl::read_loop() {
  LineBuffer buffer(options.max_line_bytes);
  bool eof = false;
  while (true) {
    bool got_data = false;
    if (!eof) {
      got_data = read_available(buffer, eof);
    } else {
      std::this_thread::sleep_for(milliseconds(20));
    }
    bool exited = reap();
    if (eof && !exited) {
      wait_for_exit(Clock::now() + milliseconds(1000));  // so the message can say how it ended
      exited = reap();
    }
    // After exit, output still in the pipe is read first: it may hold answers.
    bool finished = eof || (exited && !got_data);
    if (finished && !stopping)
      session.fail({exited ? "exited unexpectedly (" + exit_description() + ")" : "closed its output", ""});
    if (exited && finished) return;
  }
}

void PluginProcess::Impl::shut_down() {
  auto deadline = Clock::now() + milliseconds(2000);
  if (!session.has_failed()) {
    stopping = true;
    call("stop", json::object(), 2000);
  }
  stopping = true;
  {
    std::lock_guard<std::mutex> lock(write_mu);
    if (child.stdin_fd >= 0) ::close(child.stdin_fd);
    child.stdin_fd = -1;
  }
  // A plugin that broke the protocol gets no grace period.
  if (!session.has_failed()) wait_for_exit(deadline);
  if (!reap()) ::kill(child.pid, SIGKILL);
  if (reader.joinable()) reader.join();
  ::close(child.stdout_fd);
}

std::unique_ptr<PluginProcess> PluginProcess::start(const std::string& name, const std::string& executable,
                                                    const PluginOptions& options, std::string& error) {
  ignore_sigpipe();
  auto impl = std::make_unique<Impl>(name, options);
  Status spawned = spawn_child(executable, {options.env, options.log_path}, impl->child);
  if (!spawned) {
    error = "provider " + quote(name) + ": " + spawned.message();
    return nullptr;
  }
  Impl* raw = impl.get();
  impl->reader = std::thread([raw] { raw->read_loop(); });
  std::unique_ptr<PluginProcess> plugin(new PluginProcess(std::move(impl)));

  CallResult hello = raw->call("handshake", {{"protocol_version", kProtocolVersion}}, options.start_timeout_ms);
  if (!hello.ok) {
    error = hello.error;
    raw->session.fail({"failed its handshake", ""});
    return nullptr;
  }
  json version = hello.result.is_object() ? hello.result.value("protocol_version", json()) : json();
  if (version != json(kProtocolVersion)) {
    error = "provider " + quote(name) + " speaks protocol version " +
            (version.is_null() ? std::string("(none)") : version.dump()) + " but forma speaks version " +
            std::to_string(kProtocolVersion);
    return nullptr;
  }
  raw->handshake = hello.result;
  if (auto declared = hello.result.find("capabilities"); declared != hello.result.end() && declared->is_array())
    for (const auto& c : *declared)
      if (c.is_string()) raw->capabilities.push_back(c.get<std::string>());
  return plugin;
}

PluginProcess::PluginProcess(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

PluginProcess::~PluginProcess() {
  if (impl_) impl_->shut_down();
}

const std::string& PluginProcess::name() const { return impl_->session.name(); }

CallResult PluginProcess::call(const std::string& method, const json& params) {
  return impl_->call(method, params, impl_->options.call_timeout_ms);
}

CallResult PluginProcess::call_within(const std::string& method, const json& params, int timeout_ms) {
  return impl_->call(method, params, timeout_ms);
}

const json& PluginProcess::handshake() const { return impl_->handshake; }

bool PluginProcess::has_capability(const std::string& name) const {
  const auto& declared = impl_->capabilities;
  return std::find(declared.begin(), declared.end(), name) != declared.end();
}

}  // namespace forma::provider
