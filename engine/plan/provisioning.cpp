// The provisioners of a resource instance, evaluated when the executor is
// about to run them: `self` is only known once the object exists.
#include "engine/graph/address.h"
#include "engine/plan/run.h"

namespace forma::plan {

ProvisionerSource Run::provisioner_source(const config::Resource& r, const config::Module& m, const Instance& inst) {
  if (r.provisioners.empty()) return {};
  return [this, &r, &m, inst](const json& self, const std::string& when, std::vector<ProvisionerCall>& out,
                              Diagnostics&) {
    InstanceContext ic{inst.key, inst.has_count, inst.has_each, inst.each_value, &self};
    json shared = json::object();
    if (r.connection && !evaluate(r.connection->body, r.connection->json_path, m, ic, shared)) return false;
    for (const auto& p : r.provisioners) {
      if (p.when != when) continue;
      ProvisionerCall call;
      call.type = p.type;
      call.continue_on_failure = p.on_failure == "continue";
      call.json_path = p.json_path;
      call.range = p.range;
      if (!evaluate(p.body, p.json_path, m, ic, call.arguments)) return false;
      call.connection = shared.is_object() ? shared : json::object();
      if (p.connection) {
        json own;
        if (!evaluate(p.connection->body, p.connection->json_path, m, ic, own)) return false;
        if (own.is_object())
          for (const auto& [k, v] : own.items()) call.connection[k] = v;
      }
      out.push_back(std::move(call));
    }
    return true;
  };
}

void Run::collect_connection(const config::Resource& r, const config::Module& m, const Instance& inst,
                             const std::string& address, const json& object) {
  const config::Connection* c = r.connection ? &*r.connection : nullptr;
  for (const auto& p : r.provisioners)
    if (!c && p.connection) c = &*p.connection;
  if (!c || object.is_null()) return;
  InstanceContext ic{inst.key, inst.has_count, inst.has_each, inst.each_value, &object};
  json evaluated;
  if (!evaluate(c->body, c->json_path, m, ic, evaluated)) return;
  std::lock_guard lock(mu_);
  connections_[address] = std::move(evaluated);
}

// The instance an address in state names, for destroy-time provisioners of
// objects whose instance no longer is in the configuration.
Instance instance_of_address(const std::string& address, const config::Resource& r) {
  Instance inst;
  std::string error;
  if (auto a = graph::parse_address(address, error)) inst.key = a->key;
  inst.has_count = r.count.has_value();
  inst.has_each = r.for_each.has_value();
  if (auto* k = std::get_if<std::string>(&inst.key.value)) inst.each_value = *k;
  return inst;
}

}  // namespace forma::plan
