#include "questionnaires/campaigns/repository.hpp"

#include "platform/store/id_list.hpp"
#include "platform/store/row.hpp"
#include "questionnaires/definitions/repository.hpp"

#include <algorithm>
#include <set>

namespace trame::campaigns {

namespace {

using store::as_id;
using store::as_text;

const char* kCampaignColumns =
    "SELECT c.id, c.questionnaire_id, c.organisation_id, c.session_id, c.title, c.audience, c.stage, c.send_at, "
    "c.sent_at, c.closes_at, c.reminder_days, c.public_token_hash, c.status, c.created_at, q.title, q.anonymous, "
    "COALESCE(s.title, ''), "
    "(SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_invitations i WHERE i.campaign_id = c.id AND i.sent_at > 0), "
    "(SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_invitations i WHERE i.campaign_id = c.id AND i.sent_at > 0 "
    "AND i.answered = 1) "
    "FROM questionnaire_campaigns c JOIN questionnaires q ON q.id = c.questionnaire_id "
    "LEFT JOIN training_sessions s ON s.id = c.session_id ";

Campaign campaign_of(const soci::row& r) {
  Campaign c;
  c.id = as_id(r, 0);
  c.questionnaire_id = as_id(r, 1);
  c.organisation_id = as_id(r, 2);
  c.session_id = as_id(r, 3);
  c.title = as_text(r, 4);
  c.audience = as_text(r, 5);
  c.stage = as_text(r, 6);
  c.send_at = as_id(r, 7);
  c.sent_at = as_id(r, 8);
  c.closes_at = as_id(r, 9);
  c.reminder_days = as_text(r, 10);
  c.public_token_hash = as_text(r, 11);
  c.status = as_text(r, 12);
  c.created_at = as_id(r, 13);
  c.questionnaire_title = as_text(r, 14);
  c.anonymous = as_id(r, 15) != 0;
  c.session_title = as_text(r, 16);
  c.invited = as_id(r, 17);
  c.answered = as_id(r, 18);
  return c;
}

const char* kInvitationColumns =
    "SELECT id, campaign_id, user_id, email, name, sent_at, reminders, expires_at, answered FROM "
    "questionnaire_invitations ";

Invitation invitation_of(const soci::row& r) {
  Invitation i;
  i.id = as_id(r, 0);
  i.campaign_id = as_id(r, 1);
  i.user_id = as_id(r, 2);
  i.email = as_text(r, 3);
  i.name = as_text(r, 4);
  i.sent_at = as_id(r, 5);
  i.reminders = as_id(r, 6);
  i.expires_at = as_id(r, 7);
  i.answered = as_id(r, 8) != 0;
  return i;
}

QuestionnaireRef questionnaire_of(const soci::row& r) {
  QuestionnaireRef q;
  q.id = as_id(r, 0);
  q.organisation_id = as_id(r, 1);
  q.programme_id = as_id(r, 2);
  q.title = as_text(r, 3);
  q.kind = as_text(r, 4);
  q.status = as_text(r, 5);
  q.anonymous = as_id(r, 6) != 0;
  q.is_template = as_id(r, 7) != 0;
  return q;
}

const char* kQuestionnaireColumns =
    "SELECT id, organisation_id, programme_id, title, kind, status, anonymous, is_template FROM questionnaires ";

std::vector<Recipient> recipients(soci::rowset<soci::row>& rs) {
  std::vector<Recipient> out;
  for (const auto& r : rs) out.push_back(Recipient{as_id(r, 0), as_text(r, 1), as_text(r, 2)});
  return out;
}

}  // namespace

std::optional<QuestionnaireRef> Repository::questionnaire(soci::session& sql, long long id) {
  // The one loader of a questionnaire's row (definitions' repository).
  auto q = definitions::select_questionnaire(sql, id);
  if (!q) return std::nullopt;
  return QuestionnaireRef{q->id,   q->organisation_id, q->programme_id, q->title,
                          q->kind, q->status,          q->anonymous,    q->is_template};
}

std::vector<QuestionnaireRef> Repository::questionnaires_of(soci::session& sql, long long organisation_id,
                                                            const std::string& kind) {
  std::vector<QuestionnaireRef> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kQuestionnaireColumns) +
                          "WHERE organisation_id = :o AND kind = :k AND is_template = 0 AND status <> 'archived' "
                          "AND session_id = 0 "
                          "ORDER BY CASE WHEN status = 'published' THEN 0 ELSE 1 END, title, id",
       soci::use(organisation_id), soci::use(kind));
  for (const auto& r : rs) out.push_back(questionnaire_of(r));
  return out;
}

