// The azure provider driven through the provider protocol (sdk::Dispatcher)
// against an in-process forma-azure-emulator: plan, apply, read, import and
// read_data as forma sends them.
#pragma once

#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <random>
#include <thread>

#include "engine/provider/provider.h"
#include "providers/azure/emulator/server.h"
#include "providers/azure/provider.h"
#include "providers/sdk/dispatcher.h"
#include "tests/providers/azure/azure_test_support.h"

namespace forma::azure::testing {

namespace fs = std::filesystem;

struct Applied {
  json state;
  json diagnostics;
  bool ok() const { return diagnostics.empty(); }
};

class EmulatedAzure {
 public:
  // `configure`: send the provider's configure first, as forma plan does.
  explicit EmulatedAzure(emulator::Options options = default_options(), bool configure = true) {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("forma-azure-it-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(dir_ / "home");
    options.data_dir = (dir_ / "emulator").string();
    Status s = emulator_.start(options);
    INFO(s.message());
    REQUIRE(s.is_ok());
    const emulator::Options& o = emulator_.options();
    env_ = env_of({{"ARM_SUBSCRIPTION_ID", o.subscription_id}, {"ARM_TENANT_ID", o.tenant_id},
                   {"ARM_CLIENT_ID", o.client_id}, {"ARM_CLIENT_SECRET", o.client_secret},
                   {"ARM_ENDPOINT", emulator_.endpoint()}, {"ARM_CA_FILE", emulator_.ca_file().string()},
                   {"HOME", (dir_ / "home").string()}, {"USER", "tester"}});
    spec_ = make_azure_provider(std::make_shared<AzureContext>(env_));
    dispatcher_ = std::make_unique<sdk::Dispatcher>(spec_);
    if (!configure) return;
    json configured = call("configure", {{"config", {{"location", "eastus"}}}});
    INFO(configured.dump());
    REQUIRE(configured["diagnostics"].empty());
  }
  ~EmulatedAzure() {
    dispatcher_.reset();
    emulator_.stop();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  static emulator::Options default_options() {
    emulator::Options o;
    o.provisioning_ms = 50;
    o.preempt_rate = 0;
    return o;
  }

  std::string subscription() const { return emulator_.options().subscription_id; }
  fs::path home() const { return dir_ / "home"; }

  // On a thread of its own, as sdk::serve runs each request: the transport's
  // per-thread connection closes with it instead of outliving the emulator.
  json call(const std::string& method, const json& params) {
    sdk::Reply reply;
    std::thread([&] { reply = dispatcher_->handle(method, params); }).join();
    INFO(method << ": " << reply.error_message);
    REQUIRE(reply.ok);
    return reply.result;
  }

  json plan(const std::string& type, const json& prior, const json& config) {
    json validated = call("validate_resource", {{"type", type}, {"config", config}});
    INFO(validated.dump());
    REQUIRE(validated["diagnostics"].empty());
    return call("plan_resource", {{"type", type}, {"address", type + ".t"}, {"prior_state", prior}, {"config", config}});
  }

  // Plans and applies `config` over `prior` (null: create).
  Applied apply(const std::string& type, const json& prior, const json& config) {
    json planned = plan(type, prior, config);
    REQUIRE(planned["diagnostics"].empty());
    json result = call("apply_resource", {{"type", type}, {"address", type + ".t"}, {"prior_state", prior},
                                          {"planned_state", planned["planned_state"]}, {"config", config}});
    return {result["new_state"], result["diagnostics"]};
  }

  Applied destroy(const std::string& type, const json& prior) {
    json result = call("apply_resource", {{"type", type}, {"address", type + ".t"}, {"prior_state", prior},
                                          {"planned_state", nullptr}, {"config", nullptr}});
    return {result["new_state"], result["diagnostics"]};
  }

  json read(const std::string& type, const json& state) {
    json result = call("read_resource", {{"type", type}, {"address", type + ".t"}, {"state", state}});
    INFO(result.dump());
    REQUIRE(result["diagnostics"].empty());
    return result["new_state"];
  }

 private:
  fs::path dir_;
  emulator::Emulator emulator_;
  EnvLookup env_;
  sdk::ProviderSpec spec_;
  std::unique_ptr<sdk::Dispatcher> dispatcher_;
};

}  // namespace forma::azure::testing
