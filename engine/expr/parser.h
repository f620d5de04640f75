// Recursive-descent parser for templates and expressions, working directly on
// characters because the two nest inside each other ("${ "a${b}" }").
// Private to engine/expr. Stops at the first error.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/expr/syntax.h"

namespace forma::expr {

inline bool is_name_start(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}
// HCL names may contain dashes: "a-b" is one name, "a - b" a subtraction.
inline bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9') || c == '-'; }

class Parser {
 public:
  // `out` receives the references; its file/where/json_path place diagnostics.
  Parser(std::string_view text, Expression& out, const ParseOptions& options = {})
      : text_(text), out_(out), options_(options) {}

  // Both return null and fill diags() on error. They never throw.
  NodePtr whole_template();
  NodePtr whole_expression();
  Diagnostics& diags() { return diags_; }

  // Nesting deeper than this is rejected, so hostile input cannot exhaust the stack.
  static constexpr int kMaxNesting = 200;
  static constexpr int kMaxHeight = 500;

 private:
  struct Failure {};  // unwinds to whole_*() once the diagnostic is recorded
  class NestingGuard {
   public:
    NestingGuard(Parser& p, size_t at) : p_(p) {
      if (++p_.nesting_ > kMaxNesting)
        p_.fail(at, "Expression is nested too deeply",
                "It nests more than " + std::to_string(kMaxNesting) + " levels.");
    }
    ~NestingGuard() { --p_.nesting_; }
    NestingGuard(const NestingGuard&) = delete;
    NestingGuard& operator=(const NestingGuard&) = delete;

   private:
    Parser& p_;
  };

  [[noreturn]] void fail(size_t at, std::string summary, std::string detail = {});
  NodePtr node(NodeKind kind, size_t begin, std::vector<NodePtr> children = {});

  // Characters.
  bool at_end() const { return pos_ >= text_.size(); }
  char peek(size_t ahead = 0) const {
    return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0';
  }
  bool looking_at(std::string_view s) const { return text_.substr(pos_, s.size()) == s; }
  bool looking_at_keyword(std::string_view word) const;
  void skip_space();
  bool accept(std::string_view token);  // skips space first
  void expect(std::string_view token, std::string_view where);
  std::string identifier(std::string_view what);
  std::string describe_here() const;

  // Expressions (parse_expression.cpp).
  NodePtr expression();
  NodePtr binary(int level);
  NodePtr unary();
  NodePtr primary();
  NodePtr postfix(NodePtr base, long ref_index);
  NodePtr splat(NodePtr source, bool full, size_t begin);
  NodePtr number(bool digits_only = false);
  NodePtr name_expression();
  NodePtr reference(std::string root, size_t begin);
  NodePtr call(std::string name, size_t begin);
  NodePtr tuple_or_for(size_t begin);
  NodePtr object_or_for(size_t begin);
  NodePtr object_key();
  NodePtr for_expression(bool object_result, size_t begin);
  bool is_local(const std::string& name) const;

  // Templates (parse_template.cpp).
  NodePtr template_parts(bool quoted, std::string* closing);
  NodePtr quoted_string();
  NodePtr interpolation();
  NodePtr directive(bool quoted, std::string* closing, std::string& keyword);
  NodePtr if_directive(bool quoted, size_t begin);
  NodePtr for_directive(bool quoted, size_t begin);
  void close_directive();
  void escape_sequence(std::string& into);

  std::string_view text_;
  Expression& out_;
  ParseOptions options_;
  size_t pos_ = 0;
  int nesting_ = 0;
  std::vector<std::string> locals_;  // for-expression variables in scope
  Diagnostics diags_;
};

}  // namespace forma::expr
