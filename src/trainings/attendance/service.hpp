// Attendance per half-day (sheets opened, signed, countersigned, locked, corrected), dropouts and their follow-up
// contacts, individual follow-up between seminars.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "trainings/attendance/model.hpp"
#include "trainings/attendance/repository.hpp"
#include "platform/core/permissions.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "trainings/programmes/access.hpp"

namespace trame::web {
class App;
class Catalogue;
class Dashboard;
}  // namespace trame::web

namespace trame::attendance {

// A half-day's sheet as the signed-in user may see it.
struct SheetView {
  Halfday halfday;
  SessionInfo session;
  programmes::SessionAccess access;
  std::vector<Line> lines;              // staff only
  std::vector<Correction> corrections;  // staff: all; trainee: their own
  std::optional<Line> own;              // the trainee's own line
};

// The half-days of a session: for staff with counts, for a trainee with their own attendance.
struct SessionSheets {
  SessionInfo session;
  programmes::SessionAccess access;
  std::vector<Halfday> halfdays;
  std::vector<OwnHalfday> own;
  long long total = 0;
  long long attended_minutes = 0;
  long long planned_minutes = 0;
};

// The follow-up page of an enrolment.
struct FollowupView {
  Application application;
  programmes::SessionAccess access;
  std::vector<Followup> followups;
  long long followups_total = 0;
  std::vector<Contact> contacts;  // managers only
  long long contacts_total = 0;
  bool staff = false;  // may write notes
  // A follow-up contact of this trainee (coaching module): reads the notes and the attendance, writes nothing.
  bool follow_up_contact = false;
  std::vector<OwnHalfday> attendance;  // the trainee's attendance per half-day (its first 200 half-days)
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url)
      : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {}

  // Reads for `me`, filled in `out` when allowed: not_found when the session, half-day or application
  // does not exist; denied when `me` is neither staff of the session nor an enrolled trainee (for a
  // follow-up: nor the applicant nor one of its follow-up contacts; a follow-up contact of other trainees
  // of the session gets not_found).
  Outcome session_sheets(const Principal& me, long long session_id, long long page, long long per_page,
                         SessionSheets& out);
  Outcome sheet(const Principal& me, long long halfday_id, SheetView& out);
  Outcome followup(const Principal& me, long long application_id, long long page, long long per_page,
                   FollowupView& out);
  // The PDF of a sheet, for the session's staff only (denied otherwise): the stored version of a
  // locked sheet, else rendered now; `view` is the sheet it was made from.
  Outcome sheet_pdf(const Principal& me, long long halfday_id, const std::string& locale, SheetView& view,
                    std::string& pdf);

  // Sheets. Failures are catalogue keys; errors.403.message / errors.404.message for access.
  Opened open(const Actor& actor, const Principal& me, long long halfday_id);
  // Dashboards: the trainee's tasks and dates; the sheets a trainer or manager has to countersign.
  TraineeDashboard trainee_dashboard(long long user_id, long long limit);
  SheetsToCountersign sheets_to_countersign(const Principal& me, long long limit);
  Outcome sign(const Actor& actor, const Principal& me, long long halfday_id, const std::string& typed_code);
  Outcome mark(const Actor& actor, const Principal& me, long long halfday_id, long long application_id,
               const std::string& status);
  Outcome countersign(const Actor& actor, const Principal& me, long long halfday_id);
  Outcome correct(const Actor& actor, const Principal& me, long long halfday_id, long long application_id,
                  const std::string& status, const std::string& reason);

  // Dropouts, contacts, follow-up notes.
  Outcome drop_out(const Actor& actor, const Principal& me, long long application_id, const DropoutInput& in);
  Outcome add_contact(const Actor& actor, const Principal& me, long long application_id, const ContactInput& in);
  Outcome add_followup(const Actor& actor, const Principal& me, long long application_id, const FollowupInput& in);
  // On success, Outcome::id is the application's id (where to go back).
  Outcome edit_followup(const Actor& actor, const Principal& me, long long followup_id, const FollowupInput& in);

  // Work that falls due with time (called by the scheduler and `trame jobs run-due`); returns the
  // number of steps done. Safe with several instances: each step is claimed by a conditional UPDATE.
  long long run_due(long long now);
  // Demo data (idempotent), after the directory's and the modules' before it in main.cpp.
  void load_demo(const Actor& actor);

 private:
  void lock_effects(soci::session& sql, const Actor& actor, long long halfday_id, long long now);
  void store_sheet(soci::session& sql, long long halfday_id, long long now, long long by);
  Outcome check_followup_input(const FollowupInput& in, long long& meeting_at) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

// The trainee's panel (their place to confirm, next half-day, sheets to sign, documents) and the
// sheets to countersign of trainers and training staff, on /tableau-de-bord.
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::attendance
