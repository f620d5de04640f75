// jsonencode jsondecode base64encode base64decode base64sha256 base64sha512
// urlencode md5 sha1 sha256 sha512 uuid uuidv5
#include <cctype>
#include <cstdio>

#include "engine/base/text.h"
#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

// Whole doubles print as integers (1, not 1.0), as Terraform prints them.
json normalize_numbers(const json& v) {
  if (v.is_number_float()) return number_value(v.get<double>());
  if (v.is_array() || v.is_object()) {
    json out = v;
    for (auto& item : out) item = normalize_numbers(item);
    return out;
  }
  return v;
}

FunctionResult jsonencode_fn(const Args& a, const Ctx&) {
  return ok(normalize_numbers(a[0]).dump(-1, ' ', false, json::error_handler_t::replace));
}

FunctionResult jsondecode_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  try {
    return ok(json::parse(*s));
  } catch (const json::exception& e) {
    std::string message = e.what();  // "[json.exception.parse_error.101] parse error at ..."
    size_t bracket = message.find("] ");
    return fail("invalid JSON: " + (bracket == std::string::npos ? message : message.substr(bracket + 2)));
  }
}

FunctionResult base64encode_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  return ok(base64_encode(*s));
}

FunctionResult base64decode_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  auto decoded = base64_decode(*s);
  if (!decoded) return fail("failed to decode base64 data " + quote(s->substr(0, 40)));
  if (!valid_utf8(*decoded)) return fail("the result of decoding the base64 data is not valid UTF-8");
  return ok(*decoded);
}

template <const char* Algorithm, bool Base64>
FunctionResult hash_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  std::string raw = digest(Algorithm, *s);
  return ok(Base64 ? base64_encode(raw) : hex(raw));
}

// Go's url.QueryEscape: unreserved characters stay, space becomes "+".
FunctionResult urlencode_fn(const Args& a, const Ctx&) {
  auto s = as_string(a[0]);
  if (!s) return fail(bad_arg("str", "string"));
  std::string out;
  for (unsigned char c : *s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else if (c == ' ') {
      out += '+';
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return ok(out);
}

// Impure: a new value on every call, so it is evaluated once, at plan time.
FunctionResult uuid_fn(const Args&, const Ctx&) { return ok(random_uuid()); }

std::optional<std::string> uuid_bytes(std::string text) {
  std::string bytes;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-' && (i == 8 || i == 13 || i == 18 || i == 23)) continue;
    if (i + 1 >= text.size() || !std::isxdigit(static_cast<unsigned char>(text[i])) ||
        !std::isxdigit(static_cast<unsigned char>(text[i + 1]))) {
      return std::nullopt;
    }
    bytes += static_cast<char>(std::stoi(text.substr(i, 2), nullptr, 16));
    ++i;
  }
  if (bytes.size() != 16 || text.size() != 36) return std::nullopt;
  return bytes;
}

FunctionResult uuidv5_fn(const Args& a, const Ctx&) {
  auto ns = as_string(a[0]), name = as_string(a[1]);
  if (!ns || !name) return fail("uuidv5 requires a namespace and a name");
  static const std::pair<const char*, const char*> kNamespaces[] = {
      {"dns", "6ba7b810-9dad-11d1-80b4-00c04fd430c8"}, {"url", "6ba7b811-9dad-11d1-80b4-00c04fd430c8"},
      {"oid", "6ba7b812-9dad-11d1-80b4-00c04fd430c8"}, {"x500", "6ba7b814-9dad-11d1-80b4-00c04fd430c8"}};
  std::string ns_text = *ns;
  for (auto& [alias, id] : kNamespaces) {
    if (ns_text == alias) ns_text = id;
  }
  auto ns_bytes = uuid_bytes(ns_text);
  if (!ns_bytes) return fail("uuidv5 namespace must be dns, url, oid, x500 or a UUID, not " + quote(*ns));
  std::string h = digest(kSha1, *ns_bytes + *name).substr(0, 16);
  h[6] = static_cast<char>((h[6] & 0x0f) | 0x50);
  h[8] = static_cast<char>((h[8] & 0x3f) | 0x80);
  std::string x = hex(h);
  return ok(x.substr(0, 8) + "-" + x.substr(8, 4) + "-" + x.substr(12, 4) + "-" + x.substr(16, 4) + "-" + x.substr(20));
}

}  // namespace

std::vector<FunctionSpec> encoding_functions() {
  return {
      {"jsonencode", 1, 1, false, jsonencode_fn},
      {"jsondecode", 1, 1, false, jsondecode_fn},
      {"base64encode", 1, 1, false, base64encode_fn},
      {"base64decode", 1, 1, false, base64decode_fn},
      {"base64sha256", 1, 1, false, hash_fn<kSha256, true>},
      {"base64sha512", 1, 1, false, hash_fn<kSha512, true>},
      {"md5", 1, 1, false, hash_fn<kMd5, false>},
      {"sha1", 1, 1, false, hash_fn<kSha1, false>},
      {"sha256", 1, 1, false, hash_fn<kSha256, false>},
      {"sha512", 1, 1, false, hash_fn<kSha512, false>},
      {"urlencode", 1, 1, false, urlencode_fn},
      {"uuid", 0, 0, false, uuid_fn},
      {"uuidv5", 2, 2, false, uuidv5_fn},
  };
}

}  // namespace forma::expr::fn
