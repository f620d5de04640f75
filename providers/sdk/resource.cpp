#include "providers/sdk/resource.h"

#include "engine/base/text.h"

namespace forma::sdk {

StateResult Resource::import_state(const std::string& id) {
  StateResult result;
  result.diagnostics.push_back(Diagnostic::error("This resource type does not support import",
                                                 "Cannot import " + quote(id) + "."));
  return result;
}

}  // namespace forma::sdk
