// Type constraints: parsing HCL type syntax and writing it back.
#include "engine/expr/types.h"

#include <algorithm>

#include "engine/base/text.h"
#include "engine/expr/parser.h"

namespace forma::expr {

namespace {

const std::vector<std::string> kTypeNames = {"string", "number", "bool", "any", "list",
                                             "set",    "map",    "tuple", "object"};

class TypeParser {
 public:
  TypeParser(std::string_view text, std::string& error) : text_(text), error_(error) {}

  std::optional<Type> whole() {
    auto t = type(0);
    if (!t) return std::nullopt;
    skip_space();
    if (pos_ < text_.size()) return failed("unexpected text after the type");
    return t;
  }

 private:
  static constexpr int kMaxDepth = 50;

  std::optional<Type> failed(const std::string& why) {
    if (error_.empty()) error_ = why.empty() ? "invalid type" : why;
    return std::nullopt;
  }

  void skip_space() {
    while (pos_ < text_.size() && std::string_view(" \t\r\n").find(text_[pos_]) != std::string_view::npos)
      ++pos_;
  }

  bool accept(char c) {
    skip_space();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }

  std::string name() {
    skip_space();
    size_t begin = pos_;
    if (pos_ < text_.size() && is_name_start(text_[pos_]))
      while (pos_ < text_.size() && is_name_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(begin, pos_ - begin));
  }

  std::optional<Type> type(int depth) {
    if (depth > kMaxDepth) return failed("the type is nested too deeply");
    std::string keyword = name();
    if (keyword.empty()) return failed("a type name such as string, number or list(string) is expected");
    Type t;
    if (keyword == "string") t.kind = Type::Kind::String;
    else if (keyword == "number") t.kind = Type::Kind::Number;
    else if (keyword == "bool") t.kind = Type::Kind::Bool;
    else if (keyword == "any") t.kind = Type::Kind::Any;
    else if (keyword == "list" || keyword == "set" || keyword == "map") return collection(keyword, depth);
    else if (keyword == "tuple") return tuple(depth);
    else if (keyword == "object") return object(depth);
    else return failed("\"" + keyword + "\" is not a type." + did_you_mean(keyword, kTypeNames));
    return t;
  }

  std::optional<Type> collection(const std::string& keyword, int depth) {
    Type t;
    t.kind = keyword == "list" ? Type::Kind::List : keyword == "set" ? Type::Kind::Set : Type::Kind::Map;
    if (!accept('(')) {  // a bare "list" or "map" is the legacy spelling of list(any)
      t.element = std::make_shared<Type>();
      return t;
    }
    auto element = type(depth + 1);
    if (!element) return std::nullopt;
    if (!accept(')')) return failed("\")\" is expected after the element type of " + keyword + "(...)");
    t.element = std::make_shared<Type>(std::move(*element));
    return t;
  }

  std::optional<Type> tuple(int depth) {
    Type t;
    t.kind = Type::Kind::Tuple;
    if (!accept('(') || !accept('[')) return failed("tuple types are written tuple([type, ...])");
    while (!accept(']')) {
      auto element = type(depth + 1);
      if (!element) return std::nullopt;
      t.elements.push_back(std::move(*element));
      if (!accept(',') && !(skip_space(), pos_ < text_.size() && text_[pos_] == ']'))
        return failed("\",\" or \"]\" is expected between tuple element types");
    }
    if (!accept(')')) return failed("\")\" is expected after tuple([...])");
    return t;
  }

  std::optional<Type> object(int depth) {
    Type t;
    t.kind = Type::Kind::Object;
    if (!accept('(') || !accept('{')) return failed("object types are written object({name = type, ...})");
    while (!accept('}')) {
      std::string attr = name();
      if (attr.empty()) return failed("an attribute name is expected in object({...})");
      if (!accept('=') && !accept(':')) return failed("\"=\" is expected after attribute \"" + attr + "\"");
      size_t save = pos_;
      bool optional = name() == "optional" && accept('(');
      if (!optional) pos_ = save;
      auto attr_type = type(depth + 1);
      if (!attr_type) return std::nullopt;
      if (optional && !accept(')'))
        return failed("optional() takes one type; default values are not supported");
      if (t.attributes.count(attr)) return failed("attribute \"" + attr + "\" is declared twice");
      t.attributes.emplace(attr, std::move(*attr_type));
      if (optional) t.optional_attrs.push_back(attr);
      accept(',');
    }
    if (!accept(')')) return failed("\")\" is expected after object({...})");
    std::sort(t.optional_attrs.begin(), t.optional_attrs.end());
    return t;
  }

  std::string_view text_;
  std::string& error_;
  size_t pos_ = 0;
};

}  // namespace

std::string Type::to_string() const {
  switch (kind) {
    case Kind::String: return "string";
    case Kind::Number: return "number";
    case Kind::Bool: return "bool";
    case Kind::Any: return "any";
    case Kind::List: return "list(" + (element ? element->to_string() : "any") + ")";
    case Kind::Set: return "set(" + (element ? element->to_string() : "any") + ")";
    case Kind::Map: return "map(" + (element ? element->to_string() : "any") + ")";
    case Kind::Tuple: {
      std::string s = "tuple([";
      for (size_t i = 0; i < elements.size(); ++i) s += (i ? "," : "") + elements[i].to_string();
      return s + "])";
    }
    case Kind::Object: {
      std::string s = "object({";
      bool first = true;
      for (const auto& [name, type] : attributes) {
        bool optional = std::find(optional_attrs.begin(), optional_attrs.end(), name) != optional_attrs.end();
        s += (first ? "" : ",") + name + "=" +
             (optional ? "optional(" + type.to_string() + ")" : type.to_string());
        first = false;
      }
      return s + "})";
    }
  }
  return "any";
}

std::optional<Type> parse_type(std::string_view text, std::string& error) {
  error.clear();
  return TypeParser(text, error).whole();
}

}  // namespace forma::expr
