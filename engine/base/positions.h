// Where each value of a parsed JSON document came from, keyed by JSON pointer.
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "engine/base/diagnostic.h"

namespace forma {

class PositionIndex {
 public:
  // Registers a file and returns its id for add().
  int add_file(const std::string& path);
  void add(std::string pointer, int file_id, SourcePos start);
  // Room for `more` entries, so a large file is indexed without rehashing as it grows.
  void reserve(size_t more) { entries_.reserve(entries_.size() + more); }
  // The range of the value at `pointer`, or of its nearest ancestor that has one.
  SourceRange find(const std::string& pointer) const;
  bool has(const std::string& pointer) const { return entries_.count(pointer) != 0; }
  // Merges another index (e.g. of a second file) into this one.
  void merge(const PositionIndex& other);

 private:
  struct Entry {
    int file_id;
    SourcePos start;
  };
  std::vector<std::string> files_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace forma
