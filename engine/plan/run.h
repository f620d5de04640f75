// Private to engine/plan: the state of one plan or apply walk.
#pragma once

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "engine/graph/builder.h"
#include "engine/graph/walk.h"
#include "engine/plan/planner.h"
#include "engine/plan/values.h"

namespace forma::plan {

struct Instance {
  graph::InstanceKey key;
  json each_value;
  bool has_count = false;
  bool has_each = false;
};

// The instance key (and each.value, as far as the key tells) of an address in state.
Instance instance_of_address(const std::string& address, const config::Resource& r);

class Run {
 public:
  // The run owns the state objects (moved blocks rename them); `in.state` is left empty.
  explicit Run(RunInputs& in) : in_(in), objects_(std::move(in.state)) {}
  RunResult execute();

 private:
  // planner.cpp: set-up and the simple nodes
  bool prepare();
  void index_state();
  bool apply_moved_blocks();  // true when it renamed objects
  bool start_providers();
  void check_resource_schemas();
  std::vector<bool> selection() const;
  graph::Graph destroy_graph() const;
  // Resources removed from config are deleted in the reverse order of the
  // dependencies recorded with them in state.
  void order_orphan_deletes();
  void seed_values_from_state();
  graph::Visit visit(graph::NodeId id);
  bool visit_variable(graph::NodeId id, const graph::Declaration& d);
  bool visit_local(graph::NodeId id, const graph::Declaration& d);
  bool visit_provider(graph::NodeId id, const graph::Declaration& d);
  bool visit_output(graph::NodeId id, const graph::Declaration& d);
  bool visit_check(graph::NodeId id, const graph::Declaration& d);
  void finish_plan(RunResult& result);

  // instances.cpp: resources, data sources and orphans
  using InstanceStep = bool (Run::*)(graph::NodeId, const graph::Declaration&, const Instance&, json&);
  // One subtask per instance of a resource or data block (`step` computes its
  // value), then the block's value assembled from theirs. `instances`, when
  // given, receives the expanded instances.
  graph::Visit fan_out(graph::NodeId id, const graph::Declaration& d, InstanceStep step,
                       std::vector<std::string> sensitive, std::vector<Instance>* instances);
  graph::Visit visit_resource(graph::NodeId id, const graph::Declaration& d);
  graph::Visit visit_data(graph::NodeId id, const graph::Declaration& d);
  graph::Visit visit_orphan(graph::NodeId id, const graph::Declaration& d);
  graph::Visit visit_destroy(graph::NodeId id, const std::string& base);
  bool expand(const config::Resource& r, const config::Module& m, std::vector<Instance>& out);
  bool plan_instance(graph::NodeId id, const graph::Declaration& d, const Instance& inst, json& value);
  bool read_data_instance(graph::NodeId id, const graph::Declaration& d, const Instance& inst, json& value);
  // `m`, when known, is the module declaring `r`, to place errors in its source.
  bool delete_object(const state::ResourceObject& obj, const config::Resource* r, const config::Module* m = nullptr);
  bool refresh(const state::ResourceObject& obj, provider::Provider* p, json& prior, ResourceChange& ch);
  bool changed_outside(const state::ResourceObject& obj, const json& fresh) const;
  std::vector<std::string> dependencies_of(graph::NodeId id) const;
  bool check_conditions(const std::vector<config::Condition>& cs, const config::Module& m,
                        const InstanceContext& ic, const std::string& what);
  // provisioning.cpp
  ProvisionerSource provisioner_source(const config::Resource& r, const config::Module& m, const Instance& inst);
  // The connection `forma nodes` uses for an instance: the resource's block,
  // else the first provisioner's, with self = `object`.
  void collect_connection(const config::Resource& r, const config::Module& m, const Instance& inst,
                          const std::string& address, const json& object);

  // shared helpers
  bool evaluate(const json& doc, const std::string& path, const config::Module& m,
                const InstanceContext& ic, json& out, std::vector<std::string>* sensitive = nullptr,
                bool* whole_sensitive = nullptr);
  void diag(Diagnostic d);
  void add_change(ResourceChange ch);
  provider::Provider* provider_for(const std::string& address);
  std::vector<std::string> schema_sensitive_paths(const std::string& provider_name,
                                                  const std::string& type, bool data) const;
  static void collect_sensitive_paths(const json& attributes, std::vector<std::string>& out);
  int schema_version(const std::string& provider_name, const std::string& type) const;
  bool apply_mode() const { return in_.executor != nullptr; }
  bool cancelled() const { return in_.options.cancel && in_.options.cancel->load(); }

  const RunInputs& in_;
  graph::BuiltGraph built_;
  graph::Graph reversed_graph_;                // destroy's order: the config graph reversed
  const graph::Graph* walk_graph_ = nullptr;   // built_.graph, or reversed_graph_ for destroy
  Values values_;
  expr::TemplateCache templates_;  // parsed once by the graph builder, evaluated many times

  std::mutex mu_;  // guards everything below
  Plan plan_;
  std::vector<state::OutputValue> outputs_;
  std::unordered_map<std::string, Action> actions_;  // by instance and by base address

  std::vector<state::ResourceObject> objects_;  // the state, after moved blocks
  std::unordered_map<std::string, const state::ResourceObject*> current_;  // by instance address
  std::unordered_map<std::string, std::vector<const state::ResourceObject*>> by_base_;
  std::unordered_map<std::string, const ResourceChange*> approved_;  // by address (+deposed)
  std::unordered_map<std::string, bool> forget_;
  std::map<std::string, json> connections_;
  mutable std::shared_mutex sensitive_mu_;  // guards sensitive_by_type_
  mutable std::unordered_map<std::string, std::vector<std::string>> sensitive_by_type_;  // evaluate_connections  // base addresses of removed blocks that keep objects
};

}  // namespace forma::plan
