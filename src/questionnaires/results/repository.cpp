#include "questionnaires/results/repository.hpp"

#include "platform/store/id_list.hpp"

#include "platform/store/row.hpp"

namespace trame::results {

namespace {

using store::as_double;
using store::as_id;
using store::as_text;

// " AND <column> IN (…)" or nothing; an empty narrowing matches nothing.
std::string campaign_sql(soci::session& sql, const std::optional<std::vector<long long>>& campaigns,
                         const std::string& column) {
  if (!campaigns) return "";
  if (campaigns->empty()) return " AND 1 = 0";
  return " AND " + store::in_ids(sql, column, *campaigns);
}

AnswerRow answer_of(const soci::row& r) {
  AnswerRow a;
  a.response_id = as_id(r, 0);
  a.question_id = as_id(r, 1);
  a.item = static_cast<int>(as_id(r, 2));
  a.value = as_text(r, 3);
  a.number = as_double(r, 4);
  a.other_text = as_text(r, 5);
  return a;
}

const char* kAnswerColumns = "SELECT a.response_id, a.question_id, a.item, a.value, a.number, a.other_text ";

CampaignInfo campaign_of(const soci::row& r) {
  CampaignInfo c;
  c.id = as_id(r, 0);
  c.questionnaire_id = as_id(r, 1);
  c.organisation_id = as_id(r, 2);
  c.session_id = as_id(r, 3);
  c.study_id = as_id(r, 4);
  c.stage = as_text(r, 5);
  c.title = as_text(r, 6);
  return c;
}

const char* kCampaignColumns =
    "SELECT c.id, c.questionnaire_id, c.organisation_id, c.session_id, c.study_id, c.stage, c.title "
    "FROM questionnaire_campaigns c ";

ProgrammeResults programme_results_of(const soci::row& r) {
  ProgrammeResults p;
  p.id = as_id(r, 0);
  p.programme_id = as_id(r, 1);
  p.computed_at = as_id(r, 2);
  p.satisfaction = as_double(r, 3);
  p.satisfaction_responses = as_id(r, 4);
  p.response_rate = as_double(r, 5);
  p.completion_rate = as_double(r, 6);
  p.dropout_rate = as_double(r, 7);
  p.trainees = as_id(r, 8);
  p.published = as_id(r, 9) != 0;
  return p;
}

const char* kProgrammeResultsColumns =
    "SELECT id, programme_id, computed_at, satisfaction, satisfaction_responses, response_rate, completion_rate, "
    "dropout_rate, trainees, published FROM programme_results ";

}  // namespace

std::optional<std::vector<long long>> Repository::campaigns_of(soci::session& sql, const Filter& f) const {
  bool narrows = !f.campaign_ids.empty() || f.session_id || f.programme_id || f.study_id || !f.stage.empty();
  if (!narrows) return std::nullopt;
  std::string q =
      "SELECT c.id FROM questionnaire_campaigns c LEFT JOIN training_sessions s ON s.id = c.session_id "
      "WHERE c.questionnaire_id = :q";
  if (!f.campaign_ids.empty()) q += " AND " + store::in_ids(sql, "c.id", f.campaign_ids);
  if (f.session_id) q += " AND c.session_id = " + std::to_string(f.session_id);
  if (f.programme_id) q += " AND s.programme_id = " + std::to_string(f.programme_id);
  if (f.study_id) q += " AND c.study_id = " + std::to_string(f.study_id);
  q += " AND (:stage = '' OR c.stage = :stage2) ORDER BY c.id";
  std::vector<long long> ids;
  std::string stage = f.stage;
  soci::rowset<soci::row> rows =
      (sql.prepare << q, soci::use(f.questionnaire_id, "q"), soci::use(stage, "stage"), soci::use(stage, "stage2"));
  for (const auto& r : rows) ids.push_back(as_id(r, 0));
  return ids;
}

std::optional<CampaignInfo> Repository::campaign(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rows = (sql.prepare << std::string(kCampaignColumns) + "WHERE c.id = :id", soci::use(id));
  for (const auto& r : rows) return campaign_of(r);
  return std::nullopt;
}

std::vector<CampaignInfo> Repository::stage_campaigns(soci::session& sql, long long session_id, long long programme_id,
                                                      const std::string& stage) const {
  std::string q = std::string(kCampaignColumns) +
                  "JOIN training_sessions s ON s.id = c.session_id WHERE c.stage = :stage AND c.status <> 'cancelled'";
  if (session_id) q += " AND c.session_id = " + std::to_string(session_id);
  if (programme_id) q += " AND s.programme_id = " + std::to_string(programme_id);
  if (!session_id && !programme_id) q += " AND 1 = 0";
  q += " ORDER BY c.id";
  std::string st = stage;
  std::vector<CampaignInfo> out;
  soci::rowset<soci::row> rows = (sql.prepare << q, soci::use(st));
  for (const auto& r : rows) out.push_back(campaign_of(r));
  return out;
}

long long Repository::count_responses(soci::session& sql, long long questionnaire_id,
                                      const std::optional<std::vector<long long>>& campaigns) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_responses r WHERE r.questionnaire_id = :q" +
             campaign_sql(sql, campaigns, "r.campaign_id"),
      soci::into(n), soci::use(questionnaire_id);
  return n;
}

