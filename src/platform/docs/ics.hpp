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
  // SEQUENCE: grows with every change of the event (moved, cancelled), so that a calendar that
  // imported an older copy replaces it. See ics_sequence().
  long long sequence = 0;
  std::string summary;
  std::string description;
  std::string location;
  std::string url;
  bool cancelled = false;  // STATUS:CANCELLED
};

// A TEXT value escaped per RFC 5545 §3.3.11.
std::string ics_escape(std::string_view text);
// One content line folded at 75 octets, with its CRLF.
std::string ics_fold(std::string_view line);
// "YYYYMMDDTHHMMSSZ".
std::string ics_utc(long long unix_seconds);
// The SEQUENCE of an event last modified at `updated_at` (unix seconds): seconds since
// 2025-01-01T00:00:00Z, so it only grows as the record changes, and fits RFC 5545's 32-bit INTEGER
// until 2093. 0 for older or unknown times.
long long ics_sequence(long long updated_at);
// A whole VCALENDAR with one VEVENT per event; `name` (when not empty) is the calendar's name shown
// by calendar applications (NAME, RFC 7986, and X-WR-CALNAME for those that predate it).
std::string ics_calendar(const std::vector<CalendarEvent>& events, std::string_view prodid = "-//Trame//Sorties//FR",
                         std::string_view name = {});

}  // namespace trame::docs
