// String functions: base64, concat, format, guid, indexOf, padLeft, replace,
// split, substring, uniqueString, uri, utcNow and friends.
#include <openssl/rand.h>

#include <algorithm>
#include <cmath>
#include <sstream>

#include "engine/base/text.h"
#include "providers/azure/template/functions.h"
#include "providers/azure/template/hashes.h"

namespace forma::azure::tmpl {

std::string json_compact(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace); }

std::string to_display_string(const json& v) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "True" : "False";
  if (v.is_null()) return "";
  if (v.is_number_float()) {
    double d = v.get<double>();
    if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
    std::ostringstream os;
    os.precision(15);
    os << d;
    return os.str();
  }
  return json_compact(v);
}

namespace {

std::string lower_ascii(std::string s) { return lower(std::move(s)); }

std::string upper_ascii(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

json fn_base64(Call& c) { return base64_encode(c.str(0)); }

std::string decode_base64_arg(Call& c) {
  auto decoded = base64_decode(c.str(0));
  if (!decoded) c.error("expects valid base64, got \"" + c.str(0) + "\"");
  return *decoded;
}

json fn_base64_to_string(Call& c) { return decode_base64_arg(c); }

json fn_base64_to_json(Call& c) {
  json parsed = json::parse(decode_base64_arg(c), nullptr, false);
  if (parsed.is_discarded()) c.error("expects base64 of a JSON document");
  return parsed;
}

json fn_data_uri(Call& c) {
  return "data:text/plain;charset=utf8;base64," + base64_encode(to_display_string(c.args[0]));
}

json fn_data_uri_to_string(Call& c) {
  const std::string& s = c.str(0);
  size_t comma = s.find(',');
  if (s.rfind("data:", 0) != 0 || comma == std::string::npos)
    c.error("expects a data URI (data:...;base64,...)");
  std::string meta = s.substr(5, comma - 5), data = s.substr(comma + 1);
  if (meta.size() >= 7 && meta.compare(meta.size() - 7, 7, ";base64") == 0) {
    auto decoded = base64_decode(data);
    if (!decoded) c.error("expects valid base64 after the comma of the data URI");
    return *decoded;
  }
  return data;
}

size_t ifind(const std::string& hay, const std::string& needle, bool last) {
  std::string h = lower_ascii(hay), n = lower_ascii(needle);
  return last ? h.rfind(n) : h.find(n);
}

json fn_ends_with(Call& c) {
  std::string s = lower_ascii(c.str(0)), e = lower_ascii(c.str(1));
  return s.size() >= e.size() && s.compare(s.size() - e.size(), e.size(), e) == 0;
}

json fn_starts_with(Call& c) { return lower_ascii(c.str(0)).rfind(lower_ascii(c.str(1)), 0) == 0; }

json index_of(Call& c, bool last) {
  if (c.args[0].is_array()) {
    const json& a = c.args[0];
    for (size_t k = 0; k < a.size(); ++k) {
      size_t i = last ? a.size() - 1 - k : k;
      if (json_equals(a[i], c.args[1])) return static_cast<int64_t>(i);
    }
    return -1;
  }
  if (c.str(1).empty()) return last ? static_cast<int64_t>(c.str(0).size()) : 0;
  size_t at = ifind(c.str(0), c.str(1), last);
  return at == std::string::npos ? -1 : static_cast<int64_t>(at);
}

json fn_index_of(Call& c) { return index_of(c, false); }
json fn_last_index_of(Call& c) { return index_of(c, true); }

json fn_format(Call& c) {
  std::vector<json> rest(c.args.begin() + 1, c.args.end());
  return dotnet_format(c.str(0), rest, c);
}

std::vector<std::string> string_args(Call& c) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < c.args.size(); ++i) parts.push_back(c.str(i));
  return parts;
}

json fn_guid(Call& c) { return deterministic_guid(string_args(c)); }
json fn_unique_string(Call& c) { return unique_string(string_args(c)); }

json fn_new_guid(Call& c) {
  if (!c.frame.in_parameter_default) c.error("can only be used in the defaultValue of a parameter");
  std::array<uint8_t, 16> b{};
  if (c.scope.seams.random_bytes)
    b = c.scope.seams.random_bytes();
  else if (RAND_bytes(b.data(), static_cast<int>(b.size())) != 1)
    c.error("could not get random bytes");
  b[6] = static_cast<uint8_t>((b[6] & 0x0f) | 0x40);
  b[8] = static_cast<uint8_t>((b[8] & 0x3f) | 0x80);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += hex[b[i] >> 4];
    out += hex[b[i] & 15];
  }
  return out;
}

json fn_utc_now(Call& c) {
  if (!c.frame.in_parameter_default) c.error("can only be used in the defaultValue of a parameter");
  auto now = c.scope.seams.now ? c.scope.seams.now() : std::chrono::system_clock::now();
  return format_utc(now, c.args.empty() ? "yyyyMMddTHHmmssZ" : c.str(0));
}

