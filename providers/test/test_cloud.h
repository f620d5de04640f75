// What every test resource shares: the provider configuration (latency and
// fault knobs) and the optional cloud_db.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "providers/test/cloud_db.h"

namespace forma::testprovider {

struct TestSettings {
  int latency_ms = 0;          // slept in apply, read, import and read_data
  double fail_rate = 0;        // fraction of creates that fail
  long long seed = 0;          // makes fail_rate's choice reproducible
  std::vector<std::string> fail_on;             // addresses or names whose create/update fails
  std::vector<std::string> fail_after_create;   // creates that leave the object and then fail
  std::string cloud_db;        // SQLite path; "" = objects live only in state
};

class TestCloud {
 public:
  // Applies the provider configuration (already validated, defaults applied).
  Diagnostics configure(const json& config);

  TestSettings settings() const;
  std::shared_ptr<CloudDb> db() const;  // null without cloud_db
  void pause() const;   // the configured latency

  // Whether a create of `address` must fail: fail_on, or fail_rate's roll.
  // The roll hashes seed, address and how many creates of it this process
  // has seen, so a run is reproducible and a retry may succeed.
  bool create_should_fail(const std::string& address);
  bool update_should_fail(const std::string& address) const;
  bool create_should_fail_after(const std::string& address) const;

 private:
  mutable std::mutex mu_;
  TestSettings settings_;
  std::shared_ptr<CloudDb> db_;
  std::map<std::string, int> create_attempts_;
};

// "test_file.a" for "module.m.test_file.a[\"k\"]": the NAME in TYPE.NAME[...].
std::string address_name(const std::string& address);

}  // namespace forma::testprovider
