#include "engine/ui/render.h"

#include <algorithm>
#include <set>

#include "engine/base/text.h"

namespace forma::ui {

namespace {

using plan::Action;

const char* kSensitive = "(sensitive value)";
const char* kUnknown = "(known after apply)";

bool is_sensitive_marker(const json& v) { return v.is_string() && v.get<std::string>() == kSensitive; }

std::string pad(int n) { return std::string(static_cast<size_t>(std::max(0, n)), ' '); }

std::string scalar(const json& v) {
  if (is_unknown(v)) return kUnknown;
  if (is_sensitive_marker(v)) return kSensitive;
  if (v.is_null()) return "null";
  return v.dump();
}

bool multiline(const json& v) { return v.is_structured() && !is_unknown(v) && !v.empty(); }

std::string key_text(const std::string& k, bool quoted) { return quoted ? quote(k) : k; }

struct Renderer {
  const Style& style;
  std::string out;

  std::string sign(char c) const {
    switch (c) {
      case '+': return style.green("+");
      case '-': return style.red("-");
      case '~': return style.yellow("~");
      default: return " ";
    }
  }

  // All of `v` under one sign (a created or destroyed value).
  void whole(const json& v, char s, int indent) {
    if (!multiline(v)) {
      out += scalar(v);
      if (s == '-') out += " -> null";
      out += "\n";
      return;
    }
    bool array = v.is_array();
    out += array ? "[\n" : "{\n";
    size_t width = 0;
    if (!array)
      for (const auto& [k, e] : v.items()) width = std::max(width, quote(k).size());
    for (const auto& [k, e] : v.items()) {
      out += pad(indent + 2) + sign(s) + " ";
      if (!array) {
        std::string key = quote(k);
        out += key + pad(static_cast<int>(width - key.size())) + " = ";
      }
      whole(e, s, indent + 4);
    }
    out += pad(indent) + (array ? "]" : "}") + (s == '-' ? " -> null" : "") + "\n";
  }

  // The difference between two values of one attribute.
  void diff(const json& before, const json& after, int indent) {
    if (before.is_object() && after.is_object() && !is_unknown(before) && !is_unknown(after)) {
      out += "{\n";
      attributes(before, after, indent + 4, true, {});
      out += pad(indent + 2) + "}\n";
      return;
    }
    if (multiline(before) || multiline(after)) {
      out += (before.is_null() ? std::string("null") : compact(before)) + " -> " +
             (after.is_null() ? std::string("null") : compact(after)) + "\n";
      return;
    }
    out += scalar(before) + " -> " + scalar(after) + "\n";
  }

  static std::string compact(const json& v) {
    if (is_unknown(v)) return kUnknown;
    std::string s = v.dump();
    // Unknown markers and secrets inside a compact value read as the words, not JSON.
    for (const auto& [from, to] : {std::pair<std::string, std::string>{"{\"$unknown\":true}", kUnknown},
                                  {std::string("\"") + kSensitive + "\"", kSensitive}}) {
      for (size_t pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size()))
        s.replace(pos, from.size(), to);
    }
    return s;
  }

