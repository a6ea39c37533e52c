#include "network/branches/repository.hpp"

#include "platform/store/id_list.hpp"

namespace trame::branches {

namespace {

#define TRAME_BRANCH_SELECT                                                                                  \
  "SELECT b.id, b.name, b.departement_code, b.school_zone, CAST(COALESCE(b.organisation_id, 0) AS BIGINT), " \
  "COALESCE(o.name, ''), b.status, (SELECT COUNT(*) FROM organisations m WHERE m.branch_id = b.id), "        \
  "b.created_at, b.updated_at FROM network_branches b LEFT JOIN organisations o ON o.id = b.organisation_id "

std::string where_of(soci::session& sql, bool all, const std::vector<long long>& ids) {
  if (all) return "";
  if (ids.empty()) return " WHERE 1 = 0";
  return " WHERE " + store::in_ids(sql, "b.id", ids);
}

}  // namespace

long long Repository::count(soci::session& sql, bool all, const std::vector<long long>& ids) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM network_branches b" + where_of(sql, all, ids), soci::into(n);
  return n;
}

std::vector<Branch> Repository::page(soci::session& sql, bool all, const std::vector<long long>& ids, long long offset,
                                     long long limit) {
  Branch b;
  soci::statement st =
      (sql.prepare << TRAME_BRANCH_SELECT + where_of(sql, all, ids) + " ORDER BY b.name, b.id LIMIT :l OFFSET :o",
       soci::into(b.id), soci::into(b.name), soci::into(b.departement_code), soci::into(b.school_zone),
       soci::into(b.organisation_id), soci::into(b.organisation_name), soci::into(b.status),
       soci::into(b.organisation_count), soci::into(b.created_at), soci::into(b.updated_at), soci::use(limit),
       soci::use(offset));
  st.execute();
  std::vector<Branch> out;
  while (st.fetch()) out.push_back(b);
  return out;
}

std::optional<Branch> Repository::find(soci::session& sql, long long id) {
  Branch b;
  sql << TRAME_BRANCH_SELECT "WHERE b.id = :id", soci::into(b.id), soci::into(b.name), soci::into(b.departement_code),
      soci::into(b.school_zone), soci::into(b.organisation_id), soci::into(b.organisation_name), soci::into(b.status),
      soci::into(b.organisation_count), soci::into(b.created_at), soci::into(b.updated_at), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return b;
}

long long Repository::id_by_name(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MAX(id), 0) AS BIGINT) FROM network_branches WHERE name = :n", soci::use(name),
      soci::into(id);
  return id;
}

long long Repository::insert(soci::session& sql, const BranchInput& in, long long now) {
  long long id = 0;
  soci::indicator org = in.organisation_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO network_branches (name, departement_code, school_zone, organisation_id, status, created_at, "
         "updated_at) VALUES (:n, :d, :z, :o, :s, :c, :u) RETURNING id",
      soci::use(in.name), soci::use(in.departement_code), soci::use(in.school_zone), soci::use(in.organisation_id, org),
      soci::use(in.status), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::update(soci::session& sql, long long id, const BranchInput& in, long long now) {
  soci::indicator org = in.organisation_id ? soci::i_ok : soci::i_null;
  sql << "UPDATE network_branches SET name = :n, departement_code = :d, school_zone = :z, organisation_id = :o, "
         "status = :s, updated_at = :u WHERE id = :id",
      soci::use(in.name), soci::use(in.departement_code), soci::use(in.school_zone), soci::use(in.organisation_id, org),
      soci::use(in.status), soci::use(now), soci::use(id);
}

bool Repository::organisation(soci::session& sql, long long organisation_id, long long& branch_id) {
  sql << "SELECT CAST(COALESCE(branch_id, 0) AS BIGINT) FROM organisations WHERE id = :id", soci::use(organisation_id),
      soci::into(branch_id);
  return sql.got_data();
}

long long Repository::count_members(soci::session& sql, long long branch_id) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM organisations WHERE branch_id = :b", soci::use(branch_id), soci::into(n);
  return n;
}

std::vector<Member> Repository::members(soci::session& sql, long long branch_id, long long offset, long long limit) {
  Member m;
  soci::statement st = (sql.prepare << "SELECT id, name, kind FROM organisations WHERE branch_id = :b "
                                       "ORDER BY name, id LIMIT :l OFFSET :o",
                        soci::into(m.id), soci::into(m.name), soci::into(m.kind), soci::use(branch_id),
                        soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<Member> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

std::vector<Member> Repository::unplaced(soci::session& sql, long long limit) {
  Member m;
  soci::statement st = (sql.prepare << "SELECT id, name, kind FROM organisations WHERE branch_id IS NULL AND "
                                       "status = 'active' ORDER BY name, id LIMIT :l",
                        soci::into(m.id), soci::into(m.name), soci::into(m.kind), soci::use(limit));
  st.execute();
  std::vector<Member> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

long long Repository::move_organisation(soci::session& sql, long long organisation_id, long long expected,
                                        long long branch_id) {
  soci::indicator to = branch_id ? soci::i_ok : soci::i_null;
  soci::statement st = (sql.prepare << "UPDATE organisations SET branch_id = :b WHERE id = :id AND "
                                       "COALESCE(branch_id, 0) = :e",
                        soci::use(branch_id, to), soci::use(organisation_id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows();
}

std::vector<Coordinator> Repository::coordinators(soci::session& sql, long long branch_id) {
  Coordinator c;
  soci::statement st =
      (sql.prepare << "SELECT m.id, u.name, o.name, CAST(COALESCE(m.branch_id, 0) AS BIGINT) FROM memberships m "
                      "JOIN users u ON u.id = m.user_id JOIN organisations o ON o.id = m.organisation_id "
                      "WHERE m.role = 'coordinator' AND COALESCE(m.branch_id, 0) = :b ORDER BY u.name, m.id",
       soci::into(c.membership_id), soci::into(c.user_name), soci::into(c.organisation_name), soci::into(c.branch_id),
       soci::use(branch_id));
  st.execute();
  std::vector<Coordinator> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<long long> Repository::coordinator_branch(soci::session& sql, long long membership_id) {
  long long branch = 0;
  sql << "SELECT CAST(COALESCE(branch_id, 0) AS BIGINT) FROM memberships WHERE id = :m AND role = 'coordinator'",
      soci::use(membership_id), soci::into(branch);
  if (!sql.got_data()) return std::nullopt;
  return branch;
}

long long Repository::move_coordinator(soci::session& sql, long long membership_id, long long expected,
                                       long long branch_id) {
  soci::indicator to = branch_id ? soci::i_ok : soci::i_null;
  soci::statement st = (sql.prepare << "UPDATE memberships SET branch_id = :b WHERE id = :m AND role = 'coordinator' "
                                       "AND COALESCE(branch_id, 0) = :e",
                        soci::use(branch_id, to), soci::use(membership_id), soci::use(expected));
  st.execute(true);
  return st.get_affected_rows();
}

std::vector<std::pair<long long, std::string>> Repository::active(soci::session& sql) {
  long long id = 0;
  std::string name;
  soci::statement st =
      (sql.prepare << "SELECT id, name FROM network_branches WHERE status = 'active' ORDER BY name, id", soci::into(id),
       soci::into(name));
  st.execute();
  std::vector<std::pair<long long, std::string>> out;
  while (st.fetch()) out.emplace_back(id, name);
  return out;
}

}  // namespace trame::branches
