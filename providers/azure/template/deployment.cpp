// TemplateDeployment: binding a template to parameters and a context, and
// expanding it into resources and outputs.
#include "providers/azure/template/diagnostics.h"
#include "providers/azure/template/resources.h"

namespace forma::azure::tmpl {
namespace {

const std::vector<std::string> kParameterTypes = {"string", "securestring", "int",  "bool",
                                                  "object", "secureobject", "array"};

void read_parameters(TemplateScope& s) {
  const json& doc = s.tmpl.document;
  if (!doc.contains("parameters")) return;
  for (auto it = doc["parameters"].begin(); it != doc["parameters"].end(); ++it) {
    std::string p = pointer_append("/parameters", it.key());
    if (!it->is_object() || !it->contains("type") || !(*it)["type"].is_string())
      throw TemplateFailure{"A parameter needs a \"type\"", p};
    std::string type = lower((*it)["type"].get<std::string>());
    if (std::find(kParameterTypes.begin(), kParameterTypes.end(), type) == kParameterTypes.end())
      throw TemplateFailure{"Unknown parameter type '" + (*it)["type"].get<std::string>() +
                                "': use string, securestring, int, bool, object, secureObject or array",
                            pointer_append(p, "type")};
    s.params[lower(it.key())] = ParameterDef{it.key(), type, *it, p};
  }
}

void read_variables(TemplateScope& s) {
  const json& doc = s.tmpl.document;
  if (!doc.contains("variables")) return;
  for (auto it = doc["variables"].begin(); it != doc["variables"].end(); ++it) {
    std::string p = pointer_append("/variables", it.key());
    if (it.key() != "copy") {
      VariableSlot slot;
      slot.name = it.key();
      slot.decl = *it;
      slot.pointer = p;
      s.variables[lower(it.key())] = slot;
      continue;
    }
    if (!it->is_array())
      throw TemplateFailure{"The variables' \"copy\" must be an array of {name, count, input}", p};
    for (size_t i = 0; i < it->size(); ++i) {
      const json& loop = (*it)[i];
      std::string lp = pointer_append(p, std::to_string(i));
      if (!loop.is_object() || !loop.contains("name") || !loop["name"].is_string() ||
          !loop.contains("count") || !loop.contains("input"))
        throw TemplateFailure{"A variable copy loop needs \"name\", \"count\" and \"input\"", lp};
      VariableSlot slot;
      slot.name = loop["name"].get<std::string>();
      slot.decl = loop;
      slot.pointer = lp;
      slot.is_copy = true;
      s.variables[lower(slot.name)] = slot;
    }
  }
}

void read_functions(TemplateScope& s) {
  const json& doc = s.tmpl.document;
  if (!doc.contains("functions")) return;
  for (size_t i = 0; i < doc["functions"].size(); ++i) {
    const json& ns = doc["functions"][i];
    std::string p = "/functions/" + std::to_string(i);
    if (!ns.is_object() || !ns.contains("namespace") || !ns["namespace"].is_string() ||
        !ns.contains("members") || !ns["members"].is_object())
      throw TemplateFailure{"A functions entry needs \"namespace\" and \"members\"", p};
    for (auto m = ns["members"].begin(); m != ns["members"].end(); ++m) {
      std::string mp = pointer_append(pointer_append(p, "members"), m.key());
      UserFunction fn;
      fn.name = ns["namespace"].get<std::string>() + "." + m.key();
      fn.pointer = mp;
      if (!m->is_object() || !m->contains("output") || !(*m)["output"].is_object())
        throw TemplateFailure{"A function needs an \"output\" {type, value}", mp};
      fn.output = (*m)["output"];
      for (const auto& param : m->value("parameters", json::array())) {
        if (!param.is_object() || !param.contains("name"))
          throw TemplateFailure{"A function parameter needs \"name\" and \"type\"",
                                pointer_append(mp, "parameters")};
        fn.params.emplace_back(param.value("name", std::string()), lower(param.value("type", std::string())));
      }
      s.functions[lower(fn.name)] = fn;
    }
  }
}

template <class F>
void collect(Diagnostics& diags, const ArmTemplate& t, F&& f) {
  try {
    f();
  } catch (const TemplateFailure& failure) {
    diags.push_back(to_diagnostic(failure, t));
  } catch (const std::exception& e) {  // a malformed section that a check above missed
    diags.push_back(
        Diagnostic::error("The template is malformed: " + std::string(e.what()), {}, t.positions.find("")));
  }
}

}  // namespace

TemplateDeployment::TemplateDeployment() = default;
TemplateDeployment::~TemplateDeployment() = default;
TemplateDeployment::TemplateDeployment(TemplateDeployment&&) noexcept = default;
TemplateDeployment& TemplateDeployment::operator=(TemplateDeployment&&) noexcept = default;

Diagnostics TemplateDeployment::bind(const ArmTemplate& t, const ParameterValues& params,
                                     const DeploymentContext& ctx, TemplateSeams seams) {
  scope_ = std::make_unique<TemplateScope>();
  TemplateScope& s = *scope_;
  s.tmpl = t;
  s.ctx = ctx;
  s.seams = std::move(seams);
  Diagnostics diags;
  collect(diags, t, [&] {
    read_parameters(s);
    read_variables(s);
    read_functions(s);
  });
  if (has_errors(diags)) return diags;
  for (const auto& [name, value] : params.values) {
    if (!s.params.count(lower(name))) {
      diags.push_back(Diagnostic::error("The template declares no parameter '" + name + "'"));
      continue;
    }
    s.supplied[lower(name)] = value;
  }
  for (const auto& [key, def] : s.params)
    collect(diags, t, [&, &name = def.name] {
      EvalFrame f;
      s.parameter(name, f);
    });
  if (has_errors(diags)) return diags;
  for (const auto& [key, slot] : s.variables)
    collect(diags, t, [&, &name = slot.name] {
      EvalFrame f;
      s.variable(name, f);
    });
  if (has_errors(diags)) return diags;
  collect(diags, t, [&] { declare_resources(s); });
  return diags;
}

Diagnostics TemplateDeployment::expand(ResourceResolver& resolver, ExpandedDeployment& out) {
  out = ExpandedDeployment{};
  if (!scope_) return {Diagnostic::error("The template is not bound to parameters yet")};
  Diagnostics diags;
  for (size_t i = 0; i < scope_->resources.size(); ++i) {
    if (!scope_->resources[i].enabled) continue;
    collect(diags, scope_->tmpl, [&] { out.resources.push_back(evaluate_declared(*scope_, i, &resolver)); });
  }
  append(diags, evaluate_outputs(resolver, out.outputs));
  return diags;
}

Diagnostics TemplateDeployment::evaluate_resource(const std::string& id, ResourceResolver& resolver,
                                                  ExpandedResource& out) {
  if (!scope_) return {Diagnostic::error("The template is not bound to parameters yet")};
  int index = scope_->find_resource(id);
  if (index < 0 || !scope_->resources[index].enabled)
    return {Diagnostic::error("The template deploys no resource " + id)};
  Diagnostics diags;
  collect(diags, scope_->tmpl,
          [&] { out = evaluate_declared(*scope_, static_cast<size_t>(index), &resolver); });
  return diags;
}

Diagnostics TemplateDeployment::evaluate_outputs(ResourceResolver& resolver,
                                                 std::vector<TemplateOutput>& out) {
  out.clear();
  if (!scope_) return {Diagnostic::error("The template is not bound to parameters yet")};
  TemplateScope& s = *scope_;
  Diagnostics diags;
  const json& doc = s.tmpl.document;
  if (!doc.contains("outputs")) return diags;
  for (auto it = doc["outputs"].begin(); it != doc["outputs"].end(); ++it) {
    collect(diags, s.tmpl, [&] {
      std::string p = pointer_append("/outputs", it.key());
      const json& decl = *it;
      if (!decl.is_object() || !decl.contains("type"))
        throw TemplateFailure{"An output needs \"type\" and \"value\"", p};
      EvalFrame f;
      f.allow_reference = true;
      f.resolver = &resolver;
      if (decl.contains("condition")) {
        json cond = s.eval_value(decl["condition"], pointer_append(p, "condition"), f);
        if (cond.is_boolean() && !cond.get<bool>()) return;
      }
      TemplateOutput o{it.key(), decl["type"].is_string() ? decl["type"].get<std::string>() : "", {}, false};
      if (decl.contains("copy")) {
        std::string cp = pointer_append(p, "copy");
        const json& copy = decl["copy"];
        json count = s.eval_value(copy.value("count", json()), pointer_append(cp, "count"), f);
        if (!count.is_number_integer() || count.get<int64_t>() < 0 || count.get<int64_t>() > 800)
          throw TemplateFailure{"The output copy count must be an integer from 0 to 800",
                                pointer_append(cp, "count")};
        o.value = json::array();
        for (int64_t k = 0; k < count.get<int64_t>(); ++k) {
          f.copies = {{"", static_cast<int>(k), true}};
          o.value.push_back(s.eval_value(copy.value("input", json()), pointer_append(cp, "input"), f));
        }
      } else {
        o.value = s.eval_value(decl.value("value", json()), pointer_append(p, "value"), f);
      }
      std::string wrong = check_parameter_type(lower(o.type), o.value);
      if (!wrong.empty()) throw TemplateFailure{"The output '" + o.name + "' " + wrong, p};
      o.sensitive = f.touched_secure || iequals(o.type, "securestring") || iequals(o.type, "secureObject");
      out.push_back(o);
    });
  }
  return diags;
}

std::vector<std::string> TemplateDeployment::resource_ids() const {
  std::vector<std::string> out;
  if (scope_)
    for (const auto& r : scope_->resources)
      if (r.enabled) out.push_back(r.id);
  return out;
}

}  // namespace forma::azure::tmpl
