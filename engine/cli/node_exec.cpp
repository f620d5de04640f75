#include "engine/cli/node_exec.h"

#include <thread>

namespace forma::cli {
namespace {

remote::ConnectOptions options_for(const apply::Connection& c, const apply::ConnectionTarget& t, const json& recorded) {
  remote::ConnectOptions o = c.options;
  o.target.host = t.host;
  o.target.port = t.port;
  o.target.host_key = apply::host_key_policy(c, t.host, t.port, recorded, /*first_use=*/true);
  if (o.bastion && !c.bastion_host_key_configured)
    o.bastion->host_key = apply::host_key_policy(apply::Connection{}, o.bastion->host, o.bastion->port, recorded, true);
  return o;
}

NodeOutcome run_one(remote::Communicator& comm, const apply::Connection& c, const apply::ConnectionTarget& t,
                    const std::string& command, const json& recorded, const NodeLineSink& sink) {
  NodeOutcome out{t.node_id.empty() ? t.endpoint() : t.node_id, t.endpoint(), "", -1, ""};
  auto o = options_for(c, t, recorded);
  Status st;
  auto session = comm.connect(o, st);
  if (!session) {
    out.error = st.message();
    return out;
  }
  if (o.target.host_key.trust_on_first_use) out.first_use_key = session->host_key();
  remote::ExecResult r;
  st = session->exec(command, [&](remote::Stream s, std::string_view line) { sink(out.node_id, s, line); }, r);
  if (!st) {
    out.error = st.message();
    return out;
  }
  out.exit_status = r.exit_status;
  if (!r.exit_signal.empty()) out.error = "killed by signal " + r.exit_signal;
  else if (r.exit_status != 0) out.error = "exit status " + std::to_string(r.exit_status);
  return out;
}

}  // namespace

std::vector<NodeOutcome> exec_on_nodes(remote::Communicator& comm, const apply::Connection& connection,
                                       const std::vector<apply::ConnectionTarget>& targets, const std::string& command,
                                       const json& recorded, const NodeLineSink& sink) {
  std::vector<NodeOutcome> out(targets.size());
  std::vector<std::thread> threads;
  for (size_t i = 0; i < targets.size(); ++i)
    threads.emplace_back([&, i] { out[i] = run_one(comm, connection, targets[i], command, recorded, sink); });
  for (auto& t : threads) t.join();
  return out;
}

Status node_host_key(remote::Communicator& comm, const apply::Connection& connection,
                     const apply::ConnectionTarget& target, const json& recorded, std::string& key, bool& first_use) {
  auto o = options_for(connection, target, recorded);
  o.host_key_only = true;
  Status st;
  auto session = comm.connect(o, st);
  if (!session) return st;
  key = session->host_key();
  first_use = o.target.host_key.trust_on_first_use;
  return Status::ok();
}

}  // namespace forma::cli
