#include "outings/bookings/queue_repository.hpp"

#include "platform/store/prepared.hpp"

namespace trame::bookings {

namespace {

std::vector<long long> ids(soci::session& sql, const std::string& query, long long now) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << query, soci::use(now), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

}  // namespace

std::optional<QueueSlot> QueueRepository::find_slot(soci::session& sql, long long slot_id) {
  QueueSlot s;
  soci::indicator allocation_ind = soci::i_null;
  sql << "SELECT s.id, o.id, o.venue_id, CAST(COALESCE(o.partner_id, 0) AS BIGINT), o.title, s.starts_at, s.capacity, "
         "s.booked, s.mode, s.draw_at, s.drawn_at, s.draw_seed, s.status, s.allocation_id "
         "FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id WHERE s.id = :id",
      soci::use(slot_id), soci::into(s.id), soci::into(s.offer_id), soci::into(s.venue_id), soci::into(s.partner_id),
      soci::into(s.title), soci::into(s.starts_at), soci::into(s.capacity), soci::into(s.booked), soci::into(s.mode),
      soci::into(s.draw_at), soci::into(s.drawn_at), soci::into(s.seed), soci::into(s.status),
      soci::into(s.allocation_id, allocation_ind);
  if (!sql.got_data()) return std::nullopt;
  if (allocation_ind != soci::i_ok) s.allocation_id = 0;
  return s;
}

std::optional<QueueBooking> QueueRepository::find_booking(soci::session& sql, long long booking_id) {
  QueueBooking b;
  soci::indicator target_ind = soci::i_null;
  sql << "SELECT b.id, b.slot_id, b.organisation_id, CAST(COALESCE(b.beneficiary_id, 0) AS BIGINT), "
         "b.allocation_target_id, "
         "b.places, b.code, "
         "b.status, o.title, s.starts_at, b.offer_expires_at, s.mode FROM bookings b "
         "JOIN outing_slots s ON s.id = b.slot_id JOIN outing_offers o ON o.id = s.offer_id WHERE b.id = :id",
      soci::use(booking_id), soci::into(b.id), soci::into(b.slot_id), soci::into(b.organisation_id),
      soci::into(b.beneficiary_id), soci::into(b.target_id, target_ind), soci::into(b.places), soci::into(b.code),
      soci::into(b.status), soci::into(b.title), soci::into(b.starts_at), soci::into(b.offer_expires_at),
      soci::into(b.slot_mode);
  if (!sql.got_data()) return std::nullopt;
  if (target_ind != soci::i_ok) b.target_id = 0;
  return b;
}

std::optional<QueueMail> QueueRepository::mail_of(soci::session& sql, long long booking_id) {
  QueueMail m;
  sql << "SELECT b.code, u.email, u.locale, o.title, s.starts_at, b.offer_expires_at, b.places "
         "FROM bookings b JOIN users u ON u.id = b.referent_id JOIN outing_slots s ON s.id = b.slot_id "
         "JOIN outing_offers o ON o.id = s.offer_id WHERE b.id = :id",
      soci::use(booking_id), soci::into(m.code), soci::into(m.email), soci::into(m.locale), soci::into(m.title),
      soci::into(m.starts_at), soci::into(m.expires), soci::into(m.places);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

long long QueueRepository::max_position(soci::session& sql, long long slot_id) {
  long long pos = 0;
  soci::indicator ind = soci::i_null;
  store::prepared(sql, "SELECT MAX(queue_position) FROM bookings WHERE slot_id = :s", soci::use(slot_id),
                  soci::into(pos, ind));
  return ind == soci::i_ok ? pos : 0;
}

std::vector<std::pair<long long, long long>> QueueRepository::waiting(soci::session& sql, long long slot_id) {
  std::vector<std::pair<long long, long long>> out;
  long long id = 0, places = 0;
  soci::statement st = (sql.prepare << "SELECT id, places FROM bookings WHERE slot_id = :s AND status = 'waiting' "
                                       "ORDER BY queue_position, id",
                        soci::use(slot_id), soci::into(id), soci::into(places));
  st.execute();
  while (st.fetch()) out.emplace_back(id, places);
  return out;
}

bool QueueRepository::take_seats(soci::session& sql, long long slot_id, long long places, long long now) {
  return store::prepared(sql,
                         "UPDATE outing_slots SET booked = booked + :n, updated_at = :now "
                         "WHERE id = :id AND status = 'open' AND booked + :n2 <= capacity",
                         soci::use(places), soci::use(now), soci::use(slot_id), soci::use(places))
             .affected == 1;
}

void QueueRepository::release_seats(soci::session& sql, long long slot_id, long long places, long long now) {
  sql << "UPDATE outing_slots SET booked = booked - :n, updated_at = :now WHERE id = :id AND booked >= :n2",
      soci::use(places), soci::use(now), soci::use(slot_id), soci::use(places);
}

void QueueRepository::set_allocation_target(soci::session& sql, long long booking_id, long long target_id) {
  sql << "UPDATE bookings SET allocation_target_id = :t WHERE id = :id", soci::use(target_id), soci::use(booking_id);
}

bool QueueRepository::claim_draw(soci::session& sql, long long slot_id, const std::string& seed, long long now) {
  return store::prepared(sql,
                         "UPDATE outing_slots SET drawn_at = :now, draw_seed = :seed, updated_at = :now2 "
                         "WHERE id = :id AND drawn_at = 0 AND mode = 'draw'",
                         soci::use(now), soci::use(seed), soci::use(now), soci::use(slot_id))
             .affected == 1;
}

std::vector<DrawRequest> QueueRepository::requests(soci::session& sql, long long slot_id) {
  std::vector<DrawRequest> out;
  DrawRequest r;
  soci::statement st =
      (sql.prepare << "SELECT id, code, places, CAST(COALESCE(beneficiary_id, 0) AS BIGINT) FROM bookings "
                      "WHERE slot_id = :s AND status = 'requested' ORDER BY id",
       soci::use(slot_id), soci::into(r.booking_id), soci::into(r.code), soci::into(r.places),
       soci::into(r.beneficiary_id));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

long long QueueRepository::prior_outings(soci::session& sql, long long beneficiary_id, long long other_than_slot,
                                         long long since, long long until) {
  long long count = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
         "WHERE b.beneficiary_id = :b AND b.slot_id <> :s AND b.status IN ('used','confirmed') "
         "AND s.starts_at >= :since AND s.starts_at < :now",
      soci::use(beneficiary_id), soci::use(other_than_slot), soci::use(since), soci::use(until), soci::into(count);
  return count;
}

std::vector<DrawnBooking> QueueRepository::drawn(soci::session& sql, long long slot_id) {
  std::vector<DrawnBooking> out;
  DrawnBooking d;
  soci::statement st =
      (sql.prepare << "SELECT b.id, b.code, b.places, b.status, ev.note FROM bookings b "
                      "JOIN booking_events ev ON ev.booking_id = b.id AND ev.from_status = 'requested' "
                      "AND ev.reason = 'draw' WHERE b.slot_id = :s ORDER BY b.id",
       soci::use(slot_id), soci::into(d.booking_id), soci::into(d.code), soci::into(d.places), soci::into(d.status),
       soci::into(d.note));
  st.execute();
  while (st.fetch()) out.push_back(d);
  return out;
}

std::vector<long long> QueueRepository::due_draws(soci::session& sql, long long now) {
  return ids(sql,
             "SELECT id FROM outing_slots WHERE mode = 'draw' AND drawn_at = 0 AND status = 'open' "
             "AND draw_at <= :now ORDER BY draw_at, id",
             now);
}

std::vector<long long> QueueRepository::expired_offers(soci::session& sql, long long now) {
  return ids(sql,
             "SELECT id FROM bookings WHERE status = 'offered' AND offer_expires_at <= :now "
             "ORDER BY offer_expires_at, id",
             now);
}

std::vector<long long> QueueRepository::stale_requests(soci::session& sql, long long now) {
  return ids(sql,
             "SELECT b.id FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
             "WHERE b.status IN ('waiting','requested') AND s.starts_at <= :now ORDER BY b.id",
             now);
}

}  // namespace trame::bookings