  // Object members, aligned: unchanged ones hidden (counted) unless `show_all`.
  void attributes(const json& before, const json& after, int indent, bool quoted,
                  const std::set<std::string>& forcing, const std::string& pointer = "") {
    std::set<std::string> keys;
    for (const auto& [k, v] : before.items()) keys.insert(k);
    for (const auto& [k, v] : after.items()) keys.insert(k);
    size_t width = 0;
    for (const auto& k : keys) {
      const json& b = before.contains(k) ? before[k] : json();
      const json& a = after.contains(k) ? after[k] : json();
      if (b != a || k == "id") width = std::max(width, key_text(k, quoted).size());
    }
    int hidden = 0;
    for (const auto& k : keys) {
      const json& b = before.contains(k) ? before[k] : json();
      const json& a = after.contains(k) ? after[k] : json();
      std::string key = key_text(k, quoted);
      std::string lead = pad(indent);
      std::string name = key + pad(static_cast<int>(width - key.size())) + " = ";
      bool forces = forcing.count(pointer_append(pointer, k)) != 0;
      std::string note = forces ? style.red(" # forces replacement") : "";
      if (b == a) {
        if (k == "id" && !a.is_null()) out += lead + "  " + name + scalar(a) + "\n";
        else if (!a.is_null()) ++hidden;
        continue;
      }
      if (b.is_null()) {
        out += lead + sign('+') + " " + name;
        whole(a, '+', indent + 2);
      } else if (a.is_null()) {
        out += lead + sign('-') + " " + name;
        whole(b, '-', indent + 2);
      } else {
        out += lead + sign('~') + " " + name;
        size_t at = out.size();
        diff(b, a, indent);
        if (forces) out.insert(out.find('\n', at), note);
      }
    }
    if (hidden > 0)
      out += pad(indent + 2) + style.cyan("# (" + std::to_string(hidden) + " unchanged attribute" +
                                          (hidden == 1 ? "" : "s") + " hidden)") + "\n";
  }
};

std::string heading(const plan::ResourceChange& c) {
  std::string who = c.address + (c.deposed.empty() ? "" : " (deposed object " + c.deposed + ")");
  switch (c.action) {
    case Action::Create: return who + " will be created";
    case Action::Update: return who + " will be updated in-place";
    case Action::Replace:
      if (!c.reason.empty()) return who + " will be replaced, as " + c.reason;
      return who + " must be replaced";
    case Action::Delete: return who + " will be destroyed";
    case Action::Read: return who + " will be read during apply";
    case Action::Forget: return who + " will be removed from state (the object is kept)";
    case Action::NoOp: return who + " is up to date";
  }
  return who;
}

// The provider's what-if of the objects a resource manages, one line each:
//   #   + Create    Microsoft.Network/virtualNetworks/team-vnet
std::string render_nested_changes(const json& nested, const Style& s) {
  if (!nested.is_array() || nested.empty()) return "";
  std::string out = "  # what it does to the resources it manages:\n";
  for (const auto& n : nested) {
    if (!n.is_object()) continue;
    const std::string action = n.value("action", "");
    std::string mark = action == "create"   ? s.green("+") + " Create  "
                       : action == "modify" ? s.yellow("~") + " Modify  "
                       : action == "delete" ? s.red("-") + " Delete  "
                       : action == "ignore" ? s.cyan("*") + " Ignore  "
                                            : "= NoChange";
    std::string line = "  #   " + mark + " " + n.value("resource", "");
    const std::string detail = n.value("detail", "");
    if (!detail.empty()) line += "  (" + detail + ")";
    out += line + "\n";
  }
  return out;
}

std::string symbol(Action a, const Style& s, bool cbd) {
  switch (a) {
    case Action::Create: return s.green("  +");
    case Action::Update: return s.yellow("  ~");
    case Action::Replace: return cbd ? s.green("+") + "/" + s.red("-") : s.red("-") + "/" + s.green("+");
    case Action::Delete: return s.red("  -");
    case Action::Read: return s.cyan(" <=");
    case Action::Forget: return s.red("  .");
    case Action::NoOp: return "   ";
  }
  return "   ";
}

}  // namespace

std::string render_value(const json& v, int indent) {
  if (!multiline(v)) return scalar(v);
  bool array = v.is_array();
  std::string out = array ? "[\n" : "{\n";
  size_t width = 0;
  if (!array)
    for (const auto& [k, e] : v.items()) width = std::max(width, quote(k).size());
  for (const auto& [k, e] : v.items()) {
    out += pad(indent + 2);
    if (!array) out += quote(k) + pad(static_cast<int>(width - quote(k).size())) + " = ";
    out += render_value(e, indent + 2) + (array ? ",\n" : "\n");
  }
  return out + pad(indent) + (array ? "]" : "}");
}

