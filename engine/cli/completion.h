// `forma completion bash|zsh`: shell completion scripts generated from the
// command tree itself, so every command and flag is covered. Commands and
// flags that take resource addresses complete them from `forma state list`.
#pragma once

#include <optional>
#include <string>

namespace CLI {
class App;
}  // namespace CLI

namespace forma::cli {

// The script for `shell` ("bash" or "zsh"); nullopt for any other shell.
std::optional<std::string> completion_script(const CLI::App& app, const std::string& shell);

}  // namespace forma::cli
