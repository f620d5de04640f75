// Resource declarations: copy loops, conditions, nested children, ids; and
// the evaluation of one declared resource into what a deployment PUTs.
#pragma once

#include "providers/azure/template/scope.h"

namespace forma::azure::tmpl {

// Fills scope.resources from the template's "resources" (throws TemplateFailure).
void declare_resources(TemplateScope& scope);
// The body, location and resolved dependencies of scope.resources[index] (throws TemplateFailure).
ExpandedResource evaluate_declared(TemplateScope& scope, size_t index, ResourceResolver* resolver);

}  // namespace forma::azure::tmpl
