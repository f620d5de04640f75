// The expression language of config strings: "${...}" templates, operators,
// for-expressions, splats and functions, with unknown values ("known after
// apply") flowing through all of them. See docs/config-language.md.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/positions.h"
#include "engine/base/value.h"

namespace forma::expr {

// The part of a traversal that names an object in scope. The evaluator applies
// the rest of the traversal (attributes, indexes, splats) to the value found.
//   var.x            -> {"var","x"}          local.x     -> {"local","x"}
//   test_null.a[0].id-> {"test_null","a"}    data.T.N.x  -> {"data","T","N"}
//   module.m.out     -> {"module","m"}       count.index -> {"count","index"}
//   each.key         -> {"each","key"}       path.module -> {"path","module"}
//   self.x           -> {"self"}
struct Reference {
  std::vector<std::string> key;
  std::string text;   // the whole traversal as written, e.g. "test_null.a[0].id"
  SourceRange range;  // where it is written
};

struct LookupResult {
  bool found = false;
  json value;              // may be or contain unknown_value()
  bool sensitive = false;  // the value is secret: the result of anything using it is too
  std::string error;       // when !found: one sentence, e.g. "No variable named \"x\" is declared."
};

class Scope {
 public:
  virtual ~Scope() = default;
  virtual LookupResult lookup(const Reference& ref) const = 0;
  // Directory that relative paths in file(), fileexists() and templatefile() start from.
  virtual std::string base_dir() const { return "."; }
};

class Expression;  // opaque syntax tree

struct Parsed {
  std::shared_ptr<const Expression> expr;  // null when diags has errors
  Diagnostics diags;
};

// A config string: literal text with "${...}" interpolations ("$${" is a
// literal "${"). `where` is the position of the string's first character in
// its file; diagnostics point inside the string.
Parsed parse_template(std::string_view text, const SourceRange& where, const std::string& json_path);
// Parse choices for templates that are not config strings.
struct ParseOptions {
  // templatefile(): a bare name such as "${name}" is a reference with key
  // {"name"} (its attributes applied after lookup), where in config it is an error.
  bool bare_names = false;
};
Parsed parse_template(std::string_view text, const SourceRange& where, const std::string& json_path,
                      const ParseOptions& options);
// A bare expression such as "test_null.a" (depends_on) or "var.n > 1".
Parsed parse_expression(std::string_view text, const SourceRange& where,
                        const std::string& json_path);

struct Evaluated {
  json value;
  bool sensitive = false;
  Diagnostics diags;
};

// A template that is exactly one "${...}" keeps the value's type; any other
// template yields a string (unknown if any part is unknown).
Evaluated evaluate(const Expression& e, const Scope& scope);
// Every reference the expression makes, in source order (duplicates kept).
std::vector<Reference> references(const Expression& e);
// True when the string has no interpolation at all.
bool is_literal(const Expression& e);

// Config templates parsed once for a whole run: building the graph reads
// their references, and every instance's evaluation needs the same parse.
// Keyed by the position index (one per module), JSON path and text, so a
// document built on the fly never meets a stale entry. Thread-safe.
class TemplateCache {
 public:
  Parsed parse(const std::string& text, const std::string& json_path, const PositionIndex& positions);

 private:
  std::shared_mutex mu_;
  std::unordered_map<std::string, Parsed> parsed_;
};

// Evaluates every string inside `doc` as a template (object keys stay literal).
// `json_path` is the pointer of `doc` in the config, used with `positions` to
// place diagnostics. Paths (relative to doc) of values computed from sensitive
// inputs are appended to `sensitive_paths` when it is given. `cache`, when
// given, supplies and keeps the parses.
Evaluated evaluate_document(const json& doc, const std::string& json_path,
                            const PositionIndex& positions, const Scope& scope,
                            std::vector<std::string>* sensitive_paths = nullptr, TemplateCache* cache = nullptr);
// Every reference in every string of `doc`. Parse errors go to `diags`.
std::vector<Reference> document_references(const json& doc, const std::string& json_path,
                                            const PositionIndex& positions, Diagnostics& diags,
                                            TemplateCache* cache = nullptr);

}  // namespace forma::expr
