// Volunteering (/benevolat): volunteers, service-civique volunteers and interns; missions,
// availabilities, assignments, hours (declared, validated, XLSX), tutors, end-of-mission attestation PDF.
// Who manages an organiser's volunteering: may_manage (administrators, and network_life.manage in the
// organiser). A volunteer acts on their own rows only; a tutor reads their service-civique volunteers.
// An object one may not see answers like a missing id (404); one seen but not theirs to act on, 403.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network/organisations/service.hpp"
#include "network_life/volunteering/model.hpp"
#include "network_life/volunteering/repository.hpp"
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

namespace trame::volunteering {

template <class T>
struct Page {
  std::vector<T> items;
  long long total = 0;
  int page = 1;
};

// What the volunteer's own space shows.
struct MySpace {
  std::vector<Engagement> engagements;      // mine, newest first
  std::vector<Assignment> assignments;      // my applications and assignments, with their mission
  std::vector<Mission> open_missions;       // of my organisers, not over, not yet applied to
  std::vector<Slot> slots;                  // my weekly availabilities
  std::vector<Unavailability> unavailable;  // my periods, not over
  Page<HoursEntry> hours;                   // my hours, newest day first
  std::vector<MonthTotal> months;           // my validated hours per month (last 12 months with hours)
  std::vector<Engagement> tutored;          // the service-civique volunteers I tutor
  bool manages = false;
};

// What the coordinator's space shows.
struct Management {
  std::vector<Choice> organisers;  // where I manage
  std::vector<Choice> places;      // organisations of the directory (a permanence's relais)
  Page<Engagement> engagements;
  Page<Mission> missions;
  Page<HoursEntry> pending;
  std::vector<MonthTotal> totals;  // validated hours of the year, per person and month
  int year = 0;
};

struct MissionView {
  Mission mission;
  std::vector<Assignment> people;  // applied and assigned
  std::vector<Choice> candidates;  // engaged volunteers of the organiser, not yet assigned
};

class Service {
 public:
  static constexpr int kPerPage = 20;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, organisations::Service& organisations)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        organisations_(organisations) {}

  // The volunteers with an ongoing mission (newsletters' segment "volunteers"): people with an
  // engagement started and not ended (today, Paris), whose account is active; each once.
  std::vector<Contact> volunteer_contacts();

  // The one rule of who manages an organiser's volunteering.
  static bool may_manage(const Principal& me, long long organiser_id) {
    return me.is_admin() || me.can_in(perm::network_life_manage, organiser_id);
  }

  // ---- The volunteer's space
  MySpace my_space(const Principal& me, int hours_page);
  // slots: "1am" … "7pm" (replaces the weekly availabilities).
  Outcome set_availabilities(const Actor& actor, const Principal& me, const std::vector<std::string>& slots);
  Outcome add_unavailability(const Actor& actor, const Principal& me, const std::string& starts_on,
                             const std::string& ends_on, const std::string& note);
  Outcome apply(const Actor& actor, const Principal& me, long long mission_id);
  // Own hours only (in.user empty or mine), on a mission one is assigned to, never in the future,
  // at most 12 h a day (all missions), in quarter hours.
  Outcome declare_hours(const Actor& actor, const Principal& me, const HoursInput& in);
  // The attestation of an engagement (its person, their tutor, or a manager); 404 otherwise.
  Outcome attestation_pdf(const Principal& me, long long engagement_id, std::string& pdf, std::string& file_name);

  // ---- Coordinators
  // nullopt: manages nowhere.
  std::optional<Management> management(const Principal& me, int engagements_page, int missions_page, int pending_page,
                                       int year);
  Outcome create_engagement(const Actor& actor, const Principal& me, const EngagementInput& in);
  Outcome create_mission(const Actor& actor, const Principal& me, const MissionInput& in);
  std::optional<MissionView> mission(const Principal& me, long long mission_id);
  // Within the mission's places (its row held: concurrent assignments never exceed them).
  Outcome assign(const Actor& actor, const Principal& me, long long mission_id, long long user_id);
  Outcome validate_hours(const Actor& actor, const Principal& me, long long hours_id);
  Outcome refuse_hours(const Actor& actor, const Principal& me, long long hours_id, const std::string& reason);
  // The validated hours of a year in the organisations I manage (XLSX export); nullopt: manages nowhere.
  std::optional<std::vector<HoursEntry>> validated_hours(const Principal& me, int year);

  // ---- Dashboard
  std::optional<Assignment> next_assignment(const Principal& me);
  long long assigned_missions(const Principal& me);
  long long pending_to_validate(const Principal& me);

  // This module's part of the seed's demo (seed 004, 2023–2024); does nothing twice.
  void load_demo(const Actor& actor);
  // Periodic work: none.
  long long run_due(long long now);

  std::string t(const std::string& key, const web::Params& params = {}) const {
    return catalogue_.t("fr", key, params);
  }

 private:
  // The organisations whose volunteering `me` manages (everywhere for administrators).
  static ActingFor managed(const Principal& me);
  std::string render_attestation(soci::session& sql, const Engagement& e);

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  organisations::Service& organisations_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::volunteering
