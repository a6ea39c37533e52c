// iCalendar (RFC 5545) for one or more events: CRLF line ends, lines folded at 75 octets (never
// inside a UTF-8 character), TEXT values escaped (\\ \; \, and newlines as \n), times in UTC.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trame::docs {

struct CalendarEvent {
  std::string uid;          // globally unique, e.g. "slot-12@trame.example.org"
  long long starts_at = 0;  // unix seconds
  long long ends_at = 0;    // 0: DTEND omitted
  long long stamp = 0;      // DTSTAMP
  std::string summary;
  std::string description;
  std::string location;
  std::string url;
  bool cancelled = false;   // STATUS:CANCELLED
};

// A TEXT value escaped per RFC 5545 §3.3.11.
std::string ics_escape(std::string_view text);
// One content line folded at 75 octets, with its CRLF.
std::string ics_fold(std::string_view line);
// "YYYYMMDDTHHMMSSZ".
std::string ics_utc(long long unix_seconds);
// A whole VCALENDAR with one VEVENT per event.
std::string ics_calendar(const std::vector<CalendarEvent>& events, std::string_view prodid = "-//Trame//Sorties//FR");

}  // namespace trame::docs
