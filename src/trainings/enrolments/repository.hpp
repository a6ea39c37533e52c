// SQL of the enrolments module: one method per query.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <soci/soci.h>

#include "platform/core/permissions.hpp"

#include "trainings/enrolments/model.hpp"

namespace trame::enrolments {

class Repository {
 public:
  // The applications of a person on a session that are neither withdrawn nor refused.
  long long open_applications(soci::session& sql, long long session_id, long long user_id);
  std::optional<SessionInfo> session(soci::session& sql, long long session_id);
  // The first session titled `session` of the programme titled `programme` (demo data), or 0.
  long long session_by_titles(soci::session& sql, const std::string& programme, const std::string& session);
  // Up to `limit` active organisations of a kind, by id (demo data).
  std::vector<long long> active_organisations(soci::session& sql, const std::string& kind, long long limit);

  // Accounts created by an application from an anonymous visitor.
  std::optional<long long> user_by_email(soci::session& sql, const std::string& email);
  // The account holding the address (case ignored): its id, name, locale and whether it is disabled.
  std::optional<KnownAccount> account_by_email(soci::session& sql, const std::string& email);
  long long insert_user(soci::session& sql, const std::string& email, const std::string& name, long long now);
  void insert_password_link(soci::session& sql, long long user_id, const std::string& token_hash, long long now,
                            long long expires);
  std::vector<std::string> staff_emails(soci::session& sql, long long organiser_id);
  std::vector<std::pair<long long, std::string>> organisations(soci::session& sql);
  std::string organisation_name(soci::session& sql, long long id);

  long long insert_application(soci::session& sql, const Application& a);
  std::optional<Application> application(soci::session& sql, long long id);
  // The trainee's status and employer type (managers' correction).
  bool set_trainee_status(soci::session& sql, long long id, const std::string& status, const std::string& employer_type,
                          long long now);
  std::vector<Application> applications_of_user(soci::session& sql, long long user_id, long long offset,
                                                long long limit);
  long long count_of_user(soci::session& sql, long long user_id);
  std::vector<Application> applications_of_session(soci::session& sql, long long session_id, const std::string& status,
                                                   long long offset, long long limit);
  long long count_of_session(soci::session& sql, long long session_id, const std::string& status);
  std::vector<StatusCount> status_counts(soci::session& sql, long long session_id);
  // Applications waiting for a decision (submitted or in interview) in the sessions of the organisers
  // `scope` covers, oldest request first; and how many there are.
  std::vector<Application> to_handle(soci::session& sql, const ActingFor& scope, long long limit);
  long long count_to_handle(soci::session& sql, const ActingFor& scope);

  // Conditional moves: false when the application was no longer in `from`.
  bool move(soci::session& sql, long long id, const std::string& from, const std::string& to, long long now);
  bool decide(soci::session& sql, long long id, const std::string& from, const std::string& to,
              const std::string& reason, long long by, long long now);
  bool withdraw(soci::session& sql, long long id, const std::string& from, const std::string& reason, long long now);
  bool confirm(soci::session& sql, long long id, long long now);
  // An admitted or confirmed trainee who left the training at `at` (demo data replays it at its own time).
  bool drop_out(soci::session& sql, long long id, long long at, const std::string& cause, const std::string& detail,
                long long now);
  // Seats: conditional UPDATEs bounded by max_trainees / 0.
  bool take_seat(soci::session& sql, long long session_id, long long now);
  bool release_seat(soci::session& sql, long long session_id, long long now);
  std::optional<long long> oldest_waiting(soci::session& sql, long long session_id);
  // Sessions (open, confirmed or running) with a seat released by a withdrawal and not yet given to the
  // oldest waiting application.
  std::vector<long long> sessions_to_promote(soci::session& sql);

  long long insert_interview(soci::session& sql, const Interview& i);
  std::optional<Interview> interview(soci::session& sql, long long id);
  std::vector<Interview> interviews_of(soci::session& sql, long long application_id);
  bool answer_interview(soci::session& sql, long long id, const std::string& to, long long now);
  bool save_notes(soci::session& sql, long long id, const InterviewNotes& n, long long by);

  long long insert_line(soci::session& sql, const FundingLine& l, long long now);
  bool update_line(soci::session& sql, const FundingLine& l, long long now);
  std::optional<FundingLine> line(soci::session& sql, long long id);
  std::vector<FundingLine> lines_of(soci::session& sql, long long application_id);
  long long amount_of_others(soci::session& sql, long long application_id, long long except_line);
};

}  // namespace trame::enrolments