json fn_pad_left(Call& c) {
  std::string s = c.args[0].is_number_integer() ? std::to_string(c.args[0].get<int64_t>()) : c.str(0);
  int64_t total = c.integer(1);
  std::string pad = c.args.size() > 2 ? c.str(2) : " ";
  if (pad.size() != 1) c.error("expects a single padding character, got \"" + pad + "\"");
  if (total < 0 || total > 16 * 1024) c.error("expects a total length from 0 to 16384");
  if (static_cast<int64_t>(s.size()) < total) s.insert(0, static_cast<size_t>(total) - s.size(), pad[0]);
  return s;
}

json fn_replace(Call& c) {
  std::string s = c.str(0);
  const std::string& from = c.str(1);
  const std::string& to = c.str(2);
  if (from.empty()) return s;
  std::string out;
  size_t pos = 0, at;
  while ((at = s.find(from, pos)) != std::string::npos) {
    out += s.substr(pos, at - pos) + to;
    pos = at + from.size();
  }
  return out + s.substr(pos);
}

json fn_split(Call& c) {
  std::vector<std::string> delims;
  if (c.args[1].is_array()) {
    for (const auto& d : c.args[1]) {
      if (!d.is_string()) c.wrong_type(1, "a string or an array of strings");
      delims.push_back(d.get<std::string>());
    }
  } else {
    delims.push_back(c.str(1));
  }
  const std::string& s = c.str(0);
  json out = json::array();
  size_t pos = 0, start = 0;
  while (pos <= s.size()) {
    size_t best = std::string::npos, best_len = 0;
    for (const auto& d : delims) {
      if (d.empty()) continue;
      size_t at = s.find(d, pos);
      if (at < best) best = at, best_len = d.size();
    }
    if (best == std::string::npos) break;
    out.push_back(s.substr(start, best - start));
    start = pos = best + best_len;
  }
  out.push_back(s.substr(start));
  return out;
}

json fn_string(Call& c) { return to_display_string(c.args[0]); }

json fn_substring(Call& c) {
  const std::string& s = c.str(0);
  int64_t start = c.integer(1);
  int64_t len = c.args.size() > 2 ? c.integer(2) : static_cast<int64_t>(s.size()) - start;
  if (start < 0 || len < 0 || start + len > static_cast<int64_t>(s.size()))
    c.error("expects the start index " + std::to_string(start) + " and length " + std::to_string(len) +
            " to lie within the string of length " + std::to_string(s.size()));
  return s.substr(static_cast<size_t>(start), static_cast<size_t>(len));
}

json fn_to_lower(Call& c) { return lower_ascii(c.str(0)); }
json fn_to_upper(Call& c) { return upper_ascii(c.str(0)); }

json fn_trim(Call& c) {
  const std::string& s = c.str(0);
  size_t b = s.find_first_not_of(" \t\r\n\v\f"), e = s.find_last_not_of(" \t\r\n\v\f");
  return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
}

json fn_uri(Call& c) {
  const std::string& base = c.str(0);
  const std::string& rel = c.str(1);
  size_t scheme = base.find("://");
  if (scheme == std::string::npos) c.error("expects an absolute base URI, got \"" + base + "\"");
  if (rel.find("://") != std::string::npos) return rel;
  if (!rel.empty() && rel[0] == '/') {
    size_t host_end = base.find('/', scheme + 3);
    return base.substr(0, host_end) + rel;
  }
  size_t last = base.rfind('/');
  if (last < scheme + 3) return base + "/" + rel;
  return base.substr(0, last + 1) + rel;
}

json fn_uri_component(Call& c) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : c.str(0)) {
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.' || ch == '~')
      out += static_cast<char>(ch);
    else
      out += std::string("%") + hex[ch >> 4] + hex[ch & 15];
  }
  return out;
}

json fn_uri_component_to_string(Call& c) {
  const std::string& s = c.str(0);
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() + 0 && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

}  // namespace

void add_string_functions(std::vector<Builtin>& out) {
  out.insert(out.end(), {
                            {"base64", 1, 1, fn_base64},
                            {"base64ToString", 1, 1, fn_base64_to_string},
                            {"base64ToJson", 1, 1, fn_base64_to_json},
                            {"dataUri", 1, 1, fn_data_uri},
                            {"dataUriToString", 1, 1, fn_data_uri_to_string},
                            {"endsWith", 2, 2, fn_ends_with},
                            {"startsWith", 2, 2, fn_starts_with},
                            {"indexOf", 2, 2, fn_index_of},
                            {"lastIndexOf", 2, 2, fn_last_index_of},
                            {"format", 1, -1, fn_format},
                            {"guid", 1, -1, fn_guid},
                            {"uniqueString", 1, -1, fn_unique_string},
                            {"newGuid", 0, 0, fn_new_guid},
                            {"utcNow", 0, 1, fn_utc_now},
                            {"padLeft", 2, 3, fn_pad_left},
                            {"replace", 3, 3, fn_replace},
                            {"split", 2, 2, fn_split},
                            {"string", 1, 1, fn_string},
                            {"substring", 2, 3, fn_substring},
                            {"toLower", 1, 1, fn_to_lower},
                            {"toUpper", 1, 1, fn_to_upper},
                            {"trim", 1, 1, fn_trim},
                            {"uri", 2, 2, fn_uri},
                            {"uriComponent", 1, 1, fn_uri_component},
                            {"uriComponentToString", 1, 1, fn_uri_component_to_string},
                        });
}

}  // namespace forma::azure::tmpl
