// The pure rules of calendars (no database, no clock): Easter and the French public holidays, the school
// holidays of a zone, whether a day is allowed by a day rule and how the rule reads, and the reading of
// an uploaded calendar. Unit-tested in tests/unit/outings/calendars_test.cpp.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "outings/calendars/model.hpp"
#include "platform/core/calendar.hpp"

namespace trame::calendars {

// Easter Sunday of a Gregorian year (the anonymous Gregorian algorithm, "Meeus/Jones/Butcher").
Date easter(int year);
// The day after (or before, with a negative n) by n days.
Date add_days(const Date& d, int n);
// 0 Monday … 6 Sunday.
int weekday(const Date& d);
// The eleven public holidays of metropolitan France: 1 Jan, Easter Monday, 1 May, 8 May, Ascension,
// Whit Monday, 14 Jul, 15 Aug, 1 Nov, 11 Nov, 25 Dec.
bool public_holiday(const Date& d);
// Whether the day falls within one of the holidays of that zone.
bool school_holiday(const Date& d, const std::string& zone, const std::vector<Holiday>& holidays);
// Whether the rule allows the day (an empty rule allows every day). `holidays` may hold every zone.
bool allowed(const Date& d, const DayRule& rule, const std::vector<Holiday>& holidays);

// The stored form of the kinds: comma-separated, in day_kinds() order, without repeats.
std::string join_kinds(const std::vector<std::string>& kinds);
// The stored or sent kinds (comma-separated, or one per element) back as a list in day_kinds() order;
// nullopt when one is not a kind.
std::optional<std::vector<std::string>> parse_kinds(const std::vector<std::string>& values);
std::optional<std::vector<std::string>> parse_kinds(const std::string& stored);

// The rule in words through the translation catalogue (`t`: key and placeholders → text), e.g.
// « vacances scolaires (zone C) et week-ends seulement », or « tous les jours » for an empty rule.
using Translate =
    std::function<std::string(const std::string& key, const std::vector<std::pair<std::string, std::string>>& params)>;
std::string wording(const DayRule& rule, const Translate& t);

// Reads an uploaded calendar (header zone,name,first_day,last_day; ',' or ';'), line by line: every row
// that reads well, and an error for every line that does not (bad header, bad date, last before first,
// unknown zone, empty name, a file without rows).
Preview read_csv(const std::string& content);

}  // namespace trame::calendars
