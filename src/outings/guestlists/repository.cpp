#include "outings/guestlists/repository.hpp"

namespace trame::guestlists {

std::optional<Slot> Repository::find_slot(soci::session& sql, long long slot_id) {
  Slot s;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT s.id, s.offer_id, o.title, o.venue_id, o.partner_id, v.name, s.starts_at, s.ends_at, s.capacity, "
         "s.booked, s.status FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id "
         "JOIN organisations v ON v.id = o.venue_id WHERE s.id = :id",
      soci::into(s.id, ind), soci::into(s.offer_id), soci::into(s.offer_title), soci::into(s.venue_id),
      soci::into(s.partner_id), soci::into(s.venue_name), soci::into(s.starts_at), soci::into(s.ends_at),
      soci::into(s.capacity), soci::into(s.booked), soci::into(s.status), soci::use(slot_id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::vector<Guest> Repository::guests(soci::session& sql, long long slot_id, long long offset, long long limit) {
  Guest g;
  int motor = 0, visual = 0, hearing = 0, mental = 0;
  std::string kind;
  if (limit <= 0) limit = 1000000000;
  soci::statement st =
      (sql.prepare << "SELECT b.id, b.code, b.places, b.status, b.needs_motor, b.needs_visual, b.needs_hearing, "
                      "b.needs_mental, r.name, b.checked_in_at, b.kind, CAST(COALESCE(g.staff, 0) AS BIGINT), "
                      "CAST(COALESCE(g.arrived, 0) AS BIGINT) FROM bookings b "
                      "JOIN organisations r ON r.id = b.organisation_id "
                      "LEFT JOIN outing_booking_groups g ON g.booking_id = b.id "
                      "WHERE b.slot_id = :s AND b.status IN ('confirmed', 'used', 'no_show') "
                      "ORDER BY b.code LIMIT :l OFFSET :o",
       soci::into(g.booking_id), soci::into(g.code), soci::into(g.places), soci::into(g.status), soci::into(motor),
       soci::into(visual), soci::into(hearing), soci::into(mental), soci::into(g.relais_name),
       soci::into(g.checked_in_at), soci::into(kind), soci::into(g.staff), soci::into(g.arrived), soci::use(slot_id),
       soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Guest> out;
  while (st.fetch()) {
    g.group = kind == "group";
    g.needs_motor = motor != 0;
    g.needs_visual = visual != 0;
    g.needs_hearing = hearing != 0;
    g.needs_mental = mental != 0;
    out.push_back(g);
  }
  return out;
}

Totals Repository::totals(soci::session& sql, long long slot_id) {
  Totals t;
  // A group present counts the people who came, not its places.
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(b.places), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN b.status <> 'used' THEN 0 WHEN b.kind = 'group' THEN COALESCE(g.arrived, 0) "
         "ELSE b.places END), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN b.status = 'used' THEN 1 ELSE 0 END), 0) AS BIGINT) "
         "FROM bookings b LEFT JOIN outing_booking_groups g ON g.booking_id = b.id "
         "WHERE b.slot_id = :s AND b.status IN ('confirmed', 'used', 'no_show')",
      soci::into(t.bookings), soci::into(t.expected), soci::into(t.present), soci::into(t.present_bookings),
      soci::use(slot_id);
  return t;
}

namespace {
const char* kMatch = "SELECT id, kind, slot_id, code, status, places, checked_in_at FROM bookings ";
}

std::optional<CodeMatch> Repository::find_by_code(soci::session& sql, const std::string& code) {
  CodeMatch m;
  sql << std::string(kMatch) + "WHERE code = :c", soci::into(m.booking_id), soci::into(m.kind), soci::into(m.slot_id),
      soci::into(m.code), soci::into(m.status), soci::into(m.places), soci::into(m.checked_in_at), soci::use(code);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

std::optional<CodeMatch> Repository::find_booking(soci::session& sql, long long booking_id) {
  CodeMatch m;
  sql << std::string(kMatch) + "WHERE id = :id", soci::into(m.booking_id), soci::into(m.kind), soci::into(m.slot_id),
      soci::into(m.code), soci::into(m.status), soci::into(m.places), soci::into(m.checked_in_at),
      soci::use(booking_id);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

void Repository::insert_event(soci::session& sql, long long booking_id, long long at, long long actor_id,
                              const std::string& actor_label, const std::string& from, const std::string& to,
                              const std::string& note) {
  sql << "INSERT INTO booking_events (booking_id, at, actor_id, actor_label, from_status, to_status, reason, note) "
         "VALUES (:b, :a, :ai, :al, :f, :t, '', :n)",
      soci::use(booking_id), soci::use(at), soci::use(actor_id), soci::use(actor_label), soci::use(from), soci::use(to),
      soci::use(note);
}

}  // namespace trame::guestlists
