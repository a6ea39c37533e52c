// Questionnaires and their library of templates: sections, questions of every kind, conditions, versions.
// Plain data of the questionnaires module, read by answers, campaigns, results and impact through
// definitions::load_definition (src/questionnaires/definition.hpp).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::definitions {

struct Questionnaire {
  long long id = 0;
  long long organisation_id = 0;  // 0: a shipped template
  std::string title;
  std::string description;  // markdown
  std::string kind;         // positioning, satisfaction, followup, trainer, funder, impact, holders, other
  bool anonymous = true;
  bool is_template = false;
  std::string template_key;
  long long source_id = 0;
  long long programme_id = 0;
  int version = 1;
  std::string status;  // draft, published, archived
  long long created_at = 0;
  long long updated_at = 0;
};

struct Section {
  long long id = 0;
  long long questionnaire_id = 0;
  int position = 0;
  std::string title;
  std::string description;
};

struct Question {
  long long id = 0;
  long long questionnaire_id = 0;
  long long section_id = 0;
  int position = 0;
  std::string kind;  // single, multiple, scale, nps, yesno, short, long, number, date, matrix
  std::string label;
  std::string help;
  bool required = false;
  std::vector<std::string> options;  // single/multiple
  bool allow_other = false;
  std::vector<std::string> items;              // matrix
  std::string low_label, high_label;           // scale, nps, matrix
  std::optional<double> min_value, max_value;  // number
  long long show_if_question = 0;              // condition (0: always shown)
  std::string show_if_value;
  std::string objective;  // before/after key
  bool archived = false;
  // long: the respondent may tick « J'accepte que ma réponse soit citée, sans mon nom » (website/quotes).
  bool quotable = false;
};

// A questionnaire with its sections in order and, per section, its live (not archived) questions.
struct Definition {
  Questionnaire questionnaire;
  std::vector<Section> sections;
  std::vector<std::vector<Question>> questions;  // questions[i] belong to sections[i]
};

}  // namespace trame::definitions
