#include "engine/config/format_scan.h"

#include <cctype>

namespace forma::config::fmt {
namespace {

class Scanner {
 public:
  Scanner(std::string_view text, const std::string& filename) : s_(text), filename_(filename) {
    if (s_.substr(0, 3) == "\xEF\xBB\xBF") i_ = line_start_ = 3;  // a byte order mark is not content
  }

  std::optional<std::vector<Token>> run(Diagnostic& error) {
    std::vector<Token> tokens;
    for (;;) {
      int newlines = skip_space();
      Token t;
      t.pos = pos();
      t.newlines_before = newlines;
      if (i_ >= s_.size()) {
        tokens.push_back(t);
        return tokens;
      }
      if (!next(t)) {
        error = error_;
        return std::nullopt;
      }
      tokens.push_back(std::move(t));
    }
  }

 private:
  SourcePos pos() const { return {line_, static_cast<int>(i_ - line_start_) + 1}; }

  int skip_space() {
    int newlines = 0;
    for (; i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\r' || s_[i_] == '\n'); ++i_) {
      if (s_[i_] == '\n') {
        ++newlines;
        ++line_;
        line_start_ = i_ + 1;
      }
    }
    return newlines;
  }

  bool fail(const std::string& summary, SourcePos at, const std::string& detail = {}) {
    error_ = Diagnostic::error(summary, detail, SourceRange{filename_, at, at});
    return false;
  }

  static std::string without_trailing_space(std::string_view text) {
    std::string out;
    size_t line_begin = 0;
    for (size_t k = 0; k <= text.size(); ++k) {
      if (k == text.size() || text[k] == '\n') {
        std::string_view line = text.substr(line_begin, k - line_begin);
        size_t end = line.find_last_not_of(" \t\r");
        out += line.substr(0, end == std::string_view::npos ? 0 : end + 1);
        if (k < text.size()) out += '\n';
        line_begin = k + 1;
      }
    }
    return out;
  }

  bool next(Token& t) {
    char c = s_[i_];
    using K = Token::Kind;
    const std::string_view punct = "{}[]:,";
    if (size_t p = punct.find(c); p != std::string_view::npos) {
      static const K kinds[] = {K::LBrace, K::RBrace, K::LBracket, K::RBracket, K::Colon, K::Comma};
      t.kind = kinds[p];
      t.text = std::string(1, c);
      ++i_;
      return true;
    }
    if (s_.substr(i_, 2) == "//") return line_comment(t);
    if (s_.substr(i_, 2) == "/*") return block_comment(t);
    if (c == '"') return string(t);
    if (c == '-' || std::isdigit(static_cast<unsigned char>(c))) return number(t);
    if (std::isalpha(static_cast<unsigned char>(c))) return word(t);
    std::string shown = static_cast<unsigned char>(c) < 0x20 ? "a control character" : "'" + std::string(1, c) + "'";
    return fail("unexpected " + shown, t.pos);
  }

  bool line_comment(Token& t) {
    size_t end = s_.find('\n', i_);
    if (end == std::string_view::npos) end = s_.size();
    t.kind = Token::Kind::LineComment;
    t.text = without_trailing_space(s_.substr(i_, end - i_));
    i_ = end;
    return true;
  }

  bool block_comment(Token& t) {
    size_t end = s_.find("*/", i_ + 2);
    if (end == std::string_view::npos) return fail("unterminated block comment", t.pos, "A comment that starts with /* must end with */.");
    t.kind = Token::Kind::BlockComment;
    t.text = without_trailing_space(s_.substr(i_, end + 2 - i_));
    for (size_t k = i_; k < end; ++k) {
      if (s_[k] == '\n') {
        ++line_;
        line_start_ = k + 1;
      }
    }
    i_ = end + 2;
    return true;
  }

  bool string(Token& t) {
    size_t k = i_ + 1;
    for (; k < s_.size() && s_[k] != '"'; ++k) {
      auto c = static_cast<unsigned char>(s_[k]);
      SourcePos here{line_, static_cast<int>(k - line_start_) + 1};
      if (c == '\n') return fail("unterminated string", t.pos, "A string must end with \" on the same line.");
      if (c < 0x20) return fail("a string cannot contain a control character; write it as an escape such as \\t", here);
      if (c != '\\') continue;
      char e = k + 1 < s_.size() ? s_[k + 1] : '\0';
      if (e == 'u') {
        for (size_t h = k + 2; h < k + 6; ++h) {
          if (h >= s_.size() || !std::isxdigit(static_cast<unsigned char>(s_[h]))) return fail("invalid \\u escape in string", here, "\\u must be followed by four hex digits.");
        }
        k += 5;
      } else if (std::string_view("\"\\/bfnrt").find(e) != std::string_view::npos && e != '\0') {
        ++k;
      } else {
        return fail("invalid escape in string", here, "Valid escapes are \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX.");
      }
    }
    if (k >= s_.size()) return fail("unterminated string", t.pos, "A string must end with \".");
    t.kind = Token::Kind::String;
    t.text = std::string(s_.substr(i_, k + 1 - i_));
    i_ = k + 1;
    return true;
  }

  bool number(Token& t) {
    size_t k = i_;
    auto digits = [&] {
      size_t start = k;
      while (k < s_.size() && std::isdigit(static_cast<unsigned char>(s_[k]))) ++k;
      return k > start;
    };
    if (s_[k] == '-') ++k;
    bool ok = k < s_.size() && s_[k] == '0' ? (++k, true) : digits();
    if (ok && k < s_.size() && s_[k] == '.') ok = (++k, digits());
    if (ok && k < s_.size() && (s_[k] == 'e' || s_[k] == 'E')) {
      ++k;
      if (k < s_.size() && (s_[k] == '+' || s_[k] == '-')) ++k;
      ok = digits();
    }
    if (ok && k < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[k])) || s_[k] == '.')) ok = false;
    if (!ok) return fail("invalid number", t.pos, "Numbers are written like 42, -1.5 or 1e6.");
    t.kind = Token::Kind::Scalar;
    t.text = std::string(s_.substr(i_, k - i_));
    i_ = k;
    return true;
  }

  bool word(Token& t) {
    size_t k = i_;
    while (k < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[k])) || s_[k] == '_')) ++k;
    std::string w(s_.substr(i_, k - i_));
    if (w != "true" && w != "false" && w != "null") {
      return fail("unexpected word \"" + w + "\"", t.pos, "Strings must be in double quotes; the only bare words are true, false and null.");
    }
    t.kind = Token::Kind::Scalar;
    t.text = w;
    i_ = k;
    return true;
  }

  std::string_view s_;
  const std::string& filename_;
  size_t i_ = 0;
  int line_ = 1;
  size_t line_start_ = 0;
  Diagnostic error_;
};

}  // namespace

std::optional<std::vector<Token>> scan(std::string_view text, const std::string& filename, Diagnostic& error) {
  return Scanner(text, filename).run(error);
}

}  // namespace forma::config::fmt
