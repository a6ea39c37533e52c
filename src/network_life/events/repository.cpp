// SQL of the events: the events, their kinds and registrations (see repository.hpp).
#include "network_life/events/repository.hpp"

#include "platform/store/row.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::events {

namespace {

constexpr const char* kEventColumns =
    "SELECT e.id, e.organiser_id, COALESCE(o.name, ''), e.kind, k.label, k.for_people_supported, e.title, "
    "e.description, e.starts_at, e.ends_at, e.mode, COALESCE(e.place_id, 0), COALESCE(p.name, ''), "
    "COALESCE(p.address, ''), COALESCE(p.accessibility_note, ''), e.place_detail, e.online_url, e.capacity, "
    "e.closes_at, e.visibility, e.status, e.cancelled_at, e.evaluation_campaign_id, e.sequence, e.created_by, "
    "e.created_at, e.updated_at, "
    "(SELECT COUNT(*) FROM life_event_registrations r WHERE r.event_id = e.id AND r.status = 'registered'), "
    "(SELECT COUNT(*) FROM life_event_registrations r WHERE r.event_id = e.id AND r.status = 'waiting') "
    "FROM life_events e JOIN life_event_kinds k ON k.key = e.kind LEFT JOIN organisations o ON o.id = "
    "e.organiser_id LEFT JOIN organisations p ON p.id = e.place_id ";

Event event_of(const soci::row& r) {
  Event e;
  int i = 0;
  e.id = store::as_id(r, i++);
  e.organiser_id = store::as_id(r, i++);
  e.organiser_name = store::as_text(r, i++);
  e.kind = store::as_text(r, i++);
  e.kind_label = store::as_text(r, i++);
  e.for_people_supported = store::as_id(r, i++) != 0;
  e.title = store::as_text(r, i++);
  e.description = store::as_text(r, i++);
  e.starts_at = store::as_id(r, i++);
  e.ends_at = store::as_id(r, i++);
  e.mode = store::as_text(r, i++);
  e.place_id = store::as_id(r, i++);
  e.place_name = store::as_text(r, i++);
  e.place_address = store::as_text(r, i++);
  e.place_accessibility = store::as_text(r, i++);
  e.place_detail = store::as_text(r, i++);
  e.online_url = store::as_text(r, i++);
  e.capacity = store::as_id(r, i++);
  e.closes_at = store::as_id(r, i++);
  e.visibility = store::as_text(r, i++);
  e.status = store::as_text(r, i++);
  e.cancelled_at = store::as_id(r, i++);
  e.evaluation_campaign_id = store::as_id(r, i++);
  e.sequence = store::as_id(r, i++);
  e.created_by = store::as_id(r, i++);
  e.created_at = store::as_id(r, i++);
  e.updated_at = store::as_id(r, i++);
  e.registered = store::as_id(r, i++);
  e.waiting = store::as_id(r, i++);
  return e;
}

constexpr const char* kRegistrationColumns =
    "SELECT r.id, r.event_id, COALESCE(r.user_id, 0), COALESCE(u.name, ''), COALESCE(u.email, ''), "
    "COALESCE(r.beneficiary_id, 0), COALESCE(b.code, ''), r.organisation_id, COALESCE(o.name, ''), "
    "r.registered_by, COALESCE(rb.name, ''), COALESCE(rb.email, ''), r.status, r.attendance, r.created_at, "
    "r.reminded_at FROM life_event_registrations r LEFT JOIN users u ON u.id = r.user_id LEFT JOIN beneficiaries b "
    "ON b.id = r.beneficiary_id LEFT JOIN organisations o ON o.id = r.organisation_id LEFT JOIN users rb ON rb.id = "
    "r.registered_by ";

Registration registration_of(const soci::row& row) {
  Registration r;
  int i = 0;
  r.id = store::as_id(row, i++);
  r.event_id = store::as_id(row, i++);
  r.user_id = store::as_id(row, i++);
  r.user_name = store::as_text(row, i++);
  r.user_email = store::as_text(row, i++);
  r.beneficiary_id = store::as_id(row, i++);
  r.beneficiary_code = store::as_text(row, i++);
  r.organisation_id = store::as_id(row, i++);
  r.organisation_name = store::as_text(row, i++);
  r.registered_by = store::as_id(row, i++);
  r.registered_by_name = store::as_text(row, i++);
  r.registered_by_email = store::as_text(row, i++);
  r.status = store::as_text(row, i++);
  r.attendance = store::as_text(row, i++);
  r.created_at = store::as_id(row, i++);
  r.reminded_at = store::as_id(row, i++);
  return r;
}

long long scalar(soci::session& sql, const std::string& query, long long id) {
  long long n = 0;
  sql << query, soci::use(id), soci::into(n);
  return n;
}

// A count over an event's registrations with a second bound value (a person, a registration).
long long scalar(soci::session& sql, const std::string& query, long long event_id, long long other) {
  long long n = 0;
  sql << query, soci::use(event_id), soci::use(other), soci::into(n);
  return n;
}

std::string list_where(const Filter& f) {
  std::string where = f.past ? "WHERE e.ends_at <= :now" : "WHERE e.ends_at > :now";
  if (f.public_only) where += " AND e.visibility = 'public'";
  where += " AND (:kind = '' OR e.kind = :kind2)";
  return where;
}

const char* kMineWhere =
    "WHERE r.status <> 'cancelled' AND (r.user_id = :me OR (r.beneficiary_id IS NOT NULL AND r.registered_by = "
    ":me2)) ";

}  // namespace

