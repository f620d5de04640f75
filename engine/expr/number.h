// Numbers of the expression language: JSON integers while exact, doubles
// otherwise, written the way Terraform writes them (5, 1.5, never 5.0).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "engine/base/value.h"

namespace forma::expr {

// "5" -> 5, "-1.5" -> -1.5, "1e3" -> 1000; nullopt for anything else
// (including surrounding spaces, "inf" and "nan").
std::optional<json> parse_number(std::string_view text);
// A double that holds a whole number becomes an integer, so 1.5 + 1.5 is 3.
json normalize_number(double d);
std::string number_to_string(const json& number);

}  // namespace forma::expr
