// ARM bodies of Microsoft.Network resources built from forma state (the
// shapes of azure_virtual_network, azure_public_ip and azure_lb, which
// azure_dsvm_pool also builds), and the parts of those resources read back.
#pragma once

#include <string>

#include "engine/base/value.h"

namespace forma::azure {

// planned: address_space, subnets [{name, address_prefix}], location, tags.
json virtual_network_body(const json& planned);
// [{name, address_prefix, id}] of a virtual network's ARM body.
json subnets_state(const json& body);

// planned: allocation_method, sku, idle_timeout_minutes, domain_name_label, location, tags.
json public_ip_body(const json& planned);

// planned: sku, frontend_ip_configurations [{name, public_ip_address_id, subnet_id}],
// backend_address_pools [{name}], probes [{name, protocol, port, interval_seconds,
// number_of_probes, request_path}], rules [{name, frontend_ip_configuration_name,
// backend_address_pool_name, probe_name, protocol, frontend_port, backend_port,
// idle_timeout_minutes, load_distribution, enable_floating_ip}], nat_pools [{name,
// frontend_ip_configuration_name, protocol, frontend_port_start, frontend_port_end,
// backend_port}], location, tags. Parts refer to each other by name; the body by id.
json load_balancer_body(const std::string& lb_id, const json& planned);
// The same parts from an ARM body (import).
json load_balancer_parts(const json& body);
// {name: id} of one collection of a load balancer body ("backendAddressPools" …).
json part_ids(const json& body, const char* collection);

}  // namespace forma::azure
