#include "network/organisations/scope.hpp"

#include <algorithm>

#include "network/organisations/repository.hpp"

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
  bool any = false;
  for (const auto& [delegation, name] : Repository().coordinator_delegations(sql, me.id)) {
    any = true;
    if (delegation == 0) {
      s.everywhere = true;
    } else if (std::find(s.delegations.begin(), s.delegations.end(), delegation) == s.delegations.end()) {
      s.delegations.push_back(delegation);
      s.delegation_names.push_back(name);
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
  if (scope.everywhere || scope.delegations.empty()) return {};
  return Repository().organisations_in_delegations(sql, scope.delegations);
}

bool any_in_scope(soci::session& sql, const Scope& scope, const std::vector<long long>& organisation_ids) {
  for (long long id : organisation_ids)
    if (id != 0 && organisation_in_scope(sql, scope, id)) return true;
  return false;
}

long long delegation_of_commune(soci::session& sql, const std::string& commune_code) {
  if (commune_code.empty()) return 0;
  return Repository().delegation_of_commune(sql, commune_code);
}

long long delegation_of_organisation(soci::session& sql, long long organisation_id) {
  auto commune = Repository().commune_of(sql, organisation_id);
  return commune ? delegation_of_commune(sql, *commune) : 0;
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
  return Repository().coordinator_memberships(sql, user_id);
}

}  // namespace trame::organisations
