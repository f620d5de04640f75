#include "engine/apply/provisioners.h"

#include <fstream>
#include <sstream>
#include <thread>

#include "engine/apply/connection.h"
#include "engine/base/text.h"

namespace forma::apply {
namespace {

struct Step {
  enum Kind { Script, Upload } kind;
  std::string content;      // script text, or file content (for content=)
  std::string source;       // local path to upload (file provisioner with source)
  std::string destination;  // remote path (uploads)
};

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char ch : s) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

Status read_local(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return Status::ok();
}

Status string_list(const json& v, const char* name, std::vector<std::string>& out) {
  if (v.is_string()) {
    out.push_back(v.get<std::string>());
    return Status::ok();
  }
  if (!v.is_array()) return Status::error(std::string(name) + " must be a list of strings");
  for (const auto& e : v) {
    if (!e.is_string()) return Status::error(std::string(name) + " must be a list of strings");
    out.push_back(e.get<std::string>());
  }
  return Status::ok();
}

Status steps_of(const plan::ProvisionerCall& call, std::vector<Step>& steps) {
  const json& a = call.arguments;
  if (call.type == "remote-exec") {
    int given = a.contains("inline") + a.contains("script") + a.contains("scripts");
    if (given != 1) return Status::error("remote-exec needs exactly one of inline, script or scripts");
    if (a.contains("inline")) {
      std::vector<std::string> lines;
      if (Status s = string_list(a["inline"], "inline", lines); !s) return s;
      std::string text;
      for (const auto& l : lines) text += l + "\n";
      steps.push_back({Step::Script, text, "", ""});
      return Status::ok();
    }
    std::vector<std::string> files;
    if (Status s = string_list(a.contains("script") ? a["script"] : a["scripts"], "scripts", files); !s) return s;
    for (const auto& f : files) {
      Step st{Step::Script, "", "", ""};
      if (Status s = read_local(f, st.content); !s) return s;
      steps.push_back(std::move(st));
    }
    return Status::ok();
  }
  if (call.type == "file") {
    if (!a.contains("destination") || !a["destination"].is_string())
      return Status::error("file needs a destination");
    if (a.contains("source") == a.contains("content")) return Status::error("file needs either source or content");
    Step st{Step::Upload, "", "", a["destination"].get<std::string>()};
    if (a.contains("content")) st.content = a["content"].is_string() ? a["content"].get<std::string>() : a["content"].dump();
    else if (a["source"].is_string()) st.source = a["source"].get<std::string>();
    else return Status::error("file source must be a path");
    steps.push_back(std::move(st));
    return Status::ok();
  }
  return Status::error(call.type + " provisioners are not supported; use remote-exec or file");
}

std::string script_path(const std::string& pattern) {
  std::string path = pattern;
  auto at = path.find("%RAND%");
  if (at != std::string::npos) path.replace(at, 6, random_uuid().substr(0, 8));
  return path;
}

class TargetRun {
 public:
  TargetRun(ProvisioningRun& run, std::mutex& mu, const plan::ProvisionerCall& call, const Connection& c,
            const ConnectionTarget& t, bool many)
      : run_(run), mu_(mu), call_(call), c_(c), t_(t), label_(many ? t.node_id.empty() ? t.endpoint() : t.node_id : "") {}

  // "" on success, else why not.
  std::string operator()(const std::vector<Step>& steps) {
    remote::ConnectOptions o = c_.options;
    o.target.host = t_.host;
    o.target.port = t_.port;
    json recorded;
    {
      std::lock_guard lock(mu_);
      recorded = run_.host_keys;
    }
    o.target.host_key = host_key_policy(c_, t_.host, t_.port, recorded, run_.first_use);
    if (o.bastion && !c_.bastion_host_key_configured)
      o.bastion->host_key = host_key_policy(Connection{}, o.bastion->host, o.bastion->port, recorded, run_.first_use);
    Status st;
    auto session = run_.communicator->connect(o, st);
    if (!session) return st.message();
    record(t_.endpoint(), o.target.host_key, session->host_key());
    if (o.bastion) record(o.bastion->host + ":" + std::to_string(o.bastion->port), o.bastion->host_key, "");
    for (const auto& step : steps)
      if (std::string e = run_step(*session, step); !e.empty()) return e;
    return "";
  }

