// SQL of inhabitants' contributions and of their links to diagnosis sections and decisions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/contributions/model.hpp"

namespace trame::contributions {

// A list's filters: a kind ('' any) and a diagnosis section the contributions are linked to (0 any).
struct Filter {
  std::string kind;
  long long section_id = 0;
};

class Repository {
 public:
  // Most recent first (by the day they were gathered), paginated.
  std::vector<Contribution> list(soci::session& sql, long long project_id, const Filter& filter, int limit,
                                 int offset) const;
  long long count(soci::session& sql, long long project_id, const Filter& filter) const;
  std::optional<Contribution> find(soci::session& sql, long long project_id, long long id) const;
  long long insert(soci::session& sql, const Contribution& c, long long now) const;
  void update(soci::session& sql, const Contribution& c, long long now) const;
  // The contribution and its links.
  void remove(soci::session& sql, long long id) const;

  // The links, oldest first, without the linked things' titles (their modules give them).
  std::vector<SectionLink> sections(soci::session& sql, long long contribution_id) const;
  std::vector<DecisionLink> decisions(soci::session& sql, long long contribution_id) const;
  // The project's contributions linked to a section, most recent first (at most `limit`), and how many.
  std::vector<Contribution> linked_to_section(soci::session& sql, long long project_id, long long section_id,
                                              int limit) const;
  // False when the link was already there.
  bool link_section(soci::session& sql, long long contribution_id, long long section_id, long long by,
                    long long now) const;
  bool unlink_section(soci::session& sql, long long contribution_id, long long section_id) const;
  bool link_decision(soci::session& sql, long long contribution_id, long long decision_id, long long by,
                     long long now) const;
  bool unlink_decision(soci::session& sql, long long contribution_id, long long decision_id) const;
  long long user_by_email(soci::session& sql, const std::string& email) const;
};

}  // namespace trame::contributions
