// resolve_variables: picks each root variable's value, converts it to the
// declared type and runs its validation rules. Values of sensitive variables
// never appear in a diagnostic.
#include <optional>

#include "engine/base/text.h"
#include "engine/config/config.h"
#include "engine/config/variable_inputs.h"
#include "engine/expr/expression.h"
#include "engine/expr/types.h"

namespace forma::config {
namespace {

// Validation conditions see only the variable they belong to.
class SingleVariableScope : public expr::Scope {
 public:
  SingleVariableScope(const Variable& var, const json& value) : var_(var), value_(value) {}
  expr::LookupResult lookup(const expr::Reference& ref) const override {
    if (ref.key.size() >= 2 && ref.key[0] == "var" && ref.key[1] == var_.name)
      return {true, value_, var_.sensitive, {}};
    return {false, {}, false, "A validation rule may only refer to var." + var_.name + "."};
  }

 private:
  const Variable& var_;
  const json& value_;
};

class VariableResolver {
 public:
  VariableResolver(const Variable& var, const PositionIndex& positions, Diagnostics& diags)
      : var_(var), positions_(positions), diags_(diags) {}

  // The converted, validated value, or nullopt after reporting why there is none.
  std::optional<json> resolve(const std::optional<VariableInput>& input);

 private:
  void error(std::string summary, std::string detail, const SourceRange& range, const std::string& pointer);
  std::optional<json> convert(const json& value, const std::string& origin, const SourceRange& range,
                              const std::string& pointer);
  json read_text(const std::string& text) const;
  void validate(const json& value, const VariableInput& input);
  bool reveals_value(const Diagnostic& d, const json& value) const;

