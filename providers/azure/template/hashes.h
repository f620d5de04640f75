// Name-based UUIDs (RFC 4122 version 5), shared by guid() and its tests.
#pragma once

#include <array>
#include <string>

#include "providers/azure/template/template.h"

namespace forma::azure::tmpl {

std::string uuid_v5(const std::array<unsigned char, 16>& ns, const std::string& name);

}  // namespace forma::azure::tmpl
