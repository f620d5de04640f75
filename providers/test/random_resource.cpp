// test_random: a random alphanumeric string, stable until replaced.
#include <random>

#include "providers/sdk/protocol_json.h"
#include "providers/test/cloud_resource.h"
#include "providers/test/test_provider.h"

namespace forma::testprovider {
namespace {

constexpr int kMaxLength = 4096;

std::string random_alphanumeric(size_t length) {
  static const char chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  std::random_device device;
  std::mt19937_64 rng(device());
  std::uniform_int_distribution<size_t> pick(0, sizeof chars - 2);
  std::string out;
  for (size_t i = 0; i < length; ++i) out += chars[pick(rng)];
  return out;
}

class RandomResource : public CloudResource {
 public:
  explicit RandomResource(std::shared_ptr<TestCloud> cloud) : CloudResource("test_random", std::move(cloud)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "A random alphanumeric string, stable until the object is replaced.",
            .attributes = {
                {"length", {.type = "number", .required = true, .force_new = true,
                            .description = "Number of characters, 1 to 4096."}},
                {"keepers", {.type = "map(string)", .optional = true, .force_new = true,
                             .description = "Any change replaces the object, and so the result."}},
                {"result", {.type = "string", .computed = true, .sensitive = true,
                            .description = "The random string."}},
                {"id", {.type = "string", .computed = true, .description = "Random hex."}},
            }};
  }

  Diagnostics validate(const json& config) const override {
    json length = config.value("length", json());
    if (!length.is_number()) return {};  // unknown, or a type error already reported
    double n = length.get<double>();
    if (n < 1 || n > kMaxLength || n != static_cast<double>(static_cast<int>(n)))
      return {sdk::attribute_error("/length", "length must be a whole number from 1 to 4096")};
    return {};
  }

 protected:
  sdk::StateResult make(const json& planned) override {
    json state = planned;
    state["result"] = random_alphanumeric(static_cast<size_t>(planned.value("length", 1)));
    state["id"] = random_hex(16);
    return {state, {}};
  }
  sdk::StateResult import_without_cloud(const std::string& id) override {
    return {{{"id", id}, {"result", id}, {"length", id.size()}, {"keepers", nullptr}}, {}};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_random_resource(std::shared_ptr<TestCloud> cloud) {
  return std::make_shared<RandomResource>(std::move(cloud));
}

}  // namespace forma::testprovider
