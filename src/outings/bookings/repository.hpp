#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/bookings/model.hpp"

namespace trame::bookings {

// One change of a booking's status (Repository::change_status), with what changes along with it.
struct StatusChange {
  StatusChange() = default;
  StatusChange(std::string from_, std::string to_, std::string reason, long long now_, long long slot = 0)
      : from(std::move(from_)), to(std::move(to_)), cancel_reason(std::move(reason)), now(now_), slot_id(slot) {}

  std::string from;  // the status the row must still have
  std::string to;
  std::string cancel_reason;  // with to == "cancelled": one the transition table allows from `from`
  long long now = 0;
  long long slot_id = 0;                      // when set: only a booking of that slot
  std::optional<long long> offer_expires_at;  // set with the move (waiting → offered)
  std::optional<long long> queue_position;    // set with the move (a draw's rank)
  std::optional<long long> checked_in_at;     // set with the move (check-in at the door; 0 when undone)
  // offered → …: only while the offer runs (accepting), or once it has expired (the job).
  enum class Offer { any, running, expired } offer = Offer::any;
};

class Repository {
 public:
  // Beneficiaries.
  bool beneficiary_code_exists(soci::session& sql, const std::string& code);
  long long insert_beneficiary(soci::session& sql, const Beneficiary& b);
  std::optional<Beneficiary> find_beneficiary(soci::session& sql, long long id);
  std::vector<Beneficiary> beneficiaries(soci::session& sql, const std::vector<long long>& orgs, bool active_only,
                                         long long offset, long long limit);
  long long count_beneficiaries(soci::session& sql, const std::vector<long long>& orgs, bool active_only);
  bool archive_beneficiary(soci::session& sql, long long id, long long now);
  // Serializes the bookings of one beneficiary (the first write of the transaction) and returns what a
  // booking checks, as it is once locked: id, code, organisation, household, suspension, status (not
  // the names). Nothing: no such beneficiary.
  std::optional<Beneficiary> touch_beneficiary(soci::session& sql, long long id, long long now);
  // The same after claiming a form's submission id (store::claim_submission, the same row): `claimed`
  // says whether the id was new. One statement on PostgreSQL (a data-modifying WITH: one round trip
  // inside the write), two on SQLite. The caller refuses an id already claimed before anything else.
  std::optional<Beneficiary> claim_and_touch_beneficiary(soci::session& sql, const std::string& submission,
                                                         long long id, long long now, bool& claimed);
  // What a booking reads of its slot before its write (nothing: no such slot): when it starts (the
  // month of « bookings this month »), its offer and its allocation (the branch check).
  struct SlotOutline {
    long long starts_at = 0;
    long long offer_id = 0;
    long long allocation_id = 0;
  };
  std::optional<SlotOutline> slot_outline(soci::session& sql, long long slot_id);
  void set_suspension(soci::session& sql, long long id, long long until, long long now);
  std::vector<CommuneChoice> communes_of_organisation_departement(soci::session& sql, long long organisation_id);
  bool commune_exists(soci::session& sql, const std::string& code);
  std::optional<std::string> organisation_name(soci::session& sql, long long id);
  // Branches (docs/outings.md « Antennes »): an organisation's branch (0 and '': none); the branches
  // an offer is given to, by name (none: open to all); a branch's override of a setting.
  std::pair<long long, std::string> branch_of(soci::session& sql, long long organisation_id);
  // The branch an allocation's places are for ({0, ""}: the whole network), and the allocation's name.
  std::pair<long long, std::string> allocation_branch(soci::session& sql, long long allocation_id,
                                                      std::string& allocation_name);
  // The relais' branch (as branch_of) and the branches the offer is given to, by name, in one read.
  std::pair<long long, std::string> branch_and_offer_branches(soci::session& sql, long long organisation_id,
                                                              long long offer_id,
                                                              std::vector<std::pair<long long, std::string>>& offer);
  std::optional<std::string> branch_setting(soci::session& sql, long long branch_id, const std::string& key);
  // Every set outings.* setting, the instance's and a branch's overrides (none for branch_id 0), in one read.
  struct OutingSettings {
    std::map<std::string, std::string> instance, branch;
  };
  OutingSettings outing_settings(soci::session& sql, long long branch_id);
  // Sets (value) or removes (nullopt: back to the instance's) a branch's override of a setting.
  void set_branch_setting(soci::session& sql, long long branch_id, const std::string& key,
                          const std::optional<std::string>& value);

  // Eligibility: the relais' charter signed by today (an active social relay partnership) and the day the
  // referent was onboarded for it ('' : not yet), in one read.
  struct Eligibility {
    bool charter = false;
    std::string onboarded_on;
  };
  Eligibility eligibility(soci::session& sql, long long user_id, long long organisation_id, const std::string& today);
  std::string onboarded_on(soci::session& sql, long long user_id, long long organisation_id);
  std::vector<ReferentRow> referents(soci::session& sql, long long offset, long long limit);
  long long count_referents(soci::session& sql);
  std::optional<ReferentRow> find_referent(soci::session& sql, long long membership_id);
  void set_onboarded(soci::session& sql, long long membership_id, const std::string& date);

