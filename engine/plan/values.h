// The values computed during a walk (variables, locals, resources, outputs),
// keyed by graph node name, and the Scope that expressions read them through.
#pragma once

#include <map>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/config/config.h"
#include "engine/expr/expression.h"
#include "engine/graph/address.h"

namespace forma::plan {

struct NamedValue {
  json value;
  bool sensitive = false;                   // the whole value is secret
  std::vector<std::string> sensitive_paths;  // or only these parts (resource attributes)
};

// Thread-safe: written by the walk's workers, read by all of them.
class Values {
 public:
  void set(const std::string& name, NamedValue v);
  bool get(const std::string& name, NamedValue& out) const;

 private:
  mutable std::shared_mutex mu_;
  std::unordered_map<std::string, NamedValue> values_;
};

// What count.index / each.key / each.value / self mean where an expression is evaluated.
struct InstanceContext {
  graph::InstanceKey key;
  bool has_count = false;
  bool has_each = false;
  json each_value;
  const json* self = nullptr;
};

class ModuleScope : public expr::Scope {
 public:
  ModuleScope(const Values& values, const config::Module& module, InstanceContext instance = {},
              std::string cwd = ".")
      : values_(values), module_(module), instance_(std::move(instance)), cwd_(std::move(cwd)) {}

  expr::LookupResult lookup(const expr::Reference& ref) const override;
  std::string base_dir() const override { return module_.dir; }

 private:
  expr::LookupResult named(const std::string& name, const expr::Reference& ref) const;
  expr::LookupResult module_outputs(const expr::Reference& ref) const;

  const Values& values_;
  const config::Module& module_;
  InstanceContext instance_;
  std::string cwd_;
};

// True when the first attribute after the reference's key is one of the
// sensitive paths (or there is no attribute and any path is sensitive).
bool reference_reads_sensitive(const expr::Reference& ref, const std::vector<std::string>& paths);

}  // namespace forma::plan
