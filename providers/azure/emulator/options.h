// Everything that configures one emulator run: where it listens and keeps its
// data, the identities it accepts, timing, faults and quotas.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "engine/base/status.h"
#include "providers/azure/emulator/faults.h"
#include "providers/azure/emulator/quotas.h"

namespace forma::emulator {

inline constexpr const char* kDefaultTenantId = "72f988bf-0000-4000-8000-00000000e001";
inline constexpr const char* kDefaultSubscriptionId = "00000000-0000-4000-8000-00000000f0a1";
inline constexpr const char* kDefaultClientId = "forma-emulator";

struct Options {
  std::string listen_host = "127.0.0.1";
  int port = 0;  // 0: a free port
  std::string data_dir;
  FaultSettings faults;
  uint64_t seed = 1;
  int provisioning_ms = 2000;  // a create's duration; node allocation takes as long again
  std::string client_id;       // empty: FORMA_EMULATOR_CLIENT_ID or kDefaultClientId
  std::string client_secret;   // empty: FORMA_EMULATOR_CLIENT_SECRET or the one persisted in data_dir
  std::string tenant_id = kDefaultTenantId;
  std::string subscription_id = kDefaultSubscriptionId;
  double preempt_rate = 0.05;  // per low-priority node per preemption period
  QuotaSettings quotas;
  int autoscale_period_ms = 30000;  // how often an auto-scale cluster may move
  int preempt_period_ms = 60000;    // the period preempt_rate applies to
  bool node_ssh = true;             // nodes are real SSH servers on loopback
  int node_sync_ms = 100;           // how often node servers are brought in step
  // The clock's reading at start (ms since the epoch), from which it runs at
  // real speed; unset: the system clock. Makes time-of-day schedules testable.
  std::optional<int64_t> clock_start_ms;
};

// "127.0.0.1:8443" -> host and port. Only loopback addresses are accepted:
// the emulator hands out credentials and must not be reachable from outside.
Status parse_listen_address(std::string_view text, std::string& host, int& port);

}  // namespace forma::emulator
