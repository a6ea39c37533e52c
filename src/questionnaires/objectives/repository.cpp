// A session's own objectives' SQL (repository.hpp).
#include "questionnaires/objectives/repository.hpp"

#include <set>

#include "platform/store/row.hpp"

namespace trame::objectives {

std::vector<std::string> Repository::of_session(soci::session& sql, long long session_id) const {
  std::vector<std::string> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT text FROM training_session_objectives WHERE session_id = :s ORDER BY position",
       soci::use(session_id));
  for (const auto& r : rs) out.push_back(store::as_text(r, 0));
  return out;
}

std::vector<long long> Repository::sessions_with_own(soci::session& sql) const {
  std::vector<long long> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT DISTINCT session_id FROM training_session_objectives");
  for (const auto& r : rs) out.push_back(store::as_id(r, 0));
  return out;
}

void Repository::replace(soci::session& sql, long long session_id, const std::vector<std::string>& list, long long now,
                         long long by) const {
  sql << "DELETE FROM training_session_objectives WHERE session_id = :s", soci::use(session_id);
  long long position = 0;
  for (const auto& o : list) {
    ++position;
    sql << "INSERT INTO training_session_objectives (session_id, position, text, updated_at, updated_by) "
           "VALUES (:s, :p, :t, :u, :b)",
        soci::use(session_id), soci::use(position), soci::use(o), soci::use(now), soci::use(by);
  }
}

std::pair<long long, long long> Repository::stage_sent(soci::session& sql, long long session_id,
                                                       const std::string& stage) const {
  long long sent = 0, qid = 0;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT sent_at, questionnaire_id FROM questionnaire_campaigns WHERE session_id = :s "
                      "AND stage = :st AND sent_at > 0 ORDER BY sent_at, id",
       soci::use(session_id), soci::use(stage));
  for (const auto& r : rs) {
    sent = store::as_id(r, 0);
    qid = store::as_id(r, 1);
    break;
  }
  return {sent, qid};
}

std::vector<std::string> Repository::asked(soci::session& sql, long long questionnaire_id) const {
  std::vector<std::string> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT q.label, q.objective FROM questionnaire_questions q JOIN questionnaire_sections s "
                      "ON s.id = q.section_id WHERE q.questionnaire_id = :q AND q.objective LIKE 'obj-%' "
                      "ORDER BY s.position, q.position, q.id",
       soci::use(questionnaire_id));
  std::set<std::string> keys;
  for (const auto& r : rs)
    if (keys.insert(store::as_text(r, 1)).second) out.push_back(store::as_text(r, 0));
  return out;
}

long long Repository::demo_session(soci::session& sql) const {
  long long sid = 0;
  sql << "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027' ORDER BY id", soci::into(sid);
  return sql.got_data() ? sid : 0;
}

void Repository::insert_demo(soci::session& sql, long long session_id, const std::vector<std::string>& list,
                             long long now) const {
  long long position = 0;
  for (const auto& o : list) {
    ++position;
    sql << "INSERT INTO training_session_objectives (session_id, position, text, updated_at, updated_by) "
           "VALUES (:s, :p, :t, :u, 0)",
        soci::use(session_id), soci::use(position), soci::use(o), soci::use(now);
  }
}

}  // namespace trame::objectives
