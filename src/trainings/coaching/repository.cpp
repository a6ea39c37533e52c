// SQL of coaching: requests and their thread, reminders, follow-up contacts.
#include "trainings/coaching/repository.hpp"

#include "platform/store/row.hpp"

namespace trame::coaching {

namespace {

constexpr const char* kRequestColumns =
    "SELECT r.id, r.session_id, r.application_id, r.trainee_id, COALESCE(u.name, ''), COALESCE(u.email, ''), "
    "r.trainer_id, COALESCE(t.name, ''), r.subject, r.message, r.preferred_mode, r.preferred_slots, r.status, "
    "r.appointment_at, r.appointment_mode, r.appointment_place, r.appointment_by, COALESCE(b.name, ''), "
    "r.answered_at, r.reminded_at, r.closed_at, r.created_at, r.updated_at "
    "FROM training_coaching_requests r LEFT JOIN users u ON u.id = r.trainee_id "
    "LEFT JOIN users t ON t.id = r.trainer_id LEFT JOIN users b ON b.id = r.appointment_by ";

Request request_of(const soci::row& row) {
  Request r;
  int i = 0;
  r.id = store::as_id(row, i++);
  r.session_id = store::as_id(row, i++);
  r.application_id = store::as_id(row, i++);
  r.trainee_id = store::as_id(row, i++);
  r.trainee_name = store::as_text(row, i++);
  r.trainee_email = store::as_text(row, i++);
  r.trainer_id = store::as_id(row, i++);
  r.trainer_name = store::as_text(row, i++);
  r.subject = store::as_text(row, i++);
  r.message = store::as_text(row, i++);
  r.preferred_mode = store::as_text(row, i++);
  r.preferred_slots = store::as_text(row, i++);
  r.status = store::as_text(row, i++);
  r.appointment_at = store::as_id(row, i++);
  r.appointment_mode = store::as_text(row, i++);
  r.appointment_place = store::as_text(row, i++);
  r.appointment_by = store::as_id(row, i++);
  r.appointment_by_name = store::as_text(row, i++);
  r.answered_at = store::as_id(row, i++);
  r.reminded_at = store::as_id(row, i++);
  r.closed_at = store::as_id(row, i++);
  r.created_at = store::as_id(row, i++);
  r.updated_at = store::as_id(row, i++);
  return r;
}

// Waiting for the staff first (open, another time asked), then proposed and accepted, then closed; newest first.
constexpr const char* kOrder =
    " ORDER BY CASE r.status WHEN 'open' THEN 0 WHEN 'reschedule' THEN 0 WHEN 'proposed' THEN 1 "
    "WHEN 'accepted' THEN 1 ELSE 2 END, r.created_at DESC, r.id DESC";

// Managers: every request; trainers: those addressed to them or to anyone; trainees: their own. Binds the
// session (:s), then the user (:u).
std::string where_of(Visible visible) {
  std::string where = "WHERE r.session_id = :s ";
  if (visible == Visible::every) where += "AND :u > 0 ";
  else if (visible == Visible::addressed) where += "AND (r.trainer_id = 0 OR r.trainer_id = :u) ";
  else where += "AND r.trainee_id = :u ";
  return where;
}

}  // namespace

// ---- Requests

std::optional<Request> Repository::find(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kRequestColumns) + "WHERE r.id = :id", soci::use(id));
  for (const auto& row : rs) return request_of(row);
  return std::nullopt;
}

long long Repository::count_requests(soci::session& sql, long long session_id, Visible visible,
                                     long long user_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_coaching_requests r " + where_of(visible),
      soci::use(session_id), soci::use(user_id), soci::into(n);
  return n;
}

std::vector<Request> Repository::requests(soci::session& sql, long long session_id, Visible visible, long long user_id,
                                          long long limit, long long offset) const {
  std::vector<Request> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kRequestColumns) + where_of(visible) + kOrder + " LIMIT :l OFFSET :o",
       soci::use(session_id), soci::use(user_id), soci::use(limit), soci::use(offset));
  for (const auto& row : rs) out.push_back(request_of(row));
  return out;
}

