// Microsoft.Resources/deployments in a resource group, as
// `az deployment group create|validate|what-if` use them, evaluated with
// forma's template engine (providers/azure/template):
//   PUT  …/deployments/{name}           validate, then create each resource in
//                                        dependency order through the emulator's own
//                                        handlers; the deployment records outputs,
//                                        outputResources and, on failure, the error
//   GET  …/deployments[/{name}], DELETE …/deployments/{name} (the record only, as ARM)
//   POST …/deployments/{name}/validate   the template and parameters, nothing created
//   POST …/deployments/{name}/whatIf     Create / Modify / NoChange / Delete / Ignore per resource
// A templateLink is refused: the emulator fetches nothing from the network.
#include <algorithm>
#include <set>

#include "engine/base/text.h"
#include "providers/azure/emulator/arm_handlers.h"
#include "providers/azure/emulator/router.h"
#include "providers/azure/emulator/tracked_resource.h"
#include "providers/azure/template/template.h"

namespace forma::emulator {
namespace {

namespace tmpl = forma::azure::tmpl;

constexpr const char* kDeploymentType = "Microsoft.Resources/deployments";

bool same_name(const std::string& a, const std::string& b) { return lower_case(a) == lower_case(b); }

ArmRequest internal_request(const ArmRequest& outer, const std::string& method, const std::string& id,
                            const std::string& api_version, const json& body = nullptr) {
  ArmRequest r;
  r.method = method;
  r.api_version = api_version;
  r.base_url = outer.base_url;
  r.body = body.is_null() ? "" : body.dump();
  size_t start = 1;
  while (start <= id.size()) {
    size_t slash = id.find('/', start);
    if (slash == std::string::npos) slash = id.size();
    if (slash > start) {
      r.segments.push_back(id.substr(start, slash - start));
      r.lower.push_back(lower_case(r.segments.back()));
    }
    start = slash + 1;
  }
  return r;
}

// reference() and list*() answered by the emulator's own handlers.
class EmulatorResolver : public tmpl::ResourceResolver {
 public:
  EmulatorResolver(Cloud& cloud, const ArmRequest& outer) : cloud_(cloud), outer_(outer) {}
  std::optional<json> get(const std::string& id, const std::string& api_version, std::string& error) override {
    return call("GET", id, api_version, nullptr, error);
  }
  std::optional<json> list(const std::string& id, const std::string& function, const std::string& api_version,
                           const json& body, std::string& error) override {
    return call("POST", id + "/" + function, api_version, body, error);
  }

