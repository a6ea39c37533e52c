// A meeting's invitation as an iTIP message (RFC 5546) in iCalendar (RFC 5545): METHOD:REQUEST for
// an invitation or an update, METHOD:CANCEL for a cancellation, one VEVENT with a UID that stays the
// same for the meeting's whole life and a SEQUENCE that grows with each change, times in UTC, the
// organizer and the one attendee the message is sent to. The generic parts (escaping, folding, UTC
// times) are platform/docs/ics's.
#pragma once
#include <string>
#include <string_view>

namespace trame::meetings {

struct CalendarInvite {
  std::string uid;          // meeting_uid()
  long long starts_at = 0;  // unix seconds
  long long ends_at = 0;    // unix seconds, after starts_at
  long long stamp = 0;      // DTSTAMP: when the message is made
  long long sequence = 0;   // the meeting's sequence (0 for the first invitation)
  std::string summary;      // the meeting's title
  std::string description;  // plain text (the agenda, the page's address)
  std::string location;     // the place, or the video link
  std::string url;          // the meeting's page
  std::string organizer_name, organizer_email;
  std::string attendee_name, attendee_email;  // the recipient
  bool cancel = false;                        // METHOD:CANCEL and STATUS:CANCELLED
};

// The UID of a meeting: "cooperation-meeting-<id>@<host of public_url>" ("@trame" without a host).
std::string meeting_uid(long long meeting_id, std::string_view public_url);
// A parameter value (CN) as a quoted-string: double quotes and control characters dropped.
std::string ics_param(std::string_view text);
// The whole VCALENDAR (CRLF line ends, lines folded at 75 octets).
std::string invitation_ics(const CalendarInvite& invite);
// The MIME type of the attachment: "text/calendar; method=REQUEST; charset=UTF-8" (or CANCEL).
std::string invitation_content_type(bool cancel);

}  // namespace trame::meetings
