// The syntax tree of a parsed template or expression. Private to engine/expr:
// other modules see only the opaque Expression of expression.h.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "engine/expr/expression.h"

namespace forma::expr {

enum class NodeKind {
  Literal,      // value
  Template,     // children: parts joined into one string
  TemplateIf,   // children: condition, then-part, else-part (may be null)
  TemplateFor,  // key_var, value_var; children: collection, body
  Tuple,        // children: elements
  Object,       // children: key0, value0, key1, value1, ...
  Reference,    // ref: index into Expression::refs
  LocalVar,     // name: a for-expression variable; "" is the current splat item
  GetAttr,      // name; children: object
  Index,        // children: collection, key
  Splat,        // children: source, per-item expression (reads LocalVar "")
  Call,         // name, expand_last_arg; children: arguments
  Unary,        // op; children: operand
  Binary,       // op; children: left, right
  Conditional,  // children: condition, if-true, if-false
  For,          // key_var, value_var, object_result, group_values;
                // children: collection, key (null for tuples), value, condition (may be null)
};

enum class Op { Add, Sub, Mul, Div, Mod, Eq, Ne, Lt, Le, Gt, Ge, And, Or, Neg, Not };

struct Node {
  NodeKind kind = NodeKind::Literal;
  uint32_t begin = 0;  // byte offsets in the parsed text
  uint32_t end = 0;
  int height = 1;  // longest path to a leaf; bounded so evaluation cannot exhaust the stack
  json value;
  std::string name;
  std::string key_var;
  std::string value_var;
  Op op = Op::Add;
  size_t ref = 0;
  bool expand_last_arg = false;
  bool object_result = false;
  bool group_values = false;
  std::vector<std::unique_ptr<Node>> children;
};

using NodePtr = std::unique_ptr<Node>;

class Expression {
 public:
  NodePtr root;
  std::vector<Reference> refs;  // in source order
  std::string file;             // where the text is, for diagnostics
  SourcePos where;              // the opening quote of the JSON string
  std::string json_path;
  bool interpolates = false;    // the text has a "${" or "%{" sequence

  // The character at offset i of the text is at column where.column + 1 + i:
  // exact unless the JSON source escaped a character before it.
  SourceRange range_of(uint32_t begin, uint32_t end) const {
    SourceRange r;
    r.file = file;
    if (where.line == 0) return r;
    r.start = {where.line, where.column + 1 + static_cast<int>(begin)};
    r.end = {where.line, where.column + 1 + static_cast<int>(end)};
    return r;
  }
};

}  // namespace forma::expr
