// Output captured in memory for the UI tests.
#pragma once

#include <cstdio>
#include <string>

#include "engine/plan/plan.h"

namespace forma::ui::testing {

// A FILE* whose text is read back with text().
class Capture {
 public:
  Capture() : file_(open_memstream(&buf_, &size_)) {}
  ~Capture() {
    std::fclose(file_);
    std::free(buf_);
  }
  std::FILE* file() { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_, size_);
  }

 private:
  char* buf_ = nullptr;
  size_t size_ = 0;
  std::FILE* file_;
};

inline plan::ResourceChange change(const std::string& address, const std::string& type, plan::Action action,
                                   const std::string& mode = "managed") {
  plan::ResourceChange c;
  c.address = address;
  c.type = type;
  c.mode = mode;
  c.action = action;
  return c;
}

}  // namespace forma::ui::testing
