// Demo data of the evaluation module, in the seed's project (projects::kDemoTitle, Pays d'Ancenis):
//  - three criteria proposed by its members, one per dimension, the first measured by the indicators
//    demo's intergenerational ones; two of them adopted by a closed decision of the project with its
//    outcome written (the decisions demo's), when there is one (else the three stay proposed);
//  - the evaluation of the cooperation at the diagnosis phase, sent two weeks ago to its facilitators
//    and members (no e-mail: demo addresses), answered by all of them when they are five or fewer,
//    by all but one otherwise, so that the results (shown from five responses) can be read.
// Runs after the decisions demo (platform.cpp); does nothing when the project already has criteria.
#include "cooperation/evaluation/service.hpp"
#include "cooperation/evaluation/starter.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/crypto.hpp"
#include "questionnaires/answers/submit.hpp"
#include "questionnaires/campaigns/repository.hpp"
#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/repository.hpp"

namespace trame::evaluation {

namespace {

constexpr long long kDay = 86400;

struct DemoCriterion {
  const char* title;
  const char* dimension;
  const char* description;
  bool adopted;                              // by the demo's closed decision, when there is one
  std::vector<const char*> indicator_words;  // an indicator whose label holds one of them measures it
};

const std::vector<DemoCriterion>& demo_criteria() {
  static const std::vector<DemoCriterion> list{
      {"Des générations réunies aux temps forts",
       "results",
       "Aux spectacles, lectures et ateliers du projet, des habitants de moins de 25 ans et de plus de 60 ans sont "
       "présents ensemble, et reviennent d'une fois sur l'autre.",
       true,
       {"intergénération", "Sorties réservées"}},
      {"Chaque partenaire a sa place dans les décisions",
       "conditions",
       "Chaque structure partenaire (communauté de communes, théâtre, espace culturel, bibliothèques, école de "
       "musique) participe aux décisions du projet au moins une fois par trimestre.",
       true,
       {}},
      {"Du temps de travail mis en commun",
       "means",
       "Les structures consacrent au projet le temps prévu ensemble : une demi-journée par mois et par partenaire, "
       "réunions comprises.",
       false,
       {}},
  };
  return list;
}

// Plausible agreement values (1–5) for the demo's answers, varied by person and question.
std::string agreement(std::size_t person, std::size_t question) {
  static const int table[] = {4, 5, 3, 4, 4, 5, 3, 4, 2, 4, 5, 4, 3, 5, 4};
  return std::to_string(table[(person * 7 + question * 3) % 15]);
}

const std::vector<std::string>& demo_texts() {
  static const std::vector<std::string> list{
      "Les rencontres entre le théâtre et les bibliothèques ont donné des idées à tout le monde.",
      "Il faudrait caler les réunions plus tôt : les dates tombent souvent en même temps que nos programmations.",
      "Le diagnostic partagé a permis de découvrir ce que font les autres structures du territoire.",
      "Associer davantage les habitants eux-mêmes aux réunions, pas seulement les professionnels."};
  return list;
}

}  // namespace

void Service::load_demo(const Actor& /*actor*/) {
  const long long project_id = projects_.demo_project_id();
  if (!project_id) return;
  const long long now = store::now_seconds();
  auto members = projects_.members(project_id);
  long long facilitator = 0;
  std::vector<long long> contributors;
  for (const auto& m : members) {
    if (m.role == "facilitator" && !facilitator) facilitator = m.user_id;
    if (m.role == "member") contributors.push_back(m.user_id);
  }
  if (!facilitator) return;
  // The decision that adopts two criteria: a closed one with its outcome written, not rejected; one
  // about the criteria (« critères » in its title) first, else an adopted one, else the first.
  std::optional<decisions::Summary> decision;
  auto rank = [](const decisions::Summary& d) {
    return d.title.find("critères") != std::string::npos || d.title.find("Critères") != std::string::npos ? 2
           : d.outcome_verdict == "adopted"                                                               ? 1
                                                                                                          : 0;
  };
  for (const auto& d : decisions_.summaries(project_id)) {
    if (d.status != "closed" || d.decided_by_id == 0 || d.outcome_verdict == "rejected") continue;
    if (!decision || rank(d) > rank(*decision)) decision = d;
  }
  const auto indicators = indicators_.summaries(project_id);
  auto project = projects_.access(Principal{facilitator, "", "", {}}, project_id);
  if (!project) return;

  db_.write([&](soci::session& sql) {
    if (repo_.count_criteria(sql, project_id) > 0) return;
    std::size_t k = 0;
    for (const auto& dc : demo_criteria()) {
      Criterion c;
      c.project_id = project_id;
      c.title = dc.title;
      c.dimension = dc.dimension;
      c.description = dc.description;
      c.proposed_by = contributors.empty() ? facilitator : contributors[k % contributors.size()];
      const long long proposed_at = now - (40 - static_cast<long long>(k) * 3) * kDay;
      c.id = repo_.insert_criterion(sql, c, proposed_at);
      // The indicators that measure it, found by words of their labels (the indicators demo's).
      std::vector<long long> ids;
      for (const auto& i : indicators)
        for (const char* word : dc.indicator_words)
          if (word && i.label.find(word) != std::string::npos) {
            ids.push_back(i.id);
            break;
          }
      repo_.set_indicators(sql, c.id, ids);
      if (dc.adopted && decision) {
        const long long at = decision->closed_at > 0 ? decision->closed_at + kDay : now - 10 * kDay;
        repo_.decide(sql, c.id, "adopted", decision->id, facilitator, at);
      }
      ++k;
    }
    audit_.record(sql, Actor{0, "système", ""}, "evaluation.demo", "cooperation_project:" + std::to_string(project_id),
                  "critères d'évaluation de démonstration");

    // The evaluation of the cooperation at the diagnosis phase, answered.
    if (repo_.phase_evaluation(sql, project_id, "diagnosis")) return;
    long long owner = project->project.organisation_id;
    if (!owner) owner = repo_.first_organisation(sql, facilitator);
    if (!owner) return;
    const long long sent = now - 14 * kDay;
    const long long questionnaire = create_starter_questionnaire(sql, owner, project->project.title, 0, sent);
    campaigns::Repository campaigns;
    campaigns::Campaign c;
    c.questionnaire_id = questionnaire;
    c.organisation_id = owner;
    c.title = t("evaluation.phases.campaign_title",
                {{"phase", t("evaluation.phase_names.diagnosis")}, {"project", project->project.title}});
    c.audience = "project";
    c.send_at = sent;
    c.closes_at = sent + 30 * kDay;
    c.reminder_days = "3,7";
    c.status = "scheduled";
    const long long campaign = campaigns.insert_campaign(sql, c, facilitator, sent);
    campaigns.claim_send(sql, campaign, sent);
    std::vector<campaigns::Recipient> people;
    for (const auto& m : members) {
      if (m.role != "facilitator" && m.role != "member") continue;
      campaigns::Recipient r;
      r.user_id = m.user_id;
      r.email = m.email;
      r.name = m.name;
      people.push_back(std::move(r));
    }
    auto definition = definitions::load_definition(sql, questionnaire, false);
    const std::size_t answering = people.size() <= 5 ? people.size() : people.size() - 1;
    for (std::size_t i = 0; i < people.size(); ++i) {
      const long long invitation = campaigns.insert_invitation(
          sql, campaign, people[i], web::sha256_hex(web::random_token(24)), sent, sent, c.closes_at);
      if (!definition || i >= answering) continue;
      answers::Values values;
      std::size_t n = 0;
      for (const auto& section : definition->questions)
        for (const auto& q : section) {
          if (q.kind == "scale") values[q.id] = {agreement(i, n)};
          if (q.kind == "long" && i % 2 == 0) values[q.id] = {demo_texts()[(i + n) % demo_texts().size()]};
          ++n;
        }
      const long long at = sent + static_cast<long long>(1 + i) * kDay + 3600 * static_cast<long long>(i + 9);
      (void)answers::submit_values(sql, invitation, values, at);  // a refused value leaves it unanswered
    }
    PhaseEvaluation e;
    e.project_id = project_id;
    e.phase = "diagnosis";
    e.questionnaire_id = questionnaire;
    e.campaign_id = campaign;
    e.launched_by = facilitator;
    repo_.insert_phase_evaluation(sql, e, sent);
    audit_.record(sql, Actor{0, "système", ""}, "evaluation.demo", "campaign:" + std::to_string(campaign),
                  "évaluation de la coopération de démonstration (phase de diagnostic)");
  });
}

}  // namespace trame::evaluation
