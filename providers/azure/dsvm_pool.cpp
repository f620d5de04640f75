// azure_dsvm_pool: the resource (plan, create, read, update, delete) over the
// parts dsvm_pool_parts.cpp builds. forma records in created_ids what the
// pool made and deletes exactly that, newest first.
#include "providers/azure/dsvm_pool.h"

#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"
#include "providers/azure/autoscale_body.h"
#include "providers/azure/names.h"
#include "providers/azure/network_bodies.h"
#include "providers/azure/pool_nodes.h"
#include "providers/azure/resources.h"
#include "providers/azure/scale_set_body.h"
#include "providers/azure/state_values.h"
#include "providers/azure/template/template.h"
#include "providers/azure/vmss_shared.h"

namespace forma::azure {
namespace {

const char* api_of(const std::string& id) {
  auto parsed = parse_arm_id(id);
  const std::string provider = parsed ? parsed->provider : "";
  if (iequals(provider, "Microsoft.Network")) return kNetworkApi;
  if (iequals(provider, "Microsoft.Compute")) return kComputeApi;
  if (iequals(provider, "Microsoft.Insights")) return kInsightsApi;
  return kStorageApi;
}

// "dsvm" and ARM's uniqueString of where the pool is and what it replaces:
// the same for every attempt at one create, so a create interrupted after
// the account was made and planned again PUTs that account, not a second
// one; a replacement (`replaced` is the old name) gets a new one.
std::string pool_account_name(const std::string& subscription, const json& planned, const std::string& replaced) {
  return "dsvm" + tmpl::unique_string({subscription, planned.value("resource_group", std::string()),
                                       planned.value("name", std::string()), replaced});
}

// PUTs one part; records its id in `created` once Azure has it.
Diagnostics put_part(ArmClient& client, const std::string& address, const std::string& id, const json& body,
                     json& created) {
  ArmResult put = client.put(id, api_of(id), body);
  if (!put.ok()) return {arm_failure("create", address + " (" + id.substr(id.rfind('/') + 1) + ")", *put.error)};
  created.push_back(id);
  return {};
}

Diagnostics storage_key(ArmClient& client, const std::string& account_id, const json& storage, std::string& key) {
  if (known_string(storage, "account_key")) {
    key = string_at(storage, "account_key");
    return {};
  }
  ArmResult keys = client.post(account_id + "/listKeys", kStorageApi);
  if (!keys.ok()) return {arm_failure("list the keys of", "storage account " + quote(account_id), *keys.error)};
  const json list = keys.body.value("keys", json::array());
  key = list.is_array() && !list.empty() ? list[0].value("value", "") : "";
  return {};
}

class DsvmPool : public sdk::Resource {
 public:
  explicit DsvmPool(ContextPtr context) : context_(std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "An interactive pool of Data Science VMs on a scale set, with SSH NAT ports, JupyterHub, "
                           "a shared Azure Files share and autoscale.",
            .attributes = dsvm_pool_attributes()};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "resource_group", NameRule::ResourceGroup, diags);
    const json name = config.value("name", json());
    if (name.is_string() && !valid_pool_name(name.get<std::string>()))
      diags.push_back(Diagnostic::error("Invalid name " + quote(name.get<std::string>()),
                                        "The pool name must be 1 to 9 lowercase letters and digits, starting with a "
                                        "letter (the DSVM template's vmssName).", {}, "/name"));
    const json admin = config.value("admin", json());
    if (admin.is_object() && admin.value("ssh_public_key", json()).is_null() && admin.value("password", json()).is_null())
      diags.push_back(Diagnostic::error("The admin account has no password and no SSH key",
                                        "Set admin.ssh_public_key or admin.password.", {}, "/admin"));
    const json storage = config.value("shared_storage", json());
    if (storage.is_object() && storage.value("existing", json()) == json(true) && storage.value("storage_account_name", json()).is_null())
      diags.push_back(Diagnostic::error("An existing share needs its storage account",
                                        "Set shared_storage.storage_account_name (and resource_group).", {},
                                        "/shared_storage/storage_account_name"));
    check_name(storage, "storage_account_name", NameRule::StorageAccount, diags);
    return diags;
  }

  void customize_plan(const sdk::PlanRequest& request, sdk::PlannedChange& change) const override {
    json& planned = change.planned_state;
    if (!planned.is_object()) return;
    if (!known_string(planned, "location") && !context_->default_location().empty())
      planned["location"] = context_->default_location();
    const bool replacing = !change.requires_replace.empty() || !request.prior_state.is_object();
    const json prior = replacing ? json::object() : request.prior_state.value("shared_storage", json::object());
    const json old_storage =
        request.prior_state.is_object() ? request.prior_state.value("shared_storage", json::object()) : json::object();
    const json old_name = old_storage.is_object() ? old_storage.value("storage_account_name", json()) : json();
    json& storage = planned["shared_storage"];
    if (!storage.is_object())
      storage = prior.is_object() && !prior.empty()
                    ? prior
                    : json{{"existing", false}, {"storage_account_name", nullptr}, {"resource_group", nullptr},
                           {"account_key", nullptr}, {"share_name", "dsvmshare"}, {"quota_gb", 100},
                           {"mount_point", "/datamnt/dsvmshare"}};
    for (const char* key : {"storage_account_name", "resource_group"})
      if (storage[key].is_null() || is_unknown(storage[key])) storage[key] = prior.value(key, json());
    if (storage["storage_account_name"].is_null())
      storage["storage_account_name"] =
          pool_account_name(context_->subscription_id(), planned, old_name.is_string() ? old_name.get<std::string>() : "");
    if (storage["resource_group"].is_null()) storage["resource_group"] = planned.value("resource_group", json());
  }

