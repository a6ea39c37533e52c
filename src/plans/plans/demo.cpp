// Demo data of plans (seed 004, « Perspectives 2023-2024 » of Cultures du Cœur 94): the plan over
// 2023-09-01 – 2024-08-31, its four axes and their objectives in the seed's own words, and indicators —
// new social partnerships (computed, target 20), places used (computed), the three Horizon 2024 stages
// (by hand, one measure), the local meetings relaunched (events held, computed) and the impact study (by
// hand). Made through the service as the network's coordinator would; nothing is done when the plan exists.
#include "plans/plans/service.hpp"

namespace trame::plans::plans {

namespace {

struct DemoObjective {
  const char* title;
  const char* description;
};

struct DemoAxis {
  const char* title;
  const char* summary;
  std::vector<DemoObjective> objectives;
};

const std::vector<DemoAxis>& demo_axes() {
  static const std::vector<DemoAxis> list = {
      {"Développer encore notre réseau et relancer les partenariats existants",
       "Nous gardons comme objectif de développer encore notre réseau et relancer les partenariats existants pour "
       "toucher le plus grand nombre de Val-de-Marnais en difficultés.",
       {{"Au moins une vingtaine de partenariats sociaux supplémentaires dans des secteurs variés chaque année",
         "Après la crise COVID, 2022 et 2023 auront été des années de relance du réseau partenarial."},
        {"Partenariats avec les structures en lien avec les habitants les plus fragiles",
         "Issus des quartiers politique de la Ville et Veille et / ou d'habitat social."},
        {"Diversifier l'offre d'invitations accessibles sur le site de l'association",
         "Médiathèques du Val de Marne ; clubs et équipements sportifs du département ; actions de sensibilisations "
         "à l'environnement et à la transition écologique."},
        {"Poursuivre le partenariat avec la région Ile de France autour du dispositif Tickets Loisirs",
         "L'accès des publics du champ social aux îles de loisirs sur les vacances scolaires et les week-ends."}}},
      {"Animation renforcée du réseau partenarial",
       "",
       {{"Poursuite des cafés découvertes et ateliers d'appropriation",
         "Transmettre des informations sur l'association et former les nouveaux adhérents (référents identifiés au "
         "sein des relais sociaux)."},
        {"Organisation de rencontres interprofessionnelles ; relance des rencontres locales en 2024",
         "Autour des enjeux de la médiation culturelle et sportive dans le champ social."},
        {"Organisation annuelle d'un colloque ou journée de réflexion participative",
         "À l'occasion de notre assemblée générale, sur une thématique d'actualité."},
        {"Lancement d'une étude d'impact sur les publics de Cultures du Cœur",
         "Avec l'accompagnement du DLA – création, diffusion, analyse et restitution des résultats."}}},
      {"Développement d'actions à impact social",
       "Poursuite ou création d'actions pour répondre aux problématiques sociales émergentes ou accentuées.",
       {{"ACTION « Allô l'Artiste ! »",
         "Permettre aux personnes les plus précaires, isolées et sans accès facilité à internet d'écouter des "
         "mini-spectacles et d'échanger avec des artistes solidaires."},
        {"Poursuite de l'action Tous au cinéma", "300 places de cinéma offertes par la fondation David Hadida."},
        {"Poursuite du projet Horizon 2024",
         "3 stages seront organisés en 2023 et un évènement ou outil sera créé avec les participants aux stages et "
         "les partenaires associés."}}},
      {"Développement d'un pôle ressource (humain et outils)",
       "",
       {{"Accueil et accompagnement de 2 jeunes volontaires et service civique",
         "Pour mener les actions de terrain et aider l'équipe de médiation et projet."},
        {"Accueil et formation de bénévoles",
         "Au sein de relais sociaux (permanences culturelles, ateliers artistiques) et au siège."},
        {"Actualisation et amélioration des supports de communication et de formation", ""}}},
  };
  return list;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  const std::string email = "animation@culturesducoeur94.local";  // the network's coordinator
  Principal me;
  long long org = 0;
  bool done = false;
  db_.read([&](soci::session& sql) {
    org = repo_.organisation_by_name(sql, kDemoOrganisation);
    done = org == 0 || repo_.find_by_title(sql, org, kDemoTitle) != 0;
    me.id = repo_.user_by_email(sql, email);
  });
  if (done) return;
  me.email = email;
  me.memberships.push_back({0, "", "administrator"});
  Actor as{me.id, me.id ? email : actor.label, actor.ip.empty() ? "127.0.0.1" : actor.ip};
  const long long now = store::now_seconds();
  auto plan = create(as, me, {kDemoTitle, "2023-09-01", "2024-08-31", "active", std::to_string(org)}, now);
  if (!plan.ok) return;
  std::vector<long long> objectives;
  for (const auto& a : demo_axes()) {
    auto axis = add_axis(as, me, plan.id, {a.title, a.summary, ""});
    if (!axis.ok) return;
    long long axis_id = 0;
    db_.read([&](soci::session& sql) { axis_id = repo_.axes(sql, plan.id).back().id; });
    for (const auto& o : a.objectives) {
      add_objective(as, me, axis_id, {o.title, o.description, ""});
      db_.read([&](soci::session& sql) { objectives.push_back(repo_.objectives(sql, axis_id).back().id); });
    }
  }
  // objectives: axis 1 (0-3), axis 2 (4-7), axis 3 (8-10), axis 4 (11-13).
  add_indicator(as, me, objectives[0],
                {"Nouveaux partenariats sociaux (au moins une vingtaine … chaque année)", "computed",
                 "partnerships_new", "", "", "", "partenariats", "20", ""},
                now);
  add_indicator(as, me, objectives[1],
                {"Places utilisées aux sorties", "computed", "places_used", "", "", "", "places", "", ""}, now);
  add_indicator(
      as, me, objectives[5],
      {"Rencontres locales tenues (relance en 2024)", "computed", "events_held", "", "", "", "rencontres", "4", ""},
      now);
  add_indicator(as, me, objectives[7],
                {"Étude d'impact : étapes réalisées (création, diffusion, analyse, restitution)", "manual", "", "", "",
                 "", "étapes", "4", "0"},
                now);
  add_indicator(as, me, objectives[10],
                {"Stages Horizon 2024 organisés en 2023", "manual", "", "", "", "", "stages", "3", ""}, now);
  long long stages = 0;
  db_.read([&](soci::session& sql) { stages = repo_.indicators(sql, objectives[10]).back().id; });
  record_measure(as, me, stages,
                 {"2023-12-15", "3", "Bilan du projet Horizon 2024 : trois stages de remobilisation organisés en 2023"},
                 now);
}

}  // namespace trame::plans::plans
