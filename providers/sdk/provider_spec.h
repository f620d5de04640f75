// A provider as the SDK serves it: its name, its configuration schema and
// hook, and its resource and data source types.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include "providers/sdk/resource.h"

namespace forma::sdk {

struct ProviderSpec {
  std::string name;               // "test" for forma-provider-test
  std::string version = "0.1.0";
  Attributes config_attributes;   // the provider block's arguments
  // Called by `configure` with the validated config, defaults applied. May be empty.
  std::function<Diagnostics(const json& config)> configure;
  std::map<std::string, std::shared_ptr<Resource>> resources;
  std::map<std::string, std::shared_ptr<DataSource>> data_sources;
};

}  // namespace forma::sdk
