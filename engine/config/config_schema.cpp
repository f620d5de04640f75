// The text of schemas/config.schema.json, embedded so the binary needs no data
// files. config_schema_test fails if the two differ; to update, paste the file
// between the delimiters.
#include "engine/config/schema_validation.h"

namespace forma::config {

std::string_view config_schema_text() {
  static constexpr std::string_view text = R"schema({
  "$schema": "http://json-schema.org/draft-07/schema#",
  "title": "forma configuration file (*.forma.json)",
  "description": "Top-level structure of the forma config language: Terraform's JSON syntax with comments. Resource arguments are described by each provider's schema.",
  "type": "object",
  "additionalProperties": false,
  "properties": {
    "$schema": { "type": "string" },
    "variable": {
      "type": "object",
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": { "$ref": "#/definitions/variable" }
    },
    "locals": {
      "type": "object",
      "propertyNames": { "$ref": "#/definitions/name" }
    },
    "provider": {
      "type": "object",
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": {
        "oneOf": [
          { "$ref": "#/definitions/provider" },
          { "type": "array", "items": { "$ref": "#/definitions/provider" } }
        ]
      }
    },
    "resource": { "$ref": "#/definitions/resourceBlock" },
    "data": { "$ref": "#/definitions/resourceBlock" },
    "output": {
      "type": "object",
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": { "$ref": "#/definitions/output" }
    },
    "module": {
      "type": "object",
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": { "$ref": "#/definitions/moduleCall" }
    },
    "moved": { "$ref": "#/definitions/oneOrMany/moved" },
    "import": { "$ref": "#/definitions/oneOrMany/import" },
    "removed": { "$ref": "#/definitions/oneOrMany/removed" },
    "check": {
      "type": "object",
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": {
        "type": "object",
        "additionalProperties": false,
        "required": ["assert"],
        "properties": { "assert": { "$ref": "#/definitions/conditions" } }
      }
    }
  },
  "definitions": {
    "name": { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]*$" },
    "reference": {
      "type": "string",
      "pattern": "^(\\$\\{)?(data\\.)?[A-Za-z_][A-Za-z0-9_-]*\\.[A-Za-z_][A-Za-z0-9_-]*(\\[(\"[^\"]*\"|[0-9]+)\\])?\\}?$"
    },
    "references": { "type": "array", "items": { "$ref": "#/definitions/reference" } },
    "condition": {
      "type": "object",
      "additionalProperties": false,
      "required": ["condition", "error_message"],
      "properties": {
        "condition": { "type": ["string", "boolean"] },
        "error_message": { "type": "string" }
      }
    },
    "conditions": {
      "oneOf": [
        { "$ref": "#/definitions/condition" },
        { "type": "array", "items": { "$ref": "#/definitions/condition" } }
      ]
    },
    "variable": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "type": { "type": "string" },
        "default": {},
        "description": { "type": "string" },
        "sensitive": { "type": "boolean" },
        "nullable": { "type": "boolean" },
        "validation": { "$ref": "#/definitions/conditions" }
      }
    },
    "provider": {
      "type": "object",
      "properties": {
        "alias": { "$ref": "#/definitions/name" }
      }
    },
    "countOrForEach": {
      "not": { "required": ["count", "for_each"] }
    },
    "connection": { "type": "object" },
    "provisioner": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "local-exec": { "$ref": "#/definitions/provisionerBody" },
        "remote-exec": { "$ref": "#/definitions/provisionerBody" },
        "file": { "$ref": "#/definitions/provisionerBody" }
      }
    },
    "provisionerBody": {
      "type": "object",
      "properties": {
        "connection": { "$ref": "#/definitions/connection" },
        "when": { "enum": ["create", "destroy"] },
        "on_failure": { "enum": ["fail", "continue"] }
      }
    },
    "lifecycle": {
      "type": "object",
      "additionalProperties": false,
      "properties": {
        "create_before_destroy": { "type": "boolean" },
        "prevent_destroy": { "type": "boolean" },
        "ignore_changes": {
          "oneOf": [
            { "const": "all" },
            { "type": "array", "items": { "type": "string" } }
          ]
        },
        "replace_triggered_by": { "type": "array", "items": { "type": "string" } },
        "precondition": { "$ref": "#/definitions/conditions" },
        "postcondition": { "$ref": "#/definitions/conditions" }
      }
    },
    "resource": {
      "type": "object",
      "allOf": [{ "$ref": "#/definitions/countOrForEach" }],
      "properties": {
        "count": { "type": ["integer", "string"] },
        "for_each": { "type": ["object", "array", "string"] },
        "depends_on": { "$ref": "#/definitions/references" },
        "provider": { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_-]*(\\.[A-Za-z_][A-Za-z0-9_-]*)?$" },
        "lifecycle": { "$ref": "#/definitions/lifecycle" },
        "connection": { "$ref": "#/definitions/connection" },
        "provisioner": {
          "oneOf": [
            { "$ref": "#/definitions/provisioner" },
            { "type": "array", "items": { "$ref": "#/definitions/provisioner" } }
          ]
        }
      }
    },
    "resourceBlock": {
      "type": "object",
      "propertyNames": { "$ref": "#/definitions/name" },
      "additionalProperties": {
        "type": "object",
        "propertyNames": { "$ref": "#/definitions/name" },
        "additionalProperties": { "$ref": "#/definitions/resource" }
      }
    },
    "output": {
      "type": "object",
      "additionalProperties": false,
      "required": ["value"],
      "properties": {
        "value": {},
        "description": { "type": "string" },
        "sensitive": { "type": "boolean" },
        "depends_on": { "$ref": "#/definitions/references" },
        "precondition": { "$ref": "#/definitions/conditions" }
      }
    },
    "moduleCall": {
      "type": "object",
      "allOf": [{ "$ref": "#/definitions/countOrForEach" }],
      "required": ["source"],
      "properties": {
        "source": { "type": "string", "pattern": "^\\.\\.?(/|$)" },
        "count": { "type": ["integer", "string"] },
        "for_each": { "type": ["object", "array", "string"] },
        "depends_on": { "$ref": "#/definitions/references" },
        "providers": { "type": "object", "additionalProperties": { "type": "string" } }
      }
    },
    "oneOrMany": {
      "moved": {
        "oneOf": [
          { "$ref": "#/definitions/blocks/moved" },
          { "type": "array", "items": { "$ref": "#/definitions/blocks/moved" } }
        ]
      },
      "import": {
        "oneOf": [
          { "$ref": "#/definitions/blocks/import" },
          { "type": "array", "items": { "$ref": "#/definitions/blocks/import" } }
        ]
      },
      "removed": {
        "oneOf": [
          { "$ref": "#/definitions/blocks/removed" },
          { "type": "array", "items": { "$ref": "#/definitions/blocks/removed" } }
        ]
      }
    },
    "blocks": {
      "moved": {
        "type": "object",
        "additionalProperties": false,
        "required": ["from", "to"],
        "properties": { "from": { "type": "string" }, "to": { "type": "string" } }
      },
      "import": {
        "type": "object",
        "additionalProperties": false,
        "required": ["to", "id"],
        "properties": {
          "to": { "type": "string" },
          "id": { "type": "string" },
          "provider": { "type": "string" }
        }
      },
      "removed": {
        "type": "object",
        "additionalProperties": false,
        "required": ["from"],
        "properties": {
          "from": { "type": "string" },
          "lifecycle": {
            "type": "object",
            "additionalProperties": false,
            "properties": { "destroy": { "type": "boolean" } }
          }
        }
      }
    }
  }
}
)schema";
  return text;
}

}  // namespace forma::config
