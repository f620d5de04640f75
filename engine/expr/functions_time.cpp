// timestamp timeadd formatdate. Timestamps are RFC 3339 strings; a result
// keeps the UTC offset of its input.
#include <chrono>
#include <cmath>
#include <cctype>
#include <cstdio>
#include <cstring>

#include "engine/expr/functions_support.h"

namespace forma::expr::fn {
namespace {

using namespace std::chrono;

struct Instant {
  sys_seconds utc;
  long long nanos = 0;  // fraction of the second, kept for timeadd
  int offset_minutes = 0;
};

bool digits(const std::string& s, size_t pos, size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
    out = out * 10 + (s[i] - '0');
  }
  return true;
}

std::optional<Instant> parse_rfc3339(const std::string& s) {
  int y, mo, d, h, mi, sec;
  if (!digits(s, 0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d) || (s[10] != 'T' && s[10] != 't') || !digits(s, 11, 2, h) || s[13] != ':' ||
      !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, sec)) {
    return std::nullopt;
  }
  year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
  if (!date.ok() || h > 23 || mi > 59 || sec > 59) return std::nullopt;
  Instant t;
  size_t i = 19;
  if (i < s.size() && s[i] == '.') {
    long long scale = 100000000;
    for (++i; i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])); ++i, scale /= 10) t.nanos += (s[i] - '0') * scale;
  }
  int oh = 0, om = 0;
  if (i + 1 == s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    t.offset_minutes = 0;
  } else if (i + 6 == s.size() && (s[i] == '+' || s[i] == '-') && digits(s, i + 1, 2, oh) && s[i + 3] == ':' && digits(s, i + 4, 2, om)) {
    t.offset_minutes = (s[i] == '-' ? -1 : 1) * (oh * 60 + om);
  } else {
    return std::nullopt;
  }
  t.utc = sys_days(date) + hours(h) + minutes(mi) + seconds(sec) - minutes(t.offset_minutes);
  return t;
}

std::string offset_text(int offset_minutes, bool colon) {
  char buf[16];
  int m = std::abs(offset_minutes);
  std::snprintf(buf, sizeof buf, colon ? "%c%02d:%02d" : "%c%02d%02d", offset_minutes < 0 ? '-' : '+', m / 60, m % 60);
  return buf;
}

std::string to_rfc3339(const Instant& t) {
  sys_seconds local = t.utc + minutes(t.offset_minutes);
  auto day_point = floor<days>(local);
  year_month_day date{day_point};
  hh_mm_ss<seconds> tod{local - day_point};
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02lld:%02lld:%02lld", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                static_cast<long long>(tod.hours().count()), static_cast<long long>(tod.minutes().count()),
                static_cast<long long>(tod.seconds().count()));
  return std::string(buf) + (t.offset_minutes == 0 ? "Z" : offset_text(t.offset_minutes, true));
}

// Impure: the current time, so it is evaluated once, at plan time.
FunctionResult timestamp_fn(const Args&, const Ctx&) {
  return ok(to_rfc3339({floor<seconds>(system_clock::now()), 0, 0}));
}