std::string render_change(const plan::ResourceChange& c, const Style& style) {
  std::string out = style.bold("  # " + heading(c)) + "\n";
  for (const auto& n : c.notes) out += "  # (" + n + ")\n";
  out += render_nested_changes(c.nested_changes, style);
  json before = redact(c.before.is_null() ? json::object() : c.before, c.sensitive_paths);
  json after = redact(c.after.is_null() || is_unknown(c.after) ? json::object() : c.after, c.sensitive_paths);
  std::string kind = c.mode == "data" ? "data" : "resource";
  std::string name = c.name.empty() ? c.address.substr(c.address.rfind('.') + 1) : c.name;
  out += symbol(c.action, style, c.create_before_destroy) + " " + kind + " " + quote(c.type) + " " +
         quote(name.substr(0, name.find('['))) + " {\n";
  Renderer r{style, {}};
  std::set<std::string> forcing(c.requires_replace.begin(), c.requires_replace.end());
  if (c.action == Action::Delete || c.action == Action::Forget) {
    // Show what goes, briefly: the id and the count of other attributes.
    if (before.contains("id")) r.out += "      " + style.red("-") + " id = " + scalar(before["id"]) + " -> null\n";
    if (before.size() > 1)
      r.out += "        " + style.cyan("# (" + std::to_string(before.size() - (before.contains("id") ? 1 : 0)) +
                                        " attributes hidden)") + "\n";
  } else {
    r.attributes(before, after, 6, false, forcing);
  }
  out += r.out + "    }\n";
  return out;
}

std::string plan_summary(const plan::Plan& p) {
  int add = p.count(Action::Create) + p.count(Action::Replace);
  int change = p.count(Action::Update);
  int destroy = p.count(Action::Delete) + p.count(Action::Replace);
  std::string s = "Plan: " + std::to_string(add) + " to add, " + std::to_string(change) + " to change, " +
                  std::to_string(destroy) + " to destroy";
  if (int forget = p.count(Action::Forget)) s += ", " + std::to_string(forget) + " to forget";
  return s + ".";
}

std::string render_plan(const plan::Plan& p, const Style& style) {
  std::string out;
  if (!p.drift.empty()) {
    out += "Changes outside forma since the last apply:\n";
    for (const auto& d : p.drift) out += "  - " + d + "\n";
    out += "\n";
  }
  bool any = false;
  for (const auto& c : p.changes)
    if (c.action != Action::NoOp) any = true;
  if (any) {
    out += "forma will perform the following actions:\n\n";
    for (const auto& c : p.changes) {
      if (c.action == Action::NoOp) continue;
      out += render_change(c, style) + "\n";
    }
    out += style.bold(plan_summary(p)) + "\n";
  }
  bool outputs_change = false;
  for (const auto& o : p.outputs)
    if (o.action != Action::NoOp) outputs_change = true;
  if (outputs_change) {
    out += "\nChanges to Outputs:\n";
    for (const auto& o : p.outputs) {
      if (o.action == Action::NoOp) continue;
      std::string value = o.sensitive ? kSensitive : (o.after.is_null() ? "null" : Renderer::compact(o.after));
      std::string before = o.sensitive ? kSensitive : Renderer::compact(o.before);
      if (o.action == Action::Create) out += "  " + style.green("+") + " " + o.name + " = " + value + "\n";
      else if (o.action == Action::Delete) out += "  " + style.red("-") + " " + o.name + " = " + before + " -> null\n";
      else out += "  " + style.yellow("~") + " " + o.name + " = " + before + " -> " + value + "\n";
    }
  }
  if (!any && !outputs_change) {
    out += style.bold(style.green("No changes.")) + " Your infrastructure matches the configuration.\n";
    if (p.state_updates > 0)
      out += "\nApply will update the state of " + std::to_string(p.state_updates) + " resource" +
             (p.state_updates == 1 ? "" : "s") + " to match what exists (refreshed, moved, imported or " +
             "reconciled after an interruption); nothing in the cloud changes.\n";
  }
  for (const auto& c : p.checks) {
    if (c.passed && !c.unknown) continue;
    out += "\n" + style.yellow("Warning: ") + c.name +
           (c.unknown ? ": the result will be known after apply\n" : ": " + c.message + "\n");
  }
  return out;
}

std::string render_diagnostic(const Diagnostic& d, const Style& style) {
  std::string text = format_diagnostic(d);
  std::string label = d.severity == Severity::Error ? "Error:" : "Warning:";
  if (style.color)
    text.replace(0, label.size(), d.severity == Severity::Error ? style.red(style.bold(label)) : style.yellow(style.bold(label)));
  return text;
}

std::string render_outputs(const std::vector<state::OutputValue>& outputs, const Style&) {
  std::string out;
  for (const auto& o : outputs)
    out += o.name + " = " + (o.sensitive ? std::string(kSensitive) : render_value(o.value)) + "\n";
  return out;
}

}  // namespace forma::ui
