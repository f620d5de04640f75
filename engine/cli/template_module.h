// The root module of forma plan|apply|destroy -template FILE.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/value.h"
#include "engine/cli/session.h"

namespace forma::cli {

// The config document that deploys the template `in` names; `files` gets the
// template and parameter files it reads (for the saved plan's staleness check).
std::optional<json> template_module(const TemplateInput& in, std::vector<std::string>& files, Diagnostics& diags);

}  // namespace forma::cli
