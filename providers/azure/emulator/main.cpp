// forma-azure-emulator: flags, the ready line, and a clean stop on SIGTERM/SIGINT.
#include <signal.h>

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "providers/azure/emulator/autoscale.h"
#include "providers/azure/emulator/server.h"

namespace {

using forma::Status;
using forma::emulator::Options;

int fail(const std::string& message) {
  std::cerr << "forma-azure-emulator: " << message << "\n";
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"A local Azure Resource Manager for forma's Azure provider, examples and tests."};
  Options options;
  std::string listen = "127.0.0.1:0", faults, quotas, clock_start;
  app.add_option("--listen", listen, "HOST:PORT on loopback; port 0 picks a free one");
  app.add_option("--data", options.data_dir, "directory for certificates, credentials and state")->required();
  app.add_option("--faults", faults, "e.g. latency=50ms,429=0.10,503=0.05,500=0.01,drop=0.02,lro_fail=0.0");
  app.add_option("--seed", options.seed, "seed of every random draw (faults, autoscale, preemption)");
  app.add_option("--provisioning-ms", options.provisioning_ms, "how long creates take")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--client-id", options.client_id, "client id to accept (default forma-emulator)");
  app.add_option("--client-secret", options.client_secret,
                 "client secret to accept (default: generated once)");
  app.add_option("--tenant-id", options.tenant_id, "tenant id");
  app.add_option("--subscription-id", options.subscription_id, "subscription id");
  app.add_option("--preempt-rate", options.preempt_rate,
                 "chance per low-priority node per minute to be preempted")
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--quota", quotas, "core quotas, e.g. standardNCFamily=24,lowPriority=48");
  app.add_option("--autoscale-period-ms", options.autoscale_period_ms,
                 "how often auto-scale clusters may move")
      ->check(CLI::PositiveNumber);
  app.add_option("--preempt-period-ms", options.preempt_period_ms, "the period --preempt-rate applies to")
      ->check(CLI::PositiveNumber);
  app.add_option("--node-ssh", options.node_ssh,
                 "cluster nodes are SSH servers on 127.10.x.y:50000+ (true) or only simulated (false)");
  app.add_option("--node-sync-ms", options.node_sync_ms, "how often node SSH servers follow the simulation")
      ->check(CLI::PositiveNumber);
  app.add_option("--clock-start", clock_start,
                 "the clock reads this UTC time at start (e.g. 2026-01-05T12:00:00Z), then runs at real speed; "
                 "default: the system clock");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  if (Status s = forma::emulator::parse_listen_address(listen, options.listen_host, options.port); !s)
    return fail(s.message());
  if (Status s = forma::emulator::parse_fault_spec(faults, options.faults); !s) return fail(s.message());
  if (Status s = forma::emulator::parse_quota_spec(quotas, options.quotas); !s) return fail(s.message());
  if (!clock_start.empty()) {
    options.clock_start_ms = forma::emulator::parse_iso_time(clock_start);
    if (!options.clock_start_ms)
      return fail("--clock-start \"" + clock_start + "\" is not a UTC time such as 2026-01-05T12:00:00Z");
  }

  // Every thread started from here on inherits the blocked signals; main waits for them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  forma::emulator::Emulator emulator;
  if (Status s = emulator.start(options); !s) return fail(s.message());
  std::printf("ready %s ca=%s\n", emulator.endpoint().c_str(), emulator.ca_file().c_str());
  std::fflush(stdout);
  int received = 0;
  sigwait(&stop_signals, &received);
  emulator.stop();
  return 0;
}