long long Repository::insert(soci::session& sql, const Request& r, long long now) const {
  long long id = 0;
  sql << "INSERT INTO training_coaching_requests (session_id, application_id, trainee_id, trainer_id, subject, "
         "message, preferred_mode, preferred_slots, status, created_at, updated_at) VALUES (:s, :a, :u, :t, :sub, "
         ":m, :mode, :slots, 'open', :c, :c2) RETURNING id",
      soci::use(r.session_id), soci::use(r.application_id), soci::use(r.trainee_id), soci::use(r.trainer_id),
      soci::use(r.subject), soci::use(r.message), soci::use(r.preferred_mode), soci::use(r.preferred_slots),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

bool Repository::propose(soci::session& sql, long long id, const std::string& from, const std::string& to, long long at,
                         const std::string& mode, const std::string& place, long long by, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE training_coaching_requests SET status = :to, appointment_at = :at, "
                                       "appointment_mode = :mode, appointment_place = :place, appointment_by = :by, "
                                       "answered_at = CASE WHEN answered_at = 0 THEN :now ELSE answered_at END, "
                                       "updated_at = :now2 WHERE id = :id AND status = :from",
                        soci::use(to), soci::use(at), soci::use(mode), soci::use(place), soci::use(by), soci::use(now),
                        soci::use(now), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::close(soci::session& sql, long long id, const std::string& from, const std::string& to, long long by,
                       bool staff, long long now) const {
  int staff_flag = staff ? 1 : 0;
  soci::statement st =
      (sql.prepare << "UPDATE training_coaching_requests SET status = :to, closed_at = :now, closed_by = :by, "
                      "answered_at = CASE WHEN answered_at = 0 AND :staff = 1 THEN :now2 ELSE answered_at END, "
                      "updated_at = :now3 WHERE id = :id AND status = :from",
       soci::use(to), soci::use(now), soci::use(by), soci::use(staff_flag), soci::use(now), soci::use(now),
       soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::set_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                            bool staff, long long now) const {
  int staff_flag = staff ? 1 : 0;
  soci::statement st =
      (sql.prepare << "UPDATE training_coaching_requests SET status = :to, "
                      "answered_at = CASE WHEN answered_at = 0 AND :staff = 1 THEN :now ELSE answered_at END, "
                      "updated_at = :now2 WHERE id = :id AND status = :from",
       soci::use(to), soci::use(staff_flag), soci::use(now), soci::use(now), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<OpenRequest> Repository::waiting(soci::session& sql, long long user_id) const {
  std::vector<OpenRequest> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT r.id, r.subject, COALESCE(u.name, ''), s.title, r.status, r.created_at, r.trainer_id, "
                      "p.organiser_id, (SELECT CAST(COUNT(*) AS BIGINT) FROM training_session_trainers x "
                      "WHERE x.session_id = r.session_id AND x.user_id = :me) "
                      "FROM training_coaching_requests r JOIN training_sessions s ON s.id = r.session_id "
                      "JOIN training_programmes p ON p.id = s.programme_id LEFT JOIN users u ON u.id = r.trainee_id "
                      "WHERE r.status IN ('open','reschedule') ORDER BY r.created_at, r.id LIMIT 500",
       soci::use(user_id));
  for (const auto& row : rs) {
    OpenRequest o;
    o.waiting = {store::as_id(row, 0),   store::as_text(row, 1), store::as_text(row, 2),
                 store::as_text(row, 3), store::as_text(row, 4), store::as_id(row, 5)};
    o.trainer_id = store::as_id(row, 6);
    o.organiser_id = store::as_id(row, 7);
    o.trains = store::as_id(row, 8) > 0;
    out.push_back(o);
  }
  return out;
}

std::vector<Unanswered> Repository::unanswered(soci::session& sql, long long before) const {
  std::vector<Unanswered> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, created_at FROM training_coaching_requests WHERE status = 'open' "
                      "AND answered_at = 0 AND reminded_at = 0 AND created_at <= :b ORDER BY id LIMIT 200",
       soci::use(before));
  for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_id(r, 1)});
  return out;
}

bool Repository::claim_reminder(soci::session& sql, long long id, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE training_coaching_requests SET reminded_at = :n "
                                       "WHERE id = :id AND reminded_at = 0 AND status = 'open' AND answered_at = 0",
                        soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// ---- A request's thread

long long Repository::count_entries(soci::session& sql, long long request_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_coaching_entries WHERE request_id = :r", soci::use(request_id),
      soci::into(n);
  return n;
}

std::vector<Entry> Repository::entries(soci::session& sql, long long request_id, long long limit,
                                       long long offset) const {
  std::vector<Entry> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT e.id, e.author_id, COALESCE(u.name, ''), e.kind, e.body, e.created_at "
                      "FROM training_coaching_entries e LEFT JOIN users u ON u.id = e.author_id "
                      "WHERE e.request_id = :r ORDER BY e.created_at, e.id LIMIT :l OFFSET :o",
       soci::use(request_id), soci::use(limit), soci::use(offset));
  for (const auto& row : rs)
    out.push_back({store::as_id(row, 0), store::as_id(row, 1), store::as_text(row, 2), store::as_text(row, 3),
                   store::as_text(row, 4), store::as_id(row, 5)});
  return out;
}

void Repository::add_entry(soci::session& sql, long long request_id, long long author_id, const std::string& kind,
                           const std::string& body, long long now) const {
  sql << "INSERT INTO training_coaching_entries (request_id, author_id, kind, body, created_at) "
         "VALUES (:r, :a, :k, :b, :c)",
      soci::use(request_id), soci::use(author_id), soci::use(kind), soci::use(body), soci::use(now);
}

// ---- People

std::vector<Person> Repository::trainers(soci::session& sql, long long session_id) const {
  std::vector<Person> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT u.id, u.name, u.email FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                      "WHERE t.session_id = :s AND u.disabled = 0 ORDER BY t.lead DESC, u.name, u.id",
       soci::use(session_id));
  for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_text(r, 1), store::as_text(r, 2)});
  return out;
}