 private:
  std::optional<json> call(const std::string& method, const std::string& path, const std::string& api_version,
                           const json& body, std::string& error) {
    ArmResponse res;
    route_arm(cloud_, internal_request(outer_, method, path, api_version, body), res);
    if (res.status < 300) return res.body;
    error = res.body.is_object() ? res.body.value("/error/message"_json_pointer, std::string("HTTP error"))
                                 : "HTTP " + std::to_string(res.status);
    return std::nullopt;
  }
  Cloud& cloud_;
  const ArmRequest& outer_;
};

struct DeploymentRequest {
  tmpl::ArmTemplate document;
  tmpl::ParameterValues parameters;
  tmpl::TemplateDeployment deployment;
  std::string mode = "Incremental";
};

// "Deployment template validation failed: '…'", as ARM words it.
void invalid_template(ArmResponse& res, const Diagnostics& diags) {
  std::string message;
  for (const auto& d : diags)
    if (d.severity == Severity::Error) message += (message.empty() ? "" : "; ") + d.summary;
  arm_error(res, 400, "InvalidTemplate", "Deployment template validation failed: '" + message + "'.");
}

// Reads the request body and binds the template; false with `res` filled when it cannot.
bool bind_request(Cloud& cloud, const ArmRequest& req, ArmResponse& res, DeploymentRequest& out) {
  json body;
  if (!parse_body(req, res, body)) return false;
  const json properties = body.value("properties", json::object());
  if (!properties.is_object()) {
    arm_error(res, 400, "InvalidRequestContent", "The request content must have an object 'properties'.");
    return false;
  }
  if (properties.contains("templateLink")) {
    arm_error(res, 400, "InvalidTemplateLink",
              "The emulator does not fetch templates from links; send the template in properties.template.");
    return false;
  }
  if (!properties.value("template", json()).is_object()) {
    arm_error(res, 400, "InvalidRequestContent", "The deployment has no template: set properties.template.");
    return false;
  }
  out.mode = properties.value("mode", "Incremental");
  if (!same_name(out.mode, "Incremental") && !same_name(out.mode, "Complete")) {
    arm_error(res, 400, "InvalidDeploymentMode", "The deployment mode '" + out.mode + "' is not Incremental or Complete.");
    return false;
  }
  Diagnostics diags = tmpl::parse_template(properties["template"].dump(), "template", out.document);
  if (!has_errors(diags)) {
    json parameters = properties.value("parameters", json::object());
    json wrapped = {{"parameters", parameters.is_object() ? parameters : json::object()}};
    append(diags, tmpl::parse_parameters(wrapped.dump(), "parameters", out.document, out.parameters));
  }
  const StoredResource* group = cloud.store.find(cloud.subscription_id() + "/resourceGroups/" + req.segments[3]);
  tmpl::DeploymentContext ctx;
  ctx.deployment_name = req.segments[7];
  ctx.subscription_id = cloud.options.subscription_id;
  ctx.resource_group = group ? id_name(group->id) : req.segments[3];
  ctx.resource_group_location = group ? group->body.value("location", "") : "";
  ctx.tenant_id = cloud.options.tenant_id;
  if (!has_errors(diags)) append(diags, out.deployment.bind(out.document, out.parameters, ctx));
  if (has_errors(diags)) {
    invalid_template(res, diags);
    return false;
  }
  return true;
}

// The resources in an order that puts each after what it depends on (declaration order otherwise).
std::vector<tmpl::ExpandedResource> in_dependency_order(std::vector<tmpl::ExpandedResource> resources) {
  std::vector<tmpl::ExpandedResource> out;
  std::set<std::string> placed;
  while (!resources.empty()) {
    bool progressed = false;
    for (auto it = resources.begin(); it != resources.end();) {
      bool ready = true;
      for (const auto& d : it->depends_on) ready = ready && placed.count(lower_case(d));
      if (!ready) {
        ++it;
        continue;
      }
      placed.insert(lower_case(it->id));
      out.push_back(*it);
      it = resources.erase(it);
      progressed = true;
    }
    if (!progressed) {  // the engine refuses cycles; keep what is left in declaration order
      for (auto& r : resources) out.push_back(r);
      break;
    }
  }
  return out;
}

// The group's top-level resources not in `keep` (lower-case ids).
std::vector<const StoredResource*> others_in_group(const Cloud& cloud, const std::string& group,
                                                   const std::set<std::string>& keep) {
  std::vector<const StoredResource*> out;
  const std::string below = lower_case(group) + "/providers/";
  for (const StoredResource* r : cloud.store.all()) {
    const std::string id = lower_case(r->id);
    if (!id.starts_with(below) || std::count(id.begin(), id.end(), '/') != 8 || r->type == kDeploymentType) continue;
    if (!keep.count(id)) out.push_back(r);
  }
  return out;
}

json parameters_record(const DeploymentRequest& r) {
  json out = json::object();
  const json declared = r.document.document.value("parameters", json::object());
  for (auto it = declared.begin(); it != declared.end(); ++it) {
    std::string type = it->is_object() ? it->value("type", "String") : "String";
    json entry = {{"type", type}};
    auto supplied = r.parameters.values.find(it.key());
    bool secure = same_name(type, "securestring") || same_name(type, "secureobject");
    if (!secure && supplied != r.parameters.values.end()) entry["value"] = supplied->second;
    else if (!secure && it->is_object() && it->contains("defaultValue")) entry["value"] = (*it)["defaultValue"];
    out[it.key()] = entry;
  }
  return out;
}

void run_deployment(Cloud& cloud, const ArmRequest& req, ArmResponse& res, DeploymentRequest& r, const std::string& id,
            const StoredResource* existing) {
  const int64_t started = cloud.clock();
  tmpl::UnknownResolver unknown;
  tmpl::ExpandedDeployment planned;
  Diagnostics diags = r.deployment.expand(unknown, planned);
  if (has_errors(diags)) return invalid_template(res, diags);
  EmulatorResolver live(cloud, req);
  json details = json::array(), output_resources = json::array();
  std::set<std::string> keep, failed;
  for (const auto& declared : in_dependency_order(planned.resources)) {
    keep.insert(lower_case(declared.id));
    bool blocked = false;
    for (const auto& d : declared.depends_on) blocked = blocked || failed.count(lower_case(d));
    tmpl::ExpandedResource resource;
    Diagnostics d = blocked ? Diagnostics{} : r.deployment.evaluate_resource(declared.id, live, resource);
    ArmResponse put;
    if (!blocked && !has_errors(d)) route_arm(cloud, internal_request(req, "PUT", resource.id, resource.api_version,
                                                                      resource.body), put);
    if (blocked || has_errors(d) || put.status >= 300) {
      failed.insert(lower_case(declared.id));
      json error = blocked ? json{{"code", "DependencyFailed"}, {"message", "A resource it depends on failed."}}
                   : has_errors(d) ? json{{"code", "InvalidTemplate"}, {"message", d.front().summary}}
                                   : put.body.value("error", json{{"code", "Failed"}, {"message", put.body.dump()}});
      error["target"] = declared.id;
      details.push_back(error);
      continue;
    }
    output_resources.push_back({{"id", resource.id}});
  }
  if (failed.empty() && same_name(r.mode, "Complete"))
    for (const StoredResource* other : others_in_group(cloud, cloud.subscription_id() + "/resourceGroups/" +
                                                                  req.segments[3], keep)) {
      const std::string other_id = other->id;
      ArmResponse del;
      route_arm(cloud, internal_request(req, "DELETE", other_id, "2021-04-01"), del);
    }
  json outputs = json::object();
  if (failed.empty()) {
    std::vector<tmpl::TemplateOutput> values;
    Diagnostics od = r.deployment.evaluate_outputs(live, values);
    for (const auto& o : values)
      if (!o.sensitive) outputs[o.name] = {{"type", o.type}, {"value", o.value}};
    if (has_errors(od)) details.push_back({{"code", "DeploymentOutputEvaluationFailed"}, {"message", od.front().summary}});
  }
  StoredResource record;
  record.id = existing ? existing->id : id;
  record.type = kDeploymentType;
  json properties = {{"templateHash", sha256_hex(r.document.document.dump()).substr(0, 20)},
                     {"parameters", parameters_record(r)},
                     {"mode", same_name(r.mode, "Complete") ? "Complete" : "Incremental"},
                     {"provisioningState", details.empty() ? "Succeeded" : "Failed"},
                     {"timestamp", iso_time(cloud.clock())},
                     {"duration", "PT" + std::to_string((cloud.clock() - started) / 1000) + "S"},
                     {"correlationId", random_uuid()},
                     {"outputs", outputs},
                     {"outputResources", output_resources}};
  if (!details.empty())
    properties["error"] = {{"code", "DeploymentFailed"},
                           {"message", "At least one resource deployment operation failed. Please list deployment "
                                       "operations for details."},
                           {"details", details}};
  record.body = {{"id", record.id}, {"name", req.segments[7]}, {"type", kDeploymentType}, {"properties", properties}};
  cloud.store.put(record);
  res.set(existing ? 200 : 201, record.body);
}

void what_if(Cloud& cloud, const ArmRequest& req, ArmResponse& res, DeploymentRequest& r) {
  tmpl::UnknownResolver unknown;
  tmpl::ExpandedDeployment planned;
  Diagnostics diags = r.deployment.expand(unknown, planned);
  if (has_errors(diags)) return invalid_template(res, diags);
  EmulatorResolver live(cloud, req);
  json changes = json::array();
  std::set<std::string> keep;
  for (const auto& resource : planned.resources) {
    keep.insert(lower_case(resource.id));
    std::string error;
    auto before = live.get(resource.id, resource.api_version, error);
    if (!before) {
      changes.push_back({{"resourceId", resource.id}, {"changeType", "Create"}, {"after", resource.body}});
      continue;
    }
    const bool same = tmpl::observed_body(resource.body, *before) == resource.body;
    changes.push_back({{"resourceId", resource.id},
                       {"changeType", same ? "NoChange" : "Modify"},
                       {"before", *before},
                       {"after", resource.body}});
  }
  const bool complete = same_name(r.mode, "Complete");
  for (const StoredResource* other :
       others_in_group(cloud, cloud.subscription_id() + "/resourceGroups/" + req.segments[3], keep))
    changes.push_back({{"resourceId", other->id}, {"changeType", complete ? "Delete" : "Ignore"}, {"before", other->body}});
  res.set(200, {{"status", "Succeeded"}, {"properties", {{"changes", changes}}}});
}

}  // namespace

void handle_deployments(Cloud& cloud, const ArmRequest& req, ArmResponse& res) {
  const std::string group = cloud.subscription_id() + "/resourceGroups/" + req.segments[3];
  if (req.size() == 7) {
    if (req.method != "GET") return method_not_allowed(req, res);
    return res.set(200, list_body(cloud, cloud.store.under(group, kDeploymentType)));
  }
  const std::string id = group + "/providers/" + kDeploymentType + "/" + req.segments[7];
  const StoredResource* existing = cloud.store.find(id);
  if (req.size() == 9 && req.method == "POST" && (req.is(8, "validate") || req.is(8, "whatif"))) {
    DeploymentRequest r;
    if (!bind_request(cloud, req, res, r)) return;
    if (req.is(8, "whatif")) return what_if(cloud, req, res, r);
    json validated = json::array();
    for (const auto& rid : r.deployment.resource_ids()) validated.push_back({{"id", rid}});
    return res.set(200, {{"id", id},
                         {"name", req.segments[7]},
                         {"type", kDeploymentType},
                         {"properties",
                          {{"provisioningState", "Succeeded"},
                           {"mode", r.mode},
                           {"parameters", parameters_record(r)},
                           {"validatedResources", validated}}}});
  }
  if (req.size() != 8) return resource_not_found(res, std::string(kDeploymentType) + "/" + req.segments[7], req.segments[3]);
  if (req.method == "GET") {
    if (!existing) return resource_not_found(res, std::string(kDeploymentType) + "/" + req.segments[7], req.segments[3]);
    return res.set(200, existing->body);
  }
  if (req.method == "DELETE") {
    if (!existing) return res.set(204);
    cloud.store.erase_tree(existing->id);
    return res.set(200);
  }
  if (req.method != "PUT") return method_not_allowed(req, res);
  DeploymentRequest r;
  if (!bind_request(cloud, req, res, r)) return;
  run_deployment(cloud, req, res, r, id, existing);
}

}  // namespace forma::emulator
