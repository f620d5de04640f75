// Text checks shared by the tests.
#pragma once

#include <string_view>

namespace forma::testing {

inline bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

}  // namespace forma::testing