long long Repository::published_for(soci::session& sql, long long organisation_id, long long programme_id,
                                    const std::string& kind) {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id FROM questionnaires WHERE organisation_id = :o AND programme_id = :p AND kind = :k "
                      "AND is_template = 0 AND status = 'published' AND session_id = 0 "
                      "ORDER BY updated_at DESC, id DESC",
       soci::use(organisation_id), soci::use(programme_id), soci::use(kind));
  for (const auto& r : rs) return as_id(r, 0);
  return 0;
}

long long Repository::template_of(soci::session& sql, const std::string& template_key) {
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT id FROM questionnaires WHERE is_template = 1 AND template_key = :k AND status <> 'archived'",
       soci::use(template_key));
  for (const auto& r : rs) return as_id(r, 0);
  return 0;
}

std::optional<Campaign> Repository::campaign(soci::session& sql, long long id) {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kCampaignColumns) + "WHERE c.id = :id", soci::use(id));
  for (const auto& r : rs) return campaign_of(r);
  return std::nullopt;
}

std::vector<Campaign> Repository::campaigns_of_questionnaire(soci::session& sql, long long questionnaire_id,
                                                             long long page, long long per_page, long long& total) {
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_campaigns WHERE questionnaire_id = :q", soci::into(total),
      soci::use(questionnaire_id);
  long long offset = (page - 1) * per_page;
  std::vector<Campaign> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kCampaignColumns) +
                          "WHERE c.questionnaire_id = :q ORDER BY c.created_at DESC, c.id DESC LIMIT :l OFFSET :o",
       soci::use(questionnaire_id), soci::use(per_page), soci::use(offset));
  for (const auto& r : rs) out.push_back(campaign_of(r));
  return out;
}

std::vector<Campaign> Repository::cycle_of(soci::session& sql, long long session_id) {
  std::vector<Campaign> out;
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kCampaignColumns) +
                                                   "WHERE c.session_id = :s AND c.stage <> '' ORDER BY c.send_at, c.id",
                                soci::use(session_id));
  for (const auto& r : rs) out.push_back(campaign_of(r));
  return out;
}

long long Repository::insert_campaign(soci::session& sql, const Campaign& c, long long by, long long now) {
  long long id = 0;
  soci::indicator org_ind = c.organisation_id ? soci::i_ok : soci::i_null;
  soci::indicator ses_ind = c.session_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO questionnaire_campaigns (questionnaire_id, organisation_id, title, audience, session_id, stage, "
         "send_at, sent_at, closes_at, reminder_days, public_token_hash, status, created_by, created_at, updated_at, "
         "attribute_labels) VALUES (:q, :o, :t, :a, :s, :st, :sa, 0, :ca, :rd, :ph, :status, :by, :n, :n2, :al) "
         "RETURNING id",
      soci::use(c.questionnaire_id), soci::use(c.organisation_id, org_ind), soci::use(c.title), soci::use(c.audience),
      soci::use(c.session_id, ses_ind), soci::use(c.stage), soci::use(c.send_at), soci::use(c.closes_at),
      soci::use(c.reminder_days), soci::use(c.public_token_hash), soci::use(c.status), soci::use(by), soci::use(now),
      soci::use(now), soci::use(c.attribute_labels), soci::into(id);
  return id;
}

void Repository::set_public_hash(soci::session& sql, long long id, const std::string& hash, long long now) {
  sql << "UPDATE questionnaire_campaigns SET public_token_hash = :h, updated_at = :n WHERE id = :id", soci::use(hash),
      soci::use(now), soci::use(id);
}

std::optional<Campaign> Repository::campaign_by_public_hash(soci::session& sql, const std::string& hash) {
  if (hash.empty()) return std::nullopt;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kCampaignColumns) + "WHERE c.public_token_hash = :h AND c.audience = 'public'",
       soci::use(hash));
  for (const auto& r : rs) return campaign_of(r);
  return std::nullopt;
}

