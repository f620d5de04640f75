// The ARM body of a Microsoft.Insights autoscale setting built from forma
// state (the shape of azure_autoscale_setting, which azure_dsvm_pool also
// builds), and its profiles read back.
#pragma once

#include "engine/base/value.h"

namespace forma::azure {

// planned: target_resource_id, enabled, location, tags, profiles [{name, minimum,
// maximum, default, rules [{metric_name, operator, threshold, direction, type, value,
// cooldown, time_grain, time_window, statistic, time_aggregation}], recurrence
// {time_zone, days, hours, minutes}, fixed_date {time_zone, start, end}}].
json autoscale_setting_body(const json& planned);

// profiles in state form from an ARM body.
json autoscale_profiles(const json& body);

// A CPU rule on `direction` (Increase above `threshold`, Decrease below it) of one instance.
json cpu_rule(const std::string& direction, double threshold);

}  // namespace forma::azure
