#include "network/organisations/scope.hpp"

#include <algorithm>

namespace trame::organisations {

Scope scope_of(soci::session& sql, const Principal& me) {
  Scope s;
  if (me.is_admin()) {
    s.everywhere = true;
    return s;
  }
  for (const auto& m : me.memberships)
    if (role_grants(m.role, perm::organisations_manage)) s.own.push_back(m.organisation_id);
  if (!me.has_role("coordinator")) return s;
  long long delegation = 0;
  std::string name;
  soci::indicator name_ind = soci::i_ok;
  soci::statement st =
      (sql.prepare
           << "SELECT CAST(COALESCE(m.delegation_id, 0) AS BIGINT), d.name FROM memberships m "
              "LEFT JOIN delegations d ON d.id = m.delegation_id WHERE m.user_id = :u AND m.role = 'coordinator' "
              "ORDER BY d.name",
       soci::into(delegation), soci::into(name, name_ind), soci::use(me.id));
  st.execute();
  bool any = false;
  while (st.fetch()) {
    any = true;
    if (delegation == 0) {
      s.everywhere = true;
    } else if (std::find(s.delegations.begin(), s.delegations.end(), delegation) == s.delegations.end()) {
      s.delegations.push_back(delegation);
      s.delegation_names.push_back(name_ind == soci::i_ok ? name : std::string());
    }
  }
  if (!any) s.everywhere = true;  // the role is held (session read), the row not found: as before
  if (s.everywhere) {
    s.delegations.clear();
    s.delegation_names.clear();
  }
  return s;
}

Scope network_scope(soci::session& sql, const Principal& me, const std::string& permission) {
  if (!me.can(permission)) return Scope{};
  if (me.is_admin()) return Scope::all();
  Scope s;
  if (me.has_role("coordinator") && role_grants("coordinator", permission)) s = scope_of(sql, me);
  s.own.clear();
  for (const auto& m : me.memberships)
    if (role_grants(m.role, permission) && std::find(s.own.begin(), s.own.end(), m.organisation_id) == s.own.end())
      s.own.push_back(m.organisation_id);
  return s;
}

std::vector<long long> organisations_in_delegations(soci::session& sql, const Scope& scope) {
  std::vector<long long> out;
  if (scope.everywhere || scope.delegations.empty()) return out;
  std::string ids;
  for (long long d : scope.delegations) ids += (ids.empty() ? "" : ",") + std::to_string(d);
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT DISTINCT o.id FROM organisations o JOIN communes c ON c.code = "
                                       "o.commune_code JOIN delegation_epcis de ON de.epci_siren = c.epci_siren JOIN "
                                       "delegations d ON d.id = de.delegation_id AND d.departement_code = "
                                       "c.departement_code WHERE d.id IN (" +
                                           ids + ") ORDER BY o.id",
                        soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

bool any_in_scope(soci::session& sql, const Scope& scope, const std::vector<long long>& organisation_ids) {
  for (long long id : organisation_ids)
    if (id != 0 && organisation_in_scope(sql, scope, id)) return true;
  return false;
}

long long delegation_of_commune(soci::session& sql, const std::string& commune_code) {
  if (commune_code.empty()) return 0;
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MIN(d.id), 0) AS BIGINT) FROM communes c JOIN delegation_epcis de ON "
         "de.epci_siren = c.epci_siren JOIN delegations d ON d.id = de.delegation_id AND d.departement_code = "
         "c.departement_code WHERE c.code = :c",
      soci::use(commune_code), soci::into(id);
  return id;
}

long long delegation_of_organisation(soci::session& sql, long long organisation_id) {
  std::string commune;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT commune_code FROM organisations WHERE id = :id", soci::use(organisation_id), soci::into(commune, ind);
  if (!sql.got_data() || ind != soci::i_ok) return 0;
  return delegation_of_commune(sql, commune);
}

bool commune_in_scope(soci::session& sql, const Scope& scope, const std::string& commune_code) {
  if (scope.everywhere) return true;
  if (scope.delegations.empty()) return false;
  long long d = delegation_of_commune(sql, commune_code);
  return d != 0 && std::find(scope.delegations.begin(), scope.delegations.end(), d) != scope.delegations.end();
}

bool organisation_in_scope(soci::session& sql, const Scope& scope, long long organisation_id) {
  if (scope.everywhere) return true;
  if (std::find(scope.own.begin(), scope.own.end(), organisation_id) != scope.own.end()) return true;
  if (scope.delegations.empty()) return false;
  long long d = delegation_of_organisation(sql, organisation_id);
  return d != 0 && std::find(scope.delegations.begin(), scope.delegations.end(), d) != scope.delegations.end();
}

std::vector<CoordinatorMembership> coordinator_memberships(soci::session& sql, long long user_id) {
  CoordinatorMembership m;
  soci::statement st = (sql.prepare << "SELECT id, CAST(COALESCE(delegation_id, 0) AS BIGINT) FROM memberships "
                                       "WHERE user_id = :u AND role = 'coordinator' ORDER BY id",
                        soci::into(m.membership_id), soci::into(m.delegation_id), soci::use(user_id));
  st.execute();
  std::vector<CoordinatorMembership> out;
  while (st.fetch()) out.push_back(m);
  return out;
}

}  // namespace trame::organisations
