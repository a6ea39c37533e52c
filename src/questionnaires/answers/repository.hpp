// SQL of the answers module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "questionnaires/answers/model.hpp"

namespace trame::answers {

class Repository {
 public:
  // Whether a response is tied to its invitation (a named questionnaire's).
  bool is_named_response(soci::session& sql, long long response_id) const;
  std::optional<Invitation> invitation_by_hash(soci::session& sql, const std::string& token_hash) const;
  std::optional<Invitation> invitation(soci::session& sql, long long id) const;
  // The draft's JSON, if any.
  std::optional<std::string> draft(soci::session& sql, long long invitation_id) const;
  void save_draft(soci::session& sql, long long invitation_id, const std::string& data, long long now) const;
  void delete_draft(soci::session& sql, long long invitation_id) const;
  // answered 0 → 1; false when it was already 1.
  bool mark_answered(soci::session& sql, long long invitation_id) const;
  void insert_response(soci::session& sql, long long id, long long questionnaire_id, long long campaign_id, int version,
                       long long invitation_id, long long user_id, long long submitted_at, const std::string& week,
                       const std::string& respondent_code, const std::string& attributes) const;
  void insert_answer(soci::session& sql, long long id, long long response_id, long long question_id, int item,
                     const std::string& value, std::optional<double> number, const std::string& other_text) const;
  // The respondent agreed that this answer be quoted, without their name (a « citable » question).
  void record_quote_consent(soci::session& sql, long long answer_id) const;
  // Consented answers of « citable » questions, newest week first; one by its id (nullopt: none or not
  // consented).
  std::vector<ConsentedAnswer> consented_answers(soci::session& sql, long long offset, long long limit,
                                                 long long& total) const;
  std::optional<ConsentedAnswer> consented_answer(soci::session& sql, long long answer_id) const;
  bool response_exists(soci::session& sql, long long id) const;
  bool answer_exists(soci::session& sql, long long id) const;
  // The signed-in person's invitations on open campaigns (not answered first).
  // The person's invitations of open campaigns, not answered first; `to_fill`: the unanswered ones only.
  std::vector<ToAnswer> mine(soci::session& sql, long long user_id, long long offset, long long limit,
                             bool to_fill = false) const;
  long long count_mine(soci::session& sql, long long user_id, bool to_fill = false) const;
};

}  // namespace trame::answers
