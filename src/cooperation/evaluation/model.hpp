// Evaluation of a cooperation project (docs/cooperation/evaluation.md), after Avise's method for
// evaluating a cooperation: criteria the members propose, each looking at the conditions, the means
// or the results of the cooperation and measured with indicators of the project, adopted (or
// rejected) by a closed decision of the project; the evaluation of the cooperation itself by
// questionnaire at each phase; a yearly report. Plain structs and pure rules, no dependencies.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace trame::evaluation {

// What a criterion looks at (Avise): the conditions of the cooperation (trust, a shared project, each
// one's place), its means (time, people, money, tools put in common), its results (for the
// inhabitants, the organisations, each person).
inline const std::vector<std::string>& dimensions() {
  static const std::vector<std::string> list = {"conditions", "means", "results"};
  return list;
}
// proposed: by a member, waiting for a decision; adopted / rejected: by a closed decision.
inline const std::vector<std::string>& criterion_statuses() {
  static const std::vector<std::string> list = {"proposed", "adopted", "rejected"};
  return list;
}
// The phases at which the cooperation is evaluated (the projects' phases).
inline const std::vector<std::string>& evaluated_phases() {
  static const std::vector<std::string> list = {"diagnosis", "design", "implementation", "evaluation"};
  return list;
}

// Limits of what people enter (code points).
inline constexpr std::size_t kTitleMax = 200;
inline constexpr std::size_t kDescriptionMax = 5000;
inline constexpr std::size_t kIndicatorsMax = 20;

struct Criterion {
  long long id = 0, project_id = 0;
  std::string title, dimension, description;
  std::string status = "proposed";
  long long decision_id = 0, decided_by = 0, decided_at = 0;
  std::string decided_by_name;
  long long proposed_by = 0;
  std::string proposed_by_name;
  long long created_at = 0, updated_at = 0;
  std::vector<long long> indicator_ids;
};

// The evaluation of the cooperation at one phase: the sending of the project's questionnaire.
struct PhaseEvaluation {
  long long id = 0, project_id = 0;
  std::string phase;
  long long questionnaire_id = 0, campaign_id = 0;
  long long launched_by = 0, launched_at = 0;
  std::string launched_by_name;
  // The sending as it stands (joined).
  std::string campaign_status;  // open, closed, cancelled…
  long long invited = 0, answered = 0;
};

// What attaching a decision to a criterion gives: the criterion's new status, or the catalogue key of
// the refusal (with its form field). THE RULE (docs/cooperation/evaluation.md):
//   - the decision is the project's (checked by the caller: another project's is "not_in_project");
//   - it is closed (an open or cancelled one is refused) and its outcome is written (decided);
//   - the verdict asked is adopted or rejected; when the decision's own outcome is a verdict
//     (proposal, consent, advice: adopted / rejected), the criterion takes that verdict and the
//     opposite is refused; an amended outcome, or a chosen option (dot vote, score, ranked choice,
//     time poll), lets the facilitator say which, as the outcome's statement tells;
//   - only a proposed criterion is decided (once adopted or rejected, it stays so).
struct Verdict {
  std::string status;  // adopted, rejected ('' when refused)
  std::string error;   // catalogue key when refused
  std::string field;
};
Verdict verdict_of(const std::string& criterion_status, const std::string& decision_status, bool outcome_written,
                   const std::string& decision_verdict, const std::string& asked);

}  // namespace trame::evaluation
