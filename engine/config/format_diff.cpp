// unified_diff for `forma fmt -diff`: a line diff by longest common
// subsequence, printed as unified hunks with three lines of context.
#include <algorithm>
#include <cstdint>

#include "engine/config/format.h"

namespace forma::config {
namespace {

constexpr size_t kContext = 3;
// Beyond this many cells the changed middle is shown as removed-then-added
// rather than spending quadratic memory on a minimal diff.
constexpr size_t kMaxTableCells = 4'000'000;

struct Line {
  std::string text;
  bool newline = true;  // false for a last line without "\n"
  bool operator==(const Line& o) const { return text == o.text && newline == o.newline; }
};

std::vector<Line> split_lines(const std::string& s) {
  std::vector<Line> lines;
  size_t start = 0;
  while (start < s.size()) {
    size_t end = s.find('\n', start);
    if (end == std::string::npos) {
      lines.push_back({s.substr(start), false});
      break;
    }
    lines.push_back({s.substr(start, end - start), true});
    start = end + 1;
  }
  return lines;
}

struct Op {
  char kind;  // ' ', '-' or '+'
  size_t a, b;  // indexes into a and b (the one that applies)
};

// The edit script for a[lo_a, hi_a) -> b[lo_b, hi_b) with no common ends.
void diff_middle(const std::vector<Line>& a, const std::vector<Line>& b, size_t lo_a, size_t hi_a, size_t lo_b,
                 size_t hi_b, std::vector<Op>& ops) {
  size_t n = hi_a - lo_a, m = hi_b - lo_b;
  if (n * m > kMaxTableCells) {
    for (size_t i = lo_a; i < hi_a; ++i) ops.push_back({'-', i, lo_b});
    for (size_t j = lo_b; j < hi_b; ++j) ops.push_back({'+', hi_a, j});
    return;
  }
  // lcs[i][j]: length of the LCS of a[lo_a+i..] and b[lo_b+j..].
  std::vector<uint32_t> lcs((n + 1) * (m + 1), 0);
  auto at = [&](size_t i, size_t j) -> uint32_t& { return lcs[i * (m + 1) + j]; };
  for (size_t i = n; i-- > 0;) {
    for (size_t j = m; j-- > 0;) {
      at(i, j) = a[lo_a + i] == b[lo_b + j] ? at(i + 1, j + 1) + 1 : std::max(at(i + 1, j), at(i, j + 1));
    }
  }
  size_t i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[lo_a + i] == b[lo_b + j]) {
      ops.push_back({' ', lo_a + i++, lo_b + j++});
    } else if (j == m || (i < n && at(i + 1, j) >= at(i, j + 1))) {
      ops.push_back({'-', lo_a + i++, lo_b + j});
    } else {
      ops.push_back({'+', lo_a + i, lo_b + j++});
    }
  }
}

std::vector<Op> edit_script(const std::vector<Line>& a, const std::vector<Line>& b) {
  size_t prefix = 0;
  while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix]) ++prefix;
  size_t suffix = 0;
  while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
         a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix]) {
    ++suffix;
  }
  std::vector<Op> ops;
  for (size_t i = 0; i < prefix; ++i) ops.push_back({' ', i, i});
  diff_middle(a, b, prefix, a.size() - suffix, prefix, b.size() - suffix, ops);
  for (size_t k = suffix; k > 0; --k) ops.push_back({' ', a.size() - k, b.size() - k});
  return ops;
}

std::string range_text(size_t start, size_t count) {
  // An empty range names the line before it, as diff(1) does.
  return std::to_string(count == 0 ? start : start + 1) + "," + std::to_string(count);
}

void print_line(std::string& out, char kind, const Line& line) {
  out += kind + line.text + '\n';
  if (!line.newline) out += "\\ No newline at end of file\n";
}

}  // namespace

std::string unified_diff(const std::string& a, const std::string& b, const std::string& name) {
  if (a == b) return {};
  std::vector<Line> la = split_lines(a), lb = split_lines(b);
  std::vector<Op> ops = edit_script(la, lb);
  std::string out = "--- old/" + name + "\n+++ new/" + name + "\n";
  std::vector<size_t> changes;
  for (size_t k = 0; k < ops.size(); ++k) {
    if (ops[k].kind != ' ') changes.push_back(k);
  }
  for (size_t c = 0; c < changes.size();) {
    // Changes closer than twice the context share a hunk.
    size_t last = c;
    while (last + 1 < changes.size() && changes[last + 1] - changes[last] - 1 <= 2 * kContext) ++last;
    size_t begin = changes[c] >= kContext ? changes[c] - kContext : 0;
    size_t end = std::min(ops.size(), changes[last] + 1 + kContext);
    size_t count_a = 0, count_b = 0;
    for (size_t x = begin; x < end; ++x) {
      count_a += ops[x].kind != '+';
      count_b += ops[x].kind != '-';
    }
    out += "@@ -" + range_text(ops[begin].a, count_a) + " +" + range_text(ops[begin].b, count_b) + " @@\n";
    for (size_t x = begin; x < end; ++x) print_line(out, ops[x].kind, ops[x].kind == '+' ? lb[ops[x].b] : la[ops[x].a]);
    c = last + 1;
  }
  return out;
}

}  // namespace forma::config
