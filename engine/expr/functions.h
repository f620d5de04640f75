// The built-in function library of the expression language.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/base/value.h"

namespace forma::expr {

class Scope;

struct FunctionContext {
  const Scope& scope;  // base_dir() for file functions; lookups for templatefile
};

struct FunctionResult {
  json value;
  std::string error;  // one sentence when the call fails, e.g. "invalid regular expression"
};

using FunctionImpl = FunctionResult (*)(const std::vector<json>& args, const FunctionContext& ctx);

struct FunctionSpec {
  const char* name;
  int min_args;
  int max_args;          // -1: variadic
  bool accepts_unknown;  // false: the evaluator returns unknown without calling when any argument contains unknown
  FunctionImpl impl;
};

// nullptr when there is no such function. try() and can() are special forms
// handled by the evaluator, not here.
const FunctionSpec* find_function(std::string_view name);
const std::vector<std::string>& function_names();

}  // namespace forma::expr
