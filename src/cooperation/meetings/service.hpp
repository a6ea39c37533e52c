// Meetings of cooperation projects (model.hpp; docs/cooperation/meetings.md). Who does what is asked
// of projects::Service::access: facilitators create, edit, cancel, invite, record the attendance and
// write the report; members (facilitators too) answer the invitations they received; observers and
// everyone who reads the project read. A project the person may not see, or a meeting of another
// project, answers like a missing id (404).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "cooperation/meetings/model.hpp"
#include "cooperation/meetings/repository.hpp"
#include "cooperation/projects/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::meetings {

// The demo's meetings in the seed's project (for the other modules' demo loaders: decisions taken there).
inline constexpr const char* kDemoDiagnosisTitle = "Atelier de diagnostic partagé";
inline constexpr const char* kDemoDesignTitle = "Réunion de conception de l'action";
inline constexpr const char* kDemoPlannedTitle = "Point d'étape avant la mise en œuvre";

// What the other modules see of a meeting.
struct Summary {
  long long id = 0, project_id = 0;
  std::string title;
  long long starts_at = 0, ends_at = 0;
  std::string status;  // planned, held, cancelled
};

struct MeetingPage {
  std::vector<Meeting> items;
  long long total = 0;
  int page = 1, pages = 1;
};

// Everything a meeting's page shows to one person.
struct MeetingView {
  projects::Access access;
  Meeting meeting;
  std::vector<AgendaItem> agenda;
  std::vector<Invitation> invitations;  // facilitators see all, with answers; others too (a group's page)
  std::vector<Attendee> attendees;
  std::vector<OrganisationPresent> organisations;
  std::vector<DecisionTaken> decisions;
  std::optional<Invitation> mine;  // this person's invitation
  bool may_answer = false;         // invited, contributes, the meeting planned and not over
};

class Service {
 public:
  static constexpr int kPerPage = 20;
  static constexpr std::size_t kMaxAgendaItems = 30;
  static constexpr long long kMaxDurationSeconds = 24 * 3600;
  static constexpr long long kMaxOthers = 100000;
  static constexpr std::size_t kMaxMinutesChars = 50000;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, projects::Service& projects)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        projects_(projects) {}

  // ---- For the other modules (decisions: the meeting a decision is taken at)
  // Every meeting of a project, newest first.
  std::vector<Summary> summaries(long long project_id);
  std::optional<Summary> summary(long long project_id, long long meeting_id);

  // ---- Pages
  std::optional<projects::Access> access(const Principal& me, long long project_id) {
    return projects_.access(me, project_id);
  }
  // The project's meetings, newest first; nullopt: 404 (or the public summary only).
  std::optional<MeetingPage> list(const Principal& me, long long project_id, int page);
  std::optional<MeetingView> view(const Principal& me, long long project_id, long long meeting_id);
  // The project's members (to invite, to mark present).
  std::vector<projects::Member> members(long long project_id) { return projects_.members(project_id); }
  // The facilitation methods of the library (empty when the library's table is not there).
  std::vector<MethodChoice> methods();
  // Organisations one may mark present: the project's partners and its members' organisations first
  // (suggested), then every active organisation of the directory.
  std::vector<OrganisationPresent> suggested_organisations(long long project_id);
  std::vector<OrganisationPresent> directory_organisations();

  // ---- Facilitators
  Outcome create(const Actor& actor, const Principal& me, long long project_id, const MeetingInput& in);
  // A planned meeting only. A change of title, times or place raises the SEQUENCE and, when people
  // were invited, sends them the updated invitation.
  Outcome update(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                 const MeetingInput& in);
  // Invites every facilitator and member not yet invited (all), or the chosen ones (again if they
  // already were): an e-mail each with the ICS (METHOD:REQUEST). Refused when nobody is chosen.
  Outcome invite(const Actor& actor, const Principal& me, long long project_id, long long meeting_id, bool all,
                 const std::vector<std::string>& chosen);
  // A planned meeting: cancelled, the SEQUENCE raised, METHOD:CANCEL sent to the invited.
  Outcome cancel(const Actor& actor, const Principal& me, long long project_id, long long meeting_id);
  // After its start: who was present; the meeting becomes held (may be corrected later).
  Outcome record_attendance(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                            const AttendanceInput& in);
  // A held meeting's minutes (markdown).
  Outcome write_minutes(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                        const std::string& minutes);

  // ---- Members
  // yes, maybe or no, for an invited facilitator or member, while the meeting is planned and not over.
  Outcome answer(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                 const std::string& answer);

  // The report as a tagged PDF (held meetings); the refusal's outcome otherwise (404, or 409 not held).
  Outcome report_pdf(const Principal& me, long long project_id, long long meeting_id, std::string& pdf);
  // "le 12/03/2026 de 14:00 à 16:00" (or from one day to another).
  std::string when(long long starts_at, long long ends_at) const;
  // The PDF's download name ("compte-rendu-<title>.pdf").
  static std::string report_file_name(const Meeting& m);

  // Fills this module's part of the seed's project (projects::kDemoTitle); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: none (returns 0).
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  Outcome validate(const MeetingInput& in, Meeting& m, std::vector<AgendaItem>& agenda, soci::session& sql) const;
  std::string meeting_url(const Meeting& m) const;
  // Queues the invitation (or cancellation) e-mail with its ICS for one person.
  void send(soci::session& sql, const Meeting& m, const std::vector<AgendaItem>& agenda, const Invitation& to,
            const std::string& kind, long long now);
  std::string render_report(soci::session& sql, const Meeting& m, const projects::Project& project);
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  projects::Service& projects_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::meetings
