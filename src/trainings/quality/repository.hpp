// SQL of the quality module.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "trainings/quality/model.hpp"

namespace trame::quality {

// What the Qualiopi page reads about a programme and its sessions.
struct SessionFacts {
  long long id = 0;
  std::string title;
  std::string status;
  long long starts_at = 0;
  long long unsent_convocations = 0;   // confirmed/completed trainees without a sent convocation
  long long unlocked_halfdays = 0;     // past half-days whose attendance sheet is not countersigned
  long long missing_certificates = 0;  // completed trainees without a certificate
  long long trainees = 0;              // admitted, confirmed, completed, dropped out
};

struct ProgrammeFacts {
  long long id = 0;
  long long organiser_id = 0;
  std::string organiser_name;
  std::string title;
  std::string status;
  long long price_cents = 0;
  std::string accessibility;
  long long disability_referent_id = 0;
  std::string disability_contact;
  std::string objectives;
  std::string teaching_methods;
  std::string evaluation_methods;
  long long modules = 0;
  long long applications = 0;
  long long with_motivation = 0;
  long long interviews_done = 0;
  long long delay_days_sum = 0;
  long long completed = 0;
  long long dropped_out = 0;
  long long complaints = 0;
  long long complaints_in_time = 0;
  long long complaints_overdue = 0;
  long long actions = 0;
  long long actions_done = 0;
  long long convocation_days = 7;  // setting trainings.convocation_days
  std::vector<SessionFacts> sessions;
};

// One trainee's year: attended minutes in the year, the programme's nature, the main funder.
struct TraineeYear {
  long long application_id = 0;
  std::string nature;
  long long minutes = 0;
  std::string funder;                                    // "" when no funding line
  std::string trainee_status, employer_type;             // "" when unknown
  long long all_minutes = 0;                             // attended in every year (to share products out)
  std::vector<std::pair<std::string, long long>> lines;  // funder, due_cents of the lines not refused
};

class Repository {
 public:
  // Demo data: the first programme of that title ({id, organiser}; {0, 0} when none) and a user by e-mail (0).
  std::pair<long long, long long> programme_by_title(soci::session& sql, const std::string& title);
  long long user_by_email(soci::session& sql, const std::string& email);
  // Choices for the forms.
  std::vector<Choice> organisers(soci::session& sql);
  std::vector<Choice> programmes(soci::session& sql);
  std::vector<Choice> sessions(soci::session& sql);
  std::vector<Choice> members(soci::session& sql, const ActingFor& scope);
  bool is_member(soci::session& sql, long long organisation_id, long long user_id);
  long long programme_of_session(soci::session& sql, long long session_id);
  std::string organisation_name(soci::session& sql, long long organisation_id);
  std::string user_email(soci::session& sql, long long user_id);
  std::vector<std::string> staff_emails(soci::session& sql, long long organisation_id);

  // Complaints.
  long long insert_complaint(soci::session& sql, const ComplaintInput& in, long long now, long long due_at);
  std::optional<Complaint> find_complaint(soci::session& sql, long long id);
  std::vector<Complaint> complaints(soci::session& sql, const ActingFor& scope, const ComplaintFilter& f, long long now,
                                    long long offset, long long limit);
  long long count_complaints(soci::session& sql, const ActingFor& scope, const ComplaintFilter& f, long long now);
  // Complaints still to answer (not answered nor closed) in the scope, the nearest due date first.
  std::vector<Complaint> due_complaints(soci::session& sql, const ActingFor& scope, long long limit);
  long long count_due_complaints(soci::session& sql, const ActingFor& scope);
  bool assign(soci::session& sql, long long id, long long user_id);
  bool answer(soci::session& sql, long long id, const std::string& text, long long now);
  bool close(soci::session& sql, long long id, const std::string& note, long long now);
  std::vector<long long> overdue_unnotified(soci::session& sql, long long now);
  bool claim_overdue(soci::session& sql, long long id, long long now);
  std::vector<Choice> complaint_choices(soci::session& sql, const ActingFor& scope);
  std::vector<Choice> dropout_choices(soci::session& sql, const ActingFor& scope);
  long long organiser_of_application(soci::session& sql, long long application_id);

  // Improvement actions.
  long long insert_action(soci::session& sql, const ActionInput& in, long long now, long long created_by);
  std::optional<Action> find_action(soci::session& sql, long long id);
  std::vector<Action> actions(soci::session& sql, const ActingFor& scope, long long offset, long long limit);
  long long count_actions(soci::session& sql, const ActingFor& scope);
  std::vector<Action> actions_of_complaint(soci::session& sql, long long complaint_id);
  void update_action(soci::session& sql, long long id, const std::string& status, const std::string& result,
                     long long done_at);
  std::optional<Complaint> find_complaint_by_subject(soci::session& sql, long long organisation_id,
                                                     const std::string& subject);

  // Qualiopi and yearly figures.
  std::optional<ProgrammeFacts> programme_facts(soci::session& sql, long long programme_id, long long now);
  std::vector<TraineeYear> trainee_years(soci::session& sql, long long organisation_id, long long from, long long to);
};

}  // namespace trame::quality
