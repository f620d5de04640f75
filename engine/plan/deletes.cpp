// Destroying: objects no longer in config (orphans, instances that count or
// for_each dropped, deposed objects), and every object for `forma destroy`.
#include "engine/plan/run.h"

namespace forma::plan {

using graph::NodeId;

bool Run::delete_object(const state::ResourceObject& obj, const config::Resource* r, const config::Module* m) {
  provider::Provider* p = provider_for(obj.provider);
  if (!p) {
    diag(Diagnostic::error("Cannot destroy " + obj.address,
                           "Its provider " + obj.provider + " is not available in this configuration."));
    return false;
  }
  ResourceChange ch;
  ch.address = obj.address;
  ch.deposed = obj.deposed;
  ch.mode = obj.mode;
  ch.type = obj.type;
  ch.provider = obj.provider;
  ch.sensitive_paths = obj.sensitive_paths;
  ch.reason = r ? (obj.deposed.empty() ? "no longer in count or for_each" : "deposed") : "no longer in config";
  json prior = obj.attributes;
  const ResourceChange* approved = nullptr;
  if (apply_mode() && in_.approved) {
    auto a = approved_.find(obj.address + "/" + obj.deposed);
    if (a != approved_.end()) approved = a->second;
  }
  if (approved) prior = approved->before;
  else if (!refresh(obj, p, prior, ch)) return false;
  ch.before = prior;
  ch.after = nullptr;
  bool forget = forget_.count(base_of(obj.address)) || forget_.count(obj.address);
  if (prior.is_null()) {
    ch.action = Action::NoOp;  // already gone: only the record goes
    {
      std::lock_guard lock(mu_);
      ++plan_.state_updates;
    }
    if (apply_mode()) in_.executor->record(ch, nullptr, 0, {});
    return true;
  }
  ch.action = forget ? Action::Forget : Action::Delete;
  if (r && r->lifecycle.prevent_destroy && ch.action == Action::Delete) {
    std::string at = r->json_path + "/lifecycle/prevent_destroy";
    diag(Diagnostic::error("Instance cannot be destroyed",
                           obj.address + " has lifecycle.prevent_destroy set. Remove it to allow destroying.",
                           m ? m->positions.find(at) : SourceRange{}, at));
    return false;
  }
  if (!apply_mode()) {
    add_change(std::move(ch));
    return true;
  }
  if (in_.approved && (!approved || approved->action != ch.action)) {
    diag(Diagnostic::error("Inconsistent plan for " + obj.address,
                           "The approved plan did not include this change; run plan again."));
    return false;
  }
  if (ch.action == Action::Forget) {
    in_.executor->record(ch, nullptr, 0, {});
    add_change(std::move(ch));
    return true;
  }
  ExecutionRequest req{&ch, nullptr, p, 0, {}, {}, {}, json::object()};
  // Destroy-time provisioners run only while the resource is still configured.
  if (r && m) req.provisioners = provisioner_source(*r, *m, instance_of_address(obj.address, *r));
  req.prior_private = obj.private_data;
  auto result = in_.executor->execute(req);
  for (auto& dg : result.diags) diag(std::move(dg));
  add_change(std::move(ch));
  return result.ok;
}

graph::Visit Run::visit_orphan(NodeId, const graph::Declaration& d) {
  graph::Visit v;
  auto it = by_base_.find(d.orphan_address);
  if (it == by_base_.end()) return v;
  for (const auto* obj : it->second) v.subtasks.push_back([this, obj] { return delete_object(*obj, nullptr); });
  return v;
}

graph::Visit Run::visit_destroy(NodeId, const std::string& base) {
  graph::Visit v;
  auto it = by_base_.find(base);
  if (it == by_base_.end()) return v;
  const config::Resource* r = nullptr;
  for (const auto& res : in_.root->resources)
    if (res.address() == base) r = &res;
  for (const auto* obj : it->second) {
    if (obj->mode != "managed") continue;
    v.subtasks.push_back([this, obj, r] { return delete_object(*obj, r, in_.root); });
  }
  return v;
}

}  // namespace forma::plan
