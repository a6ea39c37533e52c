// Who may do what on a training session, shared by every training module (trainings, enrolments,
// attendance, training_space, training_documents, quality). Deny by default: a handler asks for the
// SessionAccess of the signed-in user and checks manager / trainer / trainee before acting.
//  - manager: holds trainings.manage in the programme's organiser (administrators everywhere);
//  - trainer: assigned to the session (training_session_trainers);
//  - trainee: has an application admitted, confirmed, completed or dropped out on the session;
//  - disability referent: named on the programme; the only one who reads adaptation requests;
//  - follow-up contact ("tête de réseau", training_followup_contacts): reads the individual follow-up and
//    attendance of the trainees they follow on the session (followed_applications), nothing else.
#pragma once
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/core/permissions.hpp"

namespace trame::programmes {

struct SessionAccess {
  long long session_id = 0;
  long long programme_id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string programme_title;
  std::string session_title;
  std::string session_status;  // planned, open, confirmed, running, completed, cancelled
  long long starts_at = 0;
  long long ends_at = 0;
  long long disability_referent_id = 0;

  bool manager = false;
  bool trainer = false;
  long long application_id = 0;  // the user's current application on this session (0: none)
  std::string application_status;
  // The applications of this session whose follow-up `me` reads as a follow-up contact (coaching module).
  std::vector<long long> followed_applications;

  // Enrolled: may read the toolbox, the group space, sign attendance, read their documents.
  bool trainee() const {
    return application_id != 0 && (application_status == "admitted" || application_status == "confirmed" ||
                                   application_status == "completed" || application_status == "dropped_out");
  }
  bool staff() const { return manager || trainer; }
  bool follows(long long application_id) const {
    return application_id != 0 && std::find(followed_applications.begin(), followed_applications.end(),
                                            application_id) != followed_applications.end();
  }
  bool follow_up_contact() const { return !followed_applications.empty(); }
  bool disability_referent(long long user_id) const { return user_id != 0 && user_id == disability_referent_id; }
};

// The access of `me` (nullptr: anonymous) to a session; nullopt when the session does not exist.
std::optional<SessionAccess> session_access(soci::session& sql, const Principal* me, long long session_id);
// The rows behind it (access_repository.cpp): everything but `manager`, for the user with this id (0: anonymous).
std::optional<SessionAccess> read_session_access(soci::session& sql, long long user_id, long long session_id);

// The session of an application, half-day, thread or resource (0 when unknown; access_repository.cpp).
long long session_of_application(soci::session& sql, long long application_id);
long long session_of_halfday(soci::session& sql, long long halfday_id);

// The organiser of a programme (0 when unknown) and whether `me` manages it.
long long organiser_of_programme(soci::session& sql, long long programme_id);
bool manages_organiser(const Principal* me, long long organiser_id);

}  // namespace trame::programmes
