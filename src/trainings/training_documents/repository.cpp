#include "trainings/training_documents/repository.hpp"

#include "platform/store/bytes.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::training_documents {

namespace {
const char* kDocumentColumns =
    "SELECT d.id, d.kind, d.session_id, COALESCE(d.application_id, 0), COALESCE(a.user_id, 0), "
    "COALESCE(u.name, ''), s.title, p.title, d.file_name, d.sha256, d.size_bytes, d.created_at, d.sent_at "
    "FROM training_documents d JOIN training_sessions s ON s.id = d.session_id "
    "JOIN training_programmes p ON p.id = s.programme_id "
    "LEFT JOIN training_applications a ON a.id = d.application_id LEFT JOIN users u ON u.id = a.user_id ";

std::vector<Document> fetch_documents(soci::statement& st, Document& d) {
  st.execute();
  std::vector<Document> out;
  while (st.fetch()) out.push_back(d);
  return out;
}

#define TD_DOCUMENT_INTO(d)                                                                                           \
  soci::into((d).id), soci::into((d).kind), soci::into((d).session_id), soci::into((d).application_id),               \
      soci::into((d).trainee_user_id), soci::into((d).trainee_name), soci::into((d).session_title),                   \
      soci::into((d).programme_title), soci::into((d).file_name), soci::into((d).sha256), soci::into((d).size_bytes), \
      soci::into((d).created_at), soci::into((d).sent_at)
}  // namespace

std::optional<SessionInfo> Repository::session(soci::session& sql, long long session_id) {
  SessionInfo s;
  sql << "SELECT s.id, s.programme_id, p.organiser_id, o.name, p.title, s.title, s.theme, s.place, s.address, "
         "s.access, s.rules, s.status, p.objectives, p.evaluation_methods, p.nature, p.disability_contact, "
         "s.starts_at, s.ends_at FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "JOIN organisations o ON o.id = p.organiser_id WHERE s.id = :id",
      soci::into(s.id), soci::into(s.programme_id), soci::into(s.organiser_id), soci::into(s.organiser_name),
      soci::into(s.programme_title), soci::into(s.title), soci::into(s.theme), soci::into(s.place),
      soci::into(s.address), soci::into(s.access), soci::into(s.rules), soci::into(s.status), soci::into(s.objectives),
      soci::into(s.evaluation_methods), soci::into(s.nature), soci::into(s.disability_contact), soci::into(s.starts_at),
      soci::into(s.ends_at), soci::use(session_id);
  if (!sql.got_data()) return std::nullopt;
  std::string town;
  sql << "SELECT c.name FROM organisations o JOIN communes c ON c.code = o.commune_code WHERE o.id = :o",
      soci::into(town), soci::use(s.organiser_id);
  if (sql.got_data()) s.organiser_town = town;
  std::string type, data;
  sql << "SELECT content_type, encode(data, 'hex') FROM organisation_logos WHERE organisation_id = :o",
      soci::into(type), soci::into(data), soci::use(s.organiser_id);
  if (sql.got_data() && type == "image/png") s.logo_png = store::from_hex(data);
  std::string name;
  soci::statement st =
      (sql.prepare << "SELECT u.name FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                      "WHERE t.session_id = :s ORDER BY t.lead DESC, u.name",
       soci::into(name), soci::use(session_id));
  st.execute();
  while (st.fetch()) s.trainers.push_back(name);
  return s;
}

std::vector<HalfDay> Repository::halfdays(soci::session& sql, long long session_id) {
  HalfDay h;
  soci::statement st =
      (sql.prepare << "SELECT h.id, h.day, h.period, COALESCE(m.title, ''), h.starts_at, h.ends_at, h.minutes "
                      "FROM training_halfdays h LEFT JOIN training_seminars m ON m.id = h.seminar_id "
                      "WHERE h.session_id = :s ORDER BY h.starts_at",
       soci::into(h.id), soci::into(h.day), soci::into(h.period), soci::into(h.seminar), soci::into(h.starts_at),
       soci::into(h.ends_at), soci::into(h.minutes), soci::use(session_id));
  st.execute();
  std::vector<HalfDay> out;
  while (st.fetch()) out.push_back(h);
  return out;
}

