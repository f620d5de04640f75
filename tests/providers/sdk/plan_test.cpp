#include <catch2/catch.hpp>

#include "providers/sdk/plan.h"

using namespace forma;
using namespace forma::sdk;

namespace {

const Attributes kServer = {
    {"name", {.type = "string", .required = true, .force_new = true}},
    {"size", {.type = "number", .optional = true, .default_value = 1}},
    {"tags", {.type = "map(string)", .optional = true}},
    {"ip", {.type = "string", .computed = true}},
    {"zone", {.type = "string", .optional = true, .computed = true, .force_new = true}},
    {"disk", {.type = "object", .optional = true,
              .attributes = {{"gb", {.type = "number", .required = true, .force_new = true}},
                             {"serial", {.type = "string", .computed = true}}}}},
};

const json kPrior = {{"name", "a"}, {"size", 1},       {"tags", nullptr},
                     {"ip", "10.0.0.1"}, {"zone", "z1"}, {"disk", nullptr}};

}  // namespace

TEST_CASE("a create plans the config, defaults, and unknown computed values") {
  PlannedChange c = plan_change(kServer, nullptr, {{"name", "a"}});
  CHECK(c.planned_state ==
        json{{"name", "a"}, {"size", 1}, {"tags", nullptr}, {"ip", unknown_value()}, {"zone", unknown_value()}, {"disk", nullptr}});
  CHECK(c.requires_replace.empty());
}

TEST_CASE("an unchanged config plans exactly the prior state") {
  PlannedChange c = plan_change(kServer, kPrior, {{"name", "a"}});
  CHECK(c.planned_state == kPrior);
  CHECK(c.requires_replace.empty());
}

TEST_CASE("an update keeps computed values and changes only what the config changes") {
  PlannedChange c = plan_change(kServer, kPrior, {{"name", "a"}, {"size", "4"}});
  CHECK(c.planned_state["size"] == 4);  // converted from "4"
  CHECK(c.planned_state["ip"] == "10.0.0.1");
  CHECK(c.requires_replace.empty());
}

TEST_CASE("changing a force_new attribute requires replacement and makes computed values unknown") {
  PlannedChange c = plan_change(kServer, kPrior, {{"name", "b"}});
  CHECK(c.requires_replace == std::vector<std::string>{"/name"});
  CHECK(is_unknown(c.planned_state["ip"]));
  CHECK(is_unknown(c.planned_state["zone"]));
}

TEST_CASE("an unknown force_new value requires replacement") {
  PlannedChange c = plan_change(kServer, kPrior, {{"name", unknown_value()}});
  CHECK(c.requires_replace == std::vector<std::string>{"/name"});
  CHECK(is_unknown(c.planned_state["name"]));
}

TEST_CASE("an optional computed force_new attribute left out keeps its prior value") {
  PlannedChange c = plan_change(kServer, kPrior, {{"name", "a"}});
  CHECK(c.planned_state["zone"] == "z1");
  PlannedChange set = plan_change(kServer, kPrior, {{"name", "a"}, {"zone", "z2"}});
  CHECK(set.requires_replace == std::vector<std::string>{"/zone"});
}

TEST_CASE("a null config plans destruction") {
  PlannedChange c = plan_change(kServer, kPrior, nullptr);
  CHECK(c.planned_state.is_null());
  CHECK(c.requires_replace.empty());
}

TEST_CASE("nested blocks are planned attribute by attribute") {
  json prior = kPrior;
  prior["disk"] = {{"gb", 10}, {"serial", "S1"}};
  PlannedChange same = plan_change(kServer, prior, {{"name", "a"}, {"disk", {{"gb", 10}}}});
  CHECK(same.planned_state["disk"] == json{{"gb", 10}, {"serial", "S1"}});
  PlannedChange bigger = plan_change(kServer, prior, {{"name", "a"}, {"disk", {{"gb", 20}}}});
  CHECK(bigger.requires_replace == std::vector<std::string>{"/disk/gb"});
  CHECK(is_unknown(bigger.planned_state["disk"]["serial"]));
}

TEST_CASE("changed_attributes lists the attributes that differ") {
  json after = kPrior;
  after["size"] = 2;
  after["ip"] = unknown_value();
  CHECK(changed_attributes(kPrior, after) == std::vector<std::string>{"/ip", "/size"});
  CHECK(changed_attributes(kPrior, kPrior).empty());
  CHECK(changed_attributes(nullptr, {{"a", 1}}) == std::vector<std::string>{"/a"});
  CHECK(attribute_changed(kPrior, after, "size"));
  CHECK_FALSE(attribute_changed(kPrior, after, "name"));
}
