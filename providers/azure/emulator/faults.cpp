#include "providers/azure/emulator/faults.h"

#include <charconv>
#include <string>

namespace forma::emulator {
namespace {

// A uniform draw in [0, 1) that is the same on every platform.
double unit(std::mt19937_64& engine) { return static_cast<double>(engine() >> 11) * 0x1.0p-53; }

bool parse_number(std::string_view text, double& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_rate(std::string_view text, double& out) {
  return parse_number(text, out) && out >= 0 && out <= 1;
}

Status bad_item(std::string_view item, std::string_view why) {
  return Status::error("bad fault item \"" + std::string(item) + "\": " + std::string(why));
}

Status apply_item(std::string_view item, FaultSettings& out) {
  const size_t eq = item.find('=');
  if (eq == std::string_view::npos) return bad_item(item, "expected NAME=VALUE");
  const std::string_view name = item.substr(0, eq), value = item.substr(eq + 1);
  if (name == "latency") {
    std::string_view digits = value;
    if (digits.ends_with("ms")) digits.remove_suffix(2);
    double ms = 0;
    if (!parse_number(digits, ms) || ms < 0 || ms > 600000)
      return bad_item(item, "expected a duration like 50ms");
    out.latency_ms = static_cast<int>(ms);
    return Status::ok();
  }
  double* rate = name == "429"        ? &out.rate_429
                 : name == "503"      ? &out.rate_503
                 : name == "500"      ? &out.rate_500
                 : name == "drop"     ? &out.rate_drop
                 : name == "lro_fail" ? &out.lro_fail
                                      : nullptr;
  if (!rate) return bad_item(item, "unknown fault; expected latency, 429, 503, 500, drop or lro_fail");
  if (!parse_rate(value, *rate)) return bad_item(item, "expected a rate between 0 and 1");
  return Status::ok();
}

}  // namespace

Status parse_fault_spec(std::string_view spec, FaultSettings& out) {
  FaultSettings parsed;
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    if (!item.empty())
      if (Status s = apply_item(item, parsed); !s) return s;
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  if (parsed.rate_429 + parsed.rate_503 + parsed.rate_500 + parsed.rate_drop > 1)
    return Status::error("bad fault spec: the rates of 429, 503, 500 and drop add up to more than 1");
  out = parsed;
  return Status::ok();
}

json fault_settings_json(const FaultSettings& s) {
  return {{"latency_ms", s.latency_ms}, {"rate_429", s.rate_429},   {"rate_503", s.rate_503},
          {"rate_500", s.rate_500},     {"rate_drop", s.rate_drop}, {"lro_fail", s.lro_fail}};
}

Status update_fault_settings(const json& body, FaultSettings& settings) {
  if (!body.is_object()) return Status::error("the body must be a JSON object");
  FaultSettings next = settings;
  for (const auto& [key, value] : body.items()) {
    if (!value.is_number()) return Status::error("\"" + key + "\" must be a number");
    const double v = value.get<double>();
    if (key == "latency_ms") {
      if (v < 0) return Status::error("\"latency_ms\" must not be negative");
      next.latency_ms = static_cast<int>(v);
      continue;
    }
    double* rate = key == "rate_429"    ? &next.rate_429
                   : key == "rate_503"  ? &next.rate_503
                   : key == "rate_500"  ? &next.rate_500
                   : key == "rate_drop" ? &next.rate_drop
                   : key == "lro_fail"  ? &next.lro_fail
                                        : nullptr;
    if (!rate) return Status::error("unknown fault setting \"" + key + "\"");
    if (v < 0 || v > 1) return Status::error("\"" + key + "\" must be between 0 and 1");
    *rate = v;
  }
  settings = next;
  return Status::ok();
}

FaultInjector::FaultInjector(uint64_t seed, FaultSettings settings)
    : settings_(settings), request_draws_(seed), operation_draws_(seed ^ 0x9e3779b97f4a7c15ULL) {}

FaultSettings FaultInjector::settings() const {
  std::lock_guard lock(mutex_);
  return settings_;
}

void FaultInjector::set_settings(const FaultSettings& settings) {
  std::lock_guard lock(mutex_);
  settings_ = settings;
}

Fault FaultInjector::next_request_fault() {
  std::lock_guard lock(mutex_);
  const double u = unit(request_draws_);
  const bool carry_out_first = unit(request_draws_) < 0.5;  // drawn always, so the sequence never shifts
  double edge = settings_.rate_429;
  if (u < edge) return Fault::Throttle;
  if (u < (edge += settings_.rate_503)) return Fault::Unavailable;
  if (u < (edge += settings_.rate_500)) return Fault::InternalError;
  if (u < (edge += settings_.rate_drop))
    return carry_out_first ? Fault::DropAfterHandling : Fault::DropBeforeHandling;
  return Fault::None;
}

bool FaultInjector::next_operation_fails() {
  std::lock_guard lock(mutex_);
  return unit(operation_draws_) < settings_.lro_fail;
}

}  // namespace forma::emulator
