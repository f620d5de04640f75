// The emulated Azure subscription every handler works on: its settings,
// durable state, fault injector, quotas and clock. One mutex guards the
// state; the HTTP layer takes it around each ARM call.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "providers/azure/emulator/faults.h"
#include "providers/azure/emulator/options.h"
#include "providers/azure/emulator/quotas.h"
#include "providers/azure/emulator/store.h"
#include "providers/azure/emulator/tokens.h"

namespace forma::emulator {

struct Cloud {
  Cloud(Options opts, std::string signing_key)
      : options(std::move(opts)),
        faults(options.seed, options.faults),
        quotas(options.quotas),
        tokens(std::move(signing_key), options.tenant_id) {}

  Options options;  // with client id and secret resolved
  Store store;
  FaultInjector faults;
  QuotaSettings quotas;
  TokenAuthority tokens;
  std::function<int64_t()> clock;  // milliseconds since the epoch
  std::mutex mutex;
  // What the node supervisor reports of each real node (key -> idle,
  // preparing or unusable), so node counts agree with setup tasks.
  std::map<std::string, std::string> node_states;

  int64_t now() const { return clock(); }
  std::string subscription_id() const { return "/subscriptions/" + options.subscription_id; }
};

}  // namespace forma::emulator
