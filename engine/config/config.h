// The config model: one Module per directory, decoded from all its
// *.forma.json files (JSON with comments, Terraform's JSON-syntax blocks).
// Argument values stay JSON whose strings are templates for engine/expr.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/positions.h"
#include "engine/base/value.h"

namespace forma::config {

// Every decoded block knows where it was written.
struct Located {
  std::string json_path;  // pointer in the merged document, e.g. /resource/test_null/a
  SourceRange range;
};

struct Condition : Located {  // validation, precondition, postcondition, check assert
  json condition;             // a template string, usually "${...}"
  json error_message;         // a template string
};

struct Variable : Located {
  std::string name;
  std::string type = "any";  // type constraint text (engine/expr/types.h)
  std::optional<json> default_value;
  std::string description;
  bool sensitive = false;
  bool nullable = true;
  std::vector<Condition> validations;
};

struct Local : Located {
  std::string name;
  json value;
};

struct ProviderConfig : Located {
  std::string name;   // "azure"
  std::string alias;  // "" for the default configuration
  json body;          // arguments, meta-arguments removed
  std::string address() const;  // "provider.azure" or "provider.azure.west"
};

struct Lifecycle {
  bool create_before_destroy = false;
  bool prevent_destroy = false;
  bool ignore_all_changes = false;          // ignore_changes = "all"
  std::vector<std::string> ignore_changes;  // attribute paths as written, e.g. "tags", "scale.auto"
  std::vector<std::string> replace_triggered_by;  // reference strings
  std::vector<Condition> preconditions;
  std::vector<Condition> postconditions;
};

struct Connection : Located {
  json body;  // type, host, port, user, password, private_key, timeout
};

struct Provisioner : Located {
  std::string type;  // "remote-exec", "local-exec"
  json body;         // inline, script, command ...
  std::optional<Connection> connection;
  std::string when = "create";  // or "destroy"
  std::string on_failure = "fail";  // or "continue"
};

enum class ResourceMode { Managed, Data };

struct Resource : Located {
  ResourceMode mode = ResourceMode::Managed;
  std::string type;          // "test_null"
  std::string name;          // "a"
  std::string provider_ref;  // from the "provider" meta-argument: "azure" or "azure.west"; "" = implied by type
  std::optional<json> count;
  std::optional<json> for_each;
  std::vector<std::string> depends_on;  // reference strings: "test_null.a", "module.m"
  Lifecycle lifecycle;
  std::vector<Provisioner> provisioners;
  std::optional<Connection> connection;  // resource-level default for provisioners
  json body = json::object();            // arguments only

  // "test_null.a" or "data.test_file.f"
  std::string address() const;
  // The provider name implied by the type: "test" for "test_null".
  std::string implied_provider() const;
};

struct Output : Located {
  std::string name;
  json value;
  std::string description;
  bool sensitive = false;
  std::vector<std::string> depends_on;
  std::vector<Condition> preconditions;
};

struct ModuleCall : Located {
  std::string name;
  std::string source;  // local path, relative to the calling module's directory
  json inputs = json::object();  // arguments other than meta-arguments
  std::optional<json> count;
  std::optional<json> for_each;
  std::vector<std::string> depends_on;
  std::map<std::string, std::string> providers;  // child name -> parent provider ref
};

struct Moved : Located {
  std::string from;  // addresses as written, e.g. "test_null.a[0]", "module.old"
  std::string to;
};

struct Import : Located {
  std::string to;      // resource instance address
  json id;             // template string
  std::string provider_ref;
};

struct Removed : Located {
  std::string from;      // resource or module address
  bool destroy = false;  // lifecycle { destroy = false } forgets without destroying
};

struct Check : Located {
  std::string name;
  std::vector<Condition> asserts;
};

struct Module {
  std::string dir;          // directory it was loaded from
  std::string module_path;  // "" for root, "module.a" / "module.a.module.b" for children
  std::vector<std::string> files;
  std::map<std::string, Variable> variables;
  std::map<std::string, Local> locals;
  std::vector<ProviderConfig> providers;
  std::vector<Resource> resources;  // managed and data, in file order
  std::map<std::string, Output> outputs;
  std::map<std::string, ModuleCall> module_calls;
  std::map<std::string, std::unique_ptr<Module>> children;  // by call name
  std::vector<Moved> moved;
  std::vector<Import> imports;
  std::vector<Removed> removed;
  std::vector<Check> checks;
  PositionIndex positions;

  const Resource* find_resource(const std::string& address) const;
};

// Loads every *.forma.json in `dir` (and, recursively, local modules they call).
// Syntax errors, unknown blocks or arguments (with "did you mean"), duplicate
// definitions and schema violations are diagnostics with file:line:col.
struct LoadResult {
  std::unique_ptr<Module> root;  // null only when nothing could be read
  Diagnostics diags;
};
LoadResult load_module(const std::string& dir);
// A root module from a document forma made itself (forma plan -template
// wraps a template in one); `files` are what the module was made from, for
// the plan's staleness check.
LoadResult load_generated_module(const json& document, const std::vector<std::string>& files);

// Variable values from, in increasing precedence: defaults, FORMA_VAR_name
// environment variables, *.forma.vars.json files in the directory (sorted),
// -var-file files in order, -var name=value in order. Values are converted to
// the declared type; a required variable without a value is an error.
struct VariableInputs {
  std::vector<std::string> var_files;                         // -var-file
  std::vector<std::pair<std::string, std::string>> vars;      // -var name=value
  bool read_environment = true;
};
struct VariableValues {
  std::map<std::string, json> values;
  std::vector<std::string> sensitive;  // names of sensitive variables
  Diagnostics diags;
};
VariableValues resolve_variables(const Module& root, const VariableInputs& inputs);

}  // namespace forma::config
