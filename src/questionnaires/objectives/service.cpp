#include "questionnaires/objectives/service.hpp"

#include <set>
#include <sstream>

#include "platform/core/text.hpp"
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
    out.own = repo_.of_session(sql, session_id);
    if (auto p = definitions::select_programme_objectives(sql, access->programme_id))
      out.programme = definitions::split_lines(p->objectives);
    auto [pos_at, pos_q] = repo_.stage_sent(sql, session_id, "positioning");
    out.positioning_sent_at = pos_at;
    out.followup_sent_at = repo_.stage_sent(sql, session_id, "followup").first;
    if (pos_q) out.asked_before = repo_.asked(sql, pos_q);
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
    if (repo_.stage_sent(sql, session_id, "followup").first)
      return Outcome::failure("objectives.errors.frozen", "objectives");
    auto before = repo_.of_session(sql, session_id);
    if (before == *list) return Outcome::success(session_id);
    repo_.replace(sql, session_id, *list, now, actor.id);
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
    long long sid = repo_.demo_session(sql);
    if (sid == 0) return;
    if (!repo_.of_session(sql, sid).empty()) return;
    const std::vector<std::string> demo{
        "Situer son action dans les politiques culturelles et sociales du territoire",
        "Construire un partenariat entre une structure sociale et un lieu culturel",
        "Associer les personnes accompagnées à la conception d'une sortie ou d'un projet",
        "Évaluer avec les habitants les effets d'une action culturelle"};
    repo_.insert_demo(sql, sid, demo, now);
    audit_.record(sql, actor, "objectives.set", "session:" + std::to_string(sid), "objectifs de démonstration");
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::objectives
