// ARM template expressions: the text between '[' and ']' of a JSON string,
// parsed into a tree of literals, function calls and property/index accesses.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace forma::azure::tmpl {

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  enum class Kind { String, Integer, Float, Call, Property, Index };
  Kind kind = Kind::String;
  int offset = 0;    // where it starts in the JSON string, 0-based (the '[' is 0)
  std::string text;  // String: the value; Call: the name ("ns.member" for user functions); Property: the name
  int64_t integer = 0;        // Integer
  double number = 0;          // Float
  std::vector<ExprPtr> args;  // Call: arguments; Property: [object]; Index: [object, index]
};

struct ParsedExpression {
  ExprPtr expr;       // null on error
  std::string error;  // one sentence
  int error_offset = 0;
};

// True when the JSON string `s` is an expression: "[...]" but not "[[...]".
bool is_expression(std::string_view s);
// The literal a JSON string stands for when it is not an expression ("[[x]" -> "[x]").
std::string literal_value(std::string_view s);
// Parses an expression string, brackets included.
ParsedExpression parse_expression(std::string_view s);

}  // namespace forma::azure::tmpl
