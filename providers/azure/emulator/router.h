// Routes one authenticated ARM call to its handler after the checks ARM
// makes first: the subscription exists, the api-version is one the resource
// provider supports, the parent resource group exists.
#pragma once

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

void route_arm(Cloud& cloud, const ArmRequest& req, ArmResponse& res);

}  // namespace forma::emulator
