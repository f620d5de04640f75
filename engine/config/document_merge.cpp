#include "engine/config/document_merge.h"

#include <unordered_set>

#include "engine/base/text.h"

namespace forma::config {
namespace {

// How deep in the document a block's definitions sit: resource/T/N is one
// definition; provider/NAME and moved are lists whose elements are re-indexed.
enum class BlockShape { TwoLevels, OneLevel, ProviderList, List, Ignored };

BlockShape shape_of(std::string_view block) {
  if (block == "resource" || block == "data") return BlockShape::TwoLevels;
  if (block == "provider") return BlockShape::ProviderList;
  if (block == "moved" || block == "import" || block == "removed") return BlockShape::List;
  if (block == "variable" || block == "output" || block == "module" || block == "locals" ||
      block == "check")
    return BlockShape::OneLevel;
  return BlockShape::Ignored;
}

size_t definition_depth(BlockShape shape) {
  switch (shape) {
    case BlockShape::TwoLevels: return 3;
    case BlockShape::OneLevel:
    case BlockShape::ProviderList: return 2;
    default: return 1;
  }
}

std::string what_is_defined(const std::string& block) {
  if (block == "resource") return "resource";
  if (block == "data") return "data resource";
  if (block == "locals") return "local value";
  if (block == "module") return "module call";
  return block;
}

std::string_view strip_key_suffix(std::string_view p) {
  if (p.size() >= kKeySuffix.size() && p.substr(p.size() - kKeySuffix.size()) == kKeySuffix)
    p.remove_suffix(kKeySuffix.size());
  return p;
}

// The first `depth` tokens of pointer p ("/a/b/c", 2 -> "/a/b"), and the depth of p.
std::string_view pointer_prefix(std::string_view p, size_t depth, size_t& p_depth) {
  size_t seen = 0;
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '/') continue;
    if (seen == depth) {
      p_depth = depth + 1;  // deeper than asked; exact depth not needed
      return p.substr(0, i);
    }
    ++seen;
  }
  p_depth = seen;
  return p;
}

}  // namespace

const std::vector<std::string>& top_level_keys() {
  static const std::vector<std::string> keys = {
      "$schema", "variable", "locals", "provider", "resource", "data",
      "output",  "module",   "moved",  "import",   "removed",  "check"};
  return keys;
}

struct DocumentMerger::FileContext {
  std::string file;
  int file_id = 0;
  JsoncDocument doc;
  Diagnostics& diags;
  // Positions of the file's shallow pointers, for error messages.
  std::unordered_map<std::string_view, SourcePos> shallow;
  std::unordered_set<std::string> skipped;  // duplicate definitions and bad blocks
  struct Collection {
    size_t offset;
    bool single;  // a lone object written where the merged document has a list
  };
  std::unordered_map<std::string, Collection> collections;

  SourceRange range(const std::string& pointer) const {
    auto it = shallow.find(pointer);
    if (it == shallow.end()) return SourceRange{file, {}, {}};
    return SourceRange{file, it->second, it->second};
  }
  void error(std::string summary, std::string detail, const std::string& pointer, bool at_key) {
    SourceRange r = range(at_key ? key_pointer(pointer) : pointer);
    diags.push_back(Diagnostic::error(std::move(summary), std::move(detail), r, pointer));
  }
};

void DocumentMerger::add(const std::string& file, JsoncDocument doc, Diagnostics& diags) {
  FileContext f{file, positions_.add_file(file), std::move(doc), diags, {}, {}, {}};
  for (const auto& p : f.doc.positions) {
    size_t depth = 0;
    pointer_prefix(p.pointer, 3, depth);
    if (depth <= 3) f.shallow.emplace(p.pointer, p.pos);
  }
  if (!f.doc.value.is_object()) {
    f.error("A config file must contain a JSON object", "For example {\"resource\": {...}}.", "",
            false);
    return;
  }
  for (auto& [block, value] : f.doc.value.items()) {
    std::string pointer = pointer_append("", block);
    BlockShape shape = shape_of(block);
    if (block == "$schema") continue;
    if (shape == BlockShape::Ignored) {
      f.error("Unsupported block type " + quote(block) + "." + did_you_mean(block, top_level_keys()),
              "A config file may contain these blocks: variable, locals, provider, resource, data, "
              "output, module, moved, import, removed, check.",
              pointer, true);
      f.skipped.insert(pointer);
    } else if (shape == BlockShape::TwoLevels) {
      merge_named(f, block, value, 2);
    } else if (shape == BlockShape::OneLevel) {
      merge_named(f, block, value, 1);
    } else if (shape == BlockShape::ProviderList) {
      merge_providers(f, value);
    } else {
      merge_list(f, pointer, value, merged_[block]);
    }
  }
  add_positions(f);
}

