// Microsoft.Insights autoscale settings: PUT (201 created, 200 updated, at
// once), GET, PATCH (tags, enabled, profiles), DELETE, list. The emulator
// applies them itself (autoscale.h). One setting per target resource.
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/autoscale.h"
#include "providers/azure/emulator/network_model.h"
#include "providers/azure/emulator/tracked_resource.h"

namespace forma::emulator {
namespace {

bool bad(ArmResponse& res, const std::string& message) {
  arm_error(res, 400, "BadRequest", message);
  return false;
}

bool count_value(const json& v, int& out) {
  if (v.is_number_integer()) out = v.get<int>();
  else if (v.is_string() && !v.get<std::string>().empty() && v.get<std::string>().find_first_not_of("0123456789") == std::string::npos)
    out = std::stoi(v.get<std::string>());
  else return false;
  return out >= 0 && out <= 1000;
}

bool check_capacity(json& capacity, const std::string& profile, ArmResponse& res) {
  int lo = 0, hi = 0, dflt = 0;
  if (!capacity.is_object() || !count_value(capacity.value("minimum", json()), lo) ||
      !count_value(capacity.value("maximum", json()), hi) || !count_value(capacity.value("default", json()), dflt))
    return bad(res, "Profile '" + profile + "': capacity minimum, maximum and default must be whole numbers from 0 to 1000.");
  if (lo > hi || dflt < lo || dflt > hi)
    return bad(res, "Profile '" + profile + "': the default capacity " + std::to_string(dflt) +
                        " must lie between the minimum " + std::to_string(lo) + " and the maximum " + std::to_string(hi) + ".");
  capacity = {{"minimum", std::to_string(lo)}, {"maximum", std::to_string(hi)}, {"default", std::to_string(dflt)}};
  return true;
}

bool check_rule(json& rule, const std::string& profile, const std::string& target, ArmResponse& res) {
  json& trigger = rule["metricTrigger"];
  json& action = rule["scaleAction"];
  if (!trigger.is_object() || !trigger.value("metricName", json()).is_string() || !trigger.value("threshold", json()).is_number())
    return bad(res, "Profile '" + profile + "': every rule needs a metricTrigger with metricName and threshold.");
  static const std::vector<std::string> operators = {"Equals", "NotEquals", "GreaterThan", "GreaterThanOrEqual",
                                                     "LessThan", "LessThanOrEqual"};
  if (std::find(operators.begin(), operators.end(), trigger.value("operator", "")) == operators.end())
    return bad(res, "Profile '" + profile + "': metricTrigger.operator '" + trigger.value("operator", "") + "' is not valid.");
  if (!trigger.contains("metricResourceUri")) trigger["metricResourceUri"] = target;
  for (const auto& [key, value] : {std::pair{"timeGrain", "PT1M"}, {"statistic", "Average"}, {"timeWindow", "PT5M"},
                                   {"timeAggregation", "Average"}})
    if (!trigger.contains(key)) trigger[key] = value;
  const std::string direction = action.is_object() ? action.value("direction", "") : "";
  const std::string type = action.is_object() ? action.value("type", "") : "";
  int value = 0;
  if ((direction != "Increase" && direction != "Decrease" && direction != "None") ||
      (type != "ChangeCount" && type != "PercentChangeCount" && type != "ExactCount") ||
      !count_value(action.value("value", json()), value))
    return bad(res, "Profile '" + profile + "': scaleAction needs direction (Increase, Decrease), type (ChangeCount, "
                    "PercentChangeCount, ExactCount) and a value.");
  action["value"] = std::to_string(value);
  if (!action.contains("cooldown")) action["cooldown"] = "PT5M";
  return true;
}

bool check_schedule(const json& profile, const std::string& name, ArmResponse& res) {
  if (profile.contains("fixedDate") && profile.contains("recurrence"))
    return bad(res, "Profile '" + name + "' cannot have both fixedDate and recurrence.");
  if (profile.contains("fixedDate")) {
    const json& f = profile["fixedDate"];
    const auto start = parse_iso_time(f.value("start", "")), end = parse_iso_time(f.value("end", ""));
    if (!start || !end || *end < *start) return bad(res, "Profile '" + name + "': fixedDate needs a start before its end.");
  }
  if (profile.contains("recurrence")) {
    const json& r = profile["recurrence"];
    const json s = r.value("schedule", json::object());
    bool ok = r.value("frequency", "") == "Week" && s.value("days", json()).is_array();
    for (const char* key : {"hours", "minutes"}) {
      const json list = s.value(key, json());
      ok = ok && list.is_array() && list.size() == 1 && list[0].is_number_integer() && list[0].get<int>() >= 0 &&
           list[0].get<int>() < (std::string(key) == "hours" ? 24 : 60);
    }
    if (!ok) return bad(res, "Profile '" + name + "': recurrence needs frequency Week and a schedule with days, one hour and one minute.");
  }
  return true;
}

bool accept_setting(Cloud& cloud, const json& request, StoredResource& setting,
                    ArmResponse& res) {
  json p = request.value("properties", json::object());
  const std::string target = p.value("targetResourceUri", "");
  const StoredResource* found = cloud.store.find(target);
  if (!found) {
    arm_error(res, 400, "TargetResourceNotFound", "The target resource id '" + target + "' was not found.");
    return false;
  }
  for (const StoredResource* other : cloud.store.all())
    if (resource_key(other->type) == resource_key(kAutoscaleType) && !same_id(other->id, setting.id) &&
        same_id(other->body["properties"].value("targetResourceUri", ""), target)) {
      arm_error(res, 409, "Conflict", "The target resource '" + target + "' already has the autoscale setting '" +
                                          other->body.value("name", "") + "'.");
      return false;
    }
  json& profiles = p["profiles"];
  if (!profiles.is_array() || profiles.empty() || profiles.size() > 20)
    return bad(res, "An autoscale setting needs from 1 to 20 profiles.");
  for (json& profile : profiles) {
    const std::string name = profile.value("name", "");
    if (name.empty()) return bad(res, "Every profile needs a name.");
    if (!check_capacity(profile["capacity"], name, res) || !check_schedule(profile, name, res)) return false;
    if (!profile.value("rules", json::array()).is_array() || profile.value("rules", json::array()).size() > 10)
      return bad(res, "Profile '" + name + "': at most 10 rules.");
    if (!profile.contains("rules")) profile["rules"] = json::array();
    for (json& rule : profile["rules"])
      if (!check_rule(rule, name, target, res)) return false;
  }
  p["enabled"] = p.value("enabled", true);
  p["name"] = id_name(setting.id);
  p["targetResourceUri"] = found->id;
  if (!p.contains("notifications")) p["notifications"] = json::array();
  setting.body["properties"] = p;
  setting.internal = json::object();  // an updated setting is evaluated afresh, from its default capacity
  return true;
}

}  // namespace

void handle_insights(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  if (!req.is(6, "autoscalesettings") || req.size() > 8)
    return arm_error(res, 404, "InvalidResourceType",
                     "The resource type could not be found in the namespace 'Microsoft.Insights'.");
  const std::string group_id = cloud.subscription_id() + "/resourceGroups/" + req.segments[3];
  if (req.size() == 7) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(group_id, kAutoscaleType)));
  }
  const std::string id = group_id + "/providers/Microsoft.Insights/autoscalesettings/" + req.segments[7];
  const StoredResource* existing = cloud.store.find(id);
  if (req.method == "DELETE") {
    if (!existing) return res.set(204);
    cloud.store.erase_tree(id);
    return res.set(200);
  }
  if (req.method == "GET" || req.method == "HEAD") {
    if (!existing) return resource_not_found(res, "Microsoft.Insights/autoscalesettings/" + req.segments[7], req.segments[3]);
    return res.set(200, existing->body);
  }
  if (req.method != "PUT" && req.method != "PATCH") return method_not_allowed(req, res);
  json body;
  if (!parse_body(req, res, body)) return;
  if (req.method == "PATCH") {
    if (!existing) return resource_not_found(res, "Microsoft.Insights/autoscalesettings/" + req.segments[7], req.segments[3]);
    json merged = existing->body;
    merged.merge_patch(body);
    body = merged;
  }
  if (!body.is_object() || !body.value("location", json()).is_string())
    return arm_error(res, 400, "LocationRequired", "The location property is required for this definition.");
  StoredResource setting = existing ? *existing : StoredResource{id, kAutoscaleType, json::object(), json::object()};
  if (!accept_setting(cloud, body, setting, res)) return;
  setting.body["id"] = id;
  setting.body["name"] = req.segments[7];
  setting.body["type"] = "Microsoft.Insights/autoscaleSettings";
  setting.body["location"] = normalize_location(body["location"].get<std::string>());
  setting.body["tags"] = body.value("tags", json::object());
  cloud.store.put(setting);
  apply_autoscale(cloud);
  res.set(existing ? 200 : 201, cloud.store.find(id)->body);
}

}  // namespace forma::emulator
