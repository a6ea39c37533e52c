#include "outings/requests/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::outing_requests {

namespace {

const char* kSelect =
    "SELECT r.id, r.offer_id, o.title, o.venue_id, COALESCE(o.partner_id, 0), v.name, r.organisation_id, g.name, "
    "r.requested_by, u.email, r.status, r.date1, r.date2, r.date3, r.proposed_at, r.age_0_5, r.age_6_11, "
    "r.age_12_17, r.age_18_25, r.age_26_59, r.age_60_plus, r.staff, r.needs, r.decline_reason, "
    "COALESCE(r.slot_id, 0), COALESCE(r.booking_id, 0), r.created_at, r.updated_at "
    "FROM outing_requests r JOIN outing_offers o ON o.id = r.offer_id JOIN organisations v ON v.id = o.venue_id "
    "JOIN organisations g ON g.id = r.organisation_id JOIN users u ON u.id = r.requested_by ";

#define TRAME_REQUEST_INTO(r)                                                                                     \
  soci::into((r).id), soci::into((r).offer_id), soci::into((r).offer_title), soci::into((r).venue_id),            \
      soci::into((r).partner_id), soci::into((r).venue_name), soci::into((r).organisation_id),                    \
      soci::into((r).organisation_name), soci::into((r).requested_by), soci::into((r).requester_email),           \
      soci::into((r).status), soci::into((r).dates[0]), soci::into((r).dates[1]), soci::into((r).dates[2]),       \
      soci::into((r).proposed_at), soci::into((r).ages[0]), soci::into((r).ages[1]), soci::into((r).ages[2]),     \
      soci::into((r).ages[3]), soci::into((r).ages[4]), soci::into((r).ages[5]), soci::into((r).staff),           \
      soci::into((r).needs), soci::into((r).decline_reason), soci::into((r).slot_id), soci::into((r).booking_id), \
      soci::into((r).created_at), soci::into((r).updated_at)

// The list's condition; ids are numbers (never user text), the status is bound.
std::string where(soci::session& sql, const ListFilter& f) {
  std::string who;
  if (f.venues_all) who = "1 = 1";
  else who = store::in_ids(sql, "o.venue_id", f.venues) + " OR " + store::in_ids(sql, "o.partner_id", f.venues);
  who += " OR " + store::in_ids(sql, "r.organisation_id", f.relais);
  return "WHERE (" + who + ") AND (:st = '' OR r.status = :st2) ";
}

}  // namespace

long long Repository::insert(soci::session& sql, const Request& r) {
  long long id = 0;
  sql << "INSERT INTO outing_requests (offer_id, organisation_id, requested_by, status, date1, date2, date3, "
         "age_0_5, age_6_11, age_12_17, age_18_25, age_26_59, age_60_plus, staff, needs, created_at, updated_at) "
         "VALUES (:o, :g, :u, 'sent', :d1, :d2, :d3, :a0, :a1, :a2, :a3, :a4, :a5, :s, :n, :c, :up) RETURNING id",
      soci::use(r.offer_id), soci::use(r.organisation_id), soci::use(r.requested_by), soci::use(r.dates[0]),
      soci::use(r.dates[1]), soci::use(r.dates[2]), soci::use(r.ages[0]), soci::use(r.ages[1]), soci::use(r.ages[2]),
      soci::use(r.ages[3]), soci::use(r.ages[4]), soci::use(r.ages[5]), soci::use(r.staff), soci::use(r.needs),
      soci::use(r.created_at), soci::use(r.updated_at), soci::into(id);
  return id;
}

std::optional<Request> Repository::find(soci::session& sql, long long id) {
  Request r;
  sql << std::string(kSelect) + "WHERE r.id = :id", TRAME_REQUEST_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r;
}

std::vector<Request> Repository::list(soci::session& sql, const ListFilter& f, long long offset, long long limit) {
  Request r;
  std::vector<Request> out;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + where(sql, f) +
                          "ORDER BY r.updated_at DESC, r.id DESC LIMIT :l OFFSET :off",
       TRAME_REQUEST_INTO(r), soci::use(f.status), soci::use(f.status), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(r);
  return out;
}

