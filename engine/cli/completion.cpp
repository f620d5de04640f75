#include "engine/cli/completion.h"

#include <CLI/CLI.hpp>

#include <set>
#include <vector>

namespace forma::cli {

namespace {

// What one command path offers: its subcommands and flags, and what its
// positional arguments are.
struct CommandWords {
  std::string path;  // "" for forma itself, "state list"
  std::vector<std::string> commands;  // subcommands
  std::vector<std::string> flags;     // -flags
  std::vector<std::string> value_flags;  // flags that take a value
  bool addresses = false;                // positional arguments are addresses in state
  bool files = false;                    // positional arguments are files
};

// Commands whose arguments name resources in state.
const std::set<std::string> kAddressCommands = {"state list", "state show", "state rm", "state mv", "taint", "untaint"};
const std::set<std::string> kFileCommands = {"apply", "show", "state push", "fmt"};

void collect(const CLI::App& app, const std::string& path, std::vector<CommandWords>& out) {
  CommandWords c;
  c.path = path;
  for (const CLI::App* sub : app.get_subcommands({})) c.commands.push_back(sub->get_name());
  for (const CLI::Option* opt : app.get_options()) {
    if (opt->get_lnames().empty()) continue;  // positional
    for (const auto& n : opt->get_lnames()) {
      c.flags.push_back("-" + n);
      if (opt->get_type_size_max() > 0) c.value_flags.push_back("-" + n);
    }
  }
  c.addresses = kAddressCommands.count(path) != 0;
  c.files = kFileCommands.count(path) != 0;
  out.push_back(c);
  for (const CLI::App* sub : app.get_subcommands({}))
    collect(*sub, path.empty() ? sub->get_name() : path + " " + sub->get_name(), out);
}

std::string join(const std::vector<std::string>& words) {
  std::string s;
  for (const auto& w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

// Shell code both shells run: _forma_words sets what the command path $1
// offers (subcommands; flags once a "-" is typed); _forma_candidates finds the command path among the words typed so
// far (array `args`) and sets forma_candidates (and forma_files) for the word
// $1 being typed after the word $2. Names avoid zsh's special `path` and `words`.
std::string common_functions(const std::vector<CommandWords>& commands) {
  std::string known, choose;
  for (const auto& c : commands) {
    if (!c.path.empty()) known += "      \" " + c.path + "\") cmdpath=\"$cmdpath $w\"; _forma_words \"$cmdpath\" ;;\n";
    choose += "    \"" + (c.path.empty() ? "" : " " + c.path) + "\") offer=\"" + join(c.commands) + "\"; flags=\"" +
              join(c.flags) + "\"; value_flags=\"" +
              join(c.value_flags) + "\"" + (c.addresses ? "; addresses=1" : "") + (c.files ? "; files=1" : "") + " ;;\n";
  }
  return "_forma_words() {\n"
         "  addresses=0; files=0\n"
         "  case \"$1\" in\n" + choose +
         "  esac\n"
         "}\n"
         "_forma_candidates() {\n"
         "  local cmdpath=\"\" w offer=\"\" flags=\"\" value_flags=\"\" addresses=0 files=0 skip=0\n"
         "  _forma_words \"\"\n"
         "  for w in \"${args[@]}\"; do\n"
         "    if [ \"$skip\" = 1 ]; then skip=0; continue; fi\n"
         "    case \"$w\" in\n"
         "      -*=*) continue ;;\n"
         "      -*) case \" $value_flags \" in *\" -${w#--} \"*|*\" $w \"*) skip=1 ;; esac; continue ;;\n"
         "    esac\n"
         "    case \"$cmdpath $w\" in\n" + known +
         "    esac\n"
         "  done\n"
         "  local flag=\"-${2#--}\"\n"
         "  case \"$2\" in --*) ;; *) flag=\"$2\" ;; esac\n"
         "  case \" $value_flags \" in\n"
         "    *\" $flag \"*)\n"
         "      case \"$flag\" in\n"
         "        -target|-replace|-exclude) forma_candidates=\"$(forma state list 2>/dev/null)\" ;;\n"
         "        -format) forma_candidates=\"dot svg png\" ;;\n"
         "        -lock|-refresh|-input) forma_candidates=\"true false\" ;;\n"
         "        *) forma_candidates=\"\"; forma_files=1 ;;\n"
         "      esac\n"
         "      return 0 ;;\n"
         "  esac\n"
         "  case \"$1\" in -*) forma_candidates=\"$flags\"; return 0 ;; esac\n"
         "  forma_candidates=\"$offer\"\n"
         "  if [ -z \"$offer\" ] && [ \"$addresses\" = 0 ] && [ \"$files\" = 0 ]; then forma_candidates=\"$flags\"; fi\n"
         "  if [ \"$addresses\" = 1 ]; then forma_candidates=\"$forma_candidates $(forma state list 2>/dev/null)\"; fi\n"
         "  if [ \"$files\" = 1 ]; then forma_files=1; fi\n"
         "  return 0\n"
         "}\n";
}

std::string bash_script(const std::vector<CommandWords>& commands) {
  return "# bash completion for forma. Load it with: source <(forma completion bash)\n"
         "# or install it: forma completion bash > /etc/bash_completion.d/forma\n"
         + common_functions(commands) +
         "_forma() {\n"
         "  local -a args=(\"${COMP_WORDS[@]:1:COMP_CWORD-1}\")\n"
         "  local cur=\"${COMP_WORDS[COMP_CWORD]}\" prev=\"${COMP_WORDS[COMP_CWORD-1]}\"\n"
         "  local forma_candidates=\"\" forma_files=0\n"
         "  _forma_candidates \"$cur\" \"$prev\"\n"
         "  COMPREPLY=($(compgen -W \"$forma_candidates\" -- \"$cur\"))\n"
         "  if [ \"$forma_files\" = 1 ]; then COMPREPLY+=($(compgen -f -- \"$cur\")); fi\n"
         "}\n"
         "complete -o default -F _forma forma\n";
}

std::string zsh_script(const std::vector<CommandWords>& commands) {
  return "#compdef forma\n"
         "# zsh completion for forma. Load it with: source <(forma completion zsh)\n"
         "# or install it as _forma in a directory of $fpath.\n"
         + common_functions(commands) +
         "_forma() {\n"
         "  local -a args\n"
         "  args=(\"${(@)words[2,CURRENT-1]}\")\n"
         "  local forma_candidates=\"\" forma_files=0\n"
         "  _forma_candidates \"${words[CURRENT]}\" \"${words[CURRENT-1]}\"\n"
         "  local -a candidates\n"
         "  candidates=(${=forma_candidates})\n"
         "  compadd -- $candidates\n"
         "  if [ \"$forma_files\" = 1 ]; then _files; fi\n"
         "}\n"
         "if [ \"$funcstack[1]\" = \"_forma\" ]; then _forma \"$@\"; else compdef _forma forma; fi\n";
}

}  // namespace

std::optional<std::string> completion_script(const CLI::App& app, const std::string& shell) {
  std::vector<CommandWords> commands;
  collect(app, "", commands);
  if (shell == "bash") return bash_script(commands);
  if (shell == "zsh") return zsh_script(commands);
  return std::nullopt;
}

}  // namespace forma::cli
