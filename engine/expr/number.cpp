#include "engine/expr/number.h"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace forma::expr {

std::optional<json> parse_number(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const char* first = text.data();
  const char* last = text.data() + text.size();
  if (*first == '+') ++first;
  int64_t i = 0;
  auto int_result = std::from_chars(first, last, i);
  if (int_result.ec == std::errc() && int_result.ptr == last) return json(i);
  double d = 0;
  auto result = std::from_chars(first, last, d);
  if (result.ec != std::errc() || result.ptr != last || !std::isfinite(d)) return std::nullopt;
  // from_chars accepts "inf"/"nan" spellings; a number must start with a digit or sign.
  char c = *first == '-' && first + 1 < last ? first[1] : *first;
  if (!(c >= '0' && c <= '9') && c != '.') return std::nullopt;
  return normalize_number(d);
}

json normalize_number(double d) {
  // 2^63 bounds the doubles whose whole value fits an int64.
  if (std::isfinite(d) && std::trunc(d) == d && std::fabs(d) < 9223372036854775808.0)
    return json(static_cast<int64_t>(d));
  return json(d);
}

std::string number_to_string(const json& number) {
  if (number.is_number_integer()) return number.dump();
  double d = number.get<double>();
  json n = normalize_number(d);
  if (n.is_number_integer()) return n.dump();
  char buffer[512];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, d, std::chars_format::fixed);
  if (result.ec != std::errc()) return number.dump();
  return std::string(buffer, result.ptr);
}

}  // namespace forma::expr
