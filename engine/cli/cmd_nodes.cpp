// forma nodes list|exec|ssh: refresh one cluster or pool resource, then show
// its nodes, run a command on them over SSH, or open an interactive ssh.
#include <fstream>
#include <mutex>
#include <sstream>

#include "engine/apply/connection.h"
#include "engine/apply/executor.h"
#include "engine/base/text.h"
#include "engine/cli/commands.h"
#include "engine/cli/node_exec.h"
#include "engine/cli/nodes_command.h"
#include "engine/cli/system_ssh.h"
#include "engine/graph/address.h"
#include "engine/plan/planner.h"
#include "engine/remote/host_key.h"

namespace forma::cli {
namespace {

std::optional<state::ResourceObject> find_object(state::Store& store, const std::string& address) {
  for (auto& o : store.resources())
    if (o.address == address && o.deposed.empty()) return o;
  return std::nullopt;
}

// A refresh-only run targeted at the resource: it reads the object through
// read_resource, records it, and evaluates its connection block.
bool refresh(Session& s, const std::string& address, json& connection) {
  plan::RunOptions options;
  options.refresh_only = true;
  options.targets = {address};
  options.evaluate_connections = true;
  options.cancel = &s.cancel();
  plan::RunInputs in = run_inputs(s, options);
  apply::StateExecutor executor(*s.store(), nullptr, "nodes");
  in.executor = &executor;
  auto result = plan::run(std::move(in));
  if (executor.changed()) (void)s.store()->bump_serial();
  if (s.report(result.plan.diags) || executor.store_failed()) return false;
  auto it = result.connections.find(address);
  connection = it == result.connections.end() ? json::object() : it->second;
  return true;
}

// "-" for what a node does not have: an address or port 0 means no SSH endpoint.
std::string cell(const json& v) {
  if (v.is_null() || v == json("") || v == json(0)) return "-";
  return v.is_string() ? v.get<std::string>() : v.dump();
}

std::string node_table(const json& nodes) {
  std::vector<std::vector<std::string>> rows = {{"NODE ID", "IP", "PORT", "STATE"}};
  for (const auto& n : nodes)
    rows.push_back({cell(n.value("node_id", json())), cell(n.value("ip_address", json())), cell(n.value("port", json())),
                    cell(n.value("state", json()))});
  std::vector<size_t> width(4, 0);
  for (const auto& r : rows)
    for (size_t i = 0; i < 4; ++i) width[i] = std::max(width[i], r[i].size());
  std::string out;
  for (const auto& r : rows) {
    std::string line;
    for (size_t i = 0; i < 4; ++i) line += r[i] + (i == 3 ? "" : std::string(width[i] - r[i].size() + 3, ' '));
    out += line + "\n";
  }
  return out;
}

Status read_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::error("cannot read " + quote(path));
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return Status::ok();
}

// The connection block with the command line's credentials over it. The
// hosts are the nodes, whatever host the block names.
Status credentials(const NodesCommand& c, json& conn, bool read_identity) {
  if (!conn.is_object()) conn = json::object();
  conn.erase("host");
  if (!c.user.empty()) conn["user"] = c.user;
  if (!c.identity_file.empty()) {
    std::string key;
    if (read_identity) {
      if (Status st = read_file(c.identity_file, key); !st) return st;
      conn["private_key"] = key;
    } else {
      conn.erase("private_key");
    }
  }
  if (!c.password_env.empty()) {
    const char* pw = std::getenv(c.password_env.c_str());
    if (!pw) return Status::error("the environment variable " + c.password_env + " (-password-env) is not set");
    conn["password"] = pw;
  }
  bool have = conn.value("private_key", json()).is_string() || conn.value("password", json()).is_string() ||
              !c.identity_file.empty();
  if (!have)
    return Status::error("no credentials for the nodes: give the resource a connection block, or -identity-file "
                         "or -password-env (and -user)");
  return Status::ok();
}

// Node `which` (an id or an index) of `targets`; all of them for "".
Status select_nodes(const std::vector<apply::ConnectionTarget>& targets, const std::string& which,
                    std::vector<apply::ConnectionTarget>& out) {
  if (which.empty()) {
    out = targets;
    return Status::ok();
  }
  for (size_t i = 0; i < targets.size(); ++i)
    if (targets[i].node_id == which || std::to_string(i) == which) {
      out = {targets[i]};
      return Status::ok();
    }
  std::string ids;
  for (const auto& t : targets) ids += (ids.empty() ? "" : ", ") + t.node_id;
  return Status::error("there is no node " + quote(which) + "; the nodes are " + (ids.empty() ? "none" : ids));
}

json recorded_keys(const state::ResourceObject& o) {
  return o.private_data.is_object() ? o.private_data.value("host_keys", json::object()) : json::object();
}

Status record_keys(Session& s, state::ResourceObject o, const std::map<std::string, std::string>& keys) {
  if (keys.empty()) return Status::ok();
  if (!o.private_data.is_object()) o.private_data = json::object();
  for (const auto& [endpoint, key] : keys) o.private_data["host_keys"][endpoint] = key;
  return s.store()->put(o);
}

void note_first_use(Session& s, const std::string& node, const std::string& key) {
  auto parsed = remote::parse_public_key(key);
  s.print_error("forma: trusting the host key of node " + node + " (" + (parsed ? parsed->fingerprint() : key) +
                ") on first use; it is recorded in state and verified from now on\n");
}

int exec(Session& s, const NodesCommand& c, remote::Communicator& comm, const state::ResourceObject& o,
         const apply::Connection& conn, const std::vector<apply::ConnectionTarget>& nodes) {
  if (c.command.empty()) return s.fail("No command", "Give the command after --: forma nodes exec ADDR -- hostname");
  std::string command;
  for (const auto& part : c.command) command += (command.empty() ? "" : " ") + part;
  std::mutex mu;
  auto outcomes = exec_on_nodes(comm, conn, nodes, command, recorded_keys(o),
                                [&](const std::string& node, remote::Stream stream, std::string_view line) {
                                  std::lock_guard lock(mu);
                                  std::string text = node + ": " + std::string(line) + "\n";
                                  stream == remote::Stream::Stdout ? s.print(text) : s.print_error(text);
                                });
  std::map<std::string, std::string> first_use;
  std::string failed;
  size_t failures = 0;
  for (const auto& n : outcomes) {
    if (!n.first_use_key.empty()) {
      first_use[n.endpoint] = n.first_use_key;
      note_first_use(s, n.node_id, n.first_use_key);
    }
    if (n.error.empty()) continue;
    ++failures;
    failed += (failed.empty() ? "" : "; ") + n.node_id + ": " + n.error;
  }
  if (Status st = record_keys(s, o, first_use); !st) return s.fail("Cannot record host keys in state", st.message());
  if (failures == 0) return kExitOk;
  return s.fail("The command failed on " + std::to_string(failures) + " of " + std::to_string(outcomes.size()) +
                    " nodes of " + c.address,
                failed);
}

int ssh(Session& s, const NodesCommand& c, remote::Communicator& comm, const state::ResourceObject& o,
        const apply::Connection& conn, const apply::ConnectionTarget& node) {
  std::string key;
  bool first_use = false;
  if (Status st = node_host_key(comm, conn, node, recorded_keys(o), key, first_use); !st)
    return s.fail("Cannot reach node " + node.node_id + " of " + c.address, st.message());
  if (first_use) {
    note_first_use(s, node.node_id, key);
    if (Status st = record_keys(s, o, {{node.endpoint(), key}}); !st)
      return s.fail("Cannot record the host key in state", st.message());
  }
  s.release_state();  // nothing else to record: an interactive session must not hold the lock
  SystemSsh r;
  r.host = node.host;
  r.port = node.port;
  r.user = conn.options.target.credentials.user;
  r.host_key = key;
  r.private_key = conn.options.target.credentials.private_key;
  r.identity_file = c.identity_file;
  r.password = conn.options.target.credentials.password;
  r.command = c.command;
  if (const char* program = std::getenv("FORMA_SSH")) r.program = program;
  int code = 0;
  if (Status st = run_system_ssh(r, code); !st) return s.fail("Cannot run ssh", st.message());
  return code;
}

}  // namespace

