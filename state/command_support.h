// Helpers shared by the state commands (private to state/).
#pragma once

#include <string>
#include <vector>

#include "state/address.h"
#include "state/commands.h"

namespace forma::state {

inline CommandResult failed(std::string message) { return {Status::error(std::move(message)), ""}; }

// The objects ADDR names: the instance itself, or every instance of a resource.
std::vector<ResourceObject> objects_at(const std::vector<ResourceObject>& all, const InstanceAddress& address);

// "no resource in the state matches X. Did you mean ...?"
std::string no_match_message(const std::vector<ResourceObject>& all, const std::string& address);

HistoryEntry history_row(const std::string& operation, const std::string& address, const std::string& action);

}  // namespace forma::state
