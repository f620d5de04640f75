#include "providers/azure/provider.h"
#include "providers/sdk/server.h"

int main() {
  const forma::sdk::ProviderSpec spec = forma::azure::make_azure_provider();
  return forma::sdk::serve_stdio(spec);
}
