// tostring tonumber tobool tolist tomap toset: thin wrappers over the type
// system's convert(), so a conversion means the same everywhere.
#include <memory>

#include "engine/expr/functions_support.h"
#include "engine/expr/types.h"

namespace forma::expr::fn {
namespace {

Type collection(Type::Kind kind) {
  Type t = Type::primitive(kind);
  t.element = std::make_shared<Type>(Type::primitive(Type::Kind::Any));
  return t;
}

FunctionResult convert_to(const json& v, const Type& t) {
  if (v.is_null()) return ok(nullptr);
  if (is_unknown(v)) return ok(unknown_value());
  json out;
  std::string error;
  if (!convert(v, t, out, error)) return fail("cannot convert " + type_name(v) + " to " + t.to_string() + ": " + error);
  return ok(out);
}

FunctionResult tostring_fn(const Args& a, const Ctx&) { return convert_to(a[0], Type::primitive(Type::Kind::String)); }
FunctionResult tonumber_fn(const Args& a, const Ctx&) { return convert_to(a[0], Type::primitive(Type::Kind::Number)); }
FunctionResult tobool_fn(const Args& a, const Ctx&) { return convert_to(a[0], Type::primitive(Type::Kind::Bool)); }
FunctionResult tolist_fn(const Args& a, const Ctx&) { return convert_to(a[0], collection(Type::Kind::List)); }
FunctionResult toset_fn(const Args& a, const Ctx&) { return convert_to(a[0], collection(Type::Kind::Set)); }
FunctionResult tomap_fn(const Args& a, const Ctx&) { return convert_to(a[0], collection(Type::Kind::Map)); }

}  // namespace

std::vector<FunctionSpec> conversion_functions() {
  return {
      {"tostring", 1, 1, true, tostring_fn}, {"tonumber", 1, 1, true, tonumber_fn},
      {"tobool", 1, 1, true, tobool_fn},     {"tolist", 1, 1, true, tolist_fn},
      {"toset", 1, 1, true, toset_fn},       {"tomap", 1, 1, true, tomap_fn},
  };
}

}  // namespace forma::expr::fn
