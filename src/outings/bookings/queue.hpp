// Scarce places: the waiting list (a freed place is offered to the next waiting booking, which has a
// limited time to accept, else it passes on) and draws by lot (requests collected until draw_at, then
// ranked by fewer outings in the last 12 months and a recorded, re-verifiable seed).
// Every step is written to booking_events and the audit log, and e-mailed to the referent.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "network/organisations/scope.hpp"
#include "outings/bookings/queue_repository.hpp"
#include "outings/bookings/repository.hpp"
#include "platform/store/database.hpp"
#include "platform/core/permissions.hpp"

namespace trame::web {
class App;
class Catalogue;
}  // namespace trame::web

namespace trame::bookings {

// One request of a draw, as ordered by the draw rule.
struct DrawEntry {
  long long booking_id = 0;
  std::string code;             // booking code (never the person)
  long long prior_outings = 0;  // the beneficiary's used/confirmed bookings in the 12 months before the draw
  long long places = 1;
  std::string key;     // hex sha256(seed + ":" + booking_id): the tie-break
  std::string status;  // current status (read only)
  long long rank = 0;  // 1-based
};

// The draw rule: fewer prior outings first, then by key (sha256 of seed ":" booking id), then by id.
// Sets key and rank. Pure, for unit tests and for the verification page.
void order_draw(const std::string& seed, std::vector<DrawEntry>& entries);
// The rank recorded in a draw event's note ("draw rank=3 prior=1"), for re-verification.
std::string draw_note(long long rank, long long prior);
bool parse_draw_note(const std::string& note, long long& rank, long long& prior);

class Queue {
 public:
  Queue(store::Database& db, audit::Service& audit, mail::Service& mail, std::string public_url);
  // Inside the caller's write transaction, after places were freed on a slot (cancellation, places
  // added): offers the free places to the slot's 'waiting' bookings in queue_position order (status
  // offered, places reserved through the conditional UPDATE, offer_expires_at set, e-mail enqueued).
  // Does nothing for a draw slot not yet drawn. Returns how many bookings were offered a place.
  long long offer_free_places(soci::session& sql, const Actor& actor, long long slot_id, long long now);
  // Next queue_position for a slot (for 'waiting'/'requested' inserts).
  long long next_position(soci::session& sql, long long slot_id);
  // Runs a due draw (coordinator): the slot's venue or partner must lie in the scope (the person's
  // outings.manage network scope), else "errors.404.message".
  Outcome draw(const Actor& actor, long long slot_id, const organisations::Scope& scope);
  // Whether a person may see a slot's draw and run it: the venue's or partner's staff, or within their
  // outings.manage scope (docs/scopes.md).
  bool may_see_draw(const Principal& me, long long venue_id, long long partner_id);
  bool may_run_draw(const Principal& me, long long venue_id, long long partner_id);
  organisations::Scope network_scope(const Principal& me);
  // The referent's answer to an offered place; a booking of a relais `relais` does not cover is
  // not found, like one that does not exist.
  Outcome accept(const Actor& actor, const ActingFor& relais, long long booking_id);  // offered → confirmed
  Outcome decline(const Actor& actor, const ActingFor& relais,
                  long long booking_id);  // offered → cancelled (expired) + passes on
  long long run_due(long long now);       // job: due draws, expired offers

  // Runs a due draw at a given time (run_due and tests).
  Outcome draw_at(const Actor& actor, long long slot_id, long long now,
                  const organisations::Scope& scope = organisations::Scope::all());
  // The recorded ordering of a drawn slot, recomputed from the stored seed (for the tirage page).
  std::vector<DrawEntry> draw_ranking(long long slot_id);

  // Mail texts come from the catalogue (French by default); set by the Platform.
  void set_catalogue(const web::Catalogue* catalogue) { catalogue_ = catalogue; }

  // What the answer pages (accept, decline) and the draw page show.
  std::optional<QueueBooking> booking(long long booking_id);
  std::optional<QueueSlot> slot(long long slot_id);
  const std::string& public_url() const { return public_url_; }

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  std::string public_url_;
  const web::Catalogue* catalogue_ = nullptr;
  Repository repo_;
  QueueRepository queue_repo_;

  // Place accounting of one booking (the slot's seats, the structure's share, the allocation target's
  // quota: the rules of a direct booking, rules.hpp), by conditional UPDATEs inside the caller's
  // transaction. take_places returns false and changes nothing when one of them has no room.
  bool take_places(soci::session& sql, long long booking_id, long long now);
  void release_places(soci::session& sql, long long booking_id, long long now);
  // A status change through the one transition table (Repository::change_status).
  bool move(soci::session& sql, long long booking_id, const StatusChange& change);

  std::string text(const std::string& locale, const std::string& key,
                   const std::vector<std::pair<std::string, std::string>>& params = {}) const;
  void notify(soci::session& sql, long long booking_id, const std::string& kind);
  void event(soci::session& sql, long long booking_id, long long now, const Actor& actor, const std::string& from,
             const std::string& to, const std::string& reason, const std::string& note);
  bool expire_one(long long booking_id, long long now);
};

// /sorties/reservations/{id}/accepter|refuser and /sorties/creneaux/{id}/tirage.
void register_queue_routes(web::App& app, Queue& queue);

}  // namespace trame::bookings
