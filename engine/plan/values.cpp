#include "engine/plan/values.h"

#include <mutex>

#include "engine/base/text.h"

namespace forma::plan {

void Values::set(const std::string& name, NamedValue v) {
  std::unique_lock lock(mu_);
  values_[name] = std::move(v);
}

bool Values::get(const std::string& name, NamedValue& out) const {
  std::shared_lock lock(mu_);
  auto it = values_.find(name);
  if (it == values_.end()) return false;
  out = it->second;
  return true;
}

bool reference_reads_sensitive(const expr::Reference& ref, const std::vector<std::string>& paths) {
  if (paths.empty()) return false;
  // Skip the key parts in the text, then read the next attribute name.
  std::string rest = ref.text;
  for (const auto& part : ref.key) {
    auto pos = rest.find(part);
    if (pos == std::string::npos) return true;
    rest = rest.substr(pos + part.size());
  }
  // Skip an instance index such as [0] or ["k"].
  if (!rest.empty() && rest[0] == '[') {
    auto close = rest.find(']');
    rest = close == std::string::npos ? std::string() : rest.substr(close + 1);
  }
  if (rest.size() < 2 || rest[0] != '.') return true;
  size_t end = 1;
  while (end < rest.size() && rest[end] != '.' && rest[end] != '[') ++end;
  std::string attr = "/" + rest.substr(1, end - 1);
  for (const auto& p : paths)
    if (p == attr || p.rfind(attr + "/", 0) == 0) return true;
  return false;
}

expr::LookupResult ModuleScope::named(const std::string& name, const expr::Reference& ref) const {
  NamedValue v;
  expr::LookupResult r;
  if (!values_.get(graph::module_prefix(module_.module_path) + name, v)) {
    r.error = "\"" + ref.text + "\" has no value yet; it is not declared or could not be computed.";
    return r;
  }
  r.found = true;
  r.value = std::move(v.value);
  r.sensitive = v.sensitive || reference_reads_sensitive(ref, v.sensitive_paths);
  return r;
}

expr::LookupResult ModuleScope::module_outputs(const expr::Reference& ref) const {
  expr::LookupResult r;
  auto child = module_.children.find(ref.key[1]);
  if (child == module_.children.end()) {
    r.error = "No module call named \"" + ref.key[1] + "\" is declared.";
    return r;
  }
  r.found = true;
  r.value = json::object();
  std::string prefix = graph::module_prefix(child->second->module_path) + "output.";
  for (const auto& [name, o] : child->second->outputs) {
    NamedValue v;
    if (values_.get(prefix + name, v)) {
      r.value[name] = v.value;
      if (v.sensitive) r.sensitive = true;
    } else {
      r.value[name] = unknown_value();
    }
  }
  return r;
}

expr::LookupResult ModuleScope::lookup(const expr::Reference& ref) const {
  expr::LookupResult r;
  const auto& k = ref.key;
  if (k.empty()) {
    r.error = "Empty reference.";
    return r;
  }
  const std::string& root = k[0];
  if (root == "var" && k.size() >= 2) return named("var." + k[1], ref);
  if (root == "local" && k.size() >= 2) return named("local." + k[1], ref);
  if (root == "module" && k.size() >= 2) return module_outputs(ref);
  if (root == "data" && k.size() >= 3) return named("data." + k[1] + "." + k[2], ref);
  if (root == "count") {
    if (!instance_.has_count || k.size() < 2 || k[1] != "index") {
      r.error = "\"count.index\" can only be used in a block that sets \"count\".";
      return r;
    }
    r.found = true;
    r.value = std::get<long long>(instance_.key.value);
    return r;
  }
  if (root == "each") {
    if (!instance_.has_each || k.size() < 2 || (k[1] != "key" && k[1] != "value")) {
      r.error = "\"each.key\" and \"each.value\" can only be used in a block that sets \"for_each\".";
      return r;
    }
    r.found = true;
    r.value = k[1] == "key" ? instance_.key.to_json() : instance_.each_value;
    return r;
  }
  if (root == "path" && k.size() >= 2) {
    r.found = true;
    if (k[1] == "module") r.value = module_.dir;
    else if (k[1] == "root" || k[1] == "cwd") r.value = cwd_;
    else {
      r.found = false;
      r.error = "Unknown path attribute \"" + k[1] + "\"; use path.module, path.root or path.cwd.";
    }
    return r;
  }
  if (root == "self") {
    if (!instance_.self) {
      r.error = "\"self\" can only be used in provisioners, connections and postconditions.";
      return r;
    }
    r.found = true;
    r.value = *instance_.self;
    return r;
  }
  if (k.size() >= 2) return named(root + "." + k[1], ref);
  r.error = "Invalid reference \"" + ref.text + "\".";
  return r;
}

}  // namespace forma::plan
