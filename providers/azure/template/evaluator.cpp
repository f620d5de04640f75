// Evaluation of expressions and JSON values over a TemplateScope.
#include <algorithm>
#include <cctype>

#include "providers/azure/template/functions.h"

namespace forma::azure::tmpl {

void fail(std::string message) { throw TemplateFailure{std::move(message), {}, -1}; }

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool iequals(const std::string& a, const std::string& b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

std::string arm_path(const std::string& pointer) {
  std::string out;
  size_t i = 0;
  while (i < pointer.size()) {
    size_t next = pointer.find('/', i + 1);
    std::string token = pointer.substr(i + 1, next == std::string::npos ? std::string::npos : next - i - 1);
    std::string decoded;
    for (size_t k = 0; k < token.size(); ++k) {
      if (token[k] == '~' && k + 1 < token.size()) {
        decoded += token[k + 1] == '1' ? '/' : '~';
        ++k;
      } else {
        decoded += token[k];
      }
    }
    bool index = !decoded.empty() && std::all_of(decoded.begin(), decoded.end(),
                                                 [](unsigned char ch) { return std::isdigit(ch) != 0; });
    if (index)
      out += "[" + decoded + "]";
    else
      out += (out.empty() ? "" : ".") + decoded;
    if (next == std::string::npos) break;
    i = next;
  }
  return out;
}

std::string type_name(const json& v) {
  switch (v.type()) {
    case json::value_t::string:
      return "a string";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "an integer";
    case json::value_t::number_float:
      return "a float";
    case json::value_t::boolean:
      return "a boolean";
    case json::value_t::array:
      return "an array";
    case json::value_t::object:
      return "an object";
    case json::value_t::null:
      return "null";
    default:
      return "a value";
  }
}

std::string check_parameter_type(const std::string& type, const json& v) {
  if (is_unknown(v)) return "";
  bool ok = (type == "string" || type == "securestring")   ? v.is_string()
            : type == "int"                                ? v.is_number_integer()
            : type == "bool"                               ? v.is_boolean()
            : (type == "object" || type == "secureobject") ? v.is_object()
            : type == "array"                              ? v.is_array()
                                                           : false;
  if (ok) return "";
  return "expects " + type + ", got " + type_name(v);
}

// ---- Call helpers ----------------------------------------------------------

void Call::error(const std::string& message) const {
  throw TemplateFailure{"The template function '" + name + "' " + message, {}, node.offset};
}

void Call::wrong_type(size_t i, const std::string& expected) const {
  error("expects argument " + std::to_string(i + 1) + " to be " + expected + ", got " +
        type_name(args.at(i)));
}

const std::string& Call::str(size_t i) const {
  if (!args.at(i).is_string()) wrong_type(i, "a string");
  return args[i].get_ref<const std::string&>();
}

int64_t Call::integer(size_t i) const {
  if (!args.at(i).is_number_integer()) wrong_type(i, "an integer");
  return args[i].get<int64_t>();
}

double Call::number(size_t i) const {
  if (!args.at(i).is_number()) wrong_type(i, "a number");
  return args[i].get<double>();
}

bool Call::boolean(size_t i) const {
  if (!args.at(i).is_boolean()) wrong_type(i, "a boolean");
  return args[i].get<bool>();
}

const json& Call::array(size_t i) const {
  if (!args.at(i).is_array()) wrong_type(i, "an array");
  return args[i];
}

const json& Call::object(size_t i) const {
  if (!args.at(i).is_object()) wrong_type(i, "an object");
  return args[i];
}

const Builtin* find_builtin(const std::string& lowered) {
  static const std::vector<Builtin> table = [] {
    std::vector<Builtin> t;
    add_string_functions(t);
    add_collection_functions(t);
    add_numeric_functions(t);
    add_deployment_functions(t);
    add_resource_functions(t);
    return t;
  }();
  static const std::map<std::string, const Builtin*> index = [] {
    std::map<std::string, const Builtin*> m;
    for (const auto& b : table) m[lower(b.name)] = &b;
    return m;
  }();
  auto it = index.find(lowered);
  return it == index.end() ? nullptr : it->second;
}

// ---- Expressions -----------------------------------------------------------

namespace {

const json* find_member(const json& obj, const std::string& name) {
  auto it = obj.find(name);
  if (it != obj.end()) return &*it;
  for (auto m = obj.begin(); m != obj.end(); ++m)
    if (iequals(m.key(), name)) return &m.value();
  return nullptr;
}

json access_property(const json& target, const std::string& name, int offset) {
  if (is_unknown(target)) return unknown_value();
  if (!target.is_object())
    throw TemplateFailure{"The property '" + name + "' cannot be read from " + type_name(target), {}, offset};
  const json* v = find_member(target, name);
  if (!v) {
    std::string keys;
    for (auto m = target.begin(); m != target.end(); ++m) keys += (keys.empty() ? "" : ", ") + m.key();
    throw TemplateFailure{
        "The object has no property '" + name + "' (it has: " + (keys.empty() ? "none" : keys) + ")",
        {},
        offset};
  }
  return *v;
}

json access_index(const json& target, const json& index, int offset) {
  if (is_unknown(target) || is_unknown(index)) return unknown_value();
  if (target.is_array()) {
    if (!index.is_number_integer())
      throw TemplateFailure{"An array is indexed by an integer, got " + type_name(index), {}, offset};
    int64_t i = index.get<int64_t>();
    if (i < 0 || i >= static_cast<int64_t>(target.size()))
      throw TemplateFailure{"The index " + std::to_string(i) + " is outside the array of " +
                                std::to_string(target.size()) + " element(s)",
                            {},
                            offset};
    return target[static_cast<size_t>(i)];
  }
  if (target.is_object()) {
    if (!index.is_string())
      throw TemplateFailure{"An object is indexed by a string, got " + type_name(index), {}, offset};
    return access_property(target, index.get<std::string>(), offset);
  }
  throw TemplateFailure{"Only arrays and objects can be indexed, got " + type_name(target), {}, offset};
}

}  // namespace

json TemplateScope::eval_expr(const Expr& e, EvalFrame& frame) {
  switch (e.kind) {
    case Expr::Kind::String:
      return e.text;
    case Expr::Kind::Integer:
      return e.integer;
    case Expr::Kind::Float:
      return e.number;
    case Expr::Kind::Property:
      return access_property(eval_expr(*e.args[0], frame), e.text, e.offset);
    case Expr::Kind::Index:
      return access_index(eval_expr(*e.args[0], frame), eval_expr(*e.args[1], frame), e.offset);
    case Expr::Kind::Call:
      break;
  }
  std::string lowered = lower(e.text);
  if (e.text.find('.') != std::string::npos) {
    auto it = functions.find(lowered);
    if (it == functions.end())
      throw TemplateFailure{
          "The function '" + e.text + "' is not defined in the template's functions", {}, e.offset};
    if (frame.function_args)
      throw TemplateFailure{
          "User-defined functions cannot call other user-defined functions ('" + e.text + "')", {}, e.offset};
    std::vector<json> args;
    for (const auto& a : e.args) args.push_back(eval_expr(*a, frame));
    try {
      return call_user_function(it->second, std::move(args), frame);
    } catch (TemplateFailure& f) {
      if (f.offset < 0 || !f.pointer.empty()) throw;
      f.offset = e.offset;  // the position inside the function body means nothing here
      throw;
    }
  }
  const Builtin* b = find_builtin(lowered);
  if (!b) {
    if (lowered.rfind("list", 0) == 0) b = find_builtin("list*");
    if (!b) throw TemplateFailure{"'" + e.text + "' is not a template function", {}, e.offset};
  }
  Call call{*this, frame, e, e.text, {}};
  int n = static_cast<int>(e.args.size());
  if (n < b->min_args || (b->max_args >= 0 && n > b->max_args)) {
    std::string expected = b->min_args == b->max_args ? std::to_string(b->min_args)
                           : b->max_args < 0
                               ? "at least " + std::to_string(b->min_args)
                               : std::to_string(b->min_args) + " to " + std::to_string(b->max_args);
    call.error("expects " + expected + " argument(s), got " + std::to_string(n));
  }
  if (!(b->flags & kLazy)) {
    bool unknown = false;
    for (const auto& a : e.args) {
      call.args.push_back(eval_expr(*a, frame));
      const json& v = call.args.back();
      if (b->flags & kHoldUnknown) continue;
      if (is_unknown(v) || (!(b->flags & kPassUnknown) && contains_unknown(v))) unknown = true;
    }
    if (unknown) return unknown_value();
  }
  return b->fn(call);
}

json TemplateScope::eval_string(const std::string& s, const std::string& pointer, EvalFrame& frame) {
  if (!is_expression(s)) return literal_value(s);
  ParsedExpression parsed = parse_expression(s);
  if (!parsed.expr)
    throw TemplateFailure{"Invalid expression: " + parsed.error + " (at character " +
                              std::to_string(parsed.error_offset + 1) + " of \"" + s + "\")",
                          pointer, parsed.error_offset};
  try {
    return eval_expr(*parsed.expr, frame);
  } catch (TemplateFailure& f) {
    if (f.pointer.empty()) f.pointer = pointer;
    throw;
  }
}

json TemplateScope::eval_value(const json& v, const std::string& pointer, EvalFrame& frame,
                               bool property_loops) {
  if (v.is_string()) return eval_string(v.get<std::string>(), pointer, frame);
  if (v.is_array()) {
    json out = json::array();
    for (size_t i = 0; i < v.size(); ++i)
      out.push_back(eval_value(v[i], pointer_append(pointer, std::to_string(i)), frame));
    return out;
  }
  if (!v.is_object()) return v;
  json out = json::object();
  for (auto it = v.begin(); it != v.end(); ++it) {
    std::string p = pointer_append(pointer, it.key());
    if (property_loops && it.key() == "copy" && it.value().is_array()) {
      for (size_t i = 0; i < it.value().size(); ++i) {
        const json& loop = it.value()[i];
        std::string lp = pointer_append(p, std::to_string(i));
        if (!loop.is_object() || !loop.contains("name") || !loop.contains("count") || !loop.contains("input"))
          throw TemplateFailure{"A property copy loop needs \"name\", \"count\" and \"input\"", lp};
        json name = eval_value(loop["name"], pointer_append(lp, "name"), frame);
        json count = eval_value(loop["count"], pointer_append(lp, "count"), frame);
        if (!name.is_string())
          throw TemplateFailure{"The copy loop name must be a string", pointer_append(lp, "name")};
        if (is_unknown(count)) {
          out[name.get<std::string>()] = unknown_value();
          continue;
        }
        if (!count.is_number_integer() || count.get<int64_t>() < 0 || count.get<int64_t>() > 800)
          throw TemplateFailure{"The copy count must be an integer from 0 to 800",
                                pointer_append(lp, "count")};
        json items = json::array();
        for (int64_t k = 0; k < count.get<int64_t>(); ++k) {
          frame.copies.push_back({name.get<std::string>(), static_cast<int>(k), false});
          try {
            items.push_back(eval_value(loop["input"], pointer_append(lp, "input"), frame));
          } catch (...) {
            frame.copies.pop_back();
            throw;
          }
          frame.copies.pop_back();
        }
        out[name.get<std::string>()] = items;
      }
      continue;
    }
    out[it.key()] = eval_value(it.value(), p, frame);
  }
  return out;
}

}  // namespace forma::azure::tmpl
