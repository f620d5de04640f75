// The JSON Schema editors use for *.forma.json files
// (schemas/forma-config.schema.json): the config language's own schema with
// every provider's resource types, data sources and provider arguments
// spelled out, so an editor completes and checks them. Generated from the
// providers' `schema` answers by `forma providers schema -config-schema`.
#pragma once

#include "engine/base/value.h"

namespace forma::config {

// `provider_schemas`: provider name -> that provider's `schema` answer
// ({"provider", "resources", "data_sources"}).
json editor_schema(const json& provider_schemas);

}  // namespace forma::config
