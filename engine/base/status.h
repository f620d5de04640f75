// Status: success, or one message saying what failed. For layers below the
// config language (state store, plugin processes) where there is no source
// position to report; callers wrap it in a Diagnostic.
#pragma once

#include <string>
#include <utility>

namespace forma {

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok() { return Status(); }
  static Status error(std::string message) { return Status(std::move(message)); }

  bool is_ok() const { return !failed_; }
  explicit operator bool() const { return !failed_; }
  const std::string& message() const { return message_; }

 private:
  explicit Status(std::string message) : failed_(true), message_(std::move(message)) {}
  bool failed_ = false;
  std::string message_;
};

}  // namespace forma