  const Variable& var_;
  const PositionIndex& positions_;
  Diagnostics& diags_;
  std::optional<expr::Type> type_;
};

void VariableResolver::error(std::string summary, std::string detail, const SourceRange& range,
                             const std::string& pointer) {
  diags_.push_back(Diagnostic::error(std::move(summary), std::move(detail), range, pointer));
}

// -var and FORMA_VAR_ text: a string variable takes it as is; other types read
// it as JSON, and "any" falls back to the string when it is not JSON.
json VariableResolver::read_text(const std::string& text) const {
  if (type_ && type_->kind == expr::Type::Kind::String) return text;
  json parsed = json::parse(text, nullptr, false);
  return parsed.is_discarded() ? json(text) : parsed;
}

std::optional<json> VariableResolver::convert(const json& value, const std::string& origin, const SourceRange& range,
                                              const std::string& pointer) {
  if (value.is_null()) {
    if (var_.nullable) return value;
    error("Invalid value for variable " + quote(var_.name) + ": it must not be null",
          "The variable is declared with \"nullable\": false; the null came from " + origin + ".", range, pointer);
    return std::nullopt;
  }
  if (!type_) return value;
  json out;
  std::string why;
  if (expr::convert(value, *type_, out, why)) return out;
  // The converter's reason may quote the value, which must stay secret.
  std::string reason = var_.sensitive ? "it does not match the type " + type_->to_string() : why;
  error("Invalid value for variable " + quote(var_.name) + ": " + reason,
        "The value comes from " + origin + "; the variable's type is " + type_->to_string() + ".", range, pointer);
  return std::nullopt;
}

bool VariableResolver::reveals_value(const Diagnostic& d, const json& value) const {
  if (!var_.sensitive) return false;
  std::string raw = value.is_string() ? value.get<std::string>() : value.dump();
  if (raw.empty()) return false;
  for (const std::string* text : {&d.summary, &d.detail})
    if (text->find(raw) != std::string::npos) return true;
  return false;
}

void VariableResolver::validate(const json& value, const VariableInput& input) {
  SingleVariableScope scope(var_, value);
  SourceRange where = input.range.known() ? input.range : var_.range;
  for (const auto& rule : var_.validations) {
    auto evaluate = [&](const json& text, const std::string& field) -> std::optional<expr::Evaluated> {
      if (!text.is_string()) return expr::Evaluated{text, false, {}};
      std::string pointer = pointer_append(rule.json_path, field);
      auto parsed = expr::parse_template(text.get<std::string>(), rule.range, pointer);
      if (!parsed.expr) {
        append(diags_, parsed.diags);
        return std::nullopt;
      }
      auto result = expr::evaluate(*parsed.expr, scope);
      for (auto& d : result.diags) {
        if (reveals_value(d, value)) d.summary = "The validation rule of a sensitive variable failed to evaluate", d.detail.clear();
        diags_.push_back(std::move(d));
      }
      if (has_errors(result.diags)) return std::nullopt;
      return result;
    };
    auto condition = evaluate(rule.condition, "condition");
    if (!condition || is_unknown(condition->value)) continue;
    if (!condition->value.is_boolean()) {
      error("Invalid validation condition for variable " + quote(var_.name) + ": the result must be true or false",
            {}, rule.range, pointer_append(rule.json_path, "condition"));
      continue;
    }
    if (condition->value.get<bool>()) continue;
    auto message = evaluate(rule.error_message, "error_message");
    std::string summary = "Invalid value for variable " + quote(var_.name);
    if (message && message->value.is_string() && !message->sensitive) summary = message->value.get<std::string>();
    error(summary,
          "The value from " + input.origin + " failed the validation rule at " + rule.range.to_string() + ".",
          where, var_.json_path);
  }
}

std::optional<json> VariableResolver::resolve(const std::optional<VariableInput>& given) {
  std::string error_text;
  type_ = expr::parse_type(var_.type, error_text);
  if (!type_)
    error("Invalid type constraint for variable " + quote(var_.name) + ": " + error_text,
          "A type is string, number, bool, any, list(T), set(T), map(T), tuple([T, ...]) or "
          "object({name = T, ...}).",
          positions_.find(pointer_append(var_.json_path, "type")), pointer_append(var_.json_path, "type"));
  std::optional<json> default_value;
  if (var_.default_value) {
    std::string pointer = pointer_append(var_.json_path, "default");
    default_value = convert(*var_.default_value, "the default", positions_.find(pointer), pointer);
    if (!default_value) return std::nullopt;
  }
  VariableInput input;
  std::optional<json> value;
  if (given) {
    input = *given;
    SourceRange range = input.range.known() ? input.range : var_.range;
    json raw = input.is_text ? read_text(input.value.get<std::string>()) : input.value;
    if (raw.is_null() && !var_.nullable && default_value) {
      value = default_value;  // a non-nullable variable takes its default for null
    } else {
      value = convert(raw, input.origin, range, var_.json_path);
      if (!value) return std::nullopt;
    }
  } else if (default_value) {
    input = VariableInput{*default_value, false, "the default", var_.range};
    value = default_value;
  } else {
    error("No value for required variable " + quote(var_.name),
          "Set it with -var \"" + var_.name + "=...\", a -var-file, a *.forma.vars.json file or FORMA_VAR_" +
              var_.name + ".",
          var_.range, var_.json_path);
    return std::nullopt;
  }
  size_t before = diags_.size();
  validate(*value, input);
  for (size_t i = before; i < diags_.size(); ++i)
    if (diags_[i].severity == Severity::Error) return std::nullopt;
  return value;
}

}  // namespace

VariableValues resolve_variables(const Module& root, const VariableInputs& inputs) {
  VariableValues out;
  try {
    auto given = collect_variable_inputs(root, inputs, out.diags);
    // A file that cannot be read may hold the values that now look missing.
    if (has_errors(out.diags)) return out;
    for (const auto& [name, var] : root.variables) {
      if (var.sensitive) out.sensitive.push_back(name);
      std::optional<VariableInput> input;
      if (auto it = given.find(name); it != given.end()) input = it->second;
      if (auto value = VariableResolver(var, root.positions, out.diags).resolve(input)) out.values[name] = std::move(*value);
    }
  } catch (const std::exception& e) {  // never let a bug cross the API
    out.diags.push_back(Diagnostic::error("Internal error while reading variables", e.what()));
  }
  return out;
}

}  // namespace forma::config
