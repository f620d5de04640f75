// Resource ids from a type and names (private to this library).
#pragma once

#include <string>
#include <vector>

namespace forma::azure::tmpl {

// "{prefix}/providers/Ns/t1/n1/t2/n2"; "" and `error` set when the names do not fit the type.
std::string make_resource_id(const std::string& prefix, const std::string& type,
                             const std::vector<std::string>& names, std::string& error);
std::vector<std::string> split_path(const std::string& s);  // on '/', empty parts dropped

}  // namespace forma::azure::tmpl
