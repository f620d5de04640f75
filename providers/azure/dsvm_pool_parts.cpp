#include "providers/azure/dsvm_pool.h"

#include "providers/azure/autoscale_body.h"
#include "providers/azure/scale_set_body.h"
#include "providers/azure/state_values.h"

namespace forma::azure {
namespace {

json common(const json& pool, const std::string& name) {
  return {{"name", name}, {"resource_group", pool.value("resource_group", json())},
          {"location", pool.value("location", json())}, {"tags", nullptr}};
}

std::string base(const json& pool) { return string_at(pool, "name"); }

int number_at(const json& o, const char* key, int fallback) {
  const json v = o.is_object() ? o.value(key, json()) : json();
  return v.is_number() ? static_cast<int>(v.get<double>()) : fallback;
}

// "20:00" -> {20, 0}
std::pair<int, int> clock_time(const json& v, int fallback_hour) {
  const std::string text = v.is_string() ? v.get<std::string>() : "";
  const size_t colon = text.find(':');
  if (colon == std::string::npos) return {fallback_hour, 0};
  return {std::stoi(text.substr(0, colon)), std::stoi(text.substr(colon + 1))};
}

json weekly(const json& schedule, const char* at, int fallback_hour) {
  const auto [hour, minute] = clock_time(schedule.value(at, json()), fallback_hour);
  return {{"time_zone", schedule.value("time_zone", json("UTC"))}, {"days", schedule.value("days", json())},
          {"hours", hour}, {"minutes", minute}};
}

}  // namespace

PoolIds pool_ids(const std::string& subscription, const json& pool) {
  PoolIds ids;
  const std::string g = string_at(pool, "resource_group"), n = base(pool);
  ids.group = resource_group_id(subscription, g);
  const std::string net = ids.group + "/providers/Microsoft.Network/";
  ids.vnet = net + "virtualNetworks/" + n + "-vnet";
  ids.subnet = ids.vnet + "/subnets/dsvmcluster";
  ids.public_ip = net + "publicIPAddresses/" + n + "pip";
  ids.lb = net + "loadBalancers/" + n + "lb";
  ids.backend_pool = ids.lb + "/backendAddressPools/" + n + "bepool";
  ids.nat_pool = ids.lb + "/inboundNatPools/" + n + "sshnat";
  ids.scale_set = ids.group + "/providers/Microsoft.Compute/virtualMachineScaleSets/" + n;
  ids.autoscale = ids.group + "/providers/Microsoft.Insights/autoscalesettings/" + n + "-autoscale";
  const json storage = pool.value("shared_storage", json::object());
  const std::string storage_group = known_string(storage, "resource_group") ? string_at(storage, "resource_group") : g;
  ids.account = resource_group_id(subscription, storage_group) + "/providers/Microsoft.Storage/storageAccounts/" +
                string_at(storage, "storage_account_name");
  ids.share = ids.account + "/fileServices/default/shares/" + string_at(storage, "share_name");
  return ids;
}

json pool_network_state(const json& pool) {
  json s = common(pool, base(pool) + "-vnet");
  s["address_space"] = json::array({pool.value("address_space", json("10.0.0.0/16"))});
  s["subnets"] = json::array({{{"name", "dsvmcluster"}, {"address_prefix", pool.value("subnet_prefix", json("10.0.0.0/24"))}}});
  return s;
}

json pool_public_ip_state(const json& pool) {
  json s = common(pool, base(pool) + "pip");
  s["allocation_method"] = "Dynamic";
  s["sku"] = "Basic";
  s["idle_timeout_minutes"] = 4;
  return s;
}

json pool_lb_state(const json& pool, const PoolIds& ids) {
  const std::string n = base(pool);
  const int ssh = number_at(pool, "ssh_port_start", 50000), hub = number_at(pool, "jupyterhub_port", 8000);
  json s = common(pool, n + "lb");
  s["sku"] = "Basic";
  s["frontend_ip_configurations"] = json::array({{{"name", "LoadBalancerFrontEnd"}, {"public_ip_address_id", ids.public_ip}}});
  s["backend_address_pools"] = json::array({{{"name", n + "bepool"}}});
  s["probes"] = json::array({{{"name", "Jupyterprobe"}, {"protocol", "Tcp"}, {"port", hub}, {"interval_seconds", 5},
                              {"number_of_probes", 2}}});
  s["rules"] = json::array({{{"name", "Jupyter"}, {"frontend_ip_configuration_name", "LoadBalancerFrontEnd"},
                             {"backend_address_pool_name", n + "bepool"}, {"probe_name", "Jupyterprobe"},
                             {"protocol", "Tcp"}, {"frontend_port", hub}, {"backend_port", hub},
                             {"idle_timeout_minutes", 30}, {"load_distribution", "SourceIP"},
                             {"enable_floating_ip", false}}});
  s["nat_pools"] = json::array({{{"name", n + "sshnat"}, {"frontend_ip_configuration_name", "LoadBalancerFrontEnd"},
                                 {"protocol", "Tcp"}, {"frontend_port_start", ssh}, {"frontend_port_end", ssh + 119},
                                 {"backend_port", 22}}});
  return s;
}

std::string mount_command(const json& pool, const std::string& account_key) {
  const json storage = pool.value("shared_storage", json::object());
  return "bash mountazurefiles.sh " + string_at(storage, "storage_account_name") + " " + account_key + " " +
         string_at(storage, "share_name") + " " + string_at(storage, "mount_point") + " " +
         string_at(pool.value("admin", json::object()), "username");
}

json pool_scale_set_state(const json& pool, const PoolIds& ids, const std::string& account_key) {
  const json admin = pool.value("admin", json::object());
  json s = common(pool, base(pool));
  const json image = pool.value("image", json()).is_object() ? pool["image"] : dsvm_image();
  s.update({{"vm_size", pool.value("vm_size", json())},
            {"instances", pool.value("instances", json(0))},
            {"upgrade_mode", "Manual"},
            {"overprovision", false},
            {"computer_name_prefix", base(pool)},
            {"admin_username", admin.value("username", json())},
            {"admin_password", admin.value("password", json())},
            {"admin_ssh_keys", known_string(admin, "ssh_public_key") ? json::array({admin["ssh_public_key"]}) : json()},
            {"source_image", image},
            {"plan", plan_for_image(image)},
            {"subnet_id", ids.subnet},
            {"lb_backend_pool_ids", json::array({ids.backend_pool})},
            {"lb_nat_pool_ids", json::array({ids.nat_pool})},
            {"extensions", json::array({{{"name", "filesextension"},
                                         {"publisher", "Microsoft.Azure.Extensions"},
                                         {"type", "CustomScript"},
                                         {"type_handler_version", "2.0"},
                                         {"settings", json{{"fileUris", {kMountScriptUri}}}.dump()},
                                         {"protected_settings", json{{"commandToExecute", mount_command(pool, account_key)}}.dump()}}})}});
  return s;
}

json pool_autoscale_state(const json& pool, const PoolIds& ids) {
  const json a = pool.value("autoscale", json());
  if (!a.is_object()) return nullptr;
  const int lo = number_at(a, "min", 0), hi = number_at(a, "max", 10);
  const int dflt = std::clamp(number_at(pool, "instances", 0), lo, hi);
  json working = {{"name", "working-hours"}, {"minimum", lo}, {"maximum", hi}, {"default", dflt},
                  {"rules", json::array({cpu_rule("Increase", number_at(a, "scale_out_cpu", 75)),
                                         cpu_rule("Decrease", number_at(a, "scale_in_cpu", 25))})},
                  {"recurrence", nullptr}, {"fixed_date", nullptr}};
  json profiles = json::array();
  const json night = a.value("scale_to_zero", json());
  if (night.is_object()) {
    working["recurrence"] = weekly(night, "end", 7);
    profiles.push_back({{"name", "scale-to-zero"}, {"minimum", 0}, {"maximum", 0}, {"default", 0}, {"rules", nullptr},
                        {"recurrence", weekly(night, "start", 20)}, {"fixed_date", nullptr}});
  }
  profiles.insert(profiles.begin(), working);
  json s = common(pool, base(pool) + "-autoscale");
  s["target_resource_id"] = ids.scale_set;
  s["enabled"] = true;
  s["profiles"] = profiles;
  return s;
}

}  // namespace forma::azure
