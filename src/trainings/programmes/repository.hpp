// SQL of the trainings module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/core/permissions.hpp"
#include "trainings/programmes/model.hpp"

namespace trame::programmes {

// Filters of the public catalogue.
struct CatalogueFilter {
  std::string q;
  long long organiser_id = 0;
  long long delegation_id = 0;
  bool upcoming = false;
  long long now = 0;
};

// Whose half-days a calendar shows: one user's (trainer or enrolled), or every public session.
struct CalendarScope {
  long long user_id = 0;  // 0: public sessions of published programmes
  long long from = 0, to = 0;
};

class Repository {
 public:
  // Programmes
  std::optional<Programme> programme(soci::session& sql, long long id) const;
  long long insert_programme(soci::session& sql, const Programme& p, long long now, long long by) const;
  void update_programme(soci::session& sql, const Programme& p, long long now) const;
  std::vector<Programme> catalogue(soci::session& sql, const CatalogueFilter& f, long long page, long long per_page,
                                   long long& total) const;
  // Programmes of the organisers the manager acts for, any status.
  std::vector<Programme> managed_programmes(soci::session& sql, const ActingFor& organisers, long long page,
                                            long long per_page, long long& total) const;
  std::optional<long long> programme_by_title(soci::session& sql, long long organiser_id,
                                              const std::string& title) const;

  // Modules
  std::vector<Module> modules(soci::session& sql, long long programme_id) const;
  std::optional<Module> module(soci::session& sql, long long id) const;
  long long insert_module(soci::session& sql, const Module& m) const;
  void update_module(soci::session& sql, const Module& m) const;
  void delete_module(soci::session& sql, long long id) const;
  bool module_has_resources(soci::session& sql, long long module_id) const;
  void set_module_position(soci::session& sql, long long id, long long position) const;

  // Sessions
  std::optional<Session> session(soci::session& sql, long long id) const;
  long long insert_session(soci::session& sql, const Session& s, long long now, long long by) const;
  void update_session(soci::session& sql, const Session& s, long long now) const;
  std::vector<Session> sessions_of(soci::session& sql, long long programme_id, bool upcoming_public,
                                   long long now) const;
  std::vector<Session> managed_sessions(soci::session& sql, const ActingFor& organisers, long long page,
                                        long long per_page, long long& total) const;
  // Sessions whose time has come: confirmed and started (→ running), running and ended (→ completed).
  std::vector<std::pair<long long, std::string>> due_sessions(soci::session& sql, long long now) const;
  std::optional<long long> session_by_title(soci::session& sql, long long programme_id, const std::string& title) const;
  // Conditional status change; true when this call made it.
  // When a session completes, its confirmed trainees present at least once complete it too; the
  // others stay as they are for the organiser to record a dropout.
  void complete_trainees(soci::session& sql, long long session_id, long long now) const;
  bool set_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                  const std::string& reason, long long now) const;
  // Keeps starts_at/ends_at equal to the first/last half-day.
  void refresh_bounds(soci::session& sql, long long session_id) const;
  long long enrolled(soci::session& sql, long long session_id) const;  // admitted + confirmed
  Mix mix(soci::session& sql, long long session_id, long long threshold) const;
  std::vector<Person> applicants_to_notify(soci::session& sql, long long session_id) const;

  // Seminars and half-days
  std::vector<Seminar> seminars(soci::session& sql, long long session_id) const;
  long long insert_seminar(soci::session& sql, long long session_id, const std::string& title) const;
  std::vector<HalfDay> halfdays(soci::session& sql, long long session_id) const;
  std::optional<HalfDay> halfday(soci::session& sql, long long id) const;
  long long insert_halfday(soci::session& sql, const HalfDay& h) const;
  void update_halfday(soci::session& sql, const HalfDay& h) const;
  void delete_halfday(soci::session& sql, long long id) const;
  // Whether attendance or a document already refers to the half-day.
  bool halfday_in_use(soci::session& sql, long long halfday_id) const;
  long long planned_minutes(soci::session& sql, long long session_id, long long except_halfday) const;
  bool halfday_taken(soci::session& sql, long long session_id, const std::string& day, const std::string& period,
                     long long except_halfday) const;
  std::vector<HalfDay> calendar(soci::session& sql, const CalendarScope& scope, long long page, long long per_page,
                                long long& total) const;

  // Trainers
  std::vector<Person> trainers(soci::session& sql, long long session_id) const;
  std::vector<Person> trainer_choices(soci::session& sql, long long organiser_id) const;
  std::vector<Person> members(soci::session& sql, long long organiser_id) const;
  bool add_trainer(soci::session& sql, long long session_id, long long user_id) const;
  void remove_trainer(soci::session& sql, long long session_id, long long user_id) const;

  // Public figures
  std::vector<long long> access_delays_days(soci::session& sql, long long programme_id, long long since) const;
  Results results(soci::session& sql, long long programme_id) const;

  // Choices for forms and filters
  std::vector<Choice> delegations(soci::session& sql) const;
  std::vector<Choice> organisers(soci::session& sql, bool with_programmes_only) const;
  // The kind of an organisation ("" when it does not exist), whether a user belongs to it, whether a
  // délégation exists.
  std::string organisation_kind(soci::session& sql, long long organisation_id) const;
  bool is_member(soci::session& sql, long long user_id, long long organisation_id) const;
  bool delegation_exists(soci::session& sql, long long delegation_id) const;

  // Personal calendar feed
  long long feed_owner(soci::session& sql, const std::string& token_hash) const;
  void set_feed(soci::session& sql, long long user_id, const std::string& token_hash, long long now) const;
  bool has_feed(soci::session& sql, long long user_id) const;
};

}  // namespace trame::programmes
