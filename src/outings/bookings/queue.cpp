// The waiting list and draws by lot. See queue.hpp.
//
// Waiting-list order (documented rule): free places are offered in queue_position order ("first fit"):
// the head of the list is offered a place whenever it fits; a booking that needs more places than are
// free keeps its position (it is offered first as soon as enough places free up) while the following
// bookings that do fit are offered the places that would otherwise stay empty. The same rule fills a
// draw: ranks are walked in order, each request is confirmed if its places fit, else it waits with its
// rank as queue position.
#include "outings/bookings/queue.hpp"
#include "platform/store/prepared.hpp"
#include "platform/store/settings.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "outings/bookings/repository.hpp"
#include "platform/web/app.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"

namespace trame::bookings {

namespace {

constexpr long long kHour = 3600;
constexpr long long kYear = 365 * 24 * kHour;

using store::setting_int;

struct Slot {
  long long id = 0;
  long long starts_at = 0;
  long long capacity = 0;
  long long booked = 0;
  std::string mode;
  long long draw_at = 0;
  long long drawn_at = 0;
  std::string status;
};

std::optional<Slot> load_slot(soci::session& sql, long long id) {
  Slot s;
  sql << "SELECT id, starts_at, capacity, booked, mode, draw_at, drawn_at, status FROM outing_slots WHERE id = :id",
      soci::use(id), soci::into(s.id), soci::into(s.starts_at), soci::into(s.capacity), soci::into(s.booked),
      soci::into(s.mode), soci::into(s.draw_at), soci::into(s.drawn_at), soci::into(s.status);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

struct Held {
  long long slot_id = 0;
  long long organisation_id = 0;
  long long target_id = 0;  // 0: none
  long long places = 0;
  long long capacity = 0;
};

std::optional<Held> load_held(soci::session& sql, long long booking_id) {
  Held h;
  soci::indicator target_ind = soci::i_null;
  sql << "SELECT b.slot_id, b.organisation_id, b.allocation_target_id, b.places, s.capacity FROM bookings b "
         "JOIN outing_slots s ON s.id = b.slot_id WHERE b.id = :id",
      soci::use(booking_id), soci::into(h.slot_id), soci::into(h.organisation_id), soci::into(h.target_id, target_ind),
      soci::into(h.places), soci::into(h.capacity);
  if (!sql.got_data()) return std::nullopt;
  if (target_ind != soci::i_ok) h.target_id = 0;
  return h;
}

long long exec_count(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows();
}

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

bool take_places(soci::session& sql, long long booking_id, long long now) {
  auto h = load_held(sql, booking_id);
  if (!h) return false;
  long long n = h->places;
  {
    // Not bounded by the booking window: a place freed after booking closed still goes to the list.
    soci::statement st = (sql.prepare << "UPDATE outing_slots SET booked = booked + :n, updated_at = :now "
                                         "WHERE id = :id AND status = 'open' AND booked + :n2 <= capacity",
                          soci::use(n), soci::use(now), soci::use(h->slot_id), soci::use(n));
    if (exec_count(st) != 1) return false;
  }
  Repository repo;
  // Same rules as a direct booking (bookings::Service::book): the structure's share, the allocation's quota.
  long long percent = setting_int(sql, "outings.structure_share_percent", 0);
  if (percent > 0) {
    long long limit = std::max(1LL, h->capacity * percent / 100);
    if (!repo.take_share(sql, h->slot_id, h->organisation_id, n, limit)) {
      repo.release_places(sql, h->slot_id, n, now);
      return false;
    }
  }
  long long allocation_id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT allocation_id FROM outing_slots WHERE id = :id", soci::use(h->slot_id), soci::into(allocation_id, ind);
  if (ind == soci::i_ok && allocation_id) {
    auto target = repo.allocation_target_for(sql, allocation_id, h->organisation_id);
    bool ok = target.has_value() && (*target == 0 || repo.take_target(sql, *target, n));
    if (!ok) {
      repo.release_places(sql, h->slot_id, n, now);
      repo.release_share(sql, h->slot_id, h->organisation_id, n);
      return false;
    }
    if (*target) sql << "UPDATE bookings SET allocation_target_id = :t WHERE id = :id", soci::use(*target),
        soci::use(booking_id);
  }
  return true;
}

void release_places(soci::session& sql, long long booking_id, long long now) {
  auto h = load_held(sql, booking_id);
  if (!h) return;
  long long n = h->places;
  sql << "UPDATE outing_slots SET booked = booked - :n, updated_at = :now WHERE id = :id AND booked >= :n2",
      soci::use(n), soci::use(now), soci::use(h->slot_id), soci::use(n);
  if (h->target_id)
    sql << "UPDATE outing_allocation_targets SET used = used - :n WHERE id = :id AND used >= :n2", soci::use(n),
        soci::use(h->target_id), soci::use(n);
  sql << "UPDATE outing_slot_shares SET places = places - :n WHERE slot_id = :s AND organisation_id = :o "
         "AND places >= :n2",
      soci::use(n), soci::use(h->slot_id), soci::use(h->organisation_id), soci::use(n);
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
  long long actor_id = actor.id;
  std::string label = actor.label;
  sql << "INSERT INTO booking_events (booking_id, at, actor_id, actor_label, from_status, to_status, reason, note) "
         "VALUES (:b, :at, :a, :l, :f, :t, :r, :n)",
      soci::use(booking_id), soci::use(now), soci::use(actor_id), soci::use(label), soci::use(from), soci::use(to),
      soci::use(reason), soci::use(note);
  audit_.record(sql, actor, "booking." + to, "booking:" + std::to_string(booking_id),
                from + "→" + to + (reason.empty() ? "" : " (" + reason + ")") + (note.empty() ? "" : " " + note));
}

// kind: offered, draw_confirmed, draw_waiting, accepted, declined, expired, closed
void Queue::notify(soci::session& sql, long long booking_id, const std::string& kind) {
  std::string code, email, locale, title;
  long long starts_at = 0, expires = 0, places = 0, slot_id = 0;
  sql << "SELECT b.code, u.email, u.locale, o.title, s.starts_at, b.offer_expires_at, b.places, s.id "
         "FROM bookings b JOIN users u ON u.id = b.referent_id JOIN outing_slots s ON s.id = b.slot_id "
         "JOIN outing_offers o ON o.id = s.offer_id WHERE b.id = :id",
      soci::use(booking_id), soci::into(code), soci::into(email), soci::into(locale), soci::into(title),
      soci::into(starts_at), soci::into(expires), soci::into(places), soci::into(slot_id);
  if (!sql.got_data() || email.empty()) return;
  if (locale.empty()) locale = "fr";
  std::string base = public_url_ + "/sorties/reservations/" + std::to_string(booking_id);
  std::vector<std::pair<std::string, std::string>> params = {
      {"code", code},
      {"title", title},
      {"date", web::format_datetime(starts_at, locale)},
      {"expires", web::format_datetime(expires, locale)},
      {"places", std::to_string(places)},
      {"accept", base + "/accepter"},
      {"decline", base + "/refuser"},
      {"link", base},
  };
  mail_.enqueue(sql, email, text(locale, "queue.mail." + kind + ".subject", params),
                text(locale, "queue.mail." + kind + ".body", params));
}

long long Queue::next_position(soci::session& sql, long long slot_id) {
  long long pos = 0;
  soci::indicator ind = soci::i_null;
  store::prepared(sql, "SELECT MAX(queue_position) FROM bookings WHERE slot_id = :s", soci::use(slot_id),
                  soci::into(pos, ind));
  if (ind != soci::i_ok) pos = 0;
  return pos + 1;
}

long long Queue::offer_free_places(soci::session& sql, const Actor& actor, long long slot_id, long long now) {
  auto slot = load_slot(sql, slot_id);
  if (!slot || slot->status != "open" || slot->starts_at <= now) return 0;
  if (slot->mode == "draw" && slot->drawn_at == 0) return 0;
  long long free = slot->capacity - slot->booked;
  if (free <= 0) return 0;
  std::vector<long long> ids;
  std::vector<long long> needs;
  {
    long long id = 0, places = 0;
    soci::statement st = (sql.prepare << "SELECT id, places FROM bookings WHERE slot_id = :s AND status = 'waiting' "
                                         "ORDER BY queue_position, id",
                          soci::use(slot_id), soci::into(id), soci::into(places));
    st.execute();
    while (st.fetch()) {
      ids.push_back(id);
      needs.push_back(places);
    }
  }
  long long hours = slot->starts_at - now < 48 * kHour ? setting_int(sql, "outings.accept_hours_close", 4)
                                                        : setting_int(sql, "outings.accept_hours", 24);
  long long expires = std::min(now + std::max(1LL, hours) * kHour, slot->starts_at);
  long long offered = 0;
  for (std::size_t i = 0; i < ids.size() && free > 0; ++i) {
    if (needs[i] > free) continue;  // keeps its position; first to be offered when enough places free up
    if (!take_places(sql, ids[i], now)) continue;
    soci::statement st = (sql.prepare << "UPDATE bookings SET status = 'offered', offer_expires_at = :e, "
                                         "updated_at = :now WHERE id = :id AND status = 'waiting'",
                          soci::use(expires), soci::use(now), soci::use(ids[i]));
    if (exec_count(st) != 1) {
      release_places(sql, ids[i], now);
      continue;
    }
    event(sql, ids[i], now, actor, "waiting", "offered", "", "");
    notify(sql, ids[i], "offered");
    free -= needs[i];
    ++offered;
  }
  return offered;
}

Outcome Queue::draw(const Actor& actor, long long slot_id, const organisations::Scope& scope) {
  return draw_at(actor, slot_id, store::now_seconds(), scope);
}

organisations::Scope Queue::network_scope(const web::CurrentUser& me) {
  return db_.read([&](soci::session& sql) { return organisations::network_scope(sql, me, web::perm::outings_manage); });
}

bool Queue::may_see_draw(const web::CurrentUser& me, long long venue_id, long long partner_id) {
  if (me.can_in(web::perm::outings_publish, venue_id) || me.can_in(web::perm::outings_publish, partner_id)) return true;
  return may_run_draw(me, venue_id, partner_id);
}

bool Queue::may_run_draw(const web::CurrentUser& me, long long venue_id, long long partner_id) {
  return db_.read([&](soci::session& sql) {
    return organisations::any_in_scope(sql, organisations::network_scope(sql, me, web::perm::outings_manage),
                                       {venue_id, partner_id});
  });
}

Outcome Queue::draw_at(const Actor& actor, long long slot_id, long long now, const organisations::Scope& scope) {
  return db_.write([&](soci::session& sql) -> Outcome {
    auto slot = load_slot(sql, slot_id);
    if (!slot) return Outcome::failure("errors.404.message");
    if (!scope.everywhere) {
      long long venue = 0, partner = 0;
      sql << "SELECT o.venue_id, CAST(COALESCE(o.partner_id, 0) AS BIGINT) FROM outing_slots s JOIN outing_offers o "
             "ON o.id = s.offer_id WHERE s.id = :id",
          soci::use(slot_id), soci::into(venue), soci::into(partner);
      if (!organisations::any_in_scope(sql, scope, {venue, partner})) return Outcome::failure("errors.404.message");
    }
    if (slot->mode != "draw") return Outcome::failure("queue.errors.not_draw");
    if (slot->drawn_at != 0) return Outcome::failure("queue.errors.already_drawn");
    if (slot->status != "open") return Outcome::failure("queue.errors.slot_cancelled");
    if (slot->draw_at > now) return Outcome::failure("queue.errors.not_due");
    std::string seed = web::random_token(32);
    {
      // The claim: only one instance (or one click) runs the draw.
      soci::statement st = (sql.prepare << "UPDATE outing_slots SET drawn_at = :now, draw_seed = :seed, "
                                           "updated_at = :now2 WHERE id = :id AND drawn_at = 0 AND mode = 'draw'",
                            soci::use(now), soci::use(seed), soci::use(now), soci::use(slot_id));
      if (exec_count(st) != 1) return Outcome::failure("queue.errors.already_drawn");
    }
    std::vector<DrawEntry> entries;
    {
      DrawEntry e;
      long long beneficiary = 0;
      std::vector<long long> beneficiaries;
      soci::statement st = (sql.prepare << "SELECT id, code, places, beneficiary_id FROM bookings "
                                           "WHERE slot_id = :s AND status = 'requested' ORDER BY id",
                            soci::use(slot_id), soci::into(e.booking_id), soci::into(e.code), soci::into(e.places),
                            soci::into(beneficiary));
      st.execute();
      while (st.fetch()) {
        entries.push_back(e);
        beneficiaries.push_back(beneficiary);
      }
      // Outings the person had in the 12 months before the draw: used or confirmed bookings of other
      // slots that started in that window.
      long long since = now - kYear;
      for (std::size_t i = 0; i < entries.size(); ++i) {
        long long count = 0;
        sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
               "WHERE b.beneficiary_id = :b AND b.slot_id <> :s AND b.status IN ('used','confirmed') "
               "AND s.starts_at >= :since AND s.starts_at < :now",
            soci::use(beneficiaries[i]), soci::use(slot_id), soci::use(since), soci::use(now), soci::into(count);
        entries[i].prior_outings = count;
      }
    }
    order_draw(seed, entries);
    long long confirmed = 0, waiting = 0;
    long long free = slot->capacity - slot->booked;
    for (const auto& e : entries) {
      bool fits = e.places <= free && take_places(sql, e.booking_id, now);
      std::string to = fits ? "confirmed" : "waiting";
      sql << "UPDATE bookings SET status = :st, queue_position = :r, updated_at = :now WHERE id = :id",
          soci::use(to), soci::use(e.rank), soci::use(now), soci::use(e.booking_id);
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
  return db_.read([&](soci::session& sql) {
    std::vector<DrawEntry> out;
    DrawEntry e;
    std::string note;
    soci::statement st =
        (sql.prepare << "SELECT b.id, b.code, b.places, b.status, ev.note FROM bookings b "
                        "JOIN booking_events ev ON ev.booking_id = b.id AND ev.from_status = 'requested' "
                        "AND ev.reason = 'draw' WHERE b.slot_id = :s ORDER BY b.id",
         soci::use(slot_id), soci::into(e.booking_id), soci::into(e.code), soci::into(e.places), soci::into(e.status),
         soci::into(note));
    st.execute();
    while (st.fetch()) {
      long long rank = 0, prior = 0;
      if (!parse_draw_note(note, rank, prior)) continue;
      e.rank = rank;
      e.prior_outings = prior;
      out.push_back(e);
    }
    std::sort(out.begin(), out.end(), [](const DrawEntry& a, const DrawEntry& b) { return a.rank < b.rank; });
    return out;
  });
}

Outcome Queue::accept(const Actor& actor, long long booking_id) {
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    std::string status;
    long long expires = 0;
    sql << "SELECT status, offer_expires_at FROM bookings WHERE id = :id", soci::use(booking_id), soci::into(status),
        soci::into(expires);
    if (!sql.got_data()) return Outcome::failure("errors.404.message");
    if (status != "offered") return Outcome::failure("queue.errors.not_offered");
    if (expires <= now) return Outcome::failure("queue.errors.offer_expired");
    soci::statement st = (sql.prepare << "UPDATE bookings SET status = 'confirmed', updated_at = :now "
                                         "WHERE id = :id AND status = 'offered' AND offer_expires_at > :now2",
                          soci::use(now), soci::use(booking_id), soci::use(now));
    if (exec_count(st) != 1) return Outcome::failure("queue.errors.offer_expired");
    event(sql, booking_id, now, actor, "offered", "confirmed", "", "accepted");
    notify(sql, booking_id, "accepted");
    return Outcome::success(booking_id);
  });
}

Outcome Queue::decline(const Actor& actor, long long booking_id) {
  long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) -> Outcome {
    std::string status;
    long long slot_id = 0;
    sql << "SELECT status, slot_id FROM bookings WHERE id = :id", soci::use(booking_id), soci::into(status),
        soci::into(slot_id);
    if (!sql.got_data()) return Outcome::failure("errors.404.message");
    if (status != "offered") return Outcome::failure("queue.errors.not_offered");
    soci::statement st = (sql.prepare << "UPDATE bookings SET status = 'cancelled', cancel_reason = 'expired', "
                                         "updated_at = :now WHERE id = :id AND status = 'offered'",
                          soci::use(now), soci::use(booking_id));
    if (exec_count(st) != 1) return Outcome::failure("queue.errors.not_offered");
    release_places(sql, booking_id, now);
    event(sql, booking_id, now, actor, "offered", "cancelled", "expired", "declined");
    notify(sql, booking_id, "declined");
    offer_free_places(sql, actor, slot_id, now);
    return Outcome::success(booking_id);
  });
}

bool Queue::expire_one(long long booking_id, long long now) {
  Actor system{0, "système", ""};
  return db_.write([&](soci::session& sql) {
    soci::statement st = (sql.prepare << "UPDATE bookings SET status = 'cancelled', cancel_reason = 'expired', "
                                         "updated_at = :now WHERE id = :id AND status = 'offered' "
                                         "AND offer_expires_at <= :now2",
                          soci::use(now), soci::use(booking_id), soci::use(now));
    if (exec_count(st) != 1) return false;
    long long slot_id = 0;
    sql << "SELECT slot_id FROM bookings WHERE id = :id", soci::use(booking_id), soci::into(slot_id);
    release_places(sql, booking_id, now);
    event(sql, booking_id, now, system, "offered", "cancelled", "expired", "");
    notify(sql, booking_id, "expired");
    offer_free_places(sql, system, slot_id, now);
    return true;
  });
}

long long Queue::run_due(long long now) {
  Actor system{0, "système", ""};
  long long done = 0;
  // 1. Due draws.
  std::vector<long long> slots = db_.read([&](soci::session& sql) {
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st = (sql.prepare << "SELECT id FROM outing_slots WHERE mode = 'draw' AND drawn_at = 0 "
                                         "AND status = 'open' AND draw_at <= :now ORDER BY draw_at, id",
                          soci::use(now), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
  });
  for (long long id : slots)
    if (draw_at(system, id, now).ok) ++done;
  // 2. Offers not accepted in time: the place passes on.
  std::vector<long long> offers = db_.read([&](soci::session& sql) {
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st = (sql.prepare << "SELECT id FROM bookings WHERE status = 'offered' AND offer_expires_at <= :now "
                                         "ORDER BY offer_expires_at, id",
                          soci::use(now), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
  });
  for (long long id : offers)
    if (expire_one(id, now)) ++done;
  // 3. Requests still waiting when the outing starts: closed (draw slots: not drawn; others: expired).
  std::vector<long long> stale = db_.read([&](soci::session& sql) {
    std::vector<long long> ids;
    long long id = 0;
    soci::statement st = (sql.prepare << "SELECT b.id FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
                                         "WHERE b.status IN ('waiting','requested') AND s.starts_at <= :now "
                                         "ORDER BY b.id",
                          soci::use(now), soci::into(id));
    st.execute();
    while (st.fetch()) ids.push_back(id);
    return ids;
  });
  for (long long id : stale) {
    bool closed = db_.write([&](soci::session& sql) {
      std::string status, mode;
      sql << "SELECT b.status, s.mode FROM bookings b JOIN outing_slots s ON s.id = b.slot_id WHERE b.id = :id",
          soci::use(id), soci::into(status), soci::into(mode);
      if (status != "waiting" && status != "requested") return false;
      std::string reason = mode == "draw" ? "draw_rejected" : "expired";
      soci::statement st = (sql.prepare << "UPDATE bookings SET status = 'cancelled', cancel_reason = :r, "
                                           "updated_at = :now WHERE id = :id AND status IN ('waiting','requested')",
                            soci::use(reason), soci::use(now), soci::use(id));
      if (exec_count(st) != 1) return false;
      event(sql, id, now, system, status, "cancelled", reason, "");
      notify(sql, id, "closed");
      return true;
    });
    if (closed) ++done;
  }
  return done;
}

}  // namespace trame::bookings
