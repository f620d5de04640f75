// Shared fixtures for the state store tests: a scratch directory, raw file
// bytes, sample objects and a Store decorator that fails on demand.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "state/store.h"

namespace forma::state::testing {

class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "forma-state-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

inline std::string read_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline std::unique_ptr<Store> open_store(const std::string& path, OpenOptions options = {}) {
  Status status;
  auto store = Store::open(path, options, status);
  if (!store) throw std::runtime_error("open failed: " + status.message());
  return store;
}

inline ResourceObject sample(const std::string& address, json attributes = {{"id", "x"}}) {
  ResourceObject o;
  o.address = address;
  o.type = address.substr(0, address.find('.'));
  o.provider = "provider.test";
  o.attributes = std::move(attributes);
  return o;
}

inline std::string key_of(char fill) { return std::string(32, fill); }

// Forwards to a real store; the Nth write (put/remove/bump_serial) fails, so
// tests can stop a command halfway through its transaction.
class FailingStore : public Store {
 public:
  FailingStore(Store& inner, int fail_at_write) : inner_(inner), fail_at_(fail_at_write) {}

  std::string lineage() const override { return inner_.lineage(); }
  int64_t serial() const override { return inner_.serial(); }
  bool encrypted() const override { return inner_.encrypted(); }
  std::string path() const override { return inner_.path(); }
  std::vector<ResourceObject> resources() const override { return inner_.resources(); }
  std::vector<OutputValue> outputs() const override { return inner_.outputs(); }
  std::vector<HistoryEntry> history(const std::string& p) const override { return inner_.history(p); }
  StateSnapshot snapshot(bool as_stored) const override { return inner_.snapshot(as_stored); }

  Status put(const ResourceObject& o, const HistoryEntry* h) override {
    return tick() ? inner_.put(o, h) : injected();
  }
  Status remove(const std::string& a, const std::string& d, const HistoryEntry* h) override {
    return tick() ? inner_.remove(a, d, h) : injected();
  }
  Status set_outputs(const std::vector<OutputValue>& o) override { return inner_.set_outputs(o); }
  Status bump_serial() override { return tick() ? inner_.bump_serial() : injected(); }
  Status transaction(const std::function<Status()>& body) override { return inner_.transaction(body); }
  Status replace_all(const StateSnapshot& s, const HistoryEntry* h) override { return inner_.replace_all(s, h); }
  Status rekey(const std::optional<std::string>& k) override { return inner_.rekey(k); }
  Status lock(const std::string& op, LockInfo* holder) override { return inner_.lock(op, holder); }
  Status unlock() override { return inner_.unlock(); }
  Status force_unlock(const std::string& id) override { return inner_.force_unlock(id); }
  std::optional<LockInfo> held_lock() const override { return inner_.held_lock(); }
  std::optional<LockInfo> current_lock() const override { return inner_.current_lock(); }

  int writes() const { return writes_; }

 private:
  bool tick() { return ++writes_ != fail_at_; }
  static Status injected() { return Status::error("injected failure"); }
  Store& inner_;
  int fail_at_;
  int writes_ = 0;
};

}  // namespace forma::state::testing
