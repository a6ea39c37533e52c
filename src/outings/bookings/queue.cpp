// The waiting list and draws by lot. See queue.hpp.
//
// Waiting-list order (documented rule): free places are offered in queue_position order ("first fit"):
// the head of the list is offered a place whenever it fits; a booking that needs more places than are
// free keeps its position (it is offered first as soon as enough places free up) while the following
// bookings that do fit are offered the places that would otherwise stay empty. The same rule fills a
// draw: ranks are walked in order, each request is confirmed if its places fit, else it waits with its
// rank as queue position.
#include "outings/bookings/queue.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "outings/bookings/rules.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"

namespace trame::bookings {

namespace {

constexpr long long kHour = 3600;
constexpr long long kYear = 365 * 24 * kHour;

}  // namespace

std::string draw_note(long long rank, long long prior) {
  return "draw rank=" + std::to_string(rank) + " prior=" + std::to_string(prior);
}

bool parse_draw_note(const std::string& note, long long& rank, long long& prior) {
  long long r = 0, p = 0;
  if (std::sscanf(note.c_str(), "draw rank=%lld prior=%lld", &r, &p) != 2) return false;
  rank = r;
  prior = p;
  return true;
}

void order_draw(const std::string& seed, std::vector<DrawEntry>& entries) {
  for (auto& e : entries) e.key = web::sha256_hex(seed + ":" + std::to_string(e.booking_id));
  std::sort(entries.begin(), entries.end(), [](const DrawEntry& a, const DrawEntry& b) {
    if (a.prior_outings != b.prior_outings) return a.prior_outings < b.prior_outings;
    if (a.key != b.key) return a.key < b.key;
    return a.booking_id < b.booking_id;
  });
  long long rank = 0;
  for (auto& e : entries) e.rank = ++rank;
}

bool Queue::take_places(soci::session& sql, long long booking_id, long long now) {
  auto b = queue_repo_.find_booking(sql, booking_id);
  if (!b) return false;
  auto slot = queue_repo_.find_slot(sql, b->slot_id);
  if (!slot || !queue_repo_.take_seats(sql, b->slot_id, b->places, now)) return false;
  // The same rules as a direct booking (bookings::Service::book): the structure's share, the allocation's quota.
  PlaceClaim claim{b->slot_id,         slot->capacity, slot->allocation_id,
                   b->organisation_id, b->places,      rule_in(sql, "structure_share_percent")};
  long long target = 0;
  if (!take_share_and_quota(sql, repo_, claim, target).empty()) {
    queue_repo_.release_seats(sql, b->slot_id, b->places, now);
    return false;
  }
  if (target) queue_repo_.set_allocation_target(sql, booking_id, target);
  return true;
}

void Queue::release_places(soci::session& sql, long long booking_id, long long now) {
  auto b = queue_repo_.find_booking(sql, booking_id);
  if (!b) return;
  queue_repo_.release_seats(sql, b->slot_id, b->places, now);
  if (b->target_id) repo_.release_target(sql, b->target_id, b->places);
  repo_.release_share(sql, b->slot_id, b->organisation_id, b->places);
}

bool Queue::move(soci::session& sql, long long booking_id, const StatusChange& change) {
  return repo_.change_status(sql, booking_id, change);
}

Queue::Queue(store::Database& db, audit::Service& audit, mail::Service& mail, std::string public_url)
    : db_(db), audit_(audit), mail_(mail), public_url_(std::move(public_url)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

std::string Queue::text(const std::string& locale, const std::string& key,
                        const std::vector<std::pair<std::string, std::string>>& params) const {
  if (catalogue_) return catalogue_->t(locale, key, params);
  std::string out = key;
  for (const auto& [k, v] : params) out += " " + k + "=" + v;
  return out;
}

void Queue::event(soci::session& sql, long long booking_id, long long now, const Actor& actor, const std::string& from,
                  const std::string& to, const std::string& reason, const std::string& note) {
  repo_.insert_event(sql, booking_id, now, actor.id, actor.label, from, to, reason, note);
  audit_.record(sql, actor, "booking." + to, "booking:" + std::to_string(booking_id),
                from + "→" + to + (reason.empty() ? "" : " (" + reason + ")") + (note.empty() ? "" : " " + note));
}

// kind: offered, draw_confirmed, draw_waiting, accepted, declined, expired, closed
void Queue::notify(soci::session& sql, long long booking_id, const std::string& kind) {
  auto m = queue_repo_.mail_of(sql, booking_id);
  if (!m || m->email.empty()) return;
  std::string locale = m->locale.empty() ? "fr" : m->locale;
  std::string base = public_url_ + "/sorties/reservations/" + std::to_string(booking_id);
  std::vector<std::pair<std::string, std::string>> params = {
      {"code", m->code},
      {"title", m->title},
      {"date", mail_datetime(m->starts_at, locale)},
      {"expires", mail_datetime(m->expires, locale)},
      {"places", std::to_string(m->places)},
      {"accept", base + "/accepter"},
      {"decline", base + "/refuser"},
      {"link", base},
  };
  mail_.enqueue(sql, m->email, text(locale, "queue.mail." + kind + ".subject", params),
                text(locale, "queue.mail." + kind + ".body", params));
}

long long Queue::next_position(soci::session& sql, long long slot_id) {
  return queue_repo_.max_position(sql, slot_id) + 1;
}

long long Queue::offer_free_places(soci::session& sql, const Actor& actor, long long slot_id, long long now) {
  auto slot = queue_repo_.find_slot(sql, slot_id);
  if (!slot || slot->status != "open" || slot->starts_at <= now) return 0;
  if (slot->mode == "draw" && slot->drawn_at == 0) return 0;
  long long free = slot->capacity - slot->booked;
  if (free <= 0) return 0;
  auto waiting = queue_repo_.waiting(sql, slot_id);
  long long hours =
      slot->starts_at - now < 48 * kHour ? rule_in(sql, "accept_hours_close") : rule_in(sql, "accept_hours");
  long long expires = std::min(now + std::max(1LL, hours) * kHour, slot->starts_at);
  long long offered = 0;
  for (const auto& [id, needs] : waiting) {
    if (free <= 0) break;
    if (needs > free) continue;  // keeps its position; first to be offered when enough places free up
    if (!take_places(sql, id, now)) continue;
    StatusChange change{"waiting", "offered", "", now};
    change.offer_expires_at = expires;
    if (!move(sql, id, change)) {
      release_places(sql, id, now);
      continue;
    }
    event(sql, id, now, actor, "waiting", "offered", "", "");
    notify(sql, id, "offered");
    free -= needs;
    ++offered;
  }
  return offered;
}

Outcome Queue::draw(const Actor& actor, long long slot_id, const organisations::Scope& scope) {
  return draw_at(actor, slot_id, store::now_seconds(), scope);
}

organisations::Scope Queue::network_scope(const Principal& me) {
  return db_.read([&](soci::session& sql) { return organisations::network_scope(sql, me, perm::outings_manage); });
}

bool Queue::may_see_draw(const Principal& me, long long venue_id, long long partner_id) {
  if (me.can_in(perm::outings_publish, venue_id) || me.can_in(perm::outings_publish, partner_id)) return true;
  return may_run_draw(me, venue_id, partner_id);
}

bool Queue::may_run_draw(const Principal& me, long long venue_id, long long partner_id) {
  return db_.read([&](soci::session& sql) {
    return organisations::any_in_scope(sql, organisations::network_scope(sql, me, perm::outings_manage),
                                       {venue_id, partner_id});
  });
}

Outcome Queue::draw_at(const Actor& actor, long long slot_id, long long now, const organisations::Scope& scope) {
  return db_.attempt([&](soci::session& sql) -> Outcome {
    auto slot = queue_repo_.find_slot(sql, slot_id);
    if (!slot) return Outcome::not_found();
    if (!scope.everywhere && !organisations::any_in_scope(sql, scope, {slot->venue_id, slot->partner_id}))
      return Outcome::not_found();
    if (slot->mode != "draw") return Outcome::failure("queue.errors.not_draw");
    if (slot->drawn_at != 0) return Outcome::failure("queue.errors.already_drawn");
    if (slot->status != "open") return Outcome::failure("queue.errors.slot_cancelled");
    if (slot->draw_at > now) return Outcome::failure("queue.errors.not_due");
    std::string seed = web::random_token(32);
    if (!queue_repo_.claim_draw(sql, slot_id, seed, now)) return Outcome::failure("queue.errors.already_drawn");
    std::vector<DrawEntry> entries;
    // Outings the person had in the 12 months before the draw: used or confirmed bookings of other
    // slots that started in that window.
    for (const auto& r : queue_repo_.requests(sql, slot_id)) {
      DrawEntry e;
      e.booking_id = r.booking_id;
      e.code = r.code;
      e.places = r.places;
      e.prior_outings = queue_repo_.prior_outings(sql, r.beneficiary_id, slot_id, now - kYear, now);
      entries.push_back(e);
    }
    order_draw(seed, entries);
    long long confirmed = 0, waiting = 0;
    long long free = slot->capacity - slot->booked;
    for (const auto& e : entries) {
      bool fits = e.places <= free && take_places(sql, e.booking_id, now);
      std::string to = fits ? "confirmed" : "waiting";
      StatusChange change{"requested", to, "", now};
      change.queue_position = e.rank;
      if (!move(sql, e.booking_id, change)) {
        if (fits) release_places(sql, e.booking_id, now);
        continue;
      }
      event(sql, e.booking_id, now, actor, "requested", to, "draw", draw_note(e.rank, e.prior_outings));
      notify(sql, e.booking_id, fits ? "draw_confirmed" : "draw_waiting");
      if (fits) {
        free -= e.places;
        ++confirmed;
      } else {
        ++waiting;
      }
    }
    audit_.record(sql, actor, "outings.draw", "slot:" + std::to_string(slot_id),
                  "seed=" + seed + " requests=" + std::to_string(entries.size()) +
                      " confirmed=" + std::to_string(confirmed) + " waiting=" + std::to_string(waiting));
    return Outcome::success(slot_id);
  });
}

std::vector<DrawEntry> Queue::draw_ranking(long long slot_id) {
  auto drawn = db_.read([&](soci::session& sql) { return queue_repo_.drawn(sql, slot_id); });
  std::vector<DrawEntry> out;
  for (const auto& d : drawn) {
    DrawEntry e;
    e.booking_id = d.booking_id;
    e.code = d.code;
    e.places = d.places;
    e.status = d.status;
    if (!parse_draw_note(d.note, e.rank, e.prior_outings)) continue;
    out.push_back(e);
  }
  std::sort(out.begin(), out.end(), [](const DrawEntry& a, const DrawEntry& b) { return a.rank < b.rank; });
  return out;
}

std::optional<QueueBooking> Queue::booking(long long booking_id) {
  return db_.read([&](soci::session& sql) { return queue_repo_.find_booking(sql, booking_id); });
}

std::optional<QueueSlot> Queue::slot(long long slot_id) {
  return db_.read([&](soci::session& sql) { return queue_repo_.find_slot(sql, slot_id); });
}

Outcome Queue::accept(const Actor& actor, const ActingFor& relais, long long booking_id) {
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) -> Outcome {
    auto b = queue_repo_.find_booking(sql, booking_id);
    if (!b || !relais.covers(b->organisation_id)) return Outcome::not_found();
    if (b->status != "offered") return Outcome::failure("queue.errors.not_offered");
    if (b->offer_expires_at <= now) return Outcome::failure("queue.errors.offer_expired");
    StatusChange change{"offered", "confirmed", "", now};
    change.offer = StatusChange::Offer::running;
    if (!move(sql, booking_id, change)) return Outcome::failure("queue.errors.offer_expired");
    event(sql, booking_id, now, actor, "offered", "confirmed", "", "accepted");
    notify(sql, booking_id, "accepted");
    return Outcome::success(booking_id);
  });
}

