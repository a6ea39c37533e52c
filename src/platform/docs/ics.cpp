#include "platform/docs/ics.hpp"

#include <ctime>

namespace trame::docs {

std::string ics_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    switch (c) {
      case '\\': out += "\\\\"; break;
      case ';': out += "\\;"; break;
      case ',': out += "\\,"; break;
      case '\r':
        if (i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "\\n";
        break;
      case '\n': out += "\\n"; break;
      default:
        // Other control characters are not allowed in TEXT values.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') break;
        out += c;
    }
  }
  return out;
}

std::string ics_fold(std::string_view line) {
  std::string out;
  std::size_t limit = 75;  // first line: 75 octets; continuation lines: a space + 74 octets
  std::size_t i = 0;
  while (line.size() - i > limit) {
    std::size_t cut = i + limit;
    // Never split a UTF-8 sequence: back up to the start of a character.
    while (cut > i && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) --cut;
    out.append(line.substr(i, cut - i));
    out += "\r\n ";
    i = cut;
    limit = 74;
  }
  out.append(line.substr(i));
  out += "\r\n";
  return out;
}

std::string ics_utc(long long unix_seconds) {
  std::time_t t = static_cast<std::time_t>(unix_seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

long long ics_sequence(long long updated_at) {
  constexpr long long kEpoch = 1735689600;  // 2025-01-01T00:00:00Z
  return updated_at > kEpoch ? updated_at - kEpoch : 0;
}

std::string ics_calendar(const std::vector<CalendarEvent>& events, std::string_view prodid, std::string_view name) {
  std::string out;
  out += ics_fold("BEGIN:VCALENDAR");
  out += ics_fold("VERSION:2.0");
  out += ics_fold("PRODID:" + std::string(prodid));
  out += ics_fold("CALSCALE:GREGORIAN");
  out += ics_fold("METHOD:PUBLISH");
  if (!name.empty()) {
    out += ics_fold("NAME:" + ics_escape(name));
    out += ics_fold("X-WR-CALNAME:" + ics_escape(name));
  }
  for (const auto& e : events) {
    out += ics_fold("BEGIN:VEVENT");
    out += ics_fold("UID:" + e.uid);
    out += ics_fold("DTSTAMP:" + ics_utc(e.stamp));
    out += ics_fold("SEQUENCE:" + std::to_string(e.sequence < 0 ? 0 : e.sequence));
    out += ics_fold("DTSTART:" + ics_utc(e.starts_at));
    if (e.ends_at > e.starts_at) out += ics_fold("DTEND:" + ics_utc(e.ends_at));
    out += ics_fold("SUMMARY:" + ics_escape(e.summary));
    if (!e.description.empty()) out += ics_fold("DESCRIPTION:" + ics_escape(e.description));
    if (!e.location.empty()) out += ics_fold("LOCATION:" + ics_escape(e.location));
    if (!e.url.empty()) out += ics_fold("URL:" + e.url);
    out += ics_fold(e.cancelled ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
    out += ics_fold("END:VEVENT");
  }
  out += ics_fold("END:VCALENDAR");
  return out;
}

}  // namespace trame::docs
