#include "tests/engine/plan/fake_provider.h"

#include <algorithm>

namespace forma::plan::testing {

namespace {

json attribute(const std::string& type, bool required, bool optional, bool computed, bool force_new = false,
               bool sensitive = false) {
  return json{{"type", type},         {"required", required},   {"optional", optional},
              {"computed", computed}, {"force_new", force_new}, {"sensitive", sensitive}};
}

json error_diagnostic(const std::string& summary) {
  return json::array({json{{"severity", "error"}, {"summary", summary}, {"detail", ""}}});
}

bool set_in(const json& config, const std::string& name) {
  return config.is_object() && config.contains(name) && !config[name].is_null();
}

}  // namespace

json pool_nodes(const std::string& id, int count) {
  json nodes = json::array();
  for (int i = 0; i < count; ++i)
    nodes.push_back({{"node_id", id + "-node" + std::to_string(i)},
                     {"ip_address", "127.0.0." + std::to_string(10 + i)},
                     {"port", 50000 + i},
                     {"state", "idle"}});
  return nodes;
}

std::string CallRecord::apply_kind() const {
  if (method != "apply_resource") return "";
  if (params.value("prior_state", json()).is_null()) return "create";
  if (params.value("planned_state", json()).is_null()) return "delete";
  return "update";
}

json FakeProvider::schema() const {
  json thing = {{"version", 0},
                {"attributes",
                 {{"name", attribute("string", true, false, false, true)},
                  {"size", attribute("number", false, true, false)},
                  {"tags", attribute("map(string)", false, true, false)},
                  {"secret", attribute("string", false, true, false, false, true)},
                  {"id", attribute("string", false, false, true)}}}};
  json note = {{"version", 0},
               {"attributes", {{"text", attribute("string", true, false, false)}, {"id", attribute("string", false, false, true)}}}};
  json pool = {{"version", 0},
               {"attributes",
                {{"size", attribute("number", true, false, false)},
                 {"nodes", attribute("list(object)", false, false, true)},
                 {"id", attribute("string", false, false, true)}}}};
  json lookup = {{"version", 0},
                 {"attributes", {{"key", attribute("string", true, false, false)}, {"value", attribute("string", false, false, true)}}}};
  return json{{"provider", {{"attributes", json::object()}}},
              {"resources", {{"fake_thing", thing}, {"fake_note", note}, {"fake_pool", pool}}},
              {"data_sources", {{"fake_lookup", lookup}}}};
}

provider::CallResult FakeProvider::call(const std::string& method, const json& params) {
  CallRecord rec{method, params, std::this_thread::get_id(), std::chrono::steady_clock::now(), {}};
  provider::CallResult r;
  try {
    if (method == "handshake") {
      r = {true, json{{"protocol_version", provider::kProtocolVersion}, {"name", name_}, {"version", "0.0.1"}}, ""};
    } else if (method == "schema") {
      r = {true, schema(), ""};
    } else if (method == "configure" || method == "validate_resource") {
      r = {true, json{{"diagnostics", json::array()}}, ""};
    } else if (method == "plan_resource") {
      r = plan_resource(params);
    } else if (method == "apply_resource") {
      int now = ++in_flight_;
      int seen = max_in_flight_.load();
      while (now > seen && !max_in_flight_.compare_exchange_weak(seen, now)) {
      }
      if (during_apply) during_apply(rec);
      if (latency_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(latency_ms));
      r = apply_resource(params);
      --in_flight_;
    } else if (method == "read_resource") {
      r = read_resource(params);
    } else if (method == "import_resource") {
      r = import_resource(params);
    } else if (method == "read_data") {
      r = read_data(params);
    } else if (method == "stop") {
      r = {true, json::object(), ""};
    } else {
      r = {false, {}, "provider \"fake\" could not handle " + method + ": unknown method"};
    }
  } catch (const std::exception& e) {
    r = {false, {}, "provider \"fake\" failed during " + method + ": " + e.what()};
  }
  rec.end = std::chrono::steady_clock::now();
  std::lock_guard lock(mu_);
  calls_.push_back(std::move(rec));
  return r;
}

// The planning rules of docs/provider-protocol.md ("Planning rules").
provider::CallResult FakeProvider::plan_resource(const json& params) const {
  const json& config = params.at("config");
  const json& prior = params.at("prior_state");
  if (config.is_null()) return {true, json{{"planned_state", nullptr}, {"requires_replace", json::array()}}, ""};
  json attrs = schema()["resources"].at(params.at("type").get<std::string>())["attributes"];
  json planned = json::object();
  for (const auto& [name, a] : attrs.items()) {
    if (set_in(config, name)) planned[name] = config[name];
    else if (a.value("computed", false)) planned[name] = prior.is_object() ? prior.value(name, json()) : unknown_value();
    else planned[name] = nullptr;
  }
  json requires_replace = json::array();
  if (prior.is_object())
    for (const auto& [name, a] : attrs.items())
      if (a.value("force_new", false) && (is_unknown(planned[name]) || planned[name] != prior.value(name, json())))
        requires_replace.push_back("/" + name);
  if (!requires_replace.empty())
    for (const auto& [name, a] : attrs.items())
      if (a.value("computed", false) && !set_in(config, name)) planned[name] = unknown_value();
  return {true, json{{"planned_state", planned}, {"requires_replace", requires_replace}, {"diagnostics", json::array()}}, ""};
}

json FakeProvider::create(const std::string& type, const std::string& address, const json& planned,
                          const std::string& token) {
  std::lock_guard lock(mu_);
  std::string id = type + "-" + std::to_string(next_id_++);
  json state = planned;
  for (auto& [name, v] : state.items())
    if (is_unknown(v)) v = name == "id" ? json(id) : json(address + "." + name);
  if (type == "fake_pool") state["nodes"] = pool_nodes(id, state.value("size", 0));
  cloud_[id] = CloudObject{type, token, state};
  return state;
}

provider::CallResult FakeProvider::apply_resource(const json& params) {
  const std::string type = params.at("type");
  const std::string address = params.at("address");
  const json& prior = params.at("prior_state");
  const json& planned = params.at("planned_state");
  bool fail = fail_on.count(address) > 0;
  json result = {{"diagnostics", json::array()}};
  if (planned.is_null()) {  // delete
    result["new_state"] = fail ? prior : json(nullptr);
    if (fail) result["diagnostics"] = error_diagnostic("fake refused to delete " + address);
    else erase_object(prior.value("id", std::string()));
  } else if (prior.is_null()) {  // create
    result["new_state"] = nullptr;
    if (fail) result["diagnostics"] = error_diagnostic("fake refused to create " + address);
    else result["new_state"] = create(type, address, planned, params.value("creation_token", std::string()));
    if (!fail && fail_after_create.count(address))
      result["diagnostics"] = error_diagnostic("fake created " + address + " but it is broken");
    if (!fail && garbled_new_state.count(address)) result["new_state"] = "garbled";
  } else {  // update
    result["new_state"] = prior;
    if (fail) {
      result["diagnostics"] = error_diagnostic("fake refused to update " + address);
    } else {
      std::lock_guard lock(mu_);
      std::string id = prior.value("id", std::string());
      cloud_[id] = CloudObject{type, cloud_[id].token, planned};
      result["new_state"] = planned;
    }
  }
  return {true, result, ""};
}

provider::CallResult FakeProvider::read_resource(const json& params) const {
  const json& state = params.at("state");
  std::string token = params.value("creation_token", std::string());
  std::lock_guard lock(mu_);
  json found = nullptr;
  if (state.is_object() && state.contains("id") && state["id"].is_string()) {
    auto it = cloud_.find(state["id"].get<std::string>());
    if (it != cloud_.end()) found = it->second.attributes;
  } else if (!token.empty()) {  // an interrupted create: find the object by its token
    for (const auto& [id, o] : cloud_)
      if (o.token == token) found = o.attributes;
  }
  return {true, json{{"new_state", found}, {"diagnostics", json::array()}}, ""};
}

provider::CallResult FakeProvider::import_resource(const json& params) const {
  std::string id = params.at("id").is_string() ? params.at("id").get<std::string>() : params.at("id").dump();
  std::lock_guard lock(mu_);
  auto it = cloud_.find(id);
  if (it == cloud_.end() || it->second.type != params.at("type"))
    return {true, json{{"state", nullptr}, {"diagnostics", error_diagnostic("no object " + id)}}, ""};
  return {true, json{{"state", it->second.attributes}, {"diagnostics", json::array()}}, ""};
}

provider::CallResult FakeProvider::read_data(const json& params) const {
  std::string key = params.at("config").at("key");
  std::lock_guard lock(mu_);
  auto it = lookups_.find(key);
  json state = {{"key", key}, {"value", it == lookups_.end() ? "value-of-" + key : it->second}};
  return {true, json{{"state", state}, {"diagnostics", json::array()}}, ""};
}

std::map<std::string, CloudObject> FakeProvider::cloud() const {
  std::lock_guard lock(mu_);
  return cloud_;
}

void FakeProvider::put_object(const std::string& id, CloudObject object) {
  std::lock_guard lock(mu_);
  cloud_[id] = std::move(object);
}

void FakeProvider::erase_object(const std::string& id) {
  std::lock_guard lock(mu_);
  cloud_.erase(id);
}

void FakeProvider::set_lookup(const std::string& key, const std::string& value) {
  std::lock_guard lock(mu_);
  lookups_[key] = value;
}

std::vector<CallRecord> FakeProvider::calls() const {
  std::lock_guard lock(mu_);
  return calls_;
}

std::vector<CallRecord> FakeProvider::calls(const std::string& method) const {
  std::vector<CallRecord> out;
  for (auto& c : calls())
    if (c.method == method) out.push_back(c);
  return out;
}

std::vector<std::string> FakeProvider::apply_log() const {
  auto applies = calls("apply_resource");
  std::stable_sort(applies.begin(), applies.end(), [](auto& a, auto& b) { return a.start < b.start; });
  std::vector<std::string> out;
  for (const auto& c : applies) out.push_back(c.apply_kind() + " " + c.address());
  return out;
}

void FakeProvider::clear_calls() {
  std::lock_guard lock(mu_);
  calls_.clear();
}

namespace {

// Forwards to the shared fake; the engine owns and destroys this handle.
class FakeHandle : public provider::Provider {
 public:
  explicit FakeHandle(std::shared_ptr<FakeProvider> fake) : fake_(std::move(fake)) {}
  const std::string& name() const override { return fake_->name(); }
  provider::CallResult call(const std::string& method, const json& params) override {
    return fake_->call(method, params);
  }
  bool has_capability(const std::string& name) const override {
    return name == "plan_validates" && fake_->plan_validates;
  }

 private:
  std::shared_ptr<FakeProvider> fake_;
};

}  // namespace

std::unique_ptr<provider::Provider> FakeLauncher::launch(const std::string& name, std::string& error) {
  if (name != fake_->name()) {
    error = "no provider \"" + name + "\" in this test";
    return nullptr;
  }
  ++launches_;
  return std::make_unique<FakeHandle>(fake_);
}

}  // namespace forma::plan::testing
