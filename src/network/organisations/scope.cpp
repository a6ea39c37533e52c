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
  for (const auto& m : Repository().coordinator_limits(sql, me.id)) {
    any = true;
    if (m.delegation_id == 0 && m.branch_id == 0) s.everywhere = true;
    if (m.delegation_id != 0 &&
        std::find(s.delegations.begin(), s.delegations.end(), m.delegation_id) == s.delegations.end()) {
      s.delegations.push_back(m.delegation_id);
      s.delegation_names.push_back(m.delegation_name);
    }
    if (m.branch_id != 0 && std::find(s.branches.begin(), s.branches.end(), m.branch_id) == s.branches.end()) {
      s.branches.push_back(m.branch_id);
      s.branch_names.push_back(m.branch_name);
    }
  }
  if (!any) s.everywhere = true;  // the role is held (session read), the row not found: as before
  if (s.everywhere) {
    s.delegations.clear();
    s.delegation_names.clear();
    s.branches.clear();
    s.branch_names.clear();
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
  if (!scope.limited()) return {};
  if (scope.branches.empty()) return Repository().organisations_in_delegations(sql, scope.delegations);
  auto in_branches = Repository().organisations_in_branches(sql, scope.branches);
  if (scope.delegations.empty()) return in_branches;
  auto in_delegations = Repository().organisations_in_delegations(sql, scope.delegations);
  std::vector<long long> out;
  for (long long id : in_branches)
    if (std::binary_search(in_delegations.begin(), in_delegations.end(), id)) out.push_back(id);
  return out;
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

long long branch_of_organisation(soci::session& sql, long long organisation_id) {
  return Repository().branch_of(sql, organisation_id);
}

long long delegation_of_organisation(soci::session& sql, long long organisation_id) {
  auto commune = Repository().commune_of(sql, organisation_id);
  return commune ? delegation_of_commune(sql, *commune) : 0;
}

bool commune_in_scope(soci::session& sql, const Scope& scope, const std::string& commune_code) {
  if (scope.everywhere) return true;
  if (scope.delegations.empty()) return !scope.branches.empty();  // a branch limits organisations, not communes
  long long d = delegation_of_commune(sql, commune_code);
  return d != 0 && std::find(scope.delegations.begin(), scope.delegations.end(), d) != scope.delegations.end();
}

bool organisation_in_scope(soci::session& sql, const Scope& scope, long long organisation_id) {
  if (scope.everywhere) return true;
  if (std::find(scope.own.begin(), scope.own.end(), organisation_id) != scope.own.end()) return true;
  if (!scope.limited()) return false;
  if (!scope.branches.empty()) {
    long long b = branch_of_organisation(sql, organisation_id);
    if (b == 0 || std::find(scope.branches.begin(), scope.branches.end(), b) == scope.branches.end()) return false;
  }
  if (scope.delegations.empty()) return true;
  long long d = delegation_of_organisation(sql, organisation_id);
  return d != 0 && std::find(scope.delegations.begin(), scope.delegations.end(), d) != scope.delegations.end();
}

std::vector<CoordinatorMembership> coordinator_memberships(soci::session& sql, long long user_id) {
  return Repository().coordinator_memberships(sql, user_id);
}

}  // namespace trame::organisations
