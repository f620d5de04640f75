// What azure_template_deployment does with a template besides deploying it:
// load and bind it from the resource's arguments, name its resources in
// state, order them, find the secrets in their bodies, and compare what was
// sent with what Azure reports.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/graph/graph.h"
#include "providers/azure/arm/client.h"
#include "providers/azure/template/template.h"

namespace forma::azure {

// A template bound to a deployment's arguments and expanded.
struct BoundTemplate {
  tmpl::ArmTemplate document;
  tmpl::TemplateDeployment deployment;
  tmpl::ExpandedDeployment expanded;
  std::vector<std::string> secrets;  // values of secure parameters (strings, or secureObject leaves)
  std::vector<std::string> secure_parameters;  // names, as the arguments spell them
};

// Where the deployment runs; `group_location` is the resource group's.
struct DeploymentTarget {
  std::string name, subscription, resource_group, group_location, tenant;
  bool group_exists = false;
};

// Loads template_file or template, the parameters_files in order, then
// parameters (a string is converted to the declared type, as `name=value`
// on the command line), binds them and expands every resource through
// `resolver`.
Diagnostics bind_template(const json& config, const DeploymentTarget& target, tmpl::ResourceResolver& resolver,
                          BoundTemplate& out);

// The resource group's location, or `fallback` when the group does not exist
// yet (so "" when neither is known); an error only when the group cannot be read.
Diagnostics group_location(ArmClient& client, const std::string& subscription, const std::string& group,
                           const std::string& fallback, std::string& location, bool& exists);
// The error for a group that does not exist when the template is applied.
Diagnostic missing_group(const std::string& group);

// A resource's name in state: its id below the resource group's providers
// ("Microsoft.Network/virtualNetworks/vnet"), or the whole id outside it.
std::string resource_key(const std::string& id, const std::string& subscription, const std::string& group);

// What state records of a resource: {id, type, api_version, body, depends_on (keys)}.
json resource_entry(const tmpl::ExpandedResource& r, const std::vector<std::string>& depends_on_keys);

// The resources' dependencies as keys: dependsOn, children, reference(), and
// the ids of other template resources written in a body (a scale set's
// subnet id), unless those make a cycle. Index i depends on out[i].
std::vector<std::vector<size_t>> resource_dependencies(const std::vector<tmpl::ExpandedResource>& resources);

// A graph of the resources with those edges (node i is resources[i]).
graph::Graph dependency_graph(const std::vector<std::vector<size_t>>& deps, bool reversed);

// JSON pointers of the string values in `v` that hold one of `secrets`.
void secret_paths(const json& v, const std::vector<std::string>& secrets, const std::string& at,
                  std::vector<std::string>& out);

// JSON pointers of the unknown values in `v`.
void unknown_paths(const json& v, const std::string& at, std::vector<std::string>& out);

// Whether an expression in `v` calls a list*() function (listKeys, listSecrets …).
bool uses_list_function(const json& v);


}  // namespace forma::azure
