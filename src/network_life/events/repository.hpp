// SQL of the events (migration 0040, tables life_event*), and the few reads of the directory they need.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "network_life/events/model.hpp"

namespace trame::events {

// Which events a list shows: upcoming (not ended at `now`) or past ones, public ones only (anonymous
// people), of one kind ('' for every kind).
struct Filter {
  bool past = false;
  bool public_only = false;
  std::string kind;
  long long now = 0;
};

class Repository {
 public:
  // ---- Events
  std::optional<Event> find(soci::session& sql, long long id) const;
  // Upcoming ones soonest first, past ones latest first.
  std::vector<Event> list(soci::session& sql, const Filter& f, int limit, int offset) const;
  long long count(soci::session& sql, const Filter& f) const;
  std::vector<Kind> kinds(soci::session& sql) const;
  bool kind_exists(soci::session& sql, const std::string& key) const;

  // Organiser, kind, title… and created_by; returns the new id.
  long long insert(soci::session& sql, const Event& e, long long now) const;
  // Kind, title, description, times, place or link, capacity, closing, visibility and sequence.
  void update(soci::session& sql, const Event& e, long long now) const;
  // Holds the event's row until the transaction ends (its writes and registrations one after the other).
  void hold(soci::session& sql, long long id) const;
  // Cancels a planned event (its sequence goes up); true when this write cancelled it.
  bool cancel(soci::session& sql, long long id, long long now) const;
  void set_evaluation(soci::session& sql, long long id, long long campaign_id, long long now) const;

  // ---- Registrations
  // The event's registrations (live ones only: not cancelled), registered first, then the waiting list
  // in order (with its positions), then cancelled ones.
  std::vector<Registration> registrations(soci::session& sql, long long event_id, bool live_only) const;
  std::optional<Registration> registration(soci::session& sql, long long registration_id) const;
  // The live registrations of a person and those they made for people supported, upcoming events first.
  std::vector<Registration> mine(soci::session& sql, long long user_id, long long now, int limit, int offset) const;
  long long count_mine(soci::session& sql, long long user_id) const;
  // A person's own live registrations to planned events not ended at `now`, soonest first.
  std::vector<Registration> upcoming(soci::session& sql, long long user_id, long long now, int limit) const;
  // How many wait before this registration on its event's waiting list.
  long long waiting_before(soci::session& sql, long long event_id, long long registration_id) const;
  // Live registrations of the event for this person, for this person supported.
  long long live_of_user(soci::session& sql, long long event_id, long long user_id) const;
  long long live_of_beneficiary(soci::session& sql, long long event_id, long long beneficiary_id) const;
  // Registered (not waiting) registrations of the event: all of them, this person's.
  long long registered_count(soci::session& sql, long long event_id) const;
  long long registered_user(soci::session& sql, long long event_id, long long user_id) const;

  // Inserts a registration (event, person or person supported, organisation, registered_by), its status
  // decided by a conditional count inside the INSERT (the event's row held first): registered while
  // fewer than `capacity` are, else waiting. Returns the new id.
  long long insert_registration(soci::session& sql, const Registration& r, long long capacity, long long reminded_at,
                                long long now) const;
  // The first of the event's waiting list (0: nobody waits).
  long long first_waiting(soci::session& sql, long long event_id) const;
  // A waiting registration becomes registered.
  void promote(soci::session& sql, long long registration_id, long long reminded_at, long long now) const;
  // true when this write cancelled it (it was live).
  bool cancel_registration(soci::session& sql, long long registration_id, long long now) const;
  // '' (unmarked), present or absent.
  void set_attendance(soci::session& sql, long long registration_id, const std::string& mark, long long now) const;
  // Live registered ones of planned events starting in (now, until], not yet reminded (at most 500).
  std::vector<long long> due_reminders(soci::session& sql, long long now, long long until) const;
  // The reminder's claim: true when this write set it (it was not set before).
  bool claim_reminder(soci::session& sql, long long registration_id, long long now) const;

  // ---- Elsewhere
  // Active organisations of the directory (organisers for administrators, places).
  std::vector<Choice> active_organisations(soci::session& sql) const;
  bool organisation_active(soci::session& sql, long long id) const;
  std::optional<std::string> user_email(soci::session& sql, long long user_id) const;
  // The organiser's latest published satisfaction questionnaire (0: none).
  long long latest_satisfaction(soci::session& sql, long long organisation_id) const;
};

}  // namespace trame::events