 private:
  void record(const std::string& endpoint, const remote::HostKeyPolicy& policy, const std::string& key) {
    if (!policy.trust_on_first_use || key.empty()) return;
    std::lock_guard lock(mu_);
    run_.host_keys[endpoint] = key;
  }

  std::string run_step(remote::Session& s, const Step& step) {
    if (step.kind == Step::Upload) {
      Status st = step.source.empty() ? s.upload(step.content, step.destination)
                                      : remote::upload_path(s, step.source, step.destination);
      return st ? "" : st.message();
    }
    std::string path = script_path(c_.script_path);
    if (Status st = s.upload(step.content, path, 0700); !st) return st.message();
    remote::ExecResult r;
    auto sink = [this](remote::Stream, std::string_view line) {
      if (run_.observer) run_.observer->provisioner_output(run_.address, call_.type, label_, std::string(line));
    };
    Status st = s.exec("/bin/sh " + shell_quote(path) + "; status=$?; rm -f " + shell_quote(path) + "; exit $status",
                       sink, r);
    if (!st) return st.message();
    if (!r.exit_signal.empty()) return "the script was killed by signal " + r.exit_signal;
    if (r.exit_status != 0) return "the script exited with status " + std::to_string(r.exit_status);
    return "";
  }

  ProvisioningRun& run_;
  std::mutex& mu_;
  const plan::ProvisionerCall& call_;
  const Connection& c_;
  const ConnectionTarget& t_;
  std::string label_;
};

// Runs one provisioner on every target; "" or the first failure, naming the
// node. `no_targets`: the object has no nodes now, so nothing ran.
std::string run_call(ProvisioningRun& run, const plan::ProvisionerCall& call, const json& self, bool& no_targets) {
  Connection c;
  if (Status s = parse_connection(call.connection, self, c); !s) return s.message();
  no_targets = c.targets.empty();
  std::vector<Step> steps;
  if (Status s = steps_of(call, steps); !s) return s.message();
  std::mutex mu;
  bool many = c.targets.size() > 1;
  std::vector<std::string> errors(c.targets.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < c.targets.size(); ++i)
    threads.emplace_back([&, i] { errors[i] = TargetRun(run, mu, call, c, c.targets[i], many)(steps); });
  for (auto& t : threads) t.join();
  std::string out;
  for (size_t i = 0; i < errors.size(); ++i) {
    if (errors[i].empty()) continue;
    std::string who = c.targets[i].node_id.empty() ? "" : "node " + c.targets[i].node_id + ": ";
    out += (out.empty() ? "" : "; ") + (many ? who : "") + errors[i];
  }
  return out;
}

}  // namespace

bool run_provisioners(ProvisioningRun& run, const std::vector<plan::ProvisionerCall>& calls, const json& self,
                      Diagnostics& diags) {
  for (const auto& call : calls) {
    bool no_targets = false;
    std::string error = run.communicator ? run_call(run, call, self, no_targets) : "no SSH communicator is available";
    if (error.empty() && no_targets) {
      // A pool scaled to zero (or inside its scale-to-zero hours) is sound:
      // failing would taint it, and the next plan would replace it for nothing.
      diags.push_back(Diagnostic::warning(
          "Provisioner " + call.type + " of " + run.address + " ran on no node",
          run.address + " has no nodes now (scaled to zero, or in its scale-to-zero hours), so nothing was run; "
              "nodes that start later do not run it. Run it on them with `forma nodes exec " + run.address +
              " -- ...`, or give the nodes a setup task that each one runs when it starts.",
          call.range, call.json_path));
      continue;
    }
    if (error.empty()) continue;
    std::string summary = "Provisioner " + call.type + " of " + run.address + " failed";
    if (call.continue_on_failure) {
      diags.push_back(Diagnostic::warning(summary, error + " (on_failure = \"continue\": the apply goes on)", call.range,
                                          call.json_path));
      continue;
    }
    diags.push_back(Diagnostic::error(summary, error, call.range, call.json_path));
    return false;
  }
  return true;
}

}  // namespace forma::apply