  sdk::StateResult create(const sdk::ApplyRequest& request) override;
  sdk::StateResult read(const sdk::ReadRequest& request) override;
  sdk::StateResult update(const sdk::ApplyRequest& request) override;
  Diagnostics remove(const sdk::ApplyRequest& request) override;

 private:
  static bool valid_pool_name(const std::string& n) {
    if (n.empty() || n.size() > 9 || n[0] < 'a' || n[0] > 'z') return false;
    for (char c : n)
      if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
    return true;
  }
  // The state from what Azure has now; null when the scale set is gone.
  json observe(ArmClient& client, const json& known, Diagnostics& diags) const;
  void adopt_parts(ArmClient& client, json& pool) const;
  Diagnostics put_autoscale(ArmClient& client, const std::string& address, const json& pool, json& created) const;

  ContextPtr context_;
};

Diagnostics DsvmPool::put_autoscale(ArmClient& client, const std::string& address, const json& pool,
                                    json& created) const {
  const PoolIds ids = pool_ids(context_->subscription_id(), pool);
  const json setting = pool_autoscale_state(pool, ids);
  bool listed = false;
  json kept = json::array();
  for (const json& id : created) {
    if (iequals(id.get<std::string>(), ids.autoscale)) listed = true;
    else kept.push_back(id);
  }
  if (setting.is_null()) {
    if (!listed) return {};
    ArmResult gone = client.remove(ids.autoscale, kInsightsApi);
    if (!gone.ok()) return {arm_failure("delete the autoscale setting of", address, *gone.error)};
    created = kept;
    return {};
  }
  json mine = json::array();
  Diagnostics diags = put_part(client, address, ids.autoscale, autoscale_setting_body(setting), mine);
  if (!listed) created.insert(created.end(), mine.begin(), mine.end());
  return diags;
}

sdk::StateResult DsvmPool::create(const sdk::ApplyRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  json pool = without_unknowns(request.planned_state);
  if (!known_string(pool, "location")) {
    out.diagnostics.push_back(Diagnostic::error(request.address + " needs a location",
                                                "Set location on the pool or in the provider \"azure\" block.", {}, "/location"));
    return out;
  }
  const PoolIds ids = pool_ids(context_->subscription_id(), pool);
  const json storage = pool["shared_storage"];
  json created = json::array();
  Diagnostics& diags = out.diagnostics;
  if (storage.value("existing", false) == false) {
    diags = put_part(*client, request.address, ids.account,
                     {{"sku", {{"name", "Standard_LRS"}}}, {"kind", "StorageV2"}, {"location", pool["location"]}}, created);
    if (!has_errors(diags))
      append(diags, put_part(*client, request.address, ids.share, {{"properties", {{"shareQuota", storage.value("quota_gb", 100)}}}}, created));
  }
  std::string key;
  if (!has_errors(diags)) append(diags, storage_key(*client, ids.account, storage, key));
  const std::pair<std::string, json> parts[] = {
      {ids.vnet, virtual_network_body(pool_network_state(pool))},
      {ids.public_ip, public_ip_body(pool_public_ip_state(pool))},
      {ids.lb, load_balancer_body(ids.lb, pool_lb_state(pool, ids))},
      {ids.scale_set, scale_set_body(pool_scale_set_state(pool, ids, key))}};
  for (const auto& [id, body] : parts)
    if (!has_errors(diags)) append(diags, put_part(*client, request.address, id, body, created));
  if (!has_errors(diags)) append(diags, put_autoscale(*client, request.address, pool, created));
  if (!has_errors(diags)) append(diags, wait_for_running_instances(*client, ids.scale_set));
  pool["created_ids"] = created;
  pool["id"] = ids.scale_set;
  pool["storage_account_id"] = ids.account;
  Diagnostics observed;
  json state = observe(*client, pool, observed);
  out.state = state.is_null() ? pool : state;  // what was made is recorded, so destroy removes it
  if (!has_errors(diags)) append(diags, observed);
  return out;
}

