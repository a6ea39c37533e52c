// Impact studies of the ticketing network: questionnaire, relais, period, answers for pseudonymous people, restitution.
// Plain data of the impact module.
#pragma once
#include <string>
#include <vector>

namespace trame::impact {

struct Study {
  long long id = 0;
  long long organisation_id = 0;  // the network running it
  std::string organisation_name;
  std::string title;
  std::string description;  // markdown
  long long questionnaire_id = 0;
  std::string questionnaire_title;
  bool anonymous = true;
  std::string starts_on, ends_on;  // 'YYYY-MM-DD'
  std::string status;              // draft, open, closed, published
  std::string restitution;         // markdown
  long long published_at = 0;
  long long created_at = 0;
  long long campaign_id = 0;  // the study's campaign (0 until opened)
  long long relais_count = 0;
};

// What a manager fills in. questionnaire: an id, or "modele" to copy the library's impact template.
struct StudyInput {
  long long organisation_id = 0;
  std::string title;
  std::string description;
  std::string questionnaire;
  std::string starts_on, ends_on;
  std::vector<long long> relais;
};

struct Choice {
  long long id = 0;
  std::string label;
  std::string extra;
};

// A relais of a study with its progress: invitations started and answered.
struct RelaisProgress {
  long long organisation_id = 0;
  std::string name;
  long long started = 0;
  long long answered = 0;
};

// A beneficiary a referent may answer for, with where the study stands for them.
struct BeneficiaryChoice {
  long long id = 0;
  std::string code;
  std::string age_band;
  std::string relais;
  long long invitation_id = 0;
  bool answered = false;
};

// Key figures of a question for the restitution: counts per value.
struct Figure {
  long long question_id = 0;
  std::string label;
  std::string kind;
  long long answered = 0;
  std::vector<std::pair<std::string, long long>> counts;
  double mean = 0;
  bool has_mean = false;
};

}  // namespace trame::impact
