// The real files behind test_file.
#pragma once

#include <optional>
#include <string>

#include "engine/base/status.h"

namespace forma::testprovider {

// The file's bytes, or nullopt when it does not exist or cannot be read.
std::optional<std::string> read_local_file(const std::string& path);
// Writes `content` and sets the permission given as octal text ("0644").
Status write_local_file(const std::string& path, const std::string& content, const std::string& permission);
// Removes the file; one that is already gone is not an error.
Status remove_local_file(const std::string& path);
// "0644", or "" when the file does not exist.
std::string local_file_permission(const std::string& path);
// True for "644" and "0644" style octal permissions.
bool valid_permission(const std::string& text);

}  // namespace forma::testprovider