bool Repository::claim_send(soci::session& sql, long long id, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE questionnaire_campaigns SET sent_at = :n, status = 'open', updated_at = :n2 "
                      "WHERE id = :id AND sent_at = 0 AND status = 'scheduled'",
       soci::use(now), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::set_status(soci::session& sql, long long id, const std::string& from_a, const std::string& from_b,
                            const std::string& to, long long now) {
  soci::statement st = (sql.prepare << "UPDATE questionnaire_campaigns SET status = :t, updated_at = :n "
                                       "WHERE id = :id AND status IN (:a, :b)",
                        soci::use(to), soci::use(now), soci::use(id), soci::use(from_a), soci::use(from_b));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

bool Repository::reschedule(soci::session& sql, long long id, long long send_at, long long questionnaire_id,
                            long long now) {
  // updated_at moves past created_at: a stage edited by hand no longer follows the session's dates.
  soci::statement st = (sql.prepare << "UPDATE questionnaire_campaigns SET send_at = :s, questionnaire_id = :q, "
                                       "updated_at = CASE WHEN created_at < :n THEN :n2 ELSE created_at + 1 END "
                                       "WHERE id = :id AND sent_at = 0 AND status = 'scheduled'",
                        soci::use(send_at), soci::use(questionnaire_id), soci::use(now), soci::use(now), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Recipient> Repository::session_trainees(soci::session& sql, long long session_id, bool followup) {
  std::string statuses = followup ? "('confirmed','completed')" : "('admitted','confirmed','completed')";
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT u.id, u.email, u.name, a.sector, s.delegation_id FROM training_applications a "
                      "JOIN users u ON u.id = a.user_id JOIN training_sessions s ON s.id = a.session_id "
                      "WHERE a.session_id = :s AND a.status IN " +
                          statuses + " AND u.disabled = 0 ORDER BY u.name, u.id",
       soci::use(session_id));
  std::vector<Recipient> out;
  for (const auto& r : rs) {
    Recipient x{as_id(r, 0), as_text(r, 1), as_text(r, 2)};
    std::string attributes =
        "{\"sector\":\"" + as_text(r, 3) + "\",\"session_id\":\"" + std::to_string(session_id) + "\"";
    if (long long delegation = as_id(r, 4)) attributes += ",\"delegation\":\"" + std::to_string(delegation) + "\"";
    x.attributes = attributes + "}";
    out.push_back(x);
  }
  return out;
}

std::vector<Recipient> Repository::session_trainers(soci::session& sql, long long session_id) {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT u.id, u.email, u.name FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                      "WHERE t.session_id = :s AND u.disabled = 0 ORDER BY u.name, u.id",
       soci::use(session_id));
  auto out = recipients(rs);
  for (auto& x : out) x.attributes = "{\"session_id\":\"" + std::to_string(session_id) + "\"}";
  return out;
}

std::vector<Recipient> Repository::organisation_members(soci::session& sql,
                                                        const std::vector<long long>& organisation_ids) {
  std::vector<Recipient> out;
  std::set<long long> seen;
  for (long long org : organisation_ids) {
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT DISTINCT u.id, u.email, u.name FROM memberships m JOIN users u ON u.id = m.user_id "
                        "WHERE m.organisation_id = :o AND u.disabled = 0 ORDER BY u.name, u.id",
         soci::use(org));
    for (auto& r : recipients(rs))
      if (seen.insert(r.user_id).second) {
        r.attributes = "{\"organisation\":\"" + std::to_string(org) + "\"}";
        out.push_back(r);
      }
  }
  return out;
}

long long Repository::user_by_email(soci::session& sql, const std::string& email, std::string& name) {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, name FROM users WHERE lower(email) = lower(:e) AND disabled = 0", soci::use(email));
  for (const auto& r : rs) {
    name = as_text(r, 1);
    return as_id(r, 0);
  }
  return 0;
}

std::vector<Option> Repository::organisations(soci::session& sql) {
  std::vector<Option> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE EXISTS (SELECT 1 FROM memberships m "
                      "WHERE m.organisation_id = o.id) ORDER BY o.name, o.id");
  for (const auto& r : rs) out.push_back(Option{as_id(r, 0), as_text(r, 1)});
  return out;
}

std::vector<Option> Repository::sessions_of(soci::session& sql, long long organiser_id) {
  std::vector<Option> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT s.id, p.title, s.title FROM training_sessions s JOIN training_programmes p ON p.id = "
                      "s.programme_id "
                      "WHERE p.organiser_id = :o AND s.status <> 'cancelled' ORDER BY s.starts_at DESC, s.id DESC",
       soci::use(organiser_id));
  for (const auto& r : rs) out.push_back(Option{as_id(r, 0), as_text(r, 1) + " — " + as_text(r, 2)});
  return out;
}

