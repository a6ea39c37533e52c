#include "certification/evaluations/repository.hpp"

#include <map>

#include "platform/store/bytes.hpp"
#include "platform/store/row_lock.hpp"

namespace trame::evaluations {

namespace {

const char* kSessionSelect =
    "SELECT s.id, s.certification_id, v.title, c.owner_id, s.title, s.day, s.place, s.address, s.report_deadline, "
    "s.status, (SELECT CAST(COUNT(*) AS BIGINT) FROM certification_entries e WHERE e.session_id = s.id) "
    "FROM certification_sessions s JOIN certifications c ON c.id = s.certification_id "
    "JOIN certification_versions v ON v.certification_id = c.id AND v.number = c.current_version ";

#define TRAME_EVALUATION_SESSION_INTO(s)                                                                               \
  soci::into((s).id), soci::into((s).certification_id), soci::into((s).certification_title), soci::into((s).owner_id), \
      soci::into((s).title), soci::into((s).day), soci::into((s).place), soci::into((s).address),                      \
      soci::into((s).report_deadline), soci::into((s).status), soci::into((s).entries)

const char* kEntrySelect =
    "SELECT e.id, e.session_id, e.registration_id, r.code, u.name, u.email, r.user_id, r.status, e.convened_at "
    "FROM certification_entries e JOIN certification_registrations r ON r.id = e.registration_id "
    "JOIN users u ON u.id = r.user_id ";

#define TRAME_ENTRY_INTO(e)                                                                                      \
  soci::into((e).id), soci::into((e).session_id), soci::into((e).registration_id), soci::into((e).code),         \
      soci::into((e).name), soci::into((e).email), soci::into((e).user_id), soci::into((e).registration_status), \
      soci::into((e).convened_at)

const char* kReportSelect =
    "SELECT id, entry_id, filename, size, sha256, received_at, replaced_at FROM certification_reports ";

#define TRAME_REPORT_INTO(r)                                                                    \
  soci::into((r).id), soci::into((r).entry_id), soci::into((r).filename), soci::into((r).size), \
      soci::into((r).sha256), soci::into((r).received_at), soci::into((r).replaced_at)

// The slots and reports of entries, filled in place.
void complete(soci::session& sql, std::vector<Entry>& entries) {
  for (auto& e : entries) {
    Slot s;
    soci::statement slots = (sql.prepare << "SELECT id, entry_id, kind, starts_at, ends_at FROM certification_slots "
                                            "WHERE entry_id = :e ORDER BY starts_at",
                             soci::into(s.id), soci::into(s.entry_id), soci::into(s.kind), soci::into(s.starts_at),
                             soci::into(s.ends_at), soci::use(e.id));
    slots.execute();
    while (slots.fetch()) e.slots.push_back(s);
    Report r;
    soci::statement reports =
        (sql.prepare << std::string(kReportSelect) + "WHERE entry_id = :e ORDER BY received_at DESC, id DESC",
         TRAME_REPORT_INTO(r), soci::use(e.id));
    reports.execute();
    while (reports.fetch()) e.reports.push_back(r);
  }
}

std::vector<Entry> fetch_entries(soci::session& sql, const std::string& where, long long id) {
  Entry e;
  soci::statement st = (sql.prepare << std::string(kEntrySelect) + where, TRAME_ENTRY_INTO(e), soci::use(id));
  st.execute();
  std::vector<Entry> out;
  while (st.fetch()) out.push_back(e);
  complete(sql, out);
  return out;
}

std::vector<Overlap> overlaps_of(soci::session& sql, const std::string& where, long long owner, long long entry_id,
                                 long long from, long long to) {
  Overlap o;
  soci::statement st =
      (sql.prepare << "SELECT r.code, sl.starts_at, sl.ends_at FROM certification_slots sl JOIN certification_entries "
                      "e ON e.id = sl.entry_id JOIN certification_registrations r ON r.id = e.registration_id " +
                          where +
                          " AND sl.entry_id <> :e AND sl.starts_at < :t AND :f < sl.ends_at ORDER BY sl.starts_at",
       soci::into(o.code), soci::into(o.starts_at), soci::into(o.ends_at), soci::use(owner), soci::use(entry_id),
       soci::use(to), soci::use(from));
  st.execute();
  std::vector<Overlap> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

}  // namespace

std::optional<EvaluationSession> Repository::session(soci::session& sql, long long id) const {
  EvaluationSession s;
  sql << std::string(kSessionSelect) + "WHERE s.id = :id", TRAME_EVALUATION_SESSION_INTO(s), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::vector<EvaluationSession> Repository::of_certification(soci::session& sql, long long certification_id) const {
  EvaluationSession s;
  soci::statement st = (sql.prepare << std::string(kSessionSelect) +
                                           "WHERE s.certification_id = :c ORDER BY s.day DESC, s.id DESC LIMIT 200",
                        TRAME_EVALUATION_SESSION_INTO(s), soci::use(certification_id));
  st.execute();
  std::vector<EvaluationSession> out;
  while (st.fetch()) out.push_back(s);
  return out;
}

long long Repository::insert_session(soci::session& sql, const EvaluationSession& s, long long now) const {
  long long id = 0;
  sql << "INSERT INTO certification_sessions (certification_id, title, day, place, address, report_deadline, status, "
         "created_at, updated_at) VALUES (:c, :t, :d, :p, :a, :r, 'planned', :n, :n2) RETURNING id",
      soci::use(s.certification_id), soci::use(s.title), soci::use(s.day), soci::use(s.place), soci::use(s.address),
      soci::use(s.report_deadline), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update_session(soci::session& sql, const EvaluationSession& s, long long now) const {
  sql << "UPDATE certification_sessions SET title = :t, day = :d, place = :p, address = :a, report_deadline = :r, "
         "updated_at = :n WHERE id = :id",
      soci::use(s.title), soci::use(s.day), soci::use(s.place), soci::use(s.address), soci::use(s.report_deadline),
      soci::use(now), soci::use(s.id);
}

std::vector<Case> Repository::cases(soci::session& sql, long long session_id) const {
  Case c;
  soci::statement st =
      (sql.prepare << "SELECT id, session_id, title, body FROM certification_cases WHERE session_id "
                      "= :s ORDER BY id",
       soci::into(c.id), soci::into(c.session_id), soci::into(c.title), soci::into(c.body), soci::use(session_id));
  st.execute();
  std::vector<Case> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<Case> Repository::case_(soci::session& sql, long long id) const {
  Case c;
  sql << "SELECT id, session_id, title, body FROM certification_cases WHERE id = :id", soci::into(c.id),
      soci::into(c.session_id), soci::into(c.title), soci::into(c.body), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return c;
}

long long Repository::insert_case(soci::session& sql, const Case& c, long long now) const {
  long long id = 0;
  sql << "INSERT INTO certification_cases (session_id, title, body, created_at) VALUES (:s, :t, :b, :n) RETURNING id",
      soci::use(c.session_id), soci::use(c.title), soci::use(c.body), soci::use(now), soci::into(id);
  return id;
}

void Repository::delete_case(soci::session& sql, long long id) const {
  sql << "DELETE FROM certification_cases WHERE id = :id", soci::use(id);
}

std::optional<Entry> Repository::entry(soci::session& sql, long long id) const {
  auto list = fetch_entries(sql, "WHERE e.id = :id", id);
  if (list.empty()) return std::nullopt;
  return list.front();
}

std::vector<Entry> Repository::entries(soci::session& sql, long long session_id) const {
  return fetch_entries(sql, "WHERE e.session_id = :s ORDER BY r.code", session_id);
}

std::vector<Entry> Repository::entries_of_registration(soci::session& sql, long long registration_id) const {
  return fetch_entries(sql, "WHERE e.registration_id = :r ORDER BY e.id DESC", registration_id);
}

long long Repository::open_entry_elsewhere(soci::session& sql, long long registration_id, long long session_id) const {
  long long id = 0;
  sql << "SELECT e.id FROM certification_entries e JOIN certification_sessions s ON s.id = e.session_id WHERE "
         "e.registration_id = :r AND e.session_id <> :s AND s.status <> 'closed' LIMIT 1",
      soci::into(id), soci::use(registration_id), soci::use(session_id);
  return sql.got_data() ? id : 0;
}

long long Repository::insert_entry(soci::session& sql, long long session_id, long long registration_id,
                                   long long now) const {
  long long id = 0;
  sql << "INSERT INTO certification_entries (session_id, registration_id, convened_at, created_at) VALUES (:s, :r, 0, "
         ":n) RETURNING id",
      soci::use(session_id), soci::use(registration_id), soci::use(now), soci::into(id);
  return id;
}

void Repository::delete_entry(soci::session& sql, long long id) const {
  sql << "DELETE FROM certification_slots WHERE entry_id = :id", soci::use(id);
  sql << "DELETE FROM certification_entries WHERE id = :id", soci::use(id);
}

void Repository::set_convened(soci::session& sql, long long id, long long now) const {
  sql << "UPDATE certification_entries SET convened_at = :n WHERE id = :id", soci::use(now), soci::use(id);
}

void Repository::hold_session(soci::session& sql, long long id) const {
  store::lock_row(sql, "certification_sessions", id);
}

void Repository::hold_entry(soci::session& sql, long long id) const {
  sql << "UPDATE certification_entries SET convened_at = convened_at WHERE id = :id", soci::use(id);
}

void Repository::set_slot(soci::session& sql, long long entry_id, const std::string& kind, long long starts_at,
                          long long ends_at) const {
  sql << "DELETE FROM certification_slots WHERE entry_id = :e AND kind = :k", soci::use(entry_id), soci::use(kind);
  if (!starts_at) return;
  sql << "INSERT INTO certification_slots (entry_id, kind, starts_at, ends_at) VALUES (:e, :k, :s, :t)",
      soci::use(entry_id), soci::use(kind), soci::use(starts_at), soci::use(ends_at);
}

std::vector<Overlap> Repository::jury_overlaps(soci::session& sql, long long session_id, long long entry_id,
                                               long long from, long long to) const {
  return overlaps_of(sql, "WHERE e.session_id = :o", session_id, entry_id, from, to);
}

std::vector<Overlap> Repository::candidate_overlaps(soci::session& sql, long long user_id, long long entry_id,
                                                    long long from, long long to) const {
  return overlaps_of(sql, "WHERE r.user_id = :o", user_id, entry_id, from, to);
}

long long Repository::insert_report(soci::session& sql, const Report& r, const std::string& bytes,
                                    long long now) const {
  sql << "UPDATE certification_reports SET replaced_at = :n WHERE entry_id = :e AND replaced_at = 0", soci::use(now),
      soci::use(r.entry_id);
  std::string hex = store::to_hex(bytes);
  long long id = 0;
  sql << "INSERT INTO certification_reports (entry_id, filename, size, sha256, data, received_at, replaced_at) VALUES "
         "(:e, :f, :s, :h, decode(:d, 'hex'), :n, 0) RETURNING id",
      soci::use(r.entry_id), soci::use(r.filename), soci::use(r.size), soci::use(r.sha256), soci::use(hex),
      soci::use(now), soci::into(id);
  return id;
}

std::optional<Report> Repository::report(soci::session& sql, long long id) const {
  Report r;
  sql << std::string(kReportSelect) + "WHERE id = :id", TRAME_REPORT_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r;
}

std::string Repository::report_bytes(soci::session& sql, long long id) const {
  std::string hex;
  sql << "SELECT encode(data, 'hex') FROM certification_reports WHERE id = :id", soci::into(hex), soci::use(id);
  return store::from_hex(hex);
}

}  // namespace trame::evaluations
