// The provider's main loop: newline-delimited JSON-RPC 2.0 over a pair of
// streams (stdin/stdout in a plugin, string streams in tests).
#pragma once

#include <istream>
#include <ostream>

#include "providers/sdk/provider_spec.h"

namespace forma::sdk {

// Reads requests from `in` and answers on `out`, each request on its own
// thread so answers come back in whatever order they finish. Returns 0 after
// `stop` (answered once every other request is) or at end of input (after
// in-flight requests finish). Nothing but protocol lines is written to `out`.
int serve(const ProviderSpec& spec, std::istream& in, std::ostream& out);

// serve() on stdin/stdout, for a plugin's main().
int serve_stdio(const ProviderSpec& spec);

}  // namespace forma::sdk
