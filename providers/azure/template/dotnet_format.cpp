// The .NET formatting ARM exposes: composite format strings for format()
// ("{0}", "{1,8}", "{2:N0}", "{0:D3}", "{0:X4}") and date formats for utcNow(),
// both with the invariant culture.
#include <cmath>
#include <cstdio>
#include <ctime>

#include "providers/azure/template/functions.h"

namespace forma::azure::tmpl {
namespace {

std::string group_thousands(const std::string& digits) {
  std::string out;
  int n = static_cast<int>(digits.size());
  for (int i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string fixed(double v, int precision, bool grouped) {
  char buf[512];
  std::snprintf(buf, sizeof buf, "%.*f", precision, std::fabs(v));
  std::string s = buf;
  size_t dot = s.find('.');
  std::string whole = s.substr(0, dot), frac = dot == std::string::npos ? "" : s.substr(dot);
  if (grouped) whole = group_thousands(whole);
  bool negative = v < 0 && std::stod(s) != 0;
  return (negative ? "-" : "") + whole + frac;
}

std::string custom_numeric(double v, const std::string& spec) {
  size_t dot = spec.find('.');
  std::string int_part = spec.substr(0, dot),
              frac_part = dot == std::string::npos ? "" : spec.substr(dot + 1);
  int min_int = 0, min_frac = 0, max_frac = 0;
  for (char ch : int_part) min_int += ch == '0';
  for (char ch : frac_part) {
    if (ch == '0')
      ++min_frac, ++max_frac;
    else if (ch == '#')
      ++max_frac;
  }
  bool grouped = int_part.find(',') != std::string::npos;
  std::string s = fixed(std::fabs(v), max_frac, false);
  size_t d = s.find('.');
  std::string whole = s.substr(0, d), frac = d == std::string::npos ? "" : s.substr(d + 1);
  while (static_cast<int>(frac.size()) > min_frac && !frac.empty() && frac.back() == '0') frac.pop_back();
  if (whole == "0" && min_int == 0) whole.clear();
  while (static_cast<int>(whole.size()) < min_int) whole.insert(0, "0");
  if (grouped) whole = group_thousands(whole);
  std::string out = whole + (frac.empty() ? "" : "." + frac);
  return (v < 0 ? "-" : "") + out;
}

std::string format_number(const json& v, const std::string& spec, const Call& call) {
  char kind = spec[0];
  bool has_precision = spec.size() > 1 && std::isdigit(static_cast<unsigned char>(spec[1]));
  bool standard =
      std::isalpha(static_cast<unsigned char>(kind)) &&
      (spec.size() == 1 || (has_precision && spec.find_first_not_of("0123456789", 1) == std::string::npos));
  if (standard && spec.size() > 3) call.error("uses the format \"" + spec + "\": precisions go up to 99");
  int precision = standard && has_precision ? std::stoi(spec.substr(1)) : -1;
  double d = v.get<double>();
  if (!standard) return custom_numeric(d, spec);
  switch (kind) {
    case 'D':
    case 'd': {
      if (!v.is_number_integer()) call.error("uses the format D with a value that is not an integer");
      int64_t n = v.get<int64_t>();
      std::string digits = std::to_string(n < 0 ? -(n + 1) + 1ULL : static_cast<unsigned long long>(n));
      while (static_cast<int>(digits.size()) < precision) digits.insert(0, "0");
      return (n < 0 ? "-" : "") + digits;
    }
    case 'X':
    case 'x': {
      if (!v.is_number_integer()) call.error("uses the format X with a value that is not an integer");
      char buf[32];
      std::snprintf(buf, sizeof buf, kind == 'X' ? "%llX" : "%llx",
                    static_cast<unsigned long long>(v.get<int64_t>()));
      std::string s = buf;
      while (static_cast<int>(s.size()) < precision) s.insert(0, "0");
      return s;
    }
    case 'N':
    case 'n':
      return fixed(d, precision < 0 ? 2 : precision, true);
    case 'F':
    case 'f':
      return fixed(d, precision < 0 ? 2 : precision, false);
    case 'P':
    case 'p':
      return fixed(d * 100, precision < 0 ? 2 : precision, true) + " %";
    case 'C':
    case 'c':
      return "\u00a4" + fixed(d, precision < 0 ? 2 : precision, true);
    case 'E':
    case 'e': {
      char buf[64];
      std::snprintf(buf, sizeof buf, kind == 'E' ? "%.*E" : "%.*e", precision < 0 ? 6 : precision, d);
      std::string s = buf;  // 1.05E+03 -> 1.05E+003
      size_t e = s.find_first_of("Ee");
      std::string exp = s.substr(e + 2);
      while (exp.size() < 3) exp.insert(0, "0");
      return s.substr(0, e + 2) + exp;
    }
    case 'G':
    case 'g':
      return to_display_string(v);
    default:
      call.error("does not know the numeric format \"" + spec + "\"");
  }
}

std::string format_one(const json& v, const std::string& spec, const Call& call) {
  if (spec.empty() || !v.is_number()) return to_display_string(v);
  return format_number(v, spec, call);
}

}  // namespace

std::string dotnet_format(const std::string& fmt, const std::vector<json>& args, const Call& call) {
  std::string out;
  for (size_t i = 0; i < fmt.size(); ++i) {
    char ch = fmt[i];
    if (ch == '}') {
      if (i + 1 < fmt.size() && fmt[i + 1] == '}')
        ++i;
      else
        call.error("finds a '}' without '{' in the format string; write '}}' for a literal brace");
      out += '}';
      continue;
    }
    if (ch != '{') {
      out += ch;
      continue;
    }
    if (i + 1 < fmt.size() && fmt[i + 1] == '{') {
      out += '{';
      ++i;
      continue;
    }
    size_t close = fmt.find('}', i);
    if (close == std::string::npos) call.error("finds a '{' that is not closed in the format string");
    std::string item = fmt.substr(i + 1, close - i - 1);
    i = close;
    std::string spec;
    if (size_t colon = item.find(':'); colon != std::string::npos) {
      spec = item.substr(colon + 1);
      item = item.substr(0, colon);
    }
    int align = 0;
    if (size_t comma = item.find(','); comma != std::string::npos) {
      try {
        align = std::stoi(item.substr(comma + 1));
        if (std::abs(align) > 16384) throw std::out_of_range(item);
      } catch (...) {
        call.error("finds an invalid alignment in the format item {" + item + "}");
      }
      item = item.substr(0, comma);
    }
    size_t index = 0;
    try {
      size_t used = 0;
      index = std::stoul(item, &used);
      if (used != item.size()) throw std::invalid_argument(item);
    } catch (...) {
      call.error("finds an invalid format item {" + item + "}: write {0}, {1,8} or {2:N0}");
    }
    if (index >= args.size())
      call.error("finds the format item {" + std::to_string(index) + "} but has only " +
                 std::to_string(args.size()) + " value(s) to format");
    std::string text = format_one(args[index], spec, call);
    size_t width = static_cast<size_t>(std::abs(align));
    if (text.size() < width) {
      if (align > 0)
        text.insert(0, width - text.size(), ' ');
      else
        text.append(width - text.size(), ' ');
    }
    out += text;
  }
  return out;
}

std::string format_utc(std::chrono::system_clock::time_point t, const std::string& format) {
  using namespace std::chrono;
  auto secs = time_point_cast<seconds>(t);
  int64_t ticks = duration_cast<nanoseconds>(t - secs).count() / 100;  // 100ns, as .NET
  std::time_t tt = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  std::string f = format;
  if (f == "u")
    f = "yyyy'-'MM'-'dd HH':'mm':'ss'Z'";
  else if (f == "s")
    f = "yyyy'-'MM'-'dd'T'HH':'mm':'ss";
  else if (f == "o" || f == "O")
    f = "yyyy'-'MM'-'dd'T'HH':'mm':'ss'.'fffffff'Z'";
  else if (f == "d")
    f = "MM/dd/yyyy";
  else if (f == "t")
    f = "HH:mm";
  else if (f == "T")
    f = "HH:mm:ss";
  else if (f == "g")
    f = "MM/dd/yyyy HH:mm";
  else if (f == "G")
    f = "MM/dd/yyyy HH:mm:ss";
  static const char* months[] = {"January", "February", "March",     "April",   "May",      "June",
                                 "July",    "August",   "September", "October", "November", "December"};
  static const char* days[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
  auto pad = [](int64_t v, size_t n) {
    std::string s = std::to_string(v);
    while (s.size() < n) s.insert(0, "0");
    return s;
  };
  std::string out;
  for (size_t i = 0; i < f.size();) {
    char ch = f[i];
    if (ch == '\'' || ch == '"') {
      size_t end = f.find(ch, i + 1);
      if (end == std::string::npos) end = f.size();
      out += f.substr(i + 1, end - i - 1);
      i = end + 1;
      continue;
    }
    if (ch == '\\' && i + 1 < f.size()) {
      out += f[i + 1];
      i += 2;
      continue;
    }
    size_t n = 1;
    while (i + n < f.size() && f[i + n] == ch) ++n;
    int hour12 = tm.tm_hour % 12 == 0 ? 12 : tm.tm_hour % 12;
    switch (ch) {
      case 'y':
        out += n == 2 ? pad((tm.tm_year + 1900) % 100, 2) : pad(tm.tm_year + 1900, std::max<size_t>(n, 1));
        break;
      case 'M':
        out += n >= 4   ? months[tm.tm_mon]
               : n == 3 ? std::string(months[tm.tm_mon]).substr(0, 3)
                        : pad(tm.tm_mon + 1, n);
        break;
      case 'd':
        out += n >= 4   ? days[tm.tm_wday]
               : n == 3 ? std::string(days[tm.tm_wday]).substr(0, 3)
                        : pad(tm.tm_mday, n);
        break;
      case 'H':
        out += pad(tm.tm_hour, n);
        break;
      case 'h':
        out += pad(hour12, n);
        break;
      case 'm':
        out += pad(tm.tm_min, n);
        break;
      case 's':
        out += pad(tm.tm_sec, n);
        break;
      case 'f':
      case 'F':
        out += pad(ticks, 7).substr(0, std::min<size_t>(n, 7));
        break;
      case 't':
        out += std::string(tm.tm_hour < 12 ? "AM" : "PM").substr(0, n == 1 ? 1 : 2);
        break;
      case 'K':
      case 'Z':
        out += 'Z';
        break;
      case 'z':
        out += n == 1 ? "+0" : n == 2 ? "+00" : "+00:00";
        break;
      default:
        out.append(n, ch);
    }
    i += n;
  }
  return out;
}

}  // namespace forma::azure::tmpl