std::vector<ResponseRow> Repository::responses(soci::session& sql, long long questionnaire_id,
                                               const std::optional<std::vector<long long>>& campaigns, bool named,
                                               long long offset, long long limit) const {
  // Anonymous questionnaires: never a join to users or invitations.
  std::string q = named ? "SELECT r.id, r.campaign_id, r.submitted_week, r.attributes, r.respondent_code, "
                          "CAST(r.submitted_at AS BIGINT), COALESCE(u.name, '') FROM questionnaire_responses r "
                          "LEFT JOIN users u ON u.id = r.user_id "
                        : "SELECT r.id, r.campaign_id, r.submitted_week, r.attributes, r.respondent_code, "
                          "CAST(0 AS BIGINT), '' FROM questionnaire_responses r ";
  q += "WHERE r.questionnaire_id = :q" + campaign_sql(sql, campaigns, "r.campaign_id") + " ORDER BY r.id";
  if (limit > 0) q += " LIMIT " + std::to_string(limit) + " OFFSET " + std::to_string(offset);
  // Typed columns (10,000 responses at national size: no dynamic soci::row per response).
  std::vector<ResponseRow> out;
  ResponseRow x;
  soci::indicator campaign_set = soci::i_ok;
  soci::statement st = (sql.prepare << q, soci::into(x.id), soci::into(x.campaign_id, campaign_set), soci::into(x.week),
                        soci::into(x.attributes), soci::into(x.respondent_code), soci::into(x.submitted_at),
                        soci::into(x.respondent_name), soci::use(questionnaire_id));
  st.execute();
  while (st.fetch()) {
    if (campaign_set != soci::i_ok) x.campaign_id = 0;
    out.push_back(x);
  }
  return out;
}

std::vector<AnswerRow> Repository::answers_of_questionnaire(
    soci::session& sql, long long questionnaire_id, const std::optional<std::vector<long long>>& campaigns) const {
  // A questionnaire's results read every answer (50,000 at national size): typed columns fetched a thousand
  // rows at a time, not a dynamic soci::row per answer (issue 22, session 17).
  constexpr std::size_t kBatch = 1000;
  std::vector<long long> response_ids(kBatch), question_ids(kBatch), items(kBatch);
  std::vector<std::string> values(kBatch), other_texts(kBatch);
  std::vector<double> numbers(kBatch);
  std::vector<soci::indicator> number_set(kBatch);
  soci::statement st =
      (sql.prepare << "SELECT a.response_id, a.question_id, CAST(a.item AS BIGINT), a.value, a.number, a.other_text "
                      "FROM questionnaire_answers a JOIN questionnaire_responses r ON r.id = a.response_id "
                      "WHERE r.questionnaire_id = :q" +
                          campaign_sql(sql, campaigns, "r.campaign_id") +
                          " ORDER BY a.response_id, a.question_id, a.item, a.id",
       soci::into(response_ids), soci::into(question_ids), soci::into(items), soci::into(values),
       soci::into(numbers, number_set), soci::into(other_texts), soci::use(questionnaire_id));
  std::vector<AnswerRow> out;
  if (!st.execute(true)) return out;
  do {
    for (std::size_t i = 0; i < response_ids.size(); ++i) {
      AnswerRow a;
      a.response_id = response_ids[i];
      a.question_id = question_ids[i];
      a.item = static_cast<int>(items[i]);
      a.value = std::move(values[i]);
      if (number_set[i] == soci::i_ok) a.number = numbers[i];
      a.other_text = std::move(other_texts[i]);
      out.push_back(std::move(a));
    }
    for (auto* v : {&response_ids, &question_ids, &items}) v->resize(kBatch);
    values.resize(kBatch);
    other_texts.resize(kBatch);
    numbers.resize(kBatch);
    number_set.resize(kBatch);
  } while (st.fetch());
  return out;
}

