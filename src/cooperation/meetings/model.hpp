// A cooperation project's meetings (docs/cooperation/meetings.md): planned by a facilitator with an
// agenda, sent as invitations (e-mail and ICS) that members answer, marked as held with who was
// present, and closed by a report (organisations present, minutes, decisions taken).
#pragma once
#include <string>
#include <vector>

namespace trame::meetings {

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> list = {"planned", "held", "cancelled"};
  return list;
}
inline const std::vector<std::string>& answers() {
  static const std::vector<std::string> list = {"yes", "maybe", "no"};
  return list;
}

struct AgendaItem {
  long long id = 0, meeting_id = 0;
  long long position = 0;
  std::string title;
  long long duration_minutes = 0;
  long long method_id = 0;   // a facilitation method of the library (cooperation_methods), 0: none
  std::string method_title;  // '' when none, or when the library is not there
};

struct Meeting {
  long long id = 0, project_id = 0;
  std::string title;
  long long starts_at = 0, ends_at = 0;
  std::string place, video_url;
  std::string status = "planned";  // planned, held, cancelled
  long long sequence = 0;          // the calendar files' SEQUENCE
  long long others_count = 0;      // participants who are not members, without names
  std::string others_label;        // who they were ("habitant·es du quartier")
  std::string minutes;             // markdown
  long long minutes_by = 0, minutes_at = 0;
  std::string minutes_by_name;
  long long held_at = 0, cancelled_at = 0;
  long long created_by = 0;
  std::string created_by_name, created_by_email;
  long long created_at = 0, updated_at = 0;
  long long invited = 0;  // how many invitations (lists only)
};

struct Invitation {
  long long id = 0, meeting_id = 0, user_id = 0;
  std::string name, email;
  long long invited_at = 0, sent_sequence = 0;
  std::string answer;  // '', yes, maybe, no
  long long answered_at = 0;
};

struct Attendee {
  long long user_id = 0;
  std::string name;
};

struct OrganisationPresent {
  long long organisation_id = 0;
  std::string name;
};

// A decision taken at the meeting (cooperation_decisions.meeting_id).
struct DecisionTaken {
  long long id = 0;
  std::string title, status, outcome_statement;
};

// A method of the library one may name in an agenda.
struct MethodChoice {
  long long id = 0;
  std::string title;
};

// What the forms send (texts as typed).
struct AgendaInput {
  std::string title, duration, method;
};
struct MeetingInput {
  std::string title, starts, ends;  // starts/ends: "YYYY-MM-DDTHH:MM" (datetime-local, Europe/Paris)
  std::string place, video_url;
  std::vector<AgendaInput> agenda;
};
struct AttendanceInput {
  std::vector<std::string> present;        // user ids of members
  std::vector<std::string> organisations;  // organisation ids of the directory
  std::string others_count, others_label;
};

}  // namespace trame::meetings