// Go's time.ParseDuration: "1h30m", "-2.5s", "300ms"; returns nanoseconds.
std::optional<long double> parse_duration(const std::string& s) {
  size_t i = 0;
  long double sign = 1, total = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) sign = s[i++] == '-' ? -1 : 1;
  if (s.substr(i) == "0") return 0.0L;
  if (i == s.size()) return std::nullopt;
  static const std::pair<const char*, long double> kUnits[] = {
      {"ns", 1}, {"us", 1e3}, {"\xC2\xB5s", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  while (i < s.size()) {
    size_t start = i;
    while (i < s.size() && (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.')) ++i;
    if (start == i) return std::nullopt;
    long double number = std::strtold(s.substr(start, i - start).c_str(), nullptr);
    const std::pair<const char*, long double>* unit = nullptr;
    for (const auto& u : kUnits) {
      size_t len = std::strlen(u.first);
      bool longer_unit_follows = len == 1 && i + 1 < s.size() && s[i + 1] == 's' && u.first[0] == 'm';
      if (s.compare(i, len, u.first) == 0 && !longer_unit_follows && (!unit || len > std::strlen(unit->first))) unit = &u;
    }
    if (!unit) return std::nullopt;
    i += std::strlen(unit->first);
    total += number * unit->second;
  }
  return sign * total;
}

FunctionResult timeadd_fn(const Args& a, const Ctx&) {
  auto ts = as_string(a[0]), dur = as_string(a[1]);
  if (!ts || !dur) return fail("timeadd requires a timestamp string and a duration string");
  auto t = parse_rfc3339(*ts);
  if (!t) return fail("not a valid RFC 3339 timestamp: " + *ts);
  auto nanos = parse_duration(*dur);
  if (!nanos || std::fabs(*nanos) > 1e20L) return fail("invalid duration " + *dur + "; use a number and a unit such as \"1h30m\" or \"-10s\"");
  long double total = static_cast<long double>(t->nanos) + *nanos;
  long long whole_seconds = static_cast<long long>(std::floor(total / 1e9L));
  t->utc += seconds(whole_seconds);
  t->nanos = static_cast<long long>(total - static_cast<long double>(whole_seconds) * 1e9L);
  return ok(to_rfc3339(*t));
}

const char* const kMonths[] = {"January", "February", "March", "April", "May", "June", "July",
                               "August", "September", "October", "November", "December"};
const char* const kWeekdays[] = {"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};

std::string two(long long n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02lld", n % 100);
  return buf;
}

// One run of a repeated letter, e.g. "YYYY" or "hh"; nullopt when unsupported.
std::optional<std::string> format_verb(const std::string& verb, const Instant& t) {
  sys_seconds local = t.utc + minutes(t.offset_minutes);
  auto day_point = floor<days>(local);
  year_month_day date{day_point};
  hh_mm_ss<seconds> tod{local - day_point};
  long long y = static_cast<int>(date.year()), mo = static_cast<unsigned>(date.month());
  long long d = static_cast<unsigned>(date.day()), h = tod.hours().count();
  long long mi = tod.minutes().count(), sec = tod.seconds().count(), h12 = h % 12 == 0 ? 12 : h % 12;
  std::string month = kMonths[mo - 1], day_name = kWeekdays[weekday{day_point}.c_encoding()];
  if (verb == "YYYY") return std::to_string(y);
  if (verb == "YY") return two(y);
  if (verb == "MMMM") return month;
  if (verb == "MMM") return month.substr(0, 3);
  if (verb == "MM") return two(mo);
  if (verb == "M") return std::to_string(mo);
  if (verb == "DD") return two(d);
  if (verb == "D") return std::to_string(d);
  if (verb == "EEEE") return day_name;
  if (verb == "EEE") return day_name.substr(0, 3);
  if (verb == "hh") return two(h);
  if (verb == "h") return std::to_string(h);
  if (verb == "HH") return two(h12);
  if (verb == "H") return std::to_string(h12);
  if (verb == "AA") return h < 12 ? "AM" : "PM";
  if (verb == "aa") return h < 12 ? "am" : "pm";
  if (verb == "mm") return two(mi);
  if (verb == "m") return std::to_string(mi);
  if (verb == "ss") return two(sec);
  if (verb == "s") return std::to_string(sec);
  if (verb == "ZZZZZ") return offset_text(t.offset_minutes, true);
  if (verb == "ZZZZ") return offset_text(t.offset_minutes, false);
  if (verb == "ZZZ") return t.offset_minutes == 0 ? "UTC" : offset_text(t.offset_minutes, false);
  if (verb == "Z") return t.offset_minutes == 0 ? "Z" : offset_text(t.offset_minutes, true);
  return std::nullopt;
}

// Copies the quoted literal starting at f[i] ("''" is a quote, inside or
// outside a literal) and leaves i after it; false if it never closes.
bool append_literal(const std::string& f, size_t& i, std::string& out) {
  if (f.compare(i, 2, "''") == 0) {
    out += '\'';
    i += 2;
    return true;
  }
  for (++i; i < f.size(); ++i) {
    if (f[i] != '\'') {
      out += f[i];
    } else if (f.compare(i, 2, "''") == 0) {
      out += '\'';
      ++i;
    } else {
      ++i;
      return true;
    }
  }
  return false;
}

// Terraform's formatdate spec: runs of letters are verbs, text in single
// quotes is literal ('' is a quote), anything else is copied.
FunctionResult formatdate_fn(const Args& a, const Ctx&) {
  auto spec = as_string(a[0]), ts = as_string(a[1]);
  if (!spec || !ts) return fail("formatdate requires a format string and a timestamp string");
  auto t = parse_rfc3339(*ts);
  if (!t) return fail("not a valid RFC 3339 timestamp: " + *ts);
  std::string out;
  const std::string& f = *spec;
  for (size_t i = 0; i < f.size();) {
    if (f[i] == '\'') {
      if (!append_literal(f, i, out)) return fail("unterminated literal in the format string");
    } else if (std::isalpha(static_cast<unsigned char>(f[i]))) {
      size_t end = i;
      while (end < f.size() && f[end] == f[i]) ++end;
      auto text = format_verb(f.substr(i, end - i), *t);
      if (!text) return fail("invalid date format verb \"" + f.substr(i, end - i) + "\"; quote literal letters with '");
      out += *text;
      i = end;
    } else {
      out += f[i++];
    }
  }
  return ok(out);
}

}  // namespace

std::vector<FunctionSpec> time_functions() {
  return {
      {"timestamp", 0, 0, false, timestamp_fn},
      {"timeadd", 2, 2, false, timeadd_fn},
      {"formatdate", 2, 2, false, formatdate_fn},
  };
}

}  // namespace forma::expr::fn
