// Decodes the merged config document into the structs of config.h. The
// Decoder holds what every block decoder needs: positions to place errors,
// and checks with good messages for the mistakes people actually make.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "engine/base/diagnostic.h"
#include "engine/base/positions.h"
#include "engine/base/value.h"
#include "engine/config/config.h"

namespace forma::config {

class Decoder {
 public:
  Decoder(const PositionIndex& positions, Diagnostics& diags) : positions_(positions), diags_(diags) {}

  SourceRange range(const std::string& pointer) const { return positions_.find(pointer); }
  Located located(const std::string& pointer) const { return Located{pointer, range(pointer)}; }
  void error(std::string summary, std::string detail, const std::string& pointer, bool at_key = false);
  bool ok() const { return errors_ == 0; }

  // Reports every key of `object` that is not in `allowed`, suggesting the nearest.
  // `where` completes "Unsupported argument "x" in ...", e.g. "variable \"region\"".
  void check_keys(const json& object, const std::string& pointer,
                  const std::vector<std::string>& allowed, const std::string& where);
  bool expect_object(const json& v, const std::string& pointer, const std::string& what);
  // Names of blocks: [A-Za-z_][A-Za-z0-9_-]*.
  bool check_name(const std::string& name, const std::string& pointer, const std::string& what);

  // Optional fields of `object` (at `pointer`); a present field of the wrong type is an error.
  std::optional<std::string> string_field(const json& object, const std::string& pointer,
                                          const std::string& key, bool required = false);
  std::optional<bool> bool_field(const json& object, const std::string& pointer, const std::string& key);
  std::vector<std::string> string_list(const json& v, const std::string& pointer, const std::string& what);
  // "depends_on": strings naming resources or modules, e.g. "test_null.a", "module.m".
  std::vector<std::string> references(const json& v, const std::string& pointer);
  // "count" and "for_each" of a resource or module call: a literal of a type
  // neither can ever take is reported here, in the words the planner uses.
  void check_repetition(const json& block, const std::string& pointer);
  // validation / precondition / postcondition / assert: an object or an array of them.
  std::vector<Condition> conditions(const json& v, const std::string& pointer, const std::string& what);

 private:
  const PositionIndex& positions_;
  Diagnostics& diags_;
  int errors_ = 0;
};

bool is_identifier(std::string_view name);
// "a number", "an object" ... for messages about a value of the wrong type.
std::string type_name(const json& v);
// "test_null.a", "data.t.n", "module.m", "var.x", optionally with [index] parts.
bool looks_like_reference(std::string_view text);

// Block decoders (decode_blocks.cpp, decode_resource.cpp).
void decode_variables(Decoder& d, const json& block, Module& m);
void decode_locals(Decoder& d, const json& block, Module& m);
void decode_providers(Decoder& d, const json& block, Module& m);
void decode_outputs(Decoder& d, const json& block, Module& m);
void decode_module_calls(Decoder& d, const json& block, Module& m);
void decode_moved(Decoder& d, const json& block, Module& m);
void decode_imports(Decoder& d, const json& block, Module& m);
void decode_removed(Decoder& d, const json& block, Module& m);
void decode_checks(Decoder& d, const json& block, Module& m);
void decode_resources(Decoder& d, const json& block, ResourceMode mode, Module& m);

// Decodes every block of a merged document into `m`.
void decode_document(Decoder& d, const json& doc, Module& m);

}  // namespace forma::config
