#include "engine/apply/connection.h"

#include <fstream>
#include <sstream>

#include "engine/base/text.h"
#include "engine/remote/host_key.h"

namespace forma::apply {
namespace {

const std::vector<std::string> kArguments = {
    "type",         "host",          "port",           "user",          "password",
    "private_key",  "passphrase",    "host_key",       "known_hosts_file", "timeout",
    "script_path",  "agent",         "bastion_host",   "bastion_port",  "bastion_user",
    "bastion_password", "bastion_private_key", "bastion_host_key", "target_platform"};

Status string_arg(const json& c, const char* name, std::string& out) {
  if (!c.contains(name) || c[name].is_null()) return Status::ok();
  if (c[name].is_string()) out = c[name].get<std::string>();
  else if (c[name].is_number() || c[name].is_boolean()) out = c[name].dump();
  else return Status::error(std::string("connection.") + name + " must be a string");
  return Status::ok();
}

Status port_arg(const json& c, const char* name, int& out) {
  if (!c.contains(name) || c[name].is_null()) return Status::ok();
  const json& v = c[name];
  long long n = -1;
  if (v.is_number_integer()) n = v.get<long long>();
  else if (v.is_string()) {
    try {
      size_t used = 0;
      n = std::stoll(v.get<std::string>(), &used);
      if (used != v.get<std::string>().size()) n = -1;
    } catch (...) {
    }
  }
  if (n < 1 || n > 65535) return Status::error(std::string("connection.") + name + " must be a port number from 1 to 65535");
  out = static_cast<int>(n);
  return Status::ok();
}

std::string expand_home(const std::string& path) {
  if (path.rfind("~/", 0) != 0) return path;
  const char* home = std::getenv("HOME");
  return home ? std::string(home) + path.substr(1) : path;
}

}  // namespace

std::vector<ConnectionTarget> targets_of_nodes(const json& nodes) {
  std::vector<ConnectionTarget> out;
  if (!nodes.is_array()) return out;
  for (const auto& n : nodes) {
    if (!n.is_object() || !n.contains("ip_address") || !n["ip_address"].is_string()) continue;
    ConnectionTarget t;
    t.node_id = n.value("node_id", std::string());
    t.host = n["ip_address"].get<std::string>();
    if (n.contains("port") && n["port"].is_number_integer()) t.port = n["port"].get<int>();
    out.push_back(t);
  }
  return out;
}

Status parse_connection(const json& c, const json& self, Connection& out) {
  if (!c.is_object()) return Status::error("the connection block must be an object");
  for (const auto& [k, v] : c.items())
    if (std::find(kArguments.begin(), kArguments.end(), k) == kArguments.end())
      return Status::error("connection has no argument " + quote(k) + "." + did_you_mean(k, kArguments));
  if (contains_unknown(c)) return Status::error("the connection depends on values that are not known");
  std::string type = "ssh", host, timeout = "5m", known_hosts_file, host_key;
  auto& o = out.options;
  int port = 22;
  o.target.credentials.user = "root";
  for (Status s : {string_arg(c, "type", type), string_arg(c, "host", host), port_arg(c, "port", port),
                   string_arg(c, "user", o.target.credentials.user),
                   string_arg(c, "password", o.target.credentials.password),
                   string_arg(c, "private_key", o.target.credentials.private_key),
                   string_arg(c, "passphrase", o.target.credentials.passphrase), string_arg(c, "host_key", host_key),
                   string_arg(c, "known_hosts_file", known_hosts_file), string_arg(c, "timeout", timeout),
                   string_arg(c, "script_path", out.script_path)})
    if (!s) return s;
  if (type != "ssh") return Status::error("connection type " + quote(type) + " is not supported; forma connects with \"ssh\"");
  auto ms = parse_duration_ms(timeout);
  if (!ms) return Status::error("connection.timeout " + quote(timeout) + " is not a duration such as \"30s\" or \"5m\"");
  o.timeout = std::chrono::milliseconds(*ms);
  if (!host_key.empty()) {
    if (!remote::parse_public_key(host_key))
      return Status::error("connection.host_key is not an OpenSSH public key line (\"ssh-ed25519 AAAA...\")");
    out.host_keys.push_back(host_key);
  }
  if (!known_hosts_file.empty()) {
    std::ifstream in(expand_home(known_hosts_file));
    if (!in) return Status::error("cannot read connection.known_hosts_file " + quote(known_hosts_file));
    std::ostringstream text;
    text << in.rdbuf();
    out.known_hosts_text = text.str();
  }
  if (!host.empty()) {
    out.targets.push_back(ConnectionTarget{"", host, port});
  } else {
    const json nodes = self.is_object() ? self.value("nodes", json()) : json();
    out.targets = targets_of_nodes(nodes);
    // An object that lists its nodes and has none now (a pool scaled to zero)
    // gives no targets; one that lists none is a connection without a host.
    if (out.targets.empty() && !(nodes.is_array() && nodes.empty()))
      return Status::error("the connection has no host, and the object has no nodes to connect to");
  }
  std::string bastion_host;
  if (Status s = string_arg(c, "bastion_host", bastion_host); !s) return s;
  if (!bastion_host.empty()) {
    remote::Hop b;
    b.host = bastion_host;
    b.port = port;
    b.credentials = o.target.credentials;
    std::string bastion_key;
    for (Status s : {port_arg(c, "bastion_port", b.port), string_arg(c, "bastion_user", b.credentials.user),
                     string_arg(c, "bastion_password", b.credentials.password),
                     string_arg(c, "bastion_private_key", b.credentials.private_key),
                     string_arg(c, "bastion_host_key", bastion_key)})
      if (!s) return s;
    if (!bastion_key.empty()) {
      if (!remote::parse_public_key(bastion_key))
        return Status::error("connection.bastion_host_key is not an OpenSSH public key line (\"ssh-ed25519 AAAA...\")");
      b.host_key.expected.push_back(bastion_key);
      out.bastion_host_key_configured = true;
    }
    o.bastion = b;
  }
  return Status::ok();
}

remote::HostKeyPolicy host_key_policy(const Connection& c, const std::string& host, int port, const json& recorded,
                                      bool first_use) {
  remote::HostKeyPolicy p;
  p.expected = c.host_keys;
  if (p.expected.empty() && !c.known_hosts_text.empty())
    for (const auto& k : remote::known_hosts_keys(c.known_hosts_text, host, port)) p.expected.push_back(k.openssh());
  std::string endpoint = host + ":" + std::to_string(port);
  if (p.expected.empty() && recorded.is_object() && recorded.contains(endpoint) && recorded[endpoint].is_string())
    p.expected.push_back(recorded[endpoint].get<std::string>());
  p.trust_on_first_use = p.expected.empty() && first_use;
  return p;
}

}  // namespace forma::apply
