#include "providers/azure/template/resources.h"

#include <algorithm>

#include "providers/azure/template/resource_ids.h"

namespace forma::azure::tmpl {
namespace {

const std::vector<std::string> kMetaKeys = {"dependsOn", "copy",      "condition", "apiVersion",
                                            "comments",  "resources", "scope"};

std::string eval_text(TemplateScope& s, const json& decl, const std::string& key, const std::string& pointer,
                      EvalFrame& f) {
  auto it = decl.find(key);
  if (it == decl.end()) throw TemplateFailure{"A resource needs \"" + key + "\"", pointer};
  std::string p = pointer_append(pointer, key);
  json v = s.eval_value(*it, p, f);
  if (is_unknown(v)) throw TemplateFailure{"\"" + key + "\" must be known before deployment", p};
  if (!v.is_string()) throw TemplateFailure{"\"" + key + "\" must be a string, got " + type_name(v), p};
  return v.get<std::string>();
}

int64_t eval_int(TemplateScope& s, const json& v, const std::string& p, EvalFrame& f, int64_t lo,
                 int64_t hi) {
  json n = s.eval_value(v, p, f);
  if (!n.is_number_integer() || n.get<int64_t>() < lo || n.get<int64_t>() > hi)
    throw TemplateFailure{"Expected an integer from " + std::to_string(lo) + " to " + std::to_string(hi) +
                              ", got " +
                              (is_unknown(n) ? std::string("a value not known before deployment") : n.dump()),
                          p};
  return n.get<int64_t>();
}

std::optional<CopyInfo> read_copy(TemplateScope& s, const json& decl, const std::string& pointer,
                                  EvalFrame& f) {
  auto it = decl.find("copy");
  if (it == decl.end()) return std::nullopt;
  std::string p = pointer_append(pointer, "copy");
  if (!it->is_object()) throw TemplateFailure{"A resource's \"copy\" must be an object {name, count}", p};
  CopyInfo c;
  c.name = eval_text(s, *it, "name", p, f);
  if (!it->contains("count")) throw TemplateFailure{"A copy loop needs \"count\"", p};
  c.count = static_cast<int>(eval_int(s, (*it)["count"], pointer_append(p, "count"), f, 0, 800));
  if (it->contains("mode")) {
    std::string mode = lower(eval_text(s, *it, "mode", p, f));
    if (mode != "serial" && mode != "parallel")
      throw TemplateFailure{"The copy mode must be \"serial\" or \"parallel\"", pointer_append(p, "mode")};
    c.serial = mode == "serial";
  }
  if (it->contains("batchSize")) {
    c.batch_size =
        static_cast<int>(eval_int(s, (*it)["batchSize"], pointer_append(p, "batchSize"), f, 1, 800));
  }
  if (c.serial && c.batch_size == 0) c.batch_size = 1;
  return c;
}

std::string scoped_prefix(TemplateScope& s, const std::string& scope, const std::string& p) {
  if (!scope.empty() && scope[0] == '/') {
    std::string out = scope;
    while (!out.empty() && out.back() == '/') out.pop_back();
    return out;
  }
  std::vector<std::string> parts = split_path(scope);  // Namespace/type/name[/type/name]
  if (parts.size() < 3 || parts.size() % 2 == 0)
    throw TemplateFailure{"\"scope\" must be a resource id or Namespace/type/name, got '" + scope + "'", p};
  std::string id = s.resource_group_id() + "/providers/" + parts[0];
  for (size_t i = 1; i < parts.size(); ++i) id += "/" + parts[i];
  return id;
}

void declare_one(TemplateScope& s, const json& decl, const std::string& pointer, int parent,
                 const std::vector<CopyFrame>& inherited) {
  if (!decl.is_object()) throw TemplateFailure{"A resource must be an object", pointer};
  EvalFrame f;
  f.reference_forbidden_reason = "in a resource's name, type, apiVersion, condition or copy";
  f.copies = inherited;
  std::optional<CopyInfo> copy = read_copy(s, decl, pointer, f);
  int instances = copy ? copy->count : 1;
  for (int k = 0; k < instances; ++k) {
    f.copies = inherited;
    if (copy) f.copies.push_back({copy->name, k, true});
    DeclaredResource d;
    d.pointer = pointer;
    d.copies = f.copies;
    d.parent = parent;
    if (copy) {
      d.copy = copy;
      d.copy->index = k;
    }
    if (decl.contains("condition")) {
      std::string p = pointer_append(pointer, "condition");
      json cond = s.eval_value(decl["condition"], p, f);
      if (!cond.is_boolean())
        throw TemplateFailure{
            "\"condition\" must be a boolean known before deployment, got " + type_name(cond), p};
      d.enabled = cond.get<bool>();
    }
    d.type = eval_text(s, decl, "type", pointer, f);
    d.name = eval_text(s, decl, "name", pointer, f);
    d.api_version = eval_text(s, decl, "apiVersion", pointer, f);
    if (parent >= 0) {
      const DeclaredResource& up = s.resources[parent];
      d.enabled = d.enabled && up.enabled;
      if (split_path(d.type).size() == 1) {  // relative to the parent
        d.type = up.type + "/" + d.type;
        d.name = up.name + "/" + d.name;
      }
    }
    std::string prefix = s.resource_group_id();
    if (decl.contains("scope"))
      prefix = scoped_prefix(s, eval_text(s, decl, "scope", pointer, f), pointer_append(pointer, "scope"));
    std::string error;
    d.id = make_resource_id(prefix, d.type, {d.name}, error);
    if (d.id.empty())
      throw TemplateFailure{"The name '" + d.name + "' does not fit: " + error,
                            pointer_append(pointer, "name")};
    for (const auto& other : s.resources)
      if (d.enabled && other.enabled && iequals(other.id, d.id))
        throw TemplateFailure{
            "Two resources have the id " + d.id + " (the other is " + arm_path(other.pointer) + ")",
            pointer_append(pointer, "name")};
    s.resources.push_back(d);
    int self = static_cast<int>(s.resources.size()) - 1;
    if (auto children = decl.find("resources"); children != decl.end()) {
      if (!children->is_array())
        throw TemplateFailure{"Nested \"resources\" must be an array", pointer_append(pointer, "resources")};
      for (size_t j = 0; j < children->size(); ++j)
        declare_one(s, (*children)[j],
                    pointer_append(pointer_append(pointer, "resources"), std::to_string(j)), self, f.copies);
    }
  }
}

std::string id_tail(const DeclaredResource& r) {  // Namespace/type/name/type/name
  size_t at = r.id.rfind("/providers/");
  return at == std::string::npos ? r.id : r.id.substr(at + 11);
}

std::vector<int> resolve_dependency(TemplateScope& s, const std::string& text, const std::string& p) {
  std::vector<int> out;
  bool any = false;
  for (size_t i = 0; i < s.resources.size(); ++i) {
    const DeclaredResource& r = s.resources[i];
    bool match = text.rfind("/", 0) == 0
                     ? iequals(r.id, text)
                     : iequals(r.name, text) || iequals(r.type + "/" + r.name, text) ||
                           iequals(id_tail(r), text) || (r.copy && iequals(r.copy->name, text)) ||
                           (r.parent >= 0 && iequals(r.name.substr(r.name.rfind('/') + 1), text));
    if (!match) continue;
    any = true;
    if (r.enabled) out.push_back(static_cast<int>(i));
  }
  if (!any)
    throw TemplateFailure{"dependsOn '" + text + "' names no resource or copy loop of this template", p};
  return out;
}

json evaluate_body(TemplateScope& s, const DeclaredResource& d, const json& decl, EvalFrame& f) {
  json body = json::object();
  bool nested_inner = iequals(d.type, "Microsoft.Resources/deployments") && decl.contains("properties") &&
                      decl["properties"].is_object() &&
                      iequals(decl["properties"].value(
                                  json::json_pointer("/expressionEvaluationOptions/scope"), std::string()),
                              "inner");
  for (auto it = decl.begin(); it != decl.end(); ++it) {
    const std::string& key = it.key();
    if (std::find(kMetaKeys.begin(), kMetaKeys.end(), key) != kMetaKeys.end()) continue;
    std::string p = pointer_append(d.pointer, key);
    if (key == "name")
      body[key] = d.name;
    else if (key == "type")
      body[key] = d.type;
    else if (key == "properties" && nested_inner) {
      json props = json::object();
      for (auto pit = it->begin(); pit != it->end(); ++pit)
        props[pit.key()] = pit.key() == "template"
                               ? pit.value()
                               : s.eval_value(pit.value(), pointer_append(p, pit.key()), f);
      body[key] = props;
    } else {
      body[key] = s.eval_value(it.value(), p, f, key != "copy");
    }
  }
  return body;
}

}  // namespace

void declare_resources(TemplateScope& s) {
  s.resources.clear();
  const json& list = s.tmpl.document["resources"];
  for (size_t i = 0; i < list.size(); ++i) declare_one(s, list[i], "/resources/" + std::to_string(i), -1, {});
}

ExpandedResource evaluate_declared(TemplateScope& s, size_t index, ResourceResolver* resolver) {
  const DeclaredResource& d = s.resources.at(index);
  const json& decl = s.tmpl.document.at(json::json_pointer(d.pointer));
  std::set<std::string> refs;
  EvalFrame f;
  f.copies = d.copies;
  f.allow_reference = true;
  f.resolver = resolver;
  f.references = &refs;
  ExpandedResource out;
  out.id = d.id;
  out.type = d.type;
  out.name = d.name;
  out.api_version = d.api_version;
  out.declaration_path = arm_path(d.pointer);
  out.copy = d.copy;
  out.body = evaluate_body(s, d, decl, f);
  out.sensitive = f.touched_secure;
  if (out.body.contains("location") && out.body["location"].is_string()) out.location = out.body["location"];

  std::vector<int> deps;
  if (auto it = decl.find("dependsOn"); it != decl.end()) {
    std::string p = pointer_append(d.pointer, "dependsOn");
    if (!it->is_array()) throw TemplateFailure{"\"dependsOn\" must be an array", p};
    EvalFrame df;
    df.copies = d.copies;
    df.reference_forbidden_reason = "in dependsOn";
    for (size_t i = 0; i < it->size(); ++i) {
      std::string ep = pointer_append(p, std::to_string(i));
      json entry = s.eval_value((*it)[i], ep, df);
      if (!entry.is_string())
        throw TemplateFailure{"A dependsOn entry must be a string, got " + type_name(entry), ep};
      for (int r : resolve_dependency(s, entry.get<std::string>(), ep)) deps.push_back(r);
    }
  }
  if (d.parent >= 0 && s.resources[d.parent].enabled) deps.push_back(d.parent);
  if (d.copy && d.copy->serial && d.copy->index >= d.copy->batch_size) {
    int batch_start = (d.copy->index / d.copy->batch_size - 1) * d.copy->batch_size;
    for (size_t i = 0; i < s.resources.size(); ++i) {
      const auto& r = s.resources[i];
      if (r.pointer == d.pointer && r.copy && r.copy->index >= batch_start &&
          r.copy->index < batch_start + d.copy->batch_size && r.enabled)
        deps.push_back(static_cast<int>(i));
    }
  }
  for (const auto& id : refs) deps.push_back(s.find_resource(id));
  std::sort(deps.begin(), deps.end());
  deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
  for (int r : deps)
    if (r >= 0 && r != static_cast<int>(index)) out.depends_on.push_back(s.resources[r].id);
  return out;
}

}  // namespace forma::azure::tmpl
