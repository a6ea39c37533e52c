#include "cooperation/meetings/ics.hpp"

#include <cctype>

#include "platform/docs/ics.hpp"

namespace trame::meetings {

std::string meeting_uid(long long meeting_id, std::string_view public_url) {
  std::string_view host = public_url;
  if (auto scheme = host.find("://"); scheme != std::string_view::npos) host.remove_prefix(scheme + 3);
  if (auto end = host.find_first_of("/?#"); end != std::string_view::npos) host = host.substr(0, end);
  if (auto at = host.rfind('@'); at != std::string_view::npos) host.remove_prefix(at + 1);
  // The port is not part of a domain name: "127.0.0.1:8080" → "127.0.0.1".
  if (auto colon = host.rfind(':'); colon != std::string_view::npos && host.find(']') == std::string_view::npos)
    host = host.substr(0, colon);
  std::string clean;
  for (char c : host)
    if (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-') clean += c;
  if (clean.empty()) clean = "trame";
  return "cooperation-meeting-" + std::to_string(meeting_id) + "@" + clean;
}

std::string ics_param(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '"' || (static_cast<unsigned char>(c) < 0x20 && c != '\t') || c == 0x7f) continue;
    out += c;
  }
  return "\"" + out + "\"";
}

std::string invitation_content_type(bool cancel) {
  return std::string("text/calendar; method=") + (cancel ? "CANCEL" : "REQUEST") + "; charset=UTF-8";
}

std::string invitation_ics(const CalendarInvite& in) {
  using docs::ics_escape;
  using docs::ics_fold;
  using docs::ics_utc;
  std::string out;
  out += ics_fold("BEGIN:VCALENDAR");
  out += ics_fold("VERSION:2.0");
  out += ics_fold("PRODID:-//Trame//Coopération//FR");
  out += ics_fold("CALSCALE:GREGORIAN");
  out += ics_fold(in.cancel ? "METHOD:CANCEL" : "METHOD:REQUEST");
  out += ics_fold("BEGIN:VEVENT");
  out += ics_fold("UID:" + in.uid);
  out += ics_fold("DTSTAMP:" + ics_utc(in.stamp));
  out += ics_fold("SEQUENCE:" + std::to_string(in.sequence < 0 ? 0 : in.sequence));
  out += ics_fold("DTSTART:" + ics_utc(in.starts_at));
  out += ics_fold("DTEND:" + ics_utc(in.ends_at > in.starts_at ? in.ends_at : in.starts_at));
  out += ics_fold("SUMMARY:" + ics_escape(in.summary));
  if (!in.description.empty()) out += ics_fold("DESCRIPTION:" + ics_escape(in.description));
  if (!in.location.empty()) out += ics_fold("LOCATION:" + ics_escape(in.location));
  if (!in.url.empty()) out += ics_fold("URL:" + in.url);
  if (!in.organizer_email.empty())
    out += ics_fold("ORGANIZER;CN=" + ics_param(in.organizer_name) + ":mailto:" + in.organizer_email);
  if (!in.attendee_email.empty())
    out += ics_fold(
        "ATTENDEE;CN=" + ics_param(in.attendee_name) +
        ";CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=FALSE:mailto:" + in.attendee_email);
  out += ics_fold(in.cancel ? "STATUS:CANCELLED" : "STATUS:CONFIRMED");
  out += ics_fold("TRANSP:OPAQUE");
  out += ics_fold("END:VEVENT");
  out += ics_fold("END:VCALENDAR");
  return out;
}

}  // namespace trame::meetings
