#include "engine/config/jsonc.h"

#include <cerrno>
#include <charconv>
#include <cstring>
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
  std::string detail;  // what to do about it
};

constexpr const char* kNumbers = "Numbers are written as in JSON: 12, -3, 0.5, 1e6.";
constexpr const char* kSurrogates =
    "A character beyond U+FFFF is written as a pair: \\ud83d\\ude00; or write the character itself.";
constexpr const char* kCloseEverything = "The file ends too early: close every open { with } and [ with ].";

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
    if (at_end()) fail("The file is empty", here(), "Write one JSON value in it, for example {}.");
    parse_value(doc_.value, 0);
    skip_space();
    if (!at_end())
      fail("Unexpected content after the end of the JSON value", here(),
           "A file holds one JSON value. Remove what follows it, or merge both into one object.");
  }

 private:
  bool at_end() const { return pos_ >= text_.size(); }
  char peek() const { return at_end() ? '\0' : text_[pos_]; }
  SourcePos here() const { return position_of(pos_); }
  SourcePos position_of(size_t offset) const {
    return SourcePos{line_, static_cast<int>(offset - line_start_) + 1};
  }
  [[noreturn]] void fail(std::string summary, SourcePos pos, std::string detail) const {
    throw SyntaxError{std::move(summary), pos, std::move(detail)};
  }
  // The character at the current position, as a user would name it.
  std::string found() const {
    if (at_end()) return "the end of the file";
    auto c = static_cast<unsigned char>(peek());
    if (c < 0x20 || c >= 0x7F) return "a byte 0x" + hex_byte(c);
    return "'" + std::string(1, static_cast<char>(c)) + "'";
  }
  static std::string hex_byte(unsigned char c) {
    const char* digits = "0123456789ABCDEF";
    return {digits[c >> 4], digits[c & 15]};
  }
  // True if a value could start here: the member or element before lacks its comma.
  bool value_starts_here() const {
    char c = peek();
    return c == '"' || c == '{' || c == '[' || c == '-' || (c >= '0' && c <= '9') || c == 't' || c == 'f' ||
           c == 'n';
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
    if (pos_ + 1 >= text_.size()) fail("Unterminated /* comment", start, "Close the comment with */.");
    pos_ += 2;
  }

  void record(SourcePos pos) { doc_.positions.push_back(JsoncPosition{pointer_, pos}); }

  void parse_value(json& out, int depth) {
    if (depth > kMaxDepth)
      fail("Values are nested too deeply", here(), "Nest objects and arrays at most 512 levels deep.");
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
      fail("Strings must use double quotes", here(), "Write \"text\", not 'text'.");
    } else if (at_end()) {
      fail("Unexpected end of file; expected a value", here(), kCloseEverything);
    } else {
      fail("Expected a value, found " + found(), here(),
           "A value is an object, array, string in double quotes, number, true, false or null.");
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
      if (peek() != '"')
        fail("Expected a double-quoted object key, found " + found(), here(),
             "Object keys are strings in double quotes: {\"name\": \"value\"}.");
      SourcePos key_pos = here();
      std::string key;
      parse_string(key);
      skip_space();
      if (peek() != ':')
        fail("Expected ':' after the object key " + quote(key) + ", found " + found(), here(),
             "Write a member as \"key\": value.");
      ++pos_;
      skip_space();
      size_t saved = pointer_.size();
      append_pointer_token(pointer_, key);
      pointer_ += kKeySuffix;
      record(key_pos);
      pointer_.resize(pointer_.size() - kKeySuffix.size());
      auto [it, inserted] = out.emplace(key, nullptr);
      if (!inserted) fail_duplicate(key, key_pos);
      parse_value(it.value(), depth + 1);
      pointer_.resize(saved);
      skip_space();
      if (peek() == '}') {
        ++pos_;
        return;
      }
      if (peek() != ',') fail_separator('}', "object member");
      SourcePos comma = here();
      ++pos_;
      skip_space();
      if (peek() == '}') fail_trailing_comma(comma);
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
      if (peek() != ',') fail_separator(']', "array element");
      SourcePos comma = here();
      ++pos_;
      skip_space();
      if (peek() == ']') fail_trailing_comma(comma);
    }
  }

  [[noreturn]] void fail_trailing_comma(SourcePos comma) const {
    fail("Trailing comma is not allowed", comma,
         "JSON allows no comma after the last member of an object or array; remove it.");
  }

  // After a member or element comes ',' or the closing bracket.
  [[noreturn]] void fail_separator(char close, const std::string& what) const {
    if (at_end()) fail("Unexpected end of file; expected ',' or '" + std::string(1, close) + "'", here(), kCloseEverything);
    if (value_starts_here())
      fail("Missing ',' after the previous " + what, here(),
           "Separate the members of an object and the elements of an array with commas.");
    fail("Expected ',' or '" + std::string(1, close) + "' after an " + what + ", found " + found(), here(),
         "Separate the members of an object and the elements of an array with commas.");
  }

  // Names where the key was first written, which is the one to keep or remove.
  // pointer_ is already the member's.
  [[noreturn]] void fail_duplicate(const std::string& key, SourcePos pos) const {
    std::string pointer = pointer_ + std::string(kKeySuffix);
    std::string first;
    for (const auto& p : doc_.positions) {
      if (p.pointer != pointer) continue;
      first = " at line " + std::to_string(p.pos.line) + ", column " + std::to_string(p.pos.column);
      break;
    }
    fail("Duplicate key " + quote(key), pos,
         "This object already has the key " + quote(key) + first + ". Remove one of them or rename it.");
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
          if (len == 0)
            fail("Invalid UTF-8 in string", here(),
                 "forma reads files as UTF-8. Save the file in that encoding; the byte here is 0x" +
                     hex_byte(static_cast<unsigned char>(text_[pos_])) + ".");
          pos_ += len;
        } else {
          ++pos_;
        }
      }
      out.append(text_.data() + run, pos_ - run);
      if (at_end() || text_[pos_] == '\n')
        fail("Unterminated string", start,
             "Close the string with \" on the same line; write a line break inside a string as \\n.");
      char c = text_[pos_];
      if (c == '"') {
        ++pos_;
        return;
      }
      if (c == '\\') {
        parse_escape(out);
      } else {
        fail("Control character in string", here(), "Write control characters as escapes, such as \\t for a tab.");
      }
    }
  }

  void parse_escape(std::string& out) {
    SourcePos at = here();
    ++pos_;  // backslash
    if (at_end()) fail("Unterminated string", at, "Close the string with \".");
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
      default:
        fail(std::string("Invalid escape '\\") + e + "' in string", at,
             "The escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX. Write a backslash as \\\\; "
             "in paths / works too.");
    }
    uint32_t cp = parse_hex4(at);
    if (cp >= 0xDC00 && cp <= 0xDFFF) fail("Invalid \\u escape: unpaired low surrogate", at, kSurrogates);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
      if (text_.substr(pos_, 2) != "\\u") fail("Invalid \\u escape: unpaired high surrogate", at, kSurrogates);
      pos_ += 2;
      uint32_t low = parse_hex4(at);
      if (low < 0xDC00 || low > 0xDFFF) fail("Invalid \\u escape: unpaired high surrogate", at, kSurrogates);
      cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
    }
    append_utf8(out, cp);
  }

  uint32_t parse_hex4(SourcePos escape_pos) {
    if (pos_ + 4 > text_.size()) fail("Invalid \\u escape: expected 4 hex digits", escape_pos, "Write \\u and four hex digits, such as \\u00e9.");
    uint32_t value = 0;
    auto [end, ec] = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, value, 16);
    if (ec != std::errc() || end != text_.data() + pos_ + 4 || text_[pos_] == '+' || text_[pos_] == '-')
      fail("Invalid \\u escape: expected 4 hex digits", escape_pos, "Write \\u and four hex digits, such as \\u00e9.");
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
      if (peek() >= '0' && peek() <= '9') fail("Invalid number: leading zeros are not allowed", start, "Write 8, not 08; to keep the zeros, write a string: \"08\".");
    } else if (digits() == 0) {
      fail("Invalid number", start, kNumbers);
    }
    bool integral = true;
    if (peek() == '.') {
      ++pos_, integral = false;
      if (digits() == 0) fail("Invalid number: expected digits after '.'", start, kNumbers);
    }
    if (peek() == 'e' || peek() == 'E') {
      ++pos_, integral = false;
      if (peek() == '+' || peek() == '-') ++pos_;
      if (digits() == 0) fail("Invalid number: expected digits in the exponent", start, kNumbers);
    }
    const char* first = text_.data() + begin;
    const char* last = text_.data() + pos_;
    if (integral && store_integer(first, last, out)) return;
    double d = 0;
    auto [end, ec] = std::from_chars(first, last, d);
    if (ec != std::errc() || end != last) fail("Invalid number: out of range", start, kNumbers);
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
    doc.error = Diagnostic::error(e.summary, e.detail, range);
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
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = errno ? std::string(std::strerror(errno)) : std::string("The file cannot be opened");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) {
    error = "The file cannot be read";
    return std::nullopt;
  }
  return std::move(buffer).str();
}

}  // namespace forma::config
