// VM sizes the emulator knows (cores and quota family) and the subscription's
// Batch AI core quotas: dedicated cores per VM family, low-priority cores in all.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/status.h"
#include "engine/base/value.h"

namespace forma::emulator {

struct VmSize {
  std::string name;  // canonical spelling, e.g. "Standard_NC6"
  int cores = 0;
  std::string family;  // quota family, e.g. "standardNCFamily"
};

// Case-insensitive ("STANDARD_NC6" is Standard_NC6); nullptr when unknown.
const VmSize* find_vm_size(std::string_view name);
const std::vector<VmSize>& known_vm_sizes();
// Every family of known_vm_sizes(), once, in table order.
std::vector<std::string> known_families();
// "standardNCFamily" -> "Standard NC Family", as Batch AI's usage names say.
std::string family_display_name(const std::string& family);

struct QuotaSettings {
  std::map<std::string, int> dedicated;  // family (lower-cased) -> cores
  int default_dedicated = 100;
  int low_priority = 100;

  int dedicated_for(const std::string& family) const;
};

// "standardNCFamily=24,lowPriority=48"
Status parse_quota_spec(std::string_view spec, QuotaSettings& out);
// Admin body {"dedicated":{"standardNCFamily":12},"low_priority":24}; merged into `quotas`.
Status update_quotas(const json& body, QuotaSettings& quotas);
json quotas_json(const QuotaSettings& quotas);

}  // namespace forma::emulator
