// The demo's events (seed 004, Cultures du Cœur 94's "Perspectives 2023-2024"): cafés découvertes and
// ateliers d'appropriation (the demo referent attended one: recorded through the attendance path, so the
// listeners — onboarding — run), a rencontre interprofessionnelle, a rencontre locale, the colloquium at
// the general assembly (June 2024), the 20-years year (2023: show, meal, forum, exhibition,
// participatory workshops), and one café and one atelier to come with free places.
#include "network_life/events/service.hpp"

#include "platform/core/calendar.hpp"
#include "platform/store/row.hpp"

namespace trame::events {

namespace {

long long id_of(soci::session& sql, const std::string& query, const std::string& key) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << query, soci::use(key), soci::into(id, ind);
  return ind == soci::i_ok ? id : 0;
}

long long at(int y, int m, int d, int h, int mi) {
  return local_time(y, m, d, h, mi);
}

}  // namespace

long long Service::demo_event(soci::session& sql, const Actor& actor, long long organiser, const std::string& kind,
                              const std::string& title, const std::string& description, long long starts_at,
                              long long ends_at, long long place, const std::string& online_url, long long capacity,
                              const std::string& visibility, long long created_by) {
  long long id = 0;
  long long now = store::now_seconds();
  std::string mode = place ? "in_person" : "online";
  soci::indicator place_ind = place ? soci::i_ok : soci::i_null;
  sql << "INSERT INTO life_events (organiser_id, kind, title, description, starts_at, ends_at, mode, place_id, "
         "online_url, capacity, closes_at, visibility, created_by, created_at, updated_at) VALUES (:o, :k, :t, :d, :s, "
         ":e, :m, :p, :u, :c, :cl, :v, :by, :n, :n2) RETURNING id",
      soci::use(organiser), soci::use(kind), soci::use(title), soci::use(description), soci::use(starts_at),
      soci::use(ends_at), soci::use(mode), soci::use(place, place_ind), soci::use(online_url), soci::use(capacity),
      soci::use(starts_at - 3600), soci::use(visibility), soci::use(created_by), soci::use(now), soci::use(now),
      soci::into(id);
  audit_.record(sql, actor, "events.create", "life_event:" + std::to_string(id), "démo : " + title);
  return id;
}

