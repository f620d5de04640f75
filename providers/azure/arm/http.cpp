#include "providers/azure/arm/http.h"

namespace forma::azure {

std::string HttpResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  return it == headers.end() ? std::string() : it->second;
}

}  // namespace forma::azure
