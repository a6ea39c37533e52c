// Candidates of a certification: a registration (from a training session that prepares it, or
// direct), assessed against the version in force when it was made; its eligibility is decided by the
// certifier's staff with reasons; the candidate's profile (employer type, job) feeds the figures.
#pragma once
#include <string>
#include <vector>

namespace trame::candidates {

inline const std::vector<std::string>& employer_types() {
  static const std::vector<std::string> e = {"local_authority", "public_body", "association", "company",
                                             "self_employed",   "job_seeker",  "other"};
  return e;
}

// submitted → eligible | ineligible (decided with reasons); submitted | eligible → withdrawn (by the
// candidate). Ineligible and withdrawn are final: a new registration starts again.
inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s = {"submitted", "eligible", "ineligible", "withdrawn"};
  return s;
}
bool may_change(const std::string& from, const std::string& to);

struct Registration {
  long long id = 0;
  long long certification_id = 0;
  std::string certification_title;  // of the registration's version
  long long owner_id = 0;
  long long version_id = 0;
  long long version_number = 0;
  long long user_id = 0;
  std::string user_name, user_email;
  std::string code;
  std::string origin = "direct";  // direct, session
  long long training_session_id = 0;
  std::string training_session_title;
  std::string employer_type, job, birth_date, experience;
  std::string status = "submitted";
  std::string decision_reason;
  long long decided_at = 0;
  std::string decided_by_name;
  long long created_at = 0;
};

// What the registration form sends (name and e-mail only from a visitor who is not signed in).
struct RegistrationInput {
  std::string name, email;
  std::string employer_type, job, birth_date, experience;
  long long training_session_id = 0;
};

// A certification a person's training prepares: offered to its trainees.
struct Offer {
  long long certification_id = 0;
  std::string certification_title;
  long long training_session_id = 0;
  std::string training_session_title;
};

struct StatusCount {
  std::string status;
  long long count = 0;
};

}  // namespace trame::candidates
