// load_module: reads a directory of *.forma.json files, merges, decodes and
// validates them, then loads the local modules they call.
#include <algorithm>
#include <filesystem>
#include <system_error>

#include "engine/base/sorting.h"
#include "engine/base/text.h"
#include "engine/config/config.h"
#include "engine/config/decoder.h"
#include "engine/config/document_merge.h"
#include "engine/config/jsonc.h"
#include "engine/config/schema_validation.h"

namespace fs = std::filesystem;

namespace forma::config {
namespace {

constexpr std::string_view kConfigSuffix = ".forma.json";

struct LoadContext {
  std::vector<std::string> call_stack;  // canonical directories being loaded
  Diagnostics& diags;
};

std::unique_ptr<Module> load_directory(const std::string& dir, const std::string& module_path,
                                       LoadContext& ctx);

std::vector<std::string> config_files(const std::string& dir, std::error_code& ec) {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (name.size() > kConfigSuffix.size() && name.ends_with(kConfigSuffix) && entry.is_regular_file(ec))
      names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  return names;
}

// Resources are listed in the order they were written, files in name order.
void sort_in_file_order(Module& m) {
  auto file_index = [&](const std::string& file) {
    return std::find(m.files.begin(), m.files.end(), file) - m.files.begin();
  };
  stable_sort_large(m.resources, [&](const Resource& a, const Resource& b) {
    auto ka = std::make_tuple(file_index(a.range.file), a.range.start.line, a.range.start.column);
    auto kb = std::make_tuple(file_index(b.range.file), b.range.start.line, b.range.start.column);
    return ka < kb;
  });
}

// Inputs of a module call must be variables of the child; required ones must be set.
void check_module_inputs(const ModuleCall& call, const Module& child, const PositionIndex& positions,
                         Diagnostics& diags) {
  std::vector<std::string> names;
  for (const auto& [name, v] : child.variables) names.push_back(name);
  for (const auto& [key, value] : call.inputs.items()) {
    if (child.variables.count(key)) continue;
    std::string p = pointer_append(call.json_path, key);
    diags.push_back(Diagnostic::error(
        "Unsupported argument " + quote(key) + " in module " + quote(call.name) + "." + did_you_mean(key, names),
        "The module at " + call.source + " declares no variable named " + quote(key) + ".",
        positions.find(key_pointer(p)), p));
  }
  for (const auto& [name, v] : child.variables) {
    if (v.default_value || call.inputs.contains(name)) continue;
    diags.push_back(Diagnostic::error("Missing required argument " + quote(name) + " in module " + quote(call.name),
                                      "The module's variable " + quote(name) + " has no default.",
                                      call.range, call.json_path));
  }
}

void load_children(Module& m, LoadContext& ctx) {
  for (const auto& [name, call] : m.module_calls) {
    std::string source_pointer = pointer_append(call.json_path, "source");
    SourceRange at = m.positions.find(source_pointer);
    fs::path child_dir = (fs::path(m.dir) / call.source).lexically_normal();
    std::error_code ec;
    if (!fs::is_directory(child_dir, ec)) {
      ctx.diags.push_back(Diagnostic::error("Module directory " + quote(call.source) + " does not exist",
                                            "Looked for " + child_dir.string() + ".", at, source_pointer));
      continue;
    }
    std::string canonical = fs::weakly_canonical(child_dir, ec).string();
    if (std::find(ctx.call_stack.begin(), ctx.call_stack.end(), canonical) != ctx.call_stack.end()) {
      std::string path = (m.module_path.empty() ? "" : m.module_path + ".") + "module." + name;
      ctx.diags.push_back(Diagnostic::error("Recursive module inclusion: " + path + " calls " +
                                                quote(call.source) + ", which is already being loaded",
                                            "A module cannot call itself, directly or indirectly.", at,
                                            source_pointer));
      continue;
    }
    std::string child_path = (m.module_path.empty() ? "" : m.module_path + ".") + "module." + name;
    auto child = load_directory(child_dir.string(), child_path, ctx);
    if (!child) continue;
    check_module_inputs(call, *child, m.positions, ctx.diags);
    m.children.emplace(name, std::move(child));
  }
}

std::unique_ptr<Module> load_directory(const std::string& dir, const std::string& module_path,
                                       LoadContext& ctx) {
  std::error_code ec;
  std::vector<std::string> names = config_files(dir, ec);
  if (ec) {
    ctx.diags.push_back(Diagnostic::error("Cannot read the config directory " + quote(dir), ec.message()));
    return nullptr;
  }
  if (names.empty()) {
    ctx.diags.push_back(Diagnostic::error("No configuration files in " + quote(dir),
                                          "Config files are named *.forma.json."));
    return nullptr;
  }
  auto m = std::make_unique<Module>();
  m->dir = dir;
  m->module_path = module_path;
  DocumentMerger merger(m->positions);
  Diagnostics diags;
  for (const auto& name : names) {
    std::string file = (fs::path(dir) / name).lexically_normal().string();
    m->files.push_back(file);
    std::string read_error;
    auto text = read_text_file(file, read_error);
    if (!text) {
      diags.push_back(Diagnostic::error("Cannot read " + quote(file), read_error, SourceRange{file, {}, {}}));
      continue;
    }
    JsoncDocument doc = parse_jsonc(*text, file);
    if (doc.error) {
      diags.push_back(*doc.error);
      continue;
    }
    merger.add(file, std::move(doc), diags);
  }
  Decoder decoder(m->positions, diags);
  decode_document(decoder, merger.document(), *m);
  if (!has_errors(diags)) append(diags, validate_config_schema(merger.document(), m->positions));
  sort_in_file_order(*m);
  append(ctx.diags, diags);
  ctx.call_stack.push_back(fs::weakly_canonical(dir, ec).string());
  load_children(*m, ctx);
  ctx.call_stack.pop_back();
  return m;
}

}  // namespace

void decode_document(Decoder& d, const json& doc, Module& m) {
  auto block = [&](const char* key) -> const json* {
    auto it = doc.find(key);
    return it == doc.end() ? nullptr : &*it;
  };
  if (auto* b = block("variable")) decode_variables(d, *b, m);
  if (auto* b = block("locals")) decode_locals(d, *b, m);
  if (auto* b = block("provider")) decode_providers(d, *b, m);
  if (auto* b = block("resource")) decode_resources(d, *b, ResourceMode::Managed, m);
  if (auto* b = block("data")) decode_resources(d, *b, ResourceMode::Data, m);
  if (auto* b = block("output")) decode_outputs(d, *b, m);
  if (auto* b = block("module")) decode_module_calls(d, *b, m);
  if (auto* b = block("moved")) decode_moved(d, *b, m);
  if (auto* b = block("import")) decode_imports(d, *b, m);
  if (auto* b = block("removed")) decode_removed(d, *b, m);
  if (auto* b = block("check")) decode_checks(d, *b, m);
}

LoadResult load_generated_module(const json& document, const std::vector<std::string>& files) {
  LoadResult result;
  try {
    auto m = std::make_unique<Module>();
    m->dir = ".";
    m->files = files;
    Decoder decoder(m->positions, result.diags);
    decode_document(decoder, document, *m);
    if (!has_errors(result.diags)) append(result.diags, validate_config_schema(document, m->positions));
    if (!has_errors(result.diags)) result.root = std::move(m);
  } catch (const std::exception& e) {
    result.diags.push_back(Diagnostic::error("Internal error while loading the config", e.what()));
  }
  return result;
}

LoadResult load_module(const std::string& dir) {
  LoadResult result;
  try {
    LoadContext ctx{{}, result.diags};
    result.root = load_directory(dir, "", ctx);
  } catch (const std::exception& e) {  // a bug or exhaustion: never let it cross the API
    result.diags.push_back(Diagnostic::error("Internal error while loading the config", e.what()));
  }
  return result;
}

}  // namespace forma::config
