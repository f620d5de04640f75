// The unary and binary operators on values, with Terraform's implicit
// conversions between primitives ("5" + 1 is 6). Unknown operands are the
// evaluator's business: these see only known values.
#pragma once

#include <optional>
#include <string>

#include "engine/base/value.h"
#include "engine/expr/syntax.h"

namespace forma::expr {

// "a string", "a number", "a bool", "null", "a list", "an object", for sentences.
std::string describe_type(const json& v);

// Primitive conversions; nullopt when the value does not convert.
std::optional<json> as_number(const json& v);        // numbers and numeric strings
std::optional<bool> as_bool(const json& v);          // bools and "true"/"false"
std::optional<std::string> as_string(const json& v);  // strings, numbers and bools

// Arithmetic (+ - * / %) and comparison (< <= > >=) on numbers. Returns an
// empty string and sets `out`, or returns why the operation failed.
std::string apply_numeric(Op op, const json& left, const json& right, json& out);
// == and != : deep equality, never an error.
json apply_equality(Op op, const json& left, const json& right);

}  // namespace forma::expr
