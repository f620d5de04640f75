#include "providers/azure/emulator/autoscale.h"

#include <algorithm>
#include <cmath>
#include <ctime>

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/quotas.h"
#include "providers/azure/emulator/scale_set_instances.h"

namespace forma::emulator {
namespace {

constexpr int64_t kDayMs = 24LL * 3600 * 1000;
const char* const kDays[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};

int capacity_value(const json& capacity, const char* key) {
  const json v = capacity.is_object() ? capacity.value(key, json()) : json();
  if (v.is_number_integer()) return v.get<int>();
  if (v.is_string() && !v.get<std::string>().empty() &&
      v.get<std::string>().find_first_not_of("0123456789") == std::string::npos)
    return std::stoi(v.get<std::string>());
  return 0;
}

// The latest moment <= now at which a weekly recurrence starts; nullopt when it lists no day.
std::optional<int64_t> last_start(const json& schedule, int64_t now) {
  const json days = schedule.value("days", json::array());
  const json hours = schedule.value("hours", json::array({0})), minutes = schedule.value("minutes", json::array({0}));
  const int hour = hours.empty() ? 0 : hours[0].get<int>(), minute = minutes.empty() ? 0 : minutes[0].get<int>();
  std::optional<int64_t> best;
  for (int back = 0; back <= 7; ++back) {
    const int64_t day_start = (now / kDayMs - back) * kDayMs;
    const std::time_t seconds = static_cast<std::time_t>(day_start / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    const int64_t start = day_start + (hour * 60LL + minute) * 60000;
    if (start > now) continue;
    for (const json& d : days)
      if (d.is_string() && lower_case(d.get<std::string>()) == kDays[tm.tm_wday] && (!best || start > *best))
        best = start;
  }
  return best;
}

bool holds(const std::string& op, double value, double threshold) {
  if (op == "GreaterThan") return value > threshold;
  if (op == "GreaterThanOrEqual") return value >= threshold;
  if (op == "LessThan") return value < threshold;
  if (op == "LessThanOrEqual") return value <= threshold;
  if (op == "Equals") return value == threshold;
  if (op == "NotEquals") return value != threshold;
  return false;
}

int act(const json& action, int current) {
  const std::string type = action.value("type", "ChangeCount");
  const int value = capacity_value(action, "value");
  const int sign = action.value("direction", "") == "Decrease" ? -1 : 1;
  if (type == "ExactCount") return value;
  if (type == "PercentChangeCount")
    return current + sign * std::max(1, static_cast<int>(std::ceil(current * value / 100.0)));
  return current + sign * value;
}

// The capacity the profile's rules ask for; `current` when none acts.
int rules_capacity(const Cloud& cloud, const json& profile, const std::string& target, int current) {
  std::optional<int> out, in;
  bool every_in_holds = true;
  for (const json& rule : profile.value("rules", json::array())) {
    const json trigger = rule.value("metricTrigger", json::object());
    const json action = rule.value("scaleAction", json::object());
    const auto value = metric_value(cloud, trigger.value("metricResourceUri", target), trigger.value("metricName", ""));
    const bool fires = value && holds(trigger.value("operator", ""), *value, trigger.value("threshold", 0.0));
    if (action.value("direction", "") == "Increase" && fires) out = std::max(out.value_or(current), act(action, current));
    if (action.value("direction", "") == "Decrease") {
      every_in_holds = every_in_holds && fires;
      in = std::min(in.value_or(current), act(action, current));
    }
  }
  if (out) return *out;
  if (in && every_in_holds) return *in;
  return current;
}

// Capacity kept within what the VM family's core quota leaves.
int within_quota(const Cloud& cloud, const StoredResource& vmss, int wanted, int current) {
  const VmSize* size = find_vm_size(vmss.body["sku"].value("name", ""));
  if (!size || wanted <= current) return wanted;
  const int free = cloud.quotas.dedicated_for(size->family) - family_cores_used_by_others(cloud, size->family, vmss.id);
  return std::max(current, std::min(wanted, free / std::max(1, size->cores)));
}

void apply_setting(Cloud& cloud, const StoredResource& setting_in, int64_t now) {
  const json& p = setting_in.body["properties"];
  const std::string target = p.value("targetResourceUri", "");
  const StoredResource* found = cloud.store.find(target);
  if (!p.value("enabled", true) || !found || found->type != kScaleSetType ||
      found->body["properties"].value("provisioningState", "") == "Deleting")
    return;
  const json profile = active_profile(p, now);
  if (profile.is_null()) return;
  StoredResource setting = setting_in;
  const json& capacity = profile["capacity"];
  const int lo = capacity_value(capacity, "minimum"), hi = capacity_value(capacity, "maximum");
  const int current = found->body["sku"].value("capacity", 0);
  int wanted = std::clamp(current, lo, hi);
  const int64_t period = std::max(1, cloud.options.autoscale_period_ms);
  if (setting.internal.value("profile", "") != profile.value("name", "") || !setting.internal.contains("profile")) {
    wanted = capacity_value(capacity, "default");
    setting.internal["profile"] = profile.value("name", "");
    setting.internal["last_action_ms"] = now;
  } else if (now - setting.internal.value("last_action_ms", int64_t{0}) >= period) {
    const int ruled = rules_capacity(cloud, profile, target, wanted);
    if (ruled != wanted) setting.internal["last_action_ms"] = now;
    wanted = ruled;
  }
  wanted = within_quota(cloud, *found, std::clamp(wanted, lo, hi), current);
  if (setting.internal != setting_in.internal) cloud.store.put(setting);
  if (wanted == current) return;
  StoredResource vmss = *found;
  set_capacity(vmss, wanted, now);
  cloud.store.put(vmss);
}

}  // namespace

std::optional<int64_t> parse_iso_time(const std::string& text) {
  std::tm tm{};
  const char* rest = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%S", &tm);
  if (!rest) return std::nullopt;
  if (*rest == '.')
    while (*++rest >= '0' && *rest <= '9') {
    }
  int64_t offset_minutes = 0;
  if (*rest == '+' || *rest == '-') {
    int h = 0, m = 0;
    if (std::sscanf(rest + 1, "%d:%d", &h, &m) != 2) return std::nullopt;
    offset_minutes = (*rest == '-' ? -1 : 1) * (h * 60 + m);
  } else if (*rest != 'Z' && *rest != '\0') {
    return std::nullopt;
  }
  return (static_cast<int64_t>(timegm(&tm)) - offset_minutes * 60) * 1000;
}

json active_profile(const json& properties, int64_t now) {
  const json profiles = properties.value("profiles", json::array());
  for (const json& profile : profiles) {
    if (!profile.contains("fixedDate")) continue;
    const auto start = parse_iso_time(profile["fixedDate"].value("start", ""));
    const auto end = parse_iso_time(profile["fixedDate"].value("end", ""));
    if (start && end && *start <= now && now <= *end) return profile;
  }
  json latest;
  std::optional<int64_t> latest_start;
  for (const json& profile : profiles) {
    if (!profile.contains("recurrence")) continue;
    const auto start = last_start(profile["recurrence"].value("schedule", json::object()), now);
    if (start && (!latest_start || *start > *latest_start)) {
      latest = profile;
      latest_start = start;
    }
  }
  if (!latest.is_null()) return latest;
  for (const json& profile : profiles)
    if (!profile.contains("fixedDate") && !profile.contains("recurrence")) return profile;
  return nullptr;
}

void apply_autoscale(Cloud& cloud) {
  const int64_t now = cloud.now();
  std::vector<StoredResource> settings;
  for (const StoredResource* r : cloud.store.all())
    if (resource_key(r->type) == resource_key(kAutoscaleType)) settings.push_back(*r);
  for (const StoredResource& s : settings) apply_setting(cloud, s, now);
}

void set_metric(Cloud& cloud, const std::string& resource_id, const std::string& metric, double value) {
  cloud.store.put_setting("metric|" + resource_key(resource_id) + "|" + lower_case(metric), std::to_string(value));
}

std::optional<double> metric_value(const Cloud& cloud, const std::string& resource_id, const std::string& metric) {
  const auto v = cloud.store.setting("metric|" + resource_key(resource_id) + "|" + lower_case(metric));
  if (!v) return std::nullopt;
  return std::stod(*v);
}

}  // namespace forma::emulator
