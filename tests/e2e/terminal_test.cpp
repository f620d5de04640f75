// Live progress as a person sees it: forma runs on a real pseudo-terminal
// (forkpty), and the same apply piped shows only plain lines.
#include <pty.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <chrono>

#include "tests/e2e/harness.h"
#include "tests/pty_support.h"
#include "tests/text_support.h"

using namespace forma::e2e;

namespace {

using forma::testing::contains;

struct TerminalRun {
  int exit_code = -1;
  std::string screen;  // everything written to the terminal, escape codes included
};

// Runs build/bin/forma in `dir` on a new pseudo-terminal of 100 columns.
TerminalRun forma_on_terminal(const Workspace& ws, const std::vector<std::string>& args,
                              const std::vector<std::string>& env = {}) {
  TerminalRun r;
  int master = -1;
  struct winsize size {};
  size.ws_row = 40;
  size.ws_col = 100;
  pid_t pid = forkpty(&master, nullptr, nullptr, &size);
  if (pid < 0) return r;
  if (pid == 0) {
    unsetenv("NO_COLOR");
    exec_forma(ws.dir(), args, env);
  }
  char buf[4096];
  auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (std::chrono::steady_clock::now() < give_up) {
    pollfd p{master, POLLIN, 0};
    if (poll(&p, 1, 1000) < 0) break;
    if (!(p.revents & (POLLIN | POLLHUP))) continue;
    ssize_t n = ::read(master, buf, sizeof buf);
    if (n <= 0) break;  // EIO once the child has exited and closed the terminal
    r.screen.append(buf, static_cast<size_t>(n));
  }
  close(master);
  int status = 0;
  waitpid(pid, &status, 0);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  return r;
}

// Two resources that each take 1.5 s to create, so the status line redraws while they run.
std::string slow_config(const Workspace& ws) {
  return R"({"provider": {"test": {"cloud_db": ")" + ws.path("cloud.db") + R"(", "latency_ms": 1500}},
    "resource": {"test_null": {"a": {"triggers": {"k": "a"}}, "b": {"triggers": {"k": "b"}}}},
    "output": {"a": {"value": "${test_null.a.id}"}}})";
}

}  // namespace

TEST_CASE("on a terminal apply draws a live status line of what is in flight, in colour") {
  FORMA_REQUIRE_PTY_OR_RETURN();
  Workspace ws;
  ws.write("main.forma.json", slow_config(ws));
  auto r = forma_on_terminal(ws, {"apply", "-auto-approve"});
  INFO(r.screen);
  REQUIRE(r.exit_code == 0);
  CHECK(contains(r.screen, "In flight (2): test_null.a (creating"));
  CHECK(contains(r.screen, "\r\x1b[K"));
  CHECK(contains(r.screen, "Creation complete after"));
  CHECK(contains(r.screen, "\x1b[1mtest_null.a:\x1b[0m Creating..."));
  CHECK(contains(r.screen, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed."));
  // The status line is erased before the summary: nothing of it is left on screen.
  auto summary = r.screen.find("Apply complete!");
  CHECK(r.screen.find("In flight", summary) == std::string::npos);
}

TEST_CASE("on a terminal -no-color and NO_COLOR turn colour off but keep the status line") {
  FORMA_REQUIRE_PTY_OR_RETURN();
  Workspace ws;
  ws.write("main.forma.json", slow_config(ws));
  auto plain = forma_on_terminal(ws, {"plan", "-no-color"});
  INFO(plain.screen);
  CHECK(plain.exit_code == 0);
  CHECK_FALSE(contains(plain.screen, "\x1b["));
  auto r = forma_on_terminal(ws, {"apply", "-auto-approve"}, {"NO_COLOR=1"});
  INFO(r.screen);
  REQUIRE(r.exit_code == 0);
  CHECK_FALSE(contains(r.screen, "\x1b[1m"));
  CHECK_FALSE(contains(r.screen, "\x1b[3"));
  CHECK(contains(r.screen, "In flight (2)"));
}

TEST_CASE("piped, apply and destroy print plain progress lines and no escape codes") {
  Workspace ws;
  ws.write("main.forma.json", slow_config(ws));
  auto apply = ws.forma({"apply", "-auto-approve"});
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK_FALSE(contains(apply.out, "\x1b"));
  CHECK_FALSE(contains(apply.out, "In flight"));
  CHECK(contains(apply.out, "\ntest_null.a: Creating...\n"));
  CHECK(contains(apply.out, "\ntest_null.b: Creating...\n"));
  CHECK(contains(apply.out, "test_null.a: Creation complete after "));
  CHECK(contains(apply.out, "Apply complete! Resources: 2 added, 0 changed, 0 destroyed.\n\nOutputs:\n\na = \""));
  auto destroy = ws.forma({"destroy", "-auto-approve"});
  INFO(destroy.out << destroy.err);
  REQUIRE(destroy.exit_code == 0);
  CHECK(contains(destroy.out, "test_null.a: Destroying...\n"));
  CHECK(contains(destroy.out, "test_null.a: Destruction complete after "));
  CHECK(contains(destroy.out, "Destroy complete! Resources: 2 destroyed.\n"));
}
