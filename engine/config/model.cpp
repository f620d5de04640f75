// Small accessors of the config model declared in config.h.
#include "engine/config/config.h"

namespace forma::config {

std::string ProviderConfig::address() const {
  return alias.empty() ? "provider." + name : "provider." + name + "." + alias;
}

std::string Resource::address() const {
  std::string base = type + "." + name;
  return mode == ResourceMode::Data ? "data." + base : base;
}

std::string Resource::implied_provider() const {
  auto underscore = type.find('_');
  return underscore == std::string::npos ? type : type.substr(0, underscore);
}

const Resource* Module::find_resource(const std::string& address) const {
  for (const auto& r : resources)
    if (r.address() == address) return &r;
  return nullptr;
}

}  // namespace forma::config
