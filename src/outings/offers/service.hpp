// Offers, slots and allocations of solidarity outings, and the referents' catalogue.
// Rules: a partner's staff edits the offers of its own venue (Editor), coordinators any venue;
// offers are never deleted (draft → published → archived); slot times are entered in Europe/Paris
// and stored UTC; a slot's places taken from an allocation go through a conditional UPDATE
// (assigned + capacity <= places), so a pool can never be over-assigned.
#pragma once
#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "outings/calendars/repository.hpp"
#include "outings/calendars/rules.hpp"
#include "outings/offers/model.hpp"
#include "outings/offers/repository.hpp"
#include "platform/store/change_watch.hpp"
#include "platform/store/database.hpp"
#include "platform/core/permissions.hpp"

namespace trame::web {
class App;
}

namespace trame::offers {

// What a slot form sends, as typed.
struct SlotInput {
  std::string starts, ends, capacity, opens, closes, cancel_until, mode, draw_at, allocation;
  std::string group_places;  // places for groups (empty: 0)
};

struct CatalogueEntry {
  Offer offer;
  std::vector<Slot> slots;
};

struct AllocationInput {
  std::string name, donor, description, places, starts_on, ends_on, status;
  std::vector<std::string> days;  // calendars::day_kinds() ticked (none: every day)
  std::string zone = "C";
  std::string branch;  // a branch's id, '' or '0': the whole network
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : watch_(db), db_(db), audit_(audit) {}

  // A picture as sent (a phone's photo) may weigh up to 10 MiB; it is kept within kImageBox × kImageBox
  // pixels, re-encoded without metadata (docs/image.hpp).
  static constexpr std::size_t kMaxImageBytes = 10 * 1024 * 1024;
  static constexpr int kImageBox = 1600;
  // The catalogue card's own rendition: the centred 16:9 part, 640 × 360 (the cards are 16:9), made at
  // upload, or on first request for a picture stored before (docs/decisions.md, issue 14).
  static constexpr int kCardWidth = 640;
  static constexpr int kCardHeight = 360;
  static constexpr int kCardQuality = 78;

  // What a signed-in person edits (model.hpp, docs/scopes.md): outings.manage within their délégation
  // scope, and outings.publish in their own organisations.
  Editor editor(const Principal& me);

  // What an editor may do to an offer: success when they cover its venue; otherwise not found when it
  // is not published (a draft or an archived offer of another venue is invisible to them, like an id
  // that does not exist), denied when it is published (seen in the catalogue, not theirs to change).
  static Outcome access(const Editor& editor, const Offer& o);

  // Creates (o.id == 0) or edits an offer. The venue must be one the editor covers (else denied), and,
  // when editing, the offer must be theirs (access()); otherwise nothing changes. With o.branches_sent,
  // the branches it is given to are replaced in the same transaction (docs/outings.md « Antennes »): an
  // unknown or closed branch is refused ("outings.errors.branch"); a branch the editor does not give to
  // (Editor::gives_to) keeps its place whatever the form says, and ticking one it was not given to is
  // refused ("outings.errors.branch_not_yours"); a new offer with none ticked goes to its venue's branch.
  Outcome save_offer(const Actor& actor, const Editor& editor, Offer o);
  // The active branches, by name; those an offer is given to; a venue's branch (0: none).
  std::vector<std::pair<long long, std::string>> active_branches();
  std::vector<std::pair<long long, std::string>> offer_branches(long long offer_id);
  long long venue_branch(long long venue_id);
  Outcome set_status(const Actor& actor, const Editor& editor, long long id, const std::string& to);
  Outcome set_image(const Actor& actor, const Editor& editor, long long id, const std::string& bytes);
  std::optional<Offer> offer(long long id);
  std::optional<Image> image(long long id);
  // The card rendition of the offer's picture (made and stored when missing; the picture itself when it
  // cannot be made), or nothing without a picture.
  std::optional<Image> card(long long id);
  std::vector<Offer> editable_offers(const Editor& e, long long page, long long per_page, long long& total);

  // Creates (slot_id == 0) or edits a slot of an offer. Without editor.allocations the slot keeps its
  // allocation (none for a new one), whatever the form says.
  Outcome save_slot(const Actor& actor, const Editor& editor, long long offer_id, long long slot_id,
                    const SlotInput& in);
  // Inside the caller's write (an accepted group request, outings/requests): inserts a slot already
  // checked by the caller, with its audit entry; no allocation. Returns its id.
  long long insert_slot_in(soci::session& sql, const Actor& actor, const Slot& s);
  std::optional<Slot> slot(long long id);
  std::vector<Slot> slots(long long offer_id, bool upcoming_only, long long page, long long per_page, long long& total);

