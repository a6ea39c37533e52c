// Coaching requests between seminars, their thread, and the follow-up contacts of a session.
#pragma once
#include <string>
#include <vector>

namespace trame::coaching {

struct Request {
  long long id = 0;
  long long session_id = 0;
  long long application_id = 0;
  long long trainee_id = 0;
  std::string trainee_name;
  std::string trainee_email;
  long long trainer_id = 0;  // preferred trainer (0: « peu importe »)
  std::string trainer_name;
  std::string subject;
  std::string message;
  std::string preferred_mode;  // any, visio, phone, onsite
  std::string preferred_slots;
  std::string status;
  long long appointment_at = 0;
  std::string appointment_mode;
  std::string appointment_place;
  long long appointment_by = 0;
  std::string appointment_by_name;
  long long answered_at = 0;
  long long reminded_at = 0;
  long long closed_at = 0;
  long long created_at = 0;
  long long updated_at = 0;
};

struct Entry {
  long long id = 0;
  long long author_id = 0;
  std::string author_name;
  std::string kind;  // note, proposal, accepted, reschedule, closed
  std::string body;
  long long created_at = 0;
};

struct RequestInput {
  std::string subject;
  std::string message;
  std::string trainer;  // a trainer's user id, or "" / "0" for « peu importe »
  std::string preferred_mode;
  std::string preferred_slots;
};

struct ProposalInput {
  std::string at;  // YYYY-MM-DDTHH:MM (Paris)
  std::string mode;
  std::string place;
  std::string message;
};

struct Person {
  long long id = 0;
  std::string name;
  std::string email;
};

// A trainee of the session (an enrolled application) as the follow-up contacts page lists them.
struct Trainee {
  long long application_id = 0;
  long long user_id = 0;
  std::string name;
  std::string organisation;
  long long organisation_id = 0;
};

// A follow-up contact of a session and the trainees they follow.
struct Contact {
  Person person;
  std::string organisations;  // the contact's organisations, joined
  std::vector<Trainee> trainees;
  long long added_at = 0;
};

// A trainee someone follows (« Mes stagiaires suivis »).
struct Followed {
  long long application_id = 0;
  std::string trainee_name;
  std::string application_status;
  long long session_id = 0;
  std::string session_title;
  std::string programme_title;
  std::string organiser_name;
  long long starts_at = 0;
  long long ends_at = 0;
};

// A request waiting for someone as a trainer or a manager (dashboard).
struct Waiting {
  long long id = 0;
  std::string subject;
  std::string trainee_name;
  std::string session_title;
  std::string status;
  long long created_at = 0;
};

}  // namespace trame::coaching