Outcome Queue::decline(const Actor& actor, const ActingFor& relais, long long booking_id) {
  long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) -> Outcome {
    auto b = queue_repo_.find_booking(sql, booking_id);
    if (!b || !relais.covers(b->organisation_id)) return Outcome::not_found();
    if (b->status != "offered") return Outcome::failure("queue.errors.not_offered");
    if (!move(sql, booking_id, StatusChange{"offered", "cancelled", "expired", now}))
      return Outcome::failure("queue.errors.not_offered");
    release_places(sql, booking_id, now);
    event(sql, booking_id, now, actor, "offered", "cancelled", "expired", "declined");
    notify(sql, booking_id, "declined");
    offer_free_places(sql, actor, b->slot_id, now);
    return Outcome::success(booking_id);
  });
}

bool Queue::expire_one(long long booking_id, long long now) {
  Actor system{0, "système", ""};
  return db_.write([&](soci::session& sql) {
    auto b = queue_repo_.find_booking(sql, booking_id);
    if (!b) return false;
    StatusChange change{"offered", "cancelled", "expired", now};
    change.offer = StatusChange::Offer::expired;
    if (b->status != "offered" || !move(sql, booking_id, change)) return false;
    release_places(sql, booking_id, now);
    event(sql, booking_id, now, system, "offered", "cancelled", "expired", "");
    notify(sql, booking_id, "expired");
    offer_free_places(sql, system, b->slot_id, now);
    return true;
  });
}

