// for-expressions ([for ...], {for ...}) and %{for} template directives.
#include <cstdint>

#include "engine/expr/evaluator.h"
#include "engine/expr/operators.h"

namespace forma::expr {

template <typename Body>
void Evaluator::each_element(const Node& at, const Val& collection, Body body) {
  const json& c = collection.value;
  if (c.is_null())
    fail(at, "Iteration over null value",
         "A null value cannot be used as the collection in a 'for' expression.");
  if (!c.is_array() && !c.is_object())
    fail(at, "Iteration over non-iterable value",
         "A value of type " + describe_type(c) +
             " cannot be used as the collection in a 'for' expression.");
  LocalsScope scope(*this);
  size_t key_slot = locals_.size();
  if (!at.key_var.empty()) locals_.push_back({&at.key_var, Val{}});
  size_t value_slot = locals_.size();
  locals_.push_back({&at.value_var, Val{}});
  size_t i = 0;
  for (auto it = c.begin(); it != c.end(); ++it, ++i) {
    if (!at.key_var.empty())
      locals_[key_slot].second = Val{c.is_array() ? json(static_cast<int64_t>(i)) : json(it.key()), collection.sensitive};
    locals_[value_slot].second = Val{*it, collection.sensitive};
    if (!body()) return;
  }
}

Val Evaluator::for_expression(const Node& n) {
  Val collection = eval(*n.children[0]);
  if (is_unknown(collection.value)) return unknown(collection.sensitive);
  const Node* key_expr = n.children[1].get();
  const Node& value_expr = *n.children[2];
  const Node* condition = n.children[3].get();
  Val out{n.object_result ? json::object() : json::array(), collection.sensitive};
  bool unknown_result = false;
  each_element(n, collection, [&] {
    if (condition) {
      Val c = eval(*condition);
      out.sensitive |= c.sensitive;
      if (is_unknown(c.value)) return !(unknown_result = true);
      if (!condition_value(*condition, c, "'for' condition")) return true;
    }
    if (!n.object_result) {
      Val v = eval(value_expr);
      out.sensitive |= v.sensitive;
      out.value.push_back(std::move(v.value));
      return true;
    }
    Val k = eval(*key_expr);
    Val v = eval(value_expr);
    out.sensitive |= k.sensitive || v.sensitive;
    if (is_unknown(k.value)) return !(unknown_result = true);
    std::string key = key_string(*key_expr, k.value, "object key");
    if (n.group_values) {
      out.value[key].push_back(std::move(v.value));
    } else if (out.value.contains(key)) {
      fail(*key_expr, "Duplicate object key",
           "Two elements produced the key \"" + key +
               "\". To group the values of equal keys into lists, put \"...\" after the value "
               "expression.");
    } else {
      out.value[key] = std::move(v.value);
    }
    return true;
  });
  if (unknown_result) return unknown(out.sensitive);
  return out;
}

void Evaluator::render_for(const Node& n, std::string& out, bool& unknown, bool& sensitive) {
  Val collection = eval(*n.children[0]);
  sensitive |= collection.sensitive;
  if (is_unknown(collection.value)) {
    unknown = true;
    return;
  }
  each_element(n, collection, [&] {
    render(*n.children[1], out, unknown, sensitive);
    return true;
  });
}

}  // namespace forma::expr
