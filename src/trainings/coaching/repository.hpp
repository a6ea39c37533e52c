// SQL of coaching (tables training_coaching_requests, training_coaching_entries, training_followup_contacts).
#pragma once
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "trainings/coaching/model.hpp"

namespace trame::coaching {

// Which of a session's requests a reader sees (the service decides from their access): every one (managers),
// those addressed to them or to anyone (trainers), their own (trainees).
enum class Visible { every, addressed, own };

// A request waiting for the staff, with what tells who it waits for.
struct OpenRequest {
  Waiting waiting;
  long long trainer_id = 0;    // the trainer it is addressed to (0: anyone)
  long long organiser_id = 0;  // the organiser of its session's programme
  bool trains = false;         // the reader is a trainer of its session
};

// An open request that no one answered and that was never reminded.
struct Unanswered {
  long long id = 0;
  long long created_at = 0;
};

class Repository {
 public:
  // ---- Requests
  std::optional<Request> find(soci::session& sql, long long id) const;
  // A session's requests `user_id` sees as `visible`: how many, and a page of them (waiting ones first).
  long long count_requests(soci::session& sql, long long session_id, Visible visible, long long user_id) const;
  std::vector<Request> requests(soci::session& sql, long long session_id, Visible visible, long long user_id,
                                long long limit, long long offset) const;
  // The new request (status open): session, application, trainee, trainer, subject, message and preferences.
  long long insert(soci::session& sql, const Request& r, long long now) const;
  // The moves, each conditional on the status read (`from`): false when a concurrent move changed it.
  // An appointment proposed by `by` (answers the request).
  bool propose(soci::session& sql, long long id, const std::string& from, const std::string& to, long long at,
               const std::string& mode, const std::string& place, long long by, long long now) const;
  // Closed by `by` (answers the request when `staff`).
  bool close(soci::session& sql, long long id, const std::string& from, const std::string& to, long long by, bool staff,
             long long now) const;
  // Any other move (answers the request when `staff`).
  bool set_status(soci::session& sql, long long id, const std::string& from, const std::string& to, bool staff,
                  long long now) const;
  // Requests waiting for the staff (open, another time asked), oldest first, at most 500.
  std::vector<OpenRequest> waiting(soci::session& sql, long long user_id) const;
  // Open requests, unanswered and never reminded, created at `before` or earlier (at most 200, by id).
  std::vector<Unanswered> unanswered(soci::session& sql, long long before) const;
  // Claims the reminder of a request still open and unanswered: true when this write set it.
  bool claim_reminder(soci::session& sql, long long id, long long now) const;

  // ---- A request's thread, oldest first
  long long count_entries(soci::session& sql, long long request_id) const;
  std::vector<Entry> entries(soci::session& sql, long long request_id, long long limit, long long offset) const;
  void add_entry(soci::session& sql, long long request_id, long long author_id, const std::string& kind,
                 const std::string& body, long long now) const;

  // ---- People
  // The session's trainers with an active account, lead first.
  std::vector<Person> trainers(soci::session& sql, long long session_id) const;
  // An active account.
  std::optional<Person> active_user(soci::session& sql, long long id) const;
  // An active account, found by e-mail whatever its case.
  std::optional<Person> user_by_email(soci::session& sql, const std::string& email) const;
  std::string session_title(soci::session& sql, long long session_id) const;

  // ---- Follow-up contacts
  // The session's enrolled trainees (admitted, confirmed, completed, dropped out), by name.
  std::vector<Trainee> enrolled_trainees(soci::session& sql, long long session_id) const;
  // The session's follow-up contacts (person, first added), by name, without their trainees.
  std::vector<Contact> contacts(soci::session& sql, long long session_id) const;
  // The applications a contact follows on the session.
  std::set<long long> followed_applications(soci::session& sql, long long session_id, long long user_id) const;
  // How many trainees a contact follows on the session.
  long long count_contact_rows(soci::session& sql, long long session_id, long long user_id) const;
  void add_contact(soci::session& sql, long long session_id, long long user_id, long long application_id, long long by,
                   long long now) const;
  // Removes a contact from the session: how many trainees they followed there.
  long long remove_contact(soci::session& sql, long long session_id, long long user_id) const;
  // The organisations a user is a member of.
  std::set<long long> organisations_of(soci::session& sql, long long user_id) const;
  // Their names, sorted, joined with ", ".
  std::string organisation_names(soci::session& sql, long long user_id) const;
  // The trainees a user follows, every session: how many, and a page of them (latest session first).
  long long count_followed(soci::session& sql, long long user_id) const;
  std::vector<Followed> followed(soci::session& sql, long long user_id, long long limit, long long offset) const;
};

}  // namespace trame::coaching
