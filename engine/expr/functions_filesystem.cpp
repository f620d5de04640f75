// file fileexists filebase64 file{md5,sha1,sha256,sha512} filebase64sha256
// filebase64sha512 templatefile abspath dirname basename pathexpand.
// Relative paths start at the scope's base_dir(); "~" is the home directory.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "engine/base/text.h"
#include "engine/expr/expression.h"
#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

namespace fs = std::filesystem;

// Larger files are refused: config files do not embed them, and a path such
// as /dev/zero must not hang the engine.
constexpr std::uintmax_t kMaxFileSize = 64 * 1024 * 1024;

std::string expand_home(const std::string& path) {
  if (path != "~" && path.rfind("~/", 0) != 0) return path;
  const char* home = std::getenv("HOME");
  return std::string(home ? home : "") + path.substr(1);
}

fs::path resolve(const std::string& path, const Ctx& ctx) {
  fs::path p = expand_home(path);
  return p.is_absolute() ? p : fs::path(ctx.scope.base_dir()) / p;
}

// Reads a whole file; on failure returns nullopt and sets `error`.
std::optional<std::string> read_file(const json& arg, const Ctx& ctx, std::string& error) {
  auto path = as_string(arg);
  if (!path) {
    error = bad_arg("path", "string");
    return std::nullopt;
  }
  std::error_code ec;
  fs::path p = resolve(*path, ctx);
  auto status = fs::status(p, ec);
  if (ec || !fs::exists(status)) error = "no file exists at " + quote(*path);
  else if (fs::is_directory(status)) error = quote(*path) + " is a directory, not a file";
  else if (!fs::is_regular_file(status)) error = quote(*path) + " is not a regular file";
  else if (fs::file_size(p, ec) > kMaxFileSize) error = quote(*path) + " is larger than 64 MiB";
  if (!error.empty()) return std::nullopt;
  std::ifstream in(p, std::ios::binary);
  std::ostringstream content;
  content << in.rdbuf();
  if (!in) {
    error = "cannot read " + quote(*path);
    return std::nullopt;
  }
  return content.str();
}

FunctionResult file_fn(const Args& a, const Ctx& ctx) {
  std::string error;
  auto content = read_file(a[0], ctx, error);
  if (!content) return fail(error);
  if (!valid_utf8(*content)) return fail("contents of " + quote(*as_string(a[0])) + " are not valid UTF-8; use filebase64 to read binary files");
  return ok(*content);
}

FunctionResult fileexists_fn(const Args& a, const Ctx& ctx) {
  auto path = as_string(a[0]);
  if (!path) return fail(bad_arg("path", "string"));
  std::error_code ec;
  auto status = fs::status(resolve(*path, ctx), ec);
  if (fs::is_directory(status)) return fail(quote(*path) + " is a directory, not a file");
  return ok(!ec && fs::is_regular_file(status));
}

template <const char* Algorithm, bool Base64>
FunctionResult file_hash_fn(const Args& a, const Ctx& ctx) {
  std::string error;
  auto content = read_file(a[0], ctx, error);
  if (!content) return fail(error);
  if (Algorithm[0] == 0) return ok(base64_encode(*content));  // filebase64
  std::string raw = digest(Algorithm, *content);
  return ok(Base64 ? base64_encode(raw) : hex(raw));
}

// Exposes templatefile's vars as top-level names: "${name}" is the reference
// with key {"name"}.
class TemplateVars : public Scope {
 public:
  TemplateVars(const json& vars, std::string base_dir) : vars_(vars), base_dir_(std::move(base_dir)) {}
  LookupResult lookup(const Reference& ref) const override {
    LookupResult r;
    if (!ref.key.empty()) {
      if (auto it = vars_.find(ref.key[0]); it != vars_.end()) {
        r.found = true;
        r.value = *it;
        return r;
      }
    }
    r.error = "vars map does not contain key " + quote(ref.key.empty() ? ref.text : ref.key[0]);
    return r;
  }
  std::string base_dir() const override { return base_dir_; }

 private:
  const json& vars_;
  std::string base_dir_;
};

