// test_file: a real local file. Reading it notices edits made outside forma
// (the new content shows up as drift and the plan updates it back) and a
// deleted file (the object is gone and the plan creates it again).
#include "engine/base/text.h"
#include "providers/sdk/protocol_json.h"
#include "providers/test/cloud_resource.h"
#include "providers/test/local_file.h"
#include "providers/test/test_provider.h"

namespace forma::testprovider {
namespace {

std::string string_at(const json& state, const char* name) {
  auto it = state.find(name);
  return it != state.end() && it->is_string() ? it->get<std::string>() : std::string();
}

class FileResource : public CloudResource {
 public:
  explicit FileResource(std::shared_ptr<TestCloud> cloud) : CloudResource("test_file", std::move(cloud)) {}

  sdk::ResourceSchema schema() const override {
    return {.version = 0,
            .description = "A local file with the given content.",
            .attributes = {
                {"path", {.type = "string", .required = true, .force_new = true,
                          .description = "Where the file is written."}},
                {"content", {.type = "string", .required = true, .description = "The file's content."}},
                {"file_permission", {.type = "string", .optional = true, .default_value = "0644",
                                     .description = "Octal permission bits."}},
                {"id", {.type = "string", .computed = true, .description = "SHA-256 of the content."}},
            }};
  }

  Diagnostics validate(const json& config) const override {
    json perm = config.value("file_permission", json());
    if (perm.is_string() && !valid_permission(perm.get<std::string>()))
      return {sdk::attribute_error("/file_permission", "file_permission must be octal, such as \"0644\"")};
    return {};
  }

  // The id is the content's hash, so it is known whenever the content is.
  void customize_plan(const sdk::PlanRequest&, sdk::PlannedChange& change) const override {
    json& planned = change.planned_state;
    if (!planned.is_object()) return;
    json content = planned.value("content", json());
    planned["id"] = content.is_string() ? json(sha256_hex(content.get<std::string>())) : unknown_value();
  }

 protected:
  sdk::StateResult make(const json& planned) override { return write(planned); }
  sdk::StateResult change(const json&, const json& planned) override { return write(planned); }

  Diagnostics destroy(const json& prior) override {
    Status s = remove_local_file(string_at(prior, "path"));
    if (!s) return {Diagnostic::error("Cannot delete the file", s.message())};
    return {};
  }

  json observe(const json& recorded) override {
    if (!recorded.is_object() || !recorded.value("path", json()).is_string()) return recorded;
    std::optional<std::string> content = read_local_file(string_at(recorded, "path"));
    if (!content) return nullptr;
    json now = recorded;
    now["content"] = *content;
    now["id"] = sha256_hex(*content);
    return now;
  }

  std::string object_key(const json& state) const override { return string_at(state, "path"); }

  sdk::StateResult import_without_cloud(const std::string& path) override {
    json state = observe({{"path", path}, {"file_permission", local_file_permission(path)}});
    if (state.is_null()) return {nullptr, {Diagnostic::error("Cannot import " + quote(path), "The file does not exist.")}};
    return {state, {}};
  }

 private:
  sdk::StateResult write(const json& planned) {
    std::string content = string_at(planned, "content");
    Status s = write_local_file(string_at(planned, "path"), content, string_at(planned, "file_permission"));
    if (!s) return {nullptr, {Diagnostic::error("Cannot write the file", s.message(), {}, "/path")}};
    json state = planned;
    state["id"] = sha256_hex(content);
    return {state, {}};
  }
};

}  // namespace

std::shared_ptr<sdk::Resource> make_file_resource(std::shared_ptr<TestCloud> cloud) {
  return std::make_shared<FileResource>(std::move(cloud));
}

}  // namespace forma::testprovider
