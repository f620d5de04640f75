// The ARM template language: load a deployment template and its parameters,
// evaluate its expressions and expand it into the concrete resources a
// deployment PUTs, in dependency order, plus its outputs.
//
//   ArmTemplate t;                       // 1. load
//   diags = load_template_file("azuredeploy.json", t);
//   ParameterValues p;                   // 2. parameters: file, then name=value
//   diags = load_parameters_file("azuredeploy.parameters.json", t, p);
//   diags = apply_parameter_override(t, "instanceCount=3", p);
//   TemplateDeployment d;                // 3. bind to a deployment
//   diags = d.bind(t, p, context);
//   UnknownResolver plan;                // 4. plan: reference() is unknown
//   diags = d.expand(plan, result);
//   diags = d.evaluate_resource(id, live, resource);  // 5. apply, one by one
//
// Errors are Diagnostics naming the template path (resources[2].properties.x)
// and, for files, file:line:col. Values not known until apply are forma's
// unknown marker {"$unknown": true}.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/positions.h"
#include "engine/base/value.h"

namespace forma::azure::tmpl {

// A parsed template document and where each of its values was written.
struct ArmTemplate {
  json document;
  PositionIndex positions;
  std::string file;  // empty when parsed from memory
};

Diagnostics load_template_file(const std::string& path, ArmTemplate& out);
Diagnostics parse_template(const std::string& text, const std::string& file, ArmTemplate& out);

// Parameter values supplied to a deployment, by parameter name as written in the template.
struct ParameterValues {
  std::map<std::string, json> values;
};

// Reads {"parameters": {"x": {"value": ...}}}; Key Vault "reference" entries are refused.
Diagnostics load_parameters_file(const std::string& path, const ArmTemplate& t, ParameterValues& out);
Diagnostics parse_parameters(const std::string& text, const std::string& file, const ArmTemplate& t,
                             ParameterValues& out);
// "name=value": value converted to the parameter's declared type (int, bool, JSON for object/array).
Diagnostics apply_parameter_override(const ArmTemplate& t, const std::string& assignment,
                                     ParameterValues& out);

// Where the deployment runs; what deployment(), resourceGroup(), subscription() and tenant() return.
struct DeploymentContext {
  std::string deployment_name;
  std::string subscription_id;
  std::string resource_group;
  std::string resource_group_location;
  std::string tenant_id;
  std::string environment = "AzureCloud";
};

// The outside world the language touches: utcNow() and newGuid().
struct TemplateSeams {
  std::function<std::chrono::system_clock::time_point()> now;  // default: the system clock
  std::function<std::array<uint8_t, 16>()> random_bytes;       // default: OpenSSL RAND_bytes
};

// How reference() and list*() reach live resources.
class ResourceResolver {
 public:
  virtual ~ResourceResolver() = default;
  // The resource's body as a GET returns it, or unknown_value() when it is not known yet.
  // Returns nullopt and sets `error` when the resource cannot be read.
  virtual std::optional<json> get(const std::string& id, const std::string& api_version,
                                  std::string& error) = 0;
  // POST {id}/{function} (listKeys, listSecrets...), or unknown_value() when not known yet.
  virtual std::optional<json> list(const std::string& id, const std::string& function,
                                   const std::string& api_version, const json& body, std::string& error) = 0;
};

// Plan time: every resource is unknown.
class UnknownResolver : public ResourceResolver {
 public:
  std::optional<json> get(const std::string&, const std::string&, std::string&) override {
    return unknown_value();
  }
  std::optional<json> list(const std::string&, const std::string&, const std::string&, const json&,
                           std::string&) override {
    return unknown_value();
  }
};

// How instances of a resource copy loop are deployed.
struct CopyInfo {
  std::string name;
  int index = 0;
  int count = 0;
  bool serial = false;
  int batch_size = 0;  // serial only; 1 unless the template says otherwise
};

struct ExpandedResource {
  std::string id;  // full ARM resource id
  std::string type;
  std::string api_version;
  std::string name;                     // as declared, "parent/child" for children
  std::string location;                 // empty when the resource has none
  json body;                            // what to PUT: the declaration without template meta-keys
  std::vector<std::string> depends_on;  // resource ids of this deployment, explicit and implicit
  bool sensitive = false;               // the body holds a securestring/secureObject value
  std::string declaration_path;         // "resources[3]" or "resources[0].resources[1]"
  std::optional<CopyInfo> copy;
};

struct TemplateOutput {
  std::string name;
  std::string type;
  json value;
  bool sensitive = false;
};

struct ExpandedDeployment {
  std::vector<ExpandedResource> resources;  // declaration order; depends_on gives the order to PUT
  std::vector<TemplateOutput> outputs;
};

class TemplateScope;  // evaluation state: parameters, variables, functions, resource table

// One template bound to its parameters and context; keeps them so that single
// resources and the outputs can be evaluated again once their dependencies exist.
class TemplateDeployment {
 public:
  TemplateDeployment();
  ~TemplateDeployment();
  TemplateDeployment(TemplateDeployment&&) noexcept;
  TemplateDeployment& operator=(TemplateDeployment&&) noexcept;

  // Checks the parameters (types, allowedValues, min/max) and declares every resource.
  Diagnostics bind(const ArmTemplate& t, const ParameterValues& params, const DeploymentContext& ctx,
                   TemplateSeams seams = {});
  // Every resource and output; reference()/list*() go through `resolver`.
  Diagnostics expand(ResourceResolver& resolver, ExpandedDeployment& out);
  // One resource (by id, case-insensitive) re-evaluated with live dependencies.
  Diagnostics evaluate_resource(const std::string& id, ResourceResolver& resolver, ExpandedResource& out);
  Diagnostics evaluate_outputs(ResourceResolver& resolver, std::vector<TemplateOutput>& out);
  // The ids of every declared resource whose condition holds, in declaration order.
  std::vector<std::string> resource_ids() const;

 private:
  std::unique_ptr<TemplateScope> scope_;
};

// What was sent, with the values Azure now reports in their place where they
// differ: only paths that were sent count, so read-only and defaulted
// properties are never drift. Strings compare case-insensitively, locations
// also without spaces; a value Azure does not return (a password) stays, and
// so do name and type (ARM answers a child's name without its parents').
json observed_body(const json& sent, const json& live);

// Azure's hashes, exactly as ARM computes them.
std::string unique_string(const std::vector<std::string>& parts);       // 13 base-32 characters
std::string deterministic_guid(const std::vector<std::string>& parts);  // UUID v5 over ARM's namespace

}  // namespace forma::azure::tmpl
