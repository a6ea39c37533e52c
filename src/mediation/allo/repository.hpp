// SQL of « Allô l'Artiste ! » (migration 0079, tables allo_*), and the few reads of users and organisations
// it needs.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "mediation/allo/model.hpp"

namespace trame::mediation::allo {

class Repository {
 public:
  // ---- Shows
  // Inserts a show with its sample; returns the new id.
  long long insert_show(soci::session& sql, const Show& s, const std::string& sample, long long now) const;
  std::optional<Show> show(soci::session& sql, long long id) const;
  // The sample's bytes (empty when the show does not exist).
  std::string sample(soci::session& sql, long long id) const;
  // An artist's shows (artist_id > 0), or every show of a status ('' for all), newest first.
  std::vector<Show> shows(soci::session& sql, long long artist_id, const std::string& status, int limit,
                          int offset) const;
  long long count_shows(soci::session& sql, long long artist_id, const std::string& status) const;
  // An artist's edit of a show still in `status` (the sample too when `sample` is not null); true when changed.
  bool update_show(soci::session& sql, const Show& s, const std::string* sample, const std::string& status,
                   long long now) const;
  // proposed or accepted → withdrawn; true when this write changed it.
  bool withdraw_show(soci::session& sql, long long id, long long now) const;
  // The show's live (not cancelled) slots starting after `now`.
  long long future_slots(soci::session& sql, long long show_id, long long now) const;
  // proposed → accepted | declined (a withdrawn show is not decided); true when this write changed it.
  bool decide(soci::session& sql, long long id, const std::string& status, long long by, long long now) const;

  // ---- Availabilities
  // true when it was added (not there before).
  bool add_availability(soci::session& sql, long long artist_id, const std::string& day, int hour, long long now) const;
  bool remove_availability(soci::session& sql, long long artist_id, long long id) const;
  // An artist's availabilities from `from_day` on, soonest first.
  std::vector<Availability> availabilities(soci::session& sql, long long artist_id, const std::string& from_day,
                                           int limit) const;
  bool available(soci::session& sql, long long artist_id, const std::string& day, int hour) const;
  // Accepted shows whose artist is available at that day and hour.
  std::vector<Show> available_shows(soci::session& sql, const std::string& day, int hour) const;

  // ---- Slots
  // Inserts a slot; 0 when the day and hour already hold a live one (a cancelled one does not count).
  long long insert_slot(soci::session& sql, const Slot& s, long long by, long long now) const;
  bool slot_taken(soci::session& sql, const std::string& day, int hour) const;
  std::optional<Slot> slot(soci::session& sql, long long id) const;
  // The slots of days [from, to] (YYYY-MM-DD), in order.
  std::vector<Slot> slots_between(soci::session& sql, const std::string& from, const std::string& to) const;
  // An artist's slots (their shows), latest first.
  std::vector<Slot> artist_slots(soci::session& sql, long long artist_id, int limit, int offset) const;
  long long count_artist_slots(soci::session& sql, long long artist_id) const;
  // Takes one place when one is left: true when taken (a conditional UPDATE, atomic on both engines).
  bool take_place(soci::session& sql, long long slot_id) const;
  void free_place(soci::session& sql, long long slot_id) const;
  void report(soci::session& sql, long long slot_id, long long count, const std::string& remarks, long long now) const;
  // Cancels a live slot; true when this write cancelled it.
  bool cancel_slot(soci::session& sql, long long slot_id, const std::string& reason, long long by, long long now) const;
  // A live slot's show, bridge and capacity (capacity never below `registered`); true when this write changed it.
  bool update_slot(soci::session& sql, const Slot& s, long long now) const;
  // The referents with live listeners on a slot, with their e-mail and how many listeners.
  std::vector<ReferentListeners> referents_of(soci::session& sql, long long slot_id) const;

  // ---- Listeners
  // Inserts a listener unless its code is taken; returns the new id (0: the code was taken).
  long long insert_listener(soci::session& sql, const Listener& l, long long now) const;
  std::optional<Listener> listener(soci::session& sql, long long id) const;
  // A slot's live listeners registered by one referent (0: by anyone), in order.
  std::vector<Listener> listeners(soci::session& sql, long long slot_id, long long referent_id) const;
  // true when this write cancelled it (it was registered).
  bool cancel_listener(soci::session& sql, long long id, long long now) const;
  // (referent, slot) pairs with live listeners not yet reminded, of slots starting in (now, until].
  std::vector<std::pair<long long, long long>> due_reminders(soci::session& sql, long long now, long long until) const;
  // Marks those listeners reminded; returns how many this write marked.
  long long claim_reminders(soci::session& sql, long long slot_id, long long referent_id, long long now) const;

  // ---- Statistics over slots of days [from, to]: by month, language (the listener's wish) or relais.
  std::vector<StatLine> stats_by_month(soci::session& sql, const std::string& from, const std::string& to) const;
  std::vector<StatLine> stats_by_language(soci::session& sql, const std::string& from, const std::string& to) const;
  std::vector<StatLine> stats_by_relais(soci::session& sql, const std::string& from, const std::string& to) const;

  // ---- Elsewhere
  std::optional<std::string> user_email(soci::session& sql, long long user_id) const;
  bool organisation_active(soci::session& sql, long long id) const;
};

}  // namespace trame::mediation::allo
