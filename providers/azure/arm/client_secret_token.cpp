#include <thread>

#include "providers/azure/arm/token_sources.h"

namespace forma::azure {
namespace {

constexpr char kPublicCloud[] = "https://management.azure.com";
constexpr char kPublicLogin[] = "https://login.microsoftonline.com";

std::string first_line(const std::string& text) { return text.substr(0, text.find_first_of("\r\n")); }

std::string replace_all(std::string text, const std::string& what, const std::string& with) {
  if (what.empty()) return text;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + with.size())) {
    text.replace(at, what.size(), with);
  }
  return text;
}

// The cloud entry of a metadata answer: one object, or (newer api-versions)
// a list of clouds where the one whose resourceManager is `endpoint` wins.
json cloud_entry(const json& metadata, const std::string& endpoint) {
  if (metadata.is_object()) return metadata;
  if (!metadata.is_array() || metadata.empty()) return json();
  for (const auto& cloud : metadata) {
    if (cloud.is_object() && without_trailing_slash(cloud.value("resourceManager", "")) == endpoint)
      return cloud;
  }
  return metadata[0];
}

}  // namespace

ClientSecretTokenSource::ClientSecretTokenSource(Credentials credentials,
                                                 std::shared_ptr<HttpTransport> transport, Sleep sleep)
    : credentials_(std::move(credentials)), transport_(std::move(transport)), sleep_(std::move(sleep)) {
  credentials_.endpoint = without_trailing_slash(credentials_.endpoint);
  credentials_.authority = without_trailing_slash(credentials_.authority);
  if (!sleep_) sleep_ = [](std::chrono::milliseconds d) { std::this_thread::sleep_for(d); };
}

Status ClientSecretTokenSource::discover_authority() {
  if (credentials_.endpoint == kPublicCloud) {
    credentials_.authority = kPublicLogin;
    return Status::ok();
  }
  std::string where = credentials_.endpoint + "/metadata/endpoints";
  HttpRequest request{"GET", where + "?api-version=2022-09-01", {{"Accept", "application/json"}}, ""};
  HttpResponse response;
  if (Status s = send_with_retries(*transport_, request, response, sleep_); !s) {
    return Status::error("Could not discover the login endpoint from " + where + ": " + s.message());
  }
  json metadata = json::parse(response.body, nullptr, false);
  json cloud = response.status == 200 && !metadata.is_discarded()
                   ? cloud_entry(metadata, credentials_.endpoint)
                   : json();
  const json* login =
      cloud.is_object() && cloud.contains("authentication") ? &cloud["authentication"] : nullptr;
  if (!login || !login->is_object() || !login->contains("loginEndpoint") ||
      !(*login)["loginEndpoint"].is_string()) {
    return Status::error("Could not discover the login endpoint from " + where + ": HTTP " +
                         std::to_string(response.status) + " without authentication.loginEndpoint");
  }
  credentials_.authority = without_trailing_slash((*login)["loginEndpoint"].get<std::string>());
  return Status::ok();
}

std::string ClientSecretTokenSource::describe_failure(const HttpResponse& response) const {
  json body = json::parse(response.body, nullptr, false);
  std::string why = "HTTP " + std::to_string(response.status);
  if (body.is_object() && body.contains("error") && body["error"].is_string()) {
    why += ": " + body["error"].get<std::string>();
    if (body.contains("error_description") && body["error_description"].is_string()) {
      why += ": " + first_line(body["error_description"].get<std::string>());
    }
  }
  // Whatever the server echoed, the secret stays out of the message.
  return replace_all(why, credentials_.client_secret, "(sensitive value)");
}

Status ClientSecretTokenSource::fetch(AccessToken& out) {
  std::string who = "client " + credentials_.client_id + " in tenant " + credentials_.tenant_id;
  if (credentials_.authority.empty()) {
    if (Status s = discover_authority(); !s)
      return Status::error("Could not get an Azure token for " + who + ": " + s.message());
  }
  HttpRequest request;
  request.method = "POST";
  request.url = credentials_.authority + "/" + credentials_.tenant_id + "/oauth2/v2.0/token";
  request.headers = {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}};
  request.body = "grant_type=client_credentials&client_id=" + form_encode(credentials_.client_id) +
                 "&client_secret=" + form_encode(credentials_.client_secret) +
                 "&scope=" + form_encode(credentials_.endpoint + "/.default");
  HttpResponse response;
  if (Status s = send_with_retries(*transport_, request, response, sleep_); !s) {
    return Status::error("Could not get an Azure token for " + who + ": " + s.message());
  }
  if (response.status != 200) {
    return Status::error("Could not get an Azure token for " + who + ": " + describe_failure(response));
  }
  if (Status s = parse_token_response(json::parse(response.body, nullptr, false), out); !s) {
    return Status::error("Could not get an Azure token for " + who + ": " + s.message());
  }
  return Status::ok();
}

}  // namespace forma::azure
