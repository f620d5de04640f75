// `forma fmt`: the canonical layout of a config file, keeping every comment.
#pragma once

#include <string>
#include <string_view>

#include "engine/base/diagnostic.h"

namespace forma::config {

struct FormatResult {
  std::string text;   // the formatted file; the input unchanged when diags has errors
  Diagnostics diags;  // syntax errors, each with file:line:col
};

// Formats a JSON-with-comments document: 2-space indent, one member per line,
// `"key": value`, `{}` and `[]` when empty, short arrays of scalars on one
// line when they fit in 100 columns, comments kept where they were (end of
// line, own line, or block), at most one blank line where the input had
// blank lines, no trailing whitespace, a final newline. Strings and numbers
// are kept exactly as written. format_jsonc(format_jsonc(x)) == format_jsonc(x).
FormatResult format_jsonc(std::string_view text, const std::string& filename);

// A unified diff (3 lines of context) from `a` to `b`, headed
// "--- old/<name>" / "+++ new/<name>"; empty when they are equal.
std::string unified_diff(const std::string& a, const std::string& b, const std::string& name);

}  // namespace forma::config
