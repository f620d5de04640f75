#include "providers/azure/arm_resource.h"

#include "engine/base/text.h"
#include "providers/azure/arm_errors.h"

namespace forma::azure {

Status ArmResource::known_id(const json& state, std::string& id) const {
  if (known_string(state, "id")) {
    id = string_at(state, "id");
    return Status::ok();
  }
  return arm_id(state, id);
}

void ArmResource::customize_plan(const sdk::PlanRequest&, sdk::PlannedChange& change) const {
  if (!has_location() || !change.planned_state.is_object()) return;
  json& location = change.planned_state["location"];
  if ((location.is_null() || is_unknown(location)) && !context_->default_location().empty())
    location = context_->default_location();
}

sdk::StateResult ArmResource::create(const sdk::ApplyRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  json planned = request.planned_state;
  if (has_location() && !known_string(planned, "location")) {
    if (context_->default_location().empty()) {
      out.diagnostics.push_back(Diagnostic::error(
          request.address + " needs a location",
          "Set location on the resource or in the provider \"azure\" block.", {}, "/location"));
      return out;
    }
    planned["location"] = context_->default_location();
  }
  std::string id;
  if (Status st = arm_id(planned, id); !st) {
    out.diagnostics.push_back(Diagnostic::error("Cannot create " + request.address, st.message()));
    return out;
  }
  ArmResult put = client->put(id, api_version(), request_body(planned));
  if (!put.ok()) {
    out.diagnostics.push_back(arm_failure("create", request.address, *put.error));
    // A create that failed half-way may have left the object behind: record it.
    ArmResult left = client->get(id, api_version());
    if (left.ok() && !left.not_found() && left.body.is_object())
      out.state = to_state(without_unknowns(planned), *parse_arm_id(id), left.body);
    return out;
  }
  out.state = to_state(without_unknowns(planned), *parse_arm_id(id), put.body);
  append(out.diagnostics, complete(*client, out.state));
  return out;
}

sdk::StateResult ArmResource::read(const sdk::ReadRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  std::string id;
  if (!known_id(request.state, id)) return out;  // never created: nothing to find
  auto parsed = parse_arm_id(id);
  if (!parsed) {
    out.diagnostics.push_back(Diagnostic::error("The recorded id of " + request.address + " is not an ARM id",
                                                "Got " + quote(id) + "."));
    out.state = request.state;
    return out;
  }
  ArmResult got = client->get(id, api_version());
  if (got.not_found()) return out;
  if (!got.ok()) {
    out.diagnostics.push_back(arm_failure("read", request.address, *got.error));
    out.state = request.state;
    return out;
  }
  out.state = to_state(without_unknowns(request.state), *parsed, got.body);
  append(out.diagnostics, complete(*client, out.state));
  return out;
}

sdk::StateResult ArmResource::update(const sdk::ApplyRequest& request) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  std::string id;
  if (Status st = known_id(request.prior_state, id); !st) {
    out.state = request.prior_state;
    out.diagnostics.push_back(Diagnostic::error("Cannot update " + request.address, st.message()));
    return out;
  }
  ArmResult put = client->put(id, api_version(), request_body(request.planned_state));
  if (!put.ok()) {
    out.state = request.prior_state;
    out.diagnostics.push_back(arm_failure("update", request.address, *put.error));
    return out;
  }
  out.state = to_state(without_unknowns(request.planned_state), *parse_arm_id(id), put.body);
  append(out.diagnostics, complete(*client, out.state));
  return out;
}

Diagnostics ArmResource::remove(const sdk::ApplyRequest& request) {
  Diagnostics diags;
  auto client = context_->require_client(diags);
  if (!client) return diags;
  std::string id;
  if (!known_id(request.prior_state, id)) return diags;  // never created
  ArmResult gone = client->remove(id, api_version());
  if (!gone.ok()) diags.push_back(arm_failure("delete", request.address, *gone.error));
  return diags;
}

sdk::StateResult ArmResource::import_state(const std::string& id) {
  sdk::StateResult out;
  auto client = context_->require_client(out.diagnostics);
  if (!client) return out;
  auto parsed = parse_arm_id(id);
  if (!parsed || !accepts_id(*parsed)) {
    out.diagnostics.push_back(Diagnostic::error("Cannot import " + quote(id) + " as " + type_,
                                                "The id is not the ARM id of a " + type_ + "."));
    return out;
  }
  ArmResult got = client->get(id, api_version());
  if (got.not_found()) {
    out.diagnostics.push_back(Diagnostic::error("Cannot import " + quote(id), "Azure has no object with this id."));
    return out;
  }
  if (!got.ok()) {
    out.diagnostics.push_back(arm_failure("import", type_, *got.error));
    return out;
  }
  out.state = to_state(json::object(), *parsed, got.body);
  append(out.diagnostics, complete(*client, out.state));
  return out;
}

}  // namespace forma::azure
