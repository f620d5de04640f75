// Templates: literal text with "${expr}" interpolations and "%{if}"/"%{for}"
// directives, both at the top of a config string and inside quoted strings.
#include <cstdint>

#include "engine/expr/parser.h"

namespace forma::expr {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void append_utf8(std::string& into, uint32_t cp) {
  if (cp < 0x80) {
    into += static_cast<char>(cp);
  } else if (cp < 0x800) {
    into += static_cast<char>(0xC0 | (cp >> 6));
    into += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    into += static_cast<char>(0xE0 | (cp >> 12));
    into += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    into += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    into += static_cast<char>(0xF0 | (cp >> 18));
    into += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    into += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    into += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

void trim_trailing_space(std::string& s) {
  while (!s.empty() && is_space(s.back())) s.pop_back();
}

}  // namespace

// Parses parts until the end of the text (or the closing quote when `quoted`).
// Inside a directive body, `closing` receives the %{else}/%{endif}/%{endfor}
// keyword that ended it; at the top it is null and such a keyword is an error.
NodePtr Parser::template_parts(bool quoted, std::string* closing) {
  NestingGuard guard(*this, pos_);
  size_t begin = pos_;
  std::vector<NodePtr> parts;
  std::string literal;
  size_t literal_begin = pos_;
  auto flush = [&] {
    if (literal.empty()) return;
    NodePtr n = node(NodeKind::Literal, literal_begin);
    n->value = std::move(literal);
    literal.clear();
    parts.push_back(std::move(n));
  };
  while (true) {
    if (at_end()) {
      if (quoted) fail(pos_, "Unterminated template string", "A closing quote is missing.");
      if (closing) fail(pos_, "Unterminated template directive", "An %{end...} is missing.");
      break;
    }
    if (quoted && peek() == '"') {
      if (closing) fail(pos_, "Unterminated template directive", "An %{end...} is missing.");
      break;
    }
    if (literal.empty()) literal_begin = pos_;
    if (looking_at("$${") || looking_at("%%{")) {
      literal += peek();
      literal += '{';
      pos_ += 3;
    } else if (looking_at("${") || looking_at("%{")) {
      bool is_directive = peek() == '%';
      out_.interpolates = true;
      if (peek(2) == '~') trim_trailing_space(literal);
      flush();
      if (!is_directive) {
        parts.push_back(interpolation());
        continue;
      }
      std::string keyword;
      NodePtr d = directive(quoted, closing, keyword);
      if (!d) {  // %{else}, %{endif} or %{endfor}: this body is done
        *closing = keyword;
        break;
      }
      parts.push_back(std::move(d));
    } else if (quoted && peek() == '\\') {
      escape_sequence(literal);
    } else {
      literal += peek();
      ++pos_;
    }
  }
  flush();
  if (parts.empty()) {
    NodePtr n = node(NodeKind::Literal, begin);
    n->value = "";
    return n;
  }
  // "${x}" alone keeps x's type; so does plain text, which stays one literal.
  if (parts.size() == 1 && parts[0]->kind != NodeKind::TemplateIf &&
      parts[0]->kind != NodeKind::TemplateFor)
    return std::move(parts[0]);
  return node(NodeKind::Template, begin, std::move(parts));
}

NodePtr Parser::interpolation() {
  pos_ += 2;  // "${"
  if (peek() == '~') ++pos_;
  NodePtr e = expression();
  skip_space();
  bool strip = peek() == '~';
  if (strip) ++pos_;
  if (peek() != '}')
    fail(pos_, "Invalid interpolation",
         "Expected \"}\" to close the interpolation, but found " + describe_here() + ".");
  ++pos_;
  if (strip)
    while (is_space(peek())) ++pos_;
  return e;
}

// Returns null for a closing keyword (else, endif, endfor) after recording it.
NodePtr Parser::directive(bool quoted, std::string* closing, std::string& keyword) {
  size_t begin = pos_;
  pos_ += 2;  // "%{"
  if (peek() == '~') ++pos_;
  keyword = identifier("template directive");
  if (keyword == "if") return if_directive(quoted, begin);
  if (keyword == "for") return for_directive(quoted, begin);
  if (keyword == "else" || keyword == "endif" || keyword == "endfor") {
    if (!closing)
      fail(begin, "Unexpected %{" + keyword + "}",
           "There is no %{if} or %{for} directive open here.");
    close_directive();
    return nullptr;
  }
  fail(begin, "Invalid template directive",
       "Expected if, else, endif, for or endfor after \"%{\", but found \"" + keyword + "\".");
}

NodePtr Parser::if_directive(bool quoted, size_t begin) {
  std::vector<NodePtr> parts;
  parts.push_back(expression());
  close_directive();
  std::string ended_by;
  parts.push_back(template_parts(quoted, &ended_by));
  if (ended_by == "else") {
    parts.push_back(template_parts(quoted, &ended_by));
  } else {
    parts.push_back(nullptr);
  }
  if (ended_by != "endif")
    fail(pos_, "Unexpected %{" + ended_by + "}", "Expected %{endif} to close the %{if}.");
  return node(NodeKind::TemplateIf, begin, std::move(parts));
}

NodePtr Parser::for_directive(bool quoted, size_t begin) {
  std::string first = identifier("for variable");
  std::string second;
  if (accept(",")) second = identifier("for variable");
  skip_space();
  if (!looking_at_keyword("in"))
    fail(pos_, "Missing \"in\"", "Expected \"in\" after the %{for} variables.");
  pos_ += 2;
  std::vector<NodePtr> parts;
  parts.push_back(expression());
  close_directive();
  size_t locals_before = locals_.size();
  locals_.push_back(first);
  if (!second.empty()) locals_.push_back(second);
  std::string ended_by;
  parts.push_back(template_parts(quoted, &ended_by));
  locals_.resize(locals_before);
  if (ended_by != "endfor")
    fail(pos_, "Unexpected %{" + ended_by + "}", "Expected %{endfor} to close the %{for}.");
  NodePtr n = node(NodeKind::TemplateFor, begin, std::move(parts));
  n->key_var = second.empty() ? std::string() : first;
  n->value_var = second.empty() ? first : second;
  return n;
}

// The "}" ending a directive, with an optional "~" that strips the whitespace after it.
void Parser::close_directive() {
  skip_space();
  bool strip = peek() == '~';
  if (strip) ++pos_;
  if (peek() != '}')
    fail(pos_, "Invalid template directive",
         "Expected \"}\" to close the directive, but found " + describe_here() + ".");
  ++pos_;
  if (strip)
    while (is_space(peek())) ++pos_;
}

NodePtr Parser::quoted_string() {
  size_t begin = pos_;
  ++pos_;  // opening quote
  NodePtr n = template_parts(true, nullptr);
  ++pos_;  // closing quote, checked by template_parts
  n->begin = static_cast<uint32_t>(begin);
  n->end = static_cast<uint32_t>(pos_);
  return n;
}

void Parser::escape_sequence(std::string& into) {
  size_t begin = pos_;
  ++pos_;  // backslash
  char c = peek();
  ++pos_;
  switch (c) {
    case 'n': into += '\n'; return;
    case 't': into += '\t'; return;
    case 'r': into += '\r'; return;
    case '"': into += '"'; return;
    case '\\': into += '\\'; return;
    case 'u':
    case 'U': {
      size_t digits = c == 'u' ? 4 : 8;
      uint32_t cp = 0;
      for (size_t i = 0; i < digits; ++i) {
        char h = peek();
        int v = h >= '0' && h <= '9'   ? h - '0'
                : h >= 'a' && h <= 'f' ? h - 'a' + 10
                : h >= 'A' && h <= 'F' ? h - 'A' + 10
                                       : -1;
        if (v < 0) fail(begin, "Invalid escape sequence", "Expected hexadecimal digits after \\u.");
        cp = cp * 16 + static_cast<uint32_t>(v);
        ++pos_;
      }
      if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        fail(begin, "Invalid escape sequence", "This is not a valid Unicode character.");
      append_utf8(into, cp);
      return;
    }
    default:
      fail(begin, "Invalid escape sequence",
           "Only \\n, \\r, \\t, \\\", \\\\, \\uNNNN and \\UNNNNNNNN are allowed in strings.");
  }
}

}  // namespace forma::expr
