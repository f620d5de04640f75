#include "providers/azure/user_account.h"

#include "providers/azure/ssh_keys.h"
#include "providers/azure/state_values.h"

namespace forma::azure {
namespace {


std::string trimmed(const json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : std::string();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ' || s.back() == '\r')) s.pop_back();
  return s;
}

}  // namespace

sdk::Attribute user_block_attribute() {
  return {.type = "object",
          .optional = true,
          .computed = true,
          .force_new = true,
          .description = "Admin account created on every node.",
          .attributes = {
              {"name", {.type = "string", .optional = true, .computed = true,
                        .description = "Defaults to the current user's login name, like the CLI."}},
              {"ssh_public_key", {.type = "string", .optional = true, .computed = true,
                                  .description = "OpenSSH public key; defaults to ~/.ssh/id_rsa.pub."}},
              {"password", {.type = "string", .optional = true, .sensitive = true,
                            .description = "Admin password (never returned by Azure)."}},
          }};
}

sdk::Attribute generate_ssh_keys_attribute() {
  return {.type = "bool", .optional = true, .default_value = false,
          .description = "Use ~/.ssh/id_rsa.pub, creating an RSA key pair there if missing."};
}

void check_user(const json& config, const EnvLookup& env, bool other_source, Diagnostics& diags) {
  json user = config.value("user", json());
  if (is_unknown(user) || other_source) return;
  if (is_set(user, "password") || is_set(user, "ssh_public_key")) return;
  if (config.value("generate_ssh_keys", json()) == json(true) || is_unknown(config.value("generate_ssh_keys", json())))
    return;
  if (default_public_key(env)) return;
  diags.push_back(Diagnostic::error(
      "The admin account has no password and no SSH key",
      "Set user.password or user.ssh_public_key, or set generate_ssh_keys = true to create ~/.ssh/id_rsa.pub "
      "(there is none now).",
      {}, "/user"));
}

void plan_user(json& planned, const json& config, const EnvLookup& env) {
  json configured = config.value("user", json());
  if (is_unknown(configured)) return;
  json& user = planned["user"];
  if (!user.is_object() || is_unknown(user))
    user = {{"name", unknown_value()}, {"ssh_public_key", unknown_value()}, {"password", nullptr}};
  if (!is_set(configured, "name") && !user.value("name", json()).is_string()) user["name"] = current_user_name(env);
  json& key = user["ssh_public_key"];
  if (is_set(configured, "ssh_public_key") || key.is_string()) return;
  // The CLI's order: an explicit key, --generate-ssh-keys, a password alone, else ~/.ssh/id_rsa.pub.
  bool generate = planned.value("generate_ssh_keys", json()) == json(true);
  auto found = default_public_key(env);
  if (generate) {
    key = found ? json(*found) : unknown_value();  // generated at apply
  } else if (is_set(user, "password")) {
    key = nullptr;
  } else {
    key = found ? json(*found) : json(nullptr);
  }
}

Diagnostics resolve_user(json& planned, const EnvLookup& env) {
  json& user = planned["user"];
  if (!user.is_object()) user = json::object();
  if (!user.value("name", json()).is_string()) user["name"] = current_user_name(env);
  if (is_unknown(user.value("ssh_public_key", json()))) {
    std::string key;
    if (Status st = ensure_ssh_key_pair(env, key); !st)
      return {Diagnostic::error("Cannot generate an SSH key pair", st.message(), {}, "/generate_ssh_keys")};
    user["ssh_public_key"] = key;
  }
  return {};
}

json user_account_settings(const json& user) {
  json out = {{"adminUserName", user.value("name", json())}};
  if (is_set(user, "ssh_public_key")) out["adminUserSshPublicKey"] = trimmed(user["ssh_public_key"]);
  if (is_set(user, "password")) out["adminUserPassword"] = user["password"];
  return out;
}

json observed_user(const json& known_user, const json& settings) {
  json known = known_user.is_object() ? known_user : json::object();
  json name = settings.value("adminUserName", json());
  json key = settings.value("adminUserSshPublicKey", json());
  json known_key = known.value("ssh_public_key", json());
  if (key.is_null() || trimmed(key) == trimmed(known_key)) key = known_key;
  return {{"name", name.is_null() ? known.value("name", json()) : name},
          {"ssh_public_key", key},
          {"password", known.value("password", json())}};
}

}  // namespace forma::azure
