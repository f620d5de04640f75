// Managed identity: the instance metadata service on Azure VMs. Only used when
// the configuration asks for it (use_msi); never probed otherwise.
#include <thread>

#include "providers/azure/arm/token_sources.h"

namespace forma::azure {

Status ManagedIdentityTokenSource::fetch(AccessToken& out) {
  HttpRequest request;
  request.method = "GET";
  request.url = "http://169.254.169.254/metadata/identity/oauth2/token?api-version=2018-02-01&resource=" +
                form_encode(without_trailing_slash(credentials_.endpoint) + "/");
  if (!credentials_.client_id.empty()) request.url += "&client_id=" + form_encode(credentials_.client_id);
  request.headers = {{"Metadata", "true"}, {"Accept", "application/json"}};
  HttpResponse response;
  Sleep sleep = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
  if (Status s = send_with_retries(*transport_, request, response, sleep); !s) {
    return Status::error("Could not get a managed identity token (is this an Azure VM with an identity?): " +
                         s.message());
  }
  json body = json::parse(response.body, nullptr, false);
  if (response.status != 200) {
    std::string why = body.is_object() ? body.value("error_description", body.value("error", "")) : "";
    return Status::error("Could not get a managed identity token: HTTP " + std::to_string(response.status) +
                         (why.empty() ? "" : ": " + why));
  }
  if (Status s = parse_token_response(body, out); !s) {
    return Status::error("Could not get a managed identity token: " + s.message());
  }
  return Status::ok();
}

}  // namespace forma::azure