std::optional<Person> Repository::active_user(soci::session& sql, long long id) const {
  std::string email, name;
  sql << "SELECT email, name FROM users WHERE id = :id AND disabled = 0", soci::use(id), soci::into(email),
      soci::into(name);
  if (!sql.got_data()) return std::nullopt;
  return Person{id, name, email};
}

std::optional<Person> Repository::user_by_email(soci::session& sql, const std::string& email) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, name, email FROM users WHERE lower(email) = lower(:e) AND disabled = 0",
       soci::use(email));
  for (const auto& r : rs) return Person{store::as_id(r, 0), store::as_text(r, 1), store::as_text(r, 2)};
  return std::nullopt;
}

std::string Repository::session_title(soci::session& sql, long long session_id) const {
  std::string title;
  sql << "SELECT title FROM training_sessions WHERE id = :id", soci::use(session_id), soci::into(title);
  return title;
}

// ---- Follow-up contacts

std::vector<Trainee> Repository::enrolled_trainees(soci::session& sql, long long session_id) const {
  std::vector<Trainee> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT a.id, a.user_id, u.name, COALESCE(o.name, a.organisation_name), "
                      "COALESCE(a.organisation_id, 0) FROM training_applications a JOIN users u ON u.id = a.user_id "
                      "LEFT JOIN organisations o ON o.id = a.organisation_id WHERE a.session_id = :s "
                      "AND a.status IN ('admitted','confirmed','completed','dropped_out') ORDER BY u.name, a.id",
       soci::use(session_id));
  for (const auto& r : rs)
    out.push_back(
        {store::as_id(r, 0), store::as_id(r, 1), store::as_text(r, 2), store::as_text(r, 3), store::as_id(r, 4)});
  return out;
}

