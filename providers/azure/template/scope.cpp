// Parameters, variables and user-defined functions: evaluated on first use,
// checked against their declarations, cycles reported.
#include "providers/azure/template/scope.h"

#include <algorithm>

#include "engine/base/text.h"

namespace forma::azure::tmpl {
namespace {

template <class Map>
std::vector<std::string> names_of(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(v.name);
  return out;
}

void check_number_bounds(const ParameterDef& def, const json& v) {
  if (!v.is_number_integer()) return;
  int64_t n = v.get<int64_t>();
  if (auto it = def.decl.find("minValue"); it != def.decl.end() && it->is_number() && n < it->get<int64_t>())
    fail("The value " + std::to_string(n) + " of parameter '" + def.name + "' is below its minValue " +
         it->dump());
  if (auto it = def.decl.find("maxValue"); it != def.decl.end() && it->is_number() && n > it->get<int64_t>())
    fail("The value " + std::to_string(n) + " of parameter '" + def.name + "' is above its maxValue " +
         it->dump());
}

void check_length_bounds(const ParameterDef& def, const json& v) {
  if (!v.is_string() && !v.is_array()) return;
  size_t len = v.is_string() ? v.get_ref<const std::string&>().size() : v.size();
  if (auto it = def.decl.find("minLength");
      it != def.decl.end() && it->is_number() && static_cast<int64_t>(len) < it->get<int64_t>())
    fail("The value of parameter '" + def.name + "' has length " + std::to_string(len) +
         ", below its minLength " + it->dump());
  if (auto it = def.decl.find("maxLength");
      it != def.decl.end() && it->is_number() && static_cast<int64_t>(len) > it->get<int64_t>())
    fail("The value of parameter '" + def.name + "' has length " + std::to_string(len) +
         ", above its maxLength " + it->dump());
}

void check_allowed(const ParameterDef& def, const json& v) {
  auto it = def.decl.find("allowedValues");
  if (it == def.decl.end() || !it->is_array()) return;
  auto allowed = [&](const json& x) { return std::find(it->begin(), it->end(), x) != it->end(); };
  bool ok = v.is_array() && def.type == "array" ? std::all_of(v.begin(), v.end(), allowed) : allowed(v);
  if (!ok) {
    std::string shown = def.secure() ? "The value" : "The value " + v.dump();
    fail(shown + " of parameter '" + def.name + "' is not one of its allowedValues " + it->dump());
  }
}

}  // namespace

json TemplateScope::parameter(const std::string& name, EvalFrame& frame) {
  if (frame.function_args) {
    auto it = frame.function_args->find(lower(name));
    if (it == frame.function_args->end())
      fail("parameters('" + name + "'): the function has no parameter '" + name + "'");
    return it->second;
  }
  std::string key = lower(name);
  auto def_it = params.find(key);
  if (def_it == params.end())
    fail("parameters('" + name + "'): the template declares no parameter '" + name + "'." +
         did_you_mean(name, names_of(params)));
  const ParameterDef& def = def_it->second;
  if (auto it = param_values.find(key); it != param_values.end()) {
    frame.touched_secure |= def.secure();
    return it->second;
  }
  if (param_evaluating.count(key)) fail("The default value of parameter '" + def.name + "' refers to itself");
  json value;
  if (auto it = supplied.find(key); it != supplied.end()) {
    value = it->second;
  } else if (def.decl.contains("defaultValue")) {
    param_evaluating.insert(key);
    EvalFrame f;
    f.in_parameter_default = true;
    f.reference_forbidden_reason = "in a parameter's defaultValue";
    try {
      value = eval_value(def.decl["defaultValue"], pointer_append(def.pointer, "defaultValue"), f);
    } catch (...) {
      param_evaluating.erase(key);
      throw;
    }
    param_evaluating.erase(key);
  } else {
    throw TemplateFailure{"The parameter '" + def.name +
                              "' has no value: give it in a parameters file or as " + def.name + "=VALUE",
                          def.pointer};
  }
  try {
    std::string wrong = check_parameter_type(def.type, value);
    if (!wrong.empty()) fail("The parameter '" + def.name + "' " + wrong);
    check_allowed(def, value);
    check_number_bounds(def, value);
    check_length_bounds(def, value);
  } catch (TemplateFailure& f) {
    if (f.pointer.empty()) f.pointer = def.pointer;
    throw;
  }
  param_values[key] = value;
  frame.touched_secure |= def.secure();
  return value;
}

json TemplateScope::variable(const std::string& name, EvalFrame& frame) {
  if (frame.function_args) fail("variables('" + name + "'): user-defined functions cannot use variables");
  auto it = variables.find(lower(name));
  if (it == variables.end())
    fail("variables('" + name + "'): the template declares no variable '" + name + "'." +
         did_you_mean(name, names_of(variables)));
  VariableSlot& slot = it->second;
  if (slot.state == 2) {
    frame.touched_secure |= slot.secure;
    return slot.value;
  }
  if (slot.state == 1) {
    std::string cycle;
    auto start = std::find(variable_stack.begin(), variable_stack.end(), slot.name);
    for (auto s = start; s != variable_stack.end(); ++s) cycle += *s + " -> ";
    throw TemplateFailure{"The variables " + cycle + slot.name + " refer to each other in a cycle",
                          slot.pointer};
  }
  slot.state = 1;
  variable_stack.push_back(slot.name);
  EvalFrame f;
  f.reference_forbidden_reason = "in variables";
  try {
    if (!slot.is_copy) {
      slot.value = eval_value(slot.decl, slot.pointer, f);
    } else {
      json count = eval_value(slot.decl.value("count", json()), pointer_append(slot.pointer, "count"), f);
      if (!count.is_number_integer() || count.get<int64_t>() < 0 || count.get<int64_t>() > 800)
        throw TemplateFailure{"The copy count must be an integer from 0 to 800",
                              pointer_append(slot.pointer, "count")};
      slot.value = json::array();
      for (int64_t k = 0; k < count.get<int64_t>(); ++k) {
        f.copies = {{slot.name, static_cast<int>(k), false}};
        slot.value.push_back(
            eval_value(slot.decl.value("input", json()), pointer_append(slot.pointer, "input"), f));
      }
    }
  } catch (...) {
    slot.state = 0;
    variable_stack.pop_back();
    throw;
  }
  variable_stack.pop_back();
  slot.state = 2;
  slot.secure = f.touched_secure;
  frame.touched_secure |= slot.secure;
  return slot.value;
}

json TemplateScope::call_user_function(const UserFunction& fn, std::vector<json> args, EvalFrame& frame) {
  if (args.size() != fn.params.size())
    fail("The function '" + fn.name + "' expects " + std::to_string(fn.params.size()) + " argument(s), got " +
         std::to_string(args.size()));
  std::map<std::string, json> bound;
  for (size_t i = 0; i < args.size(); ++i) {
    if (is_unknown(args[i])) return unknown_value();
    std::string wrong = check_parameter_type(fn.params[i].second, args[i]);
    if (!wrong.empty())
      fail("The function '" + fn.name + "' parameter '" + fn.params[i].first + "' " + wrong);
    bound[lower(fn.params[i].first)] = args[i];
  }
  EvalFrame f;
  f.function_args = &bound;
  f.reference_forbidden_reason = "in user-defined functions";
  json value = eval_value(fn.output.value("value", json()), pointer_append(fn.pointer, "output/value"), f);
  std::string type = lower(fn.output.value("type", std::string()));
  std::string wrong = check_parameter_type(type, value);
  if (!type.empty() && !wrong.empty()) fail("The output of function '" + fn.name + "' " + wrong);
  frame.touched_secure |= f.touched_secure;
  return value;
}

int TemplateScope::find_resource(const std::string& id) const {
  for (size_t i = 0; i < resources.size(); ++i)
    if (iequals(resources[i].id, id)) return static_cast<int>(i);
  return -1;
}

std::string TemplateScope::resource_group_id() const {
  return "/subscriptions/" + ctx.subscription_id + "/resourceGroups/" + ctx.resource_group;
}

}  // namespace forma::azure::tmpl
