#include "providers/test/cloud_resource.h"

#include <random>

#include "engine/base/text.h"

namespace forma::testprovider {
namespace {

Diagnostic cloud_error(const std::string& summary, const std::string& detail = {}) {
  return Diagnostic::error(summary, detail);
}

void record(Diagnostics& diags, const Status& s) {
  if (!s) diags.push_back(cloud_error("The test cloud database failed", s.message()));
}

}  // namespace

std::string random_hex(size_t length) {
  static thread_local std::mt19937_64 rng{std::random_device{}()};
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < length; ++i) out += digits[rng() % 16];
  return out;
}

std::string CloudResource::object_key(const json& state) const {
  return state.is_object() && state.value("id", json()).is_string() ? state["id"].get<std::string>() : "";
}

sdk::StateResult CloudResource::create(const sdk::ApplyRequest& request) {
  const double started = unix_time_now();  // before the latency: shows when creates overlap
  cloud_->pause();
  if (cloud_->create_should_fail(request.address)) {
    return {nullptr, {cloud_error("The test cloud refused to create " + request.address,
                                  "This failure was injected by the provider's fail_on or fail_rate setting.")}};
  }
  if (auto db = cloud_->db(); db && !request.creation_token.empty()) {
    // A create retried with the token of one that already finished (say, by a
    // provider that outlived a killed forma) returns that object: creates are
    // idempotent per token, as Azure PUTs are per name.
    if (auto existing = db->find_by_token(type_, request.creation_token)) return {observe(*existing), {}};
  }
  sdk::StateResult made = make(request.planned_state);
  if (has_errors(made.diagnostics) || made.state.is_null()) return made;
  if (auto db = cloud_->db())
    record(made.diagnostics, db->insert(object_key(made.state), type_, request.creation_token, made.state, started));
  if (cloud_->create_should_fail_after(request.address))
    made.diagnostics.push_back(cloud_error("The test cloud created " + request.address + " but then failed",
                                           "This failure was injected by fail_after_create."));
  return made;
}

sdk::StateResult CloudResource::read(const sdk::ReadRequest& request) {
  cloud_->pause();
  json recorded = request.state;
  if (auto db = cloud_->db()) {
    // An interrupted create left unknowns in state: the token finds the object.
    std::optional<json> row = contains_unknown(recorded) ? db->find_by_token(type_, request.creation_token)
                                                         : db->find(object_key(recorded));
    if (!row) return {};
    recorded = *row;
  }
  json now = observe(recorded);
  if (contains_unknown(now)) return {};
  return {now, {}};
}

sdk::StateResult CloudResource::update(const sdk::ApplyRequest& request) {
  cloud_->pause();
  if (cloud_->update_should_fail(request.address)) {
    return {request.prior_state, {cloud_error("The test cloud refused to update " + request.address,
                                              "This failure was injected by the provider's fail_on setting.")}};
  }
  sdk::StateResult changed = change(request.prior_state, request.planned_state);
  if (has_errors(changed.diagnostics)) return changed;
  if (auto db = cloud_->db()) record(changed.diagnostics, db->update(object_key(changed.state), changed.state));
  return changed;
}

Diagnostics CloudResource::remove(const sdk::ApplyRequest& request) {
  cloud_->pause();
  Diagnostics diags = destroy(request.prior_state);
  if (has_errors(diags)) return diags;
  if (auto db = cloud_->db()) record(diags, db->mark_deleted(object_key(request.prior_state), unix_time_now()));
  return diags;
}

sdk::StateResult CloudResource::import_state(const std::string& id) {
  cloud_->pause();
  if (auto db = cloud_->db()) {
    std::optional<json> row = db->find(id);
    if (!row) return {nullptr, {cloud_error("Cannot import " + quote(id), "No live object has this id.")}};
    return {observe(*row), {}};
  }
  return import_without_cloud(id);
}

}  // namespace forma::testprovider
