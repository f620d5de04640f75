// config_file: a cluster.json of the CLI's format (ClusterCreateParameters),
// read, brought up to date the way the CLI does (credentialsInfo ->
// credentials, <AZURE_BATCHAI_STORAGE_ACCOUNT>/<AZURE_BATCHAI_STORAGE_KEY>
// placeholders from the environment) and checked against the schema.
#pragma once

#include <string>
#include <string_view>

#include "engine/base/diagnostic.h"
#include "providers/azure/azure_context.h"

namespace forma::azure {

struct ClusterFile {
  json properties = json::object();  // the file's "properties"
  std::string sha256;                // of the file's bytes
};

// Reads and checks `path`; diagnostics point at /config_file and name the
// JSON pointer inside the file that is wrong.
Diagnostics load_cluster_file(const std::string& path, const EnvLookup& env, ClusterFile& out);

// The same for text already read (tests, and the reader above).
Diagnostics parse_cluster_file(const std::string& text, const std::string& path, const EnvLookup& env,
                               ClusterFile& out);

std::string_view cluster_file_schema_text();

}  // namespace forma::azure
