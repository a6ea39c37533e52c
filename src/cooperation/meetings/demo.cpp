// Demo meetings of the seed's project (001, Pays d'Ancenis): a diagnosis workshop and a design
// meeting, both held, with their attendance, the organisations present, inhabitants counted without
// names and minutes; and a point before the implementation, planned three weeks ahead, to which the
// facilitators and members are invited (two answered). Made through the service as the project's
// facilitator would, except the invitations (no e-mail leaves a demo). Idempotent: found by title.
#include <string>
#include <vector>

#include "cooperation/meetings/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::meetings {

namespace {

std::string at(long long now, int days, const char* clock) {
  return local_input(local_time(local_date(now + days * 86400LL), clock));
}

const char* kDiagnosisMinutes = R"(## Tour de table

Chaque structure a présenté ce qu'elle fait déjà avec les aîné·es et avec les jeunes du territoire. Le
réseau des bibliothèques accueille un club de lecture d'aîné·es à Ligné ; le Théâtre Quartier Libre
mène des ateliers avec deux collèges ; l'Espace culturel Paul Guimard ouvre ses répétitions au public.

## Ce que disent les habitant·es

Les neuf habitant·es présent·es (jeunes du foyer de Saint-Géréon et aîné·es du club de Ligné) ont
parlé de l'isolement des hameaux, **surtout l'hiver**, et du transport : sans voiture, pas de sortie le
soir.

- Les aîné·es aimeraient lire à voix haute pour les plus jeunes.
- Les jeunes proposent d'enregistrer ces lectures (podcast).
- Tout le monde demande des horaires en journée.

## Suites

Le diagnostic partagé reprend ces éléments dans la section « Paroles d'habitant·es ». La prochaine
réunion choisira une action à co-construire.
)";

const char* kDesignMinutes = R"(## Décision de la réunion

Le groupe a retenu des **lectures-spectacles intergénérationnelles** : des binômes aîné·e / jeune
préparent une lecture avec une comédienne du Théâtre Quartier Libre, jouée dans trois bibliothèques du
réseau puis à l'Espace culturel Paul Guimard.

## Organisation

1. Le Préambule accueille les répétitions à Ligné, le mercredi après-midi.
2. Musique et Danse en Loire-Atlantique cherche un·e musicien·ne pour accompagner les lectures.
3. La Communauté de communes étudie un transport à la demande pour les représentations.

## Points à suivre

- Nombre de binômes : huit au plus pour la première saison.
- Un bilan avec les participant·es après la dernière représentation.
)";

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long project_id = projects_.demo_project_id();
  if (!project_id) return;
  bool done = db_.read([&](soci::session& sql) { return repo_.by_title(sql, project_id, kDemoDiagnosisTitle) != 0; });
  if (done) return;
  auto members = projects_.members(project_id);
  const projects::Member* facilitator = nullptr;
  for (const auto& m : members)
    if (m.role == "facilitator" && (!facilitator || m.email == "formation@sagiterre.local")) facilitator = &m;
  if (!facilitator) return;
  Principal me;
  me.id = facilitator->user_id;
  me.email = facilitator->email;
  me.name = facilitator->name;
  auto partners = projects_.partners(project_id);
  auto methods_by_title = [&](const std::string& title) -> std::string {
    for (const auto& c : methods())
      if (c.title == title) return std::to_string(c.id);
    return "";
  };

  long long now = store::now_seconds();
  // 1. The diagnosis workshop, ten weeks ago.
  MeetingInput diagnosis{
      kDemoDiagnosisTitle,
      at(now, -70, "14:00"),
      at(now, -70, "17:00"),
      "Médiathèque de Ligné, salle d'animation",
      "",
      {{"Accueil et tour de table", "20", methods_by_title("Cercle de connaissances")},
       {"Ce que vivent les habitant·es : isolement, liens entre générations", "60", methods_by_title("Photo-langage")},
       {"Ressources et initiatives existantes sur le territoire", "60", methods_by_title("World café")},
       {"Synthèse et suites", "40", ""}}};
  auto made = create(actor, me, project_id, diagnosis);
  if (!made.ok) return;
  long long diagnosis_id = made.id;
  AttendanceInput present;
  for (const auto& m : members)
    if (m.role != "observer") present.present.push_back(std::to_string(m.user_id));
  for (const auto& p : partners) present.organisations.push_back(std::to_string(p.organisation_id));
  present.others_count = "9";
  present.others_label = "habitant·es (jeunes du foyer de Saint-Géréon, aîné·es du club de Ligné)";
  record_attendance(actor, me, project_id, diagnosis_id, present);
  write_minutes(actor, me, project_id, diagnosis_id, kDiagnosisMinutes);

  // 2. The design meeting, three and a half weeks ago, in person and by video.
  MeetingInput design{kDemoDesignTitle,
                      at(now, -25, "09:30"),
                      at(now, -25, "12:30"),
                      "Théâtre Quartier Libre, Ancenis-Saint-Géréon",
                      "https://visio.exemple.org/ancenis-conception",
                      {{"Retour sur le diagnostic partagé", "30", ""},
                       {"Choisir l'action à co-construire", "90", methods_by_title("World café")},
                       {"Qui fait quoi : rôles et calendrier", "45", ""},
                       {"Décisions et prochaine réunion", "15", ""}}};
  made = create(actor, me, project_id, design);
  if (!made.ok) return;
  long long design_id = made.id;
  AttendanceInput second;
  for (const auto& m : members)
    if (m.role != "observer" && m.email != "stagiaire@paul-guimard.local")
      second.present.push_back(std::to_string(m.user_id));
  for (std::size_t i = 0; i < partners.size(); ++i)
    if (i % 3 != 2) second.organisations.push_back(std::to_string(partners[i].organisation_id));
  second.others_count = "4";
  second.others_label = "habitant·es volontaires pour les binômes";
  record_attendance(actor, me, project_id, design_id, second);
  write_minutes(actor, me, project_id, design_id, kDesignMinutes);

  // 3. The point before the implementation, in three weeks: invited, two answers.
  MeetingInput planned{kDemoPlannedTitle,
                       at(now, 21, "14:00"),
                       at(now, 21, "16:30"),
                       "Espace culturel Paul Guimard, Ancenis-Saint-Géréon",
                       "",
                       {{"Où en sont les binômes ?", "45", ""},
                        {"Calendrier des lectures-spectacles", "60", ""},
                        {"Transport à la demande : la réponse de la Communauté de communes", "30", ""}}};
  made = create(actor, me, project_id, planned);
  if (!made.ok) return;
  long long planned_id = made.id;
  db_.write([&](soci::session& sql) {
    for (const auto& m : members) {
      if (m.role == "observer") continue;
      repo_.upsert_invitation(sql, planned_id, m.user_id, 0, now);
      if (m.email == "coordination.ancenis@trame.local") repo_.set_answer(sql, planned_id, m.user_id, "yes", now);
      if (m.email == "formateur@sagiterre.local") repo_.set_answer(sql, planned_id, m.user_id, "maybe", now);
    }
    audit_.record(sql, actor, "meetings.demo", "cooperation_project:" + std::to_string(project_id),
                  "3 réunions de démonstration");
  });
}

}  // namespace trame::meetings
