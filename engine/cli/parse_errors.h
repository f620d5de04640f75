// Command-line mistakes as diagnostics in forma's own words: flags are named
// with one dash, as users type them, and an unknown flag gets a suggestion.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"

namespace CLI {
class App;
class ParseError;
}  // namespace CLI

namespace forma::cli {

// The first word of `args` (flags already "--name[=value]") that is not a
// command where one is required, or a flag the selected command does not
// take: an error naming the command and the nearest right word.
std::optional<Diagnostic> check_command_line(CLI::App& app, const std::vector<std::string>& args);

// Any other parse error of CLI11, reworded.
Diagnostic describe_parse_error(const CLI::ParseError& e);

}  // namespace forma::cli
