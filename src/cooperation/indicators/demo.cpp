// Demo data of the indicator watch (seed 001): the Pays d'Ancenis project follows the population of its
// territory, its cultural and social organisations, the outings booked by people of its communes
// (computed from Trame's data), and the participants of its intergenerational workshops (entered by
// hand from the attendance sheets, month by month since October 2025, with two targets). Made through
// the service as the project's facilitator would; nothing is done when the project has indicators.
#include "cooperation/indicators/service.hpp"

namespace trame::indicators {

namespace {

struct DemoPoint {
  const char* period;
  const char* value;
  const char* note;
};

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long project = projects_.demo_project_id();
  if (!project) return;
  const std::string email = "formation@sagiterre.local";  // the project's facilitator
  Principal me;
  bool done = false;
  db_.read([&](soci::session& sql) {
    done = repo_.count_of_project(sql, project) > 0;
    me.id = repo_.user_by_email(sql, email);
  });
  if (done || !me.id) return;
  me.email = email;
  Actor as{me.id, email, actor.ip.empty() ? "127.0.0.1" : actor.ip};

  follow(as, me, project, {"population", "year", ""});
  follow(as, me, project, {"organisations_cultural", "year", ""});
  follow(as, me, project, {"organisations_social", "year", ""});
  auto outings = follow(as, me, project, {"outings_booked", "year", "2024"});
  if (outings.ok)
    put_target(
        as, me, project, outings.id,
        {"2027", "24", "up", "Fixé au comité de pilotage : deux sorties par mois pour les habitants du territoire."});

  IndicatorInput workshops;
  workshops.label = "Participants aux ateliers intergénérationnels";
  workshops.unit = "participants";
  workshops.description =
      "Personnes présentes aux ateliers lecture et spectacle vivant qui réunissent enfants, parents et aînés "
      "(médiathèques du réseau, Espace culturel Paul Guimard).";
  workshops.source_text = "Feuilles d'émargement des ateliers";
  workshops.period_kind = "month";
  auto created = create(as, me, project, workshops);
  if (!created.ok) return;
  const DemoPoint points[] = {
      {"2025-10", "14", "Premier atelier à la médiathèque d'Ancenis"},
      {"2025-11", "18", ""},
      {"2025-12", "12", "Un atelier annulé (intempéries)"},
      {"2026-01", "16", ""},
      {"2026-02", "21", ""},
      {"2026-03", "19", ""},
      {"2026-04", "24", "Atelier au Préambule, à Ligné"},
      {"2026-05", "22", ""},
      {"2026-06", "27", ""},
      {"2026-09", "25", "Reprise après l'été (pas d'atelier en juillet et août)"},
      {"2026-10", "29", ""},
      {"2026-11", "31", ""},
  };
  for (const auto& p : points) put_point(as, me, project, created.id, {p.period, p.value, p.note});
  put_target(as, me, project, created.id, {"2026-06", "25", "up", "Objectif de la première saison"});
  put_target(as, me, project, created.id, {"2027-06", "40", "up", "Objectif de la deuxième saison"});
}

}  // namespace trame::indicators
