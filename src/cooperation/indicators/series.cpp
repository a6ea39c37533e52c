#include "cooperation/indicators/series.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "platform/core/calendar.hpp"

namespace trame::indicators {

namespace {

bool digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

int year_of(std::string_view p) {
  return std::stoi(std::string(p.substr(0, 4)));
}
int month_of(std::string_view p) {
  return p.size() == 7 ? std::stoi(std::string(p.substr(5, 2))) : 1;
}

std::string make_month(int year, int month) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
  return buf;
}

}  // namespace

bool valid_period(std::string_view text, const std::string& kind) {
  if (kind == "year") {
    if (text.size() != 4 || !digits(text)) return false;
    int y = year_of(text);
    return y >= 2000 && y <= 2100;
  }
  if (kind == "month") {
    if (text.size() != 7 || text[4] != '-' || !digits(text.substr(0, 4)) || !digits(text.substr(5, 2))) return false;
    int y = year_of(text), m = month_of(text);
    return y >= 2000 && y <= 2100 && m >= 1 && m <= 12;
  }
  return false;
}

std::string kind_of(std::string_view period) {
  if (valid_period(period, "year")) return "year";
  if (valid_period(period, "month")) return "month";
  return "";
}

std::string period_of(const std::string& kind, long long t) {
  Date d = local_date(t);
  if (kind == "month") return make_month(d.year, d.month);
  return std::to_string(d.year);
}

std::string next_period(const std::string& period) {
  int y = year_of(period);
  if (period.size() == 4) return std::to_string(y + 1);
  int m = month_of(period);
  return m == 12 ? make_month(y + 1, 1) : make_month(y, m + 1);
}

long long period_start(const std::string& period) {
  return month_start(year_of(period), month_of(period));
}

long long period_end(const std::string& period) {
  if (period.size() == 4) return month_start(year_of(period) + 1, 1);
  return next_month_start(year_of(period), month_of(period));
}

long long period_steps(const std::string& a, const std::string& b) {
  long long years = year_of(b) - year_of(a);
  if (a.size() == 4) return years;
  return years * 12 + (month_of(b) - month_of(a));
}

std::vector<std::string> periods_between(const std::string& from, const std::string& to, std::size_t limit) {
  std::vector<std::string> out;
  if (from.size() != to.size() || to < from || limit == 0) return out;
  // When there are more than `limit`, the most recent ones are kept.
  std::string first = from;
  long long extra = period_steps(from, to) + 1 - static_cast<long long>(limit);
  for (long long i = 0; i < extra; ++i) first = next_period(first);
  for (std::string q = first; q <= to; q = next_period(q)) out.push_back(q);
  return out;
}

std::optional<double> parse_value(std::string_view raw) {
  // Trim ASCII blanks and no-break spaces (U+00A0, U+202F) at both ends, then drop them between digits.
  std::string s;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    if (c == ' ' || c == '\t') {
      s += ' ';
    } else if (c == 0xC2 && i + 1 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
      s += ' ';
      ++i;
    } else if (c == 0xE2 && i + 2 < raw.size() && static_cast<unsigned char>(raw[i + 1]) == 0x80 &&
               static_cast<unsigned char>(raw[i + 2]) == 0xAF) {
      s += ' ';
      i += 2;
    } else {
      s += static_cast<char>(c);
    }
  }
  std::size_t b = s.find_first_not_of(' '), e = s.find_last_not_of(' ');
  if (b == std::string::npos) return std::nullopt;
  s = s.substr(b, e - b + 1);
  std::string plain;
  bool negative = false, decimal = false, any_digit = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (i == 0 && (c == '-' || c == '+')) {
      negative = c == '-';
      continue;
    }
    if (c >= '0' && c <= '9') {
      plain += c;
      any_digit = true;
    } else if (c == ',' || c == '.') {
      if (decimal || !any_digit || i + 1 >= s.size()) return std::nullopt;
      decimal = true;
      plain += '.';
    } else if (c == ' ') {
      // Only between two digits, before the decimal separator (a thousands separator).
      if (decimal || i == 0 || i + 1 >= s.size() || !(s[i - 1] >= '0' && s[i - 1] <= '9') ||
          !(s[i + 1] >= '0' && s[i + 1] <= '9'))
        return std::nullopt;
    } else {
      return std::nullopt;
    }
  }
  if (!any_digit || plain.empty() || plain.back() == '.') return std::nullopt;
  double v = 0;
  try {
    v = std::stod(plain);
  } catch (...) {
    return std::nullopt;
  }
  if (negative) v = -v;
  if (!std::isfinite(v) || std::fabs(v) > 1e12) return std::nullopt;
  return v;
}

std::string format_value(double value) {
  double rounded = std::round(value * 100.0) / 100.0;
  if (rounded == 0) rounded = 0;  // no "-0"
  bool negative = rounded < 0;
  long long cents = std::llround(std::fabs(rounded) * 100.0);
  long long whole = cents / 100, frac = cents % 100;
  std::string digits_text = std::to_string(whole);
  std::string grouped;
  for (std::size_t i = 0; i < digits_text.size(); ++i) {
    if (i > 0 && (digits_text.size() - i) % 3 == 0) grouped += "\u00a0";
    grouped += digits_text[i];
  }
  std::string out = (negative ? "-" : "") + grouped;
  if (frac) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "%02lld", frac);
    std::string f = buf;
    if (f.back() == '0') f.pop_back();
    out += "," + f;
  }
  return out;
}

bool reaches(double value, const Target& target) {
  return target.direction == "down" ? value <= target.value : value >= target.value;
}

TargetCheck check_target(const std::vector<Point>& points, const Target& target, const std::string& current) {
  std::vector<const Point*> before;
  for (const auto& p : points)
    if (p.period <= target.period) before.push_back(&p);
  std::sort(before.begin(), before.end(), [](const Point* a, const Point* b) { return a->period < b->period; });
  TargetCheck out;
  if (before.empty()) return out;  // no_data
  const Point& last = *before.back();
  out.value = last.value;
  out.period = last.period;
  if (reaches(last.value, target)) {
    out.status = "met";
    return out;
  }
  if (current > target.period) {
    out.status = "not_met";
    return out;
  }
  // Ahead of the target's period end: the trend of the last two points, carried on to the target's period.
  if (before.size() >= 2) {
    const Point& prev = *before[before.size() - 2];
    long long span = period_steps(prev.period, last.period);
    if (span > 0) {
      double slope = (last.value - prev.value) / static_cast<double>(span);
      double projected = last.value + slope * static_cast<double>(period_steps(last.period, target.period));
      out.status = reaches(projected, target) ? "on_track" : "off_track";
      return out;
    }
  }
  out.status = "off_track";
  return out;
}

const Target* current_target(const std::vector<Target>& targets, const std::string& current) {
  const Target* best = nullptr;
  const Target* last = nullptr;
  for (const auto& t : targets) {
    if (t.period >= current && (!best || t.period < best->period)) best = &t;
    if (!last || t.period > last->period) last = &t;
  }
  return best ? best : last;
}

}  // namespace trame::indicators
