#include "trainings/programmes/repository.hpp"

#include "platform/store/database.hpp"
#include "platform/store/id_list.hpp"

#include <sstream>

namespace trame::programmes {

namespace {

const char* kProgrammeSelect =
    "SELECT p.id, p.organiser_id, o.name, p.title, p.summary, p.objectives, p.competences, p.audience, "
    "p.prerequisites, p.admission, p.duration_days, p.duration_minutes, p.teaching_methods, p.evaluation_methods, "
    "p.price_cents, p.funding, p.accessibility, COALESCE(p.disability_referent_id, 0), COALESCE(u.name, ''), "
    "p.disability_contact, p.contacts, p.nature, p.mixed_threshold, p.status, p.updated_at "
    "FROM training_programmes p JOIN organisations o ON o.id = p.organiser_id "
    "LEFT JOIN users u ON u.id = p.disability_referent_id ";

#define TRAME_PROGRAMME_INTO(p)                                                                                   \
  soci::into((p).id), soci::into((p).organiser_id), soci::into((p).organiser_name), soci::into((p).title),        \
      soci::into((p).summary), soci::into((p).objectives), soci::into((p).competences), soci::into((p).audience), \
      soci::into((p).prerequisites), soci::into((p).admission), soci::into((p).duration_days),                    \
      soci::into((p).duration_minutes), soci::into((p).teaching_methods), soci::into((p).evaluation_methods),     \
      soci::into((p).price_cents), soci::into((p).funding), soci::into((p).accessibility),                        \
      soci::into((p).disability_referent_id), soci::into((p).disability_referent_name),                           \
      soci::into((p).disability_contact), soci::into((p).contacts), soci::into((p).nature),                       \
      soci::into((p).mixed_threshold), soci::into((p).status), soci::into((p).updated_at)

const char* kSessionSelect =
    "SELECT s.id, s.programme_id, p.title, p.status, p.organiser_id, o.name, s.title, s.theme, "
    "COALESCE(s.delegation_id, 0), COALESCE(d.name, ''), s.commune_code, s.place, s.address, s.access, s.rules, "
    "s.min_trainees, s.max_trainees, s.seats_taken, s.application_deadline, s.status, s.cancel_reason, s.starts_at, "
    "s.ends_at, s.esf FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
    "JOIN organisations o ON o.id = p.organiser_id LEFT JOIN delegations d ON d.id = s.delegation_id ";

#define TRAME_SESSION_INTO(s)                                                                                          \
  soci::into((s).id), soci::into((s).programme_id), soci::into((s).programme_title), soci::into((s).programme_status), \
      soci::into((s).organiser_id), soci::into((s).organiser_name), soci::into((s).title), soci::into((s).theme),      \
      soci::into((s).delegation_id), soci::into((s).delegation_name), soci::into((s).commune_code),                    \
      soci::into((s).place), soci::into((s).address), soci::into((s).access), soci::into((s).rules),                   \
      soci::into((s).min_trainees), soci::into((s).max_trainees), soci::into((s).seats_taken),                         \
      soci::into((s).application_deadline), soci::into((s).status), soci::into((s).cancel_reason),                     \
      soci::into((s).starts_at), soci::into((s).ends_at), soci::into((s).esf)

const char* kHalfdaySelect =
    "SELECT h.id, h.session_id, COALESCE(h.seminar_id, 0), COALESCE(se.title, ''), COALESCE(h.module_id, 0), "
    "COALESCE(m.title, ''), h.day, h.period, h.starts_at, h.ends_at, h.minutes, h.sheet_status, s.title, p.title, "
    "s.place, s.programme_id, s.status, s.address, s.updated_at FROM training_halfdays h JOIN training_sessions s ON "
    "s.id = h.session_id "
    "JOIN training_programmes p ON p.id = s.programme_id LEFT JOIN training_seminars se ON se.id = h.seminar_id "
    "LEFT JOIN training_modules m ON m.id = h.module_id ";

#define TRAME_HALFDAY_INTO(h)                                                                                    \
  soci::into((h).id), soci::into((h).session_id), soci::into((h).seminar_id), soci::into((h).seminar_title),     \
      soci::into((h).module_id), soci::into((h).module_title), soci::into((h).day), soci::into((h).period),      \
      soci::into((h).starts_at), soci::into((h).ends_at), soci::into((h).minutes), soci::into((h).sheet_status), \
      soci::into((h).session_title), soci::into((h).programme_title), soci::into((h).place),                     \
      soci::into((h).programme_id), soci::into((h).session_status), soci::into((h).address),                     \
      soci::into((h).session_updated_at)

template <typename T>
std::vector<T> fetch_all(soci::statement& st, T& row) {
  st.execute();
  std::vector<T> out;
  while (st.fetch()) out.push_back(row);
  return out;
}

// The people (id, name, email) a query selects for one id.
std::vector<Person> people(soci::session& sql, const std::string& query, long long id) {
  Person p;
  soci::statement st = (sql.prepare << query, soci::into(p.id), soci::into(p.name), soci::into(p.email), soci::use(id));
  return fetch_all(st, p);
}

// "WHERE p.organiser_id IN (…) " for the organisers one may act for, "" for every organiser.
std::string organisers_where(soci::session& sql, const ActingFor& organisers) {
  if (organisers.all) return "";
  return "WHERE " + store::in_ids(sql, "p.organiser_id", organisers.organisations) + " ";
}

}  // namespace

// ---- Programmes ----

std::optional<Programme> Repository::programme(soci::session& sql, long long id) const {
  Programme p;
  sql << std::string(kProgrammeSelect) + "WHERE p.id = :id", TRAME_PROGRAMME_INTO(p), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

long long Repository::insert_programme(soci::session& sql, const Programme& p, long long now, long long by) const {
  long long id = 0;
  sql << "INSERT INTO training_programmes (organiser_id, title, summary, objectives, competences, audience, "
         "prerequisites, admission, duration_days, duration_minutes, teaching_methods, evaluation_methods, "
         "price_cents, "
         "funding, accessibility, disability_referent_id, disability_contact, contacts, nature, mixed_threshold, "
         "status, "
         "created_at, created_by, updated_at) VALUES (:o, :t, :s, :ob, :c, :a, :pr, :ad, :dd, :dm, :tm, :em, :pc, :f, "
         ":ac, NULLIF(:dr, 0), :dc, :co, :n, :mt, :st, :ca, :cb, :u) RETURNING id",
      soci::use(p.organiser_id), soci::use(p.title), soci::use(p.summary), soci::use(p.objectives),
      soci::use(p.competences), soci::use(p.audience), soci::use(p.prerequisites), soci::use(p.admission),
      soci::use(p.duration_days), soci::use(p.duration_minutes), soci::use(p.teaching_methods),
      soci::use(p.evaluation_methods), soci::use(p.price_cents), soci::use(p.funding), soci::use(p.accessibility),
      soci::use(p.disability_referent_id), soci::use(p.disability_contact), soci::use(p.contacts), soci::use(p.nature),
      soci::use(p.mixed_threshold), soci::use(p.status), soci::use(now), soci::use(by), soci::use(now), soci::into(id);
  return id;
}

void Repository::update_programme(soci::session& sql, const Programme& p, long long now) const {
  sql << "UPDATE training_programmes SET organiser_id = :o, title = :t, summary = :s, objectives = :ob, "
         "competences = :c, audience = :a, prerequisites = :pr, admission = :ad, duration_days = :dd, "
         "duration_minutes = :dm, teaching_methods = :tm, evaluation_methods = :em, price_cents = :pc, funding = :f, "
         "accessibility = :ac, disability_referent_id = NULLIF(:dr, 0), disability_contact = :dc, contacts = :co, "
         "nature = :n, mixed_threshold = :mt, status = :st, updated_at = :u WHERE id = :id",
      soci::use(p.organiser_id), soci::use(p.title), soci::use(p.summary), soci::use(p.objectives),
      soci::use(p.competences), soci::use(p.audience), soci::use(p.prerequisites), soci::use(p.admission),
      soci::use(p.duration_days), soci::use(p.duration_minutes), soci::use(p.teaching_methods),
      soci::use(p.evaluation_methods), soci::use(p.price_cents), soci::use(p.funding), soci::use(p.accessibility),
      soci::use(p.disability_referent_id), soci::use(p.disability_contact), soci::use(p.contacts), soci::use(p.nature),
      soci::use(p.mixed_threshold), soci::use(p.status), soci::use(now), soci::use(p.id);
}

std::vector<Programme> Repository::catalogue(soci::session& sql, const CatalogueFilter& f, long long page,
                                             long long per_page, long long& total) const {
  std::string q = "%";
  {
    std::istringstream words(f.q);
    std::string w;
    while (words >> w) q += w + "%";
  }
  long long upcoming = f.upcoming ? 1 : 0;
  const std::string where =
      "WHERE p.status = 'published' AND LOWER(p.title) LIKE LOWER(:q) AND (:o = 0 OR p.organiser_id = :o2) "
      "AND (:d = 0 OR EXISTS (SELECT 1 FROM training_sessions sd WHERE sd.programme_id = p.id AND sd.delegation_id = "
      ":d2)) "
      "AND (:up = 0 OR EXISTS (SELECT 1 FROM training_sessions su WHERE su.programme_id = p.id AND su.starts_at > :now "
      "AND su.status IN ('open','confirmed','planned'))) ";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_programmes p " + where, soci::into(total), soci::use(q),
      soci::use(f.organiser_id), soci::use(f.organiser_id), soci::use(f.delegation_id), soci::use(f.delegation_id),
      soci::use(upcoming), soci::use(f.now);
  long long offset = (page - 1) * per_page;
  Programme p;
  soci::statement st =
      (sql.prepare << std::string(kProgrammeSelect) + where + "ORDER BY p.title, p.id LIMIT :l OFFSET :off",
       TRAME_PROGRAMME_INTO(p), soci::use(q), soci::use(f.organiser_id), soci::use(f.organiser_id),
       soci::use(f.delegation_id), soci::use(f.delegation_id), soci::use(upcoming), soci::use(f.now),
       soci::use(per_page), soci::use(offset));
  return fetch_all(st, p);
}

std::vector<Programme> Repository::managed_programmes(soci::session& sql, const ActingFor& organisers, long long page,
                                                      long long per_page, long long& total) const {
  std::string where = organisers_where(sql, organisers);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_programmes p " + where, soci::into(total);
  long long offset = (page - 1) * per_page;
  Programme p;
  soci::statement st = (sql.prepare << std::string(kProgrammeSelect) + where +
                                           "ORDER BY p.updated_at DESC, p.id DESC LIMIT :l OFFSET :off",
                        TRAME_PROGRAMME_INTO(p), soci::use(per_page), soci::use(offset));
  return fetch_all(st, p);
}

std::optional<long long> Repository::programme_by_title(soci::session& sql, long long organiser_id,
                                                        const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM training_programmes WHERE organiser_id = :o AND title = :t ORDER BY id LIMIT 1",
      soci::into(id), soci::use(organiser_id), soci::use(title);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

// ---- Modules ----

std::vector<Module> Repository::modules(soci::session& sql, long long programme_id) const {
  Module m;
  soci::statement st =
      (sql.prepare << "SELECT m.id, m.programme_id, m.position, m.title, m.content, "
                      "m.duration_minutes, (SELECT CAST(COUNT(*) AS BIGINT) FROM training_halfdays h "
                      "WHERE h.module_id = m.id) FROM training_modules m WHERE m.programme_id = :p "
                      "ORDER BY m.position, m.id",
       soci::into(m.id), soci::into(m.programme_id), soci::into(m.position), soci::into(m.title), soci::into(m.content),
       soci::into(m.duration_minutes), soci::into(m.halfdays), soci::use(programme_id));
  return fetch_all(st, m);
}

std::optional<Module> Repository::module(soci::session& sql, long long id) const {
  Module m;
  sql << "SELECT m.id, m.programme_id, m.position, m.title, m.content, m.duration_minutes, "
         "(SELECT CAST(COUNT(*) AS BIGINT) FROM training_halfdays h WHERE h.module_id = m.id) "
         "FROM training_modules m WHERE m.id = :id",
      soci::into(m.id), soci::into(m.programme_id), soci::into(m.position), soci::into(m.title), soci::into(m.content),
      soci::into(m.duration_minutes), soci::into(m.halfdays), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return m;
}

long long Repository::insert_module(soci::session& sql, const Module& m) const {
  long long id = 0;
  sql << "INSERT INTO training_modules (programme_id, position, title, content, duration_minutes) VALUES (:p, "
         "(SELECT COALESCE(MAX(position), 0) + 1 FROM training_modules WHERE programme_id = :p2), :t, :c, :d) "
         "RETURNING id",
      soci::use(m.programme_id), soci::use(m.programme_id), soci::use(m.title), soci::use(m.content),
      soci::use(m.duration_minutes), soci::into(id);
  return id;
}

void Repository::update_module(soci::session& sql, const Module& m) const {
  sql << "UPDATE training_modules SET title = :t, content = :c, duration_minutes = :d WHERE id = :id",
      soci::use(m.title), soci::use(m.content), soci::use(m.duration_minutes), soci::use(m.id);
}

void Repository::delete_module(soci::session& sql, long long id) const {
  sql << "DELETE FROM training_modules WHERE id = :id", soci::use(id);
}

void Repository::set_module_position(soci::session& sql, long long id, long long position) const {
  sql << "UPDATE training_modules SET position = :p WHERE id = :id", soci::use(position), soci::use(id);
}

// ---- Sessions ----

std::optional<Session> Repository::session(soci::session& sql, long long id) const {
  Session s;
  sql << std::string(kSessionSelect) + "WHERE s.id = :id", TRAME_SESSION_INTO(s), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

long long Repository::insert_session(soci::session& sql, const Session& s, long long now, long long by) const {
  long long id = 0;
  int esf = s.esf ? 1 : 0;
  sql << "INSERT INTO training_sessions (programme_id, title, theme, delegation_id, commune_code, place, address, "
         "access, rules, min_trainees, max_trainees, application_deadline, status, created_at, created_by, updated_at, "
         "esf) "
         "VALUES (:p, :t, :th, NULLIF(:d, 0), :cc, :pl, :ad, :ac, :r, :mi, :ma, :dl, :st, :ca, :cb, :u, :esf) "
         "RETURNING id",
      soci::use(s.programme_id), soci::use(s.title), soci::use(s.theme), soci::use(s.delegation_id),
      soci::use(s.commune_code), soci::use(s.place), soci::use(s.address), soci::use(s.access), soci::use(s.rules),
      soci::use(s.min_trainees), soci::use(s.max_trainees), soci::use(s.application_deadline), soci::use(s.status),
      soci::use(now), soci::use(by), soci::use(now), soci::use(esf), soci::into(id);
  return id;
}

void Repository::update_session(soci::session& sql, const Session& s, long long now) const {
  int esf = s.esf ? 1 : 0;
  sql << "UPDATE training_sessions SET title = :t, theme = :th, delegation_id = NULLIF(:d, 0), commune_code = :cc, "
         "place = :pl, address = :ad, access = :ac, rules = :r, min_trainees = :mi, max_trainees = :ma, "
         "application_deadline = :dl, esf = :esf, updated_at = :u WHERE id = :id",
      soci::use(s.title), soci::use(s.theme), soci::use(s.delegation_id), soci::use(s.commune_code), soci::use(s.place),
      soci::use(s.address), soci::use(s.access), soci::use(s.rules), soci::use(s.min_trainees),
      soci::use(s.max_trainees), soci::use(s.application_deadline), soci::use(esf), soci::use(now), soci::use(s.id);
}

std::vector<Session> Repository::sessions_of(soci::session& sql, long long programme_id, bool upcoming_public,
                                             long long now) const {
  Session s;
  std::string where = "WHERE s.programme_id = :p ";
  if (upcoming_public)
    where += "AND s.status IN ('planned','open','confirmed') AND (s.starts_at = 0 OR s.starts_at > :now) ";
  else where += "AND :now >= 0 ";
  soci::statement st =
      (sql.prepare << std::string(kSessionSelect) + where + "ORDER BY s.starts_at DESC, s.id DESC LIMIT 200",
       TRAME_SESSION_INTO(s), soci::use(programme_id), soci::use(now));
  return fetch_all(st, s);
}

std::vector<Session> Repository::managed_sessions(soci::session& sql, const ActingFor& organisers, long long page,
                                                  long long per_page, long long& total) const {
  std::string where = organisers_where(sql, organisers);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_sessions s JOIN training_programmes p ON p.id = "
         "s.programme_id " +
             where,
      soci::into(total);
  long long offset = (page - 1) * per_page;
  Session s;
  soci::statement st =
      (sql.prepare << std::string(kSessionSelect) + where + "ORDER BY s.starts_at DESC, s.id DESC LIMIT :l OFFSET :off",
       TRAME_SESSION_INTO(s), soci::use(per_page), soci::use(offset));
  return fetch_all(st, s);
}

std::vector<std::pair<long long, std::string>> Repository::due_sessions(soci::session& sql, long long now) const {
  std::vector<std::pair<long long, std::string>> due;
  long long id = 0;
  std::string status;
  soci::statement st = (sql.prepare << "SELECT id, status FROM training_sessions WHERE (status = 'confirmed' AND "
                                       "starts_at > 0 AND starts_at <= :a) OR (status = 'running' AND ends_at > 0 AND "
                                       "ends_at <= :b) ORDER BY id LIMIT 500",
                        soci::into(id), soci::into(status), soci::use(now), soci::use(now));
  st.execute();
  while (st.fetch()) due.emplace_back(id, status);
  return due;
}

std::optional<long long> Repository::session_by_title(soci::session& sql, long long programme_id,
                                                      const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM training_sessions WHERE programme_id = :p AND title = :t ORDER BY id LIMIT 1", soci::into(id),
      soci::use(programme_id), soci::use(title);
  if (!sql.got_data()) return std::nullopt;
  return id;
}

void Repository::complete_trainees(soci::session& sql, long long session_id, long long now) const {
  sql << "UPDATE training_applications SET status = 'completed', updated_at = :n WHERE session_id = :s AND "
         "status = 'confirmed' AND EXISTS (SELECT 1 FROM training_attendance a WHERE a.application_id = "
         "training_applications.id AND a.status = 'present')",
      soci::use(now), soci::use(session_id);
}

bool Repository::set_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                            const std::string& reason, long long now) const {
  soci::statement st = (sql.prepare << "UPDATE training_sessions SET status = :to, cancel_reason = :r, updated_at = :u "
                                       "WHERE id = :id AND status = :from",
                        soci::use(to), soci::use(reason), soci::use(now), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

// Called after every change of a session's half-days: the session's updated_at moves too, so that
// calendars see the change (SEQUENCE of the half-days' events).
void Repository::refresh_bounds(soci::session& sql, long long session_id) const {
  long long now = store::now_seconds();
  sql << "UPDATE training_sessions SET starts_at = COALESCE((SELECT MIN(starts_at) FROM training_halfdays WHERE "
         "session_id = :a), 0), ends_at = COALESCE((SELECT MAX(ends_at) FROM training_halfdays WHERE session_id = :b), "
         "0), "
         "updated_at = CASE WHEN updated_at < :n THEN :n2 ELSE updated_at + 1 END WHERE id = :c",
      soci::use(session_id), soci::use(session_id), soci::use(now), soci::use(now), soci::use(session_id);
}

long long Repository::enrolled(soci::session& sql, long long session_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE session_id = :s "
         "AND status IN ('admitted','confirmed')",
      soci::into(n), soci::use(session_id);
  return n;
}

Mix Repository::mix(soci::session& sql, long long session_id, long long threshold) const {
  long long social = 0, cultural = 0, other = 0;
  std::string sector;
  long long n = 0;
  soci::statement st = (sql.prepare << "SELECT sector, CAST(COUNT(*) AS BIGINT) FROM training_applications "
                                       "WHERE session_id = :s AND status IN ('admitted','confirmed','completed') "
                                       "GROUP BY sector",
                        soci::into(sector), soci::into(n), soci::use(session_id));
  st.execute();
  while (st.fetch()) {
    if (sector == "social") social = n;
    else if (sector == "cultural") cultural = n;
    else other += n;
  }
  return mix_balance(social, cultural, other, threshold);
}

std::vector<Person> Repository::applicants_to_notify(soci::session& sql, long long session_id) const {
  return people(sql,
                "SELECT DISTINCT u.id, u.name, u.email FROM training_applications a JOIN users u ON u.id = a.user_id "
                "WHERE a.session_id = :s AND a.status NOT IN ('withdrawn','refused') ORDER BY u.id",
                session_id);
}

// ---- Seminars and half-days ----

std::vector<Seminar> Repository::seminars(soci::session& sql, long long session_id) const {
  Seminar s;
  soci::statement st =
      (sql.prepare << "SELECT id, session_id, position, title FROM training_seminars WHERE "
                      "session_id = :s ORDER BY position, id",
       soci::into(s.id), soci::into(s.session_id), soci::into(s.position), soci::into(s.title), soci::use(session_id));
  return fetch_all(st, s);
}

long long Repository::insert_seminar(soci::session& sql, long long session_id, const std::string& title) const {
  long long id = 0;
  sql << "INSERT INTO training_seminars (session_id, position, title) VALUES (:s, (SELECT COALESCE(MAX(position), 0) "
         "+ 1 FROM training_seminars WHERE session_id = :s2), :t) RETURNING id",
      soci::use(session_id), soci::use(session_id), soci::use(title), soci::into(id);
  return id;
}

std::vector<HalfDay> Repository::halfdays(soci::session& sql, long long session_id) const {
  HalfDay h;
  soci::statement st =
      (sql.prepare << std::string(kHalfdaySelect) + "WHERE h.session_id = :s ORDER BY h.starts_at, h.id",
       TRAME_HALFDAY_INTO(h), soci::use(session_id));
  return fetch_all(st, h);
}

std::optional<HalfDay> Repository::halfday(soci::session& sql, long long id) const {
  HalfDay h;
  sql << std::string(kHalfdaySelect) + "WHERE h.id = :id", TRAME_HALFDAY_INTO(h), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return h;
}

long long Repository::insert_halfday(soci::session& sql, const HalfDay& h) const {
  long long id = 0;
  sql << "INSERT INTO training_halfdays (session_id, seminar_id, module_id, day, period, starts_at, ends_at, minutes) "
         "VALUES (:s, NULLIF(:se, 0), NULLIF(:m, 0), :d, :p, :st, :en, :mi) RETURNING id",
      soci::use(h.session_id), soci::use(h.seminar_id), soci::use(h.module_id), soci::use(h.day), soci::use(h.period),
      soci::use(h.starts_at), soci::use(h.ends_at), soci::use(h.minutes), soci::into(id);
  return id;
}

void Repository::update_halfday(soci::session& sql, const HalfDay& h) const {
  sql << "UPDATE training_halfdays SET seminar_id = NULLIF(:se, 0), module_id = NULLIF(:m, 0), day = :d, period = :p, "
         "starts_at = :st, ends_at = :en, minutes = :mi WHERE id = :id AND sheet_status = 'closed'",
      soci::use(h.seminar_id), soci::use(h.module_id), soci::use(h.day), soci::use(h.period), soci::use(h.starts_at),
      soci::use(h.ends_at), soci::use(h.minutes), soci::use(h.id);
}

void Repository::delete_halfday(soci::session& sql, long long id) const {
  sql << "DELETE FROM training_halfdays WHERE id = :id AND sheet_status = 'closed'", soci::use(id);
}

long long Repository::planned_minutes(soci::session& sql, long long session_id, long long except_halfday) const {
  long long n = 0;
  sql << "SELECT CAST(COALESCE(SUM(minutes), 0) AS BIGINT) FROM training_halfdays WHERE session_id = :s AND id <> :h",
      soci::into(n), soci::use(session_id), soci::use(except_halfday);
  return n;
}

bool Repository::halfday_taken(soci::session& sql, long long session_id, const std::string& day,
                               const std::string& period, long long except_halfday) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_halfdays WHERE session_id = :s AND day = :d AND period = :p "
         "AND id <> :h",
      soci::into(n), soci::use(session_id), soci::use(day), soci::use(period), soci::use(except_halfday);
  return n > 0;
}

std::vector<HalfDay> Repository::calendar(soci::session& sql, const CalendarScope& scope, long long page,
                                          long long per_page, long long& total) const {
  std::string where =
      "WHERE h.starts_at >= :fr AND h.starts_at < :to AND s.status <> 'cancelled' AND ((:u = 0 AND p.status = "
      "'published') OR (:u2 <> 0 AND (EXISTS (SELECT 1 FROM training_session_trainers t WHERE t.session_id = s.id AND "
      "t.user_id = :u3) OR EXISTS (SELECT 1 FROM training_applications a WHERE a.session_id = s.id AND a.user_id = :u4 "
      "AND a.status IN ('admitted','confirmed','completed'))))) ";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_halfdays h JOIN training_sessions s ON s.id = h.session_id "
         "JOIN training_programmes p ON p.id = s.programme_id " +
             where,
      soci::into(total), soci::use(scope.from), soci::use(scope.to), soci::use(scope.user_id), soci::use(scope.user_id),
      soci::use(scope.user_id), soci::use(scope.user_id);
  long long offset = (page - 1) * per_page;
  HalfDay h;
  soci::statement st =
      (sql.prepare << std::string(kHalfdaySelect) + where + "ORDER BY h.starts_at, h.id LIMIT :l OFFSET :o",
       TRAME_HALFDAY_INTO(h), soci::use(scope.from), soci::use(scope.to), soci::use(scope.user_id),
       soci::use(scope.user_id), soci::use(scope.user_id), soci::use(scope.user_id), soci::use(per_page),
       soci::use(offset));
  return fetch_all(st, h);
}

// ---- Trainers ----

std::vector<Person> Repository::trainers(soci::session& sql, long long session_id) const {
  return people(sql,
                "SELECT u.id, u.name, u.email FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                "WHERE t.session_id = :s ORDER BY t.lead DESC, u.name",
                session_id);
}

std::vector<Person> Repository::trainer_choices(soci::session& sql, long long organiser_id) const {
  return people(
      sql,
      "SELECT u.id, u.name, u.email FROM users u WHERE u.disabled = 0 AND EXISTS (SELECT 1 FROM memberships m "
      "WHERE m.user_id = u.id AND (m.role = 'trainer' OR m.organisation_id = :o)) "
      "ORDER BY u.name, u.id LIMIT 500",
      organiser_id);
}

std::vector<Person> Repository::members(soci::session& sql, long long organiser_id) const {
  return people(
      sql,
      "SELECT u.id, u.name, u.email FROM users u WHERE u.disabled = 0 AND EXISTS (SELECT 1 FROM memberships m "
      "WHERE m.user_id = u.id AND m.organisation_id = :o) ORDER BY u.name, u.id LIMIT 500",
      organiser_id);
}

bool Repository::add_trainer(soci::session& sql, long long session_id, long long user_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_session_trainers WHERE session_id = :s AND user_id = :u",
      soci::into(n), soci::use(session_id), soci::use(user_id);
  if (n > 0) return false;
  sql << "INSERT INTO training_session_trainers (session_id, user_id, lead) VALUES (:s, :u, 0)", soci::use(session_id),
      soci::use(user_id);
  return true;
}

void Repository::remove_trainer(soci::session& sql, long long session_id, long long user_id) const {
  sql << "DELETE FROM training_session_trainers WHERE session_id = :s AND user_id = :u", soci::use(session_id),
      soci::use(user_id);
}

// ---- Public figures ----

std::vector<long long> Repository::access_delays_days(soci::session& sql, long long programme_id,
                                                      long long since) const {
  long long requested = 0, starts = 0;
  soci::statement st = (sql.prepare << "SELECT a.requested_at, s.starts_at FROM training_applications a "
                                       "JOIN training_sessions s ON s.id = a.session_id WHERE s.programme_id = :p "
                                       "AND a.requested_at >= :since AND s.starts_at > 0 ORDER BY a.id",
                        soci::into(requested), soci::into(starts), soci::use(programme_id), soci::use(since));
  st.execute();
  std::vector<long long> out;
  while (st.fetch()) out.push_back(starts > requested ? (starts - requested) / 86400 : 0);
  return out;
}

Results Repository::results(soci::session& sql, long long programme_id) const {
  Results r;
  sql << "SELECT CAST(COALESCE(SUM(CASE WHEN a.status = 'completed' THEN 1 ELSE 0 END), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN a.status = 'dropped_out' THEN 1 ELSE 0 END), 0) AS BIGINT) "
         "FROM training_applications a JOIN training_sessions s ON s.id = a.session_id WHERE s.programme_id = :p",
      soci::into(r.completed), soci::into(r.dropped_out), soci::use(programme_id);
  long long base = r.completed + r.dropped_out;
  if (base > 0) {
    r.completion_pct = (r.completed * 100 + base / 2) / base;
    r.dropout_pct = 100 - *r.completion_pct;
  }
  return r;
}

// ---- Choices ----

std::vector<Choice> Repository::delegations(soci::session& sql) const {
  Choice c;
  soci::statement st = (sql.prepare << "SELECT id, name FROM delegations ORDER BY name, id LIMIT 500", soci::into(c.id),
                        soci::into(c.label));
  return fetch_all(st, c);
}

std::vector<Choice> Repository::organisers(soci::session& sql, bool with_programmes_only) const {
  Choice c;
  std::string q = with_programmes_only
                      ? "SELECT o.id, o.name FROM organisations o WHERE EXISTS (SELECT 1 FROM training_programmes p "
                        "WHERE p.organiser_id = o.id AND p.status = 'published') ORDER BY o.name LIMIT 500"
                      : "SELECT o.id, o.name FROM organisations o WHERE o.kind IN ('training','authority') AND "
                        "o.status = 'active' ORDER BY o.name LIMIT 500";
  soci::statement st = (sql.prepare << q, soci::into(c.id), soci::into(c.label));
  return fetch_all(st, c);
}

// ---- Calendar feed ----

long long Repository::feed_owner(soci::session& sql, const std::string& token_hash) const {
  long long id = 0;
  sql << "SELECT user_id FROM training_calendar_feeds WHERE token_hash = :h", soci::into(id), soci::use(token_hash);
  return sql.got_data() ? id : 0;
}

void Repository::set_feed(soci::session& sql, long long user_id, const std::string& token_hash, long long now) const {
  sql << "DELETE FROM training_calendar_feeds WHERE user_id = :u", soci::use(user_id);
  sql << "INSERT INTO training_calendar_feeds (user_id, token_hash, created_at) VALUES (:u, :h, :n)",
      soci::use(user_id), soci::use(token_hash), soci::use(now);
}

bool Repository::has_feed(soci::session& sql, long long user_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_calendar_feeds WHERE user_id = :u", soci::into(n),
      soci::use(user_id);
  return n > 0;
}

// ---- Checks of references ----

bool Repository::module_has_resources(soci::session& sql, long long module_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_resources WHERE module_id = :m", soci::into(n),
      soci::use(module_id);
  return n > 0;
}

bool Repository::halfday_in_use(soci::session& sql, long long halfday_id) const {
  long long refs = 0, docs = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_attendance WHERE halfday_id = :h", soci::into(refs),
      soci::use(halfday_id);
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_documents WHERE halfday_id = :h", soci::into(docs),
      soci::use(halfday_id);
  return refs + docs > 0;
}

std::string Repository::organisation_kind(soci::session& sql, long long organisation_id) const {
  std::string kind;
  sql << "SELECT kind FROM organisations WHERE id = :id", soci::into(kind), soci::use(organisation_id);
  return sql.got_data() ? kind : std::string();
}

bool Repository::is_member(soci::session& sql, long long user_id, long long organisation_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM memberships WHERE user_id = :u AND organisation_id = :o", soci::into(n),
      soci::use(user_id), soci::use(organisation_id);
  return n > 0;
}

bool Repository::delegation_exists(soci::session& sql, long long delegation_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM delegations WHERE id = :id", soci::into(n), soci::use(delegation_id);
  return n > 0;
}

}  // namespace trame::programmes
