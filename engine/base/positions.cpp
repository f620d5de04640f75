#include "engine/base/positions.h"

namespace forma {

int PositionIndex::add_file(const std::string& path) {
  for (size_t i = 0; i < files_.size(); ++i)
    if (files_[i] == path) return static_cast<int>(i);
  files_.push_back(path);
  return static_cast<int>(files_.size() - 1);
}

void PositionIndex::add(std::string pointer, int file_id, SourcePos start) {
  entries_.insert_or_assign(std::move(pointer), Entry{file_id, start});
}

SourceRange PositionIndex::find(const std::string& pointer) const {
  std::string p = pointer;
  while (true) {
    auto it = entries_.find(p);
    if (it != entries_.end()) {
      SourceRange r;
      r.file = files_[static_cast<size_t>(it->second.file_id)];
      r.start = it->second.start;
      r.end = it->second.start;
      return r;
    }
    if (p.empty()) return {};
    auto slash = p.rfind('/');
    p = slash == std::string::npos ? std::string() : p.substr(0, slash);
  }
}

void PositionIndex::merge(const PositionIndex& other) {
  for (const auto& [pointer, e] : other.entries_) {
    int id = add_file(other.files_[static_cast<size_t>(e.file_id)]);
    entries_[pointer] = Entry{id, e.start};
  }
}

}  // namespace forma
