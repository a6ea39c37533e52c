#include "trainings/rollout/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::rollout {

namespace {
// The organiser filter of `scope` (ids we hold, never text typed by a user).
std::string scope_clause(soci::session& sql, const ActingFor& scope) {
  return scope.all ? std::string() : " AND " + store::in_ids(sql, "p.organiser_id", scope.organisations);
}
}  // namespace

std::vector<std::pair<long long, std::string>> Repository::delegations(soci::session& sql, long long offset,
                                                                       long long limit, long long& total) {
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM delegations", soci::into(total);
  long long id = 0;
  std::string name, departement;
  soci::statement st = (sql.prepare << "SELECT d.id, d.name, p.name FROM delegations d JOIN departements p "
                                       "ON p.code = d.departement_code ORDER BY p.code, d.name, d.id "
                                       "LIMIT :l OFFSET :o",
                        soci::into(id), soci::into(name), soci::into(departement), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, name + " (" + departement + ")");
  return out;
}

std::vector<std::pair<long long, SessionItem>> Repository::sessions(soci::session& sql, const ActingFor& scope,
                                                                    const std::vector<long long>& delegations,
                                                                    long long from, long long to) {
  std::vector<std::pair<long long, SessionItem>> out;
  if (scope.none() || delegations.empty()) return out;
  long long delegation = 0;
  SessionItem s;
  soci::statement st =
      (sql.prepare << "SELECT s.delegation_id, s.id, s.title, s.status, s.starts_at FROM training_sessions s "
                      "JOIN training_programmes p ON p.id = s.programme_id WHERE s.status <> 'cancelled' "
                      "AND " +
                          store::in_ids(sql, "s.delegation_id", delegations) +
                          " AND s.starts_at > 0 AND s.starts_at < :t AND s.ends_at >= :f" + scope_clause(sql, scope) +
                          " ORDER BY s.starts_at, s.id",
       soci::into(delegation), soci::into(s.id), soci::into(s.title), soci::into(s.status), soci::into(s.starts_at),
       soci::use(to), soci::use(from));
  st.execute();
  while (st.fetch()) out.emplace_back(delegation, s);
  return out;
}

std::vector<Repository::SectorCount> Repository::trainees(soci::session& sql, const ActingFor& scope,
                                                          const std::vector<long long>& delegations, long long from,
                                                          long long to) {
  std::vector<SectorCount> out;
  if (scope.none() || delegations.empty()) return out;
  SectorCount c;
  soci::statement st =
      (sql.prepare << "SELECT s.delegation_id, a.sector, CAST(COUNT(*) AS BIGINT) FROM training_applications a "
                      "JOIN training_sessions s ON s.id = a.session_id JOIN training_programmes p "
                      "ON p.id = s.programme_id WHERE a.status IN ('completed','confirmed') "
                      "AND s.status <> 'cancelled' AND " +
                          store::in_ids(sql, "s.delegation_id", delegations) +
                          " AND s.starts_at > 0 AND s.starts_at < :t AND s.ends_at >= :f" + scope_clause(sql, scope) +
                          " GROUP BY s.delegation_id, a.sector",
       soci::into(c.delegation_id), soci::into(c.sector), soci::into(c.count), soci::use(to), soci::use(from));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::programme_by_title(soci::session& sql, const std::string& title) {
  long long id = 0;
  sql << "SELECT id FROM training_programmes WHERE title = :t ORDER BY id LIMIT 1", soci::into(id), soci::use(title);
  return sql.got_data() ? id : 0;
}

bool Repository::has_demo_planned(soci::session& sql, long long programme_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_sessions WHERE programme_id = :p AND title LIKE :t",
      soci::into(n), soci::use(programme_id), soci::use(std::string("% (prévue)"));
  return n > 0;
}

bool Repository::session_titled(soci::session& sql, long long programme_id, const std::string& title) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_sessions WHERE programme_id = :p AND title = :t", soci::into(n),
      soci::use(programme_id), soci::use(title);
  return n > 0;
}

std::vector<std::pair<long long, std::string>> Repository::delegations_without_session(soci::session& sql,
                                                                                       const std::string& code,
                                                                                       long long from, long long to) {
  long long id = 0;
  std::string name;
  soci::statement st =
      (sql.prepare << "SELECT d.id, d.name FROM delegations d WHERE d.departement_code = :c "
                      "AND NOT EXISTS (SELECT 1 FROM training_sessions s WHERE s.delegation_id = d.id "
                      "AND s.status <> 'cancelled' AND s.starts_at > 0 AND s.starts_at < :t AND s.ends_at >= :f) "
                      "ORDER BY d.name, d.id",
       soci::into(id), soci::into(name), soci::use(code), soci::use(to), soci::use(from));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

long long Repository::insert_planned_session(soci::session& sql, long long programme_id, const std::string& title,
                                             long long delegation_id, long long starts_at, long long now) {
  long long id = 0;
  sql << "INSERT INTO training_sessions (programme_id, title, delegation_id, min_trainees, max_trainees, status, "
         "starts_at, ends_at, created_at, created_by, updated_at) VALUES (:p, :t, :d, 6, 16, 'planned', :s, :e, :c, 0, "
         ":u) RETURNING id",
      soci::use(programme_id), soci::use(title), soci::use(delegation_id), soci::use(starts_at), soci::use(starts_at),
      soci::use(now), soci::use(now), soci::into(id);
  return id;
}

}  // namespace trame::rollout
