#include "cooperation/evaluation/repository.hpp"

#include "platform/store/row.hpp"

namespace trame::evaluation {

namespace {

using store::as_id;
using store::as_text;

const char* kCriterionSelect =
    "SELECT c.id, c.project_id, c.title, c.dimension, c.description, c.status, c.decision_id, c.decided_by, "
    "c.decided_at, COALESCE(d.name, ''), c.proposed_by, COALESCE(p.name, ''), c.created_at, c.updated_at "
    "FROM cooperation_criteria c LEFT JOIN users p ON p.id = c.proposed_by LEFT JOIN users d ON d.id = c.decided_by ";

// Adopted first, then proposed, then rejected; oldest first within each.
const char* kCriterionOrder = "ORDER BY CASE c.status WHEN 'adopted' THEN 0 WHEN 'proposed' THEN 1 ELSE 2 END, c.id ";

Criterion criterion_of(const soci::row& r) {
  Criterion c;
  c.id = as_id(r, 0);
  c.project_id = as_id(r, 1);
  c.title = as_text(r, 2);
  c.dimension = as_text(r, 3);
  c.description = as_text(r, 4);
  c.status = as_text(r, 5);
  c.decision_id = as_id(r, 6);
  c.decided_by = as_id(r, 7);
  c.decided_at = as_id(r, 8);
  c.decided_by_name = as_text(r, 9);
  c.proposed_by = as_id(r, 10);
  c.proposed_by_name = as_text(r, 11);
  c.created_at = as_id(r, 12);
  c.updated_at = as_id(r, 13);
  return c;
}

std::vector<long long> indicators_of(soci::session& sql, long long criterion_id) {
  std::vector<long long> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT indicator_id FROM cooperation_criterion_indicators "
                                               "WHERE criterion_id = :c ORDER BY indicator_id",
                                soci::use(criterion_id));
  for (const auto& r : rs) out.push_back(as_id(r, 0));
  return out;
}

std::vector<Criterion> with_indicators(soci::session& sql, std::vector<Criterion> list) {
  for (auto& c : list) c.indicator_ids = indicators_of(sql, c.id);
  return list;
}

const char* kPhaseSelect =
    "SELECT e.id, e.project_id, e.phase, e.questionnaire_id, e.campaign_id, e.launched_by, e.launched_at, "
    "COALESCE(u.name, ''), COALESCE(k.status, ''), "
    "(SELECT COUNT(*) FROM questionnaire_invitations i WHERE i.campaign_id = e.campaign_id), "
    "(SELECT COUNT(*) FROM questionnaire_invitations i WHERE i.campaign_id = e.campaign_id AND i.answered = 1) "
    "FROM cooperation_phase_evaluations e LEFT JOIN users u ON u.id = e.launched_by "
    "LEFT JOIN questionnaire_campaigns k ON k.id = e.campaign_id ";

PhaseEvaluation phase_of(const soci::row& r) {
  PhaseEvaluation e;
  e.id = as_id(r, 0);
  e.project_id = as_id(r, 1);
  e.phase = as_text(r, 2);
  e.questionnaire_id = as_id(r, 3);
  e.campaign_id = as_id(r, 4);
  e.launched_by = as_id(r, 5);
  e.launched_at = as_id(r, 6);
  e.launched_by_name = as_text(r, 7);
  e.campaign_status = as_text(r, 8);
  e.invited = as_id(r, 9);
  e.answered = as_id(r, 10);
  return e;
}

}  // namespace

std::optional<Criterion> Repository::criterion(soci::session& sql, long long id) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kCriterionSelect) + "WHERE c.id = :id", soci::use(id));
  for (const auto& r : rs) {
    Criterion c = criterion_of(r);
    c.indicator_ids = indicators_of(sql, c.id);
    return c;
  }
  return std::nullopt;
}

std::vector<Criterion> Repository::criteria(soci::session& sql, long long project_id, long long limit,
                                            long long offset) const {
  std::vector<Criterion> out;
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kCriterionSelect) + "WHERE c.project_id = :p " +
                                                   kCriterionOrder + "LIMIT :l OFFSET :o",
                                soci::use(project_id), soci::use(limit), soci::use(offset));
  for (const auto& r : rs) out.push_back(criterion_of(r));
  return with_indicators(sql, std::move(out));
}

long long Repository::count_criteria(soci::session& sql, long long project_id) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT COUNT(*) FROM cooperation_criteria WHERE project_id = :p", soci::use(project_id));
  for (const auto& r : rs) return as_id(r, 0);
  return 0;
}

