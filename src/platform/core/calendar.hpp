// Times shown to people: unix seconds formatted in Europe/Paris (the process time zone, set at start).
#pragma once
#include <string>

namespace trame {

// strftime of t in local time, e.g. format_local(t, "%d/%m/%Y").
std::string format_local(long long t, const char* format);
// 'YYYY-MM-DD' of t in local time.
inline std::string local_day(long long t) { return format_local(t, "%Y-%m-%d"); }
// That local date and time as unix seconds; -1 if it does not exist (31/02, 13th month).
long long local_time(int year, int month, int day, int hour, int minute);
// "YYYY-MM-DDTHH:MM" (an <input type="datetime-local">, seconds allowed) → unix seconds; -1 if invalid.
long long parse_local(const std::string& text);
// Unix seconds → "YYYY-MM-DDTHH:MM" (for a form's inputs); empty for 0.
std::string local_input(long long t);
// 'YYYY-MM-DD' → midnight of that day; -1 if invalid. Years 2000 to 2100.
long long day_start(const std::string& date);

}  // namespace trame
