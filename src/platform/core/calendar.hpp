// Times shown to people: unix seconds formatted in Europe/Paris (the process time zone, set at start).
#pragma once
#include <optional>
#include <string>
#include <string_view>

namespace trame {

// A calendar day (no time zone): what 'YYYY-MM-DD' holds.
struct Date {
  int year = 0, month = 0, day = 0;
};

// strftime of t in local time, e.g. format_local(t, "%d/%m/%Y").
std::string format_local(long long t, const char* format);
// 'YYYY-MM-DD' of t in local time.
inline std::string local_day(long long t) {
  return format_local(t, "%Y-%m-%d");
}
// That local date and time as unix seconds; -1 if it does not exist (31/02, 13th month).
long long local_time(int year, int month, int day, int hour, int minute);
// Seconds from t to the next moment strictly after t when the local clock reads hour:00 (a nightly job's
// first run); at most a day (25 hours across a change of hour).
long long seconds_until_local_hour(long long t, int hour);
// "YYYY-MM-DDTHH:MM" (an <input type="datetime-local">, seconds allowed) → unix seconds; -1 if invalid.
long long parse_local(const std::string& text);
// Unix seconds → "YYYY-MM-DDTHH:MM" (for a form's inputs); empty for 0.
std::string local_input(long long t);
// 'YYYY-MM-DD' → midnight of that day; -1 if invalid. Years 2000 to 2100.
long long day_start(const std::string& date);

// The one parser of dates typed or sent by people: 'YYYY-MM-DD' exactly (blanks around allowed), a day
// that exists (no 31/02), years 2000 to 2100; nullopt otherwise.
std::optional<Date> parse_date(std::string_view text);
// The same for a date of birth: years 1900 to 2100 (no time is computed from it).
std::optional<Date> parse_birth_date(std::string_view text);
// 'YYYY-MM' exactly, month 1-12, years 2000 to 2100 (a month picker); day is 1.
std::optional<Date> parse_month(std::string_view text);
// 'HH:MM' (00:00 to 23:59) → minutes since midnight; -1 if invalid.
int parse_clock(std::string_view text);
// A day and 'HH:MM' → unix seconds in local time; -1 if either is invalid.
long long local_time(const Date& date, std::string_view clock);
// The local calendar day of t.
Date local_date(long long t);
// Midnight (local) starting that day, and the next day's; -1 if the day does not exist.
long long day_start(const Date& date);
long long next_day_start(const Date& date);
// Midnight (local) starting the first day of that month, and of the next month.
long long month_start(int year, int month);
long long next_month_start(int year, int month);
// 'YYYY-MM-DD' of a date (for inputs and SQL comparisons).
std::string iso_date(const Date& date);
// 'DD/MM/YYYY' of a 'YYYY-MM-DD' (a date of birth too); the text as it is when it is not one.
std::string short_french_date(const std::string& iso);

}  // namespace trame
