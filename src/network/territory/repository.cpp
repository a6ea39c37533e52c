#include "network/territory/repository.hpp"
#include <algorithm>

namespace trame::territory {

int Repository::upsert_departement(soci::session& sql, const Departement& d, long long now) {
  Departement old;
  sql << "SELECT code, name, region_code, chef_lieu FROM departements WHERE code = :c", soci::into(old.code),
      soci::into(old.name), soci::into(old.region_code), soci::into(old.chef_lieu), soci::use(d.code);
  if (!sql.got_data()) {
    sql << "INSERT INTO departements (code, name, region_code, chef_lieu, imported_at) VALUES (:c, :n, :r, :l, :a)",
        soci::use(d.code), soci::use(d.name), soci::use(d.region_code), soci::use(d.chef_lieu), soci::use(now);
    return 1;
  }
  if (old.name == d.name && old.region_code == d.region_code && old.chef_lieu == d.chef_lieu) return 0;
  sql << "UPDATE departements SET name = :n, region_code = :r, chef_lieu = :l, imported_at = :a WHERE code = :c",
      soci::use(d.name), soci::use(d.region_code), soci::use(d.chef_lieu), soci::use(now), soci::use(d.code);
  return 2;
}

int Repository::upsert_epci(soci::session& sql, const Epci& e, long long now) {
  Epci old;
  sql << "SELECT siren, name, kind, population FROM epcis WHERE siren = :s", soci::into(old.siren),
      soci::into(old.name), soci::into(old.kind), soci::into(old.population), soci::use(e.siren);
  if (!sql.got_data()) {
    sql << "INSERT INTO epcis (siren, name, kind, population, imported_at) VALUES (:s, :n, :k, :p, :a)",
        soci::use(e.siren), soci::use(e.name), soci::use(e.kind), soci::use(e.population), soci::use(now);
    return 1;
  }
  if (old.name == e.name && old.kind == e.kind && old.population == e.population) return 0;
  sql << "UPDATE epcis SET name = :n, kind = :k, population = :p, imported_at = :a WHERE siren = :s", soci::use(e.name),
      soci::use(e.kind), soci::use(e.population), soci::use(now), soci::use(e.siren);
  return 2;
}

int Repository::upsert_commune(soci::session& sql, const Commune& c, long long now) {
  Commune old;
  sql << "SELECT code, name, departement_code, COALESCE(epci_siren, ''), siren, postal_codes, population "
         "FROM communes WHERE code = :c",
      soci::into(old.code), soci::into(old.name), soci::into(old.departement_code), soci::into(old.epci_siren),
      soci::into(old.siren), soci::into(old.postal_codes), soci::into(old.population), soci::use(c.code);
  soci::indicator epci_ind = c.epci_siren.empty() ? soci::i_null : soci::i_ok;
  if (!sql.got_data()) {
    sql << "INSERT INTO communes (code, name, departement_code, epci_siren, siren, postal_codes, population, "
           "imported_at) "
           "VALUES (:c, :n, :d, :e, :s, :p, :pop, :a)",
        soci::use(c.code), soci::use(c.name), soci::use(c.departement_code), soci::use(c.epci_siren, epci_ind),
        soci::use(c.siren), soci::use(c.postal_codes), soci::use(c.population), soci::use(now);
    return 1;
  }
  if (old.name == c.name && old.departement_code == c.departement_code && old.epci_siren == c.epci_siren &&
      old.siren == c.siren && old.postal_codes == c.postal_codes && old.population == c.population)
    return 0;
  sql << "UPDATE communes SET name = :n, departement_code = :d, epci_siren = :e, siren = :s, postal_codes = :p, "
         "population = :pop, imported_at = :a WHERE code = :c",
      soci::use(c.name), soci::use(c.departement_code), soci::use(c.epci_siren, epci_ind), soci::use(c.siren),
      soci::use(c.postal_codes), soci::use(c.population), soci::use(now), soci::use(c.code);
  return 2;
}

std::vector<Departement> Repository::departements(soci::session& sql) {
  Departement d;
  soci::statement st = (sql.prepare << "SELECT code, name, region_code, chef_lieu FROM departements ORDER BY code",
                        soci::into(d.code), soci::into(d.name), soci::into(d.region_code), soci::into(d.chef_lieu));
  st.execute();
  std::vector<Departement> out;
  while (st.fetch()) out.push_back(d);
  return out;
}

std::optional<Departement> Repository::find_departement(soci::session& sql, const std::string& code) {
  Departement d;
  sql << "SELECT code, name, region_code, chef_lieu FROM departements WHERE code = :c", soci::into(d.code),
      soci::into(d.name), soci::into(d.region_code), soci::into(d.chef_lieu), soci::use(code);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

#define TRAME_DELEGATION_SELECT                                                                              \
  "SELECT d.id, d.departement_code, d.name, "                                                                \
  "CAST(COALESCE((SELECT SUM(c.population) FROM communes c JOIN delegation_epcis de ON de.epci_siren = "     \
  "c.epci_siren WHERE de.delegation_id = d.id AND c.departement_code = d.departement_code), 0) AS BIGINT), " \
  "CAST((SELECT COUNT(*) FROM communes c JOIN delegation_epcis de ON de.epci_siren = c.epci_siren "          \
  "WHERE de.delegation_id = d.id AND c.departement_code = d.departement_code) AS BIGINT), "                  \
  "CAST((SELECT COUNT(*) FROM delegation_epcis de WHERE de.delegation_id = d.id) AS BIGINT) "                \
  "FROM delegations d "
#define TRAME_DELEGATION_INTO(x)                                                                          \
  soci::into((x).id), soci::into((x).departement_code), soci::into((x).name), soci::into((x).population), \
      soci::into((x).commune_count), soci::into((x).epci_count)

std::vector<Delegation> Repository::delegations(soci::session& sql, const std::string& departement_code) {
  Delegation d;
  soci::statement st = (sql.prepare << TRAME_DELEGATION_SELECT "WHERE d.departement_code = :c ORDER BY d.name",
                        TRAME_DELEGATION_INTO(d), soci::use(departement_code));
  st.execute();
  std::vector<Delegation> out;
  while (st.fetch()) out.push_back(d);
  return out;
}

std::optional<Delegation> Repository::find_delegation(soci::session& sql, long long id) {
  Delegation d;
  sql << TRAME_DELEGATION_SELECT "WHERE d.id = :id", TRAME_DELEGATION_INTO(d), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

std::optional<Delegation> Repository::find_delegation_by_name(soci::session& sql, const std::string& departement_code,
                                                              const std::string& name) {
  Delegation d;
  sql << TRAME_DELEGATION_SELECT "WHERE d.departement_code = :c AND lower(d.name) = lower(:n)",
      TRAME_DELEGATION_INTO(d), soci::use(departement_code), soci::use(name);
  if (!sql.got_data()) return std::nullopt;
  return d;
}

long long Repository::insert_delegation(soci::session& sql, const std::string& departement_code,
                                        const std::string& name, long long now) {
  long long id = 0;
  sql << "INSERT INTO delegations (departement_code, name, created_at) VALUES (:c, :n, :a) RETURNING id",
      soci::use(departement_code), soci::use(name), soci::use(now), soci::into(id);
  return id;
}

void Repository::rename_delegation(soci::session& sql, long long id, const std::string& name) {
  sql << "UPDATE delegations SET name = :n WHERE id = :id", soci::use(name), soci::use(id);
}

#define TRAME_EPCI_SELECT                                                                                          \
  "SELECT e.siren, e.name, e.kind, "                                                                               \
  "CAST((SELECT COALESCE(SUM(c.population), 0) FROM communes c WHERE c.epci_siren = e.siren "                      \
  "AND c.departement_code = :dep1) AS BIGINT), "                                                                   \
  "CAST(COALESCE((SELECT MIN(d.id) FROM delegations d JOIN delegation_epcis de ON de.delegation_id = d.id "        \
  "WHERE de.epci_siren = e.siren AND d.departement_code = :dep2), 0) AS BIGINT), "                                 \
  "COALESCE((SELECT MIN(d.name) FROM delegations d JOIN delegation_epcis de ON de.delegation_id = d.id "           \
  "WHERE de.epci_siren = e.siren AND d.departement_code = :dep3), ''), "                                           \
  "CAST((SELECT COUNT(*) FROM communes c WHERE c.epci_siren = e.siren AND c.departement_code = :dep4) AS BIGINT) " \
  "FROM epcis e "
#define TRAME_EPCI_INTO(x)                                                                       \
  soci::into((x).siren), soci::into((x).name), soci::into((x).kind), soci::into((x).population), \
      soci::into((x).delegation_id), soci::into((x).delegation_name), soci::into((x).commune_count)

std::vector<Epci> Repository::epcis_of_departement(soci::session& sql, const std::string& dep) {
  Epci e;
  soci::statement st =
      (sql.prepare << TRAME_EPCI_SELECT
           "WHERE EXISTS (SELECT 1 FROM communes c WHERE c.epci_siren = e.siren AND c.departement_code = :dep5) "
           "ORDER BY e.name",
       TRAME_EPCI_INTO(e), soci::use(dep), soci::use(dep), soci::use(dep), soci::use(dep), soci::use(dep));
  st.execute();
  std::vector<Epci> out;
  while (st.fetch()) out.push_back(e);
  return out;
}

std::vector<Epci> Repository::epcis_of_delegation(soci::session& sql, long long delegation_id) {
  auto d = find_delegation(sql, delegation_id);
  if (!d) return {};
  Epci e;
  const std::string& dep = d->departement_code;
  soci::statement st =
      (sql.prepare << TRAME_EPCI_SELECT
           "JOIN delegation_epcis x ON x.epci_siren = e.siren WHERE x.delegation_id = :id ORDER BY e.name",
       TRAME_EPCI_INTO(e), soci::use(dep), soci::use(dep), soci::use(dep), soci::use(dep), soci::use(delegation_id));
  st.execute();
  std::vector<Epci> out;
  while (st.fetch()) out.push_back(e);
  return out;
}

std::optional<Epci> Repository::find_epci(soci::session& sql, const std::string& siren, const std::string& dep) {
  Epci e;
  sql << TRAME_EPCI_SELECT "WHERE e.siren = :s", TRAME_EPCI_INTO(e), soci::use(dep), soci::use(dep), soci::use(dep),
      soci::use(dep), soci::use(siren);
  if (!sql.got_data()) return std::nullopt;
  return e;
}

long long Repository::delegation_holding(soci::session& sql, const std::string& siren, const std::string& dep) {
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MIN(d.id), 0) AS BIGINT) FROM delegations d JOIN delegation_epcis de "
         "ON de.delegation_id = d.id WHERE de.epci_siren = :s AND d.departement_code = :d",
      soci::use(siren), soci::use(dep), soci::into(id);
  return id;
}

void Repository::add_epci(soci::session& sql, long long delegation_id, const std::string& siren) {
  sql << "INSERT INTO delegation_epcis (delegation_id, epci_siren) VALUES (:d, :s)", soci::use(delegation_id),
      soci::use(siren);
}

int Repository::remove_epci(soci::session& sql, long long delegation_id, const std::string& siren) {
  soci::statement st = (sql.prepare << "DELETE FROM delegation_epcis WHERE delegation_id = :d AND epci_siren = :s",
                        soci::use(delegation_id), soci::use(siren));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

#define TRAME_COMMUNE_SELECT                                                                                \
  "SELECT c.code, c.name, c.departement_code, COALESCE(c.epci_siren, ''), COALESCE(e.name, ''), c.siren, "  \
  "c.postal_codes, c.population, "                                                                          \
  "CAST(COALESCE((SELECT MIN(d.id) FROM delegations d JOIN delegation_epcis de ON de.delegation_id = d.id " \
  "WHERE de.epci_siren = c.epci_siren AND d.departement_code = c.departement_code), 0) AS BIGINT), "        \
  "COALESCE((SELECT MIN(d.name) FROM delegations d JOIN delegation_epcis de ON de.delegation_id = d.id "    \
  "WHERE de.epci_siren = c.epci_siren AND d.departement_code = c.departement_code), '') "                   \
  "FROM communes c LEFT JOIN epcis e ON e.siren = c.epci_siren "
#define TRAME_COMMUNE_INTO(x)                                                                                     \
  soci::into((x).code), soci::into((x).name), soci::into((x).departement_code), soci::into((x).epci_siren),       \
      soci::into((x).epci_name), soci::into((x).siren), soci::into((x).postal_codes), soci::into((x).population), \
      soci::into((x).delegation_id), soci::into((x).delegation_name)

std::vector<Commune> Repository::communes_of_epci(soci::session& sql, const std::string& siren) {
  Commune c;
  soci::statement st = (sql.prepare << TRAME_COMMUNE_SELECT "WHERE c.epci_siren = :s ORDER BY c.name",
                        TRAME_COMMUNE_INTO(c), soci::use(siren));
  st.execute();
  std::vector<Commune> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<Commune> Repository::communes_of_delegation(soci::session& sql, long long delegation_id) {
  Commune c;
  soci::statement st = (sql.prepare << TRAME_COMMUNE_SELECT
                            "JOIN delegation_epcis x ON x.epci_siren = c.epci_siren JOIN delegations dd ON dd.id = "
                            "x.delegation_id AND dd.departement_code = c.departement_code WHERE x.delegation_id = :id "
                            "ORDER BY c.name",
                        TRAME_COMMUNE_INTO(c), soci::use(delegation_id));
  st.execute();
  std::vector<Commune> out;
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<Commune> Repository::find_commune(soci::session& sql, const std::string& code) {
  Commune c;
  sql << TRAME_COMMUNE_SELECT "WHERE c.code = :c", TRAME_COMMUNE_INTO(c), soci::use(code);
  if (!sql.got_data()) return std::nullopt;
  return c;
}

long long Repository::commune_count(soci::session& sql, const std::string& dep) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM communes WHERE departement_code = :d", soci::use(dep), soci::into(n);
  return n;
}

std::vector<Commune> Repository::commune_names(soci::session& sql) {
  std::vector<Commune> out;
  Commune c;
  soci::statement st = (sql.prepare << "SELECT code, name, departement_code FROM communes ORDER BY code",
                        soci::into(c.code), soci::into(c.name), soci::into(c.departement_code));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

bool Repository::commune_exists(soci::session& sql, const std::string& code) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM communes WHERE code = :c", soci::use(code), soci::into(n);
  return n > 0;
}

int Repository::upsert_priority_area(soci::session& sql, const PriorityArea& a, long long now) {
  PriorityArea old;
  sql << "SELECT code, name, commune_code FROM priority_areas WHERE code = :c", soci::into(old.code),
      soci::into(old.name), soci::into(old.commune_code), soci::use(a.code);
  std::vector<std::string> wanted = a.communes;
  if (wanted.empty()) wanted.push_back(a.commune_code);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  if (!sql.got_data()) {
    sql << "INSERT INTO priority_areas (code, name, commune_code, imported_at) VALUES (:c, :n, :m, :a)",
        soci::use(a.code), soci::use(a.name), soci::use(a.commune_code), soci::use(now);
    for (const auto& c : wanted)
      sql << "INSERT INTO priority_area_communes (priority_area_code, commune_code) VALUES (:q, :c)", soci::use(a.code),
          soci::use(c);
    return 1;
  }
  // The communes linked now, to add and remove the difference.
  std::vector<std::string> linked;
  {
    std::string c;
    soci::statement st =
        (sql.prepare << "SELECT commune_code FROM priority_area_communes WHERE priority_area_code = :q "
                        "ORDER BY commune_code",
         soci::into(c), soci::use(a.code));
    st.execute();
    while (st.fetch()) linked.push_back(c);
    std::sort(linked.begin(), linked.end());
  }
  if (old.name == a.name && old.commune_code == a.commune_code && linked == wanted) return 0;
  sql << "UPDATE priority_areas SET name = :n, commune_code = :m, imported_at = :a WHERE code = :c", soci::use(a.name),
      soci::use(a.commune_code), soci::use(now), soci::use(a.code);
  for (const auto& c : linked)
    if (!std::binary_search(wanted.begin(), wanted.end(), c))
      sql << "DELETE FROM priority_area_communes WHERE priority_area_code = :q AND commune_code = :c",
          soci::use(a.code), soci::use(c);
  for (const auto& c : wanted)
    if (!std::binary_search(linked.begin(), linked.end(), c))
      sql << "INSERT INTO priority_area_communes (priority_area_code, commune_code) VALUES (:q, :c)", soci::use(a.code),
          soci::use(c);
  return 2;
}

std::vector<PriorityArea> Repository::priority_areas_of_commune(soci::session& sql, const std::string& commune_code) {
  PriorityArea a;
  // Through the link table: a QPV spanning several communes is listed in each.
  soci::statement st = (sql.prepare << "SELECT q.code, q.name, q.commune_code, c.name FROM priority_area_communes pc "
                                       "JOIN priority_areas q ON q.code = pc.priority_area_code "
                                       "JOIN communes c ON c.code = q.commune_code WHERE pc.commune_code = :c "
                                       "ORDER BY q.name, q.code",
                        soci::into(a.code), soci::into(a.name), soci::into(a.commune_code), soci::into(a.commune_name),
                        soci::use(commune_code));
  st.execute();
  std::vector<PriorityArea> out;
  while (st.fetch()) out.push_back(a);
  return out;
}

namespace {
std::vector<std::pair<std::string, long long>> fetch_kind_counts(soci::statement& st, std::string& kind, long long& n) {
  st.execute();
  std::vector<std::pair<std::string, long long>> out;
  while (st.fetch()) out.emplace_back(kind, n);
  return out;
}
}  // namespace

std::vector<std::pair<std::string, long long>> Repository::organisations_by_kind_in_delegation(soci::session& sql,
                                                                                               long long id) {
  std::string kind;
  long long n = 0;
  soci::statement st = (sql.prepare << "SELECT o.kind, CAST(COUNT(*) AS BIGINT) FROM organisations o "
                                       "JOIN communes c ON c.code = o.commune_code "
                                       "JOIN delegation_epcis de ON de.epci_siren = c.epci_siren "
                                       "JOIN delegations d ON d.id = de.delegation_id AND d.departement_code = "
                                       "c.departement_code WHERE d.id = :id AND o.status = 'active' "
                                       "GROUP BY o.kind ORDER BY o.kind",
                        soci::into(kind), soci::into(n), soci::use(id));
  return fetch_kind_counts(st, kind, n);
}

std::vector<std::pair<std::string, long long>> Repository::organisations_by_kind_in_commune(soci::session& sql,
                                                                                            const std::string& code) {
  std::string kind;
  long long n = 0;
  soci::statement st = (sql.prepare << "SELECT o.kind, CAST(COUNT(*) AS BIGINT) FROM organisations o "
                                       "WHERE o.commune_code = :c AND o.status = 'active' GROUP BY o.kind "
                                       "ORDER BY o.kind",
                        soci::into(kind), soci::into(n), soci::use(code));
  return fetch_kind_counts(st, kind, n);
}

}  // namespace trame::territory
