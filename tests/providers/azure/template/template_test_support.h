// Helpers for the template language tests: evaluate one expression, or bind
// and expand a template given as JSON text.
#pragma once

#include <catch2/catch.hpp>
#include <string>

#include "providers/azure/template/template.h"

namespace forma::azure::tmpl::testing {

inline DeploymentContext test_context() {
  DeploymentContext c;
  c.deployment_name = "deploy1";
  c.subscription_id = "00000000-0000-0000-0000-000000000001";
  c.resource_group = "rg1";
  c.resource_group_location = "westeurope";
  c.tenant_id = "72f988bf-86f1-41af-91ab-2d7cd011db47";
  return c;
}

inline std::string first_error(const Diagnostics& d) { return d.empty() ? std::string() : d.front().summary; }

// A template from `text`; fails the test on a syntax error.
inline ArmTemplate parse(const std::string& text) {
  ArmTemplate t;
  Diagnostics d = parse_template(text, "test.json", t);
  INFO(first_error(d));
  REQUIRE(!has_errors(d));
  return t;
}

struct Evaluated {
  json value;
  std::string error;  // the first diagnostic's summary
  Diagnostics diags;
};

// Evaluates `expression` (a JSON string value such as "[concat('a','b')]") as an
// output of a template with the given extra sections (parameters, variables...).
inline Evaluated evaluate(const std::string& expression, const std::string& sections = "",
                          TemplateSeams seams = {}) {
  std::string text =
      R"({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
    "contentVersion": "1.0.0.0", )" +
      sections + (sections.empty() ? "" : ",") +
      R"( "resources": [], "outputs": {"o": {"type": "array", "value": [)" + json(expression).dump() + "]}}}";
  Evaluated out;
  ArmTemplate t;
  out.diags = parse_template(text, "test.json", t);
  TemplateDeployment d;
  if (!has_errors(out.diags)) out.diags = d.bind(t, {}, test_context(), std::move(seams));
  std::vector<TemplateOutput> outputs;
  UnknownResolver unknown;
  if (!has_errors(out.diags)) out.diags = d.evaluate_outputs(unknown, outputs);
  if (has_errors(out.diags))
    out.error = first_error(out.diags);
  else
    out.value = outputs.at(0).value.at(0);
  return out;
}

inline json value_of(const std::string& expression, const std::string& sections = "") {
  Evaluated e = evaluate(expression, sections);
  INFO(expression << " -> " << e.error);
  REQUIRE(e.error.empty());
  return e.value;
}

inline std::string error_of(const std::string& expression, const std::string& sections = "") {
  Evaluated e = evaluate(expression, sections);
  INFO(expression << " -> " << e.value.dump());
  REQUIRE(!e.error.empty());
  return e.error;
}

// Binds and expands a whole template; fails the test on any error.
inline ExpandedDeployment expand_template(const ArmTemplate& t, const ParameterValues& params) {
  TemplateDeployment d;
  Diagnostics diags = d.bind(t, params, test_context());
  INFO(first_error(diags));
  REQUIRE(!has_errors(diags));
  ExpandedDeployment out;
  UnknownResolver unknown;
  diags = d.expand(unknown, out);
  INFO(first_error(diags));
  REQUIRE(!has_errors(diags));
  return out;
}

inline ExpandedDeployment expand(const std::string& text, const ParameterValues& params = {}) {
  return expand_template(parse(text), params);
}

inline std::string expand_error(const std::string& text, const ParameterValues& params = {}) {
  ArmTemplate t;
  Diagnostics diags = parse_template(text, "test.json", t);
  TemplateDeployment d;
  if (!has_errors(diags)) diags = d.bind(t, params, test_context());
  ExpandedDeployment out;
  UnknownResolver unknown;
  if (!has_errors(diags)) diags = d.expand(unknown, out);
  REQUIRE(has_errors(diags));
  return first_error(diags);
}

inline const std::string kRg = "/subscriptions/00000000-0000-0000-0000-000000000001/resourceGroups/rg1";

}  // namespace forma::azure::tmpl::testing
