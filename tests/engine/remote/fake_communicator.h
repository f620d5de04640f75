// An in-memory Communicator for engine tests: hosts with host keys and
// credentials, commands answered by a handler, uploads kept as files. Host
// keys are checked as the SSH communicator does (expected key, or trust on
// first use when asked).
#pragma once

#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "engine/remote/communicator.h"
#include "engine/remote/host_key.h"

namespace forma::remote::testing {

// Two ed25519 public keys (made with ssh-keygen).
inline const char* kHostKeyA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBCYL0w3Xo/FmInH9WosHRDohDaflsxmMgDql5WKyNsI";
inline const char* kHostKeyB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKICxWf7w3wxiFiD7An4eHxyrOPi7aMVevmGJ4bmsODu";

struct FakeHost {
  std::string host_key = kHostKeyA;
  std::string user = "azureuser";
  std::string password;     // accepted password ("" = none)
  std::string private_key;  // accepted private key text ("" = none)
  bool up = true;           // false: connection refused
  // Answers a command: writes lines through the sink, returns the exit status.
  std::function<int(const std::string& command, const LineSink& sink)> run;
  std::map<std::string, std::string> files;  // uploads, by remote path
  std::vector<std::string> commands;         // as received
};

class FakeCommunicator : public Communicator {
 public:
  // By "host:port".
  FakeHost& host(const std::string& endpoint) {
    std::lock_guard lock(mu_);
    return hosts_[endpoint];
  }
  std::vector<ConnectOptions> connects() const {
    std::lock_guard lock(mu_);
    return connects_;
  }

  std::unique_ptr<Session> connect(const ConnectOptions& o, Status& status) override;

 private:
  class FakeSession;
  mutable std::mutex mu_;
  std::map<std::string, FakeHost> hosts_;
  std::vector<ConnectOptions> connects_;
};

class FakeCommunicator::FakeSession : public Session {
 public:
  FakeSession(FakeCommunicator& owner, FakeHost& host) : owner_(owner), host_(host) {}
  std::string host_key() const override { return host_.host_key; }
  Status exec(const std::string& command, const LineSink& sink, ExecResult& result,
              std::chrono::milliseconds) override {
    std::function<int(const std::string&, const LineSink&)> run;
    {
      std::lock_guard lock(owner_.mu_);
      host_.commands.push_back(command);
      run = host_.run;
    }
    result.exit_status = run ? run(command, sink) : 0;
    return Status::ok();
  }
  Status upload(const std::string& content, const std::string& path, int) override {
    std::lock_guard lock(owner_.mu_);
    host_.files[path] = content;
    return Status::ok();
  }
  Status make_directory(const std::string&, int) override { return Status::ok(); }

 private:
  FakeCommunicator& owner_;
  FakeHost& host_;
};

inline std::unique_ptr<Session> FakeCommunicator::connect(const ConnectOptions& o, Status& status) {
  std::string endpoint = o.target.host + ":" + std::to_string(o.target.port);
  FakeHost* h = nullptr;
  {
    std::lock_guard lock(mu_);
    connects_.push_back(o);
    auto it = hosts_.find(endpoint);
    if (it != hosts_.end()) h = &it->second;
  }
  if (!h || !h->up) {
    status = Status::error("cannot connect to " + endpoint + ": Connection refused (retried)");
    return nullptr;
  }
  auto seen = parse_public_key(h->host_key);
  std::vector<PublicKey> expected;
  for (const auto& line : o.target.host_key.expected)
    if (auto k = parse_public_key(line)) expected.push_back(*k);
  bool match = false;
  for (const auto& k : expected) match = match || k == *seen;
  if (!match && !(expected.empty() && o.target.host_key.trust_on_first_use)) {
    status = Status::error(expected.empty() ? "no host key is known for " + endpoint
                                            : host_key_mismatch_message(o.target.host, o.target.port, expected, *seen));
    return nullptr;
  }
  if (o.host_key_only) return std::make_unique<FakeSession>(*this, *h);
  const auto& c = o.target.credentials;
  bool key_ok = !c.private_key.empty() && c.private_key == h->private_key;
  bool password_ok = !c.password.empty() && c.password == h->password;
  if (c.user != h->user || (!key_ok && !password_ok)) {
    status = Status::error("authentication as " + c.user + " on " + endpoint + " failed");
    return nullptr;
  }
  return std::make_unique<FakeSession>(*this, *h);
}

}  // namespace forma::remote::testing
