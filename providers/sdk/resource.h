// What a provider implements: one Resource per managed resource type and one
// DataSource per data source type. The SDK does the protocol, validation and
// generic planning; these only talk to the outside world.
#pragma once

#include <string>

#include "engine/base/diagnostic.h"
#include "providers/sdk/plan.h"
#include "providers/sdk/schema.h"

namespace forma::sdk {

struct PlanRequest {
  std::string type;
  std::string address;  // e.g. test_file.a or test_file.a[0]
  json prior_state;     // null when the object does not exist yet
  json config;          // null when the object is to be destroyed
};

struct ApplyRequest {
  std::string type;
  std::string address;
  json prior_state;    // null for a create
  json planned_state;  // null for a delete
  json config;
  std::string creation_token;  // stable across retries of one create; find an object by it
};

struct ReadRequest {
  std::string type;
  std::string address;
  json state;  // may hold unknowns when a create was interrupted
  std::string creation_token;
};

struct DataRequest {
  std::string type;
  std::string address;
  json config;
};

// The state after an operation (null: the object does not exist) and what went wrong.
// A create that fails half-way returns what it left behind together with an error.
struct StateResult {
  json state = nullptr;
  Diagnostics diagnostics;
  // With errors and a state: the state is sound as far as it goes (what a
  // deployment finished before one of its parts failed), so forma records it
  // as the object rather than tainting it, and the next plan completes it.
  bool partial = false;
};

class Resource {
 public:
  virtual ~Resource() = default;
  virtual ResourceSchema schema() const = 0;

  // Checks beyond the generic ones; `config` may hold unknowns.
  virtual Diagnostics validate(const json& /*config*/) const { return {}; }
  // Adjusts the generic plan, e.g. to plan a computed value that follows from config.
  virtual void customize_plan(const PlanRequest& /*request*/, PlannedChange& /*change*/) const {}
  // True when validating and planning need nothing but the request: no cloud,
  // no waiting. The server then answers those calls on the thread that reads
  // requests, sparing a handoff to a worker thread per planned instance.
  virtual bool plans_offline() const { return false; }

  virtual StateResult create(const ApplyRequest& request) = 0;
  virtual StateResult read(const ReadRequest& request) = 0;
  virtual StateResult update(const ApplyRequest& request) = 0;
  // Removes request.prior_state; errors mean the object still exists.
  virtual Diagnostics remove(const ApplyRequest& request) = 0;
  // The state of an existing object found by its id; null state when there is none.
  virtual StateResult import_state(const std::string& id);
};

class DataSource {
 public:
  virtual ~DataSource() = default;
  virtual ResourceSchema schema() const = 0;
  virtual Diagnostics validate(const json& /*config*/) const { return {}; }
  // The data source's full state (arguments and computed attributes).
  virtual StateResult read(const DataRequest& request) = 0;
};

}  // namespace forma::sdk
