#include "engine/ui/show_json.h"

#include "engine/ui/render.h"

namespace forma::ui {

namespace {

// The name of a resource instance address, with its index apart: test_null.a["k"] -> a, "k".
void name_and_index(const std::string& address, const std::string& type, const std::string& mode, json& out) {
  std::string prefix = (mode == "data" ? "data." : "") + type + ".";
  size_t at = address.rfind(prefix);
  std::string rest = at == std::string::npos ? address : address.substr(at + prefix.size());
  size_t bracket = rest.find('[');
  out["name"] = rest.substr(0, bracket);
  if (bracket != std::string::npos) {
    std::string inner = rest.substr(bracket + 1, rest.size() - bracket - 2);
    json key = json::parse(inner, nullptr, false);
    out["index"] = key.is_discarded() ? json(inner) : key;
  }
}

json output_value(const json& v, bool sensitive) { return sensitive ? json(kSensitiveText) : v; }

}  // namespace

json action_list(plan::Action a, bool create_before_destroy) {
  switch (a) {
    case plan::Action::Replace:
      return create_before_destroy ? json::array({"create", "delete"}) : json::array({"delete", "create"});
    case plan::Action::NoOp: return json::array({"no-op"});
    default: return json::array({plan::to_string(a)});
  }
}

json plan_document(const plan::Plan& p, const std::string& forma_version) {
  json changes = json::array();
  for (const auto& c : p.changes) {
    json r = {{"address", c.address}, {"mode", c.mode}, {"type", c.type}, {"provider_name", c.provider}};
    name_and_index(c.address, c.type, c.mode, r);
    if (!c.deposed.empty()) r["deposed"] = c.deposed;
    json change = {{"actions", action_list(c.action, c.create_before_destroy)},
                   {"before", redact(c.before, c.sensitive_paths)},
                   {"after", redact(c.after, c.sensitive_paths)},
                   {"requires_replace", c.requires_replace},
                   {"sensitive_paths", c.sensitive_paths}};
    if (!c.reason.empty()) change["reason"] = c.reason;
    if (!c.nested_changes.empty()) change["nested_changes"] = c.nested_changes;
    r["change"] = change;
    changes.push_back(r);
  }
  json outputs = json::object();
  for (const auto& o : p.outputs)
    outputs[o.name] = {{"actions", action_list(o.action, false)},
                       {"sensitive", o.sensitive},
                       {"before", output_value(o.before, o.sensitive)},
                       {"after", output_value(o.after, o.sensitive)}};
  return {{"format_version", kShowFormatVersion},
          {"forma_version", forma_version},
          {"kind", "plan"},
          {"lineage", p.lineage},
          {"serial", p.serial},
          {"destroy", p.destroy},
          {"refresh_only", p.refresh_only},
          {"resource_changes", changes},
          {"output_changes", outputs},
          {"drift", p.drift}};
}

json state_document(const StateView& s, const std::string& forma_version) {
  json resources = json::array();
  for (const auto& o : s.resources) {
    json r = {{"address", o.address},
              {"mode", o.mode},
              {"type", o.type},
              {"provider_name", o.provider},
              {"schema_version", o.schema_version},
              {"status", state::to_string(o.status)},
              {"dependencies", o.dependencies},
              {"sensitive_paths", o.sensitive_paths},
              {"values", redact(o.attributes, o.sensitive_paths)}};
    name_and_index(o.address, o.type, o.mode, r);
    if (!o.deposed.empty()) r["deposed"] = o.deposed;
    resources.push_back(r);
  }
  json outputs = json::object();
  for (const auto& o : s.outputs) outputs[o.name] = {{"sensitive", o.sensitive}, {"value", output_value(o.value, o.sensitive)}};
  return {{"format_version", kShowFormatVersion},
          {"forma_version", forma_version},
          {"kind", "state"},
          {"lineage", s.lineage},
          {"serial", s.serial},
          {"values", {{"resources", resources}, {"outputs", outputs}}}};
}

}  // namespace forma::ui
