// Templates with text around their interpolations always produce a string.
#include "engine/expr/evaluator.h"
#include "engine/expr/operators.h"

namespace forma::expr {

Val Evaluator::template_string(const Node& n) {
  std::string text;
  bool unknown_part = false;
  bool sensitive = false;
  render(n, text, unknown_part, sensitive);
  if (unknown_part) return unknown(sensitive);
  return {json(std::move(text)), sensitive};
}

void Evaluator::render(const Node& n, std::string& out, bool& unknown, bool& sensitive) {
  switch (n.kind) {
    case NodeKind::Template:
      for (const auto& part : n.children) render(*part, out, unknown, sensitive);
      return;
    case NodeKind::TemplateIf: return render_if(n, out, unknown, sensitive);
    case NodeKind::TemplateFor: return render_for(n, out, unknown, sensitive);
    case NodeKind::Literal:
      if (n.value.is_string()) {
        out += n.value.get_ref<const std::string&>();
        return;
      }
      break;
    default: break;
  }
  Val v = eval(n);
  sensitive |= v.sensitive;
  if (is_unknown(v.value)) {
    unknown = true;
    return;
  }
  if (v.value.is_null())
    fail(n, "Invalid template interpolation value",
         "The expression result is null. Cannot include a null value in a string template.");
  if (v.value.is_array())
    fail(n, "Invalid template interpolation value",
         "Cannot include a list in a string template. Use join() to combine its elements.");
  if (v.value.is_object())
    fail(n, "Invalid template interpolation value",
         "Cannot include an object in a string template. Use one of its attributes.");
  if (unknown) return;  // the text is discarded anyway
  out += *as_string(v.value);
}

void Evaluator::render_if(const Node& n, std::string& out, bool& unknown, bool& sensitive) {
  Val condition = eval(*n.children[0]);
  sensitive |= condition.sensitive;
  if (is_unknown(condition.value)) {
    unknown = true;
    return;
  }
  const Node* chosen = condition_value(*n.children[0], condition, "%{if} condition")
                           ? n.children[1].get()
                           : n.children[2].get();
  if (chosen) render(*chosen, out, unknown, sensitive);
}

}  // namespace forma::expr
