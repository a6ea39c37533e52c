#include "questionnaires/answers/repository.hpp"

namespace trame::answers {

namespace {

const char* kInvitationSelect =
    "SELECT i.id, i.campaign_id, i.user_id, i.answered, i.expires_at, i.respondent_code, i.attributes, "
    "c.questionnaire_id, c.title, c.audience, c.study_id, c.closes_at, c.status "
    "FROM questionnaire_invitations i JOIN questionnaire_campaigns c ON c.id = i.campaign_id ";

std::optional<Invitation> fetch(soci::session& sql, long long id) {
  Invitation v;
  long long user_id = 0, study_id = 0;
  int answered = 0;
  soci::indicator user_ind = soci::i_ok, study_ind = soci::i_ok;
  soci::statement st =
      (sql.prepare << std::string(kInvitationSelect) + "WHERE i.id = :id", soci::into(v.id), soci::into(v.campaign_id),
       soci::into(user_id, user_ind), soci::into(answered), soci::into(v.expires_at), soci::into(v.respondent_code),
       soci::into(v.attributes), soci::into(v.questionnaire_id), soci::into(v.campaign_title), soci::into(v.audience),
       soci::into(study_id, study_ind), soci::into(v.closes_at), soci::into(v.campaign_status), soci::use(id));
  st.execute();
  if (!st.fetch()) return std::nullopt;
  v.user_id = user_ind == soci::i_null ? 0 : user_id;
  v.study_id = study_ind == soci::i_null ? 0 : study_id;
  v.answered = answered != 0;
  return v;
}

}  // namespace

std::optional<Invitation> Repository::invitation_by_hash(soci::session& sql, const std::string& token_hash) const {
  if (token_hash.empty()) return std::nullopt;
  long long id = 0;
  sql << "SELECT id FROM questionnaire_invitations WHERE token_hash = :h", soci::into(id), soci::use(token_hash);
  if (!sql.got_data()) return std::nullopt;
  return fetch(sql, id);
}

std::optional<Invitation> Repository::invitation(soci::session& sql, long long id) const {
  return fetch(sql, id);
}

std::optional<std::string> Repository::draft(soci::session& sql, long long invitation_id) const {
  std::string data;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT data FROM questionnaire_drafts WHERE invitation_id = :id", soci::into(data, ind),
      soci::use(invitation_id);
  if (!sql.got_data() || ind == soci::i_null) return std::nullopt;
  return data;
}

void Repository::save_draft(soci::session& sql, long long invitation_id, const std::string& data, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE questionnaire_drafts SET data = :d, updated_at = :t WHERE invitation_id = :id",
       soci::use(data), soci::use(now), soci::use(invitation_id));
  st.execute(true);
  if (st.get_affected_rows() == 0)
    sql << "INSERT INTO questionnaire_drafts (invitation_id, data, updated_at) VALUES (:id, :d, :t)",
        soci::use(invitation_id), soci::use(data), soci::use(now);
}

void Repository::delete_draft(soci::session& sql, long long invitation_id) const {
  sql << "DELETE FROM questionnaire_drafts WHERE invitation_id = :id", soci::use(invitation_id);
}

