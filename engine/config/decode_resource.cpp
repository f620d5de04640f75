// Decoder of resource and data blocks: meta-arguments are taken out of the
// body; the remaining arguments are checked later against the provider schema.
#include <algorithm>

#include "engine/base/text.h"
#include "engine/config/decoder.h"

namespace forma::config {
namespace {

const std::vector<std::string> kMetaArguments = {"count",     "for_each",    "depends_on", "provider",
                                                 "lifecycle", "provisioner", "connection"};
const std::vector<std::string> kProvisionerTypes = {"local-exec", "remote-exec", "file"};

bool is_provider_ref(const std::string& ref) {
  auto dot = ref.find('.');
  if (dot == std::string::npos) return is_identifier(ref);
  return is_identifier(std::string_view(ref).substr(0, dot)) && is_identifier(std::string_view(ref).substr(dot + 1));
}

Lifecycle decode_lifecycle(Decoder& d, const json& v, const std::string& p) {
  Lifecycle lc;
  if (!d.expect_object(v, p, "lifecycle")) return lc;
  d.check_keys(v, p,
               {"create_before_destroy", "prevent_destroy", "ignore_changes", "replace_triggered_by",
                "precondition", "postcondition"},
               "lifecycle");
  lc.create_before_destroy = d.bool_field(v, p, "create_before_destroy").value_or(false);
  lc.prevent_destroy = d.bool_field(v, p, "prevent_destroy").value_or(false);
  if (v.contains("ignore_changes")) {
    const json& ic = v["ignore_changes"];
    if (ic == "all") {
      lc.ignore_all_changes = true;
    } else {
      lc.ignore_changes = d.string_list(ic, pointer_append(p, "ignore_changes"), "ignore_changes");
    }
  }
  if (v.contains("replace_triggered_by"))
    lc.replace_triggered_by =
        d.string_list(v["replace_triggered_by"], pointer_append(p, "replace_triggered_by"), "replace_triggered_by");
  if (v.contains("precondition"))
    lc.preconditions = d.conditions(v["precondition"], pointer_append(p, "precondition"), "precondition");
  if (v.contains("postcondition"))
    lc.postconditions = d.conditions(v["postcondition"], pointer_append(p, "postcondition"), "postcondition");
  return lc;
}

std::optional<Connection> decode_connection(Decoder& d, const json& v, const std::string& p) {
  if (!d.expect_object(v, p, "connection")) return std::nullopt;
  Connection c;
  static_cast<Located&>(c) = d.located(p);
  c.body = v;
  return c;
}

void decode_one_provisioner(Decoder& d, const std::string& type, const json& v, const std::string& p,
                            Resource& r) {
  if (std::find(kProvisionerTypes.begin(), kProvisionerTypes.end(), type) == kProvisionerTypes.end()) {
    d.error("Unsupported provisioner type " + quote(type) + "." + did_you_mean(type, kProvisionerTypes),
            "Expected one of: local-exec, remote-exec, file.", p, true);
    return;
  }
  if (!d.expect_object(v, p, "provisioner " + quote(type))) return;
  Provisioner prov;
  static_cast<Located&>(prov) = d.located(p);
  prov.type = type;
  prov.body = v;
  if (v.contains("connection")) prov.connection = decode_connection(d, v["connection"], pointer_append(p, "connection"));
  if (auto when = d.string_field(v, p, "when")) {
    if (*when == "create" || *when == "destroy") {
      prov.when = *when;
    } else {
      d.error("Invalid value for \"when\": expected \"create\" or \"destroy\"", {}, pointer_append(p, "when"));
    }
  }
  if (auto on_failure = d.string_field(v, p, "on_failure")) {
    if (*on_failure == "fail" || *on_failure == "continue") {
      prov.on_failure = *on_failure;
    } else {
      d.error("Invalid value for \"on_failure\": expected \"fail\" or \"continue\"", {},
              pointer_append(p, "on_failure"));
    }
  }
  for (const char* meta : {"connection", "when", "on_failure"}) prov.body.erase(meta);
  r.provisioners.push_back(std::move(prov));
}

// {"remote-exec": {...}} or an array of such single-key objects, in order.
void decode_provisioners(Decoder& d, const json& v, const std::string& p, Resource& r) {
  auto decode_map = [&](const json& map, const std::string& mp) {
    if (!d.expect_object(map, mp, "provisioner")) return;
    for (const auto& [type, body] : map.items()) decode_one_provisioner(d, type, body, pointer_append(mp, type), r);
  };
  if (v.is_array()) {
    for (size_t i = 0; i < v.size(); ++i) decode_map(v[i], pointer_append(p, std::to_string(i)));
  } else {
    decode_map(v, p);
  }
}

void decode_meta_arguments(Decoder& d, const json& v, const std::string& p, Resource& r) {
  if (v.contains("count") && v.contains("for_each"))
    d.error("Invalid combination of \"count\" and \"for_each\" in " + r.address(),
            "A resource may use count or for_each, not both.", pointer_append(p, "for_each"), true);
  d.check_repetition(v, p);
  if (v.contains("count")) r.count = v["count"];
  if (v.contains("for_each")) r.for_each = v["for_each"];
  if (v.contains("depends_on")) r.depends_on = d.references(v["depends_on"], pointer_append(p, "depends_on"));
  if (auto provider = d.string_field(v, p, "provider")) {
    if (is_provider_ref(*provider)) {
      r.provider_ref = *provider;
    } else {
      d.error("Invalid provider reference " + quote(*provider),
              "Expected a provider name, optionally with an alias: \"azure\" or \"azure.west\".",
              pointer_append(p, "provider"));
    }
  }
  if (v.contains("lifecycle")) r.lifecycle = decode_lifecycle(d, v["lifecycle"], pointer_append(p, "lifecycle"));
  if (v.contains("connection")) r.connection = decode_connection(d, v["connection"], pointer_append(p, "connection"));
  if (v.contains("provisioner")) {
    if (r.mode == ResourceMode::Data) {
      d.error("Data resources cannot have provisioners", {}, pointer_append(p, "provisioner"), true);
    } else {
      decode_provisioners(d, v["provisioner"], pointer_append(p, "provisioner"), r);
    }
  }
}

}  // namespace

void decode_resources(Decoder& d, const json& block, ResourceMode mode, Module& m) {
  std::string block_pointer = mode == ResourceMode::Data ? "/data" : "/resource";
  const char* what = mode == ResourceMode::Data ? "data resource" : "resource";
  for (const auto& [type, named] : block.items()) {
    std::string tp = pointer_append(block_pointer, type);
    if (!d.check_name(type, tp, std::string(what) + " type")) continue;
    for (const auto& [name, body] : named.items()) {
      std::string p = pointer_append(tp, name);
      if (!d.check_name(name, p, what)) continue;
      Resource r;
      static_cast<Located&>(r) = d.located(p);
      r.mode = mode;
      r.type = type;
      r.name = name;
      if (!body.is_object() && !d.expect_object(body, p, std::string(what) + " " + quote(r.address()))) continue;
      decode_meta_arguments(d, body, p, r);
      for (const auto& [key, value] : body.items())
        if (std::find(kMetaArguments.begin(), kMetaArguments.end(), key) == kMetaArguments.end()) r.body[key] = value;
      m.resources.push_back(std::move(r));
    }
  }
}

}  // namespace forma::config
