// The pure rules of calendars (src/outings/calendars/rules.hpp): Easter and the French public holidays,
// school holidays by zone, day rules and their French wording, and the reading of an uploaded calendar.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "outings/calendars/rules.hpp"

using namespace trame;
using namespace trame::calendars;

namespace {

Date d(int y, int m, int day) {
  return Date{y, m, day};
}

// The French catalogue's wording keys (locales/fr/calendars.toml), enough for wording().
std::string french(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params) {
  static const std::map<std::string, std::string> fr = {
      {"calendars.rule.every_day", "tous les jours"},
      {"calendars.rule.and", "et"},
      {"calendars.rule.only", "{days} seulement"},
      {"calendars.rule.kinds.school_holidays", "vacances scolaires (zone {zone})"},
      {"calendars.rule.kinds.weekends", "week-ends"},
      {"calendars.rule.kinds.public_holidays", "jours fériés"},
      {"calendars.rule.kinds.wed", "mercredis"},
  };
  std::string text = fr.count(key) ? fr.at(key) : key;
  for (const auto& [name, value] : params) {
    auto pos = text.find("{" + name + "}");
    if (pos != std::string::npos) text.replace(pos, name.size() + 2, value);
  }
  return text;
}

std::vector<Holiday> shipped() {
  std::ifstream in("data/school_holidays.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  return read_csv(ss.str()).rows;
}

}  // namespace

TEST(Calendars, EasterByTheAnonymousGregorianAlgorithm) {
  const std::map<int, std::pair<int, int>> known = {{2000, {4, 23}}, {2008, {3, 23}}, {2011, {4, 24}}, {2019, {4, 21}},
                                                    {2024, {3, 31}}, {2025, {4, 20}}, {2026, {4, 5}},  {2027, {3, 28}},
                                                    {2028, {4, 16}}, {2038, {4, 25}}};
  for (const auto& [year, md] : known) {
    Date e = easter(year);
    EXPECT_EQ(e.month, md.first) << year;
    EXPECT_EQ(e.day, md.second) << year;
  }
}

TEST(Calendars, FrenchPublicHolidays) {
  // 2026: Easter 5 April → Easter Monday 6 April, Ascension 14 May, Whit Monday 25 May.
  for (Date h : {d(2026, 1, 1), d(2026, 4, 6), d(2026, 5, 1), d(2026, 5, 8), d(2026, 5, 14), d(2026, 5, 25),
                 d(2026, 7, 14), d(2026, 8, 15), d(2026, 11, 1), d(2026, 11, 11), d(2026, 12, 25)})
    EXPECT_TRUE(public_holiday(h)) << iso_date(h);
  for (Date n : {d(2026, 4, 5), d(2026, 4, 7), d(2026, 5, 13), d(2026, 5, 24), d(2026, 12, 26), d(2026, 3, 2)})
    EXPECT_FALSE(public_holiday(n)) << iso_date(n);
  // 2024: Easter 31 March → Easter Monday 1 April, Ascension 9 May, Whit Monday 20 May.
  EXPECT_TRUE(public_holiday(d(2024, 4, 1)));
  EXPECT_TRUE(public_holiday(d(2024, 5, 9)));
  EXPECT_TRUE(public_holiday(d(2024, 5, 20)));
}

TEST(Calendars, WeekdaysAndDayArithmetic) {
  EXPECT_EQ(weekday(d(1970, 1, 1)), 3);   // Thursday
  EXPECT_EQ(weekday(d(2026, 12, 6)), 6);  // Sunday
  EXPECT_EQ(weekday(d(2026, 12, 7)), 0);  // Monday
  Date next = add_days(d(2028, 2, 28), 2);
  EXPECT_EQ(iso_date(next), "2028-03-01");  // a leap year
  EXPECT_EQ(iso_date(add_days(d(2027, 1, 1), -1)), "2026-12-31");
}

TEST(Calendars, SchoolHolidaysOfAZone) {
  auto holidays = shipped();
  // Winter 2026: A 7–22 Feb, B 14 Feb–1 Mar, C 21 Feb–8 Mar.
  EXPECT_TRUE(school_holiday(d(2026, 2, 21), "C", holidays));
  EXPECT_TRUE(school_holiday(d(2026, 3, 8), "C", holidays));
  EXPECT_FALSE(school_holiday(d(2026, 3, 9), "C", holidays));
  EXPECT_FALSE(school_holiday(d(2026, 2, 20), "C", holidays));
  EXPECT_TRUE(school_holiday(d(2026, 2, 7), "A", holidays));
  EXPECT_FALSE(school_holiday(d(2026, 2, 7), "C", holidays));
  // Toussaint 2025 for every zone, classes resume on 3 November.
  for (const char* zone : {"A", "B", "C"}) {
    EXPECT_TRUE(school_holiday(d(2025, 11, 2), zone, holidays)) << zone;
    EXPECT_FALSE(school_holiday(d(2025, 11, 3), zone, holidays)) << zone;
  }
  // Summer 2026 ends the day before the rentrée.
  EXPECT_TRUE(school_holiday(d(2026, 8, 31), "B", holidays));
  EXPECT_FALSE(school_holiday(d(2026, 9, 1), "B", holidays));
}

TEST(Calendars, DayRules) {
  auto holidays = shipped();
  DayRule every{{}, "C"};
  EXPECT_TRUE(allowed(d(2026, 3, 10), every, holidays));
  DayRule tickets{{"school_holidays", "weekends"}, "C"};
  EXPECT_FALSE(allowed(d(2026, 3, 10), tickets, holidays));  // a Tuesday of school
  EXPECT_TRUE(allowed(d(2026, 3, 14), tickets, holidays));   // a Saturday
  EXPECT_TRUE(allowed(d(2026, 3, 15), tickets, holidays));   // a Sunday
  EXPECT_TRUE(allowed(d(2026, 2, 24), tickets, holidays));   // a Tuesday of zone C's winter holidays
  DayRule zone_a{{"school_holidays"}, "A"};
  EXPECT_FALSE(allowed(d(2026, 2, 24), zone_a, holidays));  // zone A is back at school
  DayRule wednesdays{{"wed", "public_holidays"}, "C"};
  EXPECT_TRUE(allowed(d(2026, 3, 11), wednesdays, holidays));
  EXPECT_TRUE(allowed(d(2026, 5, 14), wednesdays, holidays));  // Ascension, a Thursday
  EXPECT_FALSE(allowed(d(2026, 3, 12), wednesdays, holidays));
}

TEST(Calendars, KindsAreParsedInOneOrder) {
  auto k = parse_kinds(std::vector<std::string>{"weekends", "school_holidays", "weekends"});
  ASSERT_TRUE(k);
  EXPECT_EQ(join_kinds(*k), "school_holidays,weekends");
  EXPECT_EQ(parse_kinds(std::string("sun, mon"))->size(), 2U);
  EXPECT_TRUE(parse_kinds(std::string(""))->empty());
  EXPECT_FALSE(parse_kinds(std::string("school_holidays,holidays")));
}

TEST(Calendars, TheRuleInFrench) {
  EXPECT_EQ(wording(DayRule{{"school_holidays", "weekends"}, "C"}, french),
            "vacances scolaires (zone C) et week-ends seulement");
  EXPECT_EQ(wording(DayRule{{"school_holidays", "weekends", "public_holidays"}, "B"}, french),
            "vacances scolaires (zone B), week-ends et jours fériés seulement");
  EXPECT_EQ(wording(DayRule{{"wed"}, "C"}, french), "mercredis seulement");
  EXPECT_EQ(wording(DayRule{{}, "C"}, french), "tous les jours");
}

TEST(Calendars, TheShippedCalendarReadsWell) {
  std::ifstream in("data/school_holidays.csv");
  std::stringstream ss;
  ss << in.rdbuf();
  Preview p = read_csv(ss.str());
  EXPECT_TRUE(p.errors.empty());
  EXPECT_EQ(p.rows.size(), 60U);  // 5 holidays × 3 zones × 4 school years
}

TEST(Calendars, AFaultyUploadNamesItsLines) {
  Preview p = read_csv(
      "zone;name;first_day;last_day\n"
      "C;Hiver;2026-02-21;2026-03-08\n"
      "D;Hiver;2026-02-21;2026-03-08\n"
      "C;Hiver;2026-02-30;2026-03-08\n"
      "C;Printemps;2026-05-03;2026-04-18\n"
      "c; Noël ;2026-12-19;2027-01-03\n");
  ASSERT_EQ(p.rows.size(), 2U);
  EXPECT_EQ(p.rows[1].zone, "C");
  EXPECT_EQ(p.rows[1].name, "Noël");
  ASSERT_EQ(p.errors.size(), 3U);
  EXPECT_EQ(p.errors[0].line, 3U);
  EXPECT_EQ(p.errors[0].key, "calendars.errors.zone");
  EXPECT_EQ(p.errors[1].line, 4U);
  EXPECT_EQ(p.errors[1].key, "calendars.errors.date");
  EXPECT_EQ(p.errors[2].line, 5U);
  EXPECT_EQ(p.errors[2].key, "calendars.errors.order");

  Preview bad_header = read_csv("zone,nom,debut,fin\nC,Hiver,2026-02-21,2026-03-08\n");
  ASSERT_EQ(bad_header.errors.size(), 1U);
  EXPECT_EQ(bad_header.errors[0].key, "calendars.errors.header");
  EXPECT_EQ(read_csv("").errors[0].key, "calendars.errors.empty");
  EXPECT_EQ(read_csv("zone,name,first_day,last_day\n").errors[0].key, "calendars.errors.empty");
  EXPECT_EQ(read_csv("zone,name,first_day,last_day\nC,\"Hiver,2026-02-21,2026-03-08\n").errors[0].key,
            "calendars.errors.csv");
}
