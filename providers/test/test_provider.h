// forma-provider-test: resources with no outside world but a file and an
// optional SQLite "cloud", with knobs for latency and failures, so the engine
// can be tested end to end.
#pragma once

#include <memory>

#include "providers/sdk/provider_spec.h"
#include "providers/test/test_cloud.h"

namespace forma::testprovider {

sdk::ProviderSpec make_test_provider();

std::shared_ptr<sdk::Resource> make_null_resource(std::shared_ptr<TestCloud> cloud);
std::shared_ptr<sdk::Resource> make_random_resource(std::shared_ptr<TestCloud> cloud);
std::shared_ptr<sdk::Resource> make_file_resource(std::shared_ptr<TestCloud> cloud);
std::shared_ptr<sdk::DataSource> make_file_data_source(std::shared_ptr<TestCloud> cloud);
std::shared_ptr<sdk::DataSource> make_echo_data_source(std::shared_ptr<TestCloud> cloud);

}  // namespace forma::testprovider