  // The catalogue's data version (migration 0073: it moves on every change to a table the catalogue
  // reads, whichever instance makes it) and, for a referent (referent_id ≠ 0), Filter::branch_id
  // (docs/outings.md « Antennes »), in one visit to the database. Read before the catalogue's data, so
  // that what is kept under a version was made from data at least that recent. On SQLite, while the
  // file's data version (store::ChangeWatch: any commit by any connection or process moves it) has not
  // moved since the catalogue's version was last read, that version and the referent's kept branch are
  // answered without leasing a connection.
  struct CatalogueState {
    long long version = 0;
    long long branch_id = 0;
  };
  CatalogueState catalogue_state(long long referent_id);
  // Repository::next_open_slot_start.
  long long next_open_slot_start(long long now);
  // The catalogue's list of offers (and its total) is kept per filter and page while the data version
  // (catalogue_state) and the second (Filter::now) are the same: exactly what the database would answer;
  // the slots are read in one query for the page.
  std::vector<CatalogueEntry> catalogue(const Filter& f, long long page, long long per_page, long long& total,
                                        long long version);
  // Filter::branch_id for a referent's catalogue (docs/outings.md « Antennes »).
  long long booking_branch(long long user_id);

  // Allocations are the network's: changed only with editor.allocations, else "errors.403.message".
  Outcome save_allocation(const Actor& actor, const Editor& editor, long long id, const AllocationInput& in);
  Outcome add_target(const Actor& actor, const Editor& editor, long long allocation_id, long long organisation_id,
                     long long delegation_id, const std::string& quota);
  std::optional<Allocation> allocation(long long id);  // with its live use
  // The allocations the editor sees (a branch coordinator: the network's and their branch's), with live use.
  std::vector<Allocation> allocations(const Editor& editor, long long page, long long per_page, long long& total);
  std::vector<Allocation> active_allocations();
  std::vector<Target> targets(long long allocation_id);
  // Removes a structure's or délégation's share of a pool, while no booking was made under it.
  struct TargetRemoval {
    Outcome outcome;
    std::string name;       // the structure or délégation
    bool now_open = false;  // it was the last one: the pool is open to everyone
  };
  TargetRemoval remove_target(const Actor& actor, const Editor& editor, long long allocation_id, long long target_id);
  std::vector<Slot> allocation_slots(long long allocation_id, long long page, long long per_page, long long& total);
  // An allocation's day rule (calendars/rules.hpp), and its upcoming open slots that the rule `in` would
  // refuse (the first `max`): save_allocation refuses a rule that leaves such slots
  // ("outings.errors.calendar.slots_outside"); the form lists them.
  static calendars::DayRule day_rule(const Allocation& a);
  std::vector<Slot> slots_outside(long long allocation_id, const AllocationInput& in, std::size_t max);

  std::optional<Venue> venue(long long id);
  std::vector<Choice> venue_choices(const Editor& e);
  std::vector<Choice> social_choices();
  std::vector<Choice> delegation_choices();
  // Kept while the catalogue's data version (catalogue_state) has not moved.
  std::vector<Choice> delegation_choices(long long version);
  std::vector<Choice> communes_with_offers(long long version);
  std::vector<Quote> quotes(long long offer_id);

  // Demo offers of the seed documents' partners, with slots in the coming weeks, and the allocations
  // "Tous au cinéma" and "Tickets Loisirs". Idempotent.
  void load_demo(const Actor& actor);

  // Moves on every change this service commits (offers, slots, allocations): page caches key on it.
  unsigned long long generation() const { return generation_.load(); }

 private:
  struct CachedPage {
    long long at = 0;
    long long version = 0;
    long long total = 0;
    std::vector<Offer> offers;
  };
  struct CachedChoices {
    bool filled = false;
    long long version = 0;
    std::vector<Choice> choices;
  };
  std::atomic<unsigned long long> generation_{0};
  std::mutex cache_mutex_;
  std::map<std::string, CachedPage> pages_;
  CachedChoices communes_, delegations_;
  std::map<long long, std::pair<long long, long long>> branches_;  // referent → (version, branch)
  // SQLite: the file's data version (store::ChangeWatch) under which catalogue_version was last read, and
  // that version: while the file's has not moved, the catalogue's is known without a visit.
  store::ChangeWatch watch_;
  std::optional<std::pair<unsigned long long, long long>> known_version_;
  Outcome validate_offer(Offer& o);
  // The set of branches a saved offer is given to, from what the form sent (save_offer's rules).
  Outcome branch_set(soci::session& sql, const Editor& editor, const Offer& o, std::vector<long long>& out);
  // not found when the offer does not exist, else access().
  Outcome check_scope(const Editor& editor, long long offer_id);
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
  calendars::Repository calendars_;
  // The first day, `from_days` days from today or later, that the allocation's day rules allow (demo).
  int next_allowed_day(long long allocation_id, int from_days);
  std::vector<Slot> slots_outside(soci::session& sql, long long allocation_id, const calendars::DayRule& rule,
                                  std::size_t max);
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::offers
