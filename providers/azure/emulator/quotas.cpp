#include "providers/azure/emulator/quotas.h"

#include <algorithm>
#include <charconv>

namespace forma::emulator {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

std::vector<VmSize> build_table() {
  std::vector<VmSize> t;
  auto add = [&](std::string family, std::initializer_list<std::pair<const char*, int>> sizes) {
    for (const auto& [name, cores] : sizes) t.push_back({name, cores, family});
  };
  add("standardA0_A7Family",
      {{"Standard_A1", 1}, {"Standard_A2", 2}, {"Standard_A3", 4}, {"Standard_A4", 8}});
  add("standardDFamily", {{"Standard_D1", 1},
                          {"Standard_D2", 2},
                          {"Standard_D3", 4},
                          {"Standard_D4", 8},
                          {"Standard_D11", 2},
                          {"Standard_D12", 4},
                          {"Standard_D13", 8},
                          {"Standard_D14", 16}});
  add("standardDv2Family", {{"Standard_D1_v2", 1},
                            {"Standard_D2_v2", 2},
                            {"Standard_D3_v2", 4},
                            {"Standard_D4_v2", 8},
                            {"Standard_D5_v2", 16},
                            {"Standard_D11_v2", 2},
                            {"Standard_D12_v2", 4},
                            {"Standard_D13_v2", 8},
                            {"Standard_D14_v2", 16}});
  add("standardDSv2Family", {{"Standard_DS1_v2", 1},
                             {"Standard_DS2_v2", 2},
                             {"Standard_DS3_v2", 4},
                             {"Standard_DS4_v2", 8},
                             {"Standard_DS5_v2", 16},
                             {"Standard_DS11_v2", 2},
                             {"Standard_DS12_v2", 4}});
  add("standardDSFamily",
      {{"Standard_DS1", 1}, {"Standard_DS2", 2}, {"Standard_DS3", 4}, {"Standard_DS4", 8}});
  add("standardDv3Family",
      {{"Standard_D2_v3", 2}, {"Standard_D4_v3", 4}, {"Standard_D8_v3", 8}, {"Standard_D16_v3", 16}});
  add("standardDSv3Family",
      {{"Standard_D2s_v3", 2}, {"Standard_D4s_v3", 4}, {"Standard_D8s_v3", 8}, {"Standard_D16s_v3", 16}});
  add("standardFSFamily",
      {{"Standard_F2s", 2}, {"Standard_F4s", 4}, {"Standard_F8s", 8}, {"Standard_F16s", 16}});
  add("standardNCFamily",
      {{"Standard_NC6", 6}, {"Standard_NC12", 12}, {"Standard_NC24", 24}, {"Standard_NC24r", 24}});
  add("standardNCSv2Family", {{"Standard_NC6s_v2", 6}, {"Standard_NC12s_v2", 12}, {"Standard_NC24s_v2", 24}});
  add("standardNCSv3Family", {{"Standard_NC6s_v3", 6}, {"Standard_NC12s_v3", 12}, {"Standard_NC24s_v3", 24}});
  add("standardNDSFamily", {{"Standard_ND6s", 6}, {"Standard_ND12s", 12}, {"Standard_ND24s", 24}});
  add("standardNVFamily", {{"Standard_NV6", 6}, {"Standard_NV12", 12}, {"Standard_NV24", 24}});
  return t;
}

bool parse_cores(std::string_view text, int& out) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && out >= 0;
}

}  // namespace

const std::vector<VmSize>& known_vm_sizes() {
  static const std::vector<VmSize> table = build_table();
  return table;
}

const VmSize* find_vm_size(std::string_view name) {
  const std::string wanted = lower(name);
  for (const auto& size : known_vm_sizes())
    if (lower(size.name) == wanted) return &size;
  return nullptr;
}

std::vector<std::string> known_families() {
  std::vector<std::string> families;
  for (const auto& size : known_vm_sizes())
    if (std::find(families.begin(), families.end(), size.family) == families.end())
      families.push_back(size.family);
  return families;
}

std::string family_display_name(const std::string& family) {
  // standardNCSv2Family -> Standard NCSv2 Family
  std::string middle = family;
  if (middle.starts_with("standard")) middle = middle.substr(8);
  if (middle.ends_with("Family")) middle.resize(middle.size() - 6);
  return "Standard " + middle + " Family";
}

int QuotaSettings::dedicated_for(const std::string& family) const {
  auto it = dedicated.find(lower(family));
  return it == dedicated.end() ? default_dedicated : it->second;
}

Status parse_quota_spec(std::string_view spec, QuotaSettings& out) {
  QuotaSettings parsed = out;
  while (!spec.empty()) {
    const size_t comma = spec.find(',');
    const std::string_view item = spec.substr(0, comma);
    const size_t eq = item.find('=');
    int cores = 0;
    if (eq == std::string_view::npos || !parse_cores(item.substr(eq + 1), cores))
      return Status::error("bad quota item \"" + std::string(item) +
                           "\": expected FAMILY=CORES, e.g. standardNCFamily=24");
    const std::string name = lower(item.substr(0, eq));
    if (name == "lowpriority") {
      parsed.low_priority = cores;
    } else {
      const auto families = known_families();
      bool known = std::any_of(families.begin(), families.end(),
                               [&](const std::string& f) { return lower(f) == name; });
      if (!known)
        return Status::error("bad quota item \"" + std::string(item) + "\": unknown VM family \"" +
                             std::string(item.substr(0, eq)) + "\"");
      parsed.dedicated[name] = cores;
    }
    if (comma == std::string_view::npos) break;
    spec.remove_prefix(comma + 1);
  }
  out = parsed;
  return Status::ok();
}

Status update_quotas(const json& body, QuotaSettings& quotas) {
  if (!body.is_object()) return Status::error("the body must be a JSON object");
  QuotaSettings next = quotas;
  if (body.contains("dedicated")) {
    if (!body["dedicated"].is_object())
      return Status::error("\"dedicated\" must be an object of family: cores");
    for (const auto& [family, cores] : body["dedicated"].items()) {
      if (!cores.is_number_integer() || cores.get<int>() < 0)
        return Status::error("dedicated quota of \"" + family + "\" must be a non-negative integer");
      next.dedicated[lower(family)] = cores.get<int>();
    }
  }
  if (body.contains("low_priority")) {
    if (!body["low_priority"].is_number_integer() || body["low_priority"].get<int>() < 0)
      return Status::error("\"low_priority\" must be a non-negative integer");
    next.low_priority = body["low_priority"].get<int>();
  }
  quotas = next;
  return Status::ok();
}

json quotas_json(const QuotaSettings& quotas) {
  json dedicated = json::object();
  for (const auto& family : known_families()) dedicated[family] = quotas.dedicated_for(family);
  return {{"dedicated", dedicated}, {"low_priority", quotas.low_priority}};
}

}  // namespace forma::emulator
