// Attribute access, indexing and splats.
#include <cstdint>

#include "engine/base/text.h"
#include "engine/expr/evaluator.h"
#include "engine/expr/number.h"
#include "engine/expr/operators.h"

namespace forma::expr {

namespace {

std::vector<std::string> keys_of(const json& object) {
  std::vector<std::string> keys;
  for (const auto& item : object.items()) keys.push_back(item.key());
  return keys;
}

}  // namespace

Val Evaluator::get_attr(const Node& n) {
  Val v = eval(*n.children[0]);
  if (is_unknown(v.value)) return v;
  if (v.value.is_null())
    fail(n, "Attempt to get attribute from null value",
         "This value is null, so it does not have any attributes.");
  if (v.value.is_array())
    fail(n, "Unsupported attribute",
         "This value is a list, which has no attributes. To take \"" + n.name +
             "\" from each element, use a splat: [*]." + n.name);
  if (!v.value.is_object())
    fail(n, "Unsupported attribute",
         "This value is " + describe_type(v.value) + ", which has no attributes.");
  auto it = v.value.find(n.name);
  if (it == v.value.end())
    fail(n, "Unsupported attribute",
         "This object does not have an attribute named \"" + n.name + "\"." +
             did_you_mean(n.name, keys_of(v.value)));
  return {std::move(*it), v.sensitive};
}

Val Evaluator::index(const Node& n) {
  Val collection = eval(*n.children[0]);
  Val key = eval(*n.children[1]);
  bool sensitive = collection.sensitive || key.sensitive;
  if (is_unknown(collection.value) || is_unknown(key.value)) return unknown(sensitive);
  collection.sensitive = sensitive;
  const json& c = collection.value;
  if (c.is_null()) fail(n, "Attempt to index null value", "This value is null, so it has no elements.");
  if (c.is_array()) return index_list(n, std::move(collection), key.value);
  if (!c.is_object())
    fail(n, "Invalid index", "This value is " + describe_type(c) + ", which has no elements.");
  std::string name = key_string(*n.children[1], key.value, "index");
  auto it = collection.value.find(name);
  if (it == collection.value.end())
    fail(n, "Invalid index",
         "The given key \"" + name + "\" does not identify an element in this map." +
             did_you_mean(name, keys_of(c)));
  return {std::move(*it), sensitive};
}

Val Evaluator::index_list(const Node& n, Val list, const json& key) {
  auto number = as_number(key);
  if (!number || !number->is_number_integer())
    fail(*n.children[1], "Invalid index",
         "A whole number is required to index a list, but the key is " +
             (key.is_string() ? "\"" + key.get<std::string>() + "\"" : describe_type(key)) + ".");
  int64_t i = number->get<int64_t>();
  size_t size = list.value.size();
  if (i < 0 || static_cast<uint64_t>(i) >= size)
    fail(n, "Invalid index",
         "The index " + std::to_string(i) + " is out of range for a list of " +
             std::to_string(size) + (size == 1 ? " element." : " elements."));
  return {std::move(list.value[static_cast<size_t>(i)]), list.sensitive};
}

// Terraform's splat: a list maps to a list, null to an empty list, and any
// other single value to a list of that one value.
Val Evaluator::splat(const Node& n) {
  Val source = eval(*n.children[0]);
  if (is_unknown(source.value)) return source;
  Val out{json::array(), source.sensitive};
  if (source.value.is_null()) return out;
  if (!source.value.is_array()) source.value = json::array({std::move(source.value)});
  LocalsScope scope(*this);
  static const std::string kSplatItem;
  locals_.push_back({&kSplatItem, Val{}});
  size_t slot = locals_.size() - 1;
  for (auto& element : source.value) {
    locals_[slot].second = Val{std::move(element), source.sensitive};
    Val v = eval(*n.children[1]);
    out.sensitive |= v.sensitive;
    out.value.push_back(std::move(v.value));
  }
  return out;
}

}  // namespace forma::expr
