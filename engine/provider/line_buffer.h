// Splits a byte stream into newline-terminated lines, refusing lines longer
// than a limit so a misbehaving plugin cannot make the engine grow without bound.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace forma::provider {

class LineBuffer {
 public:
  explicit LineBuffer(size_t max_line_bytes) : max_line_bytes_(max_line_bytes) {}

  void append(std::string_view bytes) { pending_.append(bytes); }
  // The next complete line without its "\n" (and without a trailing "\r").
  std::optional<std::string> next_line();
  // True once the unfinished line is longer than the limit.
  bool overflowed() const { return pending_.size() - start_ > max_line_bytes_; }
  // The start of whatever is buffered, for error messages.
  std::string_view peek() const { return std::string_view(pending_).substr(start_); }

 private:
  size_t max_line_bytes_;
  std::string pending_;
  size_t start_ = 0;    // consumed prefix of pending_, compacted lazily
  size_t scanned_ = 0;  // bytes from start_ known to hold no newline
};

}  // namespace forma::provider
