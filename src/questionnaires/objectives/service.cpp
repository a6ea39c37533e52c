#include "questionnaires/objectives/service.hpp"

#include <set>
#include <sstream>

#include "platform/core/text.hpp"
#include "platform/store/row.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/repository.hpp"

namespace trame::objectives {

namespace {

std::size_t characters(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::vector<std::string> own_objectives(soci::session& sql, long long session_id) {
  std::vector<std::string> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT text FROM training_session_objectives WHERE session_id = :s ORDER BY position",
       soci::use(session_id));
  for (const auto& r : rs) out.push_back(store::as_text(r, 0));
  return out;
}

// The sending of a stage of the session's cycle: (sent_at, questionnaire id), zeros when not sent.
std::pair<long long, long long> stage_sent(soci::session& sql, long long session_id, const std::string& stage) {
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

}  // namespace

std::optional<std::vector<std::string>> parse_objectives(const std::string& text, std::string* error) {
  auto refuse = [&](const char* key) -> std::optional<std::vector<std::string>> {
    if (error) *error = key;
    return std::nullopt;
  };
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::stringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::string o = trim(line);
    if (o.empty()) continue;
    if (characters(o) > kMaxObjectiveChars) return refuse("objectives.errors.long");
    if (!seen.insert(o).second) return refuse("objectives.errors.twice");
    out.push_back(std::move(o));
    if (out.size() > kMaxObjectives) return refuse("objectives.errors.many");
  }
  return out;
}

Outcome Service::read(const Principal& me, long long session_id, SessionObjectives& out) {
  return db_.read([&](soci::session& sql) {
    auto access = programmes::session_access(sql, &me, session_id);
    if (!access || !access->staff()) return Outcome::not_found();
    out.access = *access;
    out.own = own_objectives(sql, session_id);
    if (auto p = definitions::select_programme_objectives(sql, access->programme_id))
      out.programme = definitions::split_lines(p->objectives);
    auto [pos_at, pos_q] = stage_sent(sql, session_id, "positioning");
    out.positioning_sent_at = pos_at;
    out.followup_sent_at = stage_sent(sql, session_id, "followup").first;
    if (pos_q) {
      soci::rowset<soci::row> rs =
          (sql.prepare << "SELECT q.label, q.objective FROM questionnaire_questions q JOIN questionnaire_sections s "
                          "ON s.id = q.section_id WHERE q.questionnaire_id = :q AND q.objective LIKE 'obj-%' "
                          "ORDER BY s.position, q.position, q.id",
           soci::use(pos_q));
      std::set<std::string> keys;
      for (const auto& r : rs)
        if (keys.insert(store::as_text(r, 1)).second) out.asked_before.push_back(store::as_text(r, 0));
    }
    return Outcome::success(session_id);
  });
}

Outcome Service::save(const Actor& actor, const Principal& me, long long session_id, const std::string& text) {
  std::string error;
  auto list = parse_objectives(text, &error);
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto access = programmes::session_access(sql, &me, session_id);
    if (!access || !access->staff()) return Outcome::not_found();
    if (!list) return Outcome::failure(error, "objectives");
    // Frozen once the follow-up has gone: the comparison's "after" asked these.
    if (stage_sent(sql, session_id, "followup").first)
      return Outcome::failure("objectives.errors.frozen", "objectives");
    auto before = own_objectives(sql, session_id);
    if (before == *list) return Outcome::success(session_id);
    sql << "DELETE FROM training_session_objectives WHERE session_id = :s", soci::use(session_id);
    long long position = 0;
    for (const auto& o : *list) {
      ++position;
      sql << "INSERT INTO training_session_objectives (session_id, position, text, updated_at, updated_by) "
             "VALUES (:s, :p, :t, :u, :b)",
          soci::use(session_id), soci::use(position), soci::use(o), soci::use(now), soci::use(actor.id);
    }
    std::string detail;
    for (std::size_t i = 0; i < list->size(); ++i) detail += std::to_string(i + 1) + ". " + (*list)[i] + "\n";
    audit_.record(sql, actor, list->empty() ? "objectives.reset" : "objectives.set",
                  "session:" + std::to_string(session_id),
                  list->empty() ? std::string("objectifs du programme") : detail);
    return Outcome::success(session_id);
  });
}

void Service::load_demo(const Actor& actor) {
  // Sagiterre's open session has its own objectives (set once).
  const long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    long long sid = 0;
    sql << "SELECT id FROM training_sessions WHERE title = 'Session printemps 2027' ORDER BY id", soci::into(sid);
    if (!sql.got_data() || sid == 0) return;
    if (!own_objectives(sql, sid).empty()) return;
    const std::vector<std::string> demo{
        "Situer son action dans les politiques culturelles et sociales du territoire",
        "Construire un partenariat entre une structure sociale et un lieu culturel",
        "Associer les personnes accompagnées à la conception d'une sortie ou d'un projet",
        "Évaluer avec les habitants les effets d'une action culturelle"};
    long long position = 0;
    for (const auto& o : demo) {
      ++position;
      sql << "INSERT INTO training_session_objectives (session_id, position, text, updated_at, updated_by) "
             "VALUES (:s, :p, :t, :u, 0)",
          soci::use(sid), soci::use(position), soci::use(o), soci::use(now);
    }
    audit_.record(sql, actor, "objectives.set", "session:" + std::to_string(sid), "objectifs de démonstration");
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::objectives
