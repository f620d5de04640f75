// test_null: an object with nothing but an id; `triggers` replace it.
#include "providers/test/cloud_resource.h"
#include "providers/test/test_provider.h"

namespace forma::testprovider {
namespace {

class NullResource : public CloudResource {
 public:
  explicit NullResource(std::shared_ptr<TestCloud> cloud) : CloudResource("test_null", std::move(cloud)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "An object that does nothing; changing triggers replaces it.",
            .attributes = {
                {"triggers", {.type = "map(string)", .optional = true, .force_new = true,
                              .description = "Any change replaces the object."}},
                {"id", {.type = "string", .computed = true, .description = "Random hex."}},
            }};
  }

 protected:
  sdk::StateResult make(const json& planned) override {
    json state = planned;
    state["id"] = random_hex(16);
    return {state, {}};
  }
  sdk::StateResult import_without_cloud(const std::string& id) override {
    return {{{"id", id}, {"triggers", nullptr}}, {}};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_null_resource(std::shared_ptr<TestCloud> cloud) {
  return std::make_shared<NullResource>(std::move(cloud));
}

}  // namespace forma::testprovider
