// SQL of the results module. Responses are read without ever joining invitations or users for an
// anonymous questionnaire; invitations are only counted (invited / answered) for the response rate.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "questionnaires/results/model.hpp"

namespace trame::results {

struct ResponseRow {
  long long id = 0;
  long long campaign_id = 0;
  std::string week;
  std::string attributes;  // JSON
  std::string respondent_code;
  long long submitted_at = 0;   // named only (0 otherwise)
  std::string respondent_name;  // named only: the user's name
};

struct AnswerRow {
  long long response_id = 0;
  long long question_id = 0;
  int item = -1;
  std::string value;
  std::optional<double> number;
  std::string other_text;
};

struct CampaignInfo {
  long long id = 0;
  long long questionnaire_id = 0;
  long long organisation_id = 0;
  long long session_id = 0;
  long long study_id = 0;
  std::string stage;
  std::string title;
};

class Repository {
 public:
  // The campaigns a filter narrows to; nullopt when the filter does not narrow by campaign.
  std::optional<std::vector<long long>> campaigns_of(soci::session& sql, const Filter& f) const;
  std::optional<CampaignInfo> campaign(soci::session& sql, long long id) const;
  // Campaigns of a session (session_id != 0) or of a programme's sessions, at one stage.
  std::vector<CampaignInfo> stage_campaigns(soci::session& sql, long long session_id, long long programme_id,
                                            const std::string& stage) const;

  long long count_responses(soci::session& sql, long long questionnaire_id,
                            const std::optional<std::vector<long long>>& campaigns) const;
  // Responses in id order, a page at a time (limit 0: all). named: read the respondent's name too.
  std::vector<ResponseRow> responses(soci::session& sql, long long questionnaire_id,
                                     const std::optional<std::vector<long long>>& campaigns, bool named,
                                     long long offset = 0, long long limit = 0) const;
  std::vector<AnswerRow> answers_of_questionnaire(soci::session& sql, long long questionnaire_id,
                                                  const std::optional<std::vector<long long>>& campaigns) const;
  std::vector<AnswerRow> answers_of_responses(soci::session& sql, const std::vector<long long>& response_ids) const;
  std::vector<AnswerRow> answers_of_campaigns(soci::session& sql, const std::vector<long long>& campaign_ids) const;
  long long count_responses_of_campaigns(soci::session& sql, const std::vector<long long>& campaign_ids) const;
  void invitation_counts(soci::session& sql, long long questionnaire_id,
                         const std::optional<std::vector<long long>>& campaigns, long long& invited,
                         long long& answered) const;
  void invitation_counts_of_campaigns(soci::session& sql, const std::vector<long long>& campaign_ids,
                                      long long& invited, long long& answered) const;

  // Titles of a questionnaire's campaigns (for exports).
  std::vector<std::pair<long long, std::string>> campaign_titles(soci::session& sql, long long questionnaire_id) const;
  // The attribute_labels (JSON) of the questionnaire's sendings made from a CSV, of `campaigns` when given.
  std::vector<std::string> attribute_labels(soci::session& sql, long long questionnaire_id,
                                            const std::optional<std::vector<long long>>& campaigns) const;
  std::string programme_title(soci::session& sql, long long id) const;
  // Whether any covered response has a respondent code (impact studies: a "Code" column in exports).
  bool has_respondent_codes(soci::session& sql, long long questionnaire_id,
                            const std::optional<std::vector<long long>>& campaigns) const;
  // Labels of attribute values that are ids.
  std::string session_title(soci::session& sql, long long id) const;
  std::string organisation_name(soci::session& sql, long long id) const;
  std::string delegation_name(soci::session& sql, long long id) const;

  // Programmes.
  void application_counts(soci::session& sql, long long programme_id, long long& completed,
                          long long& dropped_out) const;
  long long insert_programme_results(soci::session& sql, const ProgrammeResults& r, long long by) const;
  std::optional<ProgrammeResults> latest_programme_results(soci::session& sql, long long programme_id) const;
  std::vector<ProgrammeResults> programme_results_history(soci::session& sql, long long programme_id,
                                                          long long limit) const;
  // Programmes with answered end-of-course sendings that have published no results yet (the demo).
  std::vector<long long> programmes_to_publish(soci::session& sql) const;
};

}  // namespace trame::results
