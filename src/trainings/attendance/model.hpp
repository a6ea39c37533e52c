// Attendance per half-day (sheets opened, signed, countersigned, locked, corrected), dropouts and their follow-up
// contacts, individual follow-up between seminars. Plain data of the attendance module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/core/outcome.hpp"

namespace trame::attendance {

struct Halfday {
  long long id = 0;
  long long session_id = 0;
  std::string day;     // 'YYYY-MM-DD'
  std::string period;  // am, pm
  long long starts_at = 0;
  long long ends_at = 0;
  long long minutes = 0;
  std::string sheet_status;  // closed, open, locked
  std::string sign_code_hash;
  long long sign_code_expires_at = 0;
  long long opened_at = 0;
  long long opened_by = 0;
  long long countersigned_at = 0;
  long long countersigned_by = 0;
  std::string countersigned_name;
  std::string module_title;
  // Counts of the sheet (filled by lists).
  long long present = 0;
  long long absent = 0;
  long long excused = 0;
};

// A trainee on a sheet: the enrolment and, once signed or marked, the attendance row.
struct Line {
  long long application_id = 0;
  long long user_id = 0;
  std::string name;
  std::string email;
  std::string application_status;
  std::string status;     // present, absent, excused; "" when not yet recorded
  std::string signature;  // self, trainer
  long long signed_at = 0;
  long long recorded_by = 0;
};

// A trainee's own line on one half-day (their attendance page).
struct OwnHalfday {
  Halfday halfday;
  std::string status;  // "" when not recorded
  std::string signature;
  long long signed_at = 0;
};

// A stored PDF of a locked sheet.
struct StoredSheet {
  std::string file_name;
  std::string data;  // the PDF's bytes
};

struct Correction {
  long long application_id = 0;
  std::string trainee_name;
  std::string old_status;
  std::string new_status;
  std::string reason;
  std::string corrected_by_name;
  long long corrected_at = 0;
};

// What the sheet's PDF and page show about the session.
struct SessionInfo {
  long long id = 0;
  std::string title;
  std::string programme_title;
  std::string organiser_name;
  std::string place;
  std::string address;
  std::vector<std::string> trainers;
};

struct Application {
  long long id = 0;
  long long session_id = 0;
  long long user_id = 0;
  std::string name;
  std::string email;
  std::string status;
  long long dropout_at = 0;
  std::string dropout_cause;
  std::string dropout_detail;
};

struct Followup {
  long long id = 0;
  long long application_id = 0;
  long long trainer_id = 0;
  std::string trainer_name;
  long long meeting_at = 0;
  std::string mode;
  std::string objective;
  std::string progress;
  std::string next_step;
};

struct FollowupInput {
  std::string meeting_at;  // 'YYYY-MM-DDTHH:MM' (Europe/Paris)
  std::string mode;
  std::string objective;
  std::string progress;
  std::string next_step;
};

struct Contact {
  long long id = 0;
  long long contacted_at = 0;
  std::string channel;
  std::string summary;
  std::string recorded_by_name;
};

struct DropoutInput {
  std::string date;  // 'YYYY-MM-DD'
  std::string cause;
  std::string detail;
};

struct ContactInput {
  std::string date;  // 'YYYY-MM-DD'
  std::string channel;
  std::string summary;
};

// The result of opening a sheet: the code in clear, shown once on the trainer's screen.
struct Opened {
  Outcome outcome;  // ok, or why not (not found, denied, or a key of attendance.errors)
  std::string code;
};

// A half-day on a dashboard: when, where, of which session.
struct DashboardHalfday {
  long long id = 0;
  long long session_id = 0;
  long long starts_at = 0;
  long long ends_at = 0;
  std::string session_title, programme_title, place, address;
};

// An application admitted and waiting for the trainee's confirmation of their place.
struct PlaceToConfirm {
  long long application_id = 0;
  long long starts_at = 0;
  std::string session_title, programme_title;
};

// The trainee's dashboard: places to confirm, the next half-day, sheets to sign, their documents.
struct TraineeDashboard {
  bool trainee = false;  // admitted, confirmed or completed somewhere (otherwise no panel)
  std::vector<PlaceToConfirm> to_confirm;
  std::optional<DashboardHalfday> next;
  std::vector<DashboardHalfday> to_sign;
  long long documents = 0;
};

// Sheets still open (signed by trainees, not yet countersigned) of the sessions one trains or manages.
struct SheetsToCountersign {
  std::vector<DashboardHalfday> first;
  long long total = 0;
};

}  // namespace trame::attendance
