// Answering a questionnaire: one page per section, conditions, drafts, validation, tokens used once, anonymity.
// Plain data of the answers module.
#pragma once
#include <string>
#include <vector>

namespace trame::answers {

// An invitation with what the answering pages need of its campaign.
struct Invitation {
  long long id = 0;
  long long campaign_id = 0;
  long long user_id = 0;  // 0: nobody signed in (a visitor of a public link, a beneficiary)
  bool answered = false;
  long long expires_at = 0;
  std::string respondent_code;
  std::string attributes = "{}";
  // The campaign
  long long questionnaire_id = 0;
  std::string campaign_title;
  std::string audience;
  long long study_id = 0;
  long long closes_at = 0;
  std::string campaign_status;  // scheduled, open, closed, cancelled
};

// What a person has to answer (GET /questionnaires/a-remplir).
struct ToAnswer {
  long long invitation_id = 0;
  std::string questionnaire_title;
  std::string campaign_title;
  long long closes_at = 0;
  bool answered = false;
  bool has_draft = false;
};

// A free-text answer to a « citable » question whose respondent agreed to be quoted without their name,
// for the public site's editors to pick (src/website/quotes). Anonymous: no person, the week only.
struct ConsentedAnswer {
  long long answer_id = 0;
  std::string text;
  std::string questionnaire;
  std::string programme;  // the session's programme, else the questionnaire's ('' when none)
  long long programme_id = 0;
  std::string week;  // 'YYYY-Www' of the response
};

}  // namespace trame::answers
