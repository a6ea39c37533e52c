// SQL of the shared diagnosis: sections and their revisions.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/diagnosis/model.hpp"

namespace trame::diagnosis {

class Repository {
 public:
  // A project's sections in their order, each with its latest text.
  std::vector<Section> sections(soci::session& sql, long long project_id) const;
  std::optional<Section> section(soci::session& sql, long long project_id, long long section_id) const;
  // The default keys a project already has.
  std::vector<std::string> keys(soci::session& sql, long long project_id) const;
  // Adds a section at the end; a default key the project already has is left alone (returns 0).
  long long insert_section(soci::session& sql, long long project_id, const std::string& key, const std::string& title,
                           long long by, long long now) const;
  void rename(soci::session& sql, long long section_id, const std::string& title, long long now) const;

  // The compare-and-set of a save: moves the section from revision `base` to base + 1, and says
  // whether it did (false: someone else's save came first; nothing was changed).
  bool advance(soci::session& sql, long long section_id, long long base, long long now) const;
  void insert_revision(soci::session& sql, long long section_id, long long number, const std::string& body,
                       long long author, long long now) const;

  std::optional<Revision> revision(soci::session& sql, long long section_id, long long number) const;
  // Newest first, paginated (without their bodies).
  std::vector<Revision> revisions(soci::session& sql, long long section_id, int limit, int offset) const;
  long long count_revisions(soci::session& sql, long long section_id) const;
  // The user's id by e-mail (for the demo's authors), 0 when none.
  long long user_by_email(soci::session& sql, const std::string& email) const;
};

}  // namespace trame::diagnosis