void Service::load_demo(const Actor& actor) {
  struct Ids {
    long long ccc = 0, vitry = 0, theatre = 0, mediatheque = 0, club = 0, animation = 0, referente = 0, benevole = 0;
    std::vector<long long> supported;
    bool done = false;
  } ids;
  db_.read([&](soci::session& sql) {
    const std::string org = "SELECT id FROM organisations WHERE name = :n";
    const std::string user = "SELECT id FROM users WHERE email = :e";
    ids.ccc = id_of(sql, org, "Cultures du Cœur 94");
    ids.vitry = id_of(sql, org, "Relais social de Vitry-sur-Seine (fictif)");
    ids.theatre = id_of(sql, org, "Théâtre Quartier Libre");
    ids.mediatheque = id_of(sql, org, "Médiathèque d'Ivry-sur-Seine (fictive)");
    ids.club = id_of(sql, org, "Club sportif de Champigny (fictif)");
    ids.animation = id_of(sql, user, "animation@culturesducoeur94.local");
    ids.referente = id_of(sql, user, "referente@culturesducoeur94.local");
    ids.benevole = id_of(sql, user, "benevole@culturesducoeur94.local");
    ids.done = id_of(sql, "SELECT id FROM life_events WHERE title = :t", kDemoAtelierTitle) != 0;
    if (ids.ccc) {
      soci::rowset<soci::row> rs = (sql.prepare << "SELECT id FROM beneficiaries WHERE organisation_id = :o AND status "
                                                   "= 'active' ORDER BY id LIMIT 3",
                                    soci::use(ids.ccc));
      for (const auto& r : rs) ids.supported.push_back(store::as_id(r, 0));
    }
  });
  if (ids.done || !ids.ccc || !ids.animation || !ids.referente) return;
  auto place = [](long long id, long long fallback) { return id ? id : fallback; };

  struct Planned {
    long long id = 0;
    std::vector<long long> present;  // registration ids marked present
  };
  std::vector<Planned> held;
  long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    auto reg_user = [&](long long event, long long user, long long org) {
      long long id = 0;
      sql << "INSERT INTO life_event_registrations (event_id, user_id, organisation_id, registered_by, status, "
             "reminded_at, created_at, updated_at) VALUES (:e, :u, :o, :by, 'registered', :n, :n2, :n3) RETURNING id",
          soci::use(event), soci::use(user), soci::use(org), soci::use(user), soci::use(now), soci::use(now),
          soci::use(now), soci::into(id);
      return id;
    };
    auto reg_supported = [&](long long event, long long beneficiary) {
      long long id = 0;
      sql << "INSERT INTO life_event_registrations (event_id, beneficiary_id, organisation_id, registered_by, status, "
             "reminded_at, created_at, updated_at) VALUES (:e, :b, :o, :by, 'registered', :n, :n2, :n3) RETURNING id",
          soci::use(event), soci::use(beneficiary), soci::use(ids.ccc), soci::use(ids.referente), soci::use(now),
          soci::use(now), soci::use(now), soci::into(id);
      return id;
    };
    auto ev = [&](const std::string& kind, const std::string& title, const std::string& description, long long s,
                  long long e, long long where, const std::string& url, long long capacity,
                  const std::string& visibility) {
      return demo_event(sql, actor, ids.ccc, kind, title, description, s, e, where, url, capacity, visibility,
                        ids.animation);
    };
    const std::string visio = "https://visio.culturesducoeur94.example/";

    // Cafés découvertes and ateliers d'appropriation (axe 2).
    long long cafe23 = ev("cafe_decouverte", "Café découverte — janvier 2023",
                          "Découvrir Cultures du Cœur 94 : les invitations, le rôle des relais et des référents.",
                          at(2023, 1, 19, 9, 30), at(2023, 1, 19, 11, 0), ids.ccc, "", 15, "network");
    held.push_back({cafe23, {reg_user(cafe23, ids.referente, ids.ccc)}});
    long long atelier =
        ev("atelier_appropriation", kDemoAtelierTitle,
           "Former les nouveaux référents à inscrire l'accès à la culture dans l'accompagnement "
           "social global : réserver, accompagner, évaluer.",
           at(2023, 3, 16, 14, 0), at(2023, 3, 16, 17, 0), place(ids.vitry, ids.ccc), "", 12, "network");
    held.push_back({atelier, {reg_user(atelier, ids.referente, ids.ccc)}});
    long long cafe24 = ev("cafe_decouverte", "Café découverte — printemps 2024 (en ligne)",
                          "Une heure en visioconférence pour découvrir le dispositif.", at(2024, 4, 11, 12, 30),
                          at(2024, 4, 11, 13, 30), 0, visio + "cafe-2024", 30, "network");
    reg_user(cafe24, ids.referente, ids.ccc);

    // Rencontres (interprofessionnelle, locale) and the colloquium at the general assembly.
    long long interpro = ev(
        "rencontre_interpro", "Rencontre interprofessionnelle — médiation culturelle et sportive dans le champ social",
        "Relais sociaux, structures culturelles et sportives : se connaître et travailler ensemble.",
        at(2024, 3, 21, 9, 30), at(2024, 3, 21, 12, 30), place(ids.mediatheque, ids.ccc), "", 40, "network");
    held.push_back({interpro, {reg_user(interpro, ids.referente, ids.ccc)}});
    ev("rencontre_locale", "Rencontre locale — Vitry-sur-Seine",
       "Relance des rencontres locales : les relais et les partenaires d'un même territoire.", at(2024, 5, 23, 14, 0),
       at(2024, 5, 23, 16, 30), place(ids.vitry, ids.ccc), "", 25, "network");
    long long colloque = ev("colloque", "Journée de réflexion — assemblée générale 2024",
                            "Colloque participatif à l'occasion de l'assemblée générale : la culture dans "
                            "l'accompagnement social, vingt ans après.",
                            at(2024, 6, 13, 9, 30), at(2024, 6, 13, 17, 0), ids.ccc, "", 80, "public");
    held.push_back({colloque, {reg_user(colloque, ids.referente, ids.ccc)}});
    if (ids.benevole) reg_user(colloque, ids.benevole, ids.ccc);

    // The 20 years (2023), for the partners and the people supported.
    long long show = ev("evenement_publics", "20 ans — spectacle anniversaire",
                        "Un spectacle offert aux personnes accompagnées et à leurs proches.", at(2023, 6, 17, 15, 0),
                        at(2023, 6, 17, 17, 0), place(ids.theatre, ids.ccc), "", 120, "public");
    long long meal = ev("evenement_publics", "20 ans — repas partagé",
                        "Un repas festif avec les publics, les relais et les partenaires.", at(2023, 6, 17, 18, 0),
                        at(2023, 6, 17, 21, 0), place(ids.theatre, ids.ccc), "", 100, "public");
    for (long long b : ids.supported) {
      held.push_back({show, {reg_supported(show, b)}});
      reg_supported(meal, b);
    }
    ev("rencontre_interpro", "20 ans — forum culture",
       "Les partenaires culturels et sportifs présentent leurs invitations aux équipes sociales.",
       at(2023, 10, 12, 10, 0), at(2023, 10, 12, 17, 0), place(ids.mediatheque, ids.ccc), "", 60, "public");
    ev("evenement_publics", "20 ans — exposition « Vingt ans de sorties »",
       "Photographies et paroles des personnes accompagnées.", at(2023, 11, 18, 10, 0), at(2023, 11, 18, 18, 0),
       place(ids.mediatheque, ids.ccc), "", 200, "public");
    ev("evenement_publics", "20 ans — ateliers participatifs",
       "Ateliers créatifs menés par des artistes avec les personnes accompagnées.", at(2023, 12, 9, 14, 0),
       at(2023, 12, 9, 17, 0), place(ids.club, ids.ccc), "", 30, "public");

    // To come (relative to today), with free places.
    Date soon = local_date(now + 20 * kDay), later = local_date(now + 34 * kDay);
    ev("cafe_decouverte", kDemoUpcomingCafeTitle,
       "Une heure pour découvrir Cultures du Cœur 94 et poser vos questions. Le lien de la visioconférence est "
       "donné aux inscrit·es la veille et le jour même.",
       local_time(soon, "12:30"), local_time(soon, "13:30"), 0, visio + "cafe", 25, "public");
    ev("atelier_appropriation", kDemoUpcomingAtelierTitle,
       "Pour les référents des relais qui rejoignent le réseau : réserver des invitations, accompagner les sorties, "
       "faire le bilan.",
       local_time(later, "14:00"), local_time(later, "17:00"), place(ids.vitry, ids.ccc), "", 12, "network");
  });

  // The attendance, through the service's path (so that the on_attended listeners run).
  Principal animator;
  animator.id = ids.animation;
  animator.email = "animation@culturesducoeur94.local";
  animator.memberships.push_back({ids.ccc, "Cultures du Cœur 94", "coordinator"});
  for (const auto& h : held) {
    std::map<long long, std::string> marks;
    for (long long r : h.present) marks[r] = "present";
    record_attendance(actor, animator, h.id, marks);
  }
}

}  // namespace trame::events
