#include "engine/expr/functions_support.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>

#include <openssl/evp.h>

namespace forma::expr::fn {

std::string type_name(const json& v) {
  if (v.is_string()) return "string";
  if (v.is_number()) return "number";
  if (v.is_boolean()) return "bool";
  if (v.is_array()) return "list";
  if (v.is_object()) return "object";
  return "null";
}

std::string number_text(const json& v) {
  if (v.is_number_integer()) return v.dump();
  double d = v.get<double>();
  if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0) {
    return std::to_string(static_cast<long long>(d));
  }
  return v.dump();  // nlohmann prints the shortest text that round-trips
}

json number_value(double d) {
  if (std::isfinite(d) && d == std::trunc(d) && std::fabs(d) < 9007199254740992.0) {
    return static_cast<long long>(d);
  }
  return d;
}

std::optional<std::string> as_string(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_number()) return number_text(v);
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  return std::nullopt;
}

std::optional<double> as_number(const json& v) {
  if (v.is_number()) return v.get<double>();
  if (!v.is_string()) return std::nullopt;
  const std::string s = v.get<std::string>();
  if (s.empty() || std::isspace(static_cast<unsigned char>(s[0]))) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(s.c_str(), &end);
  if (end != s.c_str() + s.size() || !std::isfinite(d)) return std::nullopt;
  return d;
}

std::optional<long long> as_integer(const json& v) {
  if (v.is_number_integer()) return v.get<long long>();
  auto d = as_number(v);
  if (!d || *d != std::trunc(*d) || std::fabs(*d) > 9007199254740992.0) return std::nullopt;
  return static_cast<long long>(*d);
}

std::optional<bool> as_bool(const json& v) {
  if (v.is_boolean()) return v.get<bool>();
  if (v == "true") return true;
  if (v == "false") return false;
  return std::nullopt;
}

std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    auto c = static_cast<unsigned char>(s[i]);
    size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 1;
    if (i + len > s.size()) len = 1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) len = 1;
    }
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

bool valid_utf8(const std::string& s) {
  // nlohmann's own check, so anything accepted here can later be dumped.
  try {
    (void)json(s).dump();
    return true;
  } catch (const json::exception&) {
    return false;
  }
}

std::string digest(const char* algorithm, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  const EVP_MD* md = EVP_get_digestbyname(algorithm);
  if (md == nullptr || EVP_Digest(data.data(), data.size(), out, &len, md, nullptr) != 1) return {};
  return std::string(reinterpret_cast<const char*>(out), len);
}

std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::string bad_arg(const char* param, const char* wanted) {
  return std::string("invalid value for \"") + param + "\" parameter: " + wanted + " required";
}

bool any_unknown(const std::vector<json>& args) {
  return std::any_of(args.begin(), args.end(), [](const json& a) { return is_unknown(a); });
}

json canonical_set(json list) {
  std::vector<json> items(list.begin(), list.end());
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return json(items);
}

}  // namespace forma::expr::fn
