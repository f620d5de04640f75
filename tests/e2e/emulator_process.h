// A forma-azure-emulator process for end-to-end tests: started on a free
// loopback port with its data in a scratch directory, stopped (SIGTERM) when
// the object goes away.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include "engine/base/value.h"

namespace forma::e2e {

// An SSH public key for admin users in test configurations (its private half is not kept).
extern const char* kTestPublicKey;

// "--clock-start" and tomorrow's UTC time at `hour`:00, for tests of
// time-of-day schedules. Ahead of the real clock, so the tokens the emulator
// signs are not expired by the client's clock.
std::vector<std::string> clock_start_tomorrow_at(int hour);

struct EmulatorOptions {
  std::string faults;            // --faults SPEC; empty: none
  int seed = 1;
  int provisioning_ms = 100;     // fast creates keep the suite quick
  std::vector<std::string> extra_args;
};

class EmulatorProcess {
 public:
  explicit EmulatorProcess(EmulatorOptions options = {});
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  bool running() const { return pid_ > 0; }
  const std::string& startup_error() const { return error_; }
  const std::string& endpoint() const { return endpoint_; }  // https://127.0.0.1:PORT
  const std::filesystem::path& data_dir() const { return data_dir_; }
  // KEY=VALUE lines of credentials.env, for a child process's environment.
  const std::vector<std::string>& env() const { return env_; }

  // Admin API (/_emulator/...): every live resource id; reset; faults.
  std::vector<std::string> resource_ids() const;
  bool set_faults(const json& faults) const;
  // An authenticated ARM call, as a user behind forma's back would make it.
  json arm(const std::string& method, const std::string& path_and_query, const json& body = nullptr,
           int* status = nullptr) const;

  // GET, PUT or POST to /_emulator/...; null when it does not answer.
  json admin(const std::string& method, const std::string& path, const json& body = nullptr) const;

  void stop();

 private:

  EmulatorOptions options_;
  std::filesystem::path data_dir_;
  pid_t pid_ = -1;
  std::string endpoint_;
  std::string host_;
  int port_ = 0;
  std::string error_;
  std::vector<std::string> env_;
};

}  // namespace forma::e2e