// ---- Events

std::optional<Event> Repository::find(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kEventColumns) + "WHERE e.id = :id", soci::use(id));
  for (const auto& r : rs) return event_of(r);
  return std::nullopt;
}

std::vector<Event> Repository::list(soci::session& sql, const Filter& f, int limit, int offset) const {
  std::vector<Event> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kEventColumns) + list_where(f) +
                          (f.past ? " ORDER BY e.starts_at DESC, e.id DESC" : " ORDER BY e.starts_at, e.id") +
                          " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset),
       soci::use(f.now), soci::use(f.kind), soci::use(f.kind));
  for (const auto& r : rs) out.push_back(event_of(r));
  return out;
}

long long Repository::count(soci::session& sql, const Filter& f) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM life_events e " + list_where(f), soci::use(f.now), soci::use(f.kind), soci::use(f.kind),
      soci::into(n);
  return n;
}

std::vector<Kind> Repository::kinds(soci::session& sql) const {
  std::vector<Kind> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT key, label, for_people_supported FROM life_event_kinds ORDER BY position, key");
  for (const auto& r : rs) out.push_back({store::as_text(r, 0), store::as_text(r, 1), store::as_id(r, 2) != 0});
  return out;
}

bool Repository::kind_exists(soci::session& sql, const std::string& key) const {
  long long kind_ok = 0;
  sql << "SELECT COUNT(*) FROM life_event_kinds WHERE key = :k", soci::use(key), soci::into(kind_ok);
  return kind_ok != 0;
}

long long Repository::insert(soci::session& sql, const Event& e, long long now) const {
  long long id = 0;
  soci::indicator place_ind = e.place_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO life_events (organiser_id, kind, title, description, starts_at, ends_at, mode, place_id, "
         "place_detail, online_url, capacity, closes_at, visibility, created_by, created_at, updated_at) VALUES "
         "(:o, :k, :t, :d, :s, :e, :m, :p, :pd, :u, :c, :cl, :v, :by, :n, :n2) RETURNING id",
      soci::use(e.organiser_id), soci::use(e.kind), soci::use(e.title), soci::use(e.description),
      soci::use(e.starts_at), soci::use(e.ends_at), soci::use(e.mode), soci::use(e.place_id, place_ind),
      soci::use(e.place_detail), soci::use(e.online_url), soci::use(e.capacity), soci::use(e.closes_at),
      soci::use(e.visibility), soci::use(e.created_by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Event& e, long long now) const {
  soci::indicator place_ind = e.place_id ? soci::i_ok : soci::i_null;
  sql << "UPDATE life_events SET kind = :k, title = :t, description = :d, starts_at = :s, ends_at = :e, mode = :m, "
         "place_id = :p, place_detail = :pd, online_url = :u, capacity = :c, closes_at = :cl, visibility = :v, "
         "sequence = :q, updated_at = :n WHERE id = :id",
      soci::use(e.kind), soci::use(e.title), soci::use(e.description), soci::use(e.starts_at), soci::use(e.ends_at),
      soci::use(e.mode), soci::use(e.place_id, place_ind), soci::use(e.place_detail), soci::use(e.online_url),
      soci::use(e.capacity), soci::use(e.closes_at), soci::use(e.visibility), soci::use(e.sequence), soci::use(now),
      soci::use(e.id);
}

void Repository::hold(soci::session& sql, long long id) const {
  store::lock_row(sql, "life_events", id);
}

bool Repository::cancel(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_events SET status = 'cancelled', cancelled_at = :n, sequence = "
                                       "sequence + 1, updated_at = :n2 WHERE id = :id AND status = 'planned'",
                        soci::use(now), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_evaluation(soci::session& sql, long long id, long long campaign_id, long long now) const {
  sql << "UPDATE life_events SET evaluation_campaign_id = :c, updated_at = :n WHERE id = :id", soci::use(campaign_id),
      soci::use(now), soci::use(id);
}

// ---- Registrations

std::vector<Registration> Repository::registrations(soci::session& sql, long long event_id, bool live_only) const {
  std::vector<Registration> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRegistrationColumns) + "WHERE r.event_id = :e" +
                          (live_only ? " AND r.status <> 'cancelled'" : "") +
                          " ORDER BY CASE r.status WHEN 'registered' THEN 0 WHEN 'waiting' THEN 1 ELSE 2 END, r.id",
       soci::use(event_id));
  long long position = 0;
  for (const auto& row : rs) {
    out.push_back(registration_of(row));
    if (out.back().status == "waiting") out.back().position = ++position;
  }
  return out;
}

std::optional<Registration> Repository::registration(soci::session& sql, long long registration_id) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRegistrationColumns) + "WHERE r.id = :id", soci::use(registration_id));
  for (const auto& row : rs) return registration_of(row);
  return std::nullopt;
}

