// TemplateFailure -> Diagnostic, with the template path and file:line:col (private to this library).
#pragma once

#include "providers/azure/template/scope.h"

namespace forma::azure::tmpl {

Diagnostic to_diagnostic(const TemplateFailure& f, const ArmTemplate& t);
Diagnostic diagnostic_at(const std::string& message, const std::string& pointer,
                         const PositionIndex& positions, const std::string& detail = {});

}  // namespace forma::azure::tmpl
