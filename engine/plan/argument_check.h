// Checks a resource block's arguments against its provider's schema: unknown
// type or argument (with a suggestion), read-only argument set, required
// argument missing, ignore_changes naming an attribute that does not exist.
#pragma once

#include "engine/config/config.h"
#include "engine/plan/providers.h"

namespace forma::plan {

// The provider of `r` must have been started in `providers` (its schema read).
Diagnostics check_arguments(const config::Resource& r, const config::Module& m, const ProviderSet& providers);

}  // namespace forma::plan
