// Data sources of the test provider: test_file reads a file, test_echo hands
// its input back (so tests can see what the engine sent).
#include "providers/test/local_file.h"
#include "providers/test/test_provider.h"
#include "engine/base/text.h"

namespace forma::testprovider {
namespace {

class FileDataSource : public sdk::DataSource {
 public:
  explicit FileDataSource(std::shared_ptr<TestCloud> cloud) : cloud_(std::move(cloud)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "Reads a local file.",
            .attributes = {
                {"path", {.type = "string", .required = true, .description = "The file to read."}},
                {"content", {.type = "string", .computed = true, .description = "The file's content."}},
                {"id", {.type = "string", .computed = true, .description = "SHA-256 of the content."}},
            }};
  }

  sdk::StateResult read(const sdk::DataRequest& request) override {
    cloud_->pause();
    std::string path = request.config.value("path", "");
    std::optional<std::string> content = read_local_file(path);
    if (!content)
      return {nullptr, {Diagnostic::error("Cannot read " + quote(path), "The file does not exist or is not readable.",
                                          {}, "/path")}};
    return {{{"path", path}, {"content", *content}, {"id", sha256_hex(*content)}}, {}};
  }

 private:
  std::shared_ptr<TestCloud> cloud_;
};

class EchoDataSource : public sdk::DataSource {
 public:
  explicit EchoDataSource(std::shared_ptr<TestCloud> cloud) : cloud_(std::move(cloud)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "Returns its input as output.",
            .attributes = {
                {"input", {.type = "any", .optional = true, .description = "Any value."}},
                {"output", {.type = "any", .computed = true, .description = "The input, unchanged."}},
            }};
  }

  sdk::StateResult read(const sdk::DataRequest& request) override {
    cloud_->pause();
    json input = request.config.value("input", json());
    return {{{"input", input}, {"output", input}}, {}};
  }

 private:
  std::shared_ptr<TestCloud> cloud_;
};

}  // namespace

std::shared_ptr<sdk::DataSource> make_file_data_source(std::shared_ptr<TestCloud> cloud) {
  return std::make_shared<FileDataSource>(std::move(cloud));
}

std::shared_ptr<sdk::DataSource> make_echo_data_source(std::shared_ptr<TestCloud> cloud) {
  return std::make_shared<EchoDataSource>(std::move(cloud));
}

}  // namespace forma::testprovider
