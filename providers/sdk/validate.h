// Generic checks of a configuration against a schema: unknown attributes
// (with a suggestion), missing required ones, computed-only ones set, and
// values of the wrong type. Unknown values ({"$unknown":true}) pass every check.
#pragma once

#include "engine/base/diagnostic.h"
#include "providers/sdk/schema.h"

namespace forma::sdk {

// Diagnostics carry in json_path the pointer of the offending value inside
// `config` ("" for the whole object), which the protocol sends as "attribute".
Diagnostics validate_config(const Attributes& attributes, const json& config);

// `config` with each value converted to its declared type the way Terraform
// does ("5" -> 5 for a number, true -> "true" for a string). A value that
// cannot be converted is kept as it is; validate_config reports it.
json normalize_config(const Attributes& attributes, const json& config);

}  // namespace forma::sdk
