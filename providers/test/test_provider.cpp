#include "providers/test/test_provider.h"

namespace forma::testprovider {

sdk::ProviderSpec make_test_provider() {
  auto cloud = std::make_shared<TestCloud>();
  sdk::ProviderSpec spec;
  spec.name = "test";
  spec.version = "0.1.0";
  spec.config_attributes = {
      {"latency_ms", {.type = "number", .optional = true, .default_value = 0,
                      .description = "Milliseconds slept in apply, read, import and read_data."}},
      {"fail_rate", {.type = "number", .optional = true, .default_value = 0,
                     .description = "Fraction (0..1) of creates that fail; reproducible given seed."}},
      {"seed", {.type = "number", .optional = true, .default_value = 0,
                .description = "Seed of fail_rate's choice."}},
      {"fail_on", {.type = "list(string)", .optional = true,
                   .description = "Addresses or names whose create or update fails."}},
      {"fail_after_create", {.type = "list(string)", .optional = true,
                             .description = "Addresses or names whose create succeeds, then reports an error."}},
      {"cloud_db", {.type = "string", .optional = true,
                    .description = "SQLite file recording every object (table objects)."}},
  };
  spec.configure = [cloud](const json& config) { return cloud->configure(config); };
  spec.resources = {{"test_null", make_null_resource(cloud)},
                    {"test_random", make_random_resource(cloud)},
                    {"test_file", make_file_resource(cloud)}};
  spec.data_sources = {{"test_file", make_file_data_source(cloud)}, {"test_echo", make_echo_data_source(cloud)}};
  return spec;
}

}  // namespace forma::testprovider
