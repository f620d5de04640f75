#include "engine/config/jsonc.h"

#include <charconv>
#include <cstdint>
#include <fstream>
#include <sstream>

#include "engine/base/text.h"

namespace forma::config {
namespace {

// Thrown inside the parser only; parse_jsonc turns it into a Diagnostic.
struct SyntaxError {
  std::string summary;
  SourcePos pos;
};

// Deep nesting would overflow the stack of this recursive parser.
constexpr int kMaxDepth = 512;

void append_pointer_token(std::string& pointer, std::string_view token) {
  pointer.push_back('/');
  for (char c : token) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer.push_back(c);
    }
  }
}

void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 if it is invalid.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b = byte(i);
  size_t len = b >= 0xF0 && b <= 0xF4 ? 4 : b >= 0xE0 ? 3 : b >= 0xC2 && b <= 0xDF ? 2 : 0;
  if (len == 0 || i + len > s.size()) return 0;
  for (size_t k = 1; k < len; ++k)
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
  uint32_t second = byte(i + 1);
  if (b == 0xE0 && second < 0xA0) return 0;  // overlong
  if (b == 0xED && second > 0x9F) return 0;  // surrogate
  if (b == 0xF0 && second < 0x90) return 0;  // overlong
  if (b == 0xF4 && second > 0x8F) return 0;  // beyond U+10FFFF
  return len;
}

class Parser {
 public:
  Parser(std::string_view text, JsoncDocument& doc) : text_(text), doc_(doc) {}

  void parse_document() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // byte order mark
    skip_space();
    if (at_end()) fail("the file is empty; expected a JSON value", here());
    parse_value(doc_.value, 0);
    skip_space();
    if (!at_end()) fail("unexpected content after the end of the document", here());
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  SourcePos here() const { return position_of(pos_); }
  SourcePos position_of(size_t offset) const {
    return SourcePos{line_, static_cast<int>(offset - line_start_) + 1};
  }
  [[noreturn]] void fail(std::string summary, SourcePos pos) const {
    throw SyntaxError{std::move(summary), pos};
  }
  void newline_at(size_t offset) {
    ++line_;
    line_start_ = offset + 1;
  }

  void skip_space() {
    while (!at_end()) {
      char c = text_[pos_];
      if (c == '\n') {
        newline_at(pos_++);
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '/') {
        while (!at_end() && text_[pos_] != '\n') ++pos_;
      } else if (c == '/' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '*') {
        skip_block_comment();
      } else {
        return;
      }
    }
  }

  void skip_block_comment() {
    SourcePos start = here();
    pos_ += 2;
    while (pos_ + 1 < text_.size() && !(text_[pos_] == '*' && text_[pos_ + 1] == '/')) {
      if (text_[pos_] == '\n') newline_at(pos_);
      ++pos_;
    }
    if (pos_ + 1 >= text_.size()) fail("unterminated /* comment", start);
    pos_ += 2;
  }

  void record(SourcePos pos) { doc_.positions.push_back(JsoncPosition{pointer_, pos}); }

  void parse_value(json& out, int depth) {
    if (depth > kMaxDepth) fail("values are nested too deeply", here());
    record(here());
    char c = peek();
    if (c == '{') {
      parse_object(out, depth);
    } else if (c == '[') {
      parse_array(out, depth);
    } else if (c == '"') {
      std::string s;
      parse_string(s);
      out = std::move(s);
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      parse_number(out);
    } else {
      parse_literal(out);
    }
  }

  void parse_literal(json& out) {
    auto word_is = [&](std::string_view w) { return text_.substr(pos_, w.size()) == w; };
    if (word_is("true")) {
      out = true, pos_ += 4;
    } else if (word_is("false")) {
      out = false, pos_ += 5;
    } else if (word_is("null")) {
      out = nullptr, pos_ += 4;
    } else if (peek() == '\'') {
      fail("strings must use double quotes", here());
    } else if (at_end()) {
      fail("unexpected end of file; expected a value", here());
    } else {
      fail("expected a value (object, array, string, number, true, false or null)", here());
    }
  }

  void parse_object(json& out, int depth) {
    out = json::object();
    ++pos_;  // '{'
    skip_space();
    if (peek() == '}') {
      ++pos_;
      return;
    }
    while (true) {
      if (peek() != '"') fail("expected a double-quoted object key", here());
      SourcePos key_pos = here();
      std::string key;
      parse_string(key);
      skip_space();
      if (peek() != ':') fail("expected ':' after object key", here());
      ++pos_;
      skip_space();
      size_t saved = pointer_.size();
      append_pointer_token(pointer_, key);
      pointer_ += kKeySuffix;
      record(key_pos);
      pointer_.resize(pointer_.size() - kKeySuffix.size());
      auto [it, inserted] = out.emplace(key, nullptr);
      if (!inserted) fail("duplicate key " + quote(key), key_pos);
      parse_value(it.value(), depth + 1);
      pointer_.resize(saved);
      skip_space();
      if (peek() == '}') {
        ++pos_;
        return;
      }
      if (peek() != ',') fail("expected ',' or '}' after object member", here());
      SourcePos comma = here();
      ++pos_;
      skip_space();
      if (peek() == '}') fail("trailing comma is not allowed", comma);
    }
  }

  void parse_array(json& out, int depth) {
    out = json::array();
    ++pos_;  // '['
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    while (true) {
      size_t saved = pointer_.size();
      append_pointer_token(pointer_, std::to_string(out.size()));
      out.push_back(nullptr);
      parse_value(out.back(), depth + 1);
      pointer_.resize(saved);
      skip_space();
      if (peek() == ']') {
        ++pos_;
        return;
      }
      if (peek() != ',') fail("expected ',' or ']' after array element", here());
      SourcePos comma = here();
      ++pos_;
      skip_space();
      if (peek() == ']') fail("trailing comma is not allowed", comma);
    }
  }

