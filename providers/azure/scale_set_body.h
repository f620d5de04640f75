// The ARM body of a Linux virtual machine scale set built from forma state
// (the shape of azure_linux_vmss, which azure_dsvm_pool also builds), and its
// parts read back. Azure never returns the admin password or extensions'
// protectedSettings; what it does return is read back for import and drift.
#pragma once

#include "engine/base/value.h"

namespace forma::azure {

// planned: vm_size, instances, upgrade_mode, overprovision, computer_name_prefix,
// admin_username, admin_password, admin_ssh_keys [], source_image {publisher, offer,
// sku, version}, plan {name, publisher, product}, subnet_id, lb_backend_pool_ids [],
// lb_nat_pool_ids [], extensions [{name, publisher, type, type_handler_version,
// settings, protected_settings}] (settings as JSON text), location, tags.
json scale_set_body(const json& planned);

// The same attributes from an ARM body (no password, no protected settings).
json scale_set_parts(const json& body);

// The Data Science VM for Linux (Ubuntu) image and the marketplace plan it is sold under.
json dsvm_image();
json plan_for_image(const json& image);

}  // namespace forma::azure
