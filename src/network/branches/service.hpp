// The network's branches (docs/outings.md « Antennes »): listed, created and edited by the head office
// (administrators and coordinators whose membership names no branch); a branch coordinator reads only
// their own branch. The head office puts organisations in a branch and coordinators' memberships in it;
// the scope those memberships give is organisations::network_scope's (docs/scopes.md).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "network/branches/model.hpp"
#include "network/branches/repository.hpp"
#include "network/organisations/scope.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
}

namespace trame::branches {

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  // The person's scope over the network (organisations.manage).
  organisations::Scope scope(const Principal& me);
  // Whether that scope is the head office's (every branch; the only one that changes them).
  static bool head_office(const organisations::Scope& scope) { return scope.everywhere; }
  // Whether that scope sees that branch: the head office, or a coordinator of that branch.
  static bool sees(const organisations::Scope& scope, long long branch_id);

  // The branches the scope sees, by name.
  std::vector<Branch> list(const organisations::Scope& scope, long long page, long long per_page, long long& total);
  // A branch the scope sees; nullopt otherwise (unknown or another branch: the same answer).
  std::optional<Branch> find(const organisations::Scope& scope, long long id);
  std::vector<Member> members(long long branch_id, long long page, long long per_page, long long& total);
  std::vector<Member> unplaced();
  std::vector<Coordinator> coordinators(long long branch_id);

  // Head office only (403 otherwise); a bad field: a French message, nothing changed.
  Outcome create(const Actor& actor, const organisations::Scope& scope, const BranchInput& in);
  Outcome update(const Actor& actor, const organisations::Scope& scope, long long id, const BranchInput& in);
  // Puts an organisation in the branch (it must be in none), or takes it out (it must be in this one).
  Outcome place(const Actor& actor, const organisations::Scope& scope, long long branch_id, long long organisation_id,
                bool in);
  // Names the branch in a coordinator membership (it must name none), or takes it back (this one).
  Outcome assign(const Actor& actor, const organisations::Scope& scope, long long branch_id, long long membership_id,
                 bool in);

  // The demo's two branches (demo.cpp). Idempotent.
  void load_demo(const Actor& actor);

 private:
  Outcome check(soci::session& sql, const BranchInput& in, long long id);

  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::branches
