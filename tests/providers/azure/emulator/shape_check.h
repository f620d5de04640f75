// Whether an answer has every property name of a reference example's body.
#pragma once

#include <algorithm>
#include <string>
#include <vector>

#include "engine/base/value.h"

namespace forma::emulator::testing {

// JSON-pointer-like paths of `expected` whose names are missing from `actual`.
// Array elements are compared with ours at the same index, or our last one.
inline void missing_names(const json& expected, const json& actual, const std::string& at,
                          std::vector<std::string>& out) {
  if (expected.is_object()) {
    if (!actual.is_object()) {
      out.push_back(at + " (not an object)");
      return;
    }
    for (const auto& [key, value] : expected.items()) {
      if (!actual.contains(key))
        out.push_back(at + "/" + key);
      else
        missing_names(value, actual[key], at + "/" + key, out);
    }
  } else if (expected.is_array() && !expected.empty()) {
    if (!actual.is_array() || actual.empty()) {
      out.push_back(at + " (no elements)");
      return;
    }
    for (size_t i = 0; i < expected.size(); ++i)
      missing_names(expected[i], actual[std::min(i, actual.size() - 1)], at + "/" + std::to_string(i), out);
  }
}

}  // namespace forma::emulator::testing
