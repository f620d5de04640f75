#include "providers/test/test_cloud.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "engine/base/text.h"

namespace forma::testprovider {
namespace {

bool listed(const std::vector<std::string>& list, const std::string& address) {
  std::string name = address_name(address);
  return std::any_of(list.begin(), list.end(), [&](const std::string& s) { return s == address || s == name; });
}

std::vector<std::string> string_list(const json& v) {
  std::vector<std::string> out;
  if (v.is_array())
    for (const auto& e : v)
      if (e.is_string()) out.push_back(e.get<std::string>());
  return out;
}

}  // namespace

std::string address_name(const std::string& address) {
  std::string s = address;
  // Strip a trailing [index]; an index may hold dots or brackets inside quotes.
  if (!s.empty() && s.back() == ']') {
    bool in_quotes = false;
    for (size_t i = s.size(); i-- > 0;) {
      if (s[i] == '"') in_quotes = !in_quotes;
      if (s[i] == '[' && !in_quotes) {
        s.resize(i);
        break;
      }
    }
  }
  size_t dot = s.rfind('.');
  return dot == std::string::npos ? s : s.substr(dot + 1);
}

Diagnostics TestCloud::configure(const json& config) {
  auto field = [&](const char* name) { return config.is_object() ? config.value(name, json()) : json(); };
  TestSettings s;
  if (field("latency_ms").is_number()) s.latency_ms = field("latency_ms").get<int>();
  if (field("fail_rate").is_number()) s.fail_rate = field("fail_rate").get<double>();
  if (field("seed").is_number()) s.seed = field("seed").get<long long>();
  s.fail_on = string_list(field("fail_on"));
  s.fail_after_create = string_list(field("fail_after_create"));
  if (field("cloud_db").is_string()) s.cloud_db = field("cloud_db").get<std::string>();

  Diagnostics diags;
  if (s.fail_rate < 0 || s.fail_rate > 1)
    diags.push_back(Diagnostic::error("fail_rate must be between 0 and 1", "", {}, "/fail_rate"));
  if (s.latency_ms < 0)
    diags.push_back(Diagnostic::error("latency_ms must not be negative", "", {}, "/latency_ms"));
  std::shared_ptr<CloudDb> db;
  if (!s.cloud_db.empty()) {
    std::string error;
    db = CloudDb::open(s.cloud_db, error);
    if (!db) diags.push_back(Diagnostic::error("Cannot open the test cloud database", error, {}, "/cloud_db"));
  }
  if (has_errors(diags)) return diags;
  std::lock_guard<std::mutex> lock(mu_);
  settings_ = s;
  db_ = db;
  return diags;
}

TestSettings TestCloud::settings() const {
  std::lock_guard<std::mutex> lock(mu_);
  return settings_;
}

std::shared_ptr<CloudDb> TestCloud::db() const {
  std::lock_guard<std::mutex> lock(mu_);
  return db_;
}

void TestCloud::pause() const {
  int ms = settings().latency_ms;
  if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
}

bool TestCloud::create_should_fail(const std::string& address) {
  std::lock_guard<std::mutex> lock(mu_);
  if (listed(settings_.fail_on, address)) return true;
  if (settings_.fail_rate <= 0) return false;
  int attempt = create_attempts_[address]++;
  std::string digest = sha256_hex(std::to_string(settings_.seed) + ":" + address + ":" + std::to_string(attempt));
  double roll = static_cast<double>(std::stoull(digest.substr(0, 8), nullptr, 16)) / 4294967296.0;
  return roll < settings_.fail_rate;
}

bool TestCloud::update_should_fail(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mu_);
  return listed(settings_.fail_on, address);
}

bool TestCloud::create_should_fail_after(const std::string& address) const {
  std::lock_guard<std::mutex> lock(mu_);
  return listed(settings_.fail_after_create, address);
}

}  // namespace forma::testprovider
