// A network of branches (issue 19, docs/outings.md « Antennes »): a branch is a départemental association
// of the network (« Cultures du Cœur 94 »). Organisations belong to at most one branch; a coordinator
// membership may name a branch and then acts only over it (organisations::network_scope).
#pragma once
#include <string>

namespace trame::branches {

struct Branch {
  long long id = 0;
  std::string name;
  std::string departement_code;
  std::string school_zone = "C";  // A, B or C: the allocations' default zone
  long long organisation_id = 0;  // the association's own directory entry, 0: none
  std::string organisation_name;
  std::string status = "active";  // active | closed
  long long organisation_count = 0;
  long long created_at = 0;
  long long updated_at = 0;
};

// What the create and edit forms send.
struct BranchInput {
  std::string name;
  std::string departement_code;
  std::string school_zone;
  long long organisation_id = 0;
  std::string status = "active";
};

// An organisation of a branch, or one that may be put in it.
struct Member {
  long long id = 0;
  std::string name;
  std::string kind;
};

// A coordinator membership, for the branch's coordinators.
struct Coordinator {
  long long membership_id = 0;
  std::string user_name;
  std::string organisation_name;
  long long branch_id = 0;
};

}  // namespace trame::branches
