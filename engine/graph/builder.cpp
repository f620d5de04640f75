#include "engine/graph/builder.h"

#include <functional>

#include "engine/base/text.h"
#include "engine/expr/expression.h"
#include "engine/graph/address.h"

namespace forma::graph {

std::string provider_address_of(const config::Resource& r) {
  return "provider." + (r.provider_ref.empty() ? r.implied_provider() : r.provider_ref);
}

namespace {

std::string child_output_name(const expr::Reference& ref) {
  // "module.net.subnet_id[0]" -> "subnet_id"
  std::string prefix = "module." + ref.key[1];
  if (ref.text.size() <= prefix.size() + 1 || ref.text[prefix.size()] != '.') return {};
  size_t start = prefix.size() + 1, end = start;
  while (end < ref.text.size() && (std::isalnum(static_cast<unsigned char>(ref.text[end])) ||
                                   ref.text[end] == '_' || ref.text[end] == '-'))
    ++end;
  return ref.text.substr(start, end - start);
}

template <typename Map>
std::vector<std::string> keys_of(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

class Builder {
 public:
  BuiltGraph out;
  expr::TemplateCache* templates = nullptr;

  void add_nodes(const config::Module& m) {
    std::string p = module_prefix(m.module_path);
    auto in = [&m] {
      Declaration d;
      d.module = &m;
      return d;
    };
    for (const auto& [name, v] : m.variables) {
      auto d = in();
      d.variable = &v;
      add(NodeKind::Variable, p + "var." + name, d);
    }
    for (const auto& [name, l] : m.locals) {
      auto d = in();
      d.local = &l;
      add(NodeKind::Local, p + "local." + name, d);
    }
    for (const auto& pc : m.providers) {
      auto d = in();
      d.provider = &pc;
      d.provider_name = pc.name;
      d.provider_alias = pc.alias;
      add(NodeKind::Provider, p + pc.address(), d);
    }
    for (const auto& r : m.resources) {
      auto d = in();
      d.resource = &r;
      add(r.mode == config::ResourceMode::Data ? NodeKind::Data : NodeKind::Resource, p + r.address(), d);
    }
    for (const auto& [name, o] : m.outputs) {
      auto d = in();
      d.output = &o;
      add(NodeKind::Output, p + "output." + name, d);
    }
    for (const auto& c : m.checks) {
      auto d = in();
      d.check = &c;
      add(NodeKind::Check, p + "check." + c.name, d);
    }
    for (const auto& [name, child] : m.children) {
      add_nodes(*child);
      auto call = m.module_calls.find(name);
      if (call == m.module_calls.end()) continue;
      std::string cp = module_prefix(child->module_path);
      for (const auto& [vname, v] : child->variables) {
        auto id = out.graph.find(cp + "var." + vname);
        if (id) out.decls[static_cast<size_t>(out.graph.node(*id).payload)].call = &call->second;
      }
    }
  }

  void add_orphans(const std::vector<Orphan>& orphans) {
    for (const auto& o : orphans) {
      Declaration d;
      d.orphan_address = o.address;
      d.orphan_type = o.type;
      NodeId id = add(NodeKind::Orphan, "orphan:" + o.address, d);
      depend_on_provider(id, o.provider, SourceRange{});
    }
  }

  void add_edges() {
    size_t n = out.graph.size();
    for (NodeId id = 0; id < static_cast<NodeId>(n); ++id) {
      Declaration d = out.decl(id);  // copy: add() may grow decls
      if (d.variable && d.call) {
        // A child module's variable takes its value from the call in the parent.
        auto input = d.call->inputs.find(d.variable->name);
        const config::Module* parent = parent_of(*d.module);
        if (input != d.call->inputs.end() && parent)
          references(id, *parent, *input, d.call->json_path + "/" + d.variable->name);
      } else if (d.local) {
        references(id, *d.module, d.local->value, d.local->json_path);
      } else if (d.provider) {
        references(id, *d.module, d.provider->body, d.provider->json_path);
      } else if (d.resource) {
        resource_edges(id, *d.module, *d.resource);
      } else if (d.output) {
        references(id, *d.module, d.output->value, d.output->json_path + "/value");
        depends_on(id, *d.module, d.output->depends_on, d.output->json_path + "/depends_on");
        conditions(id, *d.module, d.output->preconditions);
      } else if (d.check) {
        conditions(id, *d.module, d.check->asserts);
      }
    }
  }

  void set_parents(const config::Module& m) {
    for (const auto& [name, child] : m.children) {
      parents_[child.get()] = &m;
      set_parents(*child);
    }
  }

 private:
  std::unordered_map<const config::Module*, const config::Module*> parents_;

  const config::Module* parent_of(const config::Module& m) const {
    auto it = parents_.find(&m);
    return it == parents_.end() ? nullptr : it->second;
  }

  NodeId add(NodeKind kind, const std::string& name, Declaration d) {
    if (auto existing = out.graph.find(name)) return *existing;
    out.decls.push_back(std::move(d));
    return out.graph.add(kind, name, static_cast<int>(out.decls.size() - 1));
  }

  void resource_edges(NodeId id, const config::Module& m, const config::Resource& r) {
    const std::string& path = r.json_path;
    references(id, m, r.body, path);
    if (r.count) references(id, m, *r.count, path + "/count");
    if (r.for_each) references(id, m, *r.for_each, path + "/for_each");
    depends_on(id, m, r.depends_on, path + "/depends_on");
    for (size_t i = 0; i < r.lifecycle.replace_triggered_by.size(); ++i)
      depends_on(id, m, {r.lifecycle.replace_triggered_by[i]},
                 path + "/lifecycle/replace_triggered_by", i);
    conditions(id, m, r.lifecycle.preconditions);
    conditions(id, m, r.lifecycle.postconditions);
    for (const auto& p : r.provisioners) {
      references(id, m, p.body, p.json_path);
      if (p.connection) references(id, m, p.connection->body, p.connection->json_path);
    }
    if (r.connection) references(id, m, r.connection->body, r.connection->json_path);
    std::string prefix = module_prefix(m.module_path);
    std::string provider = provider_address_of(r);
    depend_on_provider(id, out.graph.find(prefix + provider) ? prefix + provider : provider,
                       m.positions.find(path + (r.provider_ref.empty() ? "" : "/provider")));
  }

  void depend_on_provider(NodeId id, const std::string& provider, const SourceRange& where) {
    auto pid = out.graph.find(provider);
    if (!pid) {
      Declaration d;
      std::string rest = provider.substr(std::string("provider.").size());
      auto dot = rest.find('.');
      d.provider_name = rest.substr(0, dot);
      if (dot != std::string::npos) d.provider_alias = rest.substr(dot + 1);
      if (!d.provider_alias.empty()) {
        out.diags.push_back(Diagnostic::error(
            "Provider configuration \"" + provider + "\" is not declared",
            "Add a provider block with \"alias\": \"" + d.provider_alias +
                "\", or use the default configuration.",
            where));
      }
      pid = add(NodeKind::Provider, provider, d);
    }
    out.graph.depend(id, *pid, where);
  }

  void conditions(NodeId id, const config::Module& m, const std::vector<config::Condition>& cs) {
    for (const auto& c : cs) {
      references(id, m, c.condition, c.json_path + "/condition");
      references(id, m, c.error_message, c.json_path + "/error_message");
    }
  }

  void references(NodeId id, const config::Module& m, const json& doc, const std::string& path) {
    Diagnostics diags;
    auto refs = expr::document_references(doc, path, m.positions, diags, templates);
    append(out.diags, diags);
    for (const auto& ref : refs) resolve(id, m, ref, path);
  }

  void depends_on(NodeId id, const config::Module& m, const std::vector<std::string>& entries,
                  const std::string& path, size_t first_index = 0) {
    for (size_t i = 0; i < entries.size(); ++i) {
      std::string entry_path = path + "/" + std::to_string(first_index + i);
      SourceRange where = m.positions.find(entry_path);
      auto parsed = expr::parse_expression(entries[i], where, entry_path);
      append(out.diags, parsed.diags);
      if (!parsed.expr) continue;
      for (const auto& ref : expr::references(*parsed.expr)) resolve(id, m, ref, entry_path);
    }
  }

  // `path`: the JSON pointer of the value holding the reference.
  void undeclared(const expr::Reference& ref, const std::string& what, const std::string& name,
                  const std::vector<std::string>& candidates, const config::Module& m, const std::string& path) {
    std::string where = m.module_path.empty() ? "the root module" : m.module_path;
    out.diags.push_back(Diagnostic::error(
        "Reference to undeclared " + what + " \"" + name + "\"",
        "\"" + ref.text + "\" refers to " + what + " \"" + name + "\", which is not declared in " +
            where + "." + did_you_mean(name, candidates),
        ref.range, path));
  }

  void resolve(NodeId id, const config::Module& m, const expr::Reference& ref, const std::string& path) {
    if (ref.key.empty()) return;
    const std::string& root = ref.key[0];
    if (root == "count" || root == "each" || root == "path" || root == "self" || root == "terraform")
      return;
    std::string p = module_prefix(m.module_path);
    auto link = [&](const std::string& name) -> bool {
      auto target = out.graph.find(name);
      if (!target) return false;
      out.graph.depend(id, *target, ref.range);
      return true;
    };
    if (root == "var" && ref.key.size() >= 2) {
      if (!link(p + "var." + ref.key[1]))
        undeclared(ref, "input variable", ref.key[1], keys_of(m.variables), m, path);
    } else if (root == "local" && ref.key.size() >= 2) {
      if (!link(p + "local." + ref.key[1])) undeclared(ref, "local value", ref.key[1], keys_of(m.locals), m, path);
    } else if (root == "module" && ref.key.size() >= 2) {
      resolve_module(id, m, ref, path);
    } else if (root == "data" && ref.key.size() >= 3) {
      std::string addr = "data." + ref.key[1] + "." + ref.key[2];
      if (!link(p + addr)) undeclared(ref, "data source", ref.key[1] + "." + ref.key[2], resource_names(m, true), m, path);
    } else if (ref.key.size() >= 2) {
      std::string addr = root + "." + ref.key[1];
      if (!link(p + addr)) undeclared(ref, "resource", addr, resource_names(m, false), m, path);
    }
  }

  void resolve_module(NodeId id, const config::Module& m, const expr::Reference& ref, const std::string& path) {
    auto child = m.children.find(ref.key[1]);
    if (child == m.children.end()) {
      undeclared(ref, "module", ref.key[1], keys_of(m.module_calls), m, path);
      return;
    }
    std::string cp = module_prefix(child->second->module_path);
    std::string output = child_output_name(ref);
    if (output.empty()) {
      for (const auto& [name, o] : child->second->outputs)
        out.graph.depend(id, *out.graph.find(cp + "output." + name), ref.range);
      return;
    }
    auto target = out.graph.find(cp + "output." + output);
    if (!target) {
      const auto& call = m.module_calls.at(ref.key[1]);
      out.diags.push_back(Diagnostic::error(
          "Reference to undeclared output \"" + output + "\" of module." + ref.key[1],
          "\"" + ref.text + "\" refers to an output that the module at " + call.source + " does not declare." +
              did_you_mean(output, keys_of(child->second->outputs)),
          ref.range, path));
      return;
    }
    out.graph.depend(id, *target, ref.range);
  }

  static std::vector<std::string> resource_names(const config::Module& m, bool data) {
    std::vector<std::string> out;
    for (const auto& r : m.resources) {
      if ((r.mode == config::ResourceMode::Data) != data) continue;
      out.push_back(data ? r.type + "." + r.name : r.address());
    }
    return out;
  }
};

}  // namespace

BuiltGraph build_graph(const config::Module& root, const std::vector<Orphan>& orphans,
                       expr::TemplateCache* templates) {
  Builder b;
  b.templates = templates;
  b.set_parents(root);
  b.add_nodes(root);
  b.add_orphans(orphans);
  b.add_edges();
  if (auto cycle = b.out.graph.find_cycle()) b.out.diags.push_back(cycle_diagnostic(b.out.graph, *cycle));
  return std::move(b.out);
}

}  // namespace forma::graph
