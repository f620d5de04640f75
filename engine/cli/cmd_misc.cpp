// init, validate, show, output, graph, fmt, version.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "engine/base/text.h"
#include "engine/cli/commands.h"
#include "engine/config/format.h"
#include "engine/config/jsonc.h"
#include "engine/graph/builder.h"
#include "engine/plan/argument_check.h"
#include "engine/plan/plan_file.h"
#include "engine/plan/planner.h"
#include "engine/ui/show_json.h"
#include "state/commands.h"

#ifndef FORMA_VERSION
#define FORMA_VERSION "0.1.0"
#endif

namespace forma::cli {

namespace fs = std::filesystem;

namespace {

std::set<std::string> providers_used(const config::Module& m) {
  std::set<std::string> out;
  for (const auto& r : m.resources) {
    std::string ref = r.provider_ref.empty() ? r.implied_provider() : r.provider_ref;
    out.insert(ref.substr(0, ref.find('.')));
  }
  for (const auto& p : m.providers) out.insert(p.name);
  for (const auto& [n, c] : m.children)
    for (const auto& p : providers_used(*c)) out.insert(p);
  return out;
}

}  // namespace

int cmd_init(Session& s) {
  auto loaded = config::load_module(".");
  if (s.report(loaded.diags) || !loaded.root) return kExitError;
  Diagnostics diags;
  for (const auto& name : providers_used(*loaded.root)) {
    if (s.providers().start("provider." + name, name, diags)) s.print("- Using provider \"" + name + "\"\n");
  }
  if (s.report(diags)) return kExitError;
  s.print(s.style().bold(s.style().green("\nforma has been successfully initialized!")) +
          "\n\nRun \"forma plan\" to see the changes this configuration makes.\n");
  return kExitOk;
}

namespace {

// -json: the closing line of validate, after its diagnostics.
int validate_result(Session& s, const Diagnostics& diags) {
  int errors = 0, warnings = 0;
  for (const auto& d : diags) (d.severity == Severity::Error ? errors : warnings)++;
  if (auto* js = s.json_stream()) {
    js->emit(errors ? "error" : "info",
             errors ? "The configuration is invalid: " + std::to_string(errors) + " error" + (errors == 1 ? "" : "s") + "."
                    : std::string("Success! The configuration is valid."),
             "validate_result", {{"valid", errors == 0}, {"error_count", errors}, {"warning_count", warnings}});
  } else if (!errors) {
    s.print(s.style().green("Success!") + " The configuration is valid.\n");
  }
  return errors ? kExitError : kExitOk;
}

}  // namespace

const char* forma_version() { return FORMA_VERSION; }

int cmd_validate(Session& s, const VarOptions& vars, bool json_output) {
  std::unique_ptr<ui::JsonStream> stream;
  if (json_output) {
    stream = std::make_unique<ui::JsonStream>(stdout, s.clock());
    s.use_json(stream.get());
    stream->version(forma_version());
  }
  auto loaded = config::load_module(".");
  if (s.report(loaded.diags) || !loaded.root) return validate_result(s, loaded.diags);
  auto built = graph::build_graph(*loaded.root);
  Diagnostics diags = loaded.diags;
  append(diags, built.diags);
  // Resource types and arguments are checked against the providers' schemas.
  for (const auto& name : providers_used(*loaded.root)) s.providers().start("provider." + name, name, diags);
  std::function<void(const config::Module&)> check = [&](const config::Module& m) {
    for (const auto& r : m.resources) {
      std::string ref = r.provider_ref.empty() ? r.implied_provider() : r.provider_ref;
      // A provider that could not start has already been reported.
      if (s.providers().get("provider." + ref.substr(0, ref.find('.'))))
        append(diags, plan::check_arguments(r, m, s.providers()));
    }
    for (const auto& [n, c] : m.children) check(*c);
  };
  check(*loaded.root);
  (void)vars;
  s.report(Diagnostics(diags.begin() + static_cast<long>(loaded.diags.size()), diags.end()));
  return validate_result(s, diags);
}

int cmd_show(Session& s, const StateOptions& state, const std::string& plan_file, bool json_output) {
  if (!plan_file.empty()) {
    Status st;
    auto saved = plan::read_plan_file(plan_file, st);
    if (!saved) return s.fail("Cannot read the plan", st.message());
    if (json_output) {
      s.print(ui::plan_document(saved->plan, forma_version()).dump() + "\n");
    } else {
      s.print(ui::render_plan(saved->plan, s.style()));
    }
    return kExitOk;
  }
  StateOptions read = state;
  read.lock = "false";
  if (!s.open_state(read, false, "show")) return kExitError;
  if (json_output) {
    ui::StateView view;
    if (auto* store = s.store()) {
      view.lineage = store->lineage();
      view.serial = store->serial();
      view.resources = store->resources();
      view.outputs = store->outputs();
    }
    s.print(ui::state_document(view, forma_version()).dump() + "\n");
    return kExitOk;
  }
  if (!s.store()) {
    s.print("No state.\n");
    return kExitOk;
  }
  auto objects = s.store()->resources();
  if (objects.empty()) {
    s.print("The state is empty.\n");
    return kExitOk;
  }
  for (const auto& o : objects) {
    s.print("# " + o.address + (o.deposed.empty() ? "" : " (deposed " + o.deposed + ")") + ":\n");
    s.print("resource " + quote(o.type) + " " + quote(o.address.substr(o.address.rfind('.') + 1)) + " " +
            ui::render_value(redact(o.attributes, o.sensitive_paths)) + "\n\n");
  }
  auto outputs = s.store()->outputs();
  if (!outputs.empty()) s.print("Outputs:\n\n" + ui::render_outputs(outputs, s.style()));
  return kExitOk;
}

int cmd_output(Session& s, const StateOptions& state, const std::string& name, bool json_output, bool raw) {
  StateOptions read = state;
  read.lock = "false";
  if (!s.open_state(read, false, "output")) return kExitError;
  std::vector<state::OutputValue> outputs;
  if (s.store()) outputs = s.store()->outputs();
  if (name.empty()) {
    if (json_output) {
      json doc = json::object();
      for (const auto& o : outputs) doc[o.name] = {{"sensitive", o.sensitive}, {"value", o.value}};
      s.print(doc.dump(2) + "\n");
    } else if (outputs.empty()) {
      s.print_error("Warning: No outputs found. Apply a configuration that declares outputs first.\n");
    } else {
      s.print(ui::render_outputs(outputs, s.style()));
    }
    return kExitOk;
  }
  for (const auto& o : outputs) {
    if (o.name != name) continue;
    if (json_output) s.print(o.value.dump() + "\n");
    else if (raw) {
      if (!o.value.is_string() && !o.value.is_number() && !o.value.is_boolean())
        return s.fail("Unsupported value for raw output", "-raw prints strings, numbers and bools; use -json for \"" + name + "\".");
      s.print(o.value.is_string() ? o.value.get<std::string>() : o.value.dump());
    } else {
      s.print((o.sensitive ? std::string("(sensitive value)") : ui::render_value(o.value)) + "\n");
    }
    return kExitOk;
  }
  std::vector<std::string> names;
  for (const auto& o : outputs) names.push_back(o.name);
  return s.fail("Output \"" + name + "\" not found",
                "The state has no output with that name." + did_you_mean(name, names));
}

int cmd_graph(Session& s, const std::string& plan_file, const std::string& format) {
  auto loaded = config::load_module(".");
  if (s.report(loaded.diags) || !loaded.root) return kExitError;
  auto built = graph::build_graph(*loaded.root);
  if (s.report(built.diags)) return kExitError;
  std::vector<std::string> styles(built.graph.size());
  if (!plan_file.empty()) {
    Status st;
    auto saved = plan::read_plan_file(plan_file, st);
    if (!saved) return s.fail("Cannot read the plan", st.message());
    for (const auto& c : saved->plan.changes) {
      auto id = built.graph.find(plan::base_of(c.address));
      if (!id) continue;
      const char* colour = c.action == plan::Action::Create ? "green" : c.action == plan::Action::Update ? "orange"
                           : c.action == plan::Action::NoOp ? "black" : "red";
      styles[static_cast<size_t>(*id)] = std::string("color = ") + colour;
    }
  }
  std::string dot = built.graph.to_dot(styles);
  if (format.empty() || format == "dot") {
    s.print(dot);
    return kExitOk;
  }
  if (format != "svg" && format != "png") return s.fail("Unknown graph format \"" + format + "\"", "Use -format=dot, svg or png.");
  if (std::system("command -v dot >/dev/null 2>&1") != 0)
    return s.fail("Graphviz is not installed", "forma draws SVG and PNG through Graphviz's dot: apt-get install graphviz, "
                  "or use -format=dot and render it elsewhere.");
  std::string tmp = (fs::temp_directory_path() / ("forma-graph-" + random_uuid() + ".dot")).string();
  { std::ofstream(tmp) << dot; }
  std::string cmd = "dot -T" + format + " '" + tmp + "'";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while (p && (n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  int rc = p ? pclose(p) : -1;
  fs::remove(tmp);
  if (rc != 0) return s.fail("Graphviz failed to draw the graph");
  s.print(out);
  return kExitOk;
}

int cmd_fmt(Session& s, bool check, bool diff, const std::vector<std::string>& paths) {
  std::vector<std::string> files;
  std::vector<std::string> roots = paths.empty() ? std::vector<std::string>{"."} : paths;
  for (const auto& root : roots) {
    if (fs::is_directory(root)) {
      for (const auto& e : fs::directory_iterator(root)) {
        std::string n = e.path().filename().string();
        if (n.size() > 11 && (n.ends_with(".forma.json"))) files.push_back(e.path().string());
      }
    } else {
      files.push_back(root);
    }
  }
  std::sort(files.begin(), files.end());
  bool any_changed = false, failed = false;
  for (const auto& f : files) {
    std::string error;
    auto text = config::read_text_file(f, error);
    if (!text) {
      failed = true;
      s.report({Diagnostic::error("Cannot read \"" + f + "\"", error)});
      continue;
    }
    auto formatted = config::format_jsonc(*text, f);
    if (s.report(formatted.diags)) {
      failed = true;
      continue;
    }
    if (formatted.text == *text) continue;
    any_changed = true;
    if (diff) s.print(config::unified_diff(*text, formatted.text, f));
    if (check) {
      if (!diff) s.print(f + "\n");
      continue;
    }
    std::string tmp = f + ".fmt-tmp";
    { std::ofstream(tmp, std::ios::binary) << formatted.text; }
    fs::rename(tmp, f);
    if (!diff) s.print(f + "\n");
  }
  if (failed) return kExitError;
  return check && any_changed ? 3 : kExitOk;
}

int cmd_version(Session& s, bool json_output) {
  if (json_output) s.print(json{{"forma_version", FORMA_VERSION}, {"provider_protocol", 1}}.dump() + "\n");
  else s.print(std::string("forma v") + FORMA_VERSION + "\n");
  return kExitOk;
}

}  // namespace forma::cli
