// Evaluating and scanning whole JSON documents, string by string.
#include <cstdint>
#include <exception>
#include <mutex>

#include "engine/expr/expression.h"

namespace forma::expr {

namespace {

bool may_interpolate(const std::string& s) {
  for (size_t i = s.find('{'); i != std::string::npos; i = s.find('{', i + 1))
    if (i > 0 && (s[i - 1] == '$' || s[i - 1] == '%')) return true;
  return false;
}

// Appends "/token" to a pointer being built in place, escaping as RFC 6901 says.
void push_token(std::string& pointer, const std::string& token) {
  if (token.find_first_of("~/") == std::string::npos) {
    pointer += '/';
    pointer += token;
  } else {
    pointer += pointer_append("", token);
  }
}

class DocumentWalk {
 public:
  DocumentWalk(const std::string& json_path, const PositionIndex& positions)
      : json_path_(json_path), positions_(positions) {}

  // Calls visit(string, relative pointer) for every string value that has
  // template syntax; copies the document when `copy` is given, replacing each
  // such string by what visit returns.
  template <typename Visit>
  void walk(const json& v, json* copy, Visit& visit) {
    if (v.is_string()) {
      const auto& s = v.get_ref<const std::string&>();
      if (!may_interpolate(s)) {
        if (copy) *copy = v;
        return;
      }
      json result = visit(s, pointer_);
      if (copy) *copy = std::move(result);
      return;
    }
    if (!v.is_structured()) {
      if (copy) *copy = v;
      return;
    }
    if (copy) *copy = v.is_array() ? json::array() : json::object();
    size_t length = pointer_.size();
    size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
      if (v.is_array()) {
        pointer_ += '/';
        pointer_ += std::to_string(i);
      } else {
        push_token(pointer_, it.key());
      }
      json* slot = nullptr;
      if (copy) slot = v.is_array() ? &copy->emplace_back() : &(*copy)[it.key()];
      walk(*it, slot, visit);
      pointer_.resize(length);
    }
  }

  Parsed parse(const std::string& s, const std::string& relative, TemplateCache* cache) const {
    std::string path = json_path_ + relative;
    if (cache) return cache->parse(s, path, positions_);
    return parse_template(s, positions_.find(path), path);
  }

 private:
  const std::string& json_path_;
  const PositionIndex& positions_;
  std::string pointer_;  // of the value being walked, relative to the document
};

}  // namespace

Parsed TemplateCache::parse(const std::string& text, const std::string& json_path, const PositionIndex& positions) {
  std::string key = std::to_string(reinterpret_cast<uintptr_t>(&positions));
  key += ' ';
  key += json_path;
  key += '\0';
  key += text;
  {
    std::shared_lock lock(mu_);
    if (auto it = parsed_.find(key); it != parsed_.end()) return it->second;
  }
  Parsed parsed = parse_template(text, positions.find(json_path), json_path);
  std::unique_lock lock(mu_);
  return parsed_.emplace(std::move(key), std::move(parsed)).first->second;
}

Evaluated evaluate_document(const json& doc, const std::string& json_path,
                            const PositionIndex& positions, const Scope& scope,
                            std::vector<std::string>* sensitive_paths, TemplateCache* cache) {
  Evaluated out;
  DocumentWalk walk(json_path, positions);
  auto visit = [&](const std::string& s, const std::string& relative) -> json {
    Parsed parsed = walk.parse(s, relative, cache);
    if (!parsed.expr) {
      append(out.diags, parsed.diags);
      return nullptr;
    }
    Evaluated e = evaluate(*parsed.expr, scope);
    append(out.diags, e.diags);
    if (e.sensitive) {
      out.sensitive = true;
      if (sensitive_paths) sensitive_paths->push_back(relative);
    }
    return std::move(e.value);
  };
  try {
    walk.walk(doc, &out.value, visit);
  } catch (const std::exception& ex) {
    out.diags.push_back(Diagnostic::error("Failed to evaluate", ex.what(), positions.find(json_path), json_path));
  }
  return out;
}

std::vector<Reference> document_references(const json& doc, const std::string& json_path,
                                            const PositionIndex& positions, Diagnostics& diags,
                                            TemplateCache* cache) {
  std::vector<Reference> refs;
  DocumentWalk walk(json_path, positions);
  auto visit = [&](const std::string& s, const std::string& relative) -> json {
    Parsed parsed = walk.parse(s, relative, cache);
    append(diags, parsed.diags);
    if (parsed.expr) {
      std::vector<Reference> found = references(*parsed.expr);
      refs.insert(refs.end(), std::make_move_iterator(found.begin()),
                  std::make_move_iterator(found.end()));
    }
    return nullptr;
  };
  try {
    walk.walk(doc, nullptr, visit);
  } catch (const std::exception& ex) {
    diags.push_back(Diagnostic::error("Failed to read references", ex.what(), positions.find(json_path), json_path));
  }
  return refs;
}

}  // namespace forma::expr
