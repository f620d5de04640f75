#include "engine/ui/json_stream.h"

#include <algorithm>

#include "engine/base/text.h"
#include "engine/ui/render.h"

namespace forma::ui {

namespace {

json position(const SourcePos& p) { return {{"line", p.line}, {"column", p.column}}; }

const char* plan_verb(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "Plan to create";
    case plan::Action::Update: return "Plan to update";
    case plan::Action::Replace: return "Plan to replace";
    case plan::Action::Delete: return "Plan to delete";
    case plan::Action::Read: return "Plan to read";
    case plan::Action::Forget: return "Plan to remove from state";
    case plan::Action::NoOp: return "No changes";
  }
  return "";
}

// A resource key as written in the address: ["k"] is a string, [0] a number.
json key_of(const std::string& bracketed) {
  if (bracketed.size() < 2) return nullptr;
  std::string inner = bracketed.substr(1, bracketed.size() - 2);
  json parsed = json::parse(inner, nullptr, false);
  return parsed.is_discarded() ? json(inner) : parsed;
}

}  // namespace

const char* json_action(plan::Action a) {
  switch (a) {
    case plan::Action::Create: return "create";
    case plan::Action::Read: return "read";
    case plan::Action::Update: return "update";
    case plan::Action::Replace: return "replace";
    case plan::Action::Delete: return "delete";
    case plan::Action::Forget: return "remove";
    case plan::Action::NoOp: return "noop";
  }
  return "noop";
}

json resource_addr(const plan::ResourceChange& c) {
  std::string prefix = (c.mode == "data" ? "data." : "") + c.type + ".";
  size_t start = 0;  // where the resource part of the address begins, after any module path
  if (c.address.rfind(prefix, 0) != 0) {
    size_t at = c.address.rfind("." + prefix);
    start = at == std::string::npos ? 0 : at + 1;
  }
  std::string module = start > 0 ? c.address.substr(0, start - 1) : "";
  std::string rest = c.address.substr(std::min(start + prefix.size(), c.address.size()));
  size_t bracket = rest.find('[');
  std::string name = rest.substr(0, bracket);
  std::string resource = c.address.substr(start);
  return {{"addr", c.address},
          {"module", module},
          {"resource", resource},
          {"implied_provider", c.type.substr(0, c.type.find('_'))},
          {"resource_type", c.type},
          {"resource_name", name},
          {"resource_key", bracket == std::string::npos ? json(nullptr) : key_of(rest.substr(bracket))}};
}

json diagnostic_json(const Diagnostic& d) {
  json j = {{"severity", d.severity == Severity::Error ? "error" : "warning"},
            {"summary", d.summary},
            {"detail", d.detail}};
  if (d.range.known())
    j["range"] = {{"filename", d.range.file}, {"start", position(d.range.start)}, {"end", position(d.range.end)}};
  if (!d.json_path.empty()) j["json_path"] = d.json_path;
  return j;
}

void JsonStream::emit(const std::string& level, const std::string& message, const std::string& type, json fields) {
  fields["@level"] = level;
  fields["@message"] = message;
  fields["@module"] = "forma.ui";
  fields["@timestamp"] = rfc3339(clock_.wall());
  fields["type"] = type;
  std::string line = fields.dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), out_);
  std::fflush(out_);
}

void JsonStream::version(const std::string& forma_version) {
  emit("info", "forma " + forma_version, "version", {{"forma", forma_version}, {"ui", kJsonUiVersion}});
}

void JsonStream::plan(const plan::Plan& p) {
  for (const auto& c : p.changes) {
    if (c.action == plan::Action::NoOp) continue;
    json change = {{"resource", resource_addr(c)}, {"action", json_action(c.action)}};
    if (!c.reason.empty()) change["reason"] = c.reason;
    if (!c.deposed.empty()) change["deposed"] = c.deposed;
    emit("info", c.address + ": " + plan_verb(c.action), "planned_change", {{"change", change}});
  }
  json outputs = json::object();
  for (const auto& o : p.outputs)
    if (o.action != plan::Action::NoOp) outputs[o.name] = {{"sensitive", o.sensitive}, {"action", json_action(o.action)}};
  if (!outputs.empty()) emit("info", "Outputs: " + std::to_string(outputs.size()), "outputs", {{"outputs", outputs}});
  int add = p.count(plan::Action::Create) + p.count(plan::Action::Replace);
  int change = p.count(plan::Action::Update);
  int remove = p.count(plan::Action::Delete) + p.count(plan::Action::Replace);
  int forget = p.count(plan::Action::Forget);
  std::string message = "Plan: " + std::to_string(add) + " to add, " + std::to_string(change) + " to change, " +
                        std::to_string(remove) + " to destroy" + (forget ? ", " + std::to_string(forget) + " to forget" : "") + ".";
  emit("info", message, "change_summary",
       {{"changes", {{"add", add}, {"change", change}, {"remove", remove}, {"forget", forget}, {"operation", "plan"}}}});
}

void JsonStream::applied(const plan::Plan& p, bool destroy) {
  int add = p.count(plan::Action::Create) + p.count(plan::Action::Replace);
  int change = p.count(plan::Action::Update);
  int remove = p.count(plan::Action::Delete) + p.count(plan::Action::Replace);
  int forget = p.count(plan::Action::Forget);
  std::string message = destroy ? "Destroy complete! Resources: " + std::to_string(remove) + " destroyed."
                                : "Apply complete! Resources: " + std::to_string(add) + " added, " +
                                      std::to_string(change) + " changed, " + std::to_string(remove) + " destroyed.";
  emit("info", message, "change_summary",
       {{"changes", {{"add", add}, {"change", change}, {"remove", remove}, {"forget", forget},
                     {"operation", destroy ? "destroy" : "apply"}}}});
}

void JsonStream::diagnostic(const Diagnostic& d) {
  bool error = d.severity == Severity::Error;
  emit(error ? "error" : "warn", std::string(error ? "Error: " : "Warning: ") + d.summary, "diagnostic",
       {{"diagnostic", diagnostic_json(d)}});
}

void JsonStream::outputs(const std::vector<state::OutputValue>& values) {
  json outputs = json::object();
  for (const auto& o : values)
    outputs[o.name] = {{"sensitive", o.sensitive}, {"value", o.sensitive ? json(kSensitiveText) : o.value}};
  emit("info", "Outputs: " + std::to_string(values.size()), "outputs", {{"outputs", outputs}});
}

void JsonStream::log(const std::string& message, const std::string& level) { emit(level, message, "log"); }

}  // namespace forma::ui
