#include "outings/calendars/rules.hpp"

#include <algorithm>
#include <cctype>

#include "network/territory/csv.hpp"
#include "platform/core/text.hpp"

namespace trame::calendars {

namespace {

// Days since 1970-01-01 of a civil date (Howard Hinnant's days_from_civil), and back.
long long days_from_civil(int y, int m, int d) {
  y -= m <= 2 ? 1 : 0;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const long long yoe = y - era * 400;
  const long long doy = (153LL * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

Date civil_from_days(long long z) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const long long doe = z - era * 146097;
  const long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const long long mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400 + (m <= 2 ? 1 : 0));
  return Date{y, m, d};
}

bool same(const Date& a, const Date& b) {
  return a.year == b.year && a.month == b.month && a.day == b.day;
}

bool has(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

std::string lower_trimmed(const std::string& s) {
  std::string out = trim(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

Date easter(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int month = (h + l - 7 * m + 114) / 31;
  const int day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date{year, month, day};
}

Date add_days(const Date& d, int n) {
  return civil_from_days(days_from_civil(d.year, d.month, d.day) + n);
}

int weekday(const Date& d) {
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  long long z = days_from_civil(d.year, d.month, d.day);
  return static_cast<int>(((z % 7) + 7 + 3) % 7);
}

bool public_holiday(const Date& d) {
  static const int fixed[][2] = {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
  for (const auto& f : fixed)
    if (d.month == f[0] && d.day == f[1]) return true;
  const Date sunday = easter(d.year);
  // Easter Monday, Ascension (Easter + 39), Whit Monday (Easter + 50).
  return same(d, add_days(sunday, 1)) || same(d, add_days(sunday, 39)) || same(d, add_days(sunday, 50));
}

bool school_holiday(const Date& d, const std::string& zone, const std::vector<Holiday>& holidays) {
  const std::string day = iso_date(d);
  return std::any_of(holidays.begin(), holidays.end(),
                     [&](const Holiday& h) { return h.zone == zone && h.first_day <= day && day <= h.last_day; });
}

bool allowed(const Date& d, const DayRule& rule, const std::vector<Holiday>& holidays) {
  if (rule.kinds.empty()) return true;
  static const char* names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  const int wd = weekday(d);
  if (has(rule.kinds, names[wd])) return true;
  if (has(rule.kinds, "weekends") && wd >= 5) return true;
  if (has(rule.kinds, "public_holidays") && public_holiday(d)) return true;
  return has(rule.kinds, "school_holidays") && school_holiday(d, rule.zone, holidays);
}

std::string join_kinds(const std::vector<std::string>& kinds) {
  std::string out;
  for (const auto& k : day_kinds())
    if (has(kinds, k)) out += (out.empty() ? "" : ",") + k;
  return out;
}

std::optional<std::vector<std::string>> parse_kinds(const std::vector<std::string>& values) {
  std::vector<std::string> seen;
  for (const auto& value : values) {
    std::size_t start = 0;
    while (start <= value.size()) {
      std::size_t comma = value.find(',', start);
      std::string part = trim(value.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (!part.empty()) {
        if (!has(day_kinds(), part)) return std::nullopt;
        seen.push_back(part);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  std::vector<std::string> ordered;
  for (const auto& k : day_kinds())
    if (has(seen, k)) ordered.push_back(k);
  return ordered;
}

std::optional<std::vector<std::string>> parse_kinds(const std::string& stored) {
  return parse_kinds(std::vector<std::string>{stored});
}

std::string wording(const DayRule& rule, const Translate& t) {
  if (rule.kinds.empty()) return t("calendars.rule.every_day", {});
  std::vector<std::string> parts;
  for (const auto& k : rule.kinds) parts.push_back(t("calendars.rule.kinds." + k, {{"zone", rule.zone}}));
  std::string days = parts.front();
  for (std::size_t i = 1; i < parts.size(); ++i)
    days += (i + 1 == parts.size() ? " " + t("calendars.rule.and", {}) + " " : std::string(", ")) + parts[i];
  return t("calendars.rule.only", {{"days", days}});
}

Preview read_csv(const std::string& content) {
  Preview p;
  territory::csv::Document doc;
  try {
    doc = territory::csv::read(content);
  } catch (const territory::csv::Error& ex) {
    p.errors.push_back({ex.line(), "calendars.errors.csv", {{"detail", ex.message()}}});
    return p;
  }
  if (doc.rows.empty()) {
    p.errors.push_back({0, "calendars.errors.empty", {}});
    return p;
  }
  const auto& header = doc.rows.front();
  bool header_ok = header.fields.size() == csv_columns().size();
  for (std::size_t i = 0; header_ok && i < header.fields.size(); ++i) {
    std::string name = lower_trimmed(header.fields[i]);
    if (i == 0 && name.rfind("\xEF\xBB\xBF", 0) == 0) name = name.substr(3);
    header_ok = name == csv_columns()[i];
  }
  if (!header_ok) {
    p.errors.push_back({header.line, "calendars.errors.header", {{"expected", "zone,name,first_day,last_day"}}});
    return p;
  }
  for (std::size_t r = 1; r < doc.rows.size(); ++r) {
    const auto& row = doc.rows[r];
    Holiday h;
    h.zone = trim(row.fields[0]);
    for (auto& c : h.zone) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    h.name = trim(row.fields[1]);
    const std::string first = trim(row.fields[2]);
    const std::string last = trim(row.fields[3]);
    auto fail = [&](std::string key, std::vector<std::pair<std::string, std::string>> params) {
      p.errors.push_back({row.line, std::move(key), std::move(params)});
    };
    if (!has(zones(), h.zone)) {
      fail("calendars.errors.zone", {{"value", trim(row.fields[0])}});
      continue;
    }
    if (h.name.empty() || h.name.size() > 100) {
      fail("calendars.errors.name", {});
      continue;
    }
    auto first_date = parse_date(first);
    auto last_date = parse_date(last);
    if (!first_date) {
      fail("calendars.errors.date", {{"value", first}});
      continue;
    }
    if (!last_date) {
      fail("calendars.errors.date", {{"value", last}});
      continue;
    }
    h.first_day = iso_date(*first_date);
    h.last_day = iso_date(*last_date);
    if (h.last_day < h.first_day) {
      fail("calendars.errors.order", {{"first", h.first_day}, {"last", h.last_day}});
      continue;
    }
    p.rows.push_back(std::move(h));
  }
  if (p.rows.empty() && p.errors.empty()) p.errors.push_back({0, "calendars.errors.empty", {}});
  return p;
}

}  // namespace trame::calendars