namespace {
const char* kSessionColumns =
    "SELECT s.id, s.programme_id, p.organiser_id, s.title, s.status, s.starts_at, s.ends_at "
    "FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id ";
SessionRow session_of(const soci::row& r) {
  return SessionRow{as_id(r, 0), as_id(r, 1), as_id(r, 2), as_text(r, 3), as_text(r, 4), as_id(r, 5), as_id(r, 6)};
}
}  // namespace

std::optional<SessionRow> Repository::session(soci::session& sql, long long id) {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kSessionColumns) + "WHERE s.id = :id", soci::use(id));
  for (const auto& r : rs) return session_of(r);
  return std::nullopt;
}

std::vector<SessionRow> Repository::sessions_without_cycle(soci::session& sql) {
  std::vector<SessionRow> out;
  soci::rowset<soci::row> rs =
      (sql.prepare
       << std::string(kSessionColumns) +
              "WHERE s.status IN ('open','confirmed','running','completed') AND s.starts_at > 0 AND s.ends_at > 0 "
              "AND NOT EXISTS (SELECT 1 FROM questionnaire_campaigns c WHERE c.session_id = s.id AND c.stage <> '') "
              "ORDER BY s.id");
  for (const auto& r : rs) out.push_back(session_of(r));
  return out;
}

bool Repository::invited(soci::session& sql, long long campaign_id, long long user_id, const std::string& email) {
  long long n = 0;
  if (user_id)
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_invitations WHERE campaign_id = :c AND user_id = :u",
        soci::into(n), soci::use(campaign_id), soci::use(user_id);
  else
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_invitations WHERE campaign_id = :c AND email <> '' "
           "AND lower(email) = lower(:e)",
        soci::into(n), soci::use(campaign_id), soci::use(email);
  return n > 0;
}

long long Repository::insert_invitation(soci::session& sql, long long campaign_id, const Recipient& r,
                                        const std::string& token_hash, long long now, long long sent_at,
                                        long long expires_at) {
  long long id = 0;
  soci::indicator user_ind = r.user_id ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO questionnaire_invitations (campaign_id, user_id, email, name, token_hash, created_at, sent_at, "
         "expires_at, attributes) VALUES (:c, :u, :e, :n, :h, :now, :s, :x, :a) RETURNING id",
      soci::use(campaign_id), soci::use(r.user_id, user_ind), soci::use(r.email), soci::use(r.name),
      soci::use(token_hash), soci::use(now), soci::use(sent_at), soci::use(expires_at), soci::use(r.attributes),
      soci::into(id);
  return id;
}

std::vector<Invitation> Repository::unsent(soci::session& sql, long long campaign_id) {
  std::vector<Invitation> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kInvitationColumns) +
                          "WHERE campaign_id = :c AND sent_at = 0 AND answered = 0 ORDER BY id",
       soci::use(campaign_id));
  for (const auto& r : rs) out.push_back(invitation_of(r));
  return out;
}

bool Repository::mark_sent(soci::session& sql, long long id, const std::string& token_hash, long long now,
                           long long expires_at) {
  soci::statement st =
      (sql.prepare << "UPDATE questionnaire_invitations SET token_hash = :h, sent_at = :n, expires_at = :x "
                      "WHERE id = :id AND sent_at = 0",
       soci::use(token_hash), soci::use(now), soci::use(expires_at), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<Invitation> Repository::not_answered(soci::session& sql, long long campaign_id, long long page,
                                                 long long per_page, long long& total) {
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_invitations WHERE campaign_id = :c AND answered = 0 "
         "AND sent_at > 0 AND email <> ''",
      soci::into(total), soci::use(campaign_id);
  long long offset = (page - 1) * per_page;
  std::vector<Invitation> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kInvitationColumns) +
                          "WHERE campaign_id = :c AND answered = 0 AND sent_at > 0 AND email <> '' "
                          "ORDER BY name, email, id LIMIT :l OFFSET :o",
       soci::use(campaign_id), soci::use(per_page), soci::use(offset));
  for (const auto& r : rs) out.push_back(invitation_of(r));
  return out;
}

