// The general assembly (/adherents/assemblees; docs/network_life/assembly.md): an organiser's
// ordinary or extraordinary assembly with its agenda and resolutions, the notice e-mailed once to the
// contacts of the year's members (with an ICS) at least N days before, the attendance of each member
// organisation (present, represented by a proxy to another member — at most N per holder, enforced in
// the write —, absent), the quorum, the votes per resolution with the majority rule, and the minutes as
// a tagged PDF, locked once published. Managers (network_life.manage in the organiser; administrators)
// do everything; the contacts of the year's members read the assembly and give their own attendance or
// proxy before the day; the organiser's staff read. Everyone else: 404.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "network_life/assembly/model.hpp"
#include "network_life/assembly/repository.hpp"
#include "network_life/assembly/rules.hpp"
#include "network_life/members/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::assembly {

inline constexpr const char* kDemoPastTitle = "Assemblée générale 2024";
inline constexpr const char* kDemoNextTitle = "Assemblée générale ordinaire";

// The settings (table settings) and their defaults.
struct Rules {
  Fraction quorum{1, 4};       // network_life.assembly_quorum
  Fraction qualified{2, 3};    // network_life.assembly_majority_qualified
  long long notice_days = 15;  // network_life.assembly_notice_days
  long long proxy_limit = 2;   // network_life.assembly_proxy_limit
};

struct AssemblyPage {
  std::vector<Assembly> items;
  long long total = 0;
  int page = 1, pages = 1;
};

struct AssemblyView {
  Assembly assembly;
  bool manages = false;
  std::vector<AgendaItem> agenda;
  std::vector<Resolution> resolutions;
  std::vector<Attendance> attendance;                // rows recorded
  std::vector<members::MemberOrganisation> members;  // of the year
  std::vector<members::MemberOrganisation> mine;     // the member organisations this person is a contact of
  Rules rules;
  long long voters = 0, needed = 0;
  bool quorum = false;
  bool may_give_proxy = false;  // a contact of a member, before the day, not published
};

class Service {
 public:
  static constexpr int kPerPage = 20;
  static constexpr std::size_t kMaxAgendaItems = 30;
  static constexpr long long kMaxVotes = 1000000;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, members::Service& members)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        members_(members) {}

  // The one rule of who manages an organiser's assemblies.
  static bool may_manage(const Principal& me, long long organiser_id);
  // Organisations this person may organise an assembly for (administrators: the directory).
  std::vector<std::pair<long long, std::string>> organisers(const Principal& me);
  Rules rules();

  std::optional<AssemblyPage> list(const Principal& me, int page);
  std::optional<AssemblyView> view(const Principal& me, long long id);
  // The next assembly (not yet held) this person may see, for the dashboard.
  std::optional<AssemblyView> next_for(const Principal& me);

  Outcome create(const Actor& actor, const Principal& me, const AssemblyInput& in);
  // Details and agenda, while the notice is not sent (and not published).
  Outcome update(const Actor& actor, const Principal& me, long long id, const AssemblyInput& in);
  Outcome add_resolution(const Actor& actor, const Principal& me, long long id, const ResolutionInput& in);
  Outcome send_notice(const Actor& actor, const Principal& me, long long id);
  // A manager records any member's attendance; a member's contact their own organisation's, before the day.
  Outcome record_attendance(const Actor& actor, const Principal& me, long long id, const AttendanceInput& in);
  Outcome record_votes(const Actor& actor, const Principal& me, long long id, long long resolution_id,
                       const VotesInput& in);
  Outcome publish(const Actor& actor, const Principal& me, long long id);
  Outcome minutes_pdf(const Principal& me, long long id, std::string& pdf, std::string& file_name);

  std::string when(long long starts_at, long long ends_at) const;

  // This module's part of the seed's demo (seed 004, 2023–2024); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: none (returns 0).
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  Rules rules(soci::session& sql) const;
  // The member organisations of `year` this person is a contact of (read before any transaction).
  std::vector<members::MemberOrganisation> mine(const Principal& me, long long year);
  bool may_see(const Principal& me, const Assembly& a, const std::vector<members::MemberOrganisation>& mine) const;
  std::string render_minutes(soci::session& sql, const Assembly& a, const Rules& r, long long members);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  members::Service& members_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::assembly