std::vector<Registration> Repository::mine(soci::session& sql, long long user_id, long long now, int limit,
                                           int offset) const {
  std::vector<Registration> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRegistrationColumns) + "JOIN life_events ev ON ev.id = r.event_id " + kMineWhere +
                          "ORDER BY CASE WHEN ev.ends_at > :now THEN 0 ELSE 1 END, CASE WHEN ev.ends_at > :now2 "
                          "THEN ev.starts_at ELSE -ev.starts_at END, r.id LIMIT " +
                          std::to_string(limit) + " OFFSET " + std::to_string(offset),
       soci::use(user_id), soci::use(user_id), soci::use(now), soci::use(now));
  for (const auto& row : rs) out.push_back(registration_of(row));
  return out;
}

long long Repository::count_mine(soci::session& sql, long long user_id) const {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM life_event_registrations r " + std::string(kMineWhere), soci::use(user_id),
      soci::use(user_id), soci::into(n);
  return n;
}

std::vector<Registration> Repository::upcoming(soci::session& sql, long long user_id, long long now, int limit) const {
  std::vector<Registration> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRegistrationColumns) +
                          "JOIN life_events ev ON ev.id = r.event_id WHERE r.user_id = :me AND r.status <> "
                          "'cancelled' AND ev.status = 'planned' AND ev.ends_at > :now ORDER BY ev.starts_at LIMIT " +
                          std::to_string(limit),
       soci::use(user_id), soci::use(now));
  for (const auto& row : rs) out.push_back(registration_of(row));
  return out;
}

long long Repository::waiting_before(soci::session& sql, long long event_id, long long registration_id) const {
  return scalar(sql,
                "SELECT COUNT(*) FROM life_event_registrations w WHERE w.status = 'waiting' AND "
                "w.event_id = :e AND w.id < :r",
                event_id, registration_id);
}

long long Repository::live_of_user(soci::session& sql, long long event_id, long long user_id) const {
  return scalar(sql,
                "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status <> 'cancelled' AND "
                "user_id = :u",
                event_id, user_id);
}

long long Repository::live_of_beneficiary(soci::session& sql, long long event_id, long long beneficiary_id) const {
  return scalar(sql,
                "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status <> 'cancelled' AND "
                "beneficiary_id = :b",
                event_id, beneficiary_id);
}

long long Repository::registered_count(soci::session& sql, long long event_id) const {
  return scalar(sql, "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status = 'registered'",
                event_id);
}

long long Repository::registered_user(soci::session& sql, long long event_id, long long user_id) const {
  return scalar(sql,
                "SELECT COUNT(*) FROM life_event_registrations WHERE event_id = :e AND status = "
                "'registered' AND user_id = :u",
                event_id, user_id);
}