json DsvmPool::observe(ArmClient& client, const json& known, Diagnostics& diags) const {
  const PoolIds ids = pool_ids(context_->subscription_id(), known);
  ArmResult vmss = client.get(ids.scale_set, kComputeApi);
  if (vmss.not_found()) return nullptr;
  json state = known;
  if (!vmss.ok()) {
    diags.push_back(arm_failure("read", "the scale set of the pool", *vmss.error));
    return state;
  }
  state["id"] = vmss.body.value("id", ids.scale_set);
  state["current_instances"] = value_at(vmss.body, "/sku/capacity");
  ArmResult setting = client.get(ids.autoscale, kInsightsApi);
  const bool autoscaled = setting.ok() && !setting.not_found() && value_at(setting.body, "/properties/enabled") != json(false);
  if (!autoscaled) state["instances"] = state["current_instances"];  // resized behind forma's back: drift
  if (known.value("autoscale", json()).is_object() && !autoscaled) state["autoscale"] = nullptr;
  if (autoscaled && known.value("autoscale", json()).is_object()) {
    const json working = value_at(setting.body, "/properties/profiles/0/capacity");
    state["autoscale"]["min"] = std::stoi(working.value("minimum", std::string("0")));
    state["autoscale"]["max"] = std::stoi(working.value("maximum", std::string("0")));
  }
  ArmResult ip = client.get(ids.public_ip, kNetworkApi);
  const std::string address = ip.ok() && !ip.not_found() ? string_at(value_at(ip.body, "/properties"), "ipAddress") : "";
  state["public_ip_address"] = address;
  state["jupyterhub_url"] = address.empty() ? "" : "http://" + address + ":" + std::to_string(known.value("jupyterhub_port", 8000)) + "/";
  json nodes;
  append(diags, list_pool_nodes(client, vmss.body, nodes));
  state["nodes"] = nodes.is_array() ? nodes : json::array();
  return state;
}

sdk::StateResult DsvmPool::read(const sdk::ReadRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  if (!known_string(request.state, "name") || !known_string(request.state, "resource_group")) return out;
  out.state = observe(*client, without_unknowns(request.state), out.diagnostics);
  if (!request.creation_token.empty() && out.state.is_object()) adopt_parts(*client, out.state);
  return out;
}

// A create interrupted after the scale set was made: what the pool made
// is every part at its ids that exists, so that destroy removes them.
void DsvmPool::adopt_parts(ArmClient& client, json& pool) const {
  const PoolIds ids = pool_ids(context_->subscription_id(), pool);
  std::vector<std::string> parts;
  const json storage = pool.value("shared_storage", json::object());
  if (!storage.is_object() || storage.value("existing", false) == false) parts = {ids.account, ids.share};
  for (const std::string& id : {ids.vnet, ids.public_ip, ids.lb, ids.scale_set, ids.autoscale}) parts.push_back(id);
  json created = json::array();
  for (const std::string& id : parts)
    if (ArmResult got = client.get(id, api_of(id)); got.ok() && !got.not_found()) created.push_back(id);
  pool["created_ids"] = created;
  pool["id"] = ids.scale_set;
  pool["storage_account_id"] = ids.account;
}

sdk::StateResult DsvmPool::update(const sdk::ApplyRequest& request) {
  sdk::StateResult out;
  out.state = request.prior_state;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  json pool = without_unknowns(request.planned_state);
  json created = request.prior_state.value("created_ids", json::array());
  const PoolIds ids = pool_ids(context_->subscription_id(), pool);
  Diagnostics& diags = out.diagnostics;
  const json& prior = request.prior_state;
  if (pool.value("autoscale", json()) != prior.value("autoscale", json()) ||
      pool.value("instances", json()) != prior.value("instances", json()))
    append(diags, put_autoscale(*client, request.address, pool, created));
  // Without autoscale the capacity is forma's: put it back when it moved.
  const bool resize = pool.value("instances", json()) != prior.value("instances", json()) ||
                      (!pool.value("autoscale", json()).is_object() &&
                       pool.value("instances", json()) != prior.value("current_instances", json()));
  if (!has_errors(diags) && resize) {
    ArmResult r = client->patch(ids.scale_set, kComputeApi, {{"sku", {{"capacity", pool["instances"]}}}});
    if (!r.ok()) diags.push_back(arm_failure("scale", request.address, *r.error));
  }
  if (!has_errors(diags)) append(diags, wait_for_running_instances(*client, ids.scale_set));
  pool["created_ids"] = created;
  json state = observe(*client, pool, diags);
  out.state = state.is_null() ? pool : state;
  return out;
}

Diagnostics DsvmPool::remove(const sdk::ApplyRequest& request) {
  Diagnostics diags;
  auto client = context_->require_client(diags);
  if (!client) return diags;
  const json created = request.prior_state.value("created_ids", json::array());
  for (auto it = created.rbegin(); it != created.rend(); ++it) {
    if (!it->is_string()) continue;
    ArmResult gone = client->remove(*it, api_of(*it));
    if (!gone.ok()) {
      diags.push_back(arm_failure("delete", request.address + " (" + it->get<std::string>() + ")", *gone.error));
      return diags;  // what is left still depends on it
    }
  }
  return diags;
}

}  // namespace

std::shared_ptr<sdk::Resource> make_dsvm_pool(ContextPtr context) { return std::make_shared<DsvmPool>(std::move(context)); }

}  // namespace forma::azure
