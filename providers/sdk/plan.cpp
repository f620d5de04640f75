#include "providers/sdk/plan.h"

#include <set>

#include "providers/sdk/validate.h"

namespace forma::sdk {
namespace {

// Planning runs for every instance of every plan: members are looked at, never copied.
const json& null_json() {
  static const json null_value;
  return null_value;
}

const json& member(const json& obj, const std::string& name) {
  if (!obj.is_object()) return null_json();
  auto it = obj.find(name);
  return it == obj.end() ? null_json() : *it;
}

const json& element(const json& array, size_t i) {
  return array.is_array() && i < array.size() ? array[i] : null_json();
}

json plan_object(const Attributes& attrs, const json& prior, const json& config, bool replacing);

// The planned value of one attribute given its (possibly absent) config value.
json plan_attribute(const Attribute& attr, const std::string& name, const json& prior, const json& config,
                    bool replacing) {
  const json& configured = member(config, name);
  const json& prior_value = member(prior, name);
  if (!configured.is_null()) {
    if (attr.type == "object" && configured.is_object() && !is_unknown(configured))
      return plan_object(attr.attributes, prior_value, configured, replacing);
    if (attr.type == "list(object)" && configured.is_array()) {
      json out = json::array();
      for (size_t i = 0; i < configured.size(); ++i) {
        out.push_back(configured[i].is_object() && !is_unknown(configured[i])
                          ? plan_object(attr.attributes, element(prior_value, i), configured[i], replacing)
                          : configured[i]);
      }
      return out;
    }
    return configured;
  }
  if (attr.default_value) return *attr.default_value;
  if (attr.computed) {
    bool keep_prior = !replacing && prior.is_object() && prior.contains(name);
    return keep_prior ? prior_value : unknown_value();
  }
  return nullptr;
}

json plan_object(const Attributes& attrs, const json& prior, const json& config, bool replacing) {
  json out = json::object();
  for (const auto& [name, attr] : attrs) out[name] = plan_attribute(attr, name, prior, config, replacing);
  return out;
}

// Pointers of force_new attributes whose planned value differs from the prior
// one. A computed attribute left out of the config is the provider's to set,
// so it never forces a replacement.
void collect_replacements(const Attributes& attrs, const json& prior, const json& config,
                          const json& planned, const std::string& path, std::vector<std::string>& out) {
  for (const auto& [name, attr] : attrs) {
    const json& before = member(prior, name);
    const json& configured = member(config, name);
    const json& after = member(planned, name);
    if (attr.computed && configured.is_null()) continue;
    if (attr.force_new) {
      if (before != after) out.push_back(pointer_append(path, name));
    } else if (attr.type == "object") {
      collect_replacements(attr.attributes, before, configured, after, pointer_append(path, name), out);
    } else if (attr.type == "list(object)" && after.is_array()) {
      std::string here = pointer_append(path, name);
      for (size_t i = 0; i < after.size(); ++i)
        collect_replacements(attr.attributes, element(before, i), element(configured, i), after[i],
                             pointer_append(here, std::to_string(i)), out);
    }
  }
}

}  // namespace

PlannedChange plan_change(const Attributes& attributes, const json& prior_state, const json& config) {
  PlannedChange change;
  if (config.is_null()) return change;
  json normalized = normalize_config(attributes, config);
  change.planned_state = plan_object(attributes, prior_state, normalized, /*replacing=*/false);
  if (prior_state.is_object()) {
    collect_replacements(attributes, prior_state, normalized, change.planned_state, "",
                         change.requires_replace);
    // A replacement is a new object: nothing computed carries over.
    if (!change.requires_replace.empty())
      change.planned_state = plan_object(attributes, prior_state, normalized, /*replacing=*/true);
  }
  return change;
}

std::vector<std::string> changed_attributes(const json& before, const json& after) {
  std::set<std::string> names;
  for (const json* state : {&before, &after})
    if (state->is_object())
      for (const auto& [name, value] : state->items()) names.insert(name);
  std::vector<std::string> out;
  for (const auto& name : names)
    if (attribute_changed(before, after, name)) out.push_back(pointer_append("", name));
  return out;
}

bool attribute_changed(const json& before, const json& after, const std::string& name) {
  return member(before, name) != member(after, name);
}

}  // namespace forma::sdk
