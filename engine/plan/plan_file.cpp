#include "engine/plan/plan_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

namespace forma::plan {

namespace {

Action action_from(const std::string& s) {
  for (Action a : {Action::NoOp, Action::Create, Action::Read, Action::Update, Action::Replace, Action::Delete,
                   Action::Forget})
    if (s == to_string(a)) return a;
  throw std::runtime_error("unknown action \"" + s + "\"");
}

json change_to_json(const ResourceChange& c) {
  return json{{"address", c.address},
              {"deposed", c.deposed},
              {"mode", c.mode},
              {"type", c.type},
              {"name", c.name},
              {"provider", c.provider},
              {"action", to_string(c.action)},
              {"create_before_destroy", c.create_before_destroy},
              {"before", redact(c.before, c.sensitive_paths)},
              {"after", redact(c.after, c.sensitive_paths)},
              {"requires_replace", c.requires_replace},
              {"sensitive_paths", c.sensitive_paths},
              {"reason", c.reason},
              {"notes", c.notes},
              {"nested_changes", c.nested_changes}};
}

ResourceChange change_from_json(const json& j) {
  ResourceChange c;
  c.address = j.at("address").get<std::string>();
  c.deposed = j.value("deposed", "");
  c.mode = j.value("mode", "managed");
  c.type = j.at("type").get<std::string>();
  c.name = j.value("name", "");
  c.provider = j.value("provider", "");
  c.action = action_from(j.at("action").get<std::string>());
  c.create_before_destroy = j.value("create_before_destroy", false);
  c.before = j.value("before", json());
  c.after = j.value("after", json());
  c.requires_replace = j.value("requires_replace", std::vector<std::string>{});
  c.sensitive_paths = j.value("sensitive_paths", std::vector<std::string>{});
  c.reason = j.value("reason", "");
  c.notes = j.value("notes", std::vector<std::string>{});
  c.nested_changes = j.value("nested_changes", json::array());
  return c;
}

}  // namespace

json plan_to_json(const Plan& plan) {
  json changes = json::array();
  for (const auto& c : plan.changes) changes.push_back(change_to_json(c));
  json outputs = json::array();
  for (const auto& o : plan.outputs)
    outputs.push_back({{"name", o.name},
                       {"action", to_string(o.action)},
                       {"sensitive", o.sensitive},
                       {"before", o.sensitive ? json("(sensitive value)") : o.before},
                       {"after", o.sensitive ? json("(sensitive value)") : o.after}});
  return json{{"lineage", plan.lineage}, {"serial", plan.serial},   {"destroy", plan.destroy},
              {"refresh_only", plan.refresh_only}, {"changes", changes}, {"outputs", outputs},
              {"drift", plan.drift}};
}

Status write_plan_file(const std::string& path, const PlanFile& f) {
  json doc = {{"format", "forma-plan"},
              {"format_version", PlanFile::kFormatVersion},
              {"config_hash", f.config_hash},
              {"variables", f.variables},
              {"sensitive_variables", f.sensitive_variables},
              {"options",
               {{"refresh", f.options.refresh},
                {"refresh_only", f.options.refresh_only},
                {"destroy", f.options.destroy},
                {"targets", f.options.targets},
                {"excludes", f.options.excludes},
                {"replace", f.options.replace}}},
              {"plan", plan_to_json(f.plan)}};
  if (!f.source.is_null()) doc["source"] = f.source;
  // Write a temporary file and rename it, so a crash never leaves half a plan.
  std::string tmp = path + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) return Status::error("cannot write plan file \"" + path + "\": " + std::strerror(errno));
  std::string text = doc.dump(2) + "\n";
  bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok || std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return Status::error("cannot write plan file \"" + path + "\"");
  }
  return Status::ok();
}

std::optional<PlanFile> read_plan_file(const std::string& path, Status& status) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    status = Status::error("cannot read plan file \"" + path + "\": " + std::strerror(errno));
    return std::nullopt;
  }
  std::stringstream ss;
  ss << in.rdbuf();
  try {
    json doc = json::parse(ss.str(), nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object() || doc.value("format", "") != "forma-plan") {
      status = Status::error("\"" + path + "\" is not a forma plan file; create one with `forma plan -out " + path + "`");
      return std::nullopt;
    }
    int version = doc.value("format_version", 0);
    if (version > PlanFile::kFormatVersion) {
      status = Status::error("plan file \"" + path + "\" was written by a newer forma (format " +
                             std::to_string(version) + "); use that version to apply it");
      return std::nullopt;
    }
    PlanFile f;
    f.config_hash = doc.at("config_hash").get<std::string>();
    f.variables = doc.at("variables").get<std::map<std::string, json>>();
    f.sensitive_variables = doc.at("sensitive_variables").get<std::vector<std::string>>();
    f.source = doc.value("source", json());
    const json& o = doc.at("options");
    f.options.refresh = o.at("refresh").get<bool>();
    f.options.refresh_only = o.at("refresh_only").get<bool>();
    f.options.destroy = o.at("destroy").get<bool>();
    f.options.targets = o.at("targets").get<std::vector<std::string>>();
    f.options.excludes = o.at("excludes").get<std::vector<std::string>>();
    f.options.replace = o.at("replace").get<std::vector<std::string>>();
    const json& p = doc.at("plan");
    f.plan.lineage = p.at("lineage").get<std::string>();
    f.plan.serial = p.at("serial").get<int64_t>();
    f.plan.destroy = p.value("destroy", false);
    f.plan.refresh_only = p.value("refresh_only", false);
    for (const auto& c : p.at("changes")) f.plan.changes.push_back(change_from_json(c));
    for (const auto& oc : p.at("outputs"))
      f.plan.outputs.push_back(OutputChange{oc.at("name").get<std::string>(), action_from(oc.at("action").get<std::string>()),
                                            oc.value("before", json()), oc.value("after", json()),
                                            oc.value("sensitive", false)});
    f.plan.drift = p.value("drift", std::vector<std::string>{});
    return f;
  } catch (const std::exception&) {
    // The library's message names its own internals, not anything the user can act on.
    status = Status::error("plan file \"" + path + "\" is damaged: a field is missing or has the wrong type; "
                           "create it again with `forma plan -out " + path + "`");
    return std::nullopt;
  }
}

}  // namespace forma::plan
