// SQL of volunteering (tables life_volunteer_*): engagements, missions, assignments, availabilities, hours.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/volunteering/model.hpp"
#include "platform/core/permissions.hpp"

namespace trame::volunteering {

// `scope` is the organisations one manages (never none: the service answers that case itself); days
// are 'YYYY-MM-DD' the service validated or read from a row.
class Repository {
 public:
  // ---- Engagements
  std::optional<Engagement> find_engagement(soci::session& sql, long long id) const;
  // A person's engagements, newest first; those they tutor (at most 100).
  std::vector<Engagement> engagements_of(soci::session& sql, long long user_id) const;
  std::vector<Engagement> tutored_by(soci::session& sql, long long tutor_id) const;
  std::vector<Engagement> engagements(soci::session& sql, const ActingFor& scope, int limit, int offset) const;
  long long count_engagements(soci::session& sql, const ActingFor& scope) const;
  // The person's engagements with the organiser not ended before `day`.
  long long engaged(soci::session& sql, long long user_id, long long organiser_id, const std::string& day) const;
  // The same for a mission: with its organiser, not ended before it starts.
  long long engaged_for(soci::session& sql, long long user_id, const Mission& m) const;
  // The person's engagements with the organiser meeting the period [from, to] (to '': open-ended).
  long long overlapping(soci::session& sql, long long user_id, long long organiser_id, const std::string& from,
                        const std::string& to) const;
  // Organiser, person, kind, period, tutor and weekly quarters.
  long long insert_engagement(soci::session& sql, const Engagement& e, long long created_by, long long now) const;
  // Active accounts (0: none): the person engaged, and a tutor (staff of the organiser, not a volunteer there).
  long long active_user(soci::session& sql, const std::string& email) const;
  long long tutor(soci::session& sql, const std::string& email, long long organiser_id) const;
  // People with an engagement ongoing at `day`, whose account is active; each once.
  std::vector<Contact> volunteers(soci::session& sql, const std::string& day) const;

  // ---- Missions
  std::optional<Mission> find_mission(soci::session& sql, long long id) const;
  std::vector<Mission> missions(soci::session& sql, const ActingFor& scope, int limit, int offset) const;
  long long count_missions(soci::session& sql, const ActingFor& scope) const;
  // Not over at `day`, of the person's organisers (engaged then), not yet applied to (at most 50).
  std::vector<Mission> open_missions(soci::session& sql, long long user_id, const std::string& day) const;
  // The organiser's missions the person is assigned to, in order.
  std::vector<Mission> missions_assigned(soci::session& sql, long long user_id, long long organiser_id) const;
  // The first mission not over at `day` the person is assigned to.
  std::optional<Mission> next_mission(soci::session& sql, long long user_id, const std::string& day) const;
  // The missions the person is assigned to that have started at `day`.
  long long count_assigned_missions(soci::session& sql, long long user_id, const std::string& day) const;
  // Organiser, title, kind, place, description, period, recurrence and places.
  long long insert_mission(soci::session& sql, const Mission& m, long long created_by, long long now) const;
  // Holds the mission's row (its updated_at set to now): concurrent assignments are counted one after the other.
  void hold_mission(soci::session& sql, long long id, long long now) const;
  void set_assigned_count(soci::session& sql, long long id, long long count) const;

  // ---- Applications and assignments
  // A person's applications and assignments, newest first (at most 200; their mission not filled).
  std::vector<Assignment> assignments_of(soci::session& sql, long long user_id) const;
  // A mission's people, assigned first.
  std::vector<Assignment> people(soci::session& sql, long long mission_id) const;
  // The organiser's people engaged when the mission starts and not assigned to it (at most 500).
  std::vector<Choice> candidates(soci::session& sql, const Mission& m) const;
  // The person's rows for the mission (any status), and those assigned.
  long long applications(soci::session& sql, long long mission_id, long long user_id) const;
  long long assignments(soci::session& sql, long long mission_id, long long user_id) const;
  // The mission's assigned people.
  long long assigned(soci::session& sql, long long mission_id) const;
  // The person's status for the mission (nullopt: no row).
  std::optional<std::string> assignment_status(soci::session& sql, long long mission_id, long long user_id) const;
  long long insert_application(soci::session& sql, long long mission_id, long long user_id, long long now) const;
  // An application becomes an assignment; a person who did not apply is assigned directly.
  void confirm_assignment(soci::session& sql, long long mission_id, long long user_id, long long by,
                          long long now) const;
  void insert_assignment(soci::session& sql, long long mission_id, long long user_id, long long by,
                         long long now) const;
  // Holds the person's assignments: two declarations at once are counted one after the other.
  void hold_assignments_of(soci::session& sql, long long user_id) const;

  // ---- Availabilities
  std::vector<Slot> slots(soci::session& sql, long long user_id) const;
  // Replaces the person's weekly availabilities.
  void set_slots(soci::session& sql, long long user_id, const std::vector<Slot>& slots) const;
  // The person's periods not over at `day` (at most 50).
  std::vector<Unavailability> unavailabilities(soci::session& sql, long long user_id, const std::string& day) const;
  long long insert_unavailability(soci::session& sql, long long user_id, const Unavailability& u, long long now) const;

  // ---- Hours
  std::optional<HoursEntry> find_hours(soci::session& sql, long long id) const;
  // A person's hours, newest day first.
  std::vector<HoursEntry> hours_of(soci::session& sql, long long user_id, int limit, int offset) const;
  long long count_hours_of(soci::session& sql, long long user_id) const;
  // Pending hours in the scope, oldest day first.
  std::vector<HoursEntry> pending(soci::session& sql, const ActingFor& scope, int limit, int offset) const;
  long long count_pending(soci::session& sql, const ActingFor& scope) const;
  // Pending hours in the scope declared by others than `user_id`.
  long long count_pending_of_others(soci::session& sql, const ActingFor& scope, long long user_id) const;
  // Validated hours of a year in the scope, per person and day.
  std::vector<HoursEntry> validated(soci::session& sql, const ActingFor& scope, int year) const;
  // The person's validated hours for the organiser between two days (included).
  std::vector<HoursEntry> validated_of(soci::session& sql, long long user_id, long long organiser_id,
                                       const std::string& from, const std::string& to) const;
  // The person's validated hours per month, latest first (at most 12 months).
  std::vector<MonthTotal> months_of(soci::session& sql, long long user_id) const;
  // Validated hours of a year in the scope, per person and month.
  std::vector<MonthTotal> totals(soci::session& sql, const ActingFor& scope, int year) const;
  // Quarters the person declared for a day, refused ones apart.
  long long quarters_declared(soci::session& sql, long long user_id, const std::string& day) const;
  // User, mission, day, quarters and note (pending).
  long long insert_hours(soci::session& sql, const HoursEntry& h, long long now) const;
  // Holds the hours' row until the transaction ends (a decision is taken once).
  void hold_hours(soci::session& sql, long long id) const;
  std::string hours_status(soci::session& sql, long long id) const;
  void validate_hours(soci::session& sql, long long id, long long by, long long now) const;
  void refuse_hours(soci::session& sql, long long id, const std::string& reason, long long by, long long now) const;

  // ---- Organisations
  // Active ones in the scope (the organisers one manages), and the social ones (a permanence's relais).
  std::vector<Choice> organisers(soci::session& sql, const ActingFor& scope) const;
  std::vector<Choice> places(soci::session& sql) const;
  long long active_organisation(soci::session& sql, long long id) const;
};

}  // namespace trame::volunteering
