#include "providers/azure/dsvm_pool.h"

#include "providers/azure/vmss_shared.h"

namespace forma::azure {
namespace {

using sdk::Attribute;
using sdk::computed_attribute;
using sdk::optional_attribute;

Attribute admin_block() {
  return {.type = "object", .required = true, .force_new = true,
          .description = "Admin account on every instance (adminUsername, SSH key and/or adminPassword).",
          .attributes = {{"username", optional_attribute("string", "dsvmuser", "adminUsername; the share is linked into its home.")},
                         {"ssh_public_key", {.type = "string", .optional = true,
                                             .description = "OpenSSH public key (/home/{username}/.ssh/authorized_keys)."}},
                         {"password", {.type = "string", .optional = true, .sensitive = true,
                                       .description = "adminPassword; never returned by Azure."}}}};
}

Attribute storage_block() {
  return {.type = "object", .optional = true, .computed = true, .force_new = true,
          .description = "The Azure Files share mounted on every instance: created by the pool, or an existing one "
                         "(existing = true, with account_key or read through listKeys).",
          .attributes = {
              {"existing", optional_attribute("bool", false, "Use an existing account and share instead of creating them.")},
              {"storage_account_name", {.type = "string", .optional = true, .computed = true,
                                        .description = "Default: \"dsvm\" + 20 random letters and digits."}},
              {"resource_group", {.type = "string", .optional = true, .computed = true,
                                  .description = "Of the storage account; default: the pool's."}},
              {"account_key", {.type = "string", .optional = true, .sensitive = true,
                               .description = "Key of an existing account; default: listKeys."}},
              {"share_name", optional_attribute("string", "dsvmshare", "shareName of the template.")},
              {"quota_gb", optional_attribute("number", 100, "Size of a share the pool creates.")},
              {"mount_point", optional_attribute("string", "/datamnt/dsvmshare", "mountpointPath; linked as $HOME/notebooks/remote.")},
          }};
}

Attribute autoscale_block() {
  return {.type = "object", .optional = true,
          .description = "Azure Monitor autoscale of the scale set; changes in place.",
          .attributes = {
              {"min", optional_attribute("number", 0, "Fewest instances.")},
              {"max", optional_attribute("number", 10, "Most instances.")},
              {"scale_out_cpu", optional_attribute("number", 75, "Add an instance above this average Percentage CPU.")},
              {"scale_in_cpu", optional_attribute("number", 25, "Remove one below it.")},
              {"scale_to_zero", {.type = "object", .optional = true,
                                 .description = "A weekly window with no instances (e.g. nights).",
                                 .attributes = {
                                     {"start", optional_attribute("string", "20:00", "HH:MM the pool goes to zero.")},
                                     {"end", optional_attribute("string", "07:00", "HH:MM it comes back (to `instances`).")},
                                     {"days", optional_attribute("list(string)", json::array({"Monday", "Tuesday", "Wednesday", "Thursday",
                                                                               "Friday", "Saturday", "Sunday"}),
                                                  "Days the window starts on.")},
                                     {"time_zone", optional_attribute("string", "UTC", "Time zone of start and end.")},
                                 }}},
          }};
}

}  // namespace

sdk::Attributes dsvm_pool_attributes() {
  return {
      {"name", {.type = "string", .required = true, .force_new = true,
                .description = "vmssName: base of every part's name, 1-9 lowercase letters and digits."}},
      {"resource_group", {.type = "string", .required = true, .force_new = true}},
      {"location", {.type = "string", .optional = true, .computed = true, .force_new = true,
                    .description = "Region; defaults to the provider's location."}},
      {"vm_size", {.type = "string", .optional = true, .force_new = true, .default_value = "Standard_D2s_v3",
                   .description = "vmSku."}},
      {"instances", optional_attribute("number", 2, "instanceCount; with autoscale, the capacity in working hours. In place.")},
      {"admin", admin_block()},
      {"image", {.type = "object", .optional = true, .force_new = true,
                 .description = "Default: the Data Science VM for Linux (Ubuntu), with its marketplace plan.",
                 .attributes = {{"publisher", {.type = "string", .required = true}},
                                {"offer", {.type = "string", .required = true}},
                                {"sku", {.type = "string", .required = true}},
                                {"version", optional_attribute("string", "latest", "")}}}},
      {"shared_storage", storage_block()},
      {"autoscale", autoscale_block()},
      {"address_space", {.type = "string", .optional = true, .force_new = true, .default_value = "10.0.0.0/16"}},
      {"subnet_prefix", {.type = "string", .optional = true, .force_new = true, .default_value = "10.0.0.0/24"}},
      {"ssh_port_start", {.type = "number", .optional = true, .force_new = true, .default_value = 50000,
                          .description = "Instance i answers SSH on ssh_port_start + i (120 ports)."}},
      {"jupyterhub_port", {.type = "number", .optional = true, .force_new = true, .default_value = 8000}},
      {"id", computed_attribute("string", "ARM id of the scale set.")},
      {"public_ip_address", computed_attribute("string", "The load balancer's public address.")},
      {"jupyterhub_url", computed_attribute("string", "http://{public_ip_address}:{jupyterhub_port}/")},
      {"current_instances", computed_attribute("number", "Instances Azure reports now (autoscale moves it); never a diff.")},
      {"storage_account_id", computed_attribute("string", "ARM id of the shared storage account.")},
      {"created_ids", computed_attribute("list(string)", "What the pool created, deleted with it (newest last).")},
      {"nodes", vmss_nodes_attribute()},
  };
}

}  // namespace forma::azure
