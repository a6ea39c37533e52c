// Sending questionnaires: audiences, invitations and reminders, the evaluation cycle of every training session.
// Plain data of the campaigns module.
#pragma once
#include <string>
#include <vector>

namespace trame::campaigns {

// The four stages of a training session's evaluation cycle, in order.
inline const std::vector<std::string>& stages() {
  static const std::vector<std::string> s{"positioning", "end", "followup", "trainer"};
  return s;
}
// The questionnaire kind asked at a stage.
inline std::string kind_of_stage(const std::string& stage) {
  if (stage == "end") return "satisfaction";
  return stage;  // positioning, followup, trainer
}

struct QuestionnaireRef {
  long long id = 0;
  long long organisation_id = 0;
  long long programme_id = 0;
  std::string title;
  std::string kind;
  std::string status;
  bool anonymous = true;
  bool is_template = false;
};

struct Campaign {
  long long id = 0;
  long long questionnaire_id = 0;
  long long organisation_id = 0;
  long long session_id = 0;
  std::string title;
  std::string audience;  // trainees, trainers, funders, members, public, study
  std::string stage;     // '' or positioning, end, followup, trainer
  long long send_at = 0;
  long long sent_at = 0;
  long long closes_at = 0;
  std::string reminder_days = "3,7";
  std::string public_token_hash;
  std::string status = "scheduled";  // scheduled, open, closed, cancelled
  long long created_at = 0;
  // Attribute columns of a sending made from a CSV: JSON object key → header as typed.
  std::string attribute_labels = "{}";
  // Joined for display.
  std::string questionnaire_title;
  bool anonymous = true;
  std::string session_title;
  long long invited = 0;
  long long answered = 0;
};

struct Invitation {
  long long id = 0;
  long long campaign_id = 0;
  long long user_id = 0;
  std::string email;
  std::string name;
  long long sent_at = 0;
  long long reminders = 0;
  long long expires_at = 0;
  bool answered = false;
};

// Someone to invite.
struct Recipient {
  long long user_id = 0;
  std::string email;
  std::string name;
  // Coarse, non-identifying facts copied to the response for cross-tabulation (JSON object):
  // a trainee's profile sector, the session's délégation and the session; a member's organisation.
  std::string attributes = "{}";
};

// A training session seen by the evaluation cycle.
struct SessionRow {
  long long id = 0;
  long long programme_id = 0;
  long long organiser_id = 0;
  std::string title;
  std::string status;
  long long starts_at = 0;
  long long ends_at = 0;
};

// The form creating a campaign, as typed.
struct CampaignInput {
  std::string title;
  std::string audience;
  std::string session_id;
  std::string emails;                      // funders: one address per line
  std::string recipients_csv;              // funders: or a CSV table (address, then attributes)
  std::vector<std::string> organisations;  // members: ids
  std::string when = "now";                // now | later
  std::string send_date;                   // YYYY-MM-DD
  std::string send_time;                   // HH:MM
  std::string closes_date;                 // YYYY-MM-DD (optional)
  std::string reminder_days = "3,7";
};

struct Option {
  long long id = 0;
  std::string label;
};

}  // namespace trame::campaigns
