// Plain data of the enrolments module: applications to a session, interviews, funding lines.
#pragma once
#include <string>
#include <vector>

namespace trame::enrolments {

// What an application needs to know about its session and programme.
struct SessionInfo {
  long long id = 0;
  long long programme_id = 0;
  long long organiser_id = 0;
  std::string title;
  std::string programme_title;
  std::string organiser_name;
  std::string status;
  long long starts_at = 0;
  long long ends_at = 0;
  long long application_deadline = 0;  // 0: start - trainings.deadline_days
  int max_trainees = 0;
  int seats_taken = 0;
  long long price_cents = 0;
  long long disability_referent_id = 0;
};

struct Application {
  long long id = 0;
  long long session_id = 0;
  long long user_id = 0;
  std::string user_name;
  std::string user_email;
  std::string phone;  // as typed by the applicant (optional); read by the session's managers
  std::string status;
  std::string sector;
  long long organisation_id = 0;
  std::string organisation_name;  // the directory's name when organisation_id, else the free name
  std::string job_role;
  std::string motivation;
  std::string project;
  std::string funding_intended;
  std::string adaptation_request;  // confidential: only the disability referent reads it
  long long requested_at = 0;
  int access_delay_days = 0;
  int early_request = 0;
  std::string decision_reason;
  long long decided_at = 0;
  long long waiting_since = 0;
  long long confirmed_at = 0;
  long long withdrawn_at = 0;
  std::string dropout_cause;
  std::string trainee_status;  // trainee_statuses() or "" (applications before migration 0055)
  std::string employer_type;   // employer_types() or ""
  // Of the session, for lists
  std::string session_title;
  std::string programme_title;
  long long starts_at = 0;
};

// What the application form sends, as typed.
struct ApplicationInput {
  std::string sector, organisation, organisation_name, job_role, motivation, project, funding, adaptation;
  std::string name, email;                    // anonymous visitors only
  std::string phone;                          // optional
  std::string trainee_status, employer_type;  // required (trainee_statuses(), employer_types())
};

struct Interview {
  long long id = 0;
  long long application_id = 0;
  long long scheduled_at = 0;
  int minutes = 30;
  std::string place;
  std::string status;  // proposed, confirmed, declined, done, cancelled
  long long interviewer_id = 0;
  std::string note_motivation, note_project, note_availability, note_funding, note_adaptation, recommendation;
  long long created_at = 0;
  long long answered_at = 0;
};

struct InterviewInput {
  std::string scheduled, minutes, place;
};

struct InterviewNotes {
  std::string motivation, project, availability, funding, adaptation, recommendation;
};

struct FundingLine {
  long long id = 0;
  long long application_id = 0;
  std::string funder;
  std::string funder_name;
  long long amount_cents = 0;
  int minutes_covered = 0;
  std::string agreement_ref;
  std::string status;
  long long due_cents = 0;
};

struct FundingInput {
  std::string funder, funder_name, amount, hours, agreement_ref, status;
};

// An existing account found by the address typed in the public application form.
struct KnownAccount {
  long long id = 0;
  std::string name;
  int disabled = 0;
};

struct StatusCount {
  std::string status;
  long long count = 0;
};

inline const std::vector<std::string>& sectors() {
  static const std::vector<std::string> v = {"social", "cultural", "other"};
  return v;
}
// The trainee's status, for funding and the yearly figures (BPF): salarié, bénévole, administrateur or
// membre du bureau, demandeur d'emploi, agent de collectivité territoriale, indépendant or autre.
inline const std::vector<std::string>& trainee_statuses() {
  static const std::vector<std::string> v = {"employee",  "volunteer",   "board_member",
                                             "jobseeker", "local_agent", "independent"};
  return v;
}
// The type of the trainee's employer (or of the structure they volunteer for); "none": no employer.
inline const std::vector<std::string>& employer_types() {
  static const std::vector<std::string> v = {"local_authority", "association", "medico_social", "public_cultural",
                                             "private_company", "state",       "none"};
  return v;
}
inline const std::vector<std::string>& funders() {
  static const std::vector<std::string> v = {"opco", "france_travail", "region", "employer",
                                             "cpf",  "departement",    "self",   "other"};
  return v;
}
inline const std::vector<std::string>& application_statuses() {
  static const std::vector<std::string> v = {"submitted", "interview", "admitted",  "waiting",    "refused",
                                             "confirmed", "withdrawn", "completed", "dropped_out"};
  return v;
}
inline const std::vector<std::string>& funding_statuses() {
  static const std::vector<std::string> v = {"requested", "agreed", "refused", "invoiced", "paid"};
  return v;
}
inline const std::vector<std::string>& recommendations() {
  static const std::vector<std::string> v = {"admit", "wait", "refuse"};
  return v;
}
// States from which an applicant may withdraw.
inline bool withdrawable(const std::string& s) {
  return s == "submitted" || s == "interview" || s == "admitted" || s == "waiting" || s == "confirmed";
}

}  // namespace trame::enrolments
