// Small text utilities shared by every layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace forma {

// Levenshtein distance, for "did you mean" suggestions.
size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to `word` if it is close enough to be a likely typo.
std::optional<std::string> nearest_name(std::string_view word, const std::vector<std::string>& candidates);
// " Did you mean \"x\"?" or "".
std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

std::string random_uuid();                      // RFC 4122 version 4
std::string sha256_hex(std::string_view data);
std::string md5_hex(std::string_view data);
std::string base64_encode(std::string_view data);
std::optional<std::string> base64_decode(std::string_view data);

std::string quote(std::string_view s);  // "\"s\"" with JSON escaping
std::string format_duration(double seconds);  // "2m3s", "45s", "0.3s"
// "100ms", "30s", "5m", "2h" (a bare number is seconds) in milliseconds; nullopt when malformed.
std::optional<long long> parse_duration_ms(const std::string& text);

}  // namespace forma
