// The public entry points of expression.h over the parser and evaluator.
#include "engine/expr/expression.h"

#include <exception>

#include "engine/expr/evaluator.h"
#include "engine/expr/parser.h"

namespace forma::expr {

namespace {

std::shared_ptr<Expression> empty_expression(const SourceRange& where, const std::string& json_path) {
  auto e = std::make_shared<Expression>();
  e->file = where.file;
  e->where = where.start;
  e->json_path = json_path;
  return e;
}

bool has_template_syntax(std::string_view text) {
  for (size_t i = text.find('{'); i != std::string_view::npos; i = text.find('{', i + 1))
    if (i > 0 && (text[i - 1] == '$' || text[i - 1] == '%')) return true;
  return false;
}

Parsed parse(std::string_view text, const SourceRange& where, const std::string& json_path,
             bool as_template, const ParseOptions& options = {}) {
  auto e = empty_expression(where, json_path);
  if (as_template && !has_template_syntax(text)) {  // the common case: plain text
    e->root = std::make_unique<Node>();
    e->root->value = std::string(text);
    e->root->end = static_cast<uint32_t>(text.size());
    return {std::move(e), {}};
  }
  Parser parser(text, *e, options);
  NodePtr root = as_template ? parser.whole_template() : parser.whole_expression();
  if (!root) return {nullptr, std::move(parser.diags())};
  e->root = std::move(root);
  return {std::move(e), {}};
}

}  // namespace

Parsed parse_template(std::string_view text, const SourceRange& where, const std::string& json_path) {
  return parse(text, where, json_path, true);
}

Parsed parse_template(std::string_view text, const SourceRange& where, const std::string& json_path,
                      const ParseOptions& options) {
  return parse(text, where, json_path, true, options);
}

Parsed parse_expression(std::string_view text, const SourceRange& where,
                        const std::string& json_path) {
  return parse(text, where, json_path, false);
}

Evaluated evaluate(const Expression& e, const Scope& scope) {
  Evaluated out;
  if (!e.root) return out;
  Evaluator evaluator(e, scope);
  try {
    Val v = evaluator.eval(*e.root);
    out.value = std::move(v.value);
    out.sensitive = v.sensitive;
  } catch (const Evaluator::Failure&) {
    out.value = nullptr;
  } catch (const std::exception& ex) {
    out.value = nullptr;
    evaluator.diags().push_back(Diagnostic::error("Failed to evaluate expression", ex.what(),
                                                  e.range_of(0, 0), e.json_path));
  }
  out.diags = std::move(evaluator.diags());
  return out;
}

std::vector<Reference> references(const Expression& e) { return e.refs; }

bool is_literal(const Expression& e) {
  return e.root && e.root->kind == NodeKind::Literal && !e.interpolates;
}

}  // namespace forma::expr
