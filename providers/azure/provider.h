// forma-provider-azure: Azure Resource Manager resources for machine-learning
// infrastructure (resource groups, storage, Batch AI workspaces, clusters,
// file servers and experiments).
#pragma once

#include "providers/azure/azure_context.h"
#include "providers/sdk/provider_spec.h"

namespace forma::azure {

sdk::ProviderSpec make_azure_provider();

// The same provider bound to `context` (tests pass one with their own
// environment, or with a client already installed).
sdk::ProviderSpec make_azure_provider(std::shared_ptr<AzureContext> context);

}  // namespace forma::azure
