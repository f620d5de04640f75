// Diagnostics in the protocol's JSON shape:
// {"severity":"error"|"warning","summary","detail","attribute":"/pointer"}.
#pragma once

#include "engine/base/diagnostic.h"
#include "engine/base/value.h"

namespace forma::sdk {

json diagnostics_to_json(const Diagnostics& diagnostics);

// An error about the attribute at `pointer` ("/name", "/block/0/name").
Diagnostic attribute_error(const std::string& pointer, std::string summary, std::string detail = {});

}  // namespace forma::sdk