std::vector<Invitation> Repository::to_remind(soci::session& sql, long long campaign_id) {
  std::vector<Invitation> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kInvitationColumns) +
                          "WHERE campaign_id = :c AND answered = 0 AND sent_at > 0 AND email <> '' "
                          "ORDER BY id",
       soci::use(campaign_id));
  for (const auto& r : rs) out.push_back(invitation_of(r));
  return out;
}

bool Repository::claim_reminder(soci::session& sql, long long id, long long from, long long to,
                                const std::string& token_hash, long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE questionnaire_invitations SET reminders = :t, last_reminded_at = :n, token_hash = :h "
                      "WHERE id = :id AND reminders = :f AND answered = 0",
       soci::use(to), soci::use(now), soci::use(token_hash), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::optional<Invitation> Repository::invitation_by_hash(soci::session& sql, const std::string& hash) {
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kInvitationColumns) + "WHERE token_hash = :h", soci::use(hash));
  for (const auto& r : rs) return invitation_of(r);
  return std::nullopt;
}

std::vector<long long> Repository::due_campaigns(soci::session& sql, long long now) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT id FROM questionnaire_campaigns WHERE status = 'scheduled' AND sent_at = 0 AND send_at > 0 "
              "AND send_at <= :n AND audience <> 'study' ORDER BY send_at, id",
       soci::use(now));
  for (const auto& r : rs) out.push_back(as_id(r, 0));
  return out;
}

std::vector<Campaign> Repository::open_campaigns(soci::session& sql, long long now) {
  std::vector<Campaign> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kCampaignColumns) +
                          "WHERE c.status = 'open' AND c.sent_at > 0 AND (c.closes_at = 0 OR c.closes_at > :n) "
                          "AND c.audience NOT IN ('public', 'study') ORDER BY c.id",
       soci::use(now));
  for (const auto& r : rs) out.push_back(campaign_of(r));
  return out;
}

std::vector<Campaign> Repository::open_of(soci::session& sql, bool all, const std::vector<long long>& organisations,
                                          long long limit, long long& total) {
  std::vector<Campaign> out;
  total = 0;
  if (!all && organisations.empty()) return out;
  const std::string where = "WHERE c.status = 'open' AND c.audience <> 'study'" +
                            (all ? std::string() : " AND " + store::in_ids(sql, "c.organisation_id", organisations));
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_campaigns c " + where, soci::into(total);
  if (total == 0) return out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kCampaignColumns) + where + " ORDER BY c.sent_at DESC, c.id DESC LIMIT :l",
       soci::use(limit));
  for (const auto& r : rs) out.push_back(campaign_of(r));
  return out;
}

long long Repository::close_expired(soci::session& sql, long long now) {
  soci::statement st = (sql.prepare << "UPDATE questionnaire_campaigns SET status = 'closed', updated_at = :n "
                                       "WHERE status IN ('open','scheduled') AND closes_at > 0 AND closes_at <= :n2",
                        soci::use(now), soci::use(now));
  st.execute(true);
  long long n = st.get_affected_rows();
  // A cancelled session's evaluations that have not gone yet are cancelled with it.
  soci::statement cancel = (sql.prepare << "UPDATE questionnaire_campaigns SET status = 'cancelled', updated_at = :n "
                                           "WHERE status = 'scheduled' AND sent_at = 0 AND session_id IN "
                                           "(SELECT id FROM training_sessions WHERE status = 'cancelled')",
                            soci::use(now));
  cancel.execute(true);
  return n + cancel.get_affected_rows();
}