std::vector<AnswerRow> Repository::answers_of_responses(soci::session& sql,
                                                        const std::vector<long long>& response_ids) const {
  std::vector<AnswerRow> out;
  if (response_ids.empty()) return out;
  soci::rowset<soci::row> rows = (sql.prepare << std::string(kAnswerColumns) + "FROM questionnaire_answers a WHERE " +
                                                     store::in_ids(sql, "a.response_id", response_ids) +
                                                     " ORDER BY a.response_id, a.question_id, a.item, a.id");
  for (const auto& r : rows) out.push_back(answer_of(r));
  return out;
}

std::vector<AnswerRow> Repository::answers_of_campaigns(soci::session& sql,
                                                        const std::vector<long long>& campaign_ids) const {
  std::vector<AnswerRow> out;
  if (campaign_ids.empty()) return out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kAnswerColumns) +
                          "FROM questionnaire_answers a JOIN questionnaire_responses r ON r.id = a.response_id "
                          "WHERE " +
                          store::in_ids(sql, "r.campaign_id", campaign_ids) +
                          " ORDER BY a.response_id, a.question_id, a.item, a.id");
  for (const auto& r : rows) out.push_back(answer_of(r));
  return out;
}

long long Repository::count_responses_of_campaigns(soci::session& sql,
                                                   const std::vector<long long>& campaign_ids) const {
  if (campaign_ids.empty()) return 0;
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_responses WHERE " +
             store::in_ids(sql, "campaign_id", campaign_ids),
      soci::into(n);
  return n;
}

void Repository::invitation_counts(soci::session& sql, long long questionnaire_id,
                                   const std::optional<std::vector<long long>>& campaigns, long long& invited,
                                   long long& answered) const {
  // Counts only: who answered is never read here.
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN i.answered = 1 THEN 1 ELSE 0 END), 0) AS "
         "BIGINT) "
         "FROM questionnaire_invitations i JOIN questionnaire_campaigns c ON c.id = i.campaign_id "
         "WHERE c.questionnaire_id = :q" +
             campaign_sql(sql, campaigns, "c.id"),
      soci::into(invited), soci::into(answered), soci::use(questionnaire_id);
}

void Repository::invitation_counts_of_campaigns(soci::session& sql, const std::vector<long long>& campaign_ids,
                                                long long& invited, long long& answered) const {
  invited = answered = 0;
  if (campaign_ids.empty()) return;
  sql << "SELECT CAST(COUNT(*) AS BIGINT), CAST(COALESCE(SUM(CASE WHEN answered = 1 THEN 1 ELSE 0 END), 0) AS BIGINT) "
         "FROM questionnaire_invitations WHERE " +
             store::in_ids(sql, "campaign_id", campaign_ids),
      soci::into(invited), soci::into(answered);
}

std::vector<std::pair<long long, std::string>> Repository::campaign_titles(soci::session& sql,
                                                                           long long questionnaire_id) const {
  std::vector<std::pair<long long, std::string>> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << "SELECT id, title FROM questionnaire_campaigns WHERE questionnaire_id = :q ORDER BY id",
       soci::use(questionnaire_id));
  for (const auto& r : rows) out.emplace_back(as_id(r, 0), as_text(r, 1));
  return out;
}

std::vector<std::string> Repository::attribute_labels(soci::session& sql, long long questionnaire_id,
                                                      const std::optional<std::vector<long long>>& campaigns) const {
  std::vector<std::string> out;
  if (campaigns && campaigns->empty()) return out;
  std::string q =
      "SELECT attribute_labels FROM questionnaire_campaigns WHERE questionnaire_id = :q AND attribute_labels <> '{}'";
  if (campaigns) q += " AND " + store::in_ids(sql, "id", *campaigns);
  soci::rowset<soci::row> rows = (sql.prepare << q + " ORDER BY id", soci::use(questionnaire_id));
  for (const auto& r : rows) out.push_back(as_text(r, 0));
  return out;
}

std::string Repository::programme_title(soci::session& sql, long long id) const {
  std::string t;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT title FROM training_programmes WHERE id = :id", soci::into(t, ind), soci::use(id);
  return sql.got_data() && ind == soci::i_ok ? t : std::string();
}

bool Repository::has_respondent_codes(soci::session& sql, long long questionnaire_id,
                                      const std::optional<std::vector<long long>>& campaigns) const {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_responses r WHERE r.questionnaire_id = :q "
         "AND r.respondent_code <> ''" +
             campaign_sql(sql, campaigns, "r.campaign_id"),
      soci::into(n), soci::use(questionnaire_id);
  return n > 0;
}