int cmd_nodes(Session& s, const NodesCommand& c, remote::Communicator& comm) {
  std::string error;
  auto addr = graph::parse_address(c.address, error);
  if (!addr || addr->data) return s.fail("Invalid address " + quote(c.address), addr ? "It names a data source." : error);
  if (!s.load_config(c.vars)) return kExitError;
  if (!s.root().find_resource(addr->local()))
    return s.fail("Resource " + addr->base() + " is not in the configuration");
  if (!s.open_state(c.state, true, "nodes " + c.verb)) return kExitError;
  if (!find_object(*s.store(), c.address))
    return s.fail(c.address + " is not in the state", "Apply the configuration first; forma nodes works on created objects.");
  json connection;
  if (!refresh(s, c.address, connection)) return kExitError;
  auto o = find_object(*s.store(), c.address);
  if (!o) return s.fail(c.address + " no longer exists", "The refresh found it deleted outside forma.");
  json nodes = o->attributes.value("nodes", json());
  if (!nodes.is_array()) return s.fail(c.address + " has no nodes", "forma nodes works on clusters and pools.");
  if (c.verb == "list") {
    s.print(nodes.empty() ? "No nodes.\n" : node_table(nodes));
    return kExitOk;
  }
  if (Status st = credentials(c, connection, c.verb == "exec"); !st) return s.fail("Cannot connect to the nodes", st.message());
  apply::Connection conn;
  if (Status st = apply::parse_connection(connection, o->attributes, conn); !st)
    return s.fail("Invalid connection for the nodes of " + c.address, st.message());
  std::vector<apply::ConnectionTarget> chosen;
  if (Status st = select_nodes(conn.targets, c.node, chosen); !st) return s.fail("No such node", st.message());
  if (chosen.empty())
    return s.fail(c.address + " has no nodes now",
                  "It is scaled to zero, or in its scale-to-zero hours; `forma nodes list " + c.address +
                      "` shows its nodes once it has some.");
  for (const auto& t : chosen)
    if (t.host.empty() || t.port <= 0)
      return s.fail("Node " + t.node_id + " of " + c.address + " has no SSH endpoint",
                    "Its scale set has no inbound NAT pool to port 22 behind a public IP (the DSVM template's "
                    "load balancer has none); add one, or reach the node another way.");
  if (c.verb == "exec") return exec(s, c, comm, *o, conn, chosen);
  return ssh(s, c, comm, *o, conn, chosen.front());
}

}  // namespace forma::cli
