// Plain data of the results module: what a results report holds (rates, per question distributions,
// means and medians, the recommendation score, free texts, cross-tabulation by one attribute), the
// before/after comparison of a session or programme, and the results a programme publishes.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "questionnaires/definitions/model.hpp"

namespace trame::results {

// LOW-RESPONSE GUARD: a group (the whole set or a cross-tabulation group) with fewer responses than
// this is not broken down (no distribution, mean or free text), so that nobody can be recognised.
inline constexpr long long kMinGroup = 5;
inline bool guarded(long long responses) {
  return responses < kMinGroup;
}

// Which responses a report covers. Every non-zero / non-empty field narrows the set.
struct Filter {
  long long questionnaire_id = 0;       // required
  std::vector<long long> campaign_ids;  // only these campaigns (empty: any)
  long long session_id = 0;             // only campaigns of this training session
  long long programme_id = 0;           // only campaigns of this programme's sessions
  long long study_id = 0;               // only campaigns of this impact study
  std::string stage;                    // only campaigns of this stage ('positioning', 'end', ...)
  std::string cross_by;                 // attribute key of questionnaire_responses.attributes ('' none)
};

// One bar of a distribution: a choice, a scale value, yes/no, a month...
struct Count {
  std::string value;  // the stored value ('3', 'oui', a choice, '2026-03', '__other__')
  std::string label;  // what is shown (the choice, "3", "Oui", "mars 2026", "Autre")
  long long count = 0;
  double percent = 0;  // of the responses that answered the question (0-100)
};

struct Stats {
  long long n = 0;
  std::optional<double> mean, median, min, max;
};

// Recommendation score (0-10): % promoters (9-10) − % detractors (0-6).
struct Nps {
  long long promoters = 0, passives = 0, detractors = 0, total = 0;
  std::optional<double> score;  // nullopt when total == 0
};

struct MatrixRow {
  std::string item;
  long long answered = 0;
  std::vector<Count> counts;  // 1..5
  Stats stats;
};

struct QuestionResult {
  definitions::Question question;
  long long answered = 0;          // responses with at least one answer to this question
  std::vector<Count> counts;       // single, multiple, scale, nps, yesno, date (by month)
  std::vector<MatrixRow> rows;     // matrix
  Stats stats;                     // scale, nps, number
  std::optional<Nps> nps;          // nps
  std::vector<std::string> texts;  // short, long, and "other, specify" texts (in response order)
};

// One group of a cross-tabulation (responses sharing an attribute value).
struct Group {
  std::string value;  // the attribute's value ('' : not given)
  std::string label;
  long long responses = 0;
  bool guarded = false;                   // fewer than kMinGroup responses (or complementary): no breakdown
  bool complementary = false;             // hidden although >= kMinGroup, so that a small group cannot be
                                          // recovered by subtracting the others from the whole set
  std::vector<QuestionResult> questions;  // empty when guarded
};

struct Report {
  definitions::Definition definition;
  Filter filter;
  long long invited = 0;  // invitations of the covered campaigns
  long long invitations_answered = 0;
  std::optional<double> response_rate;                  // answered / invited × 100 (nullopt: nobody invited)
  long long responses = 0;                              // questionnaire_responses rows covered
  bool guarded = false;                                 // the whole set is under kMinGroup: only counts and rate
  std::vector<QuestionResult> questions;                // empty when guarded
  std::vector<std::string> attribute_keys;              // keys present in the responses' attributes
  std::map<std::string, std::string> attribute_titles;  // key → header typed in a sending's CSV
  std::vector<Group> groups;                            // cross-tabulation by filter.cross_by
};

// ---- Before / after ----

struct ObjectiveComparison {
  std::string objective;  // the key shared by both questions (+ "/item" for matrix items)
  std::string label;      // the session's own objective (issue 18), else the positioning question's label
  // What each questionnaire asked, when it differs from label (an objective changed after the
  // positioning went: both texts are shown).
  std::string before_label, after_label;
  Stats before, after;
  bool before_guarded = false, after_guarded = false;
  std::optional<double> difference;  // after.mean − before.mean when both are shown
};

struct Comparison {
  long long positioning_questionnaire = 0, followup_questionnaire = 0;
  long long before_responses = 0, after_responses = 0;
  std::vector<ObjectiveComparison> objectives;
};

// ---- Published results of a programme ----

struct ProgrammeResults {
  long long id = 0;
  long long programme_id = 0;
  long long computed_at = 0;
  std::optional<double> satisfaction;  // 1-5, only with ≥ kMinGroup responses
  long long satisfaction_responses = 0;
  std::optional<double> response_rate;  // 0-100
  std::optional<double> completion_rate;
  std::optional<double> dropout_rate;
  long long trainees = 0;
  bool published = true;
};

}  // namespace trame::results
