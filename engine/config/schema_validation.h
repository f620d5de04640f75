// The config language's JSON Schema (schemas/config.schema.json, embedded in
// the binary) and validation of a config document against it.
#pragma once

#include <string_view>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/positions.h"
#include "engine/base/value.h"

namespace forma::config {

// The text of schemas/config.schema.json; a test keeps the two identical.
std::string_view config_schema_text();

// Every way `value` breaks the draft-7 JSON Schema `schema`, each as
// "/json/pointer: what is wrong"; empty when it conforms. For the published
// schemas (JSON output, editor schema) and their tests.
std::vector<std::string> schema_violations(const json& schema, const json& value);

// One diagnostic per violation, placed with `positions`.
Diagnostics validate_config_schema(const json& document, const PositionIndex& positions);

}  // namespace forma::config
