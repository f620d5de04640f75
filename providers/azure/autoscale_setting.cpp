// azure_autoscale_setting: `az monitor autoscale create` — profiles with
// capacity bounds, metric rules (e.g. Percentage CPU) and weekly or fixed-date
// schedules, applied by Azure to target_resource_id.
#include "providers/azure/arm_resource.h"
#include "providers/azure/autoscale_body.h"
#include "providers/azure/group_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"

namespace forma::azure {
namespace {

using sdk::Attribute;

Attribute text(bool required, json fallback = nullptr, const char* description = "") {
  Attribute a{.type = "string", .required = required, .optional = !required, .description = description};
  if (!fallback.is_null()) a.default_value = fallback;
  return a;
}
Attribute number(bool required, json fallback = nullptr, const char* description = "") {
  Attribute a{.type = "number", .required = required, .optional = !required, .description = description};
  if (!fallback.is_null()) a.default_value = fallback;
  return a;
}

sdk::Attribute profiles_attribute() {
  return {.type = "list(object)", .required = true,
          .description = "Up to 20 profiles; the one in force sets the capacity bounds and rules.",
          .attributes = {
              {"name", text(true)},
              {"minimum", number(true)},
              {"maximum", number(true)},
              {"default", number(true, nullptr, "Capacity when the profile comes into force or metrics are missing.")},
              {"rules", {.type = "list(object)", .optional = true, .description = "Up to 10 metric rules.",
                         .attributes = {
                             {"metric_name", text(false, "Percentage CPU")},
                             {"operator", text(true, nullptr, "GreaterThan, LessThan, … ")},
                             {"threshold", number(true)},
                             {"direction", text(true, nullptr, "Increase or Decrease.")},
                             {"type", text(false, "ChangeCount", "ChangeCount, PercentChangeCount or ExactCount.")},
                             {"value", number(false, 1)},
                             {"cooldown", text(false, "PT5M")},
                             {"time_grain", text(false, "PT1M")},
                             {"time_window", text(false, "PT5M")},
                             {"statistic", text(false, "Average")},
                             {"time_aggregation", text(false, "Average")},
                         }}},
              {"recurrence", {.type = "object", .optional = true,
                              .description = "Weekly start of this profile; it lasts until another profile starts.",
                              .attributes = {{"time_zone", text(false, "UTC")},
                                             {"days", {.type = "list(string)", .required = true}},
                                             {"hours", number(true)},
                                             {"minutes", number(false, 0)}}}},
              {"fixed_date", {.type = "object", .optional = true, .description = "A one-off window.",
                              .attributes = {{"time_zone", text(false, "UTC")}, {"start", text(true)}, {"end", text(true)}}}},
          }};
}

class AutoscaleSetting : public GroupResource {
 public:
  explicit AutoscaleSetting(ContextPtr context)
      : GroupResource("azure_autoscale_setting", std::move(context), "Microsoft.Insights", "autoscalesettings", kInsightsApi) {}

  sdk::ResourceSchema schema() const override {
    sdk::Attributes attrs = group_resource_attributes("autoscale setting");
    attrs["target_resource_id"] = {.type = "string", .required = true, .force_new = true,
                                   .description = "ARM id of the scale set it scales."};
    attrs["enabled"] = {.type = "bool", .optional = true, .default_value = true};
    attrs["profiles"] = profiles_attribute();
    return {.version = 0, .description = "An autoscale setting (az monitor autoscale create).", .attributes = attrs};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags = GroupResource::validate(config);
    const json profiles = config.value("profiles", json());
    for (size_t i = 0; profiles.is_array() && i < profiles.size(); ++i) {
      const json& p = profiles[i];
      auto n = [&](const char* k) { return p.value(k, json()).is_number() ? p[k].get<double>() : -1.0; };
      if (n("minimum") >= 0 && n("maximum") >= 0 && n("default") >= 0 &&
          (n("minimum") > n("maximum") || n("default") < n("minimum") || n("default") > n("maximum")))
        diags.push_back(Diagnostic::error("Profile capacity out of order", "Need minimum <= default <= maximum.", {},
                                          "/profiles/" + std::to_string(i)));
    }
    return diags;
  }

 protected:
  json request_body(const json& planned) const override { return autoscale_setting_body(without_unknowns(planned)); }
  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json state = group_resource_state(known, id, body);
    const json target = value_at(body, "/properties/targetResourceUri");
    state["target_resource_id"] = prefer_configured(known.value("target_resource_id", json()), target);
    state["enabled"] = value_at(body, "/properties/enabled");
    state["profiles"] = autoscale_profiles(body);
    return state;
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_autoscale_setting(ContextPtr context) {
  return std::make_shared<AutoscaleSetting>(std::move(context));
}

}  // namespace forma::azure
