#include "providers/sdk/server.h"
#include "providers/test/test_provider.h"

int main() {
  const forma::sdk::ProviderSpec spec = forma::testprovider::make_test_provider();
  return forma::sdk::serve_stdio(spec);
}
