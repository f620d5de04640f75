// The JSON-RPC bookkeeping of one plugin connection: request ids, calls
// waiting for their answer, and the one failure that ends the connection.
// It knows nothing of processes or pipes, so it is tested with plain lines.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "engine/provider/provider.h"

namespace forma::provider {

// Why a connection is unusable, e.g. {"exited unexpectedly (exit status 3)", ""}
// or {"sent a line that is not JSON-RPC", "\"garbage\""}.
struct ConnectionFailure {
  std::string what;
  std::string evidence;  // quoted text the plugin sent, or ""
};

class RpcSession {
 public:
  explicit RpcSession(std::string plugin_name) : name_(std::move(plugin_name)) {}

  const std::string& name() const { return name_; }

  // Registers a call and returns its request line ("...\n"), or nullopt with
  // `failed` set when the connection has already failed.
  std::optional<std::string> begin_call(const std::string& method, const json& params,
                                        int64_t& id, CallResult& failed);
  // Blocks until the answer to `id`, the connection's failure, or the timeout.
  CallResult wait_for_answer(int64_t id, const std::string& method, std::chrono::milliseconds timeout);
  // The request could not be written: report the connection's failure if one
  // shows up within `grace` (the reader usually explains why), else `write_error`.
  CallResult abandon_unsent(int64_t id, const std::string& method, const std::string& write_error,
                            std::chrono::milliseconds grace);

  // One line from the plugin's stdout. A line that is not a response to a
  // waiting call fails the connection.
  void on_line(std::string_view line);
  // Fails every waiting and later call; the first failure wins.
  void fail(ConnectionFailure failure);
  bool has_failed() const;

  // "provider \"test\" exited unexpectedly (exit status 3) during apply_resource"
  std::string failure_message(const ConnectionFailure& f, const std::string& method) const;

 private:
  // Each waiting call has its own condition variable: an answer wakes only
  // the thread that waits for it, however many calls are in flight.
  struct Pending {
    bool answered = false;
    json response;
    std::condition_variable cv;
  };
  CallResult answer_to_result(json& response, const std::string& method) const;
  void fail_locked(ConnectionFailure failure);

  std::string name_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  int64_t next_id_ = 1;
  std::map<int64_t, Pending> pending_;
  std::set<int64_t> timed_out_;  // a late answer to these is dropped, not a protocol error
  std::optional<ConnectionFailure> failure_;
};

// Quotes at most `max_chars` bytes of `text` for an error message, adding "..." when cut.
std::string quote_excerpt(std::string_view text, size_t max_chars = 60);

}  // namespace forma::provider
