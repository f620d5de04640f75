// Private to the function library: argument coercion shared by the
// functions_*.cpp category files, and each category's table of specs.
#pragma once

#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "engine/expr/functions.h"

namespace forma::expr::fn {

using Args = std::vector<json>;
using Ctx = FunctionContext;

inline FunctionResult ok(json v) { return {std::move(v), {}}; }
inline FunctionResult fail(std::string message) { return {nullptr, std::move(message)}; }

// "string", "number", "bool", "list", "object" or "null", for error sentences.
std::string type_name(const json& v);

// Terraform converts between primitives implicitly: 5 -> "5", "5" -> 5,
// "true" -> true. Each returns nullopt when the value does not convert.
std::optional<std::string> as_string(const json& v);
std::optional<double> as_number(const json& v);
std::optional<long long> as_integer(const json& v);  // whole numbers only
std::optional<bool> as_bool(const json& v);

// The canonical text of a number: 3 not 3.0, 0.5 not 5e-01.
std::string number_text(const json& v);
// A number as JSON: an integer when it is whole and fits, else a double.
json number_value(double d);

// Unicode code points of UTF-8 text; invalid bytes count as one each.
std::vector<std::string> code_points(const std::string& s);

// Strings must be valid UTF-8 to be JSON; bytes from files and base64 are checked.
bool valid_utf8(const std::string& s);

// Raw digest bytes; `algorithm` is an OpenSSL name such as "SHA256" or "MD5".
std::string digest(const char* algorithm, std::string_view data);
std::string hex(std::string_view bytes);
// OpenSSL digest names, as template arguments of the hash functions; kNone
// means no digest (filebase64).
inline constexpr char kNone[] = "", kMd5[] = "MD5", kSha1[] = "SHA1", kSha256[] = "SHA256",
                      kSha512[] = "SHA512";

// Why an argument is unusable: "invalid value for \"list\" parameter: list required".
std::string bad_arg(const char* param, const char* wanted);

// True if any argument is itself unknown (not just containing one), for the
// functions that accept unknown values and pass through what they can.
bool any_unknown(const std::vector<json>& args);

// Sets are JSON arrays; this sorts and removes duplicates so sets compare equal.
json canonical_set(json list);

// Each category's functions, collected by functions.cpp into one table
// (functions, not globals, so no static initialization order matters).
std::vector<FunctionSpec> numeric_functions();
std::vector<FunctionSpec> string_functions();
std::vector<FunctionSpec> regex_functions();
std::vector<FunctionSpec> format_functions();
std::vector<FunctionSpec> collection_functions();
std::vector<FunctionSpec> set_functions();
std::vector<FunctionSpec> conversion_functions();
std::vector<FunctionSpec> encoding_functions();
std::vector<FunctionSpec> filesystem_functions();
std::vector<FunctionSpec> network_functions();
std::vector<FunctionSpec> time_functions();

}  // namespace forma::expr::fn