long long Queue::run_due(long long now) {
  Actor system{0, "système", ""};
  long long done = 0;
  // 1. Due draws.
  for (long long id : db_.read([&](soci::session& sql) { return queue_repo_.due_draws(sql, now); }))
    if (draw_at(system, id, now).ok) ++done;
  // 2. Offers not accepted in time: the place passes on.
  for (long long id : db_.read([&](soci::session& sql) { return queue_repo_.expired_offers(sql, now); }))
    if (expire_one(id, now)) ++done;
  // 3. Requests still waiting when the outing starts: closed (draw slots: not drawn; others: expired).
  for (long long id : db_.read([&](soci::session& sql) { return queue_repo_.stale_requests(sql, now); })) {
    bool closed = db_.write([&](soci::session& sql) {
      auto b = queue_repo_.find_booking(sql, id);
      if (!b || (b->status != "waiting" && b->status != "requested")) return false;
      std::string reason = b->slot_mode == "draw" ? "draw_rejected" : "expired";
      if (!move(sql, id, StatusChange{b->status, "cancelled", reason, now})) return false;
      event(sql, id, now, system, b->status, "cancelled", reason, "");
      notify(sql, id, "closed");
      return true;
    });
    if (closed) ++done;
  }
  return done;
}

}  // namespace trame::bookings
