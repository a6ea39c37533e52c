#include "questionnaires/impact/repository.hpp"

#include "network/organisations/delegation_sql.hpp"
#include "platform/store/id_list.hpp"

#include <algorithm>
#include <map>

#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/repository.hpp"
#include "questionnaires/definitions/templates.hpp"

namespace trame::impact {

namespace {

constexpr const char* kStudySelect =
    "SELECT s.id, s.organisation_id, o.name, s.title, s.description, s.questionnaire_id, q.title, q.anonymous, "
    "s.starts_on, s.ends_on, s.status, s.restitution, s.published_at, s.created_at, "
    "CAST(COALESCE((SELECT MIN(c.id) FROM questionnaire_campaigns c WHERE c.study_id = s.id AND c.audience = 'study'), "
    "0) AS BIGINT), "
    "CAST((SELECT COUNT(*) FROM impact_study_relais r WHERE r.study_id = s.id) AS BIGINT) "
    "FROM impact_studies s JOIN organisations o ON o.id = s.organisation_id "
    "JOIN questionnaires q ON q.id = s.questionnaire_id ";

struct StudyRow {
  Study s;
  int anonymous = 1;
  Study get() const {
    Study out = s;
    out.anonymous = anonymous != 0;
    return out;
  }
};

#define TRAME_STUDY_INTO(r)                                                                          \
  soci::into((r).s.id), soci::into((r).s.organisation_id), soci::into((r).s.organisation_name),      \
      soci::into((r).s.title), soci::into((r).s.description), soci::into((r).s.questionnaire_id),    \
      soci::into((r).s.questionnaire_title), soci::into((r).anonymous), soci::into((r).s.starts_on), \
      soci::into((r).s.ends_on), soci::into((r).s.status), soci::into((r).s.restitution),            \
      soci::into((r).s.published_at), soci::into((r).s.created_at), soci::into((r).s.campaign_id),   \
      soci::into((r).s.relais_count)

}  // namespace

std::optional<Study> Repository::find(soci::session& sql, long long id) {
  StudyRow r;
  sql << std::string(kStudySelect) + "WHERE s.id = :id", TRAME_STUDY_INTO(r), soci::use(id);
  if (!sql.got_data()) return std::nullopt;
  return r.get();
}

std::vector<Study> Repository::list(soci::session& sql, bool all_orgs, const std::vector<long long>& managed,
                                    const std::vector<long long>& referent_of, const std::vector<long long>& member_of,
                                    long long offset, long long limit, long long& total) {
  std::string where =
      all_orgs ? std::string("WHERE 1 = 1 ")
               : "WHERE (" + store::in_ids(sql, "s.organisation_id", managed) +
                     " OR (s.status = 'open' AND EXISTS (SELECT 1 FROM impact_study_relais r WHERE r.study_id = s.id "
                     "AND " +
                     store::in_ids(sql, "r.organisation_id", referent_of) + ")) OR (s.status = 'published' AND (" +
                     store::in_ids(sql, "s.organisation_id", member_of) +
                     " OR EXISTS (SELECT 1 FROM impact_study_relais r2 WHERE r2.study_id = s.id AND " +
                     store::in_ids(sql, "r2.organisation_id", member_of) + ")))) ";
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM impact_studies s " + where, soci::into(total);
  std::vector<Study> out;
  StudyRow r;
  soci::statement st =
      (sql.prepare << std::string(kStudySelect) + where + "ORDER BY s.starts_on DESC, s.id DESC LIMIT :l OFFSET :o",
       TRAME_STUDY_INTO(r), soci::use(limit), soci::use(offset));
  st.execute();
  while (st.fetch()) out.push_back(r.get());
  return out;
}

std::vector<Choice> Repository::relais_of(soci::session& sql, long long study_id) {
  std::vector<Choice> out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT o.id, o.name FROM impact_study_relais r JOIN organisations o ON "
                                       "o.id = r.organisation_id WHERE r.study_id = :s ORDER BY lower(o.name), o.id",
                        soci::into(c.id), soci::into(c.label), soci::use(study_id));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

bool Repository::in_study(soci::session& sql, long long study_id, long long organisation_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM impact_study_relais WHERE study_id = :s AND organisation_id = :o",
      soci::use(study_id), soci::use(organisation_id), soci::into(n);
  return n > 0;
}

namespace {
constexpr const char* kCandidate =
    "o.status = 'active' AND o.kind = 'social' AND EXISTS (SELECT 1 FROM memberships m WHERE m.organisation_id = o.id "
    "AND m.role = 'referent') ";
}

std::vector<Choice> Repository::relais_candidates(soci::session& sql, const std::string& q, long long limit) {
  std::vector<Choice> out;
  Choice c;
  std::string pattern = "%" + q + "%";
  std::string commune;
  soci::indicator ind = soci::i_ok;
  soci::statement st =
      (sql.prepare << std::string("SELECT o.id, o.name, COALESCE((SELECT cm.name FROM communes cm WHERE cm.code = "
                                  "o.commune_code), '') FROM organisations o WHERE ") +
                          kCandidate + "AND lower(o.name) LIKE lower(:p) ORDER BY lower(o.name), o.id LIMIT :l",
       soci::into(c.id), soci::into(c.label), soci::into(commune, ind), soci::use(pattern), soci::use(limit));
  st.execute();
  while (st.fetch()) {
    c.extra = ind == soci::i_ok ? commune : "";
    out.push_back(c);
  }
  return out;
}

bool Repository::is_candidate(soci::session& sql, long long organisation_id) {
  long long n = 0;
  sql << std::string("SELECT CAST(COUNT(*) AS BIGINT) FROM organisations o WHERE o.id = :id AND ") + kCandidate,
      soci::use(organisation_id), soci::into(n);
  return n > 0;
}

std::vector<Choice> Repository::organisations_by_id(soci::session& sql, const std::vector<long long>& ids) {
  std::vector<Choice> out;
  if (ids.empty()) return out;
  Choice c;
  soci::statement st = (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE " +
                                           store::in_ids(sql, "o.id", ids) + " ORDER BY lower(o.name), o.id",
                        soci::into(c.id), soci::into(c.label));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::vector<Choice> Repository::network_candidates(soci::session& sql) {
  std::vector<Choice> out;
  Choice c;
  soci::statement st =
      (sql.prepare << "SELECT o.id, o.name FROM organisations o WHERE o.status = 'active' AND EXISTS (SELECT 1 FROM "
                      "memberships m WHERE m.organisation_id = o.id AND m.role IN ('coordinator','training_staff',"
                      "'administrator')) ORDER BY lower(o.name), o.id",
       soci::into(c.id), soci::into(c.label));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

std::optional<std::string> Repository::organisation_name(soci::session& sql, long long id) {
  std::string name;
  sql << "SELECT name FROM organisations WHERE id = :id", soci::use(id), soci::into(name);
  if (!sql.got_data()) return std::nullopt;
  return name;
}

std::optional<QuestionnaireInfo> Repository::questionnaire(soci::session& sql, long long id) {
  // The one loader of a questionnaire's row (definitions' repository).
  auto q = definitions::select_questionnaire(sql, id);
  if (!q) return std::nullopt;
  return QuestionnaireInfo{q->id, q->organisation_id, q->title, q->kind, q->status, q->anonymous, q->is_template};
}

std::vector<Choice> Repository::impact_questionnaires(soci::session& sql, const std::vector<long long>& orgs,
                                                      bool all_orgs) {
  std::vector<Choice> out;
  Choice c;
  std::string where =
      all_orgs ? std::string("q.organisation_id IS NOT NULL ") : store::in_ids(sql, "q.organisation_id", orgs) + " ";
  soci::statement st =
      (sql.prepare << "SELECT q.id, q.title, o.name FROM questionnaires q JOIN organisations o ON o.id = "
                      "q.organisation_id WHERE " +
                          where +
                          "AND q.kind = 'impact' AND q.is_template = 0 AND q.status <> 'archived' "
                          "ORDER BY lower(o.name), lower(q.title), q.id LIMIT 200",
       soci::into(c.id), soci::into(c.label), soci::into(c.extra));
  st.execute();
  while (st.fetch()) out.push_back(c);
  return out;
}

long long Repository::template_id(soci::session& sql) {
  return definitions::template_id(sql, "impact");
}

long long Repository::copy_questionnaire(soci::session& sql, long long source_id, long long organisation_id,
                                         long long actor, long long now) {
  return definitions::copy_questionnaire(sql, source_id, organisation_id, 0, actor, now);
}

long long Repository::insert(soci::session& sql, const StudyInput& in, long long questionnaire_id, long long actor,
                             long long now) {
  long long id = 0;
  sql << "INSERT INTO impact_studies (organisation_id, title, description, questionnaire_id, starts_on, ends_on, "
         "status, created_by, created_at, updated_at) VALUES (:o, :t, :d, :q, :s, :e, 'draft', :by, :c, :u) RETURNING "
         "id",
      soci::use(in.organisation_id), soci::use(in.title), soci::use(in.description), soci::use(questionnaire_id),
      soci::use(in.starts_on), soci::use(in.ends_on), soci::use(actor), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::add_relais(soci::session& sql, long long study_id, long long organisation_id) {
  sql << "INSERT INTO impact_study_relais (study_id, organisation_id) VALUES (:s, :o)", soci::use(study_id),
      soci::use(organisation_id);
}

void Repository::remove_relais(soci::session& sql, long long study_id, long long organisation_id) {
  sql << "DELETE FROM impact_study_relais WHERE study_id = :s AND organisation_id = :o", soci::use(study_id),
      soci::use(organisation_id);
}

void Repository::update(soci::session& sql, long long id, const StudyInput& in, long long questionnaire_id,
                        long long now) {
  sql << "UPDATE impact_studies SET title = :t, description = :d, questionnaire_id = :q, starts_on = :s, ends_on = :e, "
         "updated_at = :n WHERE id = :id",
      soci::use(in.title), soci::use(in.description), soci::use(questionnaire_id), soci::use(in.starts_on),
      soci::use(in.ends_on), soci::use(now), soci::use(id);
}

bool Repository::set_status(soci::session& sql, long long id, const std::string& from, const std::string& to,
                            long long now) {
  soci::statement st =
      (sql.prepare << "UPDATE impact_studies SET status = :t, updated_at = :n, published_at = CASE "
                      "WHEN :t2 = 'published' THEN :n2 ELSE published_at END WHERE id = :id AND status = :f",
       soci::use(to), soci::use(now), soci::use(to), soci::use(now), soci::use(id), soci::use(from));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_restitution(soci::session& sql, long long id, const std::string& text, long long now) {
  sql << "UPDATE impact_studies SET restitution = :r, updated_at = :n WHERE id = :id", soci::use(text), soci::use(now),
      soci::use(id);
}

long long Repository::campaign_of(soci::session& sql, long long study_id) {
  long long id = 0;
  sql << "SELECT CAST(COALESCE(MIN(id), 0) AS BIGINT) FROM questionnaire_campaigns WHERE study_id = :s AND audience = "
         "'study'",
      soci::use(study_id), soci::into(id);
  return id;
}

long long Repository::insert_campaign(soci::session& sql, const Study& s, long long closes_at, long long actor,
                                      long long now) {
  long long id = 0;
  sql << "INSERT INTO questionnaire_campaigns (questionnaire_id, organisation_id, title, audience, study_id, send_at, "
         "sent_at, closes_at, reminder_days, status, created_by, created_at, updated_at) VALUES (:q, :o, :t, 'study', "
         ":s, 0, :sent, :cl, '', 'open', :by, :c, :u) RETURNING id",
      soci::use(s.questionnaire_id), soci::use(s.organisation_id), soci::use(s.title), soci::use(s.id), soci::use(now),
      soci::use(closes_at), soci::use(actor), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

void Repository::set_campaign(soci::session& sql, long long campaign_id, const std::string& status, long long closes_at,
                              long long now) {
  sql << "UPDATE questionnaire_campaigns SET status = :s, closes_at = :c, updated_at = :n WHERE id = :id",
      soci::use(status), soci::use(closes_at), soci::use(now), soci::use(campaign_id);
}

std::optional<BeneficiaryInfo> Repository::beneficiary(soci::session& sql, long long id) {
  BeneficiaryInfo b;
  sql << "SELECT id, code, organisation_id, age_band, status FROM beneficiaries WHERE id = :id", soci::use(id),
      soci::into(b.id), soci::into(b.code), soci::into(b.organisation_id), soci::into(b.age_band), soci::into(b.status);
  if (!sql.got_data()) return std::nullopt;
  return b;
}

std::vector<BeneficiaryChoice> Repository::beneficiaries_for(soci::session& sql, const std::vector<long long>& orgs,
                                                             long long campaign_id) {
  std::vector<BeneficiaryChoice> out;
  BeneficiaryChoice b;
  long long invitation = 0, answered = 0;
  soci::statement st =
      (sql.prepare
           << "SELECT b.id, b.code, b.age_band, o.name, CAST(COALESCE((SELECT MIN(i.id) FROM "
              "questionnaire_invitations i WHERE i.campaign_id = :c AND i.respondent_code = b.code), 0) AS BIGINT), "
              "CAST(COALESCE((SELECT MAX(i.answered) FROM questionnaire_invitations i WHERE i.campaign_id = :c2 "
              "AND i.respondent_code = b.code), 0) AS BIGINT) FROM beneficiaries b JOIN organisations o ON o.id = "
              "b.organisation_id WHERE b.status = 'active' AND " +
                  store::in_ids(sql, "b.organisation_id", orgs) + " ORDER BY lower(o.name), b.code LIMIT 1000",
       soci::into(b.id), soci::into(b.code), soci::into(b.age_band), soci::into(b.relais), soci::into(invitation),
       soci::into(answered), soci::use(campaign_id), soci::use(campaign_id));
  st.execute();
  while (st.fetch()) {
    b.invitation_id = invitation;
    b.answered = answered != 0;
    out.push_back(b);
  }
  return out;
}

std::optional<InvitationInfo> Repository::invitation_for(soci::session& sql, long long campaign_id,
                                                         const std::string& code) {
  InvitationInfo i;
  int answered = 0;
  sql << "SELECT id, answered FROM questionnaire_invitations WHERE campaign_id = :c AND respondent_code = :r "
         "ORDER BY id LIMIT 1",
      soci::use(campaign_id), soci::use(code), soci::into(i.id), soci::into(answered);
  if (!sql.got_data()) return std::nullopt;
  i.answered = answered != 0;
  return i;
}

long long Repository::insert_invitation(soci::session& sql, long long campaign_id, const std::string& token_hash,
                                        const std::string& code, const std::string& attributes, long long expires_at,
                                        long long now) {
  long long id = 0;
  sql << "INSERT INTO questionnaire_invitations (campaign_id, user_id, token_hash, created_at, sent_at, expires_at, "
         "respondent_code, attributes) VALUES (:c, NULL, :h, :n, :s, :e, :r, :a) RETURNING id",
      soci::use(campaign_id), soci::use(token_hash), soci::use(now), soci::use(now), soci::use(expires_at),
      soci::use(code), soci::use(attributes), soci::into(id);
  return id;
}

bool Repository::renew_token(soci::session& sql, long long invitation_id, const std::string& token_hash,
                             long long expires_at) {
  soci::statement st = (sql.prepare << "UPDATE questionnaire_invitations SET token_hash = :h, expires_at = :e WHERE id "
                                       "= :id AND answered = 0",
                        soci::use(token_hash), soci::use(expires_at), soci::use(invitation_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::string Repository::delegation_of(soci::session& sql, long long organisation_id) {
  std::string name;
  soci::indicator ind = soci::i_null;
  // The organisation's délégation as every module finds it (organisations::delegation_joins).
  sql << "SELECT (SELECT d.name FROM communes c " + organisations::delegation_joins("c", "de", "d", false) +
             " WHERE c.code = o.commune_code ORDER BY d.id LIMIT 1) FROM organisations o WHERE o.id = :id",
      soci::use(organisation_id), soci::into(name, ind);
  return sql.got_data() && ind == soci::i_ok ? name : std::string();
}

std::vector<RelaisProgress> Repository::progress(soci::session& sql, long long study_id, long long campaign_id) {
  // Invitations (who was asked and whether they answered), never responses: the relais of an invitation is the
  // relais of the beneficiary whose code it carries.
  std::vector<RelaisProgress> out;
  RelaisProgress p;
  soci::statement st =
      (sql.prepare
           << "SELECT o.id, o.name, CAST((SELECT COUNT(*) FROM questionnaire_invitations i JOIN beneficiaries b ON "
              "b.code = i.respondent_code WHERE i.campaign_id = :c AND b.organisation_id = o.id) AS BIGINT), "
              "CAST((SELECT COUNT(*) FROM questionnaire_invitations i JOIN beneficiaries b ON b.code = "
              "i.respondent_code WHERE i.campaign_id = :c2 AND i.answered = 1 AND b.organisation_id = o.id) AS BIGINT) "
              "FROM impact_study_relais r JOIN organisations o ON o.id = r.organisation_id WHERE r.study_id = :s "
              "ORDER BY lower(o.name), o.id",
       soci::into(p.organisation_id), soci::into(p.name), soci::into(p.started), soci::into(p.answered),
       soci::use(campaign_id), soci::use(campaign_id), soci::use(study_id));
  st.execute();
  while (st.fetch()) out.push_back(p);
  return out;
}

long long Repository::responses(soci::session& sql, long long campaign_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM questionnaire_responses WHERE campaign_id = :c", soci::use(campaign_id),
      soci::into(n);
  return n;
}

std::vector<Figure> Repository::figures(soci::session& sql, long long questionnaire_id, long long campaign_id) {
  std::vector<Figure> out;
  auto def = definitions::load_definition(sql, questionnaire_id, false);
  if (!def) return out;
  for (const auto& section : def->questions)
    for (const auto& q : section) {
      if (q.kind != "single" && q.kind != "multiple" && q.kind != "yesno" && q.kind != "scale" && q.kind != "nps")
        continue;
      Figure f;
      f.question_id = q.id;
      f.label = q.label;
      f.kind = q.kind;
      sql << "SELECT CAST(COUNT(DISTINCT a.response_id) AS BIGINT) FROM questionnaire_answers a JOIN "
             "questionnaire_responses r ON r.id = a.response_id WHERE r.campaign_id = :c AND a.question_id = :q",
          soci::use(campaign_id), soci::use(q.id), soci::into(f.answered);
      std::map<std::string, long long> counts;
      std::string value;
      long long n = 0;
      soci::statement st = (sql.prepare << "SELECT a.value, CAST(COUNT(*) AS BIGINT) FROM questionnaire_answers a JOIN "
                                           "questionnaire_responses r ON r.id = a.response_id WHERE r.campaign_id = :c "
                                           "AND a.question_id = :q GROUP BY a.value",
                            soci::into(value), soci::into(n), soci::use(campaign_id), soci::use(q.id));
      st.execute();
      while (st.fetch()) counts[value] = n;
      std::vector<std::string> order;
      if (q.kind == "single" || q.kind == "multiple") {
        order = q.options;
        if (q.allow_other) order.emplace_back("__other__");
      } else if (q.kind == "yesno") {
        order = {"oui", "non"};
      } else if (q.kind == "scale") {
        order = {"1", "2", "3", "4", "5"};
      } else {
        for (int i = 0; i <= 10; ++i) order.push_back(std::to_string(i));
      }
      double sum = 0;
      long long values = 0;
      for (const auto& v : order) {
        long long c = counts.count(v) ? counts[v] : 0;
        f.counts.emplace_back(v, c);
        if (q.kind == "scale" || q.kind == "nps") {
          sum += std::stod(v) * static_cast<double>(c);
          values += c;
        }
      }
      if (values > 0) {
        f.mean = sum / static_cast<double>(values);
        f.has_mean = true;
      }
      out.push_back(f);
    }
  return out;
}

std::vector<long long> Repository::open_ended_before(soci::session& sql, const std::string& day) {
  std::vector<long long> ids;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM impact_studies WHERE status = 'open' AND ends_on < :d",
                        soci::into(id), soci::use(day));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

long long Repository::organisation_by_name(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n", soci::use(name), soci::into(id);
  return sql.got_data() ? id : 0;
}

bool Repository::has_study_titled(soci::session& sql, long long organisation_id, const std::string& title) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM impact_studies WHERE organisation_id = :o AND title = :t",
      soci::use(organisation_id), soci::use(title), soci::into(n);
  return n > 0;
}

Actor Repository::first_referent(soci::session& sql, long long organisation_id) {
  Actor a;
  sql << "SELECT u.id, u.email FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.organisation_id = :o "
         "AND m.role = 'referent' ORDER BY u.id LIMIT 1",
      soci::use(organisation_id), soci::into(a.id), soci::into(a.label);
  if (!sql.got_data()) a = Actor{};
  return a;
}

std::string Repository::commune_of(soci::session& sql, long long organisation_id) {
  std::string code;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT commune_code FROM organisations WHERE id = :o", soci::use(organisation_id), soci::into(code, ind);
  return sql.got_data() && ind == soci::i_ok ? code : std::string();
}

long long Repository::active_beneficiaries(soci::session& sql, long long organisation_id) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM beneficiaries WHERE organisation_id = :o AND status = 'active'",
      soci::use(organisation_id), soci::into(n);
  return n;
}

}  // namespace trame::impact
