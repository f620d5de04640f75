#include "engine/provider/rpc_session.h"

#include "engine/base/text.h"

namespace forma::provider {
namespace {

// Any byte sequence becomes valid JSON text: invalid UTF-8 is replaced, not thrown.
std::string dump_safely(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

bool is_response(const json& msg) {
  if (!msg.is_object()) return false;
  auto id = msg.find("id");
  if (id == msg.end() || !id->is_number_integer()) return false;
  return msg.contains("result") || msg.contains("error");
}

}  // namespace

std::string quote_excerpt(std::string_view text, size_t max_chars) {
  std::string cut(text.substr(0, max_chars));
  return dump_safely(json(cut.size() < text.size() ? cut + "..." : cut));
}

std::string RpcSession::failure_message(const ConnectionFailure& f, const std::string& method) const {
  std::string msg = "provider " + quote(name_) + " " + f.what + " during " + method;
  if (!f.evidence.empty()) msg += ": " + f.evidence;
  return msg;
}

std::optional<std::string> RpcSession::begin_call(const std::string& method, const json& params,
                                                  int64_t& id, CallResult& failed) {
  std::lock_guard<std::mutex> lock(mu_);
  if (failure_) {
    failed.ok = false;
    failed.error = failure_message(*failure_, method);
    return std::nullopt;
  }
  id = next_id_++;
  pending_[id];
  // Serialized piece by piece: building one json object would deep-copy params.
  return R"({"jsonrpc":"2.0","id":)" + std::to_string(id) + R"(,"method":)" + dump_safely(json(method)) +
         R"(,"params":)" + dump_safely(params) + "}\n";
}

CallResult RpcSession::wait_for_answer(int64_t id, const std::string& method,
                                       std::chrono::milliseconds timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  Pending& call = pending_.at(id);
  call.cv.wait_for(lock, timeout, [&] { return call.answered || failure_.has_value(); });
  CallResult result;
  if (call.answered) {
    result = answer_to_result(call.response, method);
  } else if (failure_) {
    result.error = failure_message(*failure_, method);
  } else {
    timed_out_.insert(id);
    result.error = "provider " + quote(name_) + " did not answer " + method + " within " +
                   format_duration(static_cast<double>(timeout.count()) / 1000.0);
  }
  pending_.erase(id);
  return result;
}

CallResult RpcSession::abandon_unsent(int64_t id, const std::string& method,
                                      const std::string& write_error, std::chrono::milliseconds grace) {
  std::unique_lock<std::mutex> lock(mu_);
  Pending& call = pending_.at(id);
  call.cv.wait_for(lock, grace, [&] { return failure_.has_value(); });
  pending_.erase(id);
  CallResult result;
  result.error = failure_ ? failure_message(*failure_, method)
                          : "provider " + quote(name_) + " stopped reading its input during " +
                                method + " (" + write_error + ")";
  return result;
}

CallResult RpcSession::answer_to_result(json& response, const std::string& method) const {
  CallResult result;
  auto error = response.find("error");
  if (error != response.end()) {
    std::string message = "no message";
    if (error->is_object() && error->contains("message") && (*error)["message"].is_string())
      message = (*error)["message"].get<std::string>();
    result.error = "provider " + quote(name_) + " could not handle " + method + ": " + message;
    return result;
  }
  // Every method answers an object (docs/provider-protocol.md); anything else
  // would reach the engine as a value of the wrong shape.
  json& answer = response["result"];
  if (!answer.is_object()) {
    result.error = "provider " + quote(name_) + " answered " + method + " with a result that is not an object: " +
                   quote_excerpt(dump_safely(answer));
    return result;
  }
  result.ok = true;
  result.result = std::move(answer);
  return result;
}

void RpcSession::on_line(std::string_view line) {
  if (line.find_first_not_of(" \t\r") == std::string_view::npos) return;  // tolerate blank lines
  json msg = json::parse(line.begin(), line.end(), nullptr, /*allow_exceptions=*/false);
  if (!is_response(msg)) {
    fail({"sent a line that is not JSON-RPC", quote_excerpt(line)});
    return;
  }
  int64_t id = msg["id"].get<int64_t>();
  std::lock_guard<std::mutex> lock(mu_);
  if (failure_) return;  // a broken connection's answers are not trusted
  auto it = pending_.find(id);
  if (it != pending_.end()) {
    it->second.answered = true;
    it->second.response = std::move(msg);
    it->second.cv.notify_one();
    return;
  }
  if (timed_out_.erase(id)) return;
  fail_locked({"sent a response with unknown id " + std::to_string(id), ""});
}

void RpcSession::fail(ConnectionFailure failure) {
  std::lock_guard<std::mutex> lock(mu_);
  fail_locked(std::move(failure));
}

void RpcSession::fail_locked(ConnectionFailure failure) {
  if (!failure_) failure_ = std::move(failure);
  for (auto& [id, call] : pending_) call.cv.notify_one();
}

bool RpcSession::has_failed() const {
  std::lock_guard<std::mutex> lock(mu_);
  return failure_.has_value();
}

}  // namespace forma::provider