std::vector<Repository::StageDates> Repository::untouched_stages(soci::session& sql) {
  std::vector<StageDates> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT c.id, c.stage, c.send_at, s.starts_at, s.ends_at, s.id FROM questionnaire_campaigns c "
                      "JOIN training_sessions s ON s.id = c.session_id WHERE c.stage <> '' AND c.status = 'scheduled' "
                      "AND c.sent_at = 0 AND c.updated_at = c.created_at AND s.starts_at > 0 AND s.ends_at > 0");
  for (const auto& r : rs)
    out.push_back(StageDates{as_id(r, 0), as_text(r, 1), as_id(r, 2), as_id(r, 3), as_id(r, 4), as_id(r, 5)});
  return out;
}

bool Repository::move_untouched(soci::session& sql, long long id, long long send_at) {
  soci::statement st = (sql.prepare << "UPDATE questionnaire_campaigns SET send_at = :s WHERE id = :id AND sent_at = 0 "
                                       "AND status = 'scheduled' AND updated_at = created_at",
                        soci::use(send_at), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::publish_draft(soci::session& sql, long long questionnaire_id, long long now) {
  sql << "UPDATE questionnaires SET status = 'published', updated_at = :n WHERE id = :id AND status = 'draft'",
      soci::use(now), soci::use(questionnaire_id);
}

long long Repository::session_by_title(soci::session& sql, const std::string& title) {
  long long id = 0;
  sql << "SELECT id FROM training_sessions WHERE title = :t ORDER BY id", soci::into(id), soci::use(title);
  return sql.got_data() ? id : 0;
}

// ---- Evaluation during the course (issue 18) ----

std::vector<HalfDaySlot> Repository::halfdays(soci::session& sql, long long session_id) {
  std::vector<HalfDaySlot> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT COALESCE(seminar_id, 0), starts_at, ends_at FROM training_halfdays WHERE session_id = :s "
                      "ORDER BY starts_at, id",
       soci::use(session_id));
  for (const auto& r : rs) out.push_back(HalfDaySlot{as_id(r, 0), as_id(r, 1), as_id(r, 2)});
  return out;
}

std::vector<std::string> Repository::session_objectives(soci::session& sql, long long session_id) {
  std::vector<std::string> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT text FROM training_session_objectives WHERE session_id = :s ORDER BY position",
       soci::use(session_id));
  for (const auto& r : rs) out.push_back(as_text(r, 0));
  return out;
}

std::vector<std::string> Repository::trainer_names(soci::session& sql, long long session_id) {
  std::vector<std::string> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT u.name FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                      "WHERE t.session_id = :s ORDER BY t.lead DESC, u.name, u.id",
       soci::use(session_id));
  for (const auto& r : rs) out.push_back(as_text(r, 0));
  return out;
}

long long Repository::published_copy_of(soci::session& sql, long long organisation_id, long long programme_id,
                                        long long template_id) {
  soci::rowset<soci::row> rs =
      (sql.prepare
           << "SELECT id FROM questionnaires WHERE organisation_id = :o AND programme_id = :p AND source_id = :t "
              "AND is_template = 0 AND status = 'published' AND session_id = 0 "
              "ORDER BY updated_at DESC, id DESC",
       soci::use(organisation_id), soci::use(programme_id), soci::use(template_id));
  for (const auto& r : rs) return as_id(r, 0);
  return 0;
}

void Repository::set_questionnaire(soci::session& sql, long long campaign_id, long long questionnaire_id) {
  sql << "UPDATE questionnaire_campaigns SET questionnaire_id = :q WHERE id = :id", soci::use(questionnaire_id),
      soci::use(campaign_id);
}

std::vector<SessionRow> Repository::sessions_without_mid_course(soci::session& sql, long long now) {
  std::vector<SessionRow> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kSessionColumns) +
                          "WHERE s.status IN ('open','confirmed','running') AND s.starts_at > 0 AND s.ends_at > :n "
                          "AND EXISTS (SELECT 1 FROM questionnaire_campaigns c WHERE c.session_id = s.id "
                          "AND c.stage <> '') AND NOT EXISTS (SELECT 1 FROM questionnaire_campaigns c "
                          "WHERE c.session_id = s.id AND c.stage = 'midcourse') ORDER BY s.id",
       soci::use(now));
  for (const auto& r : rs) out.push_back(session_of(r));
  return out;
}

}  // namespace trame::campaigns
