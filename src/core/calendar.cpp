#include "core/calendar.hpp"

#include <ctime>

namespace trame {

std::string format_local(long long t, const char* format) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  localtime_r(&tt, &tm);
  char buf[128];
  std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace trame
