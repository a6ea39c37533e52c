// Seed 004's escape game on request: « Installations et animations de l'Escape Game « théâtre Bavard »
// sur la découverte métiers du spectacle dans les quartiers prioritaires (à la demande des acteurs de
// proximité et des collectivités) ». Cultures du Cœur 94 offers it; in 2023–2024 two runs were done on
// request (the relais social de Vitry, the médiathèque d'Ivry) with their attendance and feedback, one
// request was declined with its reason, and one awaits a decision with dates ahead of today.
#include "network_life/interventions/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::interventions {

namespace {

struct DemoRequest {
  const char* requester;
  const char* place;
  const char* contact_name;
  const char* contact_email;
  const char* user_email;  // the requester's account when the demo has one
  const char* status;
  const char* date1;
  const char* date2;
  const char* audience;
  long long expected;
  const char* neighbourhood;
  bool priority;
  const char* message;
  const char* starts;  // "YYYY-MM-DDTHH:MM" ('' when not decided)
  const char* ends;
  long long children, youth, adults, seniors;
  const char* feedback;
  long long satisfaction;
  const char* satisfaction_comment;
  const char* decline_reason;
  const char* created;  // 'YYYY-MM-DD'
  const char* address;  // the place's (fictive) address, used when the directory has none
};

}  // namespace

