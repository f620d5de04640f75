// What Azure Monitor autoscale does to a scale set, done by the emulator
// itself: the profile in force by the emulator's clock (a fixedDate profile
// whose window holds now; else the recurrence profile that started last;
// else the default profile) sets the capacity to its default when it comes
// into force and keeps it within [minimum, maximum]; its metric rules act at
// most once per autoscale period (--autoscale-period-ms, the emulated
// cooldown) on metric values set through the admin endpoint. Scale out when
// any Increase rule holds, scale in when every Decrease rule holds. Times are
// UTC whatever timeZone says.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

// The profile of an autoscale setting's properties in force at `now_ms`; null when none.
json active_profile(const json& properties, int64_t now_ms);

// Applies every enabled autoscale setting to its target; the caller holds the lock.
void apply_autoscale(Cloud& cloud);

// Emulated metric values ("Percentage CPU" of a scale set), persisted.
void set_metric(Cloud& cloud, const std::string& resource_id, const std::string& metric, double value);
std::optional<double> metric_value(const Cloud& cloud, const std::string& resource_id, const std::string& metric);

// "2017-06-02T17:00:00Z", "2015-03-05T14:00:00-08:00" -> milliseconds since the epoch.
std::optional<int64_t> parse_iso_time(const std::string& text);

}  // namespace forma::emulator
