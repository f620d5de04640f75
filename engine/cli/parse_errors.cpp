#include "engine/cli/parse_errors.h"

#include <CLI/CLI.hpp>

#include <regex>

#include "engine/base/text.h"

namespace forma::cli {

namespace {

// "--auto-approve" -> "-auto-approve": forma documents Terraform's single-dash spelling.
std::string single_dash(const std::string& flag) { return flag.rfind("--", 0) == 0 ? flag.substr(1) : flag; }

std::string command_path(const CLI::App* app) {
  std::string path;
  for (; app; app = app->get_parent()) path = app->get_name() + (path.empty() ? "" : " " + path);
  return path;
}

// The option called `name` on `app` or, as subcommands fall through, on its parents.
const CLI::Option* find_option(CLI::App* app, const std::string& name) {
  for (; app; app = app->get_parent())
    if (const CLI::Option* opt = app->get_option_no_throw(name)) return opt;
  return nullptr;
}

std::vector<std::string> flag_names(CLI::App* app) {
  std::vector<std::string> names;
  for (; app; app = app->get_parent())
    for (const CLI::Option* opt : app->get_options())
      for (const auto& n : opt->get_lnames()) names.push_back("-" + n);
  return names;
}

CLI::App* find_subcommand(CLI::App* app, const std::string& name) {
  auto found = app->get_subcommands([&](CLI::App* sub) { return sub->get_name() == name; });
  return found.empty() ? nullptr : found.front();
}

std::string help_hint(const CLI::App* app) {
  std::string path = command_path(app);
  return "Run " + path + " -help for the flags " + (app->get_parent() ? "it takes." : "forma takes.");
}

}  // namespace

// A word where a command must come that is none of them.
Diagnostic unknown_command(CLI::App* app, const std::string& word) {
  std::vector<std::string> names;
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) names.push_back(sub->get_name());
  auto near = nearest_name(word, names);
  std::string hint = (near ? "Did you mean " + quote(*near) + "? " : std::string()) + "Run " + command_path(app) +
                     " -help to list " + (app->get_parent() ? "its" : "the") + " commands.";
  if (!app->get_parent()) return Diagnostic::error("Unknown command " + quote(word), hint);
  return Diagnostic::error("Unknown command " + quote(word) + " for " + command_path(app), hint);
}

std::optional<Diagnostic> check_command_line(CLI::App& app, const std::vector<std::string>& args) {
  CLI::App* current = &app;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "--") break;
    if (a.rfind("-", 0) == 0 && a.rfind("--", 0) != 0) continue;  // -h and the like
    if (a.rfind("--", 0) != 0) {
      if (CLI::App* sub = find_subcommand(current, a)) {
        current = sub;
      } else if (current->get_require_subcommand_min() > 0) {
        return unknown_command(current, a);
      }
      continue;
    }
    std::string name = a.substr(0, a.find('='));
    const CLI::Option* opt = find_option(current, name);
    if (!opt) {
      std::string flag = single_dash(name);
      auto near = nearest_name(flag, flag_names(current));
      return Diagnostic::error("Unknown flag " + flag + " for " + command_path(current),
                               (near ? "Did you mean " + *near + "? " : std::string()) + help_hint(current));
    }
    if (a.find('=') == std::string::npos && opt->get_type_size_max() > 0) ++i;  // its value
  }
  return std::nullopt;
}

Diagnostic describe_parse_error(const CLI::ParseError& e) {
  std::string what = e.what();
  std::smatch m;
  if (std::regex_search(what, m, std::regex(R"(^--([\w-]+): \d+ required \S+ missing)")))
    return Diagnostic::error("The flag -" + m[1].str() + " needs a value",
                             "Give it as -" + m[1].str() + "=VALUE or -" + m[1].str() + " VALUE.");
  if (std::regex_search(what, m, std::regex(R"(^Could not convert: --([\w-]+) = (.*)$)")))
    return Diagnostic::error("Invalid value " + quote(m[2].str()) + " for -" + m[1].str(),
                             "Run forma COMMAND -help for what each flag takes.");
  if (std::regex_search(what, m, std::regex(R"(^The following argument was not expected: (.*)$)")))
    return Diagnostic::error("Unexpected argument " + quote(m[1].str()),
                             "Run forma COMMAND -help for the arguments each command takes.");
  if (what == "A subcommand is required")
    return Diagnostic::error("Missing command", "Run forma -help to list the commands, for example forma plan.");
  std::string text = std::regex_replace(what, std::regex("--([\\w-]+)"), "-$1");
  return Diagnostic::error(text, "Run forma -help, or forma COMMAND -help, for the flags each command takes.");
}

}  // namespace forma::cli
