// A virtual machine scale set's requested body, checked the way Compute
// checks it (known VM size, admin account with an SSH key or a password,
// image and its marketplace plan, network references, core quota per VM
// family) and reduced to what GET gives back: defaults filled in, the admin
// password and extensions' protectedSettings kept in internal only.
#pragma once

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

// TrackedKind::accept for Microsoft.Compute/virtualMachineScaleSets.
bool accept_scale_set(Cloud& cloud, const json& request, const StoredResource* existing, StoredResource& scale_set,
                      ArmResponse& res);

}  // namespace forma::emulator
