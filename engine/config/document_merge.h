// Merges the parsed *.forma.json files of one directory into one document, the
// way Terraform treats a directory as one configuration: files may each add
// resources of the same type, but nothing may be defined twice.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/positions.h"
#include "engine/base/value.h"
#include "engine/config/jsonc.h"

namespace forma::config {

// The top-level keys a config file may have ("$schema" is for editors).
const std::vector<std::string>& top_level_keys();

// Shape of the merged document: "provider/NAME" is always an array of
// configurations, and "moved", "import" and "removed" are always arrays, so a
// single object written in a file becomes a one-element array. Positions are
// re-keyed to match, so every pointer of the merged document finds its place.
class DocumentMerger {
 public:
  explicit DocumentMerger(PositionIndex& positions) : positions_(positions) {}

  // Adds one file (in load order). Unknown blocks, duplicate definitions and
  // blocks of the wrong shape are reported and left out of the document.
  void add(const std::string& file, JsoncDocument doc, Diagnostics& diags);

  json& document() { return merged_; }

 private:
  struct FileContext;
  void merge_named(FileContext& f, const std::string& block, json& value, int levels);
  void merge_list(FileContext& f, const std::string& pointer, json& value, json& into);
  void merge_providers(FileContext& f, json& value);
  void add_positions(FileContext& f);

  PositionIndex& positions_;
  json merged_ = json::object();
};

}  // namespace forma::config