std::vector<Trainee> Repository::trainees(soci::session& sql, long long session_id,
                                          const std::vector<std::string>& statuses) {
  std::vector<Trainee> out;
  Trainee t;
  soci::statement st = (sql.prepare << "SELECT a.id, a.user_id, u.name, u.email, a.status, a.organisation_name "
                                       "FROM training_applications a JOIN users u ON u.id = a.user_id "
                                       "WHERE a.session_id = :s ORDER BY u.name, a.id",
                        soci::into(t.application_id), soci::into(t.user_id), soci::into(t.name), soci::into(t.email),
                        soci::into(t.status), soci::into(t.organisation_name), soci::use(session_id));
  st.execute();
  while (st.fetch())
    for (const auto& s : statuses)
      if (s == t.status) out.push_back(t);
  return out;
}

std::optional<Trainee> Repository::trainee(soci::session& sql, long long application_id) {
  Trainee t;
  sql << "SELECT a.id, a.user_id, u.name, u.email, a.status, a.organisation_name "
         "FROM training_applications a JOIN users u ON u.id = a.user_id WHERE a.id = :id",
      soci::into(t.application_id), soci::into(t.user_id), soci::into(t.name), soci::into(t.email),
      soci::into(t.status), soci::into(t.organisation_name), soci::use(application_id);
  if (!sql.got_data()) return std::nullopt;
  return t;
}

AttendanceMap Repository::attendance(soci::session& sql, long long application_id) {
  AttendanceMap out;
  long long halfday = 0;
  std::string status;
  soci::statement st = (sql.prepare << "SELECT halfday_id, status FROM training_attendance WHERE application_id = :a",
                        soci::into(halfday), soci::into(status), soci::use(application_id));
  st.execute();
  while (st.fetch()) out[halfday] = status;
  return out;
}

std::string Repository::user_name(soci::session& sql, long long user_id) {
  std::string name;
  sql << "SELECT name FROM users WHERE id = :id", soci::into(name), soci::use(user_id);
  return sql.got_data() ? name : "";
}

long long Repository::insert(soci::session& sql, const Document& d, long long created_by) {
  long long id = 0;
  std::string hex = store::to_hex(d.data);
  sql << "INSERT INTO training_documents (kind, session_id, application_id, file_name, sha256, data, size_bytes, "
         "created_at, created_by, sent_at) VALUES (:k, :s, NULLIF(:a, 0), :f, :h, decode(:d, 'hex'), :n, :c, :b, 0) "
         "RETURNING id",
      soci::use(d.kind), soci::use(d.session_id), soci::use(d.application_id), soci::use(d.file_name),
      soci::use(d.sha256), soci::use(hex), soci::use(d.size_bytes), soci::use(d.created_at), soci::use(created_by),
      soci::into(id);
  return id;
}

void Repository::mark_sent(soci::session& sql, long long document_id, long long now) {
  sql << "UPDATE training_documents SET sent_at = :t WHERE id = :id", soci::use(now), soci::use(document_id);
}

std::optional<Document> Repository::find(soci::session& sql, long long id) {
  Document d;
  sql << std::string(kDocumentColumns) + "WHERE d.id = :id", TD_DOCUMENT_INTO(d), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  std::string hex;
  sql << "SELECT encode(data, 'hex') FROM training_documents WHERE id = :id", soci::into(hex), soci::use(id);
  d.data = store::from_hex(hex);
  return d;
}

std::vector<Document> Repository::of_session(soci::session& sql, long long session_id, long long offset,
                                             long long limit) {
  Document d;
  soci::statement st = (sql.prepare << std::string(kDocumentColumns) +
                                           "WHERE d.session_id = :s ORDER BY d.created_at DESC, d.id DESC "
                                           "LIMIT :l OFFSET :o",
                        TD_DOCUMENT_INTO(d), soci::use(session_id), soci::use(limit), soci::use(offset));
  return fetch_documents(st, d);
}

long long Repository::count_of_session(soci::session& sql, long long session_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_documents WHERE session_id = :s", soci::into(n),
      soci::use(session_id);
  return n;
}

