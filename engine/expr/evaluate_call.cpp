// Function calls, and the special forms try() and can() that catch errors.
#include <exception>

#include "engine/base/text.h"
#include "engine/expr/evaluator.h"
#include "engine/expr/functions.h"

namespace forma::expr {

namespace {

std::string arguments_text(int n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); }

std::vector<std::string> callable_names() {
  std::vector<std::string> names = function_names();
  names.push_back("try");
  names.push_back("can");
  return names;
}

}  // namespace

Val Evaluator::call(const Node& n) {
  if (n.name == "try") return try_call(n);
  if (n.name == "can") return can_call(n);
  const FunctionSpec* spec = find_function(n.name);
  if (!spec) {
    std::string hint = did_you_mean(n.name, callable_names());
    fail(n, "Call to unknown function \"" + n.name + "\"",
         hint.empty() ? "There is no function with that name." : hint.substr(1));
  }
  bool unknown_arg = false;
  bool sensitive = false;
  std::vector<json> args = call_arguments(n, unknown_arg, sensitive);
  int count = static_cast<int>(args.size());
  if (!unknown_arg && count < spec->min_args)
    fail(n, "Not enough function arguments",
         "Function \"" + n.name + "\" expects at least " + arguments_text(spec->min_args) +
             ", but got " + std::to_string(count) + ".");
  if (!unknown_arg && spec->max_args >= 0 && count > spec->max_args)
    fail(n, "Too many function arguments",
         "Function \"" + n.name + "\" expects at most " + arguments_text(spec->max_args) +
             ", but got " + std::to_string(count) + ".");
  if (unknown_arg) return unknown(sensitive);
  if (!spec->accepts_unknown)
    for (const auto& a : args)
      if (contains_unknown(a)) return unknown(sensitive);
  FunctionResult result;
  try {
    result = spec->impl(args, FunctionContext{scope_});
  } catch (const std::exception& e) {
    result.error = e.what();
  }
  if (!result.error.empty()) fail(n, "Error in function call", n.name + ": " + result.error);
  return {std::move(result.value), sensitive};
}

// `unknown` is set when an expanded argument ("list...") is itself unknown, so
// not even the number of arguments is known.
std::vector<json> Evaluator::call_arguments(const Node& n, bool& unknown, bool& sensitive) {
  std::vector<json> args;
  args.reserve(n.children.size());
  for (size_t i = 0; i < n.children.size(); ++i) {
    Val v = eval(*n.children[i]);
    sensitive |= v.sensitive;
    bool expand = n.expand_last_arg && i + 1 == n.children.size();
    if (!expand) {
      args.push_back(std::move(v.value));
      continue;
    }
    if (is_unknown(v.value)) {
      unknown = true;
    } else if (v.value.is_array()) {
      for (auto& element : v.value) args.push_back(std::move(element));
    } else {
      fail(*n.children[i], "Invalid expanding argument value",
           "The argument expanded with \"...\" must be a list, but it is " +
               std::string(v.value.is_null() ? "null" : "not") + ".");
    }
  }
  return args;
}

// The first argument that evaluates without an error. An argument that is not
// known yet might still fail, so it makes the result unknown.
Val Evaluator::try_call(const Node& n) {
  if (n.children.empty())
    fail(n, "Not enough function arguments", "Function \"try\" expects at least 1 argument.");
  std::string first_error;
  for (const auto& arg : n.children) {
    size_t mark = diags_.size();
    try {
      Val v = eval(*arg);
      if (contains_unknown(v.value)) return unknown(v.sensitive);
      return v;
    } catch (const Failure&) {
      if (first_error.empty() && diags_.size() > mark)
        first_error = diags_[mark].summary + ": " + diags_[mark].detail;
      diags_.erase(diags_.begin() + static_cast<long>(mark), diags_.end());
    }
  }
  fail(n, "Error in function call", "try: no expression succeeded. The first error was: " + first_error);
}

Val Evaluator::can_call(const Node& n) {
  if (n.children.size() != 1)
    fail(n, n.children.empty() ? "Not enough function arguments" : "Too many function arguments",
         "Function \"can\" expects 1 argument.");
  size_t mark = diags_.size();
  try {
    Val v = eval(*n.children[0]);
    if (contains_unknown(v.value)) return unknown(v.sensitive);
    return {true, v.sensitive};
  } catch (const Failure&) {
    diags_.erase(diags_.begin() + static_cast<long>(mark), diags_.end());
    return {false, false};
  }
}

}  // namespace forma::expr