long long Repository::count(soci::session& sql, const ListFilter& f) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM outing_requests r JOIN outing_offers o ON o.id = r.offer_id " +
             where(sql, f),
      soci::use(f.status), soci::use(f.status), soci::into(n);
  return n;
}

void Repository::insert_message(soci::session& sql, const Message& m) {
  sql << "INSERT INTO outing_request_messages (request_id, author_id, side, kind, body, created_at) "
         "VALUES (:r, :a, :s, :k, :b, :c)",
      soci::use(m.request_id), soci::use(m.author_id), soci::use(m.side), soci::use(m.kind), soci::use(m.body),
      soci::use(m.created_at);
}

std::vector<Message> Repository::messages(soci::session& sql, long long request_id) {
  Message m;
  std::vector<Message> out;
  soci::statement st =
      (sql.prepare << "SELECT m.id, m.request_id, m.author_id, u.email, m.side, m.kind, m.body, m.created_at "
                      "FROM outing_request_messages m JOIN users u ON u.id = m.author_id WHERE m.request_id = :r "
                      "ORDER BY m.id",
       soci::into(m.id), soci::into(m.request_id), soci::into(m.author_id), soci::into(m.author), soci::into(m.side),
       soci::into(m.kind), soci::into(m.body), soci::into(m.created_at), soci::use(request_id));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

bool Repository::move(soci::session& sql, long long id, const std::vector<std::string>& from, const std::string& to,
                      long long now) {
  // At most two states to move from (sent, proposed): both bound.
  std::string a = from.empty() ? std::string() : from.front();
  std::string b = from.size() > 1 ? from[1] : a;
  soci::statement st = (sql.prepare << "UPDATE outing_requests SET status = :to, updated_at = :u "
                                       "WHERE id = :id AND status IN (:a, :b)",
                        soci::use(to), soci::use(now), soci::use(id), soci::use(a), soci::use(b));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::propose(soci::session& sql, long long id, long long at, long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_requests SET status = 'proposed', proposed_at = :p, "
                                       "updated_at = :u WHERE id = :id AND status IN ('sent', 'proposed')",
                        soci::use(at), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::decline(soci::session& sql, long long id, const std::string& reason, long long now) {
  soci::statement st = (sql.prepare << "UPDATE outing_requests SET status = 'declined', decline_reason = :r, "
                                       "updated_at = :u WHERE id = :id AND status IN ('sent', 'proposed')",
                        soci::use(reason), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_booking(soci::session& sql, long long id, long long slot_id, long long booking_id) {
  sql << "UPDATE outing_requests SET slot_id = :s, booking_id = :b WHERE id = :id", soci::use(slot_id),
      soci::use(booking_id), soci::use(id);
}

std::optional<Repository::OfferRow> Repository::offer(soci::session& sql, long long offer_id) {
  OfferRow o;
  sql << "SELECT id, venue_id, COALESCE(partner_id, 0), title, status, on_request FROM outing_offers WHERE id = :id",
      soci::into(o.id), soci::into(o.venue_id), soci::into(o.partner_id), soci::into(o.title), soci::into(o.status),
      soci::into(o.on_request), soci::use(offer_id);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

std::vector<std::string> Repository::venue_emails(soci::session& sql, long long venue_id, long long partner_id) {
  std::vector<std::string> out;
  std::string email;
  soci::statement st = (sql.prepare << "SELECT DISTINCT u.email FROM memberships m JOIN users u ON u.id = m.user_id "
                                       "WHERE m.organisation_id IN (:v, :p) AND u.disabled = 0 "
                                       "AND m.role = 'partner_staff' ORDER BY u.email LIMIT 20",
                        soci::use(venue_id), soci::use(partner_id), soci::into(email));
  st.execute();
  while (st.fetch()) out.push_back(email);
  return out;
}

std::string Repository::organisation_name(soci::session& sql, long long id) {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::into(name), soci::use(id);
  return sql.got_data() ? name : std::string();
}

}  // namespace trame::outing_requests
