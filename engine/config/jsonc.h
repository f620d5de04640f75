// JSONC: JSON with // and /* */ comments, nothing else non-standard. The parser
// records where every value was written so that config errors can name
// file:line:col; it is the only reader of config and variable files.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/positions.h"
#include "engine/base/value.h"

namespace forma::config {

// Positions of object keys are recorded under the member's pointer plus this
// suffix ("/variable/x#key"), so "unknown argument" errors can point at the key
// while type errors point at the value. PositionIndex::find falls back to the
// parent object when a "#key" entry is missing.
inline constexpr std::string_view kKeySuffix = "#key";

std::string key_pointer(const std::string& pointer);  // pointer + kKeySuffix

struct JsoncPosition {
  std::string pointer;  // RFC 6901, "" for the document itself
  SourcePos pos;
};

struct JsoncDocument {
  json value;
  // Every value (and every object key, see kKeySuffix) in document order.
  std::vector<JsoncPosition> positions;
  // Set on a syntax error; `value` and `positions` are then incomplete.
  std::optional<Diagnostic> error;
};

// Parses `text`; `file` names it in the error's range. Integers stay integers
// (int64, else uint64, else double); duplicate keys and trailing commas are errors.
JsoncDocument parse_jsonc(std::string_view text, const std::string& file);

// Parses into `out` and adds the positions to `index`; returns the syntax error, if any.
std::optional<Diagnostic> parse_jsonc_into(std::string_view text, const std::string& file,
                                           json& out, PositionIndex& index);

// Reads a whole file; nullopt (and `error` set) when it cannot be read.
std::optional<std::string> read_text_file(const std::string& path, std::string& error);

}  // namespace forma::config
