// SQL of the campaigns module.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "questionnaires/campaigns/model.hpp"

namespace trame::campaigns {

class Repository {
 public:
  // A draft questionnaire becomes published (nothing when it is not a draft).
  void publish_draft(soci::session& sql, long long questionnaire_id, long long now);
  // The first training session of that title (the demo); 0 when none.
  long long session_by_title(soci::session& sql, const std::string& title);
  std::optional<QuestionnaireRef> questionnaire(soci::session& sql, long long id);
  // The organiser's own questionnaires of a kind (not archived, not templates), published first.
  std::vector<QuestionnaireRef> questionnaires_of(soci::session& sql, long long organisation_id,
                                                  const std::string& kind);
  // The organiser's published questionnaire of that kind for the programme (0: none).
  long long published_for(soci::session& sql, long long organisation_id, long long programme_id,
                          const std::string& kind);
  long long template_of(soci::session& sql, const std::string& template_key);

  std::optional<Campaign> campaign(soci::session& sql, long long id);
  std::vector<Campaign> campaigns_of_questionnaire(soci::session& sql, long long questionnaire_id, long long page,
                                                   long long per_page, long long& total);
  std::vector<Campaign> cycle_of(soci::session& sql, long long session_id);
  long long insert_campaign(soci::session& sql, const Campaign& c, long long by, long long now);
  void set_public_hash(soci::session& sql, long long id, const std::string& hash, long long now);
  std::optional<Campaign> campaign_by_public_hash(soci::session& sql, const std::string& hash);
  // The conditional UPDATE that makes a sending happen once: sent_at 0 → now, status scheduled → open.
  bool claim_send(soci::session& sql, long long id, long long now);
  bool set_status(soci::session& sql, long long id, const std::string& from_a, const std::string& from_b,
                  const std::string& to, long long now);
  bool reschedule(soci::session& sql, long long id, long long send_at, long long questionnaire_id, long long now);

  std::vector<Recipient> session_trainees(soci::session& sql, long long session_id, bool followup);
  std::vector<Recipient> session_trainers(soci::session& sql, long long session_id);
  std::vector<Recipient> organisation_members(soci::session& sql, const std::vector<long long>& organisation_ids);
  long long user_by_email(soci::session& sql, const std::string& email, std::string& name);
  std::vector<Option> organisations(soci::session& sql);
  std::vector<Option> sessions_of(soci::session& sql, long long organiser_id);
  std::optional<SessionRow> session(soci::session& sql, long long id);
  std::vector<SessionRow> sessions_without_cycle(soci::session& sql);

  bool invited(soci::session& sql, long long campaign_id, long long user_id, const std::string& email);
  long long insert_invitation(soci::session& sql, long long campaign_id, const Recipient& r,
                              const std::string& token_hash, long long now, long long sent_at, long long expires_at);
  std::vector<Invitation> unsent(soci::session& sql, long long campaign_id);
  bool mark_sent(soci::session& sql, long long id, const std::string& token_hash, long long now, long long expires_at);
  std::vector<Invitation> not_answered(soci::session& sql, long long campaign_id, long long page, long long per_page,
                                       long long& total);
  std::vector<Invitation> to_remind(soci::session& sql, long long campaign_id);
  bool claim_reminder(soci::session& sql, long long id, long long from, long long to, const std::string& token_hash,
                      long long now);
  std::optional<Invitation> invitation_by_hash(soci::session& sql, const std::string& hash);

  std::vector<long long> due_campaigns(soci::session& sql, long long now);
  std::vector<Campaign> open_campaigns(soci::session& sql, long long now);
  // The open sendings (impact studies' aside) of these organisations (every one when `all`), last sent
  // first: the first `limit`, and how many in all.
  std::vector<Campaign> open_of(soci::session& sql, bool all, const std::vector<long long>& organisations,
                                long long limit, long long& total);
  long long close_expired(soci::session& sql, long long now);
  // Stages not sent and never edited by hand (updated_at = created_at), with their session's dates:
  // (campaign id, stage, send_at, session starts_at, session ends_at).
  struct StageDates {
    long long id = 0;
    std::string stage;
    long long send_at = 0, starts_at = 0, ends_at = 0;
    long long session_id = 0;
  };
  std::vector<StageDates> untouched_stages(soci::session& sql);
  bool move_untouched(soci::session& sql, long long id, long long send_at);

  // ---- Evaluation during the course (issue 18) ----
  // The session's half-days in time order.
  std::vector<HalfDaySlot> halfdays(soci::session& sql, long long session_id);
  // The objectives set for the session (training_session_objectives), in order; empty: none.
  std::vector<std::string> session_objectives(soci::session& sql, long long session_id);
  // The names of the session's trainers (lead first, then by name).
  std::vector<std::string> trainer_names(soci::session& sql, long long session_id);
  // The organiser's published questionnaire copied from the library template `template_id` for the
  // programme, not a session's copy (0: none).
  long long published_copy_of(soci::session& sql, long long organisation_id, long long programme_id,
                              long long template_id);
  // The campaign asks another questionnaire (a session's copy), before its invitations go.
  void set_questionnaire(soci::session& sql, long long campaign_id, long long questionnaire_id);
  // Sessions not cancelled, not ended at `now`, whose cycle exists but has no mid-course stage (any
  // status): the cycles made before the stage existed.
  std::vector<SessionRow> sessions_without_mid_course(soci::session& sql, long long now);
};

}  // namespace trame::campaigns
