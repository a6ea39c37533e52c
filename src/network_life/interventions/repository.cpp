#include "network_life/interventions/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::interventions {

namespace {

const char* kOfferSelect =
    "SELECT f.id, f.organiser_id, o.name, f.title, f.description, f.duration_minutes, f.audience, f.capacity, "
    "f.needs, f.published, f.created_by, f.created_at, f.updated_at "
    "FROM life_intervention_offers f JOIN organisations o ON o.id = f.organiser_id ";

struct OfferRow {
  Offer o;
  long long published = 0;
};

#define TRAME_OFFER_INTO(r)                                                                                         \
  soci::into((r).o.id), soci::into((r).o.organiser_id), soci::into((r).o.organiser_name), soci::into((r).o.title),  \
      soci::into((r).o.description), soci::into((r).o.duration_minutes), soci::into((r).o.audience),                \
      soci::into((r).o.capacity), soci::into((r).o.needs), soci::into((r).published), soci::into((r).o.created_by), \
      soci::into((r).o.created_at), soci::into((r).o.updated_at)

Offer done(OfferRow& r) {
  r.o.published = r.published != 0;
  return r.o;
}

const char* kRequestSelect =
    "SELECT r.id, r.offer_id, r.organiser_id, f.title, og.name, r.requester_org_id, rq.name, r.requested_by, "
    "COALESCE(u.email, ''), r.status, r.date1, r.date2, r.date3, r.audience, r.expected_count, r.place_org_id, "
    "pl.name, r.place_address, r.neighbourhood, COALESCE(c.name, ''), r.priority_area, r.contact_name, "
    "r.contact_email, r.contact_phone, r.message, r.decided_by, r.decided_at, r.decline_reason, r.decision_note, "
    "r.starts_at, r.ends_at, r.sequence, r.scheduled_at, r.cancelled_by, r.cancelled_at, r.cancel_reason, "
    "r.attended_children, r.attended_youth, r.attended_adults, r.attended_seniors, r.done_at, r.team_feedback, "
    "r.satisfaction, r.satisfaction_comment, r.created_at, r.updated_at "
    "FROM life_intervention_requests r JOIN life_intervention_offers f ON f.id = r.offer_id "
    "JOIN organisations og ON og.id = r.organiser_id JOIN organisations rq ON rq.id = r.requester_org_id "
    "JOIN organisations pl ON pl.id = r.place_org_id LEFT JOIN communes c ON c.code = pl.commune_code "
    "LEFT JOIN users u ON u.id = r.requested_by ";

struct RequestRow {
  Request r;
  long long priority = 0;
};

#define TRAME_REQUEST_INTO(x)                                                                                      \
  soci::into((x).r.id), soci::into((x).r.offer_id), soci::into((x).r.organiser_id), soci::into((x).r.offer_title), \
      soci::into((x).r.organiser_name), soci::into((x).r.requester_org_id), soci::into((x).r.requester_org_name),  \
      soci::into((x).r.requested_by), soci::into((x).r.requested_by_email), soci::into((x).r.status),              \
      soci::into((x).r.date1), soci::into((x).r.date2), soci::into((x).r.date3), soci::into((x).r.audience),       \
      soci::into((x).r.expected_count), soci::into((x).r.place_org_id), soci::into((x).r.place_org_name),          \
      soci::into((x).r.place_address), soci::into((x).r.neighbourhood), soci::into((x).r.commune_name),            \
      soci::into((x).priority), soci::into((x).r.contact_name), soci::into((x).r.contact_email),                   \
      soci::into((x).r.contact_phone), soci::into((x).r.message), soci::into((x).r.decided_by),                    \
      soci::into((x).r.decided_at), soci::into((x).r.decline_reason), soci::into((x).r.decision_note),             \
      soci::into((x).r.starts_at), soci::into((x).r.ends_at), soci::into((x).r.sequence),                          \
      soci::into((x).r.scheduled_at), soci::into((x).r.cancelled_by), soci::into((x).r.cancelled_at),              \
      soci::into((x).r.cancel_reason), soci::into((x).r.attended_children), soci::into((x).r.attended_youth),      \
      soci::into((x).r.attended_adults), soci::into((x).r.attended_seniors), soci::into((x).r.done_at),            \
      soci::into((x).r.team_feedback), soci::into((x).r.satisfaction), soci::into((x).r.satisfaction_comment),     \
      soci::into((x).r.created_at), soci::into((x).r.updated_at)

Request done(RequestRow& x) {
  x.r.priority_area = x.priority != 0;
  return x.r;
}

bool changed(soci::statement& st) {
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace

std::optional<Offer> Repository::offer(soci::session& sql, long long id) const {
  OfferRow r;
  sql << std::string(kOfferSelect) + "WHERE f.id = :id", TRAME_OFFER_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return done(r);
}

std::vector<Offer> Repository::offers(soci::session& sql, const std::vector<long long>& managed, bool all) const {
  std::string where =
      all ? std::string("1 = 1") : "(f.published = 1 OR " + store::in_ids(sql, "f.organiser_id", managed) + ")";
  OfferRow r;
  soci::statement st = (sql.prepare << std::string(kOfferSelect) + "WHERE " + where +
                                           " ORDER BY f.published DESC, lower(f.title), f.id LIMIT 200",
                        TRAME_OFFER_INTO(r));
  st.execute();
  std::vector<Offer> out;
  while (st.fetch()) out.push_back(done(r));
  return out;
}

long long Repository::insert_offer(soci::session& sql, const Offer& o, long long now) const {
  long long id = 0;
  long long published = o.published ? 1 : 0;
  sql << "INSERT INTO life_intervention_offers (organiser_id, title, description, duration_minutes, audience, "
         "capacity, needs, published, created_by, created_at, updated_at) VALUES (:o, :t, :d, :m, :a, :c, :n, :p, "
         ":by, :now, :now2) RETURNING id",
      soci::use(o.organiser_id), soci::use(o.title), soci::use(o.description), soci::use(o.duration_minutes),
      soci::use(o.audience), soci::use(o.capacity), soci::use(o.needs), soci::use(published), soci::use(o.created_by),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update_offer(soci::session& sql, const Offer& o, long long now) const {
  long long published = o.published ? 1 : 0;
  sql << "UPDATE life_intervention_offers SET title = :t, description = :d, duration_minutes = :m, audience = :a, "
         "capacity = :c, needs = :n, published = :p, updated_at = :now WHERE id = :id",
      soci::use(o.title), soci::use(o.description), soci::use(o.duration_minutes), soci::use(o.audience),
      soci::use(o.capacity), soci::use(o.needs), soci::use(published), soci::use(now), soci::use(o.id);
}

long long Repository::offer_by_title(soci::session& sql, long long organiser_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM life_intervention_offers WHERE organiser_id = :o AND title = :t ORDER BY id LIMIT 1",
      soci::into(id), soci::use(organiser_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

std::optional<Request> Repository::find(soci::session& sql, long long id) const {
  RequestRow x;
  sql << std::string(kRequestSelect) + "WHERE r.id = :id", TRAME_REQUEST_INTO(x), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return done(x);
}

namespace {

// The filter as a condition on r.* (ids are our own integers, statuses come from the module's fixed list).
std::string where_of(soci::session& sql, const RequestFilter& f) {
  std::string w = f.all ? "1 = 1"
                        : "(" + store::in_ids(sql, "r.organiser_id", f.organisers) + " OR " +
                              store::in_ids(sql, "r.requester_org_id", f.requesters) + ")";
  if (!f.statuses.empty()) {
    std::string in;
    for (const auto& s : f.statuses) {
      std::string quoted;
      for (char c : s) quoted += c == '\'' ? std::string("''") : std::string(1, c);
      in += (in.empty() ? "'" : ",'") + quoted + "'";
    }
    w += " AND r.status IN (" + in + ")";
  }
  if (f.created_to > 0)
    w += " AND r.created_at >= " + std::to_string(f.created_from) + " AND r.created_at < " +
         std::to_string(f.created_to);
  if (f.scheduled) w += " AND r.starts_at > 0";
  if (f.starts_from > 0) w += " AND r.starts_at >= " + std::to_string(f.starts_from);
  if (f.starts_to > 0) w += " AND r.starts_at < " + std::to_string(f.starts_to);
  if (f.ends_from > 0) w += " AND r.ends_at >= " + std::to_string(f.ends_from);
  return w;
}

const char* order_of(RequestOrder o) {
  switch (o) {
    case RequestOrder::newest_first: return "r.created_at DESC, r.id DESC";
    case RequestOrder::oldest_first: return "r.created_at, r.id";
    case RequestOrder::soonest_first: return "r.starts_at, r.id";
    case RequestOrder::latest_first: return "r.starts_at DESC, r.id DESC";
  }
  return "r.id";
}

}  // namespace

std::vector<Request> Repository::requests(soci::session& sql, const RequestFilter& f, RequestOrder order, int limit,
                                          int offset) const {
  RequestRow x;
  soci::statement st = (sql.prepare << std::string(kRequestSelect) + "WHERE " + where_of(sql, f) + " ORDER BY " +
                                           order_of(order) + " LIMIT :l OFFSET :o",
                        TRAME_REQUEST_INTO(x), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Request> out;
  while (st.fetch()) out.push_back(done(x));
  return out;
}

long long Repository::count(soci::session& sql, const RequestFilter& f) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_intervention_requests r WHERE " + where_of(sql, f), soci::into(n);
  return n;
}

long long Repository::insert(soci::session& sql, const Request& r, long long now) const {
  long long id = 0;
  long long priority = r.priority_area ? 1 : 0;
  sql << "INSERT INTO life_intervention_requests (offer_id, organiser_id, requester_org_id, requested_by, status, "
         "date1, date2, date3, audience, expected_count, place_org_id, place_address, neighbourhood, priority_area, "
         "contact_name, contact_email, contact_phone, message, created_at, updated_at) VALUES (:f, :o, :rq, :by, "
         "'requested', :d1, :d2, :d3, :a, :n, :pl, :addr, :nb, :pa, :cn, :ce, :cp, :m, :now, :now2) RETURNING id",
      soci::use(r.offer_id), soci::use(r.organiser_id), soci::use(r.requester_org_id), soci::use(r.requested_by),
      soci::use(r.date1), soci::use(r.date2), soci::use(r.date3), soci::use(r.audience), soci::use(r.expected_count),
      soci::use(r.place_org_id), soci::use(r.place_address), soci::use(r.neighbourhood), soci::use(priority),
      soci::use(r.contact_name), soci::use(r.contact_email), soci::use(r.contact_phone), soci::use(r.message),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

bool Repository::decide_schedule(soci::session& sql, long long id, const std::string& status, long long starts_at,
                                 long long ends_at, const std::string& note, long long by, long long now) const {
  long long scheduled = status == "scheduled" ? now : 0;
  soci::statement st =
      (sql.prepare << "UPDATE life_intervention_requests SET status = :s, starts_at = :a, ends_at = :e, "
                      "decision_note = :n, decided_by = :by, decided_at = :now, scheduled_at = :sc, "
                      "updated_at = :now2 WHERE id = :id AND status = 'requested'",
       soci::use(status), soci::use(starts_at), soci::use(ends_at), soci::use(note), soci::use(by), soci::use(now),
       soci::use(scheduled), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::decline(soci::session& sql, long long id, const std::string& reason, long long by,
                         long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_intervention_requests SET status = 'declined', decline_reason = :r, "
                      "decided_by = :by, decided_at = :now, updated_at = :now2 WHERE id = :id AND status = 'requested'",
       soci::use(reason), soci::use(by), soci::use(now), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::confirm(soci::session& sql, long long id, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_intervention_requests SET status = 'scheduled', scheduled_at = :now, "
                      "updated_at = :now2 WHERE id = :id AND status = 'accepted' AND starts_at > :now3",
       soci::use(now), soci::use(now), soci::use(id), soci::use(now));
  return changed(st);
}

bool Repository::cancel(soci::session& sql, long long id, const std::string& reason, long long by,
                        long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_intervention_requests SET status = 'cancelled', cancel_reason = :r, "
                      "cancelled_by = :by, cancelled_at = :now, sequence = sequence + 1, updated_at = :now2 "
                      "WHERE id = :id AND status IN ('requested','accepted','scheduled') "
                      "AND (starts_at = 0 OR starts_at > :now3)",
       soci::use(reason), soci::use(by), soci::use(now), soci::use(now), soci::use(id), soci::use(now));
  return changed(st);
}

bool Repository::set_attendance(soci::session& sql, long long id, const Request& c, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_intervention_requests SET status = 'done', attended_children = :c, "
                      "attended_youth = :y, attended_adults = :a, attended_seniors = :s, "
                      "done_at = CASE WHEN done_at = 0 THEN :now ELSE done_at END, updated_at = :now2 "
                      "WHERE id = :id AND status IN ('scheduled','done') AND starts_at > 0 AND starts_at <= :now3",
       soci::use(c.attended_children), soci::use(c.attended_youth), soci::use(c.attended_adults),
       soci::use(c.attended_seniors), soci::use(now), soci::use(now), soci::use(id), soci::use(now));
  return changed(st);
}

bool Repository::set_team_feedback(soci::session& sql, long long id, const std::string& text, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_intervention_requests SET team_feedback = :t, updated_at = :now "
                                       "WHERE id = :id AND status = 'done'",
                        soci::use(text), soci::use(now), soci::use(id));
  return changed(st);
}

bool Repository::set_satisfaction(soci::session& sql, long long id, long long value, const std::string& comment,
                                  long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_intervention_requests SET satisfaction = :v, "
                      "satisfaction_comment = :c, updated_at = :now WHERE id = :id AND status = 'done'",
       soci::use(value), soci::use(comment), soci::use(now), soci::use(id));
  return changed(st);
}

std::vector<long long> Repository::due_reminders(soci::session& sql, long long now, long long until, int limit) const {
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM life_intervention_requests WHERE status = 'scheduled' AND "
                                       "reminder_sent_at = 0 AND starts_at > :n AND starts_at <= :u "
                                       "ORDER BY starts_at, id LIMIT :l",
                        soci::into(id), soci::use(now), soci::use(until), soci::use(limit));
  st.execute();
  std::vector<long long> out;
  while (st.fetch()) out.push_back(id);
  return out;
}

bool Repository::claim_reminder(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_intervention_requests SET reminder_sent_at = :n "
                                       "WHERE id = :id AND status = 'scheduled' AND reminder_sent_at = 0",
                        soci::use(now), soci::use(id));
  return changed(st);
}

std::vector<OrgChoice> Repository::directory(soci::session& sql, int limit) const {
  OrgChoice o;
  soci::statement st = (sql.prepare << "SELECT id, name, address FROM organisations WHERE status = 'active' "
                                       "ORDER BY lower(name), id LIMIT :l",
                        soci::into(o.id), soci::into(o.name), soci::into(o.address), soci::use(limit));
  st.execute();
  std::vector<OrgChoice> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

std::optional<OrgChoice> Repository::organisation(soci::session& sql, long long id) const {
  OrgChoice o;
  sql << "SELECT id, name, address FROM organisations WHERE id = :id AND status = 'active'", soci::into(o.id),
      soci::into(o.name), soci::into(o.address), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

long long Repository::organisation_by_name(soci::session& sql, const std::string& name) const {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n", soci::into(id), soci::use(name);
  return sql.got_data() ? id : 0;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::interventions
