// Schemes with calendars: the French school holidays (zones A, B, C), shipped as data and replaced by an
// administrator's CSV, and the day rules of an allocation (the kinds of day its slots may fall on).
#pragma once
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace trame::calendars {

// One holiday of one zone: first and last day off, inclusive, 'YYYY-MM-DD'.
struct Holiday {
  long long id = 0;
  std::string zone;
  std::string name;
  std::string first_day;
  std::string last_day;
};

inline const std::vector<std::string>& zones() {
  static const std::vector<std::string> z = {"A", "B", "C"};
  return z;
}

// The kinds of day a rule may allow, in the order the rule is stored and worded.
inline const std::vector<std::string>& day_kinds() {
  static const std::vector<std::string> k = {
      "school_holidays", "weekends", "public_holidays", "mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  return k;
}

// An allocation's day rule: the allowed kinds (empty: every day) and the zone whose school holidays count.
struct DayRule {
  std::vector<std::string> kinds;
  std::string zone = "C";
};

// The columns of the calendar's CSV, in this order (header compared case-insensitively).
inline const std::vector<std::string>& csv_columns() {
  static const std::vector<std::string> c = {"zone", "name", "first_day", "last_day"};
  return c;
}

// A faulty line of an uploaded calendar: a catalogue key with its parameters.
struct LineError {
  std::size_t line = 0;  // 0: the file as a whole
  std::string key;
  std::vector<std::pair<std::string, std::string>> params;
};

struct Preview {
  std::vector<Holiday> rows;
  std::vector<LineError> errors;
};

}  // namespace trame::calendars
