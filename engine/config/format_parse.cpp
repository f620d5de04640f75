#include "engine/config/format_tree.h"

namespace forma::config::fmt {
namespace {

using K = Token::Kind;

// Deeper nesting than this is refused rather than risking the stack.
constexpr int kMaxDepth = 256;

std::string describe(const Token& t) {
  switch (t.kind) {
    case K::End: return "the end of the file";
    case K::String: return "a string";
    case K::Scalar: return "\"" + t.text + "\"";
    default: return "'" + t.text + "'";
  }
}

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, const std::string& filename) : t_(tokens), filename_(filename) {}

  std::optional<Document> document(Diagnostic& error) {
    Document doc;
    doc.root.leading = own_line_comments();
    if (peek().kind == K::End) {
      fail("the file has no content; a JSON object is expected");
    } else {
      doc.root.blank_before = peek().newlines_before >= 2;
      doc.root.value = value();
      if (ok_) {
        bool had_comma = false;
        doc.after = item_tail(doc.root, had_comma);
        if (had_comma || peek().kind != K::End) fail("unexpected " + describe(peek()) + " after the end of the document");
      }
    }
    if (!ok_) {
      error = error_;
      return std::nullopt;
    }
    return doc;
  }

 private:
  const Token& peek() const { return t_[i_]; }
  const Token& advance() { return t_[i_ < t_.size() - 1 ? i_++ : i_]; }
  bool is_comment() const { return peek().kind == K::LineComment || peek().kind == K::BlockComment; }

  void fail(const std::string& summary, const std::string& detail = {}) {
    if (!ok_) return;  // keep the first error
    ok_ = false;
    error_ = Diagnostic::error(summary, detail, SourceRange{filename_, peek().pos, peek().pos});
  }

  Comment take_comment() {
    const Token& t = advance();
    return {t.text, t.kind == K::BlockComment, t.newlines_before > 0, t.newlines_before >= 2};
  }

  // Comments on the line where the previous token ended.
  std::vector<Comment> same_line_comments() {
    std::vector<Comment> out;
    while (is_comment() && peek().newlines_before == 0) out.push_back(take_comment());
    return out;
  }

  std::vector<Comment> own_line_comments() {
    std::vector<Comment> out;
    while (is_comment()) out.push_back(take_comment());
    return out;
  }

  // After an item's value: its end-of-line comments and its comma. Returns
  // the comments that belong to whatever comes next.
  std::vector<Comment> item_tail(Item& item, bool& had_comma) {
    item.trailing = same_line_comments();
    std::vector<Comment> pending = own_line_comments();
    had_comma = peek().kind == K::Comma;
    if (had_comma) {
      advance();
      if (pending.empty()) item.trailing = concat(item.trailing, same_line_comments());
      pending = concat(pending, own_line_comments());
    }
    return pending;
  }

  static std::vector<Comment> concat(std::vector<Comment> a, const std::vector<Comment>& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }

  std::unique_ptr<Node> value() {
    auto n = std::make_unique<Node>();
    if (depth_ >= kMaxDepth) {
      fail("the document is nested more than 256 levels deep");
      return n;
    }
    switch (peek().kind) {
      case K::LBrace: ++depth_; container(*n, Node::Kind::Object); --depth_; break;
      case K::LBracket: ++depth_; container(*n, Node::Kind::Array); --depth_; break;
      case K::String:
      case K::Scalar: n->text = advance().text; break;
      default: fail("expected a value, found " + describe(peek()));
    }
    return n;
  }

  // Before an object member's value: its key, the colon, and any comments
  // among them (block comments stay inline, line comments move above).
  bool member_key(Item& item) {
    if (peek().kind != K::String) {
      fail("expected a quoted key, found " + describe(peek()), "Object keys are strings in double quotes.");
      return false;
    }
    item.blank_before = peek().newlines_before >= 2;
    item.key = advance().text;
    for (int part = 0; part < 2; ++part) {
      for (Comment& c : own_line_comments()) (c.block ? item.before_value : item.leading).push_back(c);
      if (part == 1) break;
      if (peek().kind != K::Colon) {
        fail("expected ':' after the key " + item.key + ", found " + describe(peek()));
        return false;
      }
      advance();
    }
    return true;
  }

  void container(Node& n, Node::Kind kind) {
    bool object = kind == Node::Kind::Object;
    K close = object ? K::RBrace : K::RBracket;
    const char* close_text = object ? "'}'" : "']'";
    n.kind = kind;
    advance();
    n.after_open = same_line_comments();
    std::vector<Comment> pending = own_line_comments();
    bool had_comma = false;
    while (ok_) {
      if (peek().kind == close) {
        if (had_comma) fail(std::string("trailing comma before ") + close_text, "Remove the comma after the last element.");
        n.dangling = pending;
        advance();
        return;
      }
      if (!n.items.empty() && !had_comma) {
        fail(std::string("expected ',' or ") + close_text + ", found " + describe(peek()));
        return;
      }
      Item item;
      item.leading = pending;
      if (object && !member_key(item)) return;
      if (!object) item.blank_before = peek().newlines_before >= 2;
      item.value = value();
      pending = item_tail(item, had_comma);
      n.items.push_back(std::move(item));
    }
  }

  const std::vector<Token>& t_;
  const std::string& filename_;
  size_t i_ = 0;
  int depth_ = 0;
  bool ok_ = true;
  Diagnostic error_;
};

}  // namespace

std::optional<Document> parse(const std::vector<Token>& tokens, const std::string& filename, Diagnostic& error) {
  return Parser(tokens, filename).document(error);
}

}  // namespace forma::config::fmt
