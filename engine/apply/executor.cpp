#include "engine/apply/executor.h"

#include <chrono>

#include "engine/apply/provisioners.h"
#include "engine/base/text.h"
#include "state/process_identity.h"

namespace forma::apply {

namespace {

std::string hash_of(const json& v) { return v.is_null() ? std::string() : sha256_hex(v.dump()); }

std::string id_of(const json& state) {
  if (state.is_object() && state.contains("id") && state["id"].is_string()) return state["id"].get<std::string>();
  return {};
}

}  // namespace

state::ResourceObject StateExecutor::object_for(const plan::ExecutionRequest& req, const json& attributes,
                                                state::ResourceStatus status, const std::string& token) const {
  const auto& ch = *req.change;
  state::ResourceObject o;
  o.address = ch.address;
  o.mode = ch.mode;
  o.type = ch.type;
  o.provider = ch.provider;
  o.schema_version = req.schema_version;
  o.attributes = attributes;
  o.sensitive_paths = ch.sensitive_paths;
  o.status = status;
  o.creation_token = token;
  o.dependencies = req.dependencies;
  return o;
}

state::HistoryEntry StateExecutor::history(const std::string& address, const char* action, const json& before,
                                           const json& after) const {
  state::HistoryEntry h;
  h.serial = store_.serial() + 1;
  h.operation = operation_;
  h.address = address;
  h.action = action;
  h.time = state::utc_now_iso8601();
  h.user = state::current_user();
  h.before_hash = hash_of(before);
  h.after_hash = hash_of(after);
  return h;
}

bool StateExecutor::commit(const state::ResourceObject& object, const state::HistoryEntry* h,
                           plan::ExecutionResult& result) {
  Status s = store_.put(object, h);
  changed_ = true;
  if (s) return true;
  store_failed_ = true;
  result.diags.push_back(Diagnostic::error("Failed to record " + object.address + " in state", s.message()));
  return false;
}

bool StateExecutor::erase(const std::string& address, const std::string& deposed, const state::HistoryEntry* h,
                          plan::ExecutionResult& result) {
  Status s = store_.remove(address, deposed, h);
  changed_ = true;
  if (s) return true;
  store_failed_ = true;
  result.diags.push_back(Diagnostic::error("Failed to remove " + address + " from state", s.message()));
  return false;
}

// Returns true when the provider reports success. `answered` is false when the
// provider never answered (crashed, timed out): the outcome is then unknown and
// the intent row must stay for the next run to reconcile. `partial`: the
// provider says a failed operation's new_state is sound as far as it goes.
static bool call_apply(const plan::ExecutionRequest& req, const json& prior, const json& planned, const std::string& token,
                       json& new_state, plan::ExecutionResult& result, bool& answered, bool* partial = nullptr) {
  const auto& ch = *req.change;
  json params = {{"type", ch.type},
                 {"address", ch.address},
                 {"prior_state", prior},
                 {"planned_state", planned},
                 {"config", req.config ? *req.config : json(nullptr)},
                 {"creation_token", token}};
  auto r = req.provider->call("apply_resource", params);
  answered = r.ok;
  if (!r.ok) {
    result.diags.push_back(Diagnostic::error("Failed to apply " + ch.address, r.error));
    new_state = nullptr;
    return false;
  }
  new_state = r.result.value("new_state", json());
  if (partial) *partial = r.result.value("partial", false) == true;
  if (!new_state.is_null() && !new_state.is_object()) {
    // Not an object the state can hold: keep what state says (an intent row is
    // reconciled by its creation token on the next run).
    result.diags.push_back(Diagnostic::error(
        "Failed to apply " + ch.address,
        "provider " + quote(req.provider->name()) + " answered apply_resource with a new_state that is not an object."));
    new_state = nullptr;
    answered = false;
    return false;
  }
  Diagnostics diags = provider::diagnostics_from(r.result, ch.address);
  bool ok = !has_errors(diags);
  append(result.diags, diags);
  return ok;
}

bool StateExecutor::create(const plan::ExecutionRequest& req, plan::ExecutionResult& result, const json& before) {
  const auto& ch = *req.change;
  std::string token = req.creation_token.empty() ? random_uuid() : req.creation_token;
  // The intent: if forma dies before the answer, the next run finds the object by this token.
  auto intent = object_for(req, ch.after, state::ResourceStatus::Creating, token);
  intent.private_data = json::object();  // whatever was recorded belonged to an object now gone
  if (!commit(intent, nullptr, result)) return false;
  json new_state;
  bool answered = false;
  bool partial = false;
  bool ok = call_apply(req, nullptr, ch.after, token, new_state, result, answered, &partial);
  if (ok && new_state.is_null()) {
    ok = false;
    result.diags.push_back(Diagnostic::error("Provider returned no object after creating " + ch.address));
  }
  if (!ok) {
    if (!new_state.is_null() && partial) {
      // Part of it was made and is sound: keep it, for the next plan to complete.
      auto h = history(ch.address, "create (partial)", before, new_state);
      commit(object_for(req, new_state, state::ResourceStatus::Created, token), &h, result);
    } else if (!new_state.is_null()) {
      // Something was created but is not right: keep it, tainted, to be replaced.
      auto h = history(ch.address, "create (tainted)", before, new_state);
      commit(object_for(req, new_state, state::ResourceStatus::Tainted, token), &h, result);
    } else if (answered) {
      erase(ch.address, "", nullptr, result);  // the provider says nothing was created
    }
    return false;
  }
  auto h = history(ch.address, before.is_null() ? "create" : "replace", before, new_state);
  auto created = object_for(req, new_state, state::ResourceStatus::Created, token);
  created.private_data = json::object();  // a new object: no host keys yet
  if (!commit(created, &h, result)) return false;
  result.new_state = new_state;
  if (!req.provisioners) return true;
  json host_keys = json::object();
  bool provisioned = provision(req, "create", new_state, host_keys, result);
  if (!host_keys.empty()) created.private_data["host_keys"] = host_keys;
  if (!provisioned) {
    // Terraform's rule: an object whose creation-time provisioner failed is tainted, to be replaced.
    created.status = state::ResourceStatus::Tainted;
    auto th = history(ch.address, "provision (tainted)", new_state, new_state);
    commit(created, &th, result);
    return false;
  }
  if (!host_keys.empty() && !commit(created, nullptr, result)) return false;
  return true;
}

bool StateExecutor::provision(const plan::ExecutionRequest& req, const char* when, const json& self, json& host_keys,
                              plan::ExecutionResult& result) {
  std::vector<plan::ProvisionerCall> calls;
  if (!req.provisioners(self, when, calls, result.diags)) return false;
  if (calls.empty()) return true;
  ProvisioningRun run;
  run.communicator = communicator_;
  run.observer = observer_;
  run.address = req.change->address;
  json recorded = req.prior_private.is_object() ? req.prior_private.value("host_keys", json::object()) : json::object();
  run.first_use = std::string(when) == "create";
  run.host_keys = run.first_use ? json::object() : recorded;
  bool ok = run_provisioners(run, calls, self, result.diags);
  host_keys = run.host_keys;
  return ok;
}

bool StateExecutor::update(const plan::ExecutionRequest& req, plan::ExecutionResult& result) {
  const auto& ch = *req.change;
  json new_state;
  bool answered = false;
  bool partial = false;
  bool ok = call_apply(req, ch.before, ch.after, "", new_state, result, answered, &partial);
  if (!new_state.is_null()) {
    auto h = history(ch.address, "update", ch.before, new_state);
    auto status = ok || partial ? state::ResourceStatus::Created : state::ResourceStatus::Tainted;
    if (!commit(object_for(req, new_state, status, ""), &h, result)) return false;
  }
  result.new_state = new_state;
  return ok;
}

bool StateExecutor::destroy(const plan::ExecutionRequest& req, const json& before, const std::string& deposed,
                            plan::ExecutionResult& result) {
  const auto& ch = *req.change;
  if (req.provisioners) {
    json host_keys;
    if (!provision(req, "destroy", before, host_keys, result)) return false;  // the object stays
  }
  auto marked = object_for(req, before, state::ResourceStatus::Deleting, "");
  marked.deposed = deposed;
  if (!commit(marked, nullptr, result)) return false;
  json new_state;
  bool answered = false;
  bool ok = call_apply(req, before, nullptr, "", new_state, result, answered);
  if (!ok) {
    if (answered) {  // the object is still there
      marked.status = state::ResourceStatus::Created;
      commit(marked, nullptr, result);
    }
    return false;
  }
  auto h = history(ch.address, deposed.empty() ? "delete" : "delete deposed", before, nullptr);
  return erase(ch.address, deposed, &h, result);
}

plan::ExecutionResult StateExecutor::execute(const plan::ExecutionRequest& req) {
  plan::ExecutionResult result;
  auto& ch = *req.change;
  if (observer_) observer_->change_started(ch);
  auto start = std::chrono::steady_clock::now();
  bool ok = false;
  switch (ch.action) {
    case plan::Action::Create:
      ok = create(req, result, nullptr);
      break;
    case plan::Action::Update:
      ok = update(req, result);
      break;
    case plan::Action::Delete:
      ok = destroy(req, ch.before, ch.deposed, result);
      result.new_state = nullptr;
      break;
    case plan::Action::Replace:
      if (ch.create_before_destroy) {
        // Depose the old object, create the new one, then destroy the deposed one.
        std::string key = random_uuid().substr(0, 8);
        auto old = object_for(req, ch.before, state::ResourceStatus::Created, "");
        old.deposed = key;
        old.private_data = req.prior_private;
        ok = commit(old, nullptr, result) && create(req, result, ch.before);
        if (ok) {
          json kept = result.new_state;
          ok = destroy(req, ch.before, key, result);
          result.new_state = kept;
        }
      } else {
        ok = destroy(req, ch.before, "", result) && create(req, result, ch.before);
      }
      break;
    default:
      ok = true;
      result.new_state = ch.after;
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.ok = ok;
  if (observer_) {
    if (ok) observer_->change_finished(ch, seconds, id_of(result.new_state));
    else observer_->change_failed(ch, seconds);
  }
  return result;
}

void StateExecutor::record(const plan::ResourceChange& change, const json& state, int schema_version,
                           const std::vector<std::string>& dependencies) {
  plan::ExecutionResult ignored;
  if (state.is_null()) {
    auto h = history(change.address, change.action == plan::Action::Forget ? "forget" : "gone", change.before, nullptr);
    erase(change.address, change.deposed, &h, ignored);
    return;
  }
  state::ResourceObject o;
  o.address = change.address;
  o.mode = change.mode;
  o.type = change.type;
  o.provider = change.provider;
  o.schema_version = schema_version;
  o.attributes = state;
  o.sensitive_paths = change.sensitive_paths;
  o.dependencies = dependencies;
  auto h = history(change.address, change.reason == "import" ? "import" : "refresh", change.before, state);
  commit(o, &h, ignored);
}

void StateExecutor::move(const std::string& from, const std::string& to) {
  plan::ExecutionResult ignored;
  for (auto o : store_.resources()) {
    std::string dest;
    if (o.address == from) dest = to;
    else if (o.address.rfind(from + "[", 0) == 0) dest = to + o.address.substr(from.size());
    else if (from.rfind("module.", 0) == 0 && o.address.rfind(from + ".", 0) == 0) dest = to + o.address.substr(from.size());
    else continue;
    std::string old = o.address;
    o.address = dest;
    auto h = history(dest, "move", nullptr, nullptr);
    h.before_hash = old;
    if (commit(o, &h, ignored)) erase(old, o.deposed, nullptr, ignored);
  }
}

}  // namespace forma::apply