// One sentence for a problem inside a template: where, what and why.
std::string template_error(const Diagnostic& d) {
  std::string where = "template " + quote(d.range.file);
  if (d.range.start.line > 0) where += " line " + std::to_string(d.range.start.line);
  return where + ": " + d.summary + (d.detail.empty() ? "" : ": " + d.detail);
}

FunctionResult templatefile_fn(const Args& a, const Ctx& ctx) {
  // A template calling templatefile could recurse forever; Terraform forbids it too.
  static thread_local int depth = 0;
  if (depth > 0) return fail("templatefile cannot be called from inside a template");
  if (!a[1].is_object()) return fail(bad_arg("vars", "map or object"));
  std::string error;
  auto content = read_file(a[0], ctx, error);
  if (!content) return fail(error);
  SourceRange where;
  where.file = *as_string(a[0]);
  where.start = {1, 1};
  ParseOptions options;
  options.bare_names = true;
  Parsed parsed = parse_template(*content, where, "", options);
  if (has_errors(parsed.diags) || !parsed.expr) {
    return fail(parsed.diags.empty() ? "template " + quote(where.file) + " cannot be parsed" : template_error(parsed.diags[0]));
  }
  ++depth;
  Evaluated result = evaluate(*parsed.expr, TemplateVars(a[1], ctx.scope.base_dir()));
  --depth;
  for (const auto& d : result.diags) {
    if (d.severity == Severity::Error) return fail(template_error(d));
  }
  return ok(result.value);
}

FunctionResult abspath_fn(const Args& a, const Ctx&) {
  auto path = as_string(a[0]);
  if (!path) return fail(bad_arg("path", "string"));
  std::error_code ec;
  fs::path p = fs::absolute(fs::path(*path), ec).lexically_normal();
  if (ec) return fail("cannot make " + quote(*path) + " absolute: " + ec.message());
  std::string out = p.string();
  if (out.size() > 1 && out.back() == '/') out.pop_back();
  return ok(out);
}

// Go's filepath.Dir and filepath.Base, which Terraform's functions are.
std::string trim_trailing_slashes(std::string p) {
  while (p.size() > 1 && p.back() == '/') p.pop_back();
  return p;
}

FunctionResult dirname_fn(const Args& a, const Ctx&) {
  auto path = as_string(a[0]);
  if (!path) return fail(bad_arg("path", "string"));
  size_t slash = path->rfind('/');
  if (slash == std::string::npos) return ok(".");
  std::string dir = fs::path(path->substr(0, slash + 1)).lexically_normal().string();
  return ok(dir.empty() ? "." : trim_trailing_slashes(dir));
}

FunctionResult basename_fn(const Args& a, const Ctx&) {
  auto path = as_string(a[0]);
  if (!path) return fail(bad_arg("path", "string"));
  if (path->empty()) return ok(".");
  std::string p = trim_trailing_slashes(*path);
  if (p == "/") return ok("/");
  size_t slash = p.rfind('/');
  return ok(slash == std::string::npos ? p : p.substr(slash + 1));
}

FunctionResult pathexpand_fn(const Args& a, const Ctx&) {
  auto path = as_string(a[0]);
  if (!path) return fail(bad_arg("path", "string"));
  return ok(expand_home(*path));
}

}  // namespace

std::vector<FunctionSpec> filesystem_functions() {
  return {
      {"file", 1, 1, false, file_fn},
      {"fileexists", 1, 1, false, fileexists_fn},
      {"filebase64", 1, 1, false, file_hash_fn<kNone, true>},
      {"filemd5", 1, 1, false, file_hash_fn<kMd5, false>},
      {"filesha1", 1, 1, false, file_hash_fn<kSha1, false>},
      {"filesha256", 1, 1, false, file_hash_fn<kSha256, false>},
      {"filesha512", 1, 1, false, file_hash_fn<kSha512, false>},
      {"filebase64sha256", 1, 1, false, file_hash_fn<kSha256, true>},
      {"filebase64sha512", 1, 1, false, file_hash_fn<kSha512, true>},
      {"templatefile", 2, 2, false, templatefile_fn},
      {"abspath", 1, 1, false, abspath_fn},
      {"dirname", 1, 1, false, dirname_fn},
      {"basename", 1, 1, false, basename_fn},
      {"pathexpand", 1, 1, false, pathexpand_fn},
  };
}

}  // namespace forma::expr::fn
