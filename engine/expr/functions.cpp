#include "engine/expr/functions.h"

#include <algorithm>
#include <map>

#include "engine/expr/functions_support.h"

namespace forma::expr {
namespace {

using Table = std::map<std::string, FunctionSpec, std::less<>>;

Table build_table() {
  Table table;
  for (auto category : {fn::numeric_functions, fn::string_functions, fn::regex_functions,
                        fn::format_functions, fn::collection_functions, fn::set_functions,
                        fn::conversion_functions, fn::encoding_functions,
                        fn::filesystem_functions, fn::network_functions, fn::time_functions}) {
    for (const FunctionSpec& spec : category()) table.emplace(spec.name, spec);
  }
  return table;
}

const Table& table() {
  static const Table t = build_table();
  return t;
}

}  // namespace

const FunctionSpec* find_function(std::string_view name) {
  auto it = table().find(name);
  return it == table().end() ? nullptr : &it->second;
}

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> out;
    for (const auto& [name, spec] : table()) out.push_back(name);
    return out;  // already sorted: the table is an ordered map
  }();
  return names;
}

}  // namespace forma::expr