// resource/TYPE/NAME (levels 2) or variable/NAME (levels 1).
void DocumentMerger::merge_named(FileContext& f, const std::string& block, json& value,
                                 int levels) {
  std::string pointer = pointer_append("", block);
  const char* expected = levels == 2 ? "{\"TYPE\": {\"NAME\": {...}}}" : "{\"NAME\": {...}}";
  if (!value.is_object()) {
    f.error("The " + quote(block) + " block must be an object", std::string("Expected ") + expected + ".",
            pointer, false);
    f.skipped.insert(pointer);
    return;
  }
  json& into = merged_[block];
  if (!into.is_object()) into = json::object();
  for (auto& [key, inner] : value.items()) {
    if (levels == 2) {
      std::string type_pointer = pointer_append(pointer, key);
      if (!inner.is_object()) {
        f.error("The " + quote(block) + " block " + quote(key) + " must be an object of names",
                std::string("Expected ") + expected + ".", type_pointer, false);
        f.skipped.insert(type_pointer);
        continue;
      }
      json& type_into = into[key];
      if (!type_into.is_object()) type_into = json::object();
      for (auto& [name, body] : inner.items()) {
        std::string def = pointer_append(type_pointer, name);
        if (type_into.contains(name)) {
          std::string address = (block == "data" ? "data." : "") + key + "." + name;
          f.error("Duplicate " + what_is_defined(block) + " " + quote(address) +
                      ": already defined at " + positions_.find(key_pointer(def)).to_string(),
                  "Each resource address may be defined only once in a module.", def, true);
          f.skipped.insert(def);
        } else {
          type_into[name] = std::move(body);
        }
      }
    } else {
      std::string def = pointer_append(pointer, key);
      if (into.contains(key)) {
        f.error("Duplicate " + what_is_defined(block) + " " + quote(key) + ": already defined at " +
                    positions_.find(key_pointer(def)).to_string(),
                "Each name may be defined only once in a module.", def, true);
        f.skipped.insert(def);
      } else {
        into[key] = std::move(inner);
      }
    }
  }
}

// Appends a list block (or a lone object) to `into`, remembering the new indexes.
void DocumentMerger::merge_list(FileContext& f, const std::string& pointer, json& value,
                                json& into) {
  if (!into.is_array()) into = json::array();
  if (value.is_object()) {
    f.collections[pointer] = {into.size(), true};
    into.push_back(std::move(value));
  } else if (value.is_array()) {
    f.collections[pointer] = {into.size(), false};
    for (auto& element : value) into.push_back(std::move(element));
  } else {
    f.error("The block at " + pointer + " must be an object or an array of objects", {}, pointer,
            false);
    f.skipped.insert(pointer);
  }
}

void DocumentMerger::merge_providers(FileContext& f, json& value) {
  if (!value.is_object()) {
    f.error("The \"provider\" block must be an object",
            "Expected {\"NAME\": {...}} or {\"NAME\": [{...}, {\"alias\": \"x\", ...}]}.",
            "/provider", false);
    f.skipped.insert("/provider");
    return;
  }
  json& into = merged_["provider"];
  if (!into.is_object()) into = json::object();
  for (auto& [name, configs] : value.items())
    merge_list(f, pointer_append("/provider", name), configs, into[name]);
}

void DocumentMerger::add_positions(FileContext& f) {
  auto add_if_absent = [&](std::string p, SourcePos pos) {
    if (!positions_.has(p)) positions_.add(std::move(p), f.file_id, pos);
  };
  positions_.reserve(f.doc.positions.size());
  // The file's pointers are not needed after this: they move into the index.
  for (auto& entry : f.doc.positions) {
    std::string& p = entry.pointer;
    size_t ignored = 0;
    std::string_view top = strip_key_suffix(pointer_prefix(p, 1, ignored));
    BlockShape shape = shape_of(top.empty() ? std::string_view() : top.substr(1));
    size_t def_depth = definition_depth(shape);
    size_t depth = 0;
    std::string_view def = strip_key_suffix(pointer_prefix(p, def_depth, depth));
    if (depth < def_depth || p.empty()) {
      add_if_absent(std::move(p), entry.pos);
      continue;
    }
    if (!f.skipped.empty() && (f.skipped.count(std::string(def)) || f.skipped.count(std::string(top))))
      continue;
    auto c = f.collections.empty() ? f.collections.end() : f.collections.find(std::string(def));
    if (c == f.collections.end()) {
      positions_.add(std::move(p), f.file_id, entry.pos);
      continue;
    }
    std::string_view rest = std::string_view(p).substr(def.size());
    if (rest.empty() || rest == kKeySuffix) {
      add_if_absent(p, entry.pos);
      if (c->second.single && rest.empty())
        positions_.add(std::string(def) + "/" + std::to_string(c->second.offset), f.file_id, entry.pos);
      continue;
    }
    if (c->second.single) {
      positions_.add(std::string(def) + "/" + std::to_string(c->second.offset) + std::string(rest),
                     f.file_id, entry.pos);
      continue;
    }
    size_t end = rest.find_first_of("/#", 1);
    size_t index = std::stoul(std::string(rest.substr(1, end == std::string_view::npos ? end : end - 1)));
    std::string tail = end == std::string_view::npos ? std::string() : std::string(rest.substr(end));
    positions_.add(std::string(def) + "/" + std::to_string(index + c->second.offset) + tail, f.file_id,
                   entry.pos);
  }
}

}  // namespace forma::config
