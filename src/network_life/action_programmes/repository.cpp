#include "network_life/action_programmes/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::action_programmes {

namespace {

const char* kProgrammeSelect =
    "SELECT p.id, p.organiser_id, o.name, p.title, p.description, p.remobilisation, p.created_by, p.created_at, "
    "p.updated_at FROM life_programmes p JOIN organisations o ON o.id = p.organiser_id ";

struct ProgrammeRow {
  Programme p;
  long long remob = 0;
  Programme get() {
    p.remobilisation = remob != 0;
    return p;
  }
};
#define TRAME_PROGRAMME_INTO(r)                                                                                    \
  soci::into((r).p.id), soci::into((r).p.organiser_id), soci::into((r).p.organiser_name), soci::into((r).p.title), \
      soci::into((r).p.description), soci::into((r).remob), soci::into((r).p.created_by),                          \
      soci::into((r).p.created_at), soci::into((r).p.updated_at)

const char* kEditionSelect =
    "SELECT id, programme_id, title, starts_on, ends_on, summary, created_at FROM life_programme_editions ";
#define TRAME_EDITION_INTO(e)                                                                         \
  soci::into((e).id), soci::into((e).programme_id), soci::into((e).title), soci::into((e).starts_on), \
      soci::into((e).ends_on), soci::into((e).summary), soci::into((e).created_at)

const char* kSessionSelect =
    "SELECT s.id, s.edition_id, s.kind, s.title, s.starts_at, s.ends_at, s.place, s.capacity, s.taken, "
    "s.attendance_at, s.created_at FROM life_programme_sessions s ";
#define TRAME_SESSION_INTO(s)                                                                              \
  soci::into((s).id), soci::into((s).edition_id), soci::into((s).kind), soci::into((s).title),             \
      soci::into((s).starts_at), soci::into((s).ends_at), soci::into((s).place), soci::into((s).capacity), \
      soci::into((s).taken), soci::into((s).attendance_at), soci::into((s).created_at)

const char* kParticipantSelect =
    "SELECT p.id, p.edition_id, p.beneficiary_id, b.code, p.relais_id, o.name, p.kind, p.adults, p.children, "
    "COALESCE((SELECT x.category FROM life_programme_outcomes x WHERE x.participant_id = p.id), ''), "
    "(SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_registrations r WHERE r.participant_id = p.id) "
    "FROM life_programme_participants p JOIN beneficiaries b ON b.id = p.beneficiary_id "
    "JOIN organisations o ON o.id = p.relais_id ";
#define TRAME_PARTICIPANT_INTO(p)                                                                           \
  soci::into((p).id), soci::into((p).edition_id), soci::into((p).beneficiary_id), soci::into((p).code),     \
      soci::into((p).relais_id), soci::into((p).relais_name), soci::into((p).kind), soci::into((p).adults), \
      soci::into((p).children), soci::into((p).outcome), soci::into((p).sessions)

std::string relais_filter(soci::session& sql, const std::vector<long long>& relais, bool all, const char* column) {
  if (all) return "";
  return " AND " + store::in_ids(sql, column, relais);
}

long long count(soci::session& sql, const std::string& query, long long id) {
  long long n = 0;
  sql << query, soci::into(n), soci::use(id);
  return n;
}

}  // namespace

std::optional<Programme> Repository::programme(soci::session& sql, long long id) const {
  ProgrammeRow r;
  sql << std::string(kProgrammeSelect) + "WHERE p.id = :id", TRAME_PROGRAMME_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r.get();
}

std::vector<Programme> Repository::programmes(soci::session& sql, int limit, int offset) const {
  ProgrammeRow r;
  soci::statement st = (sql.prepare << std::string(kProgrammeSelect) + "ORDER BY p.title, p.id LIMIT :l OFFSET :o",
                        TRAME_PROGRAMME_INTO(r), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Programme> out;
  while (st.fetch()) out.push_back(r.get());
  return out;
}

long long Repository::count_programmes(soci::session& sql) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programmes", soci::into(n);
  return n;
}

