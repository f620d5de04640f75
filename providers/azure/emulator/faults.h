// Fault injection for ARM calls: latency, throttling, server errors, dropped
// connections and failing long-running operations, drawn from a seeded
// generator so a run with the same seed and requests sees the same faults.
#pragma once

#include <cstdint>
#include <mutex>
#include <random>
#include <string_view>

#include "engine/base/status.h"
#include "engine/base/value.h"

namespace forma::emulator {

struct FaultSettings {
  int latency_ms = 0;
  double rate_429 = 0;
  double rate_503 = 0;
  double rate_500 = 0;
  double rate_drop = 0;
  double lro_fail = 0;
};

// "latency=50ms,429=0.10,503=0.05,500=0.01,drop=0.02,lro_fail=0.0"
Status parse_fault_spec(std::string_view spec, FaultSettings& out);
json fault_settings_json(const FaultSettings& settings);
// The admin API's body; fields left out keep their current value.
Status update_fault_settings(const json& body, FaultSettings& settings);

enum class Fault { None, Throttle, Unavailable, InternalError, DropBeforeHandling, DropAfterHandling };

class FaultInjector {
 public:
  FaultInjector(uint64_t seed, FaultSettings settings);
  FaultSettings settings() const;
  void set_settings(const FaultSettings& settings);
  // One draw per ARM request, in arrival order.
  Fault next_request_fault();
  // One draw per long-running operation.
  bool next_operation_fails();

 private:
  mutable std::mutex mutex_;
  FaultSettings settings_;
  std::mt19937_64 request_draws_;
  std::mt19937_64 operation_draws_;
};

}  // namespace forma::emulator
