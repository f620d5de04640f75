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

// The flags of `in` as a saved plan keeps them: secure parameters given as
// name=value are left out (apply PLANFILE takes them again with -parameters).
json template_source(const TemplateInput& in);
// The flags back from a saved plan, with the -parameters given now after the saved ones.
TemplateInput template_input_from(const json& source, const std::vector<std::string>& more_parameters);

}  // namespace forma::cli
