#include "organisations/repository.hpp"

namespace trame::organisations {

long long Repository::insert(soci::session& sql, const Organisation& o) {
  long long id = 0;
  sql << "INSERT INTO organisations (name, kind, status, created_at) VALUES (:n, :k, 'active', :c) RETURNING id",
      soci::use(o.name), soci::use(o.kind), soci::use(o.created_at), soci::into(id);
  return id;
}

std::optional<Organisation> Repository::find(soci::session& sql, long long id) {
  Organisation o;
  sql << "SELECT id, name, kind, status, created_at FROM organisations WHERE id = :id", soci::into(o.id),
      soci::into(o.name), soci::into(o.kind), soci::into(o.status), soci::into(o.created_at), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

std::optional<Organisation> Repository::find_by_name(soci::session& sql, const std::string& name) {
  Organisation o;
  sql << "SELECT id, name, kind, status, created_at FROM organisations WHERE lower(name) = lower(:n)",
      soci::into(o.id), soci::into(o.name), soci::into(o.kind), soci::into(o.status), soci::into(o.created_at),
      soci::use(name);
  if (!sql.got_data()) return std::nullopt;
  return o;
}

void Repository::update(soci::session& sql, const Organisation& o) {
  sql << "UPDATE organisations SET name = :n, kind = :k, status = :s WHERE id = :id", soci::use(o.name),
      soci::use(o.kind), soci::use(o.status), soci::use(o.id);
}

std::vector<Organisation> Repository::page(soci::session& sql, const std::string& query, long long offset,
                                           long long limit) {
  Organisation o;
  std::string like = "%" + query + "%";
  soci::statement st =
      (sql.prepare << "SELECT o.id, o.name, o.kind, o.status, o.created_at, "
                      "CAST((SELECT COUNT(DISTINCT m.user_id) FROM memberships m WHERE m.organisation_id = o.id) AS BIGINT) "
                      "FROM organisations o WHERE lower(o.name) LIKE lower(:q) ORDER BY lower(o.name) LIMIT :l OFFSET :o",
       soci::into(o.id), soci::into(o.name), soci::into(o.kind), soci::into(o.status), soci::into(o.created_at),
       soci::into(o.member_count), soci::use(like), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Organisation> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

long long Repository::count(soci::session& sql, const std::string& query) {
  long long n = 0;
  std::string like = "%" + query + "%";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM organisations WHERE lower(name) LIKE lower(:q)", soci::use(like),
      soci::into(n);
  return n;
}

std::vector<Member> Repository::members(soci::session& sql, long long organisation_id) {
  Member m;
  soci::statement st = (sql.prepare << "SELECT u.id, u.name, u.email, m.role, u.disabled FROM memberships m "
                                       "JOIN users u ON u.id = m.user_id WHERE m.organisation_id = :o "
                                       "ORDER BY lower(u.name), m.role",
                        soci::into(m.user_id), soci::into(m.name), soci::into(m.email), soci::into(m.role),
                        soci::into(m.disabled), soci::use(organisation_id));
  st.execute();
  std::vector<Member> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<Organisation> Repository::all_active(soci::session& sql) {
  Organisation o;
  soci::statement st = (sql.prepare << "SELECT id, name, kind, status, created_at FROM organisations "
                                       "WHERE status = 'active' ORDER BY lower(name)",
                        soci::into(o.id), soci::into(o.name), soci::into(o.kind), soci::into(o.status),
                        soci::into(o.created_at));
  st.execute();
  std::vector<Organisation> out;
  while (st.fetch()) out.push_back(o);
  return out;
}

}  // namespace trame::organisations