  // Slots.
  std::optional<Slot> find_slot(soci::session& sql, long long id);
  // find_slot and active_and_between(id, beneficiary_id, from, to) in one read (one round trip inside
  // a booking's write); `active` and `between` are set only when the slot exists.
  std::optional<Slot> find_slot_and_bookings(soci::session& sql, long long id, long long beneficiary_id, long long from,
                                             long long to, bool& active, long long& between);
  bool take_places(soci::session& sql, long long slot_id, long long places, long long now);
  // take_places, and when the places are not taken the slot's next position on its waiting list (the
  // highest of its bookings' + 1; 0 when taken): one round trip on PostgreSQL, inside a booking's write.
  struct Taken {
    bool taken = false;
    long long next_position = 0;
  };
  Taken take_places_or_queue(soci::session& sql, long long slot_id, long long places, long long now);
  void release_places(soci::session& sql, long long slot_id, long long places, long long now);
  // A group's places: the slot's seats and its group share (group_booked + n <= group_places) in one
  // conditional UPDATE, on an open slot inside its booking window; false when either is short.
  bool take_group_places(soci::session& sql, long long slot_id, long long places, long long now);
  // Gives back the group share only (release_places gives back the seats).
  void release_group_places(soci::session& sql, long long slot_id, long long places);
  // A group booking's composition (outing_booking_groups).
  void insert_group(soci::session& sql, long long booking_id, const GroupCounts& g);
  std::optional<GroupCounts> find_group(soci::session& sql, long long booking_id);
  void set_group_arrived(soci::session& sql, long long booking_id, long long arrived);
  // Locks an open slot inside its booking window (a request that takes no place); false otherwise.
  bool touch_open_slot(soci::session& sql, long long slot_id, long long now);
  bool take_share(soci::session& sql, long long slot_id, long long organisation_id, long long places, long long limit);
  void release_share(soci::session& sql, long long slot_id, long long organisation_id, long long places);
  // The allocation target a relais books under (its own row, else its délégation's); nullopt when the
  // allocation has targets and none is the relais's; 0 when the allocation is open to everyone.
  std::optional<long long> allocation_target_for(soci::session& sql, long long allocation_id,
                                                 long long organisation_id);
  bool take_target(soci::session& sql, long long target_id, long long places);
  void release_target(soci::session& sql, long long target_id, long long places);
  bool cancel_slot(soci::session& sql, long long slot_id, const std::string& reason, long long now);
  bool add_capacity(soci::session& sql, long long slot_id, long long n, long long now);
  bool assign_allocation(soci::session& sql, long long allocation_id, long long n, long long now);
  // A cancelled slot gives its places back to its pool.
  void release_allocation(soci::session& sql, long long allocation_id, long long n, long long now);

  // Bookings.
  long long count_no_shows_since(soci::session& sql, long long beneficiary_id, long long since);
  // Whether the beneficiary holds a booking on the slot, and their bookings on slots in [from, to).
  std::pair<bool, long long> active_and_between(soci::session& sql, long long slot_id, long long beneficiary_id,
                                                long long from, long long to);
  long long insert_booking(soci::session& sql, const Booking& b);
  // The insert, unless b.code is already another booking's (then 0: nothing written).
  long long insert_booking_unless_code_taken(soci::session& sql, const Booking& b);
  // The same with the booking's first event (from '' to b.status, by the actor at b.created_at), in one
  // statement on PostgreSQL (a data-modifying WITH: one round trip inside the write), two on SQLite.
  long long insert_booking_with_event_unless_code_taken(soci::session& sql, const Booking& b, long long actor_id,
                                                        const std::string& actor_label);
  std::optional<Booking> find_booking(soci::session& sql, long long id);
  std::vector<Booking> slot_bookings(soci::session& sql, long long slot_id, bool active_only);
  std::vector<Booking> bookings_of(soci::session& sql, const std::vector<long long>& orgs, long long offset,
                                   long long limit);
  long long count_bookings_of(soci::session& sql, const std::vector<long long>& orgs);
  // THE one change of bookings.status (the queue, the guest list and the service all go through it).
  // A move the transition table (model.hpp) does not allow is refused before anything is written
  // (Rollback "bookings.errors.transition"); false when the row no longer has `from` (changed meanwhile).
  // The referent's reason for a cancellation (cancel_motives()) and their optional text.
  void set_cancel_motive(soci::session& sql, long long id, const std::string& motive, const std::string& note);
  bool change_status(soci::session& sql, long long id, const StatusChange& change);
  void insert_event(soci::session& sql, long long booking_id, long long at, long long actor_id,
                    const std::string& actor_label, const std::string& from, const std::string& to,
                    const std::string& reason, const std::string& note);
  std::vector<BookingEvent> events(soci::session& sql, long long booking_id);

  // People and places the e-mails and the demo need.
  std::string user_email(soci::session& sql, long long user_id);
  long long organisation_id_by_name(soci::session& sql, const std::string& name);  // 0: none
  long long user_id_by_email(soci::session& sql, const std::string& email);        // 0: none
  long long referent_membership(soci::session& sql, long long user_id, long long organisation_id);
  // Open first-come slots of published offers one can book now, soonest first.
  std::vector<long long> open_first_come_slots(soci::session& sql, long long now, long long limit);
};

}  // namespace trame::bookings
