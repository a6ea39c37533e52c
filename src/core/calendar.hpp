// Times shown to people: unix seconds formatted in Europe/Paris (the process time zone, set at start).
#pragma once
#include <string>

namespace trame {

// strftime of t in local time, e.g. format_local(t, "%d/%m/%Y").
std::string format_local(long long t, const char* format);
// 'YYYY-MM-DD' of t in local time.
inline std::string local_day(long long t) { return format_local(t, "%Y-%m-%d"); }

}  // namespace trame