std::string Repository::session_title(soci::session& sql, long long id) const {
  std::string t;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT title FROM training_sessions WHERE id = :id", soci::into(t, ind), soci::use(id);
  return sql.got_data() && ind == soci::i_ok ? t : std::string();
}

std::string Repository::organisation_name(soci::session& sql, long long id) const {
  std::string t;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::into(t, ind), soci::use(id);
  return sql.got_data() && ind == soci::i_ok ? t : std::string();
}

std::string Repository::delegation_name(soci::session& sql, long long id) const {
  std::string t;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT name FROM delegations WHERE id = :id", soci::into(t, ind), soci::use(id);
  return sql.got_data() && ind == soci::i_ok ? t : std::string();
}

void Repository::application_counts(soci::session& sql, long long programme_id, long long& completed,
                                    long long& dropped_out) const {
  sql << "SELECT CAST(COALESCE(SUM(CASE WHEN a.status = 'completed' THEN 1 ELSE 0 END), 0) AS BIGINT), "
         "CAST(COALESCE(SUM(CASE WHEN a.status = 'dropped_out' THEN 1 ELSE 0 END), 0) AS BIGINT) "
         "FROM training_applications a JOIN training_sessions s ON s.id = a.session_id WHERE s.programme_id = :p",
      soci::into(completed), soci::into(dropped_out), soci::use(programme_id);
}

long long Repository::insert_programme_results(soci::session& sql, const ProgrammeResults& r, long long by) const {
  soci::indicator si = r.satisfaction ? soci::i_ok : soci::i_null;
  soci::indicator ri = r.response_rate ? soci::i_ok : soci::i_null;
  soci::indicator ci = r.completion_rate ? soci::i_ok : soci::i_null;
  soci::indicator di = r.dropout_rate ? soci::i_ok : soci::i_null;
  double s = r.satisfaction.value_or(0), rr = r.response_rate.value_or(0), c = r.completion_rate.value_or(0),
         d = r.dropout_rate.value_or(0);
  long long sat_n = r.satisfaction_responses, trainees = r.trainees, programme = r.programme_id, at = r.computed_at;
  int published = r.published ? 1 : 0;
  sql << "INSERT INTO programme_results (programme_id, computed_at, satisfaction, satisfaction_responses, "
         "response_rate, completion_rate, dropout_rate, trainees, published, published_by) "
         "VALUES (:p, :at, :s, :sn, :rr, :c, :d, :t, :pub, :by)",
      soci::use(programme), soci::use(at), soci::use(s, si), soci::use(sat_n), soci::use(rr, ri), soci::use(c, ci),
      soci::use(d, di), soci::use(trainees), soci::use(published), soci::use(by);
  long long id = 0;
  sql << "SELECT CAST(MAX(id) AS BIGINT) FROM programme_results WHERE programme_id = :p", soci::into(id),
      soci::use(programme);
  return id;
}

std::optional<ProgrammeResults> Repository::latest_programme_results(soci::session& sql, long long programme_id) const {
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kProgrammeResultsColumns) +
                          "WHERE programme_id = :p AND published = 1 ORDER BY computed_at DESC, id DESC LIMIT 1",
       soci::use(programme_id));
  for (const auto& r : rows) return programme_results_of(r);
  return std::nullopt;
}

std::vector<ProgrammeResults> Repository::programme_results_history(soci::session& sql, long long programme_id,
                                                                    long long limit) const {
  std::vector<ProgrammeResults> out;
  soci::rowset<soci::row> rows =
      (sql.prepare << std::string(kProgrammeResultsColumns) +
                          "WHERE programme_id = :p ORDER BY computed_at DESC, id DESC LIMIT " + std::to_string(limit),
       soci::use(programme_id));
  for (const auto& r : rows) out.push_back(programme_results_of(r));
  return out;
}

std::vector<long long> Repository::programmes_to_publish(soci::session& sql) const {
  std::vector<long long> out;
  soci::rowset<soci::row> rows =
      (sql.prepare
       << "SELECT DISTINCT s.programme_id FROM questionnaire_campaigns c "
          "JOIN training_sessions s ON s.id = c.session_id "
          "WHERE c.stage = 'end' AND EXISTS (SELECT 1 FROM questionnaire_responses r WHERE r.campaign_id = c.id) "
          "AND NOT EXISTS (SELECT 1 FROM programme_results pr WHERE pr.programme_id = s.programme_id) "
          "ORDER BY s.programme_id");
  for (const auto& r : rows) out.push_back(store::as_id(r, 0));
  return out;
}

}  // namespace trame::results
