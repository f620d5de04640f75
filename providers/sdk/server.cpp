#include "providers/sdk/server.h"

#include <atomic>
#include <iostream>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "providers/sdk/dispatcher.h"

namespace forma::sdk {
namespace {

std::string dump_safely(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

class ResponseWriter {
 public:
  explicit ResponseWriter(std::ostream& out) : out_(out) {}

  void send(const json& id, const Reply& reply) {
    // Written piece by piece: building one message object would copy the result.
    std::string line = R"({"jsonrpc":"2.0","id":)" + dump_safely(id);
    if (reply.ok) {
      line += R"(,"result":)";
      line += dump_safely(reply.result);
    } else {
      line += R"(,"error":)";
      line += dump_safely(json{{"code", reply.error_code}, {"message", reply.error_message}});
    }
    line += "}\n";
    std::lock_guard<std::mutex> lock(mu_);
    out_ << line << std::flush;
  }

 private:
  std::ostream& out_;
  std::mutex mu_;
};

// Runs each request on a worker thread. Workers are kept and reused; a new one
// starts only when every worker is busy, so any number of requests can be in
// flight (a provider's calls may sleep on the cloud) without a thread per call.
class RequestThreads {
 public:
  ~RequestThreads() { join_all(); }

  void start(std::function<void()> work) {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(work));
    if (idle_ < queue_.size()) workers_.emplace_back([this] { run(); });
    else cv_.notify_one();
  }

  // Waits for every request started so far, then stops the workers.
  void join_all() {
    {
      std::unique_lock lock(mu_);
      drained_.wait(lock, [&] { return queue_.empty() && busy_ == 0; });
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
    std::lock_guard lock(mu_);
    stopping_ = false;
    idle_ = 0;
  }

 private:
  void run() {
    std::unique_lock lock(mu_);
    while (true) {
      ++idle_;
      cv_.wait(lock, [&] { return !queue_.empty() || stopping_; });
      --idle_;
      if (queue_.empty()) return;  // stopping
      auto work = std::move(queue_.front());
      queue_.pop_front();
      ++busy_;
      lock.unlock();
      work();
      lock.lock();
      --busy_;
      if (queue_.empty() && busy_ == 0) drained_.notify_all();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_, drained_;
  std::deque<std::function<void()>> queue_;
  std::vector<std::thread> workers_;
  size_t idle_ = 0, busy_ = 0;
  bool stopping_ = false;
};

int serve_untied(const ProviderSpec& spec, std::istream& in, std::ostream& out) {
  Dispatcher dispatcher(spec);
  ResponseWriter writer(out);
  RequestThreads threads;
  std::string line;
  while (std::getline(in, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    json msg = json::parse(line, nullptr, /*allow_exceptions=*/false);
    if (!msg.is_object() || !msg.contains("method") || !msg["method"].is_string()) {
      writer.send(msg.is_object() ? msg.value("id", json()) : json(), Reply::failure(-32700, "not a JSON-RPC request"));
      continue;
    }
    std::string method = msg["method"].get<std::string>();
    json id = msg.value("id", json());
    auto given = msg.find("params");
    json params = given == msg.end() ? json::object() : std::move(*given);
    if (method == "stop") {
      threads.join_all();
      writer.send(id, Reply::success(json::object()));
      return 0;
    }
    if (dispatcher.answers_at_once(method, params)) {
      writer.send(id, dispatcher.handle(method, std::move(params)));
      continue;
    }
    threads.start([&dispatcher, &writer, method = std::move(method), id = std::move(id),
                   params = std::move(params)]() mutable {
      writer.send(id, dispatcher.handle(method, std::move(params)));
    });
  }
  threads.join_all();
  return 0;
}

}  // namespace

int serve(const ProviderSpec& spec, std::istream& in, std::ostream& out) {
  // A tied input stream flushes `out` before each read, from this thread and
  // outside the writer's lock (std::cin is tied to std::cout): untie it.
  std::ostream* tied = in.tie(nullptr);
  int code = serve_untied(spec, in, out);
  in.tie(tied);
  return code;
}

int serve_stdio(const ProviderSpec& spec) {
  std::ios::sync_with_stdio(false);
  return serve(spec, std::cin, std::cout);
}

}  // namespace forma::sdk
