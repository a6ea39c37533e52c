#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/offers/model.hpp"

namespace trame::offers {

class Repository {
 public:
  // Offers.
  long long insert_offer(soci::session& sql, const Offer& o, const std::string& search_text, long long by);
  // The branch whose offers a referent sees in the catalogue: their first relais' branch, 0 when that relais is in none
  // (not limited), -1 when they have no relais.
  long long booking_branch(soci::session& sql, long long user_id);
  // The catalogue's data version: the sum of catalogue_versions' counters (migration 0073), moved by
  // triggers on every table the catalogue reads.
  long long catalogue_version(soci::session& sql);
  // The first start of an open slot at or after `now` (4102444800 when none): until then, no slot
  // leaves the catalogue by the passing of time.
  long long next_open_slot_start(soci::session& sql, long long now);
  // Gives a new offer to its venue's branch (nothing when the venue is in none: open to all).
  void give_to_venue_branch(soci::session& sql, long long offer_id, long long venue_id);
  // The branches an offer is given to, by name (none: open to all).
  std::vector<std::pair<long long, std::string>> offer_branches(soci::session& sql, long long offer_id);
  // An organisation's branch, a venue's or a relais' (0: none).
  long long organisation_branch(soci::session& sql, long long organisation_id);
  // Replaces the set of branches an offer is given to.
  void replace_offer_branches(soci::session& sql, long long offer_id, const std::vector<long long>& branch_ids);
  void update_offer(soci::session& sql, const Offer& o, const std::string& search_text);
  bool change_offer_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                           long long now);
  std::optional<Offer> find_offer(soci::session& sql, long long id);
  // The picture and its catalogue card (card_type empty: none, made on first request).
  void save_image(soci::session& sql, long long id, const std::string& type, const std::string& bytes,
                  const std::string& card_type, const std::string& card_bytes, long long now);
  std::optional<Image> image(soci::session& sql, long long id);
  std::optional<Image> card(soci::session& sql, long long id);
  // Keeps a card made later, unless one was stored meanwhile (with a new picture).
  void save_card(soci::session& sql, long long id, const std::string& type, const std::string& bytes);
  // The offers an editor may change (all statuses), newest first.
  std::vector<Offer> editable_offers(soci::session& sql, const Editor& e, long long offset, long long limit);
  long long count_editable_offers(soci::session& sql, const Editor& e);

  // The catalogue: published offers with at least one matching upcoming open slot, by next date.
  std::vector<Offer> catalogue(soci::session& sql, const Filter& f, long long from_ts, long long to_ts,
                               long long offset, long long limit);
  long long count_catalogue(soci::session& sql, const Filter& f, long long from_ts, long long to_ts);
  // The matching slots of those offers, in one query.
  std::vector<Slot> catalogue_slots(soci::session& sql, const std::vector<long long>& offer_ids, const Filter& f,
                                    long long from_ts, long long to_ts);

  // Venues.
  std::optional<Venue> venue(soci::session& sql, long long organisation_id);
  // Active organisations (id, name) the editor may choose as venue.
  std::vector<Choice> venue_choices(soci::session& sql, const Editor& e);
  std::vector<Choice> social_choices(soci::session& sql);
  std::vector<Choice> delegation_choices(soci::session& sql);
  std::vector<Choice> communes_with_offers(soci::session& sql);

  // Slots.
  long long insert_slot(soci::session& sql, const Slot& s);
  // false (nothing changed) when the slot is no longer open or holds more places than the new capacity.
  bool update_slot(soci::session& sql, const Slot& s);
  std::optional<Slot> find_slot(soci::session& sql, long long id);
  // The offer's slots by date; with upcoming_only, those open and not started at `now`.
  std::vector<Slot> slots_of(soci::session& sql, long long offer_id, bool upcoming_only, long long now,
                             long long offset, long long limit);
  long long count_slots_of(soci::session& sql, long long offer_id, bool upcoming_only, long long now);

  // Allocations.
  long long insert_allocation(soci::session& sql, const Allocation& a, long long by);
  // Updates the details; false when the new count is below the places already assigned.
  bool update_allocation(soci::session& sql, const Allocation& a);
  std::optional<Allocation> find_allocation(soci::session& sql, long long id);
  // `branches` empty: every allocation; else the network's and those of these branches.
  std::vector<Allocation> allocations(soci::session& sql, const std::vector<long long>& branches, long long offset,
                                      long long limit);
  long long count_allocations(soci::session& sql, const std::vector<long long>& branches);
  // By name, whatever its case (demo data); 0 when none.
  long long allocation_by_name(soci::session& sql, const std::string& name) const;
  // The first organisation of that exact name (demo data); 0 when none.
  long long organisation_by_name(soci::session& sql, const std::string& name) const;
  std::vector<Allocation> active_allocations(soci::session& sql);
  bool allocation_name_taken(soci::session& sql, const std::string& name, long long except_id);
  // assigned + n <= places, on an active allocation: true when taken.
  bool assign(soci::session& sql, long long allocation_id, long long n);
  void release(soci::session& sql, long long allocation_id, long long n);
  void fill_use(soci::session& sql, Allocation& a);
  std::vector<Slot> allocation_slots(soci::session& sql, long long allocation_id, long long offset, long long limit);
  // The open slots of an allocation that start after now (its day rules apply to them).
  std::vector<Slot> upcoming_allocation_slots(soci::session& sql, long long allocation_id, long long now);
  long long count_allocation_slots(soci::session& sql, long long allocation_id);
  std::vector<Target> targets(soci::session& sql, long long allocation_id);
  bool target_exists(soci::session& sql, long long allocation_id, long long organisation_id, long long delegation_id);
  long long insert_target(soci::session& sql, const Target& t);
  // Deletes the target unless a booking (in any status) was made under it; false if kept.
  bool delete_unused_target(soci::session& sql, long long target_id);
  std::optional<std::string> organisation_name(soci::session& sql, long long id);
  std::optional<std::string> delegation_name(soci::session& sql, long long id);

  std::vector<Quote> published_quotes(soci::session& sql, long long offer_id, long long limit);
  long long count_offers_titled(soci::session& sql, const std::string& title, long long venue_id);
};

}  // namespace trame::offers
