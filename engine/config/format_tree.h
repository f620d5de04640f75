// Private to the formatter: a JSONC document as a tree that remembers where
// each comment and blank line was, relative to the values around it.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/config/format_scan.h"

namespace forma::config::fmt {

struct Comment {
  std::string text;           // "// ..." or "/* ... */"
  bool block = false;
  bool own_line = false;      // written at the start of its line
  bool blank_before = false;  // an empty line came before it
};

struct Node;

// A member of an object, an element of an array, or the document's root.
struct Item {
  std::vector<Comment> leading;       // on their own lines before the item
  bool blank_before = false;          // an empty line came before the item's first line
  std::string key;                    // objects: the key as written, quotes included
  std::vector<Comment> before_value;  // block comments between the key and the value
  std::unique_ptr<Node> value;
  std::vector<Comment> trailing;      // after the item, on the line where it ends
};

struct Node {
  enum class Kind { Object, Array, Scalar };
  Kind kind = Kind::Scalar;
  std::string text;                 // a scalar exactly as written
  std::vector<Comment> after_open;  // on the same line as "{" or "["
  std::vector<Item> items;
  std::vector<Comment> dangling;    // after the last item, before "}" or "]"
};

struct Document {
  Item root;                   // leading: the file's header comments
  std::vector<Comment> after;  // own-line comments after the root value
};

// Builds the tree; nullopt with `error` set on the first syntax error.
std::optional<Document> parse(const std::vector<Token>& tokens, const std::string& filename, Diagnostic& error);

}  // namespace forma::config::fmt
