#include "engine/config/format.h"

#include "engine/config/format_scan.h"
#include "engine/config/format_tree.h"

namespace forma::config {
namespace {

using fmt::Comment;
using fmt::Item;
using fmt::Node;

constexpr size_t kLineWidth = 100;

class Printer {
 public:
  std::string print(const fmt::Document& doc) {
    bool first = true;
    item(doc.root, 0, true, first);
    line_comments(doc.after, 0, first);
    return std::move(out_);
  }

 private:
  // At most one empty line, and never at the top of a file or block.
  void separate(bool blank_before, bool& first) {
    if (blank_before && !first) out_ += '\n';
    first = false;
  }

  void line_comments(const std::vector<Comment>& comments, size_t indent, bool& first) {
    for (const Comment& c : comments) {
      separate(c.blank_before, first);
      out_ += std::string(indent, ' ') + c.text + '\n';
    }
  }

  void item(const Item& it, size_t indent, bool last, bool& first) {
    line_comments(it.leading, indent, first);
    separate(it.blank_before, first);
    size_t line_start = out_.size();
    out_ += std::string(indent, ' ');
    if (!it.key.empty()) out_ += it.key + ": ";
    for (const Comment& c : it.before_value) out_ += c.text + ' ';
    value(*it.value, indent, out_.size() - line_start);
    if (!last) out_ += ',';
    for (const Comment& c : it.trailing) out_ += ' ' + c.text;
    out_ += '\n';
  }

  static bool has_comments(const Item& it) {
    return !it.leading.empty() || !it.before_value.empty() || !it.trailing.empty();
  }

  // "[1, 2, 3]" when every element is a scalar, nothing carries a comment,
  // and the line (with a comma after it) fits the width.
  static std::optional<std::string> one_line_array(const Node& n, size_t column) {
    if (!n.after_open.empty() || !n.dangling.empty()) return std::nullopt;
    std::string text = "[";
    for (const Item& it : n.items) {
      if (it.value->kind != Node::Kind::Scalar || has_comments(it)) return std::nullopt;
      text += (text.size() > 1 ? ", " : "") + it.value->text;
      if (column + text.size() + 2 > kLineWidth) return std::nullopt;
    }
    return text + "]";
  }

  void value(const Node& n, size_t indent, size_t column) {
    if (n.kind == Node::Kind::Scalar) {
      out_ += n.text;
      return;
    }
    bool object = n.kind == Node::Kind::Object;
    if (!object) {
      if (auto one_line = one_line_array(n, column)) {
        out_ += *one_line;
        return;
      }
    }
    out_ += object ? '{' : '[';
    if (n.after_open.empty() && n.items.empty() && n.dangling.empty()) {
      out_ += object ? '}' : ']';
      return;
    }
    for (const Comment& c : n.after_open) out_ += ' ' + c.text;
    out_ += '\n';
    bool first = true;
    for (size_t i = 0; i < n.items.size(); ++i) item(n.items[i], indent + 2, i + 1 == n.items.size(), first);
    line_comments(n.dangling, indent + 2, first);
    out_ += std::string(indent, ' ') + (object ? '}' : ']');
  }

  std::string out_;
};

}  // namespace

FormatResult format_jsonc(std::string_view text, const std::string& filename) {
  FormatResult result;
  Diagnostic error;
  auto tokens = fmt::scan(text, filename, error);
  auto doc = tokens ? fmt::parse(*tokens, filename, error) : std::nullopt;
  if (!doc) {
    result.text = std::string(text);
    result.diags.push_back(error);
    return result;
  }
  result.text = Printer().print(*doc);
  return result;
}

}  // namespace forma::config