bool Repository::mark_answered(soci::session& sql, long long invitation_id) const {
  soci::statement st =
      (sql.prepare << "UPDATE questionnaire_invitations SET answered = 1 WHERE id = :id AND answered = 0",
       soci::use(invitation_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::insert_response(soci::session& sql, long long id, long long questionnaire_id, long long campaign_id,
                                 int version, long long invitation_id, long long user_id, long long submitted_at,
                                 const std::string& week, const std::string& respondent_code,
                                 const std::string& attributes) const {
  soci::indicator inv_ind = invitation_id ? soci::i_ok : soci::i_null;
  soci::indicator user_ind = user_id ? soci::i_ok : soci::i_null;
  soci::indicator camp_ind = campaign_id ? soci::i_ok : soci::i_null;
  // SQLite: the hidden rowid takes the random id too (else it would keep the order of submission).
  const bool sqlite = sql.get_backend_name() == "sqlite3";
  const std::string columns =
      "id, questionnaire_id, campaign_id, version, invitation_id, user_id, submitted_at, "
      "submitted_week, respondent_code, attributes";
  const std::string values = ":id, :q, :c, :v, :i, :u, :t, :w, :r, :a";
  if (sqlite) {
    long long rowid = id;
    sql << "INSERT INTO questionnaire_responses (rowid, " + columns + ") VALUES (:rowid, " + values + ")",
        soci::use(rowid), soci::use(id), soci::use(questionnaire_id), soci::use(campaign_id, camp_ind),
        soci::use(version), soci::use(invitation_id, inv_ind), soci::use(user_id, user_ind), soci::use(submitted_at),
        soci::use(week), soci::use(respondent_code), soci::use(attributes);
  } else {
    sql << "INSERT INTO questionnaire_responses (" + columns + ") VALUES (" + values + ")", soci::use(id),
        soci::use(questionnaire_id), soci::use(campaign_id, camp_ind), soci::use(version),
        soci::use(invitation_id, inv_ind), soci::use(user_id, user_ind), soci::use(submitted_at), soci::use(week),
        soci::use(respondent_code), soci::use(attributes);
  }
}

void Repository::record_quote_consent(soci::session& sql, long long answer_id) const {
  sql << "UPDATE questionnaire_answers SET quote_consent = 1 WHERE id = :id", soci::use(answer_id);
}

namespace {
const char* kConsentedFrom =
    "FROM questionnaire_answers a JOIN questionnaire_questions qq ON qq.id = a.question_id "
    "JOIN questionnaire_responses r ON r.id = a.response_id JOIN questionnaires q ON q.id = r.questionnaire_id "
    "LEFT JOIN questionnaire_campaigns c ON c.id = r.campaign_id "
    "LEFT JOIN training_sessions s ON s.id = c.session_id "
    "LEFT JOIN training_programmes p ON p.id = COALESCE(s.programme_id, q.programme_id) "
    "WHERE a.quote_consent = 1 AND qq.quotable = 1 AND qq.kind = 'long' AND a.value <> '' ";
const char* kConsentedColumns =
    "SELECT a.id, a.value, q.title, COALESCE(p.title, ''), CAST(COALESCE(p.id, 0) AS BIGINT), r.submitted_week ";
}  // namespace

std::vector<ConsentedAnswer> Repository::consented_answers(soci::session& sql, long long offset, long long limit,
                                                           long long& total) const {
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) ") + kConsentedFrom, soci::into(total);
  ConsentedAnswer x;
  soci::statement st =
      (sql.prepare << std::string(kConsentedColumns) + kConsentedFrom +
                          "ORDER BY r.submitted_week DESC, a.id DESC LIMIT :l OFFSET :o",
       soci::into(x.answer_id), soci::into(x.text), soci::into(x.questionnaire), soci::into(x.programme),
       soci::into(x.programme_id), soci::into(x.week), soci::use(limit), soci::use(offset));
  st.execute();
  std::vector<ConsentedAnswer> out;
  while (st.fetch()) out.push_back(x);
  return out;
}

std::optional<ConsentedAnswer> Repository::consented_answer(soci::session& sql, long long answer_id) const {
  ConsentedAnswer x;
  sql << std::string(kConsentedColumns) + kConsentedFrom + "AND a.id = :id", soci::into(x.answer_id),
      soci::into(x.text), soci::into(x.questionnaire), soci::into(x.programme), soci::into(x.programme_id),
      soci::into(x.week), soci::use(answer_id);
  if (!sql.got_data()) return std::nullopt;
  return x;
}

void Repository::insert_answer(soci::session& sql, long long id, long long response_id, long long question_id, int item,
                               const std::string& value, std::optional<double> number,
                               const std::string& other_text) const {
  double n = number.value_or(0);
  soci::indicator n_ind = number ? soci::i_ok : soci::i_null;
  // A random id (not a sequence: the order of the rows would tell the order of submission). The
  // PostgreSQL column is an identity column, overridden here.
  const bool pg = sql.get_backend_name() == "postgresql";
  sql << std::string(
             "INSERT INTO questionnaire_answers (id, response_id, question_id, item, value, number, other_text) ") +
             (pg ? "OVERRIDING SYSTEM VALUE " : "") + "VALUES (:id, :r, :q, :i, :v, :n, :o)",
      soci::use(id), soci::use(response_id), soci::use(question_id), soci::use(item), soci::use(value),
      soci::use(n, n_ind), soci::use(other_text);
}

bool Repository::answer_exists(soci::session& sql, long long id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_answers WHERE id = :id", soci::into(n), soci::use(id);
  return n > 0;
}

bool Repository::response_exists(soci::session& sql, long long id) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_responses WHERE id = :id", soci::into(n), soci::use(id);
  return n > 0;
}

std::vector<ToAnswer> Repository::mine(soci::session& sql, long long user_id, long long offset, long long limit,
                                       bool to_fill) const {
  std::vector<ToAnswer> out;
  ToAnswer t;
  int answered = 0;
  long long drafts = 0;
  soci::statement st =
      (sql.prepare << "SELECT i.id, q.title, c.title, c.closes_at, i.answered, "
                      "CAST((SELECT COUNT(*) FROM questionnaire_drafts d WHERE d.invitation_id = i.id) AS BIGINT) "
                      "FROM questionnaire_invitations i JOIN questionnaire_campaigns c ON c.id = i.campaign_id "
                      "JOIN questionnaires q ON q.id = c.questionnaire_id "
                      "WHERE i.user_id = :u AND c.status = 'open' " +
                          std::string(to_fill ? "AND i.answered = 0 " : "") +
                          "ORDER BY i.answered, c.closes_at DESC, i.id DESC LIMIT :l OFFSET :o",
       soci::into(t.invitation_id), soci::into(t.questionnaire_title), soci::into(t.campaign_title),
       soci::into(t.closes_at), soci::into(answered), soci::into(drafts), soci::use(user_id), soci::use(limit),
       soci::use(offset));
  st.execute();
  while (st.fetch()) {
    t.answered = answered != 0;
    t.has_draft = drafts != 0;
    out.push_back(t);
  }
  return out;
}

long long Repository::count_mine(soci::session& sql, long long user_id, bool to_fill) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_invitations i JOIN questionnaire_campaigns c "
         "ON c.id = i.campaign_id WHERE i.user_id = :u AND c.status = 'open'" +
             std::string(to_fill ? " AND i.answered = 0" : ""),
      soci::into(n), soci::use(user_id);
  return n;
}

bool Repository::is_named_response(soci::session& sql, long long response_id) const {
  long long named = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_responses WHERE id = :id AND invitation_id IS NOT NULL",
      soci::into(named), soci::use(response_id);
  return named > 0;
}

}  // namespace trame::answers
