// Choosing where tokens come from, in Terraform's order: an explicit client
// secret, then managed identity when asked for, then the az CLI's login.
#include "providers/azure/arm/credentials.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>

#include "providers/azure/arm/token_sources.h"

namespace forma::azure {
namespace {

void fill_from_environment(std::string& field, const char* name) {
  if (!field.empty()) return;
  if (const char* value = std::getenv(name)) field = value;
}

// The first executable `name` on PATH, or "".
std::string find_on_path(const std::string& name) {
  const char* path = std::getenv("PATH");
  if (!path) return "";
  std::string dirs = path;
  size_t start = 0;
  while (start <= dirs.size()) {
    size_t end = std::min(dirs.find(':', start), dirs.size());
    std::string dir = dirs.substr(start, end - start);
    std::string candidate = (dir.empty() ? "." : dir) + "/" + name;
    struct stat st {};
    if (stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
    start = end + 1;
  }
  return "";
}

}  // namespace

Status make_token_source(const Credentials& credentials, std::shared_ptr<HttpTransport> transport,
                         std::shared_ptr<TokenSource>& out) {
  Credentials c = credentials;
  fill_from_environment(c.tenant_id, "ARM_TENANT_ID");
  fill_from_environment(c.client_id, "ARM_CLIENT_ID");
  fill_from_environment(c.client_secret, "ARM_CLIENT_SECRET");
  if (const char* msi = std::getenv("ARM_USE_MSI"); msi && std::string(msi) == "true") c.use_msi = true;
  if (!c.client_secret.empty()) {
    if (c.client_id.empty())
      return Status::error("A client secret is set but no client_id (or ARM_CLIENT_ID)");
    if (c.tenant_id.empty())
      return Status::error("A client secret is set but no tenant_id (or ARM_TENANT_ID)");
    out = std::make_shared<ClientSecretTokenSource>(std::move(c), std::move(transport));
    return Status::ok();
  }
  if (c.use_msi) {
    out = std::make_shared<ManagedIdentityTokenSource>(std::move(c), std::move(transport));
    return Status::ok();
  }
  if (std::string az = find_on_path("az"); !az.empty()) {
    out = std::make_shared<CliTokenSource>(az, std::move(c));
    return Status::ok();
  }
  return Status::error(
      "No Azure credentials: set client_id/client_secret (or ARM_CLIENT_ID/ARM_CLIENT_SECRET), log in with "
      "`az login`, or set use_msi = true");
}

}  // namespace forma::azure