std::vector<Contact> Repository::contacts(soci::session& sql, long long session_id) const {
  std::vector<Contact> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT c.user_id, u.name, u.email, MIN(c.created_at) FROM training_followup_contacts c "
                      "JOIN users u ON u.id = c.user_id WHERE c.session_id = :s GROUP BY c.user_id, u.name, u.email "
                      "ORDER BY u.name, c.user_id",
       soci::use(session_id));
  for (const auto& r : rs) {
    Contact c;
    c.person = {store::as_id(r, 0), store::as_text(r, 1), store::as_text(r, 2)};
    c.added_at = store::as_id(r, 3);
    out.push_back(c);
  }
  return out;
}

std::set<long long> Repository::followed_applications(soci::session& sql, long long session_id,
                                                      long long user_id) const {
  std::set<long long> out;
  soci::rowset<soci::row> apps =
      (sql.prepare << "SELECT application_id FROM training_followup_contacts WHERE session_id = :s AND user_id = :u",
       soci::use(session_id), soci::use(user_id));
  for (const auto& r : apps) out.insert(store::as_id(r, 0));
  return out;
}

long long Repository::count_contact_rows(soci::session& sql, long long session_id, long long user_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_followup_contacts WHERE session_id = :s AND user_id = :u",
      soci::use(session_id), soci::use(user_id), soci::into(n);
  return n;
}

void Repository::add_contact(soci::session& sql, long long session_id, long long user_id, long long application_id,
                             long long by, long long now) const {
  sql << "INSERT INTO training_followup_contacts (session_id, user_id, application_id, added_by, created_at) "
         "VALUES (:s, :u, :a, :b, :c)",
      soci::use(session_id), soci::use(user_id), soci::use(application_id), soci::use(by), soci::use(now);
}

long long Repository::remove_contact(soci::session& sql, long long session_id, long long user_id) const {
  soci::statement st = (sql.prepare << "DELETE FROM training_followup_contacts WHERE session_id = :s AND user_id = :u",
                        soci::use(session_id), soci::use(user_id));
  st.execute(true);
  return st.get_affected_rows();
}

std::set<long long> Repository::organisations_of(soci::session& sql, long long user_id) const {
  std::set<long long> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT DISTINCT organisation_id FROM memberships WHERE user_id = :u", soci::use(user_id));
  for (const auto& r : rs) out.insert(store::as_id(r, 0));
  return out;
}

std::string Repository::organisation_names(soci::session& sql, long long user_id) const {
  std::string out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT DISTINCT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
                      "WHERE m.user_id = :u ORDER BY o.name",
       soci::use(user_id));
  for (const auto& r : rs) out += (out.empty() ? "" : ", ") + store::as_text(r, 0);
  return out;
}

long long Repository::count_followed(soci::session& sql, long long user_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_followup_contacts WHERE user_id = :u", soci::use(user_id),
      soci::into(n);
  return n;
}

std::vector<Followed> Repository::followed(soci::session& sql, long long user_id, long long limit,
                                           long long offset) const {
  std::vector<Followed> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT a.id, u.name, a.status, s.id, s.title, p.title, o.name, s.starts_at, s.ends_at "
                      "FROM training_followup_contacts c JOIN training_applications a ON a.id = c.application_id "
                      "JOIN users u ON u.id = a.user_id JOIN training_sessions s ON s.id = c.session_id "
                      "JOIN training_programmes p ON p.id = s.programme_id JOIN organisations o ON o.id = "
                      "p.organiser_id WHERE c.user_id = :u ORDER BY s.starts_at DESC, s.id, u.name, a.id "
                      "LIMIT :l OFFSET :o",
       soci::use(user_id), soci::use(limit), soci::use(offset));
  for (const auto& r : rs) {
    Followed f;
    f.application_id = store::as_id(r, 0);
    f.trainee_name = store::as_text(r, 1);
    f.application_status = store::as_text(r, 2);
    f.session_id = store::as_id(r, 3);
    f.session_title = store::as_text(r, 4);
    f.programme_title = store::as_text(r, 5);
    f.organiser_name = store::as_text(r, 6);
    f.starts_at = store::as_id(r, 7);
    f.ends_at = store::as_id(r, 8);
    out.push_back(f);
  }
  return out;
}

}  // namespace trame::coaching
