// Sending questionnaires: audiences, invitations and reminders, the evaluation cycle of every training session.
// Plain data of the campaigns module.
#pragma once
#include <string>
#include <vector>

namespace trame::campaigns {

// The five stages of a training session's evaluation cycle, in order (midcourse: the "à chaud"
// evaluation during the training, issue 18).
inline const std::vector<std::string>& stages() {
  static const std::vector<std::string> s{"positioning", "midcourse", "end", "followup", "trainer"};
  return s;
}
// The questionnaire kind asked at a stage (the mid-course questionnaire is of kind 'other', a copy of
// the library's « Évaluation à chaud »).
inline std::string kind_of_stage(const std::string& stage) {
  if (stage == "end") return "satisfaction";
  if (stage == "midcourse") return "other";
  return stage;  // positioning, followup, trainer
}
// The catalogue key naming a stage (the mid-course stage's label lives in the objectives module's file).
inline std::string stage_label_key(const std::string& stage) {
  if (stage == "midcourse") return "objectives.stage.midcourse";
  return "campaigns.stages." + stage;
}

// A half-day of a session, for the mid-course date (seminar_id 0: in no seminar).
struct HalfDaySlot {
  long long seminar_id = 0;
  long long starts_at = 0;
  long long ends_at = 0;
};

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
