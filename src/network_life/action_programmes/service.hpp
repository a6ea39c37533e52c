// Action programmes (/programmes): NUM&ART, Horizon, Tous au cinéma… with editions, partners,
// funders, sessions, pseudonymous participants registered by referents, attendance, outcomes, figures
// (docs/network_life/action_programmes.md).
//
// Who does what: the organiser's managers (may_manage: administrators, network_life.manage in the
// organiser) everything; referents (bookings::Service::own_relais) register their relais's
// beneficiaries as participants (by their code, never a name) and to sessions, and see their own
// relais's participants; the staff of an edition's partners and funders its figures (small numbers
// masked); everyone, anonymous included, the public description (programme, editions, partners,
// funders, sessions' dates) without any participant data. A missing id answers 404; someone who
// sees the object but may not act 403.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "network/organisations/service.hpp"
#include "network_life/action_programmes/model.hpp"
#include "network_life/action_programmes/repository.hpp"
#include "outings/bookings/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
class Dashboard;
}  // namespace trame::web

namespace trame::action_programmes {

// Demo titles (seed 004).
inline constexpr const char* kDemoOrganiser = "Cultures du Cœur 94";
inline constexpr const char* kDemoNumArt = "NUM&ART";
inline constexpr const char* kDemoHorizon = "Horizon 2024";
inline constexpr const char* kDemoCinema = "Tous au cinéma";

template <typename T>
struct Page {
  std::vector<T> items;
  long long total = 0;
  int page = 1, pages = 1;
};

struct ProgrammeView {
  Programme programme;
  bool manages = false;
  Page<Edition> editions;
};

struct EditionView {
  Programme programme;
  Edition edition;
  bool manages = false;
  bool referent = false;      // acts for at least one relais (may register participants)
  bool sees_figures = false;  // manager, partner or funder
  bool sees_amounts = false;  // manager or funder: the funders' amounts
  std::vector<Partner> partners;
  std::vector<Funder> funders;
  Page<Session> sessions;
};

struct ParticipantsView {
  Programme programme;
  Edition edition;
  bool manages = false;
  bool referent = false;
  Page<Participant> participants;  // managers: all; referents: their relais's
};

struct SessionView {
  Programme programme;
  Edition edition;
  Session session;
  bool manages = false;
  bool referent = false;
  Page<Registration> registrations;      // managers: all; referents: their relais's
  std::vector<Participant> registrable;  // participants one may register, not registered yet
  std::vector<Registration> attendance;  // managers: every registration (the attendance form)
};

struct FiguresView {
  Programme programme;
  Edition edition;
  Figures figures;
  bool exact = false;  // managers see exact numbers; partners and funders small ones masked
};

class Service {
 public:
  static constexpr int kPerPage = 20;
  static constexpr long long kMaxCapacity = 10000;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations, bookings::Service& bookings)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations),
        bookings_(bookings) {}

  // The one rule of who manages an organiser's programmes.
  static bool may_manage(const Principal* me, long long organiser_id);
  // The organisations `me` may organise programmes for (administrators: every active one).
  std::vector<Partner> organiser_choices(const Principal& me);
  std::vector<Partner> directory(bool funders_only);
  // The active beneficiaries of the relais `me` acts for (codes only), for the participant form.
  std::vector<bookings::Beneficiary> beneficiaries_of(const Principal& me);

  // ---- Pages (me: nullptr for an anonymous visitor)
  Page<Programme> list(int page);
  std::optional<ProgrammeView> programme(const Principal* me, long long id, int page);
  std::optional<EditionView> edition(const Principal* me, long long id, int page);
  // Refused (404 missing, 403 neither manager nor referent) or filled.
  Outcome participants(const Principal& me, long long edition_id, int page, ParticipantsView& out);
  std::optional<SessionView> session(const Principal* me, long long id, int page);
  // Refused (404 missing, 403 neither manager nor partner nor funder) or filled.
  Outcome figures(const Principal& me, long long edition_id, FiguresView& out);

  // ---- Managers
  Outcome create_programme(const Actor& actor, const Principal& me, const ProgrammeInput& in);
  Outcome update_programme(const Actor& actor, const Principal& me, long long id, const ProgrammeInput& in);
  Outcome add_edition(const Actor& actor, const Principal& me, long long programme_id, const EditionInput& in);
  Outcome put_partner(const Actor& actor, const Principal& me, long long edition_id, const std::string& organisation,
                      const std::string& role);
  Outcome put_funder(const Actor& actor, const Principal& me, long long edition_id, const std::string& organisation,
                     const std::string& amount);
  Outcome add_session(const Actor& actor, const Principal& me, long long edition_id, const SessionInput& in);
  // After the session's start: who among the registered was present.
  Outcome record_attendance(const Actor& actor, const Principal& me, long long session_id,
                            const std::vector<std::string>& present);
  // Remobilisation programmes: one category per participant of the edition.
  Outcome record_outcome(const Actor& actor, const Principal& me, long long edition_id, const std::string& participant,
                         const std::string& category);

  // ---- Referents (and managers for registrations)
  Outcome add_participant(const Actor& actor, const Principal& me, long long edition_id, const ParticipantInput& in);
  // Takes the participant's places in the session (refused when they do not fit).
  Outcome register_participant(const Actor& actor, const Principal& me, long long session_id,
                               const std::string& participant);

  // ---- Dashboard
  std::vector<Session> upcoming_for_referent(const Principal& me, int limit);
  std::vector<Session> without_attendance(const Principal& me, int limit);

  std::string when(long long starts_at, long long ends_at) const;

  void load_demo(const Actor& actor);
  long long run_due(long long now);

 private:
  std::string t(const std::string& key, const web::Params& params = {}) const;
  Outcome validate_programme(const ProgrammeInput& in, Programme& p) const;
  Outcome validate_session(const SessionInput& in, Session& s) const;
  bool sees_figures(soci::session& sql, const Principal* me, long long organiser_id, long long edition_id) const;

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  bookings::Service& bookings_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::action_programmes