void Service::load_demo(const Actor& actor) {
  db_.attempt([&](soci::session& sql) {
    long long organiser = repo_.organisation_by_name(sql, kDemoOrganiser);
    if (!organiser || repo_.offer_by_title(sql, organiser, kDemoOfferTitle)) return Outcome::success();
    long long now = store::now_seconds();
    Offer o;
    o.organiser_id = organiser;
    o.title = kDemoOfferTitle;
    o.description =
        "Un escape game pour découvrir les métiers du spectacle vivant : en équipe, les joueuses et joueurs "
        "résolvent les énigmes cachées dans les coulisses d'un théâtre (régie, costumes, billetterie, mise en "
        "scène) avant le lever du rideau. Installé et animé par l'équipe de médiation de Cultures du Cœur 94 dans "
        "les quartiers prioritaires, à la demande des acteurs de proximité et des collectivités, il ouvre un "
        "échange sur les formations et les emplois du secteur.";
    o.duration_minutes = 90;
    o.audience = "Jeunes à partir de 12 ans et adultes, en groupes ; familles bienvenues";
    o.capacity = 24;
    o.needs =
        "Une salle d'au moins 40 m² au rez-de-chaussée ou accessible, 4 tables et 24 chaises, deux prises "
        "électriques, une heure d'installation avant et 45 minutes de rangement après.";
    o.published = true;
    o.created_by = actor.id;
    o.id = repo_.insert_offer(sql, o, day_start("2023-02-01"));

    std::string ahead1 = local_day(now + 30 * 86400), ahead2 = local_day(now + 37 * 86400);
    const DemoRequest requests[] = {
        {"Relais social de Vitry-sur-Seine (fictif)",
         "Relais social de Vitry-sur-Seine (fictif)",
         "Référent relais de Vitry (démo)",
         "referent.vitry@demo.trame.local",
         "referent.vitry@demo.trame.local",
         "done",
         "2023-11-08",
         "2023-11-15",
         "youth",
         15,
         "Quartier Balzac",
         true,
         "Pour le groupe de jeunes accompagnés vers l'emploi : une découverte des métiers du spectacle avant un "
         "atelier CV.",
         "2023-11-08T14:00",
         "2023-11-08T16:30",
         0,
         9,
         5,
         0,
         "Groupe très impliqué ; deux jeunes ont demandé des informations sur les formations de régie.",
         5,
         "Très bon moment, à refaire avec un autre groupe.",
         "",
         "2023-09-20",
         "Salle polyvalente, 10 rue de la Fraternité, 94400 Vitry-sur-Seine (adresse fictive)"},
        {"Médiathèque d'Ivry-sur-Seine (fictive)",
         "Médiathèque d'Ivry-sur-Seine (fictive)",
         "Responsable action culturelle (démo)",
         "action.culturelle@mediatheque-ivry.local",
         "",
         "done",
         "2024-04-17",
         "2024-04-24",
         "families",
         20,
         "Quartier Gagarine-Truillot",
         true,
         "Pendant les vacances de printemps, pour les familles du quartier qui fréquentent la médiathèque.",
         "2024-04-17T14:00",
         "2024-04-17T17:00",
         6,
         8,
         7,
         1,
         "Deux sessions enchaînées, public familial ; prévoir plus de chaises pour les parents.",
         4,
         "Les enfants ont adoré, les parents aussi.",
         "",
         "2024-02-12",
         "Auditorium, 5 place de la Lecture, 94200 Ivry-sur-Seine (adresse fictive)"},
        {"Club sportif de Champigny (fictif)",
         "Club sportif de Champigny (fictif)",
         "Éducateur sportif (démo)",
         "educateur@club-champigny.local",
         "",
         "declined",
         "2024-04-17",
         "",
         "youth",
         30,
         "Quartier du Bois-l'Abbé",
         true,
         "Pour nos jeunes licenciés pendant le stage de printemps.",
         "",
         "",
         0,
         0,
         0,
         0,
         "",
         0,
         "",
         "Le 17 avril, l'escape game est déjà installé à la médiathèque d'Ivry et le groupe de 30 dépasse la "
         "jauge de 24 : nous vous proposons de refaire une demande pour l'automne, en deux groupes.",
         "2024-03-05",
         "Gymnase, 3 allée du Stade, 94500 Champigny-sur-Marne (adresse fictive)"},
        {"Relais social de Vitry-sur-Seine (fictif)",
         "Relais social de Vitry-sur-Seine (fictif)",
         "Référent relais de Vitry (démo)",
         "referent.vitry@demo.trame.local",
         "referent.vitry@demo.trame.local",
         "requested",
         "",
         "",
         "adults",
         12,
         "Quartier Balzac",
         true,
         "Un nouveau groupe d'adultes en parcours d'insertion aimerait découvrir les métiers du spectacle.",
         "",
         "",
         0,
         0,
         0,
         0,
         "",
         0,
         "",
         "",
         "",
         "Salle polyvalente, 10 rue de la Fraternité, 94400 Vitry-sur-Seine (adresse fictive)"},
    };
    for (const auto& d : requests) {
      Request r;
      r.offer_id = o.id;
      r.organiser_id = organiser;
      r.requester_org_id = repo_.organisation_by_name(sql, d.requester);
      r.place_org_id = repo_.organisation_by_name(sql, d.place);
      if (!r.requester_org_id || !r.place_org_id) continue;
      r.requested_by = *d.user_email ? repo_.user_by_email(sql, d.user_email) : 0;
      bool pending = std::string(d.status) == "requested";
      r.date1 = pending ? ahead1 : d.date1;
      r.date2 = pending ? ahead2 : d.date2;
      r.audience = d.audience;
      r.expected_count = d.expected;
      r.place_address = repo_.organisation(sql, r.place_org_id)->address;
      if (r.place_address.empty()) r.place_address = d.address;
      r.neighbourhood = d.neighbourhood;
      r.priority_area = d.priority;
      r.contact_name = d.contact_name;
      r.contact_email = d.contact_email;
      r.message = d.message;
      long long created = pending ? now - 3 * 86400 : day_start(d.created) + 10 * 3600;
      r.id = repo_.insert(sql, r, created);
      std::string status = d.status;
      if (status == "requested") continue;
      long long decided = created + 5 * 86400;
      if (status == "declined") {
        repo_.decline(sql, r.id, d.decline_reason, actor.id, decided);
        continue;
      }
      long long starts = parse_local(d.starts), ends = parse_local(d.ends);
      repo_.decide_schedule(sql, r.id, "scheduled", starts, ends, "", actor.id, decided);
      Request c;
      c.attended_children = d.children;
      c.attended_youth = d.youth;
      c.attended_adults = d.adults;
      c.attended_seniors = d.seniors;
      repo_.set_attendance(sql, r.id, c, ends + 3600);
      repo_.set_team_feedback(sql, r.id, d.feedback, ends + 86400);
      repo_.set_satisfaction(sql, r.id, d.satisfaction, d.satisfaction_comment, ends + 2 * 86400);
    }
    audit_.record(sql, actor, "interventions.demo", "life_intervention_offer:" + std::to_string(o.id), o.title);
    return Outcome::success(o.id);
  });
}

}  // namespace trame::interventions
