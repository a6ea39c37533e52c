// Demo data of the methods library. The starter methods come with migration 0037 (every
// installation has them, demo or not); the demo adds a network-only method written by Sagiterre's
// trainer, and uses: two in the seed's project (Pays d'Ancenis), recorded by its facilitator, and
// one in a half-day of a session the trainer teaches. Made through the service, as those people
// would; idempotent (a use is not added again to a place that has one of the method).
#include "cooperation/methods/service.hpp"

#include "platform/core/calendar.hpp"

namespace trame::methods {

namespace {

const char* kTrainer = "formateur@sagiterre.local";
const char* kFacilitator = "formation@sagiterre.local";
const char* kNetworkMethod = "Carte sensible du territoire";

Principal person(long long id, const std::string& email, const std::string& role) {
  Principal p;
  p.id = id;
  p.email = email;
  p.memberships.push_back(Membership{0, "", role});
  return p;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long trainer_id = 0, facilitator_id = 0, network_id = 0;
  db_.read([&](soci::session& sql) {
    trainer_id = repo_.user_by_email(sql, kTrainer);
    facilitator_id = repo_.user_by_email(sql, kFacilitator);
    network_id = repo_.by_title(sql, kNetworkMethod);
  });
  if (!trainer_id || !facilitator_id) return;
  Principal trainer = person(trainer_id, kTrainer, "trainer");
  Principal facilitator = person(facilitator_id, kFacilitator, "training_staff");

  if (!network_id) {
    MethodInput in;
    in.title = kNetworkMethod;
    in.purpose =
        "Dessiner à plusieurs la carte du territoire telle que les habitants et les acteurs la vivent : lieux "
        "fréquentés, lieux évités, passages, ressources connues de quelques-uns seulement.";
    in.duration_min = "90";
    in.duration_max = "150";
    in.group_min = "6";
    in.group_max = "24";
    in.materials =
        "Un grand fond de carte du territoire (A0 ou plusieurs A3 assemblés)\n"
        "Des gommettes de trois couleurs\nDes feutres fins et des post-it\nDes photos du territoire (facultatif)";
    in.steps =
        "Afficher le fond de carte et situer ensemble quelques repères (mairie, école, médiathèque, arrêt de car).\n"
        "Chacun place une gommette verte sur un lieu où il aime aller, une rouge sur un lieu qu'il évite, une bleue "
        "sur une ressource que peu de gens connaissent.\n"
        "Tour de parole : chacun explique ses gommettes ; une personne note les récits sur des post-it collés à côté.\n"
        "Repérer ensemble les zones vides, les lieux partagés par les générations et ceux qui les séparent.\n"
        "Garder une photo de la carte et la verser au diagnostic du projet.";
    in.variants = "La carte peut être faite en marchant : une balade commentée, puis la carte au retour.";
    in.tags = "diagnostic, territoire, cartographie";
    in.visibility = "network";
    auto made = create(actor, trainer, in);
    network_id = made.ok ? made.id : 0;
  }

  long long project_id = projects_.demo_project_id();
  long long today = store::now_seconds();
  struct DemoUse {
    const char* method;
    long long days_ago;
    const char* note;
  };
  const DemoUse in_project[] = {
      {"Porteur de parole", 75,
       "Au marché d'Ancenis, un samedi matin, sur la question « Entre jeunes et anciens, qu'est-ce qui nous empêche "
       "de nous rencontrer ? » : une quarantaine de phrases recueillies, versées au diagnostic."},
      {"World café", 40,
       "Rencontre des partenaires à l'Espace culturel Paul Guimard : trois tables (les publics, les lieux, les "
       "moments) et vingt-deux participants."},
  };
  if (project_id) {
    for (const auto& d : in_project) {
      long long method_id = db_.read([&](soci::session& sql) { return repo_.by_title(sql, d.method); });
      if (!method_id || db_.read([&](soci::session& sql) { return repo_.has_use(sql, method_id, project_id, 0); }))
        continue;
      UseInput use;
      use.place = "project";
      use.project_id = project_id;
      use.used_on = local_day(today - d.days_ago * 86400);
      use.note = d.note;
      record_use(actor, facilitator, method_id, use);
    }
  }

  // The trainer's sessions: the circle opens a half-day that has taken place (the seed: « les journées se
  // déroulent de manière participative grâce au cercle de connaissances »).
  long long circle = db_.read([&](soci::session& sql) { return repo_.by_title(sql, "Cercle de connaissances"); });
  if (!circle || db_.read([&](soci::session& sql) { return repo_.count_uses(sql, circle); }) > 0) return;
  for (const auto& h : use_targets(trainer).halfdays) {
    UseInput use;
    use.place = "halfday";
    use.halfday_id = h.id;
    use.note = "Ouverture du séminaire : ce que chacun sait déjà du territoire et de ses publics.";
    record_use(actor, trainer, circle, use);
    break;
  }
}

}  // namespace trame::methods
