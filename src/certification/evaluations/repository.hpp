// SQL of the evaluation sessions: sessions, cases, entries, slots, written reports.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "certification/evaluations/model.hpp"

namespace trame::evaluations {

class Repository {
 public:
  std::optional<EvaluationSession> session(soci::session& sql, long long id) const;
  std::vector<EvaluationSession> of_certification(soci::session& sql, long long certification_id) const;
  long long insert_session(soci::session& sql, const EvaluationSession& s, long long now) const;
  void update_session(soci::session& sql, const EvaluationSession& s, long long now) const;

  std::vector<Case> cases(soci::session& sql, long long session_id) const;
  std::optional<Case> case_(soci::session& sql, long long id) const;
  long long insert_case(soci::session& sql, const Case& c, long long now) const;
  void delete_case(soci::session& sql, long long id) const;

  std::optional<Entry> entry(soci::session& sql, long long id) const;
  std::vector<Entry> entries(soci::session& sql, long long session_id) const;
  std::vector<Entry> entries_of_registration(soci::session& sql, long long registration_id) const;
  // The registration's entry in a session not yet closed, other than `session_id` (0: none).
  long long open_entry_elsewhere(soci::session& sql, long long registration_id, long long session_id) const;
  long long insert_entry(soci::session& sql, long long session_id, long long registration_id, long long now) const;
  void delete_entry(soci::session& sql, long long id) const;
  void set_convened(soci::session& sql, long long id, long long now) const;

  // Replaces an entry's slot of a kind (starts_at 0: removes it).
  // Hold a session's or an entry's row until the transaction ends (a no-op update: a row lock on
  // PostgreSQL; SQLite has one writer anyway), so that slots checked for overlaps, or a report and
  // the one it replaces, are written one request at a time.
  void hold_session(soci::session& sql, long long id) const;
  void hold_entry(soci::session& sql, long long id) const;
  void set_slot(soci::session& sql, long long entry_id, const std::string& kind, long long starts_at,
                long long ends_at) const;
  // Slots of the session's other entries that meet [from, to) (the jury's), and the slots of the
  // same person's other entries in any session (the candidate's).
  std::vector<Overlap> jury_overlaps(soci::session& sql, long long session_id, long long entry_id, long long from,
                                     long long to) const;
  std::vector<Overlap> candidate_overlaps(soci::session& sql, long long user_id, long long entry_id, long long from,
                                          long long to) const;

  // Marks the current report replaced, then stores the new one (bytes as given).
  long long insert_report(soci::session& sql, const Report& r, const std::string& bytes, long long now) const;
  std::optional<Report> report(soci::session& sql, long long id) const;
  std::string report_bytes(soci::session& sql, long long id) const;
};

}  // namespace trame::evaluations
