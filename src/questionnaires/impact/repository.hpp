// SQL of the impact module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "platform/core/outcome.hpp"

#include "questionnaires/impact/model.hpp"

namespace trame::impact {

struct QuestionnaireInfo {
  long long id = 0;
  long long organisation_id = 0;
  std::string title;
  std::string kind;
  std::string status;
  bool anonymous = true;
  bool is_template = false;
};

struct BeneficiaryInfo {
  long long id = 0;
  std::string code;
  long long organisation_id = 0;
  std::string age_band;
  std::string status;
};

struct InvitationInfo {
  long long id = 0;
  bool answered = false;
};

class Repository {
 public:
  // The demo: an organisation by its name (0: none), whether it runs a study of that title, and the
  // first referent of a relais (id 0: none).
  long long organisation_by_name(soci::session& sql, const std::string& name);
  bool has_study_titled(soci::session& sql, long long organisation_id, const std::string& title);
  Actor first_referent(soci::session& sql, long long organisation_id);
  std::string commune_of(soci::session& sql, long long organisation_id);  // "" when unknown
  long long active_beneficiaries(soci::session& sql, long long organisation_id);
  // Open studies whose period ended before `day` ('YYYY-MM-DD').
  std::vector<long long> open_ended_before(soci::session& sql, const std::string& day);
  std::optional<Study> find(soci::session& sql, long long id);
  // Studies run by `managed` organisations (all when all_orgs), the open studies of the relais where
  // the user is a referent, the published studies of the user's organisations (network or relais).
  std::vector<Study> list(soci::session& sql, bool all_orgs, const std::vector<long long>& managed,
                          const std::vector<long long>& referent_of, const std::vector<long long>& member_of,
                          long long offset, long long limit, long long& total);
  std::vector<Choice> relais_of(soci::session& sql, long long study_id);
  bool in_study(soci::session& sql, long long study_id, long long organisation_id);
  // Relais that may take part: active social organisations with at least one referent.
  std::vector<Choice> relais_candidates(soci::session& sql, const std::string& q, long long limit);
  bool is_candidate(soci::session& sql, long long organisation_id);
  std::vector<Choice> organisations_by_id(soci::session& sql, const std::vector<long long>& ids);
  // Organisations a study may be run by: those with a member whose role manages questionnaires.
  std::vector<Choice> network_candidates(soci::session& sql);
  std::optional<std::string> organisation_name(soci::session& sql, long long id);
  std::optional<QuestionnaireInfo> questionnaire(soci::session& sql, long long id);
  std::vector<Choice> impact_questionnaires(soci::session& sql, const std::vector<long long>& orgs, bool all_orgs);
  long long template_id(soci::session& sql);
  long long copy_questionnaire(soci::session& sql, long long source_id, long long organisation_id, long long actor,
                               long long now);

  long long insert(soci::session& sql, const StudyInput& in, long long questionnaire_id, long long actor,
                   long long now);
  void add_relais(soci::session& sql, long long study_id, long long organisation_id);
  void remove_relais(soci::session& sql, long long study_id, long long organisation_id);
  void update(soci::session& sql, long long id, const StudyInput& in, long long questionnaire_id, long long now);
  // Conditional: only from `from`; false when the status was not `from`.
  bool set_status(soci::session& sql, long long id, const std::string& from, const std::string& to, long long now);
  void set_restitution(soci::session& sql, long long id, const std::string& text, long long now);

  long long campaign_of(soci::session& sql, long long study_id);
  long long insert_campaign(soci::session& sql, const Study& s, long long closes_at, long long actor, long long now);
  void set_campaign(soci::session& sql, long long campaign_id, const std::string& status, long long closes_at,
                    long long now);

  std::optional<BeneficiaryInfo> beneficiary(soci::session& sql, long long id);
  std::vector<BeneficiaryChoice> beneficiaries_for(soci::session& sql, const std::vector<long long>& orgs,
                                                   long long campaign_id);
  std::optional<InvitationInfo> invitation_for(soci::session& sql, long long campaign_id, const std::string& code);
  long long insert_invitation(soci::session& sql, long long campaign_id, const std::string& token_hash,
                              const std::string& code, const std::string& attributes, long long expires_at,
                              long long now);
  bool renew_token(soci::session& sql, long long invitation_id, const std::string& token_hash, long long expires_at);
  std::string delegation_of(soci::session& sql, long long organisation_id);

  std::vector<RelaisProgress> progress(soci::session& sql, long long study_id, long long campaign_id);
  long long responses(soci::session& sql, long long campaign_id);
  std::vector<Figure> figures(soci::session& sql, long long questionnaire_id, long long campaign_id);
};

}  // namespace trame::impact
