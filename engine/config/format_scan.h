// Private to the formatter: the tokens of a JSON-with-comments text, with
// the comments and line breaks the formatter must keep.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/base/diagnostic.h"

namespace forma::config::fmt {

struct Token {
  enum class Kind { LBrace, RBrace, LBracket, RBracket, Colon, Comma, String, Scalar, LineComment, BlockComment, End };
  Kind kind = Kind::End;
  std::string text;       // as written (comments without trailing whitespace)
  SourcePos pos;          // where it starts
  int newlines_before = 0;  // line breaks between the previous token and this one
};

// The tokens of `text`, ending with Kind::End; nullopt and `error` set (with
// `filename`) on the first lexical error.
std::optional<std::vector<Token>> scan(std::string_view text, const std::string& filename, Diagnostic& error);

}  // namespace forma::config::fmt
