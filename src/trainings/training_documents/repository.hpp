// SQL of the training_documents module.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/training_documents/model.hpp"

namespace trame::training_documents {

class Repository {
 public:
  std::optional<SessionInfo> session(soci::session& sql, long long session_id);
  std::vector<HalfDay> halfdays(soci::session& sql, long long session_id);
  // Applications of the session in the given statuses (comma-free list of quoted values is built here).
  std::vector<Trainee> trainees(soci::session& sql, long long session_id, const std::vector<std::string>& statuses);
  std::optional<Trainee> trainee(soci::session& sql, long long application_id);
  AttendanceMap attendance(soci::session& sql, long long application_id);
  std::string user_name(soci::session& sql, long long user_id);
  // The name of the organiser's first training staff member (or coordinator); "" when none.
  std::string organiser_signatory(soci::session& sql, long long organiser_id);

  long long insert(soci::session& sql, const Document& d, long long created_by);
  void mark_sent(soci::session& sql, long long document_id, long long now);
  std::optional<Document> find(soci::session& sql, long long id);
  std::vector<Document> of_session(soci::session& sql, long long session_id, long long offset, long long limit);
  long long count_of_session(soci::session& sql, long long session_id);
  std::vector<Document> of_user(soci::session& sql, long long user_id, long long offset, long long limit);
  long long count_of_user(soci::session& sql, long long user_id);
  // The first completed session with this title (demo data), or 0.
  long long completed_session_titled(soci::session& sql, const std::string& title);
  long long running_session_titled(soci::session& sql, const std::string& title);
  // Documents of a kind already produced for a session.
  long long count_of_kind(soci::session& sql, long long session_id, const std::string& kind);

  // Sessions starting in (now, until] that are not cancelled nor completed.
  std::vector<long long> sessions_starting(soci::session& sql, long long now, long long until);
  // Confirmed applications of the session without a sent convocation.
  std::vector<long long> unsent_convocations(soci::session& sql, long long session_id);
  // Locks the application row (PostgreSQL) and tells whether a convocation was already sent for it.
  bool lock_and_check_sent(soci::session& sql, long long application_id);

  // Read by the funders' files (without the bytes; find() reads them):
  // the newest document of a kind for an application;
  std::optional<Document> latest_of_kind(soci::session& sql, long long application_id, const std::string& kind);
  // the newest stored attendance sheet of each half-day of the session, by half-day id.
  std::map<long long, Document> latest_sheets(soci::session& sql, long long session_id);
};

}  // namespace trame::training_documents
