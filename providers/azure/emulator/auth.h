// Microsoft Entra ID's part: the OAuth2 client-credentials token endpoint
// (v2.0 with scope, v1 with resource) and the bearer check on ARM calls.
#pragma once

#include <httplib.h>

#include <string>

#include "providers/azure/emulator/arm_http.h"
#include "providers/azure/emulator/cloud.h"

namespace forma::emulator {

// POST /{tenant}/oauth2/v2.0/token or /{tenant}/oauth2/token
bool is_token_request(const httplib::Request& req);
void handle_token_request(const Cloud& cloud, const httplib::Request& req, httplib::Response& res);

// True when the call carries a bearer token this emulator issued and that has
// not expired; else answers 401 as ARM does.
bool authorize(const Cloud& cloud, const httplib::Request& req, ArmResponse& res);

}  // namespace forma::emulator
