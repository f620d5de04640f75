#include "engine/provider/line_buffer.h"

namespace forma::provider {

std::optional<std::string> LineBuffer::next_line() {
  // Resuming the search where the last one stopped keeps a long line linear.
  size_t nl = pending_.find('\n', start_ + scanned_);
  if (nl == std::string::npos) {
    pending_.erase(0, start_);  // compact: keep only the unfinished line
    start_ = 0;
    scanned_ = pending_.size();
    return std::nullopt;
  }
  size_t end = nl;
  if (end > start_ && pending_[end - 1] == '\r') --end;
  std::string line = pending_.substr(start_, end - start_);
  start_ = nl + 1;
  scanned_ = 0;
  return line;
}

}  // namespace forma::provider
