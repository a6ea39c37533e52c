// Demo data of inhabitants' contributions (seed 001: the Pays d'Ancenis project): four meetings held
// offline in the weeks of the diagnosis, recorded by the project's facilitator and linked by members
// to the diagnosis' sections (and the first one to the project's first decision, when there is one).
// Made through the service as each person would; idempotent: nothing is done once the project has one.
#include <string>
#include <vector>

#include "cooperation/contributions/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::contributions {

namespace {

struct DemoContribution {
  const char* kind;
  const char* people;
  const char* place;
  long long days_ago;
  const char* body;
  std::vector<std::string> sections;  // default keys of the diagnosis' sections it informs
};

const std::vector<DemoContribution>& demo_contributions() {
  static const std::vector<DemoContribution> list = {
      {"workshop",
       "14",
       "Ancenis-Saint-Géréon",
       38,
       "Atelier « souvenirs de spectacles » à la bibliothèque. Plusieurs personnes racontent les bals, le théâtre "
       "de patronage et les lectures en famille de leur jeunesse, et disent qu'elles aimeraient les raconter à des "
       "jeunes. Proposition : des lectures à deux voix entre collégiens et personnes âgées, suivies d'un goûter.",
       {"voices", "needs"}},
      {"door_to_door",
       "9",
       "Ligné",
       30,
       "Au porte-à-porte dans le bourg : les personnes rencontrées ne vont plus au spectacle le soir, faute de "
       "voiture ou par crainte de rentrer tard. Elles viendraient à une représentation l'après-midi, ou si un "
       "covoiturage était organisé depuis la mairie.",
       {"needs"}},
      {"partner_group",
       "11",
       "Espace culturel Paul Guimard",
       24,
       "Groupe de jeunes d'un accueil jeunesse, réuni par un partenaire. Ils ont envie de monter sur scène et de "
       "filmer, et proposent d'interviewer des anciens sur la musique qu'ils écoutaient pour en faire un petit "
       "spectacle commun.",
       {"voices"}},
      {"other",
       "6",
       "Marché de Varades",
       17,
       "Stand du projet au marché. Des parents et des grands-parents aimeraient des lectures pour les tout-petits "
       "où ils viendraient ensemble, le samedi matin, à la bibliothèque de leur commune.",
       {"initiatives", "voices"}},
  };
  return list;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long project_id = projects_.demo_project_id();
  if (!project_id) return;
  bool done = db_.read([&](soci::session& sql) { return repo_.count(sql, project_id, Filter{}) > 0; });
  if (done) return;
  auto principal = [&](const char* email) {
    Principal p;
    p.id = db_.read([&](soci::session& sql) { return repo_.user_by_email(sql, email); });
    p.email = email;
    return p;
  };
  Principal facilitator = principal("formation@sagiterre.local");
  Principal member = principal("coordination.ancenis@trame.local");
  if (!facilitator.id || !member.id) return;
  Actor as_facilitator = actor, as_member = actor;
  as_facilitator.id = facilitator.id;
  as_facilitator.label = facilitator.email;
  as_member.id = member.id;
  as_member.label = member.email;
  auto sections = diagnosis_.sections(project_id);
  auto decisions = decisions_.summaries(project_id);
  long long now = store::now_seconds();
  bool first = true;
  for (const auto& d : demo_contributions()) {
    ContributionForm form{d.kind, d.people, d.place, local_day(now - d.days_ago * 86400), d.body};
    auto created = create(as_facilitator, facilitator, project_id, form);
    if (!created.ok) continue;
    for (const auto& key : d.sections)
      for (const auto& s : sections)
        if (s.key == key) link_section(as_member, member, project_id, created.id, s.id);
    if (first && !decisions.empty()) link_decision(as_member, member, project_id, created.id, decisions.back().id);
    first = false;
  }
}

}  // namespace trame::contributions
