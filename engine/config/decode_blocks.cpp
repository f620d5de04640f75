// Decoders of the blocks other than resources: variable, locals, provider,
// output, module, moved, import, removed and check.
#include <algorithm>
#include <set>

#include "engine/base/text.h"
#include "engine/config/decoder.h"

namespace forma::config {
namespace {

// Names Terraform reserves for meta-arguments of module calls.
const std::vector<std::string> kReservedVariableNames = {
    "source", "version", "providers", "count", "for_each", "lifecycle", "depends_on", "locals"};

// Calls fn(name, value, pointer) for each member of a {NAME: {...}} block.
template <typename Fn>
void for_each_named(Decoder& d, const json& block, const std::string& pointer,
                    const std::string& what, Fn fn) {
  if (!d.expect_object(block, pointer, what + " block")) return;
  for (const auto& [name, value] : block.items()) {
    std::string p = pointer_append(pointer, name);
    if (!d.check_name(name, p, what)) continue;
    fn(name, value, p);
  }
}

bool is_local_path(const std::string& source) {
  return source.starts_with("./") || source.starts_with("../") || source == "." || source == "..";
}

}  // namespace

void decode_variables(Decoder& d, const json& block, Module& m) {
  for_each_named(d, block, "/variable", "variable", [&](const std::string& name, const json& v, const std::string& p) {
    if (!d.expect_object(v, p, "variable " + quote(name))) return;
    if (std::find(kReservedVariableNames.begin(), kReservedVariableNames.end(), name) !=
        kReservedVariableNames.end()) {
      d.error("Invalid variable name " + quote(name),
              "The name is reserved for a meta-argument of module calls.", p, true);
      return;
    }
    d.check_keys(v, p, {"type", "default", "description", "sensitive", "nullable", "validation"},
                 "variable " + quote(name));
    Variable var;
    static_cast<Located&>(var) = d.located(p);
    var.name = name;
    if (auto t = d.string_field(v, p, "type")) var.type = *t;
    if (v.contains("default")) var.default_value = v["default"];
    var.description = d.string_field(v, p, "description").value_or("");
    var.sensitive = d.bool_field(v, p, "sensitive").value_or(false);
    var.nullable = d.bool_field(v, p, "nullable").value_or(true);
    if (v.contains("validation"))
      var.validations = d.conditions(v["validation"], pointer_append(p, "validation"), "validation");
    m.variables.emplace(name, std::move(var));
  });
}

void decode_locals(Decoder& d, const json& block, Module& m) {
  for_each_named(d, block, "/locals", "local value", [&](const std::string& name, const json& v, const std::string& p) {
    Local local;
    static_cast<Located&>(local) = d.located(p);
    local.name = name;
    local.value = v;
    m.locals.emplace(name, std::move(local));
  });
}

// The merged document holds provider/NAME as an array (see DocumentMerger).
void decode_providers(Decoder& d, const json& block, Module& m) {
  if (!d.expect_object(block, "/provider", "provider block")) return;
  std::map<std::string, std::string> seen;  // address -> where first defined
  for (const auto& [name, configs] : block.items()) {
    std::string base = pointer_append("/provider", name);
    if (!d.check_name(name, base, "provider")) continue;
    for (size_t i = 0; i < configs.size(); ++i) {
      std::string p = pointer_append(base, std::to_string(i));
      const json& body = configs[i];
      if (!d.expect_object(body, p, "provider " + quote(name))) continue;
      ProviderConfig pc;
      static_cast<Located&>(pc) = d.located(p);
      pc.name = name;
      pc.alias = d.string_field(body, p, "alias").value_or("");
      if (!pc.alias.empty() && !d.check_name(pc.alias, pointer_append(p, "alias"), "provider alias")) continue;
      auto [it, inserted] = seen.emplace(pc.address(), pc.range.to_string());
      if (!inserted) {
        d.error("Duplicate provider configuration " + quote(pc.address()) + ": already defined at " + it->second,
                "Give each additional configuration of a provider a distinct \"alias\".", p);
        continue;
      }
      pc.body = body;
      pc.body.erase("alias");
      pc.body.erase("version");
      m.providers.push_back(std::move(pc));
    }
  }
}

void decode_outputs(Decoder& d, const json& block, Module& m) {
  for_each_named(d, block, "/output", "output", [&](const std::string& name, const json& v, const std::string& p) {
    if (!d.expect_object(v, p, "output " + quote(name))) return;
    d.check_keys(v, p, {"value", "description", "sensitive", "depends_on", "precondition"},
                 "output " + quote(name));
    Output out;
    static_cast<Located&>(out) = d.located(p);
    out.name = name;
    if (!v.contains("value")) {
      d.error("Missing required argument \"value\" in output " + quote(name),
              "An output must have a \"value\".", p);
      return;
    }
    out.value = v["value"];
    out.description = d.string_field(v, p, "description").value_or("");
    out.sensitive = d.bool_field(v, p, "sensitive").value_or(false);
    if (v.contains("depends_on")) out.depends_on = d.references(v["depends_on"], pointer_append(p, "depends_on"));
    if (v.contains("precondition"))
      out.preconditions = d.conditions(v["precondition"], pointer_append(p, "precondition"), "precondition");
    m.outputs.emplace(name, std::move(out));
  });
}

void decode_module_calls(Decoder& d, const json& block, Module& m) {
  for_each_named(d, block, "/module", "module", [&](const std::string& name, const json& v, const std::string& p) {
    if (!d.expect_object(v, p, "module " + quote(name))) return;
    ModuleCall call;
    static_cast<Located&>(call) = d.located(p);
    call.name = name;
    auto source = d.string_field(v, p, "source", true);
    if (!source) return;
    if (!is_local_path(*source)) {
      d.error("Unsupported module source " + quote(*source),
              "Only local modules are supported: the source must start with \"./\" or \"../\".",
              pointer_append(p, "source"));
      return;
    }
    call.source = *source;
    if (v.contains("version"))
      d.error("Unsupported argument \"version\" in module " + quote(name),
              "Local modules have no version.", pointer_append(p, "version"), true);
    if (v.contains("count") && v.contains("for_each"))
      d.error("Invalid combination of \"count\" and \"for_each\" in module " + quote(name),
              "Use one or the other.", pointer_append(p, "for_each"), true);
    d.check_repetition(v, p);
    if (v.contains("count")) call.count = v["count"];
    if (v.contains("for_each")) call.for_each = v["for_each"];
    if (v.contains("depends_on")) call.depends_on = d.references(v["depends_on"], pointer_append(p, "depends_on"));
    if (v.contains("providers") && d.expect_object(v["providers"], pointer_append(p, "providers"), "providers")) {
      for (const auto& [child, parent] : v["providers"].items()) {
        if (parent.is_string()) {
          call.providers[child] = parent.get<std::string>();
        } else {
          d.error("Invalid provider reference for " + quote(child) + ": expected a string such as \"azure.west\"",
                  {}, pointer_append(pointer_append(p, "providers"), child));
        }
      }
    }
    static const std::set<std::string> meta = {"source", "version", "count", "for_each", "depends_on", "providers"};
    for (const auto& [key, value] : v.items())
      if (!meta.count(key)) call.inputs[key] = value;
    m.module_calls.emplace(name, std::move(call));
  });
}

void decode_moved(Decoder& d, const json& block, Module& m) {
  for (size_t i = 0; i < block.size(); ++i) {
    std::string p = "/moved/" + std::to_string(i);
    if (!d.expect_object(block[i], p, "moved block")) continue;
    d.check_keys(block[i], p, {"from", "to"}, "moved block");
    Moved mv;
    static_cast<Located&>(mv) = d.located(p);
    auto from = d.string_field(block[i], p, "from", true);
    auto to = d.string_field(block[i], p, "to", true);
    if (!from || !to) continue;
    mv.from = *from;
    mv.to = *to;
    m.moved.push_back(std::move(mv));
  }
}

void decode_imports(Decoder& d, const json& block, Module& m) {
  for (size_t i = 0; i < block.size(); ++i) {
    std::string p = "/import/" + std::to_string(i);
    const json& v = block[i];
    if (!d.expect_object(v, p, "import block")) continue;
    d.check_keys(v, p, {"to", "id", "provider"}, "import block");
    Import im;
    static_cast<Located&>(im) = d.located(p);
    auto to = d.string_field(v, p, "to", true);
    if (!v.contains("id")) d.error("Missing required argument \"id\" in import block", {}, p);
    if (!to || !v.contains("id")) continue;
    im.to = *to;
    im.id = v["id"];
    im.provider_ref = d.string_field(v, p, "provider").value_or("");
    m.imports.push_back(std::move(im));
  }
}

void decode_removed(Decoder& d, const json& block, Module& m) {
  for (size_t i = 0; i < block.size(); ++i) {
    std::string p = "/removed/" + std::to_string(i);
    const json& v = block[i];
    if (!d.expect_object(v, p, "removed block")) continue;
    d.check_keys(v, p, {"from", "lifecycle"}, "removed block");
    Removed rm;
    static_cast<Located&>(rm) = d.located(p);
    auto from = d.string_field(v, p, "from", true);
    if (!from) continue;
    rm.from = *from;
    if (v.contains("lifecycle")) {
      std::string lp = pointer_append(p, "lifecycle");
      if (d.expect_object(v["lifecycle"], lp, "lifecycle")) {
        d.check_keys(v["lifecycle"], lp, {"destroy"}, "the lifecycle of a removed block");
        rm.destroy = d.bool_field(v["lifecycle"], lp, "destroy").value_or(false);
      }
    }
    m.removed.push_back(std::move(rm));
  }
}

void decode_checks(Decoder& d, const json& block, Module& m) {
  for_each_named(d, block, "/check", "check", [&](const std::string& name, const json& v, const std::string& p) {
    if (!d.expect_object(v, p, "check " + quote(name))) return;
    d.check_keys(v, p, {"assert"}, "check " + quote(name));
    Check c;
    static_cast<Located&>(c) = d.located(p);
    c.name = name;
    if (!v.contains("assert")) {
      d.error("Missing required argument \"assert\" in check " + quote(name), {}, p);
      return;
    }
    c.asserts = d.conditions(v["assert"], pointer_append(p, "assert"), "assert");
    m.checks.push_back(std::move(c));
  });
}

}  // namespace forma::config
