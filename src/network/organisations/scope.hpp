// Where a person may manage the directory: administrators everywhere; a coordinator whose
// membership names a délégation only over the organisations whose commune lies in it (a
// coordinator without délégation: the whole network); anyone holding organisations.manage in an
// organisation over that organisation (its own staff). Shared by the directory, the import and
// partnerships; the checks run inside the callers' transactions.
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/core/permissions.hpp"

namespace trame::organisations {

struct Scope {
  bool everywhere = false;             // administrator, or coordinator without délégation
  std::vector<long long> delegations;  // a coordinator limited to these délégations
  std::vector<std::string> delegation_names;
  std::vector<long long> branches;  // a branch coordinator: limited to these branches (network_branches)
  std::vector<std::string> branch_names;
  std::vector<long long> own;  // organisations managed as their own staff

  static Scope all() {
    Scope s;
    s.everywhere = true;
    return s;
  }
  // Limited to délégations and/or branches (an organisation must lie in both when both are named).
  bool limited() const { return !everywhere && (!delegations.empty() || !branches.empty()); }
  // May create organisations (or import): everywhere, or within délégations or branches.
  bool may_create() const { return everywhere || limited(); }
  // The names of the délégations then the branches, for the notices "limited to …".
  std::vector<std::string> names() const {
    std::vector<std::string> out = delegation_names;
    out.insert(out.end(), branch_names.begin(), branch_names.end());
    return out;
  }
};

// The scope of a signed-in person for organisations.manage.
Scope scope_of(soci::session& sql, const Principal& me);

// The same délégation scope for a permission the network's coordinators hold (outings.publish,
// outings.manage, partnerships.manage, territories.manage…), so that "my délégation" means the same
// on every page (docs/scopes.md): everywhere for administrators and coordinators without délégation;
// the organisations of their délégations for a délégation-limited coordinator; and, in `own`, the
// organisations where one of the person's roles grants the permission (their own staff). Empty for a
// person without the permission.
Scope network_scope(soci::session& sql, const Principal& me, const std::string& permission);
// The organisations in the scope's limits: whose commune lies in its délégations and/or which belong to
// its branches (not `own`; none when everywhere).
std::vector<long long> organisations_in_delegations(soci::session& sql, const Scope& scope);
// Whether one of these organisations (0s ignored) lies in the scope.
bool any_in_scope(soci::session& sql, const Scope& scope, const std::vector<long long>& organisation_ids);

// The délégation of a commune (through its EPCI, within its département); 0 when none.
long long delegation_of_commune(soci::session& sql, const std::string& commune_code);
// The branch of an organisation (organisations.branch_id); 0 when none.
long long branch_of_organisation(soci::session& sql, long long organisation_id);
// The délégation of an organisation (through its commune); 0 when none.
long long delegation_of_organisation(soci::session& sql, long long organisation_id);

// Whether the scope allows an organisation placed in that commune ('' : no commune).
bool commune_in_scope(soci::session& sql, const Scope& scope, const std::string& commune_code);
// Whether the scope allows managing that existing organisation.
bool organisation_in_scope(soci::session& sql, const Scope& scope, long long organisation_id);

// Coordinator memberships and their délégation, for the administration page of a user.
struct CoordinatorMembership {
  long long membership_id = 0;
  long long delegation_id = 0;
  long long branch_id = 0;
};
std::vector<CoordinatorMembership> coordinator_memberships(soci::session& sql, long long user_id);

}  // namespace trame::organisations
