#include "providers/azure/template/expression.h"

#include <cctype>
#include <charconv>

namespace forma::azure::tmpl {
namespace {

struct ParseFailure {
  std::string message;
  int offset;
};

class ExpressionParser {
 public:
  ExpressionParser(std::string_view s, int end) : s_(s), end_(end) {}

  ExprPtr parse_all() {
    pos_ = 1;
    ExprPtr e = parse_postfix();
    skip_space();
    if (pos_ < end_) fail("Unexpected '" + std::string(1, s_[pos_]) + "' after the end of the expression");
    return e;
  }

 private:
  [[noreturn]] void fail(const std::string& message) { throw ParseFailure{message, pos_}; }

  void skip_space() {
    while (pos_ < end_ && std::isspace(static_cast<unsigned char>(s_[pos_]))) ++pos_;
  }

  bool at(char c) {
    skip_space();
    return pos_ < end_ && s_[pos_] == c;
  }

  void expect(char c, const std::string& what) {
    if (!at(c)) {
      if (pos_ >= end_) fail(std::string("The expression ends where ") + what + " was expected");
      fail(std::string("Expected ") + what + " but found '" + std::string(1, s_[pos_]) + "'");
    }
    ++pos_;
  }

  static bool ident_start(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  }
  static bool ident_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$';
  }

  std::string identifier() {
    int start = pos_;
    while (pos_ < end_ && ident_char(s_[pos_])) ++pos_;
    return std::string(s_.substr(start, pos_ - start));
  }

  ExprPtr parse_postfix() {
    if (++depth_ > kMaxDepth) fail("The expression nests calls too deeply");
    ExprPtr e = parse_primary();
    --depth_;
    for (;;) {
      if (at('.')) {
        int start = pos_++;
        skip_space();
        if (pos_ >= end_ || !ident_start(s_[pos_])) fail("Expected a property name after '.'");
        auto p = std::make_shared<Expr>();
        p->kind = Expr::Kind::Property;
        p->offset = start;
        p->text = identifier();
        p->args.push_back(e);
        e = p;
      } else if (at('[')) {
        int start = pos_++;
        auto p = std::make_shared<Expr>();
        p->kind = Expr::Kind::Index;
        p->offset = start;
        p->args.push_back(e);
        p->args.push_back(parse_postfix());
        expect(']', "']'");
        e = p;
      } else {
        return e;
      }
    }
  }

  ExprPtr parse_primary() {
    skip_space();
    if (pos_ >= end_) fail("The expression is empty or ends too early");
    char c = s_[pos_];
    if (c == '\'') return parse_string();
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') return parse_number();
    if (ident_start(c)) return parse_call();
    fail("Unexpected '" + std::string(1, c) + "': expected a function call, a 'string' or a number");
  }

  ExprPtr parse_string() {
    auto e = std::make_shared<Expr>();
    e->kind = Expr::Kind::String;
    e->offset = pos_++;
    for (;;) {
      if (pos_ >= end_) {
        pos_ = e->offset;
        fail("The string literal is not closed with '");
      }
      char c = s_[pos_++];
      if (c == '\'') {
        if (pos_ < end_ && s_[pos_] == '\'') {
          e->text.push_back('\'');
          ++pos_;
          continue;
        }
        return e;
      }
      e->text.push_back(c);
    }
  }

  ExprPtr parse_number() {
    auto e = std::make_shared<Expr>();
    e->offset = pos_;
    int start = pos_;
    if (s_[pos_] == '-') ++pos_;
    bool is_float = false;
    while (pos_ < end_ && (std::isdigit(static_cast<unsigned char>(s_[pos_])) || s_[pos_] == '.')) {
      if (s_[pos_] == '.') is_float = true;
      ++pos_;
    }
    std::string_view digits = s_.substr(start, pos_ - start);
    if (digits == "-" || digits.back() == '.') {
      pos_ = start;
      fail("'" + std::string(digits) + "' is not a number");
    }
    if (pos_ < end_ && ident_char(s_[pos_])) fail("A number may not be followed by a letter");
    if (is_float) {
      e->kind = Expr::Kind::Float;
      try {
        e->number = std::stod(std::string(digits));
      } catch (const std::exception&) {
        pos_ = start;
        fail("The number " + std::string(digits) + " is out of range");
      }
      return e;
    }
    e->kind = Expr::Kind::Integer;
    auto [p, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), e->integer);
    if (ec != std::errc() || p != digits.data() + digits.size()) {
      pos_ = start;
      fail("The integer " + std::string(digits) + " does not fit in 64 bits");
    }
    return e;
  }

  ExprPtr parse_call() {
    auto e = std::make_shared<Expr>();
    e->kind = Expr::Kind::Call;
    e->offset = pos_;
    e->text = identifier();
    // A user-defined function: namespace.member(...)
    if (pos_ < end_ && s_[pos_] == '.') {
      int dot = pos_;
      ++pos_;
      std::string member = identifier();
      skip_space();
      if (!member.empty() && pos_ < end_ && s_[pos_] == '(') {
        e->text += "." + member;
      } else {
        pos_ = dot;
      }
    }
    if (!at('(')) fail("Expected '(' after the function name '" + e->text + "'");
    ++pos_;
    if (at(')')) {
      ++pos_;
      return e;
    }
    for (;;) {
      e->args.push_back(parse_postfix());
      if (at(',')) {
        ++pos_;
        continue;
      }
      expect(')', "',' or ')' to close the call of '" + e->text + "'");
      return e;
    }
  }

  static constexpr int kMaxDepth = 200;  // a recursive parser: bound the stack
  std::string_view s_;
  int end_;
  int pos_ = 0;
  int depth_ = 0;
};

}  // namespace

bool is_expression(std::string_view s) {
  return s.size() >= 2 && s.front() == '[' && s.back() == ']' && s[1] != '[';
}

std::string literal_value(std::string_view s) {
  if (s.size() >= 2 && s[0] == '[' && s[1] == '[' && s.back() == ']') return std::string(s.substr(1));
  return std::string(s);
}

ParsedExpression parse_expression(std::string_view s) {
  ParsedExpression out;
  if (!is_expression(s)) {
    out.error = "Not an expression: it must start with '[' and end with ']'";
    return out;
  }
  try {
    ExpressionParser parser(s, static_cast<int>(s.size()) - 1);
    out.expr = parser.parse_all();
  } catch (const ParseFailure& f) {
    out.error = f.message;
    out.error_offset = f.offset;
  }
  return out;
}

}  // namespace forma::azure::tmpl
