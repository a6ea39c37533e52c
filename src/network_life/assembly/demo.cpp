// The demo of seed 004 (Cultures du Cœur 94): the 2024 general assembly held in June 2024 with the
// yearly colloquium (« journée de réflexion participative »), attendance with proxies, four
// resolutions adopted and published minutes; and the next assembly, two months ahead, whose notice is
// not sent yet. Made through the service as the network's coordinator would (animation@…). Waits for
// the members module's 2024 members (nothing is made while there are none); does nothing twice.
#include <string>
#include <vector>

#include "network_life/assembly/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::assembly {

namespace {

std::string at(int y, int m, int d, int hh, int mm) {
  return local_input(local_time(y, m, d, hh, mm));
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long organiser = 0, coordinator = 0;
  std::string organiser_name;
  bool done = db_.read([&](soci::session& sql) {
    sql << "SELECT id, name FROM organisations WHERE name = 'Cultures du Cœur 94'", soci::into(organiser),
        soci::into(organiser_name);
    if (!sql.got_data()) organiser = 0;
    sql << "SELECT id FROM users WHERE email = 'animation@culturesducoeur94.local'", soci::into(coordinator);
    if (!sql.got_data()) coordinator = 0;
    return organiser && repo_.by_title(sql, organiser, kDemoPastTitle) != 0;
  });
  if (done || !organiser || !coordinator) return;
  auto members = members_.members_of(2024);
  if (members.empty()) return;
  Principal me;
  me.id = coordinator;
  me.email = "animation@culturesducoeur94.local";
  me.memberships = {{organiser, organiser_name, "coordinator"}};

  // 1. The 2024 general assembly, 13 June 2024 at the end of the colloquium's day (the events module's
  // « Journée de réflexion — assemblée générale 2024 », 9:30–17:00).
  AssemblyInput past{std::to_string(organiser),
                     "ordinary",
                     kDemoPastTitle,
                     at(2024, 6, 13, 17, 30),
                     at(2024, 6, 13, 19, 30),
                     "Maison des associations de Créteil (fictive), salle polyvalente",
                     "",
                     "2024",
                     "Accueil et émargement des adhérents\n"
                     "Retour sur le colloque du jour, « Journée de réflexion — assemblée générale 2024 » "
                     "(journée de réflexion participative)\n"
                     "Rapport moral 2023 : 20 ans de Cultures du Cœur 94\n"
                     "Rapport financier 2023\n"
                     "Budget prévisionnel 2024\n"
                     "Renouvellement du conseil d'administration\n"
                     "Questions diverses"};
  auto made = create(actor, me, past);
  if (!made.ok) return;
  long long id = made.id;
  add_resolution(actor, me, id,
                 {"Approbation du rapport moral 2023",
                  "L'assemblée approuve le rapport moral présenté par la présidence : relance du réseau partenarial, "
                  "cafés découvertes et ateliers d'appropriation, les 20 ans de l'association.",
                  "simple"});
  add_resolution(
      actor, me, id,
      {"Approbation du rapport financier 2023",
       "L'assemblée approuve les comptes de l'exercice 2023 et donne quitus au conseil d'administration.", "simple"});
  add_resolution(actor, me, id,
                 {"Adoption du budget prévisionnel 2024",
                  "L'assemblée adopte le budget 2024 : NUM&ART, Horizon 2024, Tous au cinéma, escape game.", "simple"});
  add_resolution(actor, me, id,
                 {"Renouvellement du conseil d'administration",
                  "L'assemblée renouvelle pour trois ans le tiers sortant du conseil d'administration.", "qualified"});
  // Attendance: most members present, every third one represented by the first two (within the limit).
  long long represented = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    std::string org = std::to_string(members[i].organisation_id);
    if (i >= 2 && i % 3 == 2 && represented < 2) {
      record_attendance(actor, me, id, {org, "represented", std::to_string(members[represented % 2].organisation_id)});
      ++represented;
    } else if (i >= 2 && i % 4 == 3) {
      record_attendance(actor, me, id, {org, "absent", ""});
    } else {
      record_attendance(actor, me, id, {org, "present", ""});
    }
  }
  auto v = view(me, id);
  if (!v) return;
  for (const auto& r : v->resolutions) {
    long long voters = v->voters;
    long long abstain = voters > 2 ? 1 : 0;
    record_votes(actor, me, id, r.id, {std::to_string(voters - abstain), "0", std::to_string(abstain)});
  }
  if (publish(actor, me, id).ok) {
    // Published the week after the assembly, as it was (the claim stamps the time of the demo's loading).
    long long published = local_time(2024, 6, 20, 18, 0);
    db_.write([&](soci::session& sql) {
      sql << "UPDATE life_assemblies SET published_at = :p WHERE id = :id", soci::use(published), soci::use(id);
    });
  }

  // 2. The next ordinary assembly, about two months ahead; its notice is not sent yet.
  long long now = store::now_seconds();
  Date day = local_date(now + 60 * 86400LL);
  long long year = local_date(now).year;
  long long member_year = members_.members_of(year).empty() ? 2024 : year;
  AssemblyInput next{std::to_string(organiser),
                     "ordinary",
                     std::string(kDemoNextTitle) + " " + std::to_string(day.year),
                     at(day.year, day.month, day.day, 14, 0),
                     at(day.year, day.month, day.day, 17, 0),
                     "Maison des associations de Créteil (fictive), salle polyvalente",
                     "https://visio.exemple.org/cdc94-ag",
                     std::to_string(member_year),
                     "Accueil et émargement des adhérents\n"
                     "Rapport moral de l'année écoulée\n"
                     "Rapport financier et affectation du résultat\n"
                     "Budget prévisionnel\n"
                     "Perspectives : étude d'impact sur les publics, nouveaux relais\n"
                     "Questions diverses"};
  made = create(actor, me, next);
  if (!made.ok) return;
  add_resolution(actor, me, made.id, {"Approbation du rapport moral", "", "simple"});
  add_resolution(actor, me, made.id, {"Approbation des comptes et quitus au conseil d'administration", "", "simple"});
  add_resolution(actor, me, made.id, {"Adoption du budget prévisionnel", "", "simple"});
}

}  // namespace trame::assembly