long long Repository::insert_registration(soci::session& sql, const Registration& r, long long capacity,
                                          long long reminded_at, long long now) const {
  long long id = 0;
  soci::indicator user_ind = r.user_id ? soci::i_ok : soci::i_null;
  soci::indicator ben_ind = r.beneficiary_id ? soci::i_ok : soci::i_null;
  // The status by a conditional count of the places taken, inside the INSERT (the event's row is held).
  sql << "INSERT INTO life_event_registrations (event_id, user_id, beneficiary_id, organisation_id, registered_by, "
         "status, reminded_at, created_at, updated_at) VALUES (:e, :u, :b, :o, :by, CASE WHEN (SELECT COUNT(*) FROM "
         "life_event_registrations WHERE event_id = :e2 AND status = 'registered') < :cap THEN 'registered' ELSE "
         "'waiting' END, :rem, :n, :n2) RETURNING id",
      soci::use(r.event_id), soci::use(r.user_id, user_ind), soci::use(r.beneficiary_id, ben_ind),
      soci::use(r.organisation_id), soci::use(r.registered_by), soci::use(r.event_id), soci::use(capacity),
      soci::use(reminded_at), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

long long Repository::first_waiting(soci::session& sql, long long event_id) const {
  long long next = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MIN(id) FROM life_event_registrations WHERE event_id = :e AND status = 'waiting'", soci::use(event_id),
      soci::into(next, ind);
  return ind == soci::i_ok ? next : 0;
}

void Repository::promote(soci::session& sql, long long registration_id, long long reminded_at, long long now) const {
  sql << "UPDATE life_event_registrations SET status = 'registered', promoted_at = :n, reminded_at = :r, updated_at "
         "= :n2 WHERE id = :id AND status = 'waiting'",
      soci::use(now), soci::use(reminded_at), soci::use(now), soci::use(registration_id);
}

bool Repository::cancel_registration(soci::session& sql, long long registration_id, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE life_event_registrations SET status = 'cancelled', cancelled_at = :n, updated_at = "
                      ":n2 WHERE id = :id AND status <> 'cancelled'",
       soci::use(now), soci::use(now), soci::use(registration_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_attendance(soci::session& sql, long long registration_id, const std::string& mark,
                                long long now) const {
  sql << "UPDATE life_event_registrations SET attendance = :a, attendance_at = :n, updated_at = :n2 WHERE id = :id",
      soci::use(mark), soci::use(now), soci::use(now), soci::use(registration_id);
}

std::vector<long long> Repository::due_reminders(soci::session& sql, long long now, long long until) const {
  std::vector<long long> ids;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT r.id FROM life_event_registrations r JOIN life_events e ON e.id = r.event_id WHERE "
                      "r.status = 'registered' AND r.reminded_at = 0 AND e.status = 'planned' AND e.starts_at > :n "
                      "AND e.starts_at <= :limit ORDER BY r.id LIMIT 500",
       soci::use(now), soci::use(until));
  for (const auto& r : rs) ids.push_back(store::as_id(r, 0));
  return ids;
}

bool Repository::claim_reminder(soci::session& sql, long long registration_id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE life_event_registrations SET reminded_at = :n WHERE id = :id AND "
                                       "reminded_at = 0 AND status = 'registered'",
                        soci::use(now), soci::use(registration_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// ---- Elsewhere

std::vector<Choice> Repository::active_organisations(soci::session& sql) const {
  std::vector<Choice> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, name FROM organisations WHERE status = 'active' ORDER BY name LIMIT 2000");
  for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_text(r, 1)});
  return out;
}

bool Repository::organisation_active(soci::session& sql, long long id) const {
  long long exists = 0;
  sql << "SELECT COUNT(*) FROM organisations WHERE id = :id AND status = 'active'", soci::use(id), soci::into(exists);
  return exists != 0;
}

std::optional<std::string> Repository::user_email(soci::session& sql, long long user_id) const {
  soci::indicator ind = soci::i_null;
  std::string email;
  sql << "SELECT email FROM users WHERE id = :id", soci::use(user_id), soci::into(email, ind);
  if (ind != soci::i_ok) return std::nullopt;
  return email;
}

long long Repository::latest_satisfaction(soci::session& sql, long long organisation_id) const {
  long long questionnaire = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(id) FROM questionnaires WHERE organisation_id = :o AND status = 'published' AND kind = "
         "'satisfaction'",
      soci::use(organisation_id), soci::into(questionnaire, ind);
  return ind == soci::i_ok ? questionnaire : 0;
}

}  // namespace trame::events
