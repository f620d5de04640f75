// Expressions: operators by Terraform's precedence, traversals, collections,
// function calls and for-expressions.
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>

#include "engine/expr/number.h"
#include "engine/expr/parser.h"

namespace forma::expr {

namespace {

struct BinaryOperator {
  std::string_view token;
  Op op;
};

// Lowest precedence first; every level is left-associative.
const std::array<std::vector<BinaryOperator>, 6> kLevels = {{
    {{"||", Op::Or}},
    {{"&&", Op::And}},
    {{"==", Op::Eq}, {"!=", Op::Ne}},
    {{"<=", Op::Le}, {">=", Op::Ge}, {"<", Op::Lt}, {">", Op::Gt}},
    {{"+", Op::Add}, {"-", Op::Sub}},
    {{"*", Op::Mul}, {"/", Op::Div}, {"%", Op::Mod}},
}};

// Roots whose first attribute completes the reference key (var.x, each.key ...).
bool is_two_part_root(const std::string& root) {
  return root == "var" || root == "local" || root == "module" || root == "count" ||
         root == "each" || root == "path" || root == "terraform";
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

}  // namespace

NodePtr Parser::expression() {
  NestingGuard guard(*this, pos_);
  skip_space();
  size_t begin = pos_;
  NodePtr condition = binary(0);
  if (!accept("?")) return condition;
  NodePtr if_true = expression();
  expect(":", "between the results of a conditional expression");
  NodePtr if_false = expression();
  std::vector<NodePtr> parts;
  parts.push_back(std::move(condition));
  parts.push_back(std::move(if_true));
  parts.push_back(std::move(if_false));
  return node(NodeKind::Conditional, begin, std::move(parts));
}

NodePtr Parser::binary(int level) {
  if (level == static_cast<int>(kLevels.size())) return unary();
  skip_space();
  size_t begin = pos_;
  NodePtr left = binary(level + 1);
  while (true) {
    skip_space();
    const BinaryOperator* found = nullptr;
    for (const auto& candidate : kLevels[static_cast<size_t>(level)])
      if (looking_at(candidate.token)) {
        found = &candidate;
        break;
      }
    // "=>" and "..." belong to for-expressions, "%{" to templates.
    if (!found || (found->op == Op::Mod && peek(1) == '{')) return left;
    pos_ += found->token.size();
    NodePtr right = binary(level + 1);
    std::vector<NodePtr> operands;
    operands.push_back(std::move(left));
    operands.push_back(std::move(right));
    left = node(NodeKind::Binary, begin, std::move(operands));
    left->op = found->op;
  }
}

NodePtr Parser::unary() {
  NestingGuard guard(*this, pos_);
  skip_space();
  size_t begin = pos_;
  if ((peek() == '-' && !is_digit(peek(1))) || (peek() == '!' && peek(1) != '=')) {
    Op op = peek() == '-' ? Op::Neg : Op::Not;
    ++pos_;
    std::vector<NodePtr> operand;
    operand.push_back(unary());
    NodePtr n = node(NodeKind::Unary, begin, std::move(operand));
    n->op = op;
    return n;
  }
  if (peek() == '-') {  // a negative number literal
    ++pos_;
    NodePtr n = number();
    n->begin = static_cast<uint32_t>(begin);
    if (n->value.is_number_integer())
      n->value = -n->value.get<int64_t>();
    else
      n->value = -n->value.get<double>();
    return n;
  }
  return primary();
}

NodePtr Parser::primary() {
  skip_space();
  size_t begin = pos_;
  char c = peek();
  if (is_digit(c)) return postfix(number(), -1);
  if (c == '"') return postfix(quoted_string(), -1);
  if (c == '[') return postfix(tuple_or_for(begin), -1);
  if (c == '{') return postfix(object_or_for(begin), -1);
  if (c == '(') {
    ++pos_;
    NodePtr inner = expression();
    expect(")", "to close the parenthesis");
    return postfix(std::move(inner), -1);
  }
  if (is_name_start(c)) return name_expression();
  fail(pos_, "Invalid expression",
       "Expected the start of an expression, but found " + describe_here() + ".");
}

// `digits_only` for legacy indexes: in "a.0.1" the number is 0, not 0.1.
NodePtr Parser::number(bool digits_only) {
  size_t begin = pos_;
  while (is_digit(peek())) ++pos_;
  bool integral = true;
  if (!digits_only && peek() == '.' && is_digit(peek(1))) {
    integral = false;
    ++pos_;
    while (is_digit(peek())) ++pos_;
  }
  if (!digits_only && (peek() == 'e' || peek() == 'E') &&
      (is_digit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && is_digit(peek(2))))) {
    integral = false;
    pos_ += 2;
    while (is_digit(peek())) ++pos_;
  }
  const char* first = text_.data() + begin;
  const char* last = text_.data() + pos_;
  NodePtr n = node(NodeKind::Literal, begin);
  int64_t i = 0;
  if (integral && std::from_chars(first, last, i).ec == std::errc()) {
    n->value = i;
    return n;
  }
  double d = 0;
  auto [ptr, ec] = std::from_chars(first, last, d);
  if (ec != std::errc() || ptr != last || !std::isfinite(d))
    fail(begin, "Invalid number", "This number is too large to be represented.");
  n->value = normalize_number(d);
  return n;
}

NodePtr Parser::name_expression() {
  size_t begin = pos_;
  std::string name = identifier("name");
  if (name == "true" || name == "false" || name == "null") {
    NodePtr n = node(NodeKind::Literal, begin);
    n->value = name == "null" ? json(nullptr) : json(name == "true");
    return postfix(std::move(n), -1);
  }
  size_t after_name = pos_;
  if (accept("(")) return postfix(call(std::move(name), begin), -1);
  pos_ = after_name;
  if (is_local(name)) {
    NodePtr n = node(NodeKind::LocalVar, begin);
    n->name = std::move(name);
    return postfix(std::move(n), -1);
  }
  return reference(std::move(name), begin);
}

NodePtr Parser::reference(std::string root, size_t begin) {
  Reference ref;
  ref.key.push_back(root);
  size_t parts = root == "self" || options_.bare_names ? 1 : root == "data" ? 3 : 2;
  while (ref.key.size() < parts) {
    size_t save = pos_;
    skip_space();
    if (peek() == '.' && is_name_start(peek(1))) {
      ++pos_;
      ref.key.push_back(identifier("attribute name"));
      continue;
    }
    pos_ = save;
    std::string detail;
    if (root == "data")
      detail = "A reference to a data source must be followed by at least one attribute access, "
               "specifying the data source type and name.";
    else if (is_two_part_root(root))
      detail = "The \"" + root + "\" object cannot be accessed directly. Instead, access one of "
               "its attributes.";
    else
      detail = "A reference to a resource type must be followed by at least one attribute "
               "access, specifying the resource name.";
    fail(begin, "Invalid reference", detail);
  }
  ref.text = std::string(text_.substr(begin, pos_ - begin));
  ref.range = out_.range_of(static_cast<uint32_t>(begin), static_cast<uint32_t>(pos_));
  out_.refs.push_back(std::move(ref));
  size_t index = out_.refs.size() - 1;
  NodePtr n = node(NodeKind::Reference, begin);
  n->ref = index;
  return postfix(std::move(n), static_cast<long>(index));
}

// `ref_index` >= 0 while the chain is still part of that reference's static
// traversal (attributes and literal indexes), which its text then covers.
NodePtr Parser::postfix(NodePtr base, long ref_index) {
  size_t begin = base->begin;
  while (true) {
    size_t save = pos_;
    skip_space();
    bool is_static = true;
    if (looking_at(".*")) {
      pos_ += 2;
      base = splat(std::move(base), false, begin);
      is_static = false;
    } else if (peek() == '.' && is_digit(peek(1))) {
      ++pos_;
      std::vector<NodePtr> operands;
      operands.push_back(std::move(base));
      operands.push_back(number(true));
      base = node(NodeKind::Index, begin, std::move(operands));
    } else if (peek() == '.' && peek(1) != '.') {
      ++pos_;
      std::string name = identifier("attribute name");
      std::vector<NodePtr> object;
      object.push_back(std::move(base));
      base = node(NodeKind::GetAttr, begin, std::move(object));
      base->name = std::move(name);
    } else if (peek() == '[') {
      ++pos_;
      if (accept("*")) {
        expect("]", "to close the splat");
        base = splat(std::move(base), true, begin);
        is_static = false;
      } else {
        std::vector<NodePtr> operands;
        operands.push_back(std::move(base));
        operands.push_back(expression());
        expect("]", "to close the index");
        is_static = operands[1]->kind == NodeKind::Literal;
        base = node(NodeKind::Index, begin, std::move(operands));
      }
    } else {
      pos_ = save;
      return base;
    }
    if (!is_static) ref_index = -1;
    if (ref_index >= 0) {
      Reference& ref = out_.refs[static_cast<size_t>(ref_index)];
      ref.text = std::string(text_.substr(begin, pos_ - begin));
      ref.range.end = out_.range_of(0, static_cast<uint32_t>(pos_)).end;
    }
  }
}

// The steps after "[*]" (or only the attribute steps after ".*") apply to each
// element; they read the element as the LocalVar named "".
NodePtr Parser::splat(NodePtr source, bool full, size_t begin) {
  NodePtr each = node(NodeKind::LocalVar, pos_);
  while (true) {
    size_t save = pos_;
    skip_space();
    std::vector<NodePtr> operands;
    if (peek() == '.' && is_digit(peek(1))) {
      ++pos_;
      operands.push_back(std::move(each));
      operands.push_back(number(true));
      each = node(NodeKind::Index, begin, std::move(operands));
    } else if (peek() == '.' && is_name_start(peek(1))) {
      ++pos_;
      std::string name = identifier("attribute name");
      operands.push_back(std::move(each));
      each = node(NodeKind::GetAttr, begin, std::move(operands));
      each->name = std::move(name);
    } else if (full && peek() == '[' && !looking_at("[*")) {
      ++pos_;
      operands.push_back(std::move(each));
      operands.push_back(expression());
      expect("]", "to close the index");
      each = node(NodeKind::Index, begin, std::move(operands));
    } else {
      pos_ = save;
      break;
    }
  }
  std::vector<NodePtr> parts;
  parts.push_back(std::move(source));
  parts.push_back(std::move(each));
  return node(NodeKind::Splat, begin, std::move(parts));
}

NodePtr Parser::call(std::string name, size_t begin) {
  std::vector<NodePtr> args;
  bool expand = false;
  while (!accept(")")) {
    if (expand)
      fail(pos_, "Missing \")\"", "The argument expanded with \"...\" must be the last one.");
    args.push_back(expression());
    if (accept("...")) expand = true;
    if (accept(",")) continue;
    expect(")", "after the function arguments");
    break;
  }
  NodePtr n = node(NodeKind::Call, begin, std::move(args));
  n->name = std::move(name);
  n->expand_last_arg = expand;
  return n;
}

NodePtr Parser::tuple_or_for(size_t begin) {
  ++pos_;  // '['
  skip_space();
  if (looking_at_keyword("for")) return for_expression(false, begin);
  std::vector<NodePtr> elements;
  while (!accept("]")) {
    elements.push_back(expression());
    if (accept(",")) continue;
    expect("]", "to close the list");
    break;
  }
  return node(NodeKind::Tuple, begin, std::move(elements));
}

NodePtr Parser::object_or_for(size_t begin) {
  ++pos_;  // '{'
  skip_space();
  if (looking_at_keyword("for")) return for_expression(true, begin);
  std::vector<NodePtr> items;
  while (!accept("}")) {
    items.push_back(object_key());
    skip_space();
    if (!(peek() == ':' || (peek() == '=' && peek(1) != '=' && peek(1) != '>')))
      fail(pos_, "Missing \"=\"",
           "Expected \"=\" after the object key, but found " + describe_here() + ".");
    ++pos_;
    items.push_back(expression());
    accept(",");  // commas between items are optional, as newlines separate them in HCL
  }
  return node(NodeKind::Object, begin, std::move(items));
}

// A bare name before "=" or ":" is the key itself, not a reference.
NodePtr Parser::object_key() {
  skip_space();
  size_t begin = pos_;
  if (is_name_start(peek())) {
    std::string name = identifier("object key");
    skip_space();
    if (peek() == ':' || (peek() == '=' && peek(1) != '=' && peek(1) != '>')) {
      NodePtr key = node(NodeKind::Literal, begin);
      key->value = std::move(name);
      return key;
    }
    pos_ = begin;
  }
  return binary(0);  // a conditional key needs parentheses, as ':' separates here
}

NodePtr Parser::for_expression(bool object_result, size_t begin) {
  pos_ += 3;  // "for"
  std::string first = identifier("for-expression variable");
  std::string second;
  if (accept(",")) second = identifier("for-expression variable");
  skip_space();
  if (!looking_at_keyword("in"))
    fail(pos_, "Missing \"in\"", "Expected \"in\" after the for-expression variables.");
  pos_ += 2;
  std::vector<NodePtr> parts;
  parts.push_back(expression());
  expect(":", "after the for-expression collection");
  size_t locals_before = locals_.size();
  locals_.push_back(first);
  if (!second.empty()) locals_.push_back(second);
  if (object_result) {
    parts.push_back(expression());
    expect("=>", "between the key and the value of an object for-expression");
  } else {
    parts.push_back(nullptr);
  }
  parts.push_back(expression());
  bool group = object_result && accept("...");
  skip_space();
  if (looking_at_keyword("if")) {
    pos_ += 2;
    parts.push_back(expression());
  } else {
    parts.push_back(nullptr);
  }
  locals_.resize(locals_before);
  expect(object_result ? "}" : "]", "to close the for-expression");
  NodePtr n = node(NodeKind::For, begin, std::move(parts));
  n->key_var = second.empty() ? std::string() : first;
  n->value_var = second.empty() ? first : second;
  n->object_result = object_result;
  n->group_values = group;
  return n;
}

}  // namespace forma::expr
