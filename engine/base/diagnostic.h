// Diagnostics: the one error type that crosses module boundaries.
// A diagnostic says what failed in one sentence (summary), what to do (detail),
// and where: the file, line and column, and the JSON path of the value.
#pragma once

#include <string>
#include <vector>

namespace forma {

struct SourcePos {
  int line = 0;    // 1-based; 0 means unknown
  int column = 0;  // 1-based, in bytes
};

struct SourceRange {
  std::string file;  // empty when the problem has no place in a file
  SourcePos start;
  SourcePos end;

  bool known() const { return !file.empty(); }
  std::string to_string() const;  // "main.forma.json:3:7"
};

enum class Severity { Error, Warning };

struct Diagnostic {
  Severity severity = Severity::Error;
  std::string summary;    // one sentence, no trailing period needed
  std::string detail;     // what was expected / what to do
  SourceRange range;      // where
  std::string json_path;  // JSON pointer of the offending value, e.g. /resource/test_null/a/count

  static Diagnostic error(std::string summary, std::string detail = {},
                          SourceRange range = {}, std::string json_path = {});
  static Diagnostic warning(std::string summary, std::string detail = {},
                            SourceRange range = {}, std::string json_path = {});
};

using Diagnostics = std::vector<Diagnostic>;

bool has_errors(const Diagnostics& diags);
void append(Diagnostics& into, const Diagnostics& from);

// "Error: summary\n\n  on file:line:col, in /json/path\n\ndetail\n"
std::string format_diagnostic(const Diagnostic& d);

}  // namespace forma
