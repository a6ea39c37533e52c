// SQL of the juries: members, conflicts (known and declared), grids and their marks.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "certification/juries/model.hpp"

namespace trame::juries {

class Repository {
 public:
  std::vector<Member> members(soci::session& sql, long long session_id) const;
  std::optional<Member> member(soci::session& sql, long long id) const;
  std::optional<Member> member_of(soci::session& sql, long long session_id, long long user_id) const;
  long long user_by_email(soci::session& sql, const std::string& email) const;
  long long insert_member(soci::session& sql, const Member& m, long long now) const;
  void delete_member(soci::session& sql, long long id) const;
  void set_chair(soci::session& sql, long long session_id, long long member_id) const;
  void set_jury_validated(soci::session& sql, long long session_id, long long at) const;
  long long jury_validated_at(soci::session& sql, long long session_id) const;

  // The conflicts between a person and a candidate (the registration's user): computed from the
  // trainings (trainer or staff of a session they followed, author of a follow-up note), the
  // memberships (same organisation, or the organisation named in an application), and declared.
  std::vector<Conflict> conflicts(soci::session& sql, long long registration_id, long long user_id) const;
  void declare_conflict(soci::session& sql, long long registration_id, long long user_id, const std::string& reason,
                        long long by, long long now) const;

  std::optional<Grid> grid(soci::session& sql, long long id) const;
  std::optional<Grid> grid_of(soci::session& sql, long long entry_id, long long juror_id) const;
  std::vector<Grid> grids(soci::session& sql, long long entry_id) const;
  long long insert_grid(soci::session& sql, long long entry_id, long long juror_id, long long now) const;
  void save_marks(soci::session& sql, long long grid_id, const std::vector<Mark>& marks, long long now) const;
  // draft → submitted; false when it was already submitted.
  bool submit(soci::session& sql, long long grid_id, long long now) const;
  // submitted → draft, with the reason; false when it was not submitted.
  bool reopen(soci::session& sql, long long grid_id, const std::string& reason, long long now) const;
  // The blocks a registration validated in an earlier session (an entry made before this one): the
  // candidate is not graded on them again (partial validation).
  // The blocks a registration acquired before this entry: validated in an earlier session whose minutes
  // are locked, while this entry's session is within the version's validity (docs/certification.md).
  std::vector<AcquiredBlock> acquired(soci::session& sql, long long registration_id, long long entry_id) const;
  std::vector<long long> acquired_blocks(soci::session& sql, long long registration_id, long long entry_id) const;
  // Whether the session's minutes are made (the grids and decisions no longer change).
  bool minutes_made(soci::session& sql, long long session_id) const;
  // Sessions where a person sits on the jury (id), newest first.
  std::vector<long long> sessions_of(soci::session& sql, long long user_id) const;
};

}  // namespace trame::juries
