// SQL of the evaluation of cooperation projects: criteria and their indicators, phase evaluations.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "cooperation/evaluation/model.hpp"

namespace trame::evaluation {

class Repository {
 public:
  // ---- Criteria
  std::optional<Criterion> criterion(soci::session& sql, long long id) const;
  // A project's criteria, adopted first, then proposed, then rejected, oldest first within each.
  std::vector<Criterion> criteria(soci::session& sql, long long project_id, long long limit, long long offset) const;
  long long count_criteria(soci::session& sql, long long project_id) const;
  // Only the adopted ones (for the report), oldest first.
  std::vector<Criterion> adopted(soci::session& sql, long long project_id) const;
  long long insert_criterion(soci::session& sql, const Criterion& c, long long now) const;
  // Title, dimension and description of a criterion still proposed; false when it is no longer.
  bool update_criterion(soci::session& sql, const Criterion& c, long long now) const;
  void set_indicators(soci::session& sql, long long criterion_id, const std::vector<long long>& ids) const;
  // The conditional UPDATE that decides a criterion once: proposed → status with its decision.
  bool decide(soci::session& sql, long long criterion_id, const std::string& status, long long decision_id,
              long long by, long long now) const;

  // ---- Phase evaluations
  std::vector<PhaseEvaluation> phase_evaluations(soci::session& sql, long long project_id) const;
  std::optional<PhaseEvaluation> phase_evaluation(soci::session& sql, long long project_id,
                                                  const std::string& phase) const;
  // The questionnaire the project's phase evaluations use (the first one's), 0 when none yet.
  long long project_questionnaire(soci::session& sql, long long project_id) const;
  long long insert_phase_evaluation(soci::session& sql, const PhaseEvaluation& e, long long now) const;
  // The status of a questionnaire ('' when absent).
  std::string questionnaire_status(soci::session& sql, long long questionnaire_id) const;
  // The organisation of a person's first membership (0: none).
  long long first_organisation(soci::session& sql, long long user_id) const;
  // The days ('YYYY-MM-DD') the project's actions were done, by action id (cooperation_actions.done_on).
  std::vector<std::pair<long long, std::string>> actions_done_on(soci::session& sql, long long project_id) const;
};

}  // namespace trame::evaluation
