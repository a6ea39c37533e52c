#include "outings/followup/repository.hpp"

#include "network/organisations/delegation_sql.hpp"

#include "platform/store/id_list.hpp"

namespace trame::followup {

std::optional<BookingScope> Repository::booking_scope(soci::session& sql, long long booking_id) {
  BookingScope s;
  sql << "SELECT b.id, b.organisation_id, o.venue_id, o.partner_id, b.referent_id, b.code, b.status, o.title, "
         "sl.starts_at FROM bookings b JOIN outing_slots sl ON sl.id = b.slot_id "
         "JOIN outing_offers o ON o.id = sl.offer_id WHERE b.id = :id",
      soci::use(booking_id), soci::into(s.booking_id), soci::into(s.organisation_id), soci::into(s.venue_id),
      soci::into(s.partner_id), soci::into(s.referent_id), soci::into(s.code), soci::into(s.status),
      soci::into(s.title), soci::into(s.starts_at);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::optional<Feedback> Repository::feedback(soci::session& sql, long long booking_id) {
  Feedback f;
  int consent = 0, published = 0;
  sql << "SELECT booking_id, reaction, quote, quote_consent, quote_published, recorded_at FROM outing_feedback "
         "WHERE booking_id = :id",
      soci::use(booking_id), soci::into(f.booking_id), soci::into(f.reaction), soci::into(f.quote), soci::into(consent),
      soci::into(published), soci::into(f.recorded_at);
  if (!sql.got_data()) return std::nullopt;
  f.quote_consent = consent != 0;
  f.quote_published = published != 0;
  return f;
}

void Repository::save_feedback(soci::session& sql, const Feedback& f, long long actor_id) {
  int consent = f.quote_consent ? 1 : 0;
  sql << "INSERT INTO outing_feedback (booking_id, reaction, quote, quote_consent, quote_published, recorded_by, "
         "recorded_at) VALUES (:b, :r, :q, :c, 0, :by, :at) ON CONFLICT (booking_id) DO UPDATE SET "
         "reaction = excluded.reaction, quote = excluded.quote, quote_consent = excluded.quote_consent, "
         "quote_published = 0, recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
      soci::use(f.booking_id), soci::use(f.reaction), soci::use(f.quote), soci::use(consent), soci::use(actor_id),
      soci::use(f.recorded_at);
}

long long Repository::set_published(soci::session& sql, long long booking_id, bool published) {
  int p = published ? 1 : 0;
  soci::statement st = (sql.prepare << "UPDATE outing_feedback SET quote_published = :p WHERE booking_id = :id "
                                       "AND quote_consent = 1 AND quote <> ''",
                        soci::use(p), soci::use(booking_id));
  st.execute(true);
  return st.get_affected_rows();
}

namespace {
const char* kQuoteSelect =
    "SELECT f.booking_id, o.id, o.title, f.reaction, f.quote, f.quote_published, f.recorded_at, o.venue_id, "
    "o.partner_id FROM outing_feedback f JOIN bookings b ON b.id = f.booking_id "
    "JOIN outing_slots s ON s.id = b.slot_id JOIN outing_offers o ON o.id = s.offer_id ";

std::vector<Quote> fetch_quotes(soci::session& sql, const std::string& query, long long a, long long b) {
  std::vector<Quote> out;
  Quote q;
  int published = 0;
  soci::statement st =
      (sql.prepare << query, soci::use(a), soci::use(b), soci::into(q.booking_id), soci::into(q.offer_id),
       soci::into(q.title), soci::into(q.reaction), soci::into(q.quote), soci::into(published),
       soci::into(q.recorded_at), soci::into(q.venue_id), soci::into(q.partner_id));
  st.execute();
  while (st.fetch()) {
    q.published = published != 0;
    out.push_back(q);
  }
  return out;
}

}  // namespace

std::vector<Quote> Repository::published_quotes(soci::session& sql, long long offer_id, long long limit) {
  return fetch_quotes(sql,
                      std::string(kQuoteSelect) +
                          "WHERE o.id = :o AND f.quote_published = 1 ORDER BY f.recorded_at DESC, f.booking_id DESC "
                          "LIMIT :l",
                      offer_id, limit);
}

std::vector<Quote> Repository::consented_quotes(soci::session& sql, const std::vector<long long>& venue_scope,
                                                long long offset, long long limit, long long& total) {
  std::string where = "WHERE f.quote_consent = 1 AND f.quote <> ''";
  if (!venue_scope.empty()) {
    where += " AND (" + store::in_ids(sql, "o.venue_id", venue_scope) + " OR " +
             store::in_ids(sql, "o.partner_id", venue_scope) + ")";
  }
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_feedback f JOIN bookings b ON b.id = f.booking_id "
         "JOIN outing_slots s ON s.id = b.slot_id JOIN outing_offers o ON o.id = s.offer_id " +
             where,
      soci::into(total);
  return fetch_quotes(
      sql, std::string(kQuoteSelect) + where + " ORDER BY f.recorded_at DESC, f.booking_id DESC LIMIT :l OFFSET :o",
      limit, offset);
}

namespace {
const char* kSiteQuoteSelect =
    "SELECT f.booking_id, f.quote, COALESCE(r.name, ''), o.title, f.recorded_at, f.recorded_by "
    "FROM outing_feedback f JOIN bookings b ON b.id = f.booking_id JOIN outing_slots s ON s.id = b.slot_id "
    "JOIN outing_offers o ON o.id = s.offer_id LEFT JOIN organisations r ON r.id = b.organisation_id "
    "WHERE f.quote_consent = 1 AND f.quote <> '' ";
}  // namespace

std::vector<ConsentedQuote> Repository::consented_for_site(soci::session& sql, long long offset, long long limit,
                                                           long long& total) {
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_feedback f WHERE f.quote_consent = 1 AND f.quote <> ''",
      soci::into(total);
  ConsentedQuote q;
  soci::statement st = (sql.prepare << std::string(kSiteQuoteSelect) +
                                           "ORDER BY f.recorded_at DESC, f.booking_id DESC LIMIT :l OFFSET :o",
                        soci::into(q.booking_id), soci::into(q.quote), soci::into(q.relais), soci::into(q.offer_title),
                        soci::into(q.recorded_at), soci::into(q.recorded_by), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<ConsentedQuote> out;
  while (st.fetch()) out.push_back(q);
  return out;
}

std::optional<ConsentedQuote> Repository::consented_for_site(soci::session& sql, long long booking_id) {
  ConsentedQuote q;
  sql << std::string(kSiteQuoteSelect) + "AND f.booking_id = :id", soci::into(q.booking_id), soci::into(q.quote),
      soci::into(q.relais), soci::into(q.offer_title), soci::into(q.recorded_at), soci::into(q.recorded_by),
      soci::use(booking_id);
  if (!sql.got_data()) return std::nullopt;
  return q;
}

std::vector<long long> Repository::slots_needing_reminder(soci::session& sql, long long before) {
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st =
      (sql.prepare << "SELECT s.id FROM outing_slots s WHERE s.attendance_reminded_at = 0 AND s.status = 'open' "
                      "AND (CASE WHEN s.ends_at > 0 THEN s.ends_at ELSE s.starts_at END) < :before "
                      "AND EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status = 'confirmed') "
                      "ORDER BY s.id",
       soci::use(before), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

bool Repository::claim_reminder(soci::session& sql, long long slot_id, long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_slots SET attendance_reminded_at = :now WHERE id = :id "
                                       "AND attendance_reminded_at = 0",
                        soci::use(now), soci::use(slot_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Repository::Recipient> Repository::reminder_recipients(soci::session& sql, long long slot_id) {
  std::vector<Recipient> out;
  std::string email, locale, title, code;
  long long starts_at = 0;
  soci::statement st =
      (sql.prepare << "SELECT u.email, u.locale, o.title, s.starts_at, b.code FROM bookings b "
                      "JOIN users u ON u.id = b.referent_id JOIN outing_slots s ON s.id = b.slot_id "
                      "JOIN outing_offers o ON o.id = s.offer_id WHERE b.slot_id = :s AND b.status = 'confirmed' "
                      "ORDER BY u.email, b.code",
       soci::use(slot_id), soci::into(email), soci::into(locale), soci::into(title), soci::into(starts_at),
       soci::into(code));
  st.execute();
  while (st.fetch()) {
    if (out.empty() || out.back().email != email) out.push_back({email, locale, title, starts_at, {}});
    out.back().codes.push_back(code);
  }
  return out;
}

namespace {
const char* kBookingSelect =
    "SELECT b.id, b.code, b.status, COALESCE(p.code, ''), o.title, o.id, s.id, s.starts_at, b.places, "
    "b.offer_expires_at, org.name, COALESCE(f.reaction, '') FROM bookings b "
    "LEFT JOIN beneficiaries p ON p.id = b.beneficiary_id "
    "JOIN outing_slots s ON s.id = b.slot_id JOIN outing_offers o ON o.id = s.offer_id "
    "JOIN organisations org ON org.id = b.organisation_id LEFT JOIN outing_feedback f ON f.booking_id = b.id ";
}

namespace {

// What each list of the dashboard selects (its condition on :a the referent, :b now) and its order.
struct ListQuery {
  const char* where;
  const char* order;
};

ListQuery list_query(Repository::List list) {
  switch (list) {
    case Repository::List::upcoming:
      return {"b.referent_id = :a AND s.starts_at > :b AND b.status IN ('confirmed','offered','waiting','requested')",
              "s.starts_at, b.id"};
    case Repository::List::to_accept:
      return {"b.referent_id = :a AND b.status = 'offered' AND b.offer_expires_at > :b", "b.offer_expires_at, b.id"};
    case Repository::List::to_feedback:
      return {"b.referent_id = :a AND b.status = 'used' AND f.booking_id IS NULL AND s.starts_at <= :b",
              "s.starts_at DESC, b.id"};
    case Repository::List::to_record: break;
  }
  return {
      "b.referent_id = :a AND b.status = 'confirmed' AND "
      "(CASE WHEN s.ends_at > 0 THEN s.ends_at ELSE s.starts_at END) <= :b",
      "s.starts_at, b.id"};
}

// Booking lines matching `where` (fixed text of this file; its values bound in order from `values`).
std::vector<BookingLine> booking_lines(soci::session& sql, const std::string& where, const std::string& order,
                                       std::vector<long long> values, long long offset, long long limit) {
  std::vector<BookingLine> out;
  BookingLine l;
  values.push_back(limit);
  values.push_back(offset);
  soci::statement st(sql);
  for (auto& v : values) st.exchange(soci::use(v));
  st.exchange(soci::into(l.id));
  st.exchange(soci::into(l.code));
  st.exchange(soci::into(l.status));
  st.exchange(soci::into(l.beneficiary_code));
  st.exchange(soci::into(l.title));
  st.exchange(soci::into(l.offer_id));
  st.exchange(soci::into(l.slot_id));
  st.exchange(soci::into(l.starts_at));
  st.exchange(soci::into(l.places));
  st.exchange(soci::into(l.offer_expires_at));
  st.exchange(soci::into(l.organisation_name));
  st.exchange(soci::into(l.reaction));
  st.alloc();
  st.prepare(std::string(kBookingSelect) + "WHERE " + where + " ORDER BY " + order + " LIMIT :l OFFSET :o");
  st.define_and_bind();
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

}  // namespace

std::vector<BookingLine> Repository::referent_bookings(soci::session& sql, List list, long long referent_id,
                                                       long long now, long long offset, long long limit) {
  auto q = list_query(list);
  return booking_lines(sql, q.where, q.order, {referent_id, now}, offset, limit);
}

long long Repository::count_referent_bookings(soci::session& sql, List list, long long referent_id, long long now) {
  long long n = 0;
  sql << std::string(
             "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
             "LEFT JOIN outing_feedback f ON f.booking_id = b.id WHERE ") +
             list_query(list).where,
      soci::use(referent_id), soci::use(now), soci::into(n);
  return n;
}

std::vector<BookingLine> Repository::history(soci::session& sql, const std::vector<long long>& organisations,
                                             long long offset, long long limit) {
  return booking_lines(sql, store::in_ids(sql, "b.organisation_id", organisations), "s.starts_at DESC, b.id DESC", {},
                       offset, limit);
}

long long Repository::count_history(soci::session& sql, const std::vector<long long>& organisations) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM bookings b WHERE " +
             store::in_ids(sql, "b.organisation_id", organisations),
      soci::into(n);
  return n;
}

std::vector<Person> Repository::people(soci::session& sql, long long referent_id, long long now, long long offset,
                                       long long limit, long long& total) {
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM beneficiaries WHERE referent_id = :r AND status = 'active'",
      soci::use(referent_id), soci::into(total);
  std::vector<Person> out;
  Person p;
  soci::statement st =
      (sql.prepare
           << "SELECT p.id, p.code, p.age_band, "
              "CAST((SELECT COUNT(*) FROM bookings b WHERE b.beneficiary_id = p.id AND b.status = 'used') AS BIGINT), "
              "CAST((SELECT COUNT(*) FROM bookings b JOIN outing_slots s ON s.id = b.slot_id "
              "WHERE b.beneficiary_id = p.id AND b.status = 'confirmed' AND s.starts_at > :now) AS BIGINT) "
              "FROM beneficiaries p WHERE p.referent_id = :r AND p.status = 'active' ORDER BY p.code "
              "LIMIT :l OFFSET :o",
       soci::use(now), soci::use(referent_id), soci::use(limit), soci::use(offset), soci::into(p.id),
       soci::into(p.code), soci::into(p.age_band), soci::into(p.outings), soci::into(p.upcoming));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

std::vector<PeriodSlot> Repository::period_slots(soci::session& sql, long long from, long long to) {
  // Places per slot from outing_slot_totals (migration 0091: outing_slot_figures summed over relais). A group
  // holds its headcount; of a group checked in, the people who came count as used.
  std::vector<PeriodSlot> out;
  PeriodSlot r;
  int open = 0;
  soci::statement st =
      (sql.prepare << "SELECT s.id, s.starts_at, s.capacity, CASE WHEN s.status = 'open' THEN 1 ELSE 0 END, "
                      "o.category, o.venue_id, o.partner_id, COALESCE(s.allocation_id, 0), "
                      "COALESCE(t.held_places, 0), COALESCE(t.person_used_places + t.group_arrived, 0), "
                      "COALESCE(t.noshow_places, 0), COALESCE(t.person_used_bookings, 0), "
                      "COALESCE(t.qpv_used_bookings, 0) "
                      "FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id "
                      "LEFT JOIN outing_slot_totals t ON t.slot_id = s.id "
                      "WHERE s.starts_at >= :from AND s.starts_at < :to",
       soci::use(from), soci::use(to), soci::into(r.slot_id), soci::into(r.starts_at), soci::into(r.capacity),
       soci::into(open), soci::into(r.category), soci::into(r.venue_id), soci::into(r.partner_id),
       soci::into(r.allocation_id), soci::into(r.held), soci::into(r.used_places), soci::into(r.noshow_places),
       soci::into(r.person_used_bookings), soci::into(r.qpv_used_bookings));
  st.execute();
  while (st.fetch()) {
    r.open = open != 0;
    out.push_back(r);
  }
  return out;
}

std::map<long long, PeriodOrganisation> Repository::period_organisations(soci::session& sql,
                                                                         const std::vector<long long>& ids) {
  // The délégations of the commune as the page always joined them: one row per (EPCI, délégation) match.
  std::map<long long, PeriodOrganisation> out;
  long long id = 0;
  std::string name, delegation_key, delegation_name, branch_key, branch_name;
  soci::statement st = (sql.prepare << "SELECT v.id, v.name, COALESCE(CAST(d.id AS TEXT), ''), COALESCE(d.name, ''), "
                                       "COALESCE(CAST(nb.id AS TEXT), ''), COALESCE(nb.name, '') FROM organisations v "
                                       "LEFT JOIN communes c ON c.code = v.commune_code " +
                                           organisations::delegation_joins("c", "de", "d", true) +
                                           " LEFT JOIN network_branches nb ON nb.id = v.branch_id WHERE " +
                                           store::in_ids(sql, "v.id", ids),
                        soci::into(id), soci::into(name), soci::into(delegation_key), soci::into(delegation_name),
                        soci::into(branch_key), soci::into(branch_name));
  st.execute();
  while (st.fetch()) {
    auto& o = out[id];
    o.name = name;
    o.branch_key = branch_key;
    o.branch_name = branch_name;
    o.delegations.emplace_back(delegation_key, delegation_name);
  }
  return out;
}

std::map<long long, std::string> Repository::allocation_names(soci::session& sql) {
  std::map<long long, std::string> out;
  long long id = 0;
  std::string name;
  soci::statement st = (sql.prepare << "SELECT id, name FROM outing_allocations", soci::into(id), soci::into(name));
  st.execute();
  while (st.fetch()) out[id] = name;
  return out;
}

namespace {
// "(o.venue_id IN (…) OR o.partner_id IN (…))", or "1 = 1" when every organisation is covered
// (an empty list covers none).
std::string organisation_clause(soci::session& sql, const std::vector<long long>& organisations, bool all) {
  if (all) return "o.id > 0";
  if (organisations.empty()) return "o.id < 0";
  return "(" + store::in_ids(sql, "o.venue_id", organisations) + " OR " +
         store::in_ids(sql, "o.partner_id", organisations) + ")";
}

std::vector<SlotLine> slot_lines(soci::session& sql, const std::string& query, long long a, long long b,
                                 long long limit) {
  std::vector<SlotLine> out;
  SlotLine l;
  soci::statement st =
      (sql.prepare << query, soci::use(a), soci::use(b), soci::use(limit), soci::into(l.id), soci::into(l.title),
       soci::into(l.starts_at), soci::into(l.capacity), soci::into(l.booked), soci::into(l.to_record));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}
}  // namespace

std::vector<SlotLine> Repository::upcoming_slots(soci::session& sql, const std::vector<long long>& organisations,
                                                 bool all, long long from, long long to, bool unused_only,
                                                 long long limit, long long& total) {
  std::string where =
      " FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id WHERE s.status = 'open' "
      "AND o.status = 'published' AND s.starts_at >= :a AND s.starts_at < :b AND " +
      organisation_clause(sql, organisations, all) + (unused_only ? " AND s.booked < s.capacity" : "");
  sql << "SELECT CAST(COUNT(*) AS BIGINT)" + where, soci::use(from), soci::use(to), soci::into(total);
  return slot_lines(sql,
                    "SELECT s.id, o.title, s.starts_at, s.capacity, s.booked, CAST(0 AS BIGINT)" + where +
                        " ORDER BY s.starts_at, s.id LIMIT :l",
                    from, to, limit);
}

std::vector<SlotLine> Repository::attendance_overdue(soci::session& sql, const std::vector<long long>& organisations,
                                                     bool all, long long since, long long before, long long limit,
                                                     long long& total) {
  std::string where =
      " FROM outing_slots s JOIN outing_offers o ON o.id = s.offer_id WHERE s.status = 'open' "
      "AND s.starts_at >= :a AND (CASE WHEN s.ends_at > 0 THEN s.ends_at ELSE s.starts_at END) < :b "
      "AND EXISTS (SELECT 1 FROM bookings b WHERE b.slot_id = s.id AND b.status = 'confirmed') AND " +
      organisation_clause(sql, organisations, all);
  sql << "SELECT CAST(COUNT(*) AS BIGINT)" + where, soci::use(since), soci::use(before), soci::into(total);
  return slot_lines(sql,
                    "SELECT s.id, o.title, s.starts_at, s.capacity, s.booked, (SELECT CAST(COUNT(*) AS BIGINT) FROM "
                    "bookings b WHERE b.slot_id = s.id AND b.status = 'confirmed')" +
                        where + " ORDER BY s.starts_at, s.id LIMIT :l",
                    since, before, limit);
}

}  // namespace trame::followup