  // Copies runs of plain characters at once; only escapes are decoded one by one.
  void parse_string(std::string& out) {
    SourcePos start = here();
    ++pos_;  // opening quote
    while (true) {
      size_t run = pos_;
      while (pos_ < text_.size()) {
        auto c = static_cast<unsigned char>(text_[pos_]);
        if (c == '"' || c == '\\' || c < 0x20) break;
        if (c >= 0x80) {
          size_t len = utf8_sequence_length(text_, pos_);
          if (len == 0) fail("invalid UTF-8 in string", here());
          pos_ += len;
        } else {
          ++pos_;
        }
      }
      out.append(text_.data() + run, pos_ - run);
      if (at_end() || text_[pos_] == '\n') fail("unterminated string", start);
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c == '\\') {
        parse_escape(out);
      } else {
        fail("control characters must be escaped in strings", here());
      }
    }
  }

  void parse_escape(std::string& out) {
    SourcePos at = here();
    ++pos_;  // backslash
    if (at_end()) fail("unterminated string", at);
    char e = text_[pos_++];
    switch (e) {
      case '"': out.push_back('"'); return;
      case '\\': out.push_back('\\'); return;
      case '/': out.push_back('/'); return;
      case 'b': out.push_back('\b'); return;
      case 'f': out.push_back('\f'); return;
      case 'n': out.push_back('\n'); return;
      case 'r': out.push_back('\r'); return;
      case 't': out.push_back('\t'); return;
      case 'u': break;
      default: fail(std::string("invalid escape '\\") + e + "' in string", at);
    }
    uint32_t cp = parse_hex4(at);
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail("invalid \\u escape: unpaired low surrogate", at);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") fail("invalid \\u escape: unpaired high surrogate", at);
      pos_ += 2;
      uint32_t low = parse_hex4(at);
      if (low < 0xDC00 || low > 0xDFFF) fail("invalid \\u escape: unpaired high surrogate", at);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
  }

  uint32_t parse_hex4(SourcePos escape_pos) {
    if (pos_ + 4 > text_.size()) fail("invalid \\u escape: expected 4 hex digits", escape_pos);
    uint32_t value = 0;
    auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, value, 16);
    if (ec != std::errc() || end != text_.data() + pos_ + 4 || text_[pos_] == '+' || text_[pos_] == '-')
      fail("invalid \\u escape: expected 4 hex digits", escape_pos);
    pos_ += 4;
    return value;
  }

  void parse_number(json& out) {
    SourcePos start = here();
    size_t begin = pos_;
    auto digits = [&] {
      size_t first = pos_;
      while (!at_end() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ - first;
    };
    if (peek() == '-') ++pos_;
    if (peek() == '0') {
      ++pos_;
      if (peek() >= '0' && peek() <= '9') fail("invalid number: leading zeros are not allowed", start);
    } else if (digits() == 0) {
      fail("invalid number", start);
    }
    bool integral = true;
    if (peek() == '.') {
      ++pos_, integral = false;
      if (digits() == 0) fail("invalid number: expected digits after '.'", start);
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_, integral = false;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0) fail("invalid number: expected digits in the exponent", start);
    }
    const char* first = text_.data() + begin;
    const char* last = text_.data() + pos_;
    if (integral && store_integer(first, last, out)) return;
    double d = 0;
    auto [end, ec] = std::from_chars(first, last, d);
    if (ec != std::errc() || end != last) fail("invalid number: out of range", start);
    out = d;
  }

  static bool store_integer(const char* first, const char* last, json& out) {
    int64_t i = 0;
    if (auto r = std::from_chars(first, last, i); r.ec == std::errc() && r.ptr == last) {
      out = i;
      return true;
    }
    uint64_t u = 0;
    if (auto r = std::from_chars(first, last, u); r.ec == std::errc() && r.ptr == last) {
      out = u;
      return true;
    }
    return false;  // too large: falls back to double like other JSON parsers
  }

  std::string_view text_;
  JsoncDocument& doc_;
  size_t pos_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  std::string pointer_;
};

}  // namespace

std::string key_pointer(const std::string& pointer) {
  return pointer + std::string(kKeySuffix);
}

JsoncDocument parse_jsonc(std::string_view text, const std::string& file) {
  JsoncDocument doc;
  try {
    Parser(text, doc).parse_document();
  } catch (const SyntaxError& e) {
    SourceRange range{file, e.pos, e.pos};
    doc.error = Diagnostic::error(e.summary, "The file must be JSON; // and /* */ comments are allowed.", range);
  } catch (const std::exception& e) {  // allocation failure and the like
    doc.error = Diagnostic::error("Cannot parse " + file, e.what(), SourceRange{file, {}, {}});
  }
  return doc;
}

std::optional<Diagnostic> parse_jsonc_into(std::string_view text, const std::string& file,
                                           json& out, PositionIndex& index) {
  JsoncDocument doc = parse_jsonc(text, file);
  int id = index.add_file(file);
  for (const auto& p : doc.positions) index.add(p.pointer, id, p.pos);
  out = std::move(doc.value);
  return doc.error;
}

std::optional<std::string> read_text_file(const std::string& path, std::string& error) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open file";
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "cannot read file";
    return std::nullopt;
  }
  return std::move(buffer).str();
}

}  // namespace forma::config
