// Demo data of the juries and the deliberation (seed 002): the open session's jury (the demo jury
// member chairs it, the Observatoire's certification officer and the Pays d'Ancenis coordinator sit
// on it; validated, so that the jury member finds grids to fill on the dashboard), and a completed
// autumn session: two candidates graded by the three members, deliberated block by block (one
// certified, one partial validation), minutes made and confirmed by every member, hence locked.
// Made through the services as each person would; idempotent (the completed session is found by title).
#include <string>
#include <vector>

#include "certification/deliberation/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::deliberation {

namespace {

struct Juror {
  const char* email;
  const char* kind;
  bool chair;
};

const std::vector<Juror>& demo_jury() {
  static const std::vector<Juror> list = {{"jury@observatoire.local", "professional", true},
                                          {"certification@observatoire.local", "certifier", false},
                                          {"coordination.ancenis@trame.local", "professional", false}};
  return list;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  auto all = ActingFor::everywhere();
  auto& evaluations = juries_.evaluations();
  auto& candidates = evaluations.candidates();
  long long certification = 0;
  for (const auto& c : candidates.referential().published_choices())
    if (c.label.rfind("Construire une coopération culturelle territoriale", 0) == 0) certification = c.id;
  if (!certification) return;
  const std::string completed_title = "Session d'évaluation — automne 2026";
  long long open_session = 0;
  for (const auto& s : evaluations.sessions(all, certification)) {
    if (s.title == completed_title) return;
    if (s.title == "Session d'évaluation — printemps 2027") open_session = s.id;
  }
  // Each juror acts with their own account.
  std::vector<Principal> jurors;
  for (const auto& j : demo_jury()) {
    long long id = db_.read([&](soci::session& sql) { return jury_.user_by_email(sql, j.email); });
    if (!id) return;
    Principal p;
    p.id = id;
    p.email = j.email;
    jurors.push_back(p);
  }
  auto compose = [&](long long session_id) {
    for (const auto& j : demo_jury()) juries_.add_member(actor, all, session_id, j.email, j.kind, j.chair);
    juries_.validate_jury(actor, all, session_id);
  };
  if (open_session) compose(open_session);

  // The completed session, seven weeks ago; its candidates registered before.
  long long now = store::now_seconds();
  std::string day = local_day(now - 49 * 86400);
  Outcome created = evaluations.create_session(
      actor, all, certification,
      evaluations::SessionInput{completed_title, day, "Observatoire des politiques culturelles",
                                "1 rue du Vieux Temple, 38000 Grenoble", "", ""});
  if (!created.ok) return;
  long long session_id = created.id;
  evaluations.add_case(actor, all, session_id, "Cas C — Un festival porté par un pôle d'équilibre territorial",
                       "Un festival rural cherche à associer les habitants et les associations de huit communes à sa "
                       "programmation. Analysez le contexte et proposez un cadre de coopération.");
  struct Completed {
    const char* name;
    const char* email;
    const char* job;
    const char* birth;
    bool partial;
  };
  const std::vector<Completed> people = {
      {"Léa Fournier (fictive)", "lea.fournier@exemple.local", "Chargée de développement culturel, département",
       "1986-03-14", false},
      {"Hugo Marchand (fictif)", "hugo.marchand@exemple.local", "Directeur d'un centre culturel associatif",
       "1981-10-02", true},
  };
  long long minute = 0;
  for (const auto& person : people) {
    candidates::RegistrationInput in;
    in.name = person.name;
    in.email = person.email;
    in.employer_type = person.partial ? "association" : "local_authority";
    in.job = person.job;
    in.birth_date = person.birth;
    in.experience = "Conduite de projets culturels avec les acteurs d'un territoire depuis plusieurs années.";
    candidates.register_candidate(Actor{0, person.email, "127.0.0.1"}, nullptr, certification, in);
    long long total = 0, registration = 0;
    for (const auto& r : candidates.of_certification(all, certification, "", 1, 500, total))
      if (r.user_email == person.email) registration = r.id;
    if (!registration) return;
    candidates.decide(actor, all, registration, "eligible", "Expérience de coopération culturelle territoriale.");
    evaluations.add_entry(actor, all, session_id, registration);
    for (const auto& e : evaluations.entries(session_id)) {
      if (e.registration_id != registration) continue;
      auto at = [](long long m) {
        std::string h = std::to_string(9 + m / 60), mm = std::to_string(m % 60);
        return (h.size() < 2 ? "0" + h : h) + ":" + (mm.size() < 2 ? "0" + mm : mm);
      };
      evaluations.set_slots(actor, all, e.id, at(minute), at(minute + 45), at(minute + 60), at(minute + 90));
      evaluations.convene(actor, all, e.id);
      minute += 105;
    }
  }
  compose(session_id);
  // The grids: every criterion acquired, except the third block for the partial candidate.
  auto entries = evaluations.entries(session_id);
  for (std::size_t i = 0; i < entries.size() && i < people.size(); ++i) {
    for (const auto& juror : jurors) {
      auto view = juries_.grid_view(juror, entries[i].id);
      if (!view || !view->conflicts.empty()) continue;
      std::vector<juries::Mark> marks;
      for (std::size_t b = 0; b < view->blocks.size(); ++b)
        for (const auto& k : view->blocks[b].competences)
          for (const auto& c : k.criteria) {
            bool failed = people[i].partial && b + 1 == view->blocks.size();
            marks.push_back(
                juries::Mark{c.id, failed ? "not_acquired" : "acquired",
                             failed ? "Le dispositif d'évaluation et les ajustements restent à construire." : ""});
          }
      juries_.save_grid(Actor{juror.id, juror.email, "127.0.0.1"}, juror, entries[i].id, marks, true);
    }
    auto view = entry_view(jurors.front(), entries[i].id);
    if (!view) continue;
    std::vector<BlockDecision> decisions;
    for (std::size_t b = 0; b < view->blocks.size(); ++b) {
      bool failed = people[i].partial && b + 1 == view->blocks.size();
      decisions.push_back(BlockDecision{view->blocks[b].id, failed ? "0" : "1",
                                        failed ? "Critères non acquis pour les trois correcteurs : le candidat pourra "
                                                 "présenter ce bloc à une prochaine session."
                                               : "Critères acquis pour l'ensemble des correcteurs."});
    }
    decide(Actor{jurors.front().id, jurors.front().email, "127.0.0.1"}, jurors.front(), entries[i].id, decisions);
  }
  make_minutes(actor, jurors.front(), session_id);
  for (const auto& juror : jurors) confirm(Actor{juror.id, juror.email, "127.0.0.1"}, juror, session_id);
}

}  // namespace trame::deliberation
