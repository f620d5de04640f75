#include "providers/azure/autoscale_body.h"

#include "providers/azure/group_resource.h"
#include "providers/azure/state_values.h"

namespace forma::azure {
namespace {

std::string count_text(const json& v) {
  if (v.is_number()) return std::to_string(static_cast<long long>(v.get<double>()));
  return v.is_string() ? v.get<std::string>() : "0";
}

json count_number(const json& v) {
  if (v.is_string() && !v.get<std::string>().empty()) return std::stoll(v.get<std::string>());
  return v;
}

json rule_body(const json& r, const json& target) {
  return {{"metricTrigger",
           {{"metricName", r.value("metric_name", json("Percentage CPU"))},
            {"metricResourceUri", target},
            {"timeGrain", r.value("time_grain", json("PT1M"))},
            {"statistic", r.value("statistic", json("Average"))},
            {"timeWindow", r.value("time_window", json("PT5M"))},
            {"timeAggregation", r.value("time_aggregation", json("Average"))},
            {"operator", r.value("operator", json())},
            {"threshold", r.value("threshold", json())}}},
          {"scaleAction",
           {{"direction", r.value("direction", json())},
            {"type", r.value("type", json("ChangeCount"))},
            {"value", count_text(r.value("value", json(1)))},
            {"cooldown", r.value("cooldown", json("PT5M"))}}}};
}

json profile_body(const json& p, const json& target) {
  json rules = json::array();
  for (const json& r : list_or_empty(p.value("rules", json()))) rules.push_back(rule_body(r, target));
  json out = {{"name", p.value("name", json())},
              {"capacity", {{"minimum", count_text(p.value("minimum", json()))},
                            {"maximum", count_text(p.value("maximum", json()))},
                            {"default", count_text(p.value("default", json()))}}},
              {"rules", rules}};
  const json rec = p.value("recurrence", json());
  if (rec.is_object())
    out["recurrence"] = {{"frequency", "Week"},
                         {"schedule", {{"timeZone", rec.value("time_zone", json("UTC"))},
                                       {"days", list_or_empty(rec.value("days", json()))},
                                       {"hours", json::array({rec.value("hours", json(0))})},
                                       {"minutes", json::array({rec.value("minutes", json(0))})}}}};
  const json fixed = p.value("fixed_date", json());
  if (fixed.is_object())
    out["fixedDate"] = {{"timeZone", fixed.value("time_zone", json("UTC"))}, {"start", fixed.value("start", json())},
                        {"end", fixed.value("end", json())}};
  return out;
}

}  // namespace

json autoscale_setting_body(const json& planned) {
  json body = group_resource_body(planned);
  const json target = planned.value("target_resource_id", json());
  json profiles = json::array();
  for (const json& p : list_or_empty(planned.value("profiles", json()))) profiles.push_back(profile_body(p, target));
  body["properties"] = {{"enabled", planned.value("enabled", json(true))},
                        {"targetResourceUri", target},
                        {"profiles", profiles},
                        {"notifications", json::array()}};
  return body;
}

json autoscale_profiles(const json& body) {
  json out = json::array();
  for (const json& p : list_or_empty(value_at(body, "/properties/profiles"))) {
    json rules = json::array();
    for (const json& r : list_or_empty(p.value("rules", json()))) {
      const json t = r.value("metricTrigger", json::object()), a = r.value("scaleAction", json::object());
      rules.push_back({{"metric_name", t.value("metricName", json())}, {"operator", t.value("operator", json())},
                       {"threshold", t.value("threshold", json())}, {"direction", a.value("direction", json())},
                       {"type", a.value("type", json())}, {"value", count_number(a.value("value", json()))},
                       {"cooldown", a.value("cooldown", json())}, {"time_grain", t.value("timeGrain", json())},
                       {"time_window", t.value("timeWindow", json())}, {"statistic", t.value("statistic", json())},
                       {"time_aggregation", t.value("timeAggregation", json())}});
    }
    json rec = nullptr, fixed = nullptr;
    if (p.value("recurrence", json()).is_object()) {
      const json s = value_at(p, "/recurrence/schedule");
      rec = {{"time_zone", s.value("timeZone", json())}, {"days", s.value("days", json())},
             {"hours", value_at(s, "/hours/0")}, {"minutes", value_at(s, "/minutes/0")}};
    }
    if (p.value("fixedDate", json()).is_object())
      fixed = {{"time_zone", value_at(p, "/fixedDate/timeZone")}, {"start", value_at(p, "/fixedDate/start")},
               {"end", value_at(p, "/fixedDate/end")}};
    out.push_back({{"name", p.value("name", json())},
                   {"minimum", count_number(value_at(p, "/capacity/minimum"))},
                   {"maximum", count_number(value_at(p, "/capacity/maximum"))},
                   {"default", count_number(value_at(p, "/capacity/default"))},
                   {"rules", rules.empty() ? json() : rules}, {"recurrence", rec}, {"fixed_date", fixed}});
  }
  return out;
}

json cpu_rule(const std::string& direction, double threshold) {
  return {{"metric_name", "Percentage CPU"}, {"operator", direction == "Increase" ? "GreaterThan" : "LessThan"},
          {"threshold", threshold}, {"direction", direction}, {"type", "ChangeCount"}, {"value", 1},
          {"cooldown", "PT5M"}, {"time_grain", "PT1M"}, {"time_window", "PT5M"}, {"statistic", "Average"},
          {"time_aggregation", "Average"}};
}

}  // namespace forma::azure
