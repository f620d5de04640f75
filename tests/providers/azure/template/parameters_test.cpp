#include "template_test_support.h"

using namespace forma;
using namespace forma::azure::tmpl;
using namespace forma::azure::tmpl::testing;

namespace {

const std::string kTemplate = R"({
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "contentVersion": "1.0.0.0",
  "parameters": {
    "size": {"type": "string", "defaultValue": "Small", "allowedValues": ["Small", "Large"]},
    "count": {"type": "int", "defaultValue": 2, "minValue": 1, "maxValue": 5},
    "prefix": {"type": "string", "defaultValue": "[concat('p', parameters('size'))]", "minLength": 2, "maxLength": 8},
    "password": {"type": "securestring"},
    "enabled": {"type": "bool", "defaultValue": true},
    "tags": {"type": "object", "defaultValue": {}},
    "zones": {"type": "array", "defaultValue": [], "allowedValues": ["1", "2", "3"]}
  },
  "resources": [],
  "outputs": {
    "all": {"type": "array", "value": ["[parameters('size')]", "[parameters('count')]", "[parameters('prefix')]",
                                       "[parameters('enabled')]", "[parameters('tags')]", "[parameters('zones')]"]},
    "secret": {"type": "string", "value": "[parameters('password')]"}
  }
})";

Diagnostics bind_with(ParameterValues p, std::vector<TemplateOutput>* outputs = nullptr) {
  ArmTemplate t = parse(kTemplate);
  TemplateDeployment d;
  Diagnostics diags = d.bind(t, p, test_context());
  if (!has_errors(diags) && outputs) {
    UnknownResolver unknown;
    diags = d.evaluate_outputs(unknown, *outputs);
  }
  return diags;
}

}  // namespace

TEST_CASE("parameters take defaults, including expressions, and supplied values") {
  ParameterValues p;
  p.values["password"] = "s3cret";
  std::vector<TemplateOutput> outputs;
  Diagnostics diags = bind_with(p, &outputs);
  INFO(first_error(diags));
  REQUIRE(!has_errors(diags));
  REQUIRE(outputs.size() == 2);
  CHECK(outputs[0].value == json::parse(R"(["Small", 2, "pSmall", true, {}, []])"));
  CHECK_FALSE(outputs[0].sensitive);
  CHECK(outputs[1].sensitive);
}

TEST_CASE("a parameter without value or default is reported by name and position") {
  Diagnostics diags = bind_with({});
  REQUIRE(diags.size() == 1);
  CHECK_THAT(diags[0].summary, Catch::Contains("parameters.password: The parameter 'password' has no value"));
  CHECK(diags[0].range.start.line == 8);
}

TEST_CASE("allowedValues, minValue, maxValue, minLength and maxLength are enforced") {
  auto error_with = [](const std::string& name, json value) {
    ParameterValues p;
    p.values["password"] = "x";
    p.values[name] = std::move(value);
    return first_error(bind_with(p));
  };
  CHECK_THAT(error_with("size", "Huge"),
             Catch::Contains("\"Huge\" of parameter 'size' is not one of its allowedValues"));
  CHECK_THAT(error_with("count", 0), Catch::Contains("below its minValue 1"));
  CHECK_THAT(error_with("count", 6), Catch::Contains("above its maxValue 5"));
  CHECK_THAT(error_with("prefix", "p"), Catch::Contains("below its minLength 2"));
  CHECK_THAT(error_with("prefix", "much-too-long"), Catch::Contains("above its maxLength 8"));
  CHECK_THAT(error_with("zones", json({"1", "4"})), Catch::Contains("not one of its allowedValues"));
  CHECK_THAT(error_with("count", "two"), Catch::Contains("The parameter 'count' expects int, got a string"));
  CHECK(error_with("zones", json({"1", "3"})).empty());
}

TEST_CASE("a secure parameter's value never appears in an error") {
  std::string t = R"({"$schema": "x", "contentVersion": "1.0.0.0",
    "parameters": {"pw": {"type": "securestring", "allowedValues": ["a"]}}, "resources": []})";
  TemplateDeployment d;
  ParameterValues p;
  p.values["pw"] = "hunter2";
  std::string error = first_error(d.bind(parse(t), p, test_context()));
  CHECK_THAT(error, Catch::Contains("not one of its allowedValues"));
  CHECK_THAT(error, !Catch::Contains("hunter2"));
}

TEST_CASE("parameter files give values and refuse Key Vault references") {
  ArmTemplate t = parse(kTemplate);
  ParameterValues p;
  Diagnostics diags = parse_parameters(R"({"$schema": "x", "contentVersion": "1.0.0.0",
      "parameters": {"Size": {"value": "Large"}, "password": {"value": "pw"}}})",
                                       "p.json", t, p);
  REQUIRE(diags.empty());
  CHECK(p.values.at("size") == "Large");
  diags = parse_parameters(
      R"({"parameters": {"password": {"reference": {"keyVault": {"id": "/x"}, "secretName": "s"}}}})",
      "p.json", t, p);
  REQUIRE(diags.size() == 1);
  CHECK_THAT(diags[0].summary, Catch::Contains("parameters.password.reference: Key Vault references"));
  CHECK(diags[0].range.file == "p.json");
  diags = parse_parameters(R"({"parameters": {"sise": {"value": 1}}})", "p.json", t, p);
  CHECK_THAT(first_error(diags), Catch::Contains("declares no parameter 'sise'. Did you mean \"size\"?"));
  diags = parse_parameters(R"({"parameters": {"size": "Large"}})", "p.json", t, p);
  CHECK_THAT(first_error(diags), Catch::Contains("must be {\"value\": ...}"));
}

TEST_CASE("name=value overrides are converted to the parameter's type") {
  ArmTemplate t = parse(kTemplate);
  ParameterValues p;
  REQUIRE(apply_parameter_override(t, "count=4", p).empty());
  REQUIRE(apply_parameter_override(t, "enabled=False", p).empty());
  REQUIRE(apply_parameter_override(t, "tags={\"env\":\"dev\"}", p).empty());
  REQUIRE(apply_parameter_override(t, "zones=[\"1\"]", p).empty());
  REQUIRE(apply_parameter_override(t, "prefix=a=b", p).empty());
  CHECK(p.values.at("count") == 4);
  CHECK(p.values.at("enabled") == false);
  CHECK(p.values.at("tags") == json({{"env", "dev"}}));
  CHECK(p.values.at("zones") == json({"1"}));
  CHECK(p.values.at("prefix") == "a=b");
  CHECK_THAT(first_error(apply_parameter_override(t, "count=many", p)), Catch::Contains("is an int"));
  CHECK_THAT(first_error(apply_parameter_override(t, "enabled=yes", p)),
             Catch::Contains("give true or false"));
  CHECK_THAT(first_error(apply_parameter_override(t, "tags=[1]", p)), Catch::Contains("give it as JSON"));
  CHECK_THAT(first_error(apply_parameter_override(t, "nosuch=1", p)),
             Catch::Contains("no parameter 'nosuch'"));
  CHECK_THAT(first_error(apply_parameter_override(t, "novalue", p)), Catch::Contains("must be NAME=VALUE"));
}
