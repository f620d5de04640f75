// An in-process emulator on a free loopback port with its data in a scratch
// directory, and an HTTPS client that trusts its CA, for the emulator tests.
#pragma once

#include <httplib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <random>
#include <string>
#include <thread>

#include "engine/base/value.h"
#include "providers/azure/emulator/server.h"

namespace forma::emulator::testing {

namespace fs = std::filesystem;
using forma::json;
using forma::Status;

struct Answer {
  int status = 0;  // 0: no answer (connection failed or dropped)
  json body;       // null when empty or not JSON
  httplib::Headers headers;

  std::string header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

inline fs::path scratch_dir() {
  std::random_device rd;
  return fs::temp_directory_path() /
         ("forma-emulator-test-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
}

inline Options test_options() {
  Options o;
  o.provisioning_ms = 50;
  o.preempt_rate = 0;  // only the preemption test wants preemption
  return o;
}

// For tests that look at a resource while its operation runs: long enough
// that a loaded machine still sees the in-between state.
inline Options slow_options() {
  Options o = test_options();
  o.provisioning_ms = 600;
  return o;
}

class TestEmulator {
 public:
  explicit TestEmulator(Options options = test_options(), fs::path dir = {})
      : dir_(dir.empty() ? scratch_dir() : dir), owns_dir_(dir.empty()) {
    options.data_dir = dir_.string();
    Status s = emulator_.start(options);
    INFO(s.message());
    REQUIRE(s.is_ok());
  }
  ~TestEmulator() {
    emulator_.stop();
    std::error_code ec;
    if (owns_dir_) fs::remove_all(dir_, ec);
  }

  Emulator& emulator() { return emulator_; }
  const fs::path& dir() const { return dir_; }
  std::string subscription() const { return "/subscriptions/" + emulator_.options().subscription_id; }

  std::unique_ptr<httplib::SSLClient> client() const {
    auto c = std::make_unique<httplib::SSLClient>("127.0.0.1", emulator_.port());
    c->set_ca_cert_path(emulator_.ca_file().c_str());
    c->enable_server_certificate_verification(true);
    c->set_connection_timeout(5, 0);
    c->set_read_timeout(10, 0);
    return c;
  }

  std::string token() {
    if (!token_.empty()) return token_;
    httplib::Params form{{"grant_type", "client_credentials"},
                         {"client_id", emulator_.options().client_id},
                         {"client_secret", emulator_.options().client_secret},
                         {"scope", emulator_.endpoint() + "/.default"}};
    auto res = client()->Post(("/" + emulator_.options().tenant_id + "/oauth2/v2.0/token").c_str(), form);
    REQUIRE(res);
    REQUIRE(res->status == 200);
    token_ = json::parse(res->body).at("access_token").get<std::string>();
    return token_;
  }

  // An ARM call with a valid token; `path` may be absolute (an LRO URL).
  Answer arm(const std::string& method, std::string path, const json& body = nullptr,
             httplib::Headers headers = {}) {
    headers.emplace("Authorization", "Bearer " + token());
    return send(method, std::move(path), body.is_null() ? "" : body.dump(), headers);
  }

  Answer send(const std::string& method, std::string path, const std::string& payload,
              const httplib::Headers& headers = {}) {
    if (path.starts_with(emulator_.endpoint())) path = path.substr(emulator_.endpoint().size());
    auto c = client();
    const char* p = path.c_str();
    const char* type = "application/json";
    httplib::Result res = method == "GET"      ? c->Get(p, headers)
                          : method == "HEAD"   ? c->Head(p, headers)
                          : method == "PUT"    ? c->Put(p, headers, payload, type)
                          : method == "PATCH"  ? c->Patch(p, headers, payload, type)
                          : method == "DELETE" ? c->Delete(p, headers, payload, type)
                                               : c->Post(p, headers, payload, type);
    Answer a;
    if (!res) return a;
    a.status = res->status;
    a.headers = res->headers;
    a.body = json::parse(res->body, nullptr, false);
    if (a.body.is_discarded()) a.body = nullptr;
    return a;
  }

  // Polls an accepted operation's Azure-AsyncOperation URL until it ends.
  json wait_for(const Answer& accepted, int timeout_ms = 5000) {
    const std::string url = accepted.header("Azure-AsyncOperation");
    REQUIRE(!url.empty());
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < give_up) {
      Answer poll = arm("GET", url);
      REQUIRE(poll.status == 200);
      if (poll.body.value("status", "") != "InProgress") return poll.body;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    FAIL("the operation did not end within " << timeout_ms << " ms");
    return nullptr;
  }

  // GETs `path` until pred(body) holds or the time runs out; returns the last body.
  template <class Pred>
  json wait_until(const std::string& path, Pred pred, int timeout_ms = 5000) {
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    json last;
    while (std::chrono::steady_clock::now() < give_up) {
      last = arm("GET", path).body;
      if (pred(last)) return last;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return last;
  }

  // Admin API (no token).
  Answer admin(const std::string& method, const std::string& path, const json& body = nullptr) {
    return send(method, path, body.is_null() ? "" : body.dump());
  }

  // Resource group + workspace, the parents most tests need.
  std::string workspace(const std::string& group = "rg", const std::string& name = "ws") {
    const std::string rg = subscription() + "/resourceGroups/" + group;
    REQUIRE(arm("PUT", rg + "?api-version=2019-10-01", {{"location", "eastus"}}).status / 100 == 2);
    const std::string ws = rg + "/providers/Microsoft.BatchAI/workspaces/" + name;
    REQUIRE(arm("PUT", ws + "?api-version=2018-05-01", {{"location", "eastus"}}).status == 200);
    return ws;
  }

 private:
  fs::path dir_;
  bool owns_dir_;
  Emulator emulator_;
  std::string token_;
};

inline const char* kBatchAi = "?api-version=2018-05-01";
inline const char* kStorage = "?api-version=2019-06-01";
inline const char* kResources = "?api-version=2019-10-01";

inline json cluster_body(int nodes, const std::string& vm_size = "Standard_NC6",
                         const std::string& priority = "dedicated") {
  return {{"properties",
           {{"vmSize", vm_size},
            {"vmPriority", priority},
            {"scaleSettings", {{"manual", {{"targetNodeCount", nodes}}}}},
            {"userAccountSettings",
             {{"adminUserName", "demo"},
              {"adminUserSshPublicKey", "ssh-rsa AAAAB3Nz demo"},
              {"adminUserPassword", "Secret-Pa55"}}}}}};
}

}  // namespace forma::emulator::testing
