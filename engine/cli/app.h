// The forma command line: parses argv and runs one verb.
#pragma once

namespace forma::cli {

// Returns the exit code: 0 success, 1 error, 2 changes present (plan -detailed-exitcode).
int main(int argc, char** argv);

}  // namespace forma::cli
