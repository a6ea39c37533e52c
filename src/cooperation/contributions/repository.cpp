#include "cooperation/contributions/repository.hpp"

namespace trame::contributions {

namespace {

const char* kSelect =
    "SELECT c.id, c.project_id, c.kind, c.people, c.place, c.held_on, c.body, c.recorded_by, COALESCE(u.name, ''), "
    "c.created_at, c.updated_at FROM cooperation_contributions c LEFT JOIN users u ON u.id = c.recorded_by ";

#define TRAME_CONTRIBUTION_INTO(c)                                                                                     \
  soci::into((c).id), soci::into((c).project_id), soci::into((c).kind), soci::into((c).people), soci::into((c).place), \
      soci::into((c).held_on), soci::into((c).body), soci::into((c).recorded_by), soci::into((c).recorded_by_name),    \
      soci::into((c).created_at), soci::into((c).updated_at)

// The filters, always bound (a value that matches all when unused): one statement text per query.
const char* kFilter =
    "WHERE c.project_id = :p AND (:k1 = '' OR c.kind = :k2) AND (:s1 = 0 OR EXISTS (SELECT 1 FROM "
    "cooperation_contribution_sections l WHERE l.contribution_id = c.id AND l.diagnosis_section_id = :s2)) ";

}  // namespace

std::vector<Contribution> Repository::list(soci::session& sql, long long project_id, const Filter& filter, int limit,
                                           int offset) const {
  std::vector<Contribution> out;
  Contribution c;
  soci::statement st =
      (sql.prepare << std::string(kSelect) + kFilter + "ORDER BY c.held_on DESC, c.id DESC LIMIT :l OFFSET :o",
       TRAME_CONTRIBUTION_INTO(c), soci::use(project_id), soci::use(filter.kind), soci::use(filter.kind),
       soci::use(filter.section_id), soci::use(filter.section_id), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::count(soci::session& sql, long long project_id, const Filter& filter) const {
  long long n = 0;
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM cooperation_contributions c ") + kFilter, soci::into(n),
      soci::use(project_id), soci::use(filter.kind), soci::use(filter.kind), soci::use(filter.section_id),
      soci::use(filter.section_id);
  return n;
}

std::optional<Contribution> Repository::find(soci::session& sql, long long project_id, long long id) const {
  Contribution c;
  sql << std::string(kSelect) + "WHERE c.id = :id AND c.project_id = :p", TRAME_CONTRIBUTION_INTO(c), soci::use(id),
      soci::use(project_id);
  if (!sql.got_data()) return std::nullopt;
  return c;
}

long long Repository::insert(soci::session& sql, const Contribution& c, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_contributions (project_id, kind, people, place, held_on, body, recorded_by, "
         "created_at, updated_at) VALUES (:p, :k, :n, :pl, :h, :b, :r, :c, :u) RETURNING id",
      soci::use(c.project_id), soci::use(c.kind), soci::use(c.people), soci::use(c.place), soci::use(c.held_on),
      soci::use(c.body), soci::use(c.recorded_by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, const Contribution& c, long long now) const {
  sql << "UPDATE cooperation_contributions SET kind = :k, people = :n, place = :pl, held_on = :h, body = :b, "
         "updated_at = :u WHERE id = :id",
      soci::use(c.kind), soci::use(c.people), soci::use(c.place), soci::use(c.held_on), soci::use(c.body),
      soci::use(now), soci::use(c.id);
}

void Repository::remove(soci::session& sql, long long id) const {
  sql << "DELETE FROM cooperation_contribution_sections WHERE contribution_id = :id", soci::use(id);
  sql << "DELETE FROM cooperation_contribution_decisions WHERE contribution_id = :id", soci::use(id);
  sql << "DELETE FROM cooperation_contributions WHERE id = :id", soci::use(id);
}

std::vector<SectionLink> Repository::sections(soci::session& sql, long long contribution_id) const {
  std::vector<SectionLink> out;
  SectionLink l;
  soci::statement st =
      (sql.prepare << "SELECT l.diagnosis_section_id, COALESCE(u.name, ''), l.linked_at FROM "
                      "cooperation_contribution_sections l LEFT JOIN users u ON u.id = l.linked_by "
                      "WHERE l.contribution_id = :c ORDER BY l.linked_at, l.diagnosis_section_id",
       soci::into(l.section_id), soci::into(l.linked_by_name), soci::into(l.linked_at), soci::use(contribution_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

std::vector<DecisionLink> Repository::decisions(soci::session& sql, long long contribution_id) const {
  std::vector<DecisionLink> out;
  DecisionLink l;
  soci::statement st =
      (sql.prepare << "SELECT l.decision_id, COALESCE(u.name, ''), l.linked_at FROM "
                      "cooperation_contribution_decisions l LEFT JOIN users u ON u.id = l.linked_by "
                      "WHERE l.contribution_id = :c ORDER BY l.linked_at, l.decision_id",
       soci::into(l.decision_id), soci::into(l.linked_by_name), soci::into(l.linked_at), soci::use(contribution_id));
  st.execute();
  while (st.fetch()) out.push_back(l);
  return out;
}

std::vector<Contribution> Repository::linked_to_section(soci::session& sql, long long project_id, long long section_id,
                                                        int limit) const {
  Filter filter;
  filter.section_id = section_id;
  return list(sql, project_id, filter, limit, 0);
}

bool Repository::link_section(soci::session& sql, long long contribution_id, long long section_id, long long by,
                              long long now) const {
  soci::statement st =
      (sql.prepare << "INSERT INTO cooperation_contribution_sections (contribution_id, diagnosis_section_id, "
                      "linked_by, linked_at) VALUES (:c, :s, :b, :n) ON CONFLICT DO NOTHING",
       soci::use(contribution_id), soci::use(section_id), soci::use(by), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::unlink_section(soci::session& sql, long long contribution_id, long long section_id) const {
  soci::statement st = (sql.prepare << "DELETE FROM cooperation_contribution_sections WHERE contribution_id = :c "
                                       "AND diagnosis_section_id = :s",
                        soci::use(contribution_id), soci::use(section_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::link_decision(soci::session& sql, long long contribution_id, long long decision_id, long long by,
                               long long now) const {
  soci::statement st = (sql.prepare << "INSERT INTO cooperation_contribution_decisions (contribution_id, decision_id, "
                                       "linked_by, linked_at) VALUES (:c, :d, :b, :n) ON CONFLICT DO NOTHING",
                        soci::use(contribution_id), soci::use(decision_id), soci::use(by), soci::use(now));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::unlink_decision(soci::session& sql, long long contribution_id, long long decision_id) const {
  soci::statement st = (sql.prepare << "DELETE FROM cooperation_contribution_decisions WHERE contribution_id = :c "
                                       "AND decision_id = :d",
                        soci::use(contribution_id), soci::use(decision_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email) const {
  long long id = 0;
  sql << "SELECT id FROM users WHERE lower(email) = lower(:e)", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

}  // namespace trame::contributions
