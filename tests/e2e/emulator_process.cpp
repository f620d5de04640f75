#include "tests/e2e/emulator_process.h"

#include <httplib.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <ctime>
#include <fstream>
#include <random>
#include <sstream>
#include <thread>

namespace forma::e2e {
namespace fs = std::filesystem;

const char* kTestPublicKey =
    "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCod4SXpzMG18eOpPAHk9X55Wolw07gRJnt4wnSiVNgomb4GRpi4PpUU9NoZ/SP"
    "LWwrmTaLk6L5J8QCydVgkNz4fzNRtnoBFScCR+eRLS+FxUZICFBPak25zBTPJNUIQok2tMMCDHE4/Bj3WPlPJ0+r/NTBx9PSrZUs"
    "sDYXX2HSKJSmhQYbjyfCV1jKvhj+4iggFu5r976EbYRPxR3GsFvpWXj8zWJ07iP8Z9FnWrj78EZHAC+CPG+1ReGVv5EJxgNB+Bg2"
    "u7UooWg6dH/vJx1y/wth7uE8bm8H+AbIOUyesmqpS0Yok9Sy0h6f/Pi2jedCK3Z3VpiKUoPoF7OPAjZ1 forma-e2e\n";
namespace {

std::string slurp(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `export KEY='value'` lines -> KEY=value.
std::vector<std::string> parse_credentials(const std::string& text) {
  std::vector<std::string> env;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("export ", 0) == 0) line = line.substr(7);
    auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    std::string value = line.substr(eq + 1);
    if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') value = value.substr(1, value.size() - 2);
    env.push_back(line.substr(0, eq) + "=" + value);
  }
  return env;
}

std::string env_value(const std::vector<std::string>& env, const std::string& key) {
  for (const auto& e : env)
    if (e.rfind(key + "=", 0) == 0) return e.substr(key.size() + 1);
  return "";
}

}  // namespace

std::vector<std::string> clock_start_tomorrow_at(int hour) {
  const time_t tomorrow = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now()) + 24 * 3600;
  std::tm tm{};
  gmtime_r(&tomorrow, &tm);
  tm.tm_hour = hour;
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:00:00Z", &tm);
  return {"--clock-start", text};
}

EmulatorProcess::EmulatorProcess(EmulatorOptions options) : options_(std::move(options)) {
  std::random_device rd;
  data_dir_ = fs::temp_directory_path() / ("forma-emulator-" + std::to_string(::getpid()) + "-" + std::to_string(rd()));
  fs::create_directories(data_dir_);
  const fs::path out = data_dir_ / "stdout.log", err = data_dir_ / "stderr.log";
  std::vector<std::string> args = {std::string(FORMA_BIN_DIR) + "/forma-azure-emulator",
                                   "--listen", "127.0.0.1:0", "--data", data_dir_.string(),
                                   "--seed", std::to_string(options_.seed),
                                   "--provisioning-ms", std::to_string(options_.provisioning_ms)};
  if (!options_.faults.empty()) args.insert(args.end(), {"--faults", options_.faults});
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  pid_ = fork();
  if (pid_ == 0) {
    FILE* o = freopen(out.c_str(), "w", stdout);
    FILE* e = freopen(err.c_str(), "w", stderr);
    if (!o || !e) _exit(127);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    const std::string text = slurp(out);
    if (auto at = text.find("ready https://"); at != std::string::npos && text.find('\n', at) != std::string::npos) {
      std::istringstream line(text.substr(at + 6));
      line >> endpoint_;
      break;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "forma-azure-emulator exited before it was ready: " + slurp(err);
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (endpoint_.empty()) {
    error_ = "forma-azure-emulator printed no ready line within 60 s: " + slurp(err);
    stop();
    return;
  }
  env_ = parse_credentials(slurp(data_dir_ / "credentials.env"));
  const std::string host_port = endpoint_.substr(std::string("https://").size());
  host_ = host_port.substr(0, host_port.find(':'));
  port_ = std::stoi(host_port.substr(host_port.find(':') + 1));
}

EmulatorProcess::~EmulatorProcess() {
  stop();
  std::error_code ec;
  fs::remove_all(data_dir_, ec);
}

void EmulatorProcess::stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  for (int i = 0; i < 500 && waitpid(pid_, &status, WNOHANG) == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  if (waitpid(pid_, &status, WNOHANG) == 0) {  // did not stop within 5 s
    kill(pid_, SIGKILL);
    waitpid(pid_, &status, 0);
  }
  pid_ = -1;
}

json EmulatorProcess::admin(const std::string& method, const std::string& path, const json& body) const {
  httplib::SSLClient client(host_, port_);
  client.set_ca_cert_path((data_dir_ / "ca.pem").c_str());
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(30, 0);
  httplib::Result res = method == "GET"    ? client.Get(path.c_str())
                        : method == "PUT"  ? client.Put(path.c_str(), body.dump(), "application/json")
                                           : client.Post(path.c_str(), body.is_null() ? "" : body.dump(), "application/json");
  if (!res) return nullptr;
  return json::parse(res->body, nullptr, false);
}

std::vector<std::string> EmulatorProcess::resource_ids() const {
  json listed = admin("GET", "/_emulator/resources", nullptr);
  std::vector<std::string> ids;
  if (listed.is_object() && listed["value"].is_array())
    for (const auto& id : listed["value"]) ids.push_back(id.get<std::string>());
  return ids;
}

bool EmulatorProcess::set_faults(const json& faults) const { return !admin("PUT", "/_emulator/faults", faults).is_discarded(); }

json EmulatorProcess::arm(const std::string& method, const std::string& path_and_query, const json& body,
                          int* status) const {
  httplib::SSLClient client(host_, port_);
  client.set_ca_cert_path((data_dir_ / "ca.pem").c_str());
  client.enable_server_certificate_verification(true);
  client.set_read_timeout(30, 0);
  const std::string tenant = env_value(env_, "ARM_TENANT_ID");
  httplib::Params form{{"grant_type", "client_credentials"},
                       {"client_id", env_value(env_, "ARM_CLIENT_ID")},
                       {"client_secret", env_value(env_, "ARM_CLIENT_SECRET")},
                       {"scope", endpoint_ + "/.default"}};
  auto token = client.Post(("/" + tenant + "/oauth2/v2.0/token").c_str(), form);
  if (!token || token->status != 200) return nullptr;
  const std::string bearer = json::parse(token->body).value("access_token", "");
  httplib::Headers headers{{"Authorization", "Bearer " + bearer}};
  const std::string payload = body.is_null() ? "" : body.dump();
  httplib::Result res = method == "GET"     ? client.Get(path_and_query.c_str(), headers)
                        : method == "PUT"   ? client.Put(path_and_query.c_str(), headers, payload, "application/json")
                        : method == "PATCH" ? client.Patch(path_and_query.c_str(), headers, payload, "application/json")
                        : method == "DELETE" ? client.Delete(path_and_query.c_str(), headers)
                                             : client.Post(path_and_query.c_str(), headers, payload, "application/json");
  if (!res) return nullptr;
  if (status) *status = res->status;
  return json::parse(res->body, nullptr, false);
}

}  // namespace forma::e2e
