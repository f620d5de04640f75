#include "providers/azure/arm/redaction.h"

#include <algorithm>
#include <cctype>

namespace forma::azure {
namespace {

const char kRedacted[] = "(sensitive value)";

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool contains_any(const std::string& lowered, std::initializer_list<const char*> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](const char* w) { return lowered.find(w) != std::string::npos; });
}

// The last path segment of a URL ("listKeys" in ".../listKeys?api-version=…").
std::string last_segment(const std::string& url) {
  std::string path = url.substr(0, url.find('?'));
  return path.substr(path.rfind('/') + 1);
}

// "a=1&client_secret=x" → "a=1&client_secret=(sensitive value)"; empty when
// the text does not look like a form.
std::string redact_pairs(const std::string& text, bool& is_form) {
  is_form = !text.empty();
  std::string out;
  size_t start = 0;
  while (start <= text.size() && is_form) {
    size_t end = std::min(text.find('&', start), text.size());
    std::string pair = text.substr(start, end - start);
    size_t eq = pair.find('=');
    std::string name = pair.substr(0, eq);
    if (eq == std::string::npos || name.empty() || name.find_first_of(" {}\"<>\n") != std::string::npos) {
      is_form = false;
      break;
    }
    if (!out.empty()) out += '&';
    out += (is_sensitive_name(name) || lower(name) == "sig") ? name + "=" + kRedacted : pair;
    start = end + 1;
  }
  return is_form ? out : std::string();
}

// ARM actions whose whole answer is secret (listKeys, listCredentials,
// regenerateKey…): their values sit under harmless names like "value".
bool is_secret_listing(const std::string& url) {
  std::string action = lower(last_segment(url));
  bool is_action = action.rfind("list", 0) == 0 || action.rfind("regenerate", 0) == 0;
  return is_action && (is_sensitive_name(action) || action.find("credential") != std::string::npos);
}

}  // namespace

// protectedSettings: a VM extension's secret settings (CustomScript's
// commandToExecute carries storage keys); customData: cloud-init, often secrets.
bool is_sensitive_name(std::string_view name) {
  return contains_any(lower(name), {"password", "secret", "key", "token", "connectionstring", "assertion",
                                    "protectedsettings", "customdata"});
}

json redact_secrets(const json& v) {
  if (v.is_array()) {
    json out = json::array();
    for (const auto& item : v) out.push_back(redact_secrets(item));
    return out;
  }
  if (!v.is_object()) return v;
  json out = json::object();
  for (const auto& [name, value] : v.items()) {
    out[name] = is_sensitive_name(name) && !value.is_null() ? json(kRedacted) : redact_secrets(value);
  }
  return out;
}

std::string redact_url(const std::string& url) {
  size_t q = url.find('?');
  if (q == std::string::npos) return url;
  bool is_form = false;
  std::string query = redact_pairs(url.substr(q + 1), is_form);
  return url.substr(0, q + 1) + (is_form ? query : kRedacted);
}

std::string redact_header(const std::string& lower_name, const std::string& value) {
  if (lower_name == "authorization")
    return value.rfind("Bearer ", 0) == 0 ? "Bearer " + std::string(kRedacted) : kRedacted;
  if (is_sensitive_name(lower_name)) return kRedacted;
  return value;
}

std::string redact_body(const std::string& url, const std::string& body) {
  if (body.empty()) return body;
  if (is_secret_listing(url)) {
    return "(" + std::to_string(body.size()) + " bytes withheld: " + last_segment(url) +
           " answers hold secrets)";
  }
  json parsed = json::parse(body, nullptr, false);
  if (!parsed.is_discarded()) return redact_secrets(parsed).dump();
  bool is_form = false;
  std::string form = redact_pairs(body, is_form);
  if (is_form) return form;
  std::string lowered = lower(body);
  if (contains_any(lowered, {"password", "secret", "key", "token", "bearer", "connectionstring"})) {
    return "(" + std::to_string(body.size()) + " bytes withheld: unparsable text naming a secret)";
  }
  return body;
}

}  // namespace forma::azure
