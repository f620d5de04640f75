#include <cctype>

#include "providers/azure/arm/retry_policy.h"
#include "providers/azure/arm/token_sources.h"

namespace forma::azure {

// A token this close to expiry is not handed out: the request might outlive it.
constexpr std::chrono::seconds kExpiryMargin{60};

Status CachingTokenSource::token(AccessToken& out) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (cached_ && cached_->expires_at - kExpiryMargin > std::chrono::system_clock::now()) {
    out = *cached_;
    return Status::ok();
  }
  cached_.reset();
  AccessToken fresh;
  if (Status s = fetch(fresh); !s) return s;
  cached_ = fresh;
  out = std::move(fresh);
  return Status::ok();
}

void CachingTokenSource::invalidate() {
  std::lock_guard<std::mutex> lock(mutex_);
  cached_.reset();
}

std::string form_encode(const std::string& value) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : value) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

Status send_with_retries(HttpTransport& transport, const HttpRequest& request, HttpResponse& response,
                         const Sleep& sleep) {
  constexpr int kAttempts = 3;
  Status status;
  for (int attempt = 1; attempt <= kAttempts; ++attempt) {
    status = transport.send(request, response);
    bool transient = !status || is_retryable_status(response.status);
    if (!transient || attempt == kAttempts) return status;
    sleep(std::chrono::milliseconds(500) * (1 << (attempt - 1)));
  }
  return status;
}

namespace {

// Seconds as a JSON number or a numeric string; nullopt otherwise.
std::optional<long long> seconds_field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end()) return std::nullopt;
  if (it->is_number_integer()) return it->get<long long>();
  if (!it->is_string()) return std::nullopt;
  const std::string& s = it->get_ref<const std::string&>();
  if (s.empty() || s.size() > 12 || s.find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoll(s);
}

}  // namespace

Status parse_token_response(const json& body, AccessToken& out) {
  if (!body.is_object() || !body.contains("access_token") || !body["access_token"].is_string()) {
    return Status::error("the token answer has no access_token");
  }
  out.value = body["access_token"].get<std::string>();
  if (auto on = seconds_field(body, "expires_on")) {
    out.expires_at = std::chrono::system_clock::from_time_t(static_cast<time_t>(*on));
  } else if (auto in = seconds_field(body, "expires_in")) {
    out.expires_at = std::chrono::system_clock::now() + std::chrono::seconds(*in);
  } else {
    return Status::error("the token answer has no expires_in or expires_on");
  }
  return Status::ok();
}

std::string without_trailing_slash(std::string url) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

}  // namespace forma::azure
