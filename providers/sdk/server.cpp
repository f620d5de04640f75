#include "providers/sdk/server.h"

#include <atomic>
#include <iostream>
#include <list>
#include <mutex>
#include <thread>

#include "providers/sdk/dispatcher.h"

namespace forma::sdk {
namespace {

std::string dump_safely(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

class ResponseWriter {
 public:
  explicit ResponseWriter(std::ostream& out) : out_(out) {}

  void send(const json& id, const Reply& reply) {
    json msg = {{"jsonrpc", "2.0"}, {"id", id}};
    if (reply.ok) {
      msg["result"] = reply.result;
    } else {
      msg["error"] = {{"code", reply.error_code}, {"message", reply.error_message}};
    }
    std::string line = dump_safely(msg) + "\n";
    std::lock_guard<std::mutex> lock(mu_);
    out_ << line << std::flush;
  }

 private:
  std::ostream& out_;
  std::mutex mu_;
};

// Threads of the requests in flight; finished ones are joined as new ones start.
class RequestThreads {
 public:
  template <typename F>
  void start(F work) {
    join_finished();
    auto done = std::make_shared<std::atomic<bool>>(false);
    threads_.push_back({std::thread([work = std::move(work), done] {
                          work();
                          *done = true;
                        }),
                        done});
  }
  void join_all() {
    for (auto& t : threads_) t.thread.join();
    threads_.clear();
  }
  ~RequestThreads() { join_all(); }

 private:
  struct Running {
    std::thread thread;
    std::shared_ptr<std::atomic<bool>> done;
  };
  void join_finished() {
    for (auto it = threads_.begin(); it != threads_.end();) {
      if (*it->done) {
        it->thread.join();
        it = threads_.erase(it);
      } else {
        ++it;
      }
    }
  }
  std::list<Running> threads_;
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
    json params = msg.value("params", json::object());
    if (method == "stop") {
      threads.join_all();
      writer.send(id, Reply::success(json::object()));
      return 0;
    }
    threads.start([&dispatcher, &writer, method, id, params] {
      writer.send(id, dispatcher.handle(method, params));
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
