// Builds the dependency graph of a configuration: one node per variable,
// local, provider configuration, resource block, data block, output and
// check, in every module; edges from references and depends_on.
#pragma once

#include <string>
#include <vector>

#include "engine/config/config.h"
#include "engine/graph/graph.h"

namespace forma::expr {
class TemplateCache;
}

namespace forma::graph {

// What a node stands for. Exactly one pointer is set, except for orphans
// (resources in state, no longer in config) and implied provider nodes.
struct Declaration {
  const config::Module* module = nullptr;      // the module it is declared in
  const config::Variable* variable = nullptr;
  const config::ModuleCall* call = nullptr;    // for a child module's variable: the call giving its value
  const config::Local* local = nullptr;
  const config::ProviderConfig* provider = nullptr;
  const config::Resource* resource = nullptr;  // managed or data
  const config::Output* output = nullptr;
  const config::Check* check = nullptr;
  std::string provider_name;   // provider nodes: "test"
  std::string provider_alias;  // provider nodes: "" or "west"
  std::string orphan_address;  // orphan nodes: base address, e.g. "test_null.z"
  std::string orphan_type;     // orphan nodes: resource type, e.g. "test_null"
};

struct BuiltGraph {
  Graph graph;
  std::vector<Declaration> decls;  // by Node::payload
  Diagnostics diags;

  const Declaration& decl(NodeId id) const {
    return decls[static_cast<size_t>(graph.node(id).payload)];
  }
};

// `orphans` are base addresses of resources in state (with their types)
// that no longer have a block in the config; each becomes a node that
// destroys them. `orphan_providers` gives each orphan's provider address.
struct Orphan {
  std::string address;   // "module.m.test_null.z"
  std::string type;
  std::string provider;  // "provider.test"
};

// `templates`, when given, keeps the parses of the config's templates for the
// evaluations that follow.
BuiltGraph build_graph(const config::Module& root, const std::vector<Orphan>& orphans = {},
                       expr::TemplateCache* templates = nullptr);

// The provider address a resource uses: "provider.azure.west" for
// provider = "azure.west", else "provider.<type prefix>".
std::string provider_address_of(const config::Resource& r);

}  // namespace forma::graph