std::vector<Criterion> Repository::adopted(soci::session& sql, long long project_id) const {
  std::vector<Criterion> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kCriterionSelect) + "WHERE c.project_id = :p AND c.status = 'adopted' ORDER BY c.id",
       soci::use(project_id));
  for (const auto& r : rs) out.push_back(criterion_of(r));
  return with_indicators(sql, std::move(out));
}

long long Repository::insert_criterion(soci::session& sql, const Criterion& c, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_criteria (project_id, title, dimension, description, status, decision_id, "
         "decided_by, decided_at, proposed_by, created_at, updated_at) "
         "VALUES (:p, :t, :d, :x, 'proposed', 0, 0, 0, :by, :n, :n2) RETURNING id",
      soci::use(c.project_id), soci::use(c.title), soci::use(c.dimension), soci::use(c.description),
      soci::use(c.proposed_by), soci::use(now), soci::use(now), soci::into(id);
  return id;
}

bool Repository::update_criterion(soci::session& sql, const Criterion& c, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE cooperation_criteria SET title = :t, dimension = :d, description = :x, "
                      "updated_at = :n WHERE id = :id AND status = 'proposed'",
       soci::use(c.title), soci::use(c.dimension), soci::use(c.description), soci::use(now), soci::use(c.id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void Repository::set_indicators(soci::session& sql, long long criterion_id, const std::vector<long long>& ids) const {
  sql << "DELETE FROM cooperation_criterion_indicators WHERE criterion_id = :c", soci::use(criterion_id);
  for (long long id : ids)
    sql << "INSERT INTO cooperation_criterion_indicators (criterion_id, indicator_id) VALUES (:c, :i)",
        soci::use(criterion_id), soci::use(id);
}

bool Repository::decide(soci::session& sql, long long criterion_id, const std::string& status, long long decision_id,
                        long long by, long long now) const {
  soci::statement st =
      (sql.prepare << "UPDATE cooperation_criteria SET status = :s, decision_id = :d, decided_by = :by, "
                      "decided_at = :n, updated_at = :n2 WHERE id = :id AND status = 'proposed'",
       soci::use(status), soci::use(decision_id), soci::use(by), soci::use(now), soci::use(now),
       soci::use(criterion_id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::vector<PhaseEvaluation> Repository::phase_evaluations(soci::session& sql, long long project_id) const {
  std::vector<PhaseEvaluation> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << std::string(kPhaseSelect) + "WHERE e.project_id = :p ORDER BY e.id", soci::use(project_id));
  for (const auto& r : rs) out.push_back(phase_of(r));
  return out;
}

std::optional<PhaseEvaluation> Repository::phase_evaluation(soci::session& sql, long long project_id,
                                                            const std::string& phase) const {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kPhaseSelect) + "WHERE e.project_id = :p AND e.phase = :ph",
                                soci::use(project_id), soci::use(phase));
  for (const auto& r : rs) return phase_of(r);
  return std::nullopt;
}

long long Repository::project_questionnaire(soci::session& sql, long long project_id) const {
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT questionnaire_id FROM cooperation_phase_evaluations "
                                               "WHERE project_id = :p ORDER BY id DESC",
                                soci::use(project_id));
  for (const auto& r : rs) return as_id(r, 0);
  return 0;
}

long long Repository::insert_phase_evaluation(soci::session& sql, const PhaseEvaluation& e, long long now) const {
  long long id = 0;
  sql << "INSERT INTO cooperation_phase_evaluations (project_id, phase, questionnaire_id, campaign_id, launched_by, "
         "launched_at) VALUES (:p, :ph, :q, :c, :by, :n) RETURNING id",
      soci::use(e.project_id), soci::use(e.phase), soci::use(e.questionnaire_id), soci::use(e.campaign_id),
      soci::use(e.launched_by), soci::use(now), soci::into(id);
  return id;
}

std::string Repository::questionnaire_status(soci::session& sql, long long questionnaire_id) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT status FROM questionnaires WHERE id = :q", soci::use(questionnaire_id));
  for (const auto& r : rs) return as_text(r, 0);
  return "";
}

long long Repository::first_organisation(soci::session& sql, long long user_id) const {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT organisation_id FROM memberships WHERE user_id = :u ORDER BY id", soci::use(user_id));
  for (const auto& r : rs) return as_id(r, 0);
  return 0;
}

std::vector<std::pair<long long, std::string>> Repository::actions_done_on(soci::session& sql,
                                                                           long long project_id) const {
  std::vector<std::pair<long long, std::string>> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, done_on FROM cooperation_actions "
                                               "WHERE project_id = :p AND status = 'done' ORDER BY id",
                                soci::use(project_id));
  for (const auto& r : rs) out.emplace_back(as_id(r, 0), as_text(r, 1));
  return out;
}

}  // namespace trame::evaluation
