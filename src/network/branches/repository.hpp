// SQL of the branches (network_branches, organisations.branch_id, memberships.branch_id).
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "network/branches/model.hpp"

namespace trame::branches {

class Repository {
 public:
  // Branches by name: every one when `all`, else those of `ids`.
  long long count(soci::session& sql, bool all, const std::vector<long long>& ids);
  std::vector<Branch> page(soci::session& sql, bool all, const std::vector<long long>& ids, long long offset,
                           long long limit);
  std::optional<Branch> find(soci::session& sql, long long id);
  // The active branches by name, as choices (id, name): the offer form's boxes, the rules page's select.
  std::vector<std::pair<long long, std::string>> active(soci::session& sql);
  // The id of the branch of that name (0: none).
  long long id_by_name(soci::session& sql, const std::string& name);
  long long insert(soci::session& sql, const BranchInput& in, long long now);
  void update(soci::session& sql, long long id, const BranchInput& in, long long now);
  // Whether that organisation exists; its branch in `branch_id` (0: none).
  bool organisation(soci::session& sql, long long organisation_id, long long& branch_id);
  // The organisations of a branch, by name.
  long long count_members(soci::session& sql, long long branch_id);
  std::vector<Member> members(soci::session& sql, long long branch_id, long long offset, long long limit);
  // Active organisations in no branch, by name (at most `limit`), for the form putting one in.
  std::vector<Member> unplaced(soci::session& sql, long long limit);
  // Puts an organisation in a branch (0: none) if it is still in `expected` (0: none); rows changed.
  long long move_organisation(soci::session& sql, long long organisation_id, long long expected, long long branch_id);
  // Coordinator memberships: those of a branch, or (branch 0) those without branch.
  std::vector<Coordinator> coordinators(soci::session& sql, long long branch_id);
  // A coordinator membership's branch; nullopt when it is not a coordinator membership.
  std::optional<long long> coordinator_branch(soci::session& sql, long long membership_id);
  // Sets a coordinator membership's branch (0: the head office) if it is still `expected`; rows changed.
  long long move_coordinator(soci::session& sql, long long membership_id, long long expected, long long branch_id);
};

}  // namespace trame::branches