long long Repository::programme_by_title(soci::session& sql, long long organiser_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM life_programmes WHERE organiser_id = :o AND title = :t ORDER BY id LIMIT 1", soci::into(id),
      soci::use(organiser_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::insert_programme(soci::session& sql, const Programme& p, long long now) const {
  long long id = 0;
  long long remob = p.remobilisation ? 1 : 0;
  sql << "INSERT INTO life_programmes (organiser_id, title, description, remobilisation, created_by, created_at, "
         "updated_at) VALUES (:o, :t, :d, :r, :b, :n, :n2) RETURNING id",
      soci::use(p.organiser_id), soci::use(p.title), soci::use(p.description), soci::use(remob),
      soci::use(p.created_by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update_programme(soci::session& sql, const Programme& p, long long now) const {
  long long remob = p.remobilisation ? 1 : 0;
  sql << "UPDATE life_programmes SET title = :t, description = :d, remobilisation = :r, updated_at = :n "
         "WHERE id = :id",
      soci::use(p.title), soci::use(p.description), soci::use(remob), soci::use(now), soci::use(p.id);
}

std::optional<Edition> Repository::edition(soci::session& sql, long long id) const {
  Edition e;
  sql << std::string(kEditionSelect) + "WHERE id = :id", TRAME_EDITION_INTO(e), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return e;
}

std::vector<Edition> Repository::editions(soci::session& sql, long long programme_id, int limit, int offset) const {
  Edition e;
  soci::statement st =
      (sql.prepare << std::string(kEditionSelect) +
                          "WHERE programme_id = :p ORDER BY starts_on DESC, id DESC LIMIT :l OFFSET :o",
       TRAME_EDITION_INTO(e), soci::use(programme_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Edition> out;
  while (st.fetch()) out.push_back(e);
  return out;
}

long long Repository::count_editions(soci::session& sql, long long programme_id) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_editions WHERE programme_id = :p",
               programme_id);
}

long long Repository::edition_by_title(soci::session& sql, long long programme_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM life_programme_editions WHERE programme_id = :p AND title = :t ORDER BY id LIMIT 1",
      soci::into(id), soci::use(programme_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::insert_edition(soci::session& sql, const Edition& e, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_programme_editions (programme_id, title, starts_on, ends_on, summary, created_at) "
         "VALUES (:p, :t, :s, :e, :m, :n) RETURNING id",
      soci::use(e.programme_id), soci::use(e.title), soci::use(e.starts_on), soci::use(e.ends_on), soci::use(e.summary),
      soci::use(now), soci::into(id);
  return id;
}

std::vector<Partner> Repository::partners(soci::session& sql, long long edition_id) const {
  Partner p;
  soci::statement st = (sql.prepare << "SELECT x.organisation_id, o.name, x.role FROM life_programme_partners x "
                                       "JOIN organisations o ON o.id = x.organisation_id WHERE x.edition_id = :e "
                                       "ORDER BY o.name, x.id",
                        soci::into(p.organisation_id), soci::into(p.name), soci::into(p.role), soci::use(edition_id));
  st.execute();
  std::vector<Partner> out;
  while (st.fetch()) out.push_back(p);
  return out;
}

std::vector<Funder> Repository::funders(soci::session& sql, long long edition_id) const {
  Funder f;
  soci::statement st =
      (sql.prepare << "SELECT x.organisation_id, o.name, x.amount_euros FROM life_programme_funders x "
                      "JOIN organisations o ON o.id = x.organisation_id WHERE x.edition_id = :e ORDER BY o.name, x.id",
       soci::into(f.organisation_id), soci::into(f.name), soci::into(f.amount_euros), soci::use(edition_id));
  st.execute();
  std::vector<Funder> out;
  while (st.fetch()) out.push_back(f);
  return out;
}

void Repository::put_partner(soci::session& sql, long long edition_id, long long organisation_id,
                             const std::string& role, long long now) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_partners WHERE edition_id = :e AND organisation_id = :o",
      soci::into(n), soci::use(edition_id), soci::use(organisation_id);
  if (n)
    sql << "UPDATE life_programme_partners SET role = :r WHERE edition_id = :e AND organisation_id = :o",
        soci::use(role), soci::use(edition_id), soci::use(organisation_id);
  else
    sql << "INSERT INTO life_programme_partners (edition_id, organisation_id, role, created_at) "
           "VALUES (:e, :o, :r, :n)",
        soci::use(edition_id), soci::use(organisation_id), soci::use(role), soci::use(now);
}

void Repository::put_funder(soci::session& sql, long long edition_id, long long organisation_id, long long amount,
                            long long now) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_funders WHERE edition_id = :e AND organisation_id = :o",
      soci::into(n), soci::use(edition_id), soci::use(organisation_id);
  if (n)
    sql << "UPDATE life_programme_funders SET amount_euros = :a WHERE edition_id = :e AND organisation_id = :o",
        soci::use(amount), soci::use(edition_id), soci::use(organisation_id);
  else
    sql << "INSERT INTO life_programme_funders (edition_id, organisation_id, amount_euros, created_at) "
           "VALUES (:e, :o, :a, :n)",
        soci::use(edition_id), soci::use(organisation_id), soci::use(amount), soci::use(now);
}

std::string Repository::organisation_kind(soci::session& sql, long long id) const {
  std::string kind;
  sql << "SELECT kind FROM organisations WHERE id = :id AND status = 'active'", soci::into(kind), soci::use(id);
  return sql.got_data() ? kind : std::string();
}

std::vector<Partner> Repository::directory(soci::session& sql, bool funders_only) const {
  Partner p;
  soci::statement st =
      (sql.prepare << std::string("SELECT id, name FROM organisations WHERE status = 'active'") +
                          (funders_only ? " AND kind = 'funder'" : "") + " ORDER BY name, id LIMIT 2000",
       soci::into(p.organisation_id), soci::into(p.name));
  st.execute();
  std::vector<Partner> out;
  while (st.fetch()) out.push_back(p);
  return out;
}

std::optional<Session> Repository::session(soci::session& sql, long long id) const {
  Session s;
  sql << std::string(kSessionSelect) + "WHERE s.id = :id", TRAME_SESSION_INTO(s), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return s;
}

std::vector<Session> Repository::sessions(soci::session& sql, long long edition_id, int limit, int offset) const {
  Session s;
  soci::statement st = (sql.prepare << std::string(kSessionSelect) +
                                           "WHERE s.edition_id = :e ORDER BY s.starts_at, s.id LIMIT :l OFFSET :o",
                        TRAME_SESSION_INTO(s), soci::use(edition_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Session> out;
  while (st.fetch()) out.push_back(s);
  return out;
}

long long Repository::count_sessions(soci::session& sql, long long edition_id) const {
  return count(sql, "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_sessions WHERE edition_id = :e", edition_id);
}

long long Repository::session_by_title(soci::session& sql, long long edition_id, const std::string& title) const {
  long long id = 0;
  sql << "SELECT id FROM life_programme_sessions WHERE edition_id = :e AND title = :t ORDER BY id LIMIT 1",
      soci::into(id), soci::use(edition_id), soci::use(title);
  return sql.got_data() ? id : 0;
}

long long Repository::insert_session(soci::session& sql, const Session& s, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_programme_sessions (edition_id, kind, title, starts_at, ends_at, place, capacity, taken, "
         "attendance_at, created_at) VALUES (:e, :k, :t, :s, :en, :p, :c, 0, 0, :n) RETURNING id",
      soci::use(s.edition_id), soci::use(s.kind), soci::use(s.title), soci::use(s.starts_at), soci::use(s.ends_at),
      soci::use(s.place), soci::use(s.capacity), soci::use(now), soci::into(id);
  return id;
}

void Repository::hold_session(soci::session& sql, long long session_id) const {
  sql << "UPDATE life_programme_sessions SET taken = taken WHERE id = :id", soci::use(session_id);
}

bool Repository::take_places(soci::session& sql, long long session_id, long long places) const {
  soci::statement st = (sql.prepare << "UPDATE life_programme_sessions SET taken = taken + :p "
                                       "WHERE id = :id AND taken + :p2 <= capacity",
                        soci::use(places), soci::use(session_id), soci::use(places));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Participant> Repository::participant(soci::session& sql, long long id) const {
  Participant p;
  sql << std::string(kParticipantSelect) + "WHERE p.id = :id", TRAME_PARTICIPANT_INTO(p), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

std::optional<Participant> Repository::participant_of(soci::session& sql, long long edition_id,
                                                      long long beneficiary_id) const {
  Participant p;
  sql << std::string(kParticipantSelect) + "WHERE p.edition_id = :e AND p.beneficiary_id = :b",
      TRAME_PARTICIPANT_INTO(p), soci::use(edition_id), soci::use(beneficiary_id);
  if (!sql.got_data()) return std::nullopt;
  return p;
}

std::vector<Participant> Repository::participants(soci::session& sql, long long edition_id,
                                                  const std::vector<long long>& relais, bool all, int limit,
                                                  int offset) const {
  Participant p;
  soci::statement st =
      (sql.prepare << std::string(kParticipantSelect) + "WHERE p.edition_id = :e" +
                          relais_filter(sql, relais, all, "p.relais_id") + " ORDER BY b.code, p.id LIMIT :l OFFSET :o",
       TRAME_PARTICIPANT_INTO(p), soci::use(edition_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Participant> out;
  while (st.fetch()) out.push_back(p);
  return out;
}

long long Repository::count_participants(soci::session& sql, long long edition_id, const std::vector<long long>& relais,
                                         bool all) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_participants p WHERE p.edition_id = :e" +
                   relais_filter(sql, relais, all, "p.relais_id"),
               edition_id);
}

long long Repository::insert_participant(soci::session& sql, const Participant& p, long long by, long long now) const {
  long long id = 0;
  sql << "INSERT INTO life_programme_participants (edition_id, beneficiary_id, relais_id, kind, adults, children, "
         "registered_by, created_at) VALUES (:e, :b, :r, :k, :a, :c, :by, :n) RETURNING id",
      soci::use(p.edition_id), soci::use(p.beneficiary_id), soci::use(p.relais_id), soci::use(p.kind),
      soci::use(p.adults), soci::use(p.children), soci::use(by), soci::use(now), soci::into(id);
  return id;
}

std::vector<Registration> Repository::registrations(soci::session& sql, long long session_id,
                                                    const std::vector<long long>& relais, bool all, int limit,
                                                    int offset) const {
  Registration r;
  long long present = 0;
  soci::statement st =
      (sql.prepare << "SELECT r.id, r.session_id, r.participant_id, b.code, o.name, p.relais_id, r.places, r.present "
                      "FROM life_programme_registrations r JOIN life_programme_participants p ON p.id = "
                      "r.participant_id JOIN beneficiaries b ON b.id = p.beneficiary_id JOIN organisations o ON o.id = "
                      "p.relais_id WHERE r.session_id = :s" +
                          relais_filter(sql, relais, all, "p.relais_id") + " ORDER BY b.code, r.id LIMIT :l OFFSET :o",
       soci::into(r.id), soci::into(r.session_id), soci::into(r.participant_id), soci::into(r.code),
       soci::into(r.relais_name), soci::into(r.relais_id), soci::into(r.places), soci::into(present),
       soci::use(session_id), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Registration> out;
  while (st.fetch()) {
    r.present = present != 0;
    out.push_back(r);
  }
  return out;
}

long long Repository::count_registrations(soci::session& sql, long long session_id,
                                          const std::vector<long long>& relais, bool all) const {
  return count(sql,
               "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_registrations r JOIN life_programme_participants p "
               "ON p.id = r.participant_id WHERE r.session_id = :s" +
                   relais_filter(sql, relais, all, "p.relais_id"),
               session_id);
}

bool Repository::registered(soci::session& sql, long long session_id, long long participant_id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_programme_registrations WHERE session_id = :s AND "
         "participant_id = :p",
      soci::into(n), soci::use(session_id), soci::use(participant_id);
  return n > 0;
}

void Repository::insert_registration(soci::session& sql, long long session_id, long long participant_id,
                                     long long places, long long by, long long now) const {
  sql << "INSERT INTO life_programme_registrations (session_id, participant_id, places, present, registered_by, "
         "created_at) VALUES (:s, :p, :pl, 0, :b, :n)",
      soci::use(session_id), soci::use(participant_id), soci::use(places), soci::use(by), soci::use(now);
}

void Repository::set_attendance(soci::session& sql, long long session_id, const std::vector<long long>& present,
                                long long now) const {
  sql << "UPDATE life_programme_registrations SET present = CASE WHEN " + store::in_ids(sql, "id", present) +
             " THEN 1 ELSE 0 END WHERE session_id = :s",
      soci::use(session_id);
  sql << "UPDATE life_programme_sessions SET attendance_at = :n WHERE id = :s", soci::use(now), soci::use(session_id);
}

void Repository::put_outcome(soci::session& sql, long long participant_id, const std::string& category, long long by,
                             long long now) const {
  sql << "DELETE FROM life_programme_outcomes WHERE participant_id = :p", soci::use(participant_id);
  sql << "INSERT INTO life_programme_outcomes (participant_id, category, recorded_by, recorded_at) "
         "VALUES (:p, :c, :b, :n)",
      soci::use(participant_id), soci::use(category), soci::use(by), soci::use(now);
}

Figures Repository::figures(soci::session& sql, long long edition_id) const {
  Figures f;
  sql << "SELECT CAST(COUNT(*) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN kind = 'household' THEN 1 ELSE 0 END), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN kind = 'person' THEN 1 ELSE 0 END), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN kind = 'household' THEN adults + children ELSE 1 END), 0) AS BIGINT) "
         "FROM life_programme_participants WHERE edition_id = :e",
      soci::into(f.participants), soci::into(f.households), soci::into(f.persons), soci::into(f.people),
      soci::use(edition_id);
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN attendance_at > 0 THEN 1 ELSE 0 END), 0) AS "
         "BIGINT) FROM life_programme_sessions WHERE edition_id = :e",
      soci::into(f.sessions), soci::into(f.sessions_held), soci::use(edition_id);
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(r.present), 0) AS BIGINT) FROM "
         "life_programme_registrations r JOIN life_programme_sessions s ON s.id = r.session_id "
         "WHERE s.edition_id = :e AND s.attendance_at > 0",
      soci::into(f.registrations_held), soci::into(f.present), soci::use(edition_id);
  for (const auto& c : outcome_categories()) f.outcomes[c] = 0;
  std::string category;
  long long n = 0;
  soci::statement st = (sql.prepare << "SELECT x.category, CAST(COUNT(*) AS BIGINT) FROM life_programme_outcomes x "
                                       "JOIN life_programme_participants p ON p.id = x.participant_id "
                                       "WHERE p.edition_id = :e GROUP BY x.category",
                        soci::into(category), soci::into(n), soci::use(edition_id));
  st.execute();
  while (st.fetch()) f.outcomes[category] = n;
  return f;
}

std::vector<Session> Repository::upcoming_for_relais(soci::session& sql, const std::vector<long long>& relais, bool all,
                                                     long long now, int limit) const {
  Session s;
  soci::statement st =
      (sql.prepare << std::string(kSessionSelect) +
                          "WHERE s.ends_at > :n AND EXISTS (SELECT 1 FROM life_programme_registrations r JOIN "
                          "life_programme_participants p ON p.id = r.participant_id WHERE r.session_id = s.id" +
                          relais_filter(sql, relais, all, "p.relais_id") + ") ORDER BY s.starts_at, s.id LIMIT :l",
       TRAME_SESSION_INTO(s), soci::use(now), soci::use(limit));
  st.execute();
  std::vector<Session> out;
  while (st.fetch()) out.push_back(s);
  return out;
}

std::vector<Session> Repository::without_attendance(soci::session& sql, const std::vector<long long>& organisers,
                                                    bool all, long long now, int limit) const {
  Session s;
  soci::statement st =
      (sql.prepare << std::string(kSessionSelect) +
                          "JOIN life_programme_editions e ON e.id = s.edition_id JOIN life_programmes g ON g.id = "
                          "e.programme_id WHERE s.attendance_at = 0 AND s.starts_at <= :n" +
                          relais_filter(sql, organisers, all, "g.organiser_id") +
                          " ORDER BY s.starts_at DESC, s.id DESC LIMIT :l",
       TRAME_SESSION_INTO(s), soci::use(now), soci::use(limit));
  st.execute();
  std::vector<Session> out;
  while (st.fetch()) out.push_back(s);
  return out;
}

long long Repository::organiser_of_edition(soci::session& sql, long long edition_id) const {
  long long id = 0;
  sql << "SELECT g.organiser_id FROM life_programme_editions e JOIN life_programmes g ON g.id = e.programme_id "
         "WHERE e.id = :e",
      soci::into(id), soci::use(edition_id);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::action_programmes