std::vector<Document> Repository::of_user(soci::session& sql, long long user_id, long long offset, long long limit) {
  Document d;
  soci::statement st = (sql.prepare << std::string(kDocumentColumns) +
                                           "WHERE a.user_id = :u AND d.kind <> 'attendance_sheet' "
                                           "ORDER BY d.created_at DESC, d.id DESC LIMIT :l OFFSET :o",
                        TD_DOCUMENT_INTO(d), soci::use(user_id), soci::use(limit), soci::use(offset));
  return fetch_documents(st, d);
}

long long Repository::count_of_user(soci::session& sql, long long user_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_documents d JOIN training_applications a "
         "ON a.id = d.application_id WHERE a.user_id = :u AND d.kind <> 'attendance_sheet'",
      soci::into(n), soci::use(user_id);
  return n;
}

std::vector<long long> Repository::sessions_starting(soci::session& sql, long long now, long long until) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM training_sessions WHERE starts_at > :n AND starts_at <= :u "
                                       "AND status IN ('open', 'confirmed', 'running') ORDER BY starts_at",
                        soci::into(id), soci::use(now), soci::use(until));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<long long> Repository::unsent_convocations(soci::session& sql, long long session_id) {
  std::vector<long long> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT a.id FROM training_applications a WHERE a.session_id = :s "
                                       "AND a.status = 'confirmed' AND NOT EXISTS (SELECT 1 FROM training_documents d "
                                       "WHERE d.application_id = a.id AND d.kind = 'convocation' AND d.sent_at > 0) "
                                       "ORDER BY a.id",
                        soci::into(id), soci::use(session_id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

bool Repository::lock_and_check_sent(soci::session& sql, long long application_id) {
  // The UPDATE takes the row lock: a second instance waits here, then sees the first one's document.
  store::lock_row(sql, "training_applications", application_id);
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_documents WHERE application_id = :a "
         "AND kind = 'convocation' AND sent_at > 0",
      soci::into(n), soci::use(application_id);
  return n > 0;
}

long long Repository::completed_session_titled(soci::session& sql, const std::string& title) {
  long long id = 0;
  sql << "SELECT id FROM training_sessions WHERE title = :t AND status = 'completed' ORDER BY id LIMIT 1",
      soci::into(id), soci::use(title);
  return sql.got_data() ? id : 0;
}

std::string Repository::organiser_signatory(soci::session& sql, long long organiser_id) {
  std::string name;
  sql << "SELECT u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = :o "
         "AND m.role IN ('training_staff', 'coordinator') AND u.disabled = 0 AND u.name <> '' "
         "ORDER BY CASE m.role WHEN 'training_staff' THEN 0 ELSE 1 END, m.id LIMIT 1",
      soci::into(name), soci::use(organiser_id);
  return sql.got_data() ? name : "";
}

long long Repository::running_session_titled(soci::session& sql, const std::string& title) {
  long long id = 0;
  sql << "SELECT id FROM training_sessions WHERE title = :t AND status = 'running' ORDER BY id LIMIT 1", soci::into(id),
      soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::count_of_kind(soci::session& sql, long long session_id, const std::string& kind) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_documents WHERE session_id = :s AND kind = :k", soci::into(n),
      soci::use(session_id), soci::use(kind);
  return n;
}

std::optional<Document> Repository::latest_of_kind(soci::session& sql, long long application_id,
                                                   const std::string& kind) {
  Document d;
  sql << std::string(kDocumentColumns) + "WHERE d.application_id = :a AND d.kind = :k ORDER BY d.id DESC LIMIT 1",
      TD_DOCUMENT_INTO(d), soci::use(application_id), soci::use(kind);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

std::map<long long, Document> Repository::latest_sheets(soci::session& sql, long long session_id) {
  std::map<long long, Document> out;
  Document d;
  long long halfday = 0;
  soci::statement st = (sql.prepare << std::string(kDocumentColumns).replace(7, 0, "d.halfday_id, ") +
                                           "WHERE d.session_id = :s AND d.kind = 'attendance_sheet' "
                                           "AND d.halfday_id IS NOT NULL ORDER BY d.id",
                        soci::into(halfday), TD_DOCUMENT_INTO(d), soci::use(session_id));
  st.execute();
  while (st.fetch()) out[halfday] = d;  // ordered by id: the newest version stays
  return out;
}

}  // namespace trame::training_documents
