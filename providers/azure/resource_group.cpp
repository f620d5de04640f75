// azure_resource_group: what `az group create -n NAME -l LOCATION` makes.
#include <cctype>

#include "engine/base/text.h"
#include "providers/azure/arm_resource.h"
#include "providers/azure/names.h"
#include "providers/azure/resources.h"

namespace forma::azure {

bool same_location(const json& a, const json& b) {
  auto norm = [](const json& v) {
    std::string out;
    if (v.is_string())
      for (char c : v.get<std::string>())
        if (c != ' ') out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
  };
  return !norm(a).empty() && norm(a) == norm(b);
}

json observed_tags(const json& known, const json& body) {
  json tags = body.is_object() ? body.value("tags", json()) : json();
  if ((tags.is_null() || tags.empty()) && !known.value("tags", json()).is_object()) return nullptr;
  return tags.is_null() ? json::object() : tags;
}

namespace {

class ResourceGroup : public ArmResource {
 public:
  explicit ResourceGroup(ContextPtr context) : ArmResource("azure_resource_group", std::move(context)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "A resource group (az group create).",
            .attributes = {
                {"name", {.type = "string", .required = true, .force_new = true,
                          .description = "Name of the resource group."}},
                {"location", {.type = "string", .optional = true, .computed = true, .force_new = true,
                              .description = "Region; defaults to the provider's location."}},
                {"tags", {.type = "map(string)", .optional = true, .description = "Tags."}},
                {"id", {.type = "string", .computed = true, .description = "ARM id."}},
            }};
  }

  Diagnostics validate(const json& config) const override {
    Diagnostics diags;
    check_name(config, "name", NameRule::ResourceGroup, diags);
    return diags;
  }

 protected:
  std::string api_version() const override { return kResourcesApi; }
  bool has_location() const override { return true; }
  bool accepts_id(const ArmId& id) const override { return id.provider.empty(); }

  Status arm_id(const json& state, std::string& id) const override {
    if (!known_string(state, "name")) return Status::error("The resource group's name is not known.");
    id = resource_group_id(subscription(), string_at(state, "name"));
    return Status::ok();
  }

  json request_body(const json& planned) const override {
    json body = {{"location", planned["location"]}};
    if (planned.value("tags", json()).is_object()) body["tags"] = planned["tags"];
    return body;
  }

  json to_state(const json& known, const ArmId& id, const json& body) const override {
    json location = body.value("location", json());
    if (same_location(known.value("location", json()), location)) location = known["location"];
    return {{"name", id.resource_group},
            {"location", location},
            {"tags", observed_tags(known, body)},
            {"id", body.value("id", id.to_string())}};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_resource_group(ContextPtr context) {
  return std::make_shared<ResourceGroup>(std::move(context));
}

}  // namespace forma::azure
