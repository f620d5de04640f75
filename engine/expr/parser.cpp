#include "engine/expr/parser.h"

#include <algorithm>
#include <exception>

namespace forma::expr {

NodePtr Parser::whole_template() {
  try {
    NodePtr root = template_parts(false, nullptr);
    return root;
  } catch (const Failure&) {
  } catch (const std::exception& e) {
    diags_.push_back(Diagnostic::error("Invalid template", e.what(), out_.range_of(0, 0),
                                       out_.json_path));
  }
  return nullptr;
}

NodePtr Parser::whole_expression() {
  try {
    skip_space();
    if (at_end()) fail(pos_, "Invalid expression", "An expression is required here.");
    NodePtr root = expression();
    skip_space();
    if (!at_end())
      fail(pos_, "Extra characters after expression",
           "Found " + describe_here() + " where the expression should have ended.");
    return root;
  } catch (const Failure&) {
  } catch (const std::exception& e) {
    diags_.push_back(Diagnostic::error("Invalid expression", e.what(), out_.range_of(0, 0),
                                       out_.json_path));
  }
  return nullptr;
}

void Parser::fail(size_t at, std::string summary, std::string detail) {
  auto offset = static_cast<uint32_t>(std::min(at, text_.size()));
  diags_.push_back(Diagnostic::error(std::move(summary), std::move(detail),
                                     out_.range_of(offset, offset), out_.json_path));
  throw Failure{};
}

NodePtr Parser::node(NodeKind kind, size_t begin, std::vector<NodePtr> children) {
  auto n = std::make_unique<Node>();
  n->kind = kind;
  n->begin = static_cast<uint32_t>(begin);
  n->end = static_cast<uint32_t>(pos_);
  for (const auto& c : children)
    if (c) n->height = std::max(n->height, c->height + 1);
  n->children = std::move(children);
  if (n->height > kMaxHeight)
    fail(begin, "Expression is too complex",
         "It nests more than " + std::to_string(kMaxHeight) + " levels of operations.");
  return n;
}

bool Parser::looking_at_keyword(std::string_view word) const {
  return looking_at(word) && !is_name_char(peek(word.size()));
}

void Parser::skip_space() {
  while (!at_end()) {
    char c = peek();
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      ++pos_;
    } else if (c == '#' || looking_at("//")) {
      while (!at_end() && peek() != '\n') ++pos_;
    } else if (looking_at("/*")) {
      size_t close = text_.find("*/", pos_ + 2);
      if (close == std::string_view::npos) fail(pos_, "Unterminated comment");
      pos_ = close + 2;
    } else {
      return;
    }
  }
}

bool Parser::accept(std::string_view token) {
  skip_space();
  if (!looking_at(token)) return false;
  pos_ += token.size();
  return true;
}

void Parser::expect(std::string_view token, std::string_view where) {
  if (accept(token)) return;
  fail(pos_, "Missing \"" + std::string(token) + "\"",
       "Expected \"" + std::string(token) + "\" " + std::string(where) + ", but found " +
           describe_here() + ".");
}

std::string Parser::identifier(std::string_view what) {
  skip_space();
  if (!is_name_start(peek()))
    fail(pos_, "Invalid " + std::string(what),
         "Expected a name, but found " + describe_here() + ".");
  size_t begin = pos_;
  while (is_name_char(peek())) ++pos_;
  return std::string(text_.substr(begin, pos_ - begin));
}

std::string Parser::describe_here() const {
  if (at_end()) return "the end of the text";
  char c = peek();
  if (c == '\n') return "a new line";
  if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f)
    return "an unexpected character";
  return "\"" + std::string(1, c) + "\"";
}

bool Parser::is_local(const std::string& name) const {
  return std::find(locals_.begin(), locals_.end(), name) != locals_.end();
}

}  // namespace forma::expr
