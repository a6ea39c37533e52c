// The demo's action programmes (seed 004, Cultures du Cœur 94's "Perspectives 2023-2024"): NUM&ART
// (a 2023 edition held with its attendance, a 2024 edition with sessions to come), Horizon 2024 (the
// three internships of 2023 with their participants and outcomes) and Tous au cinéma (300 places
// offered by the Fondation David Hadida). Participants are existing pseudonymous beneficiaries of
// the demo relais (Cultures du Cœur 94, Relais social de Vitry-sur-Seine), by their code only.
#include <stdexcept>

#include "network_life/action_programmes/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::action_programmes {

namespace {

long long org_id(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n ORDER BY id LIMIT 1", soci::into(id), soci::use(name);
  return sql.got_data() ? id : 0;
}

long long user_id(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE email = :e", soci::into(id), soci::use(email);
  return sql.got_data() ? id : 0;
}

// `days` from today (Paris) at hour:minute.
long long days_from_now(long long days, int hour, int minute = 0) {
  std::string day = format_local(store::now_seconds() + days * 86400, "%Y-%m-%d");
  return local_time(std::stoi(day.substr(0, 4)), std::stoi(day.substr(5, 2)), std::stoi(day.substr(8, 2)), hour,
                    minute);
}

struct DemoSession {
  const char* kind;
  const char* title;
  long long starts_at, ends_at;
  const char* place;
  long long capacity;
};

}  // namespace

void Service::load_demo(const Actor& actor) {
  struct Ids {
    long long organiser = 0, manager = 0, referent = 0, vitry = 0, theatre = 0, mediatheque = 0, club = 0, hadida = 0,
              region = 0;
    bool done = false;
  } ids = db_.read([&](soci::session& sql) {
    Ids i;
    i.organiser = org_id(sql, kDemoOrganiser);
    i.manager = user_id(sql, "animation@culturesducoeur94.local");
    i.referent = user_id(sql, "referente@culturesducoeur94.local");
    i.vitry = org_id(sql, "Relais social de Vitry-sur-Seine (fictif)");
    i.theatre = org_id(sql, "Théâtre Quartier Libre");
    i.mediatheque = org_id(sql, "Médiathèque d'Ivry-sur-Seine (fictive)");
    i.club = org_id(sql, "Club sportif de Champigny (fictif)");
    i.hadida = org_id(sql, "Fondation David Hadida");
    i.region = org_id(sql, "Région Île-de-France");
    i.done = i.organiser && repo_.programme_by_title(sql, i.organiser, kDemoNumArt) != 0;
    return i;
  });
  if (!ids.organiser || !ids.manager || ids.done) return;

  // The relais's pseudonymous beneficiaries (created by the outings and impact demos), codes only.
  long long total = 0;
  // Demo relais with too few beneficiaries get pseudonymous ones (codes only), made by their referent.
  if (ids.referent) {
    const Actor referent{ids.referent, "referente@culturesducoeur94.local", actor.ip};
    bookings_.beneficiaries(actor, {ids.organiser}, true, 1, 1, total);
    static const char* bands[] = {"26-59", "18-25", "60+", "26-59"};
    for (long long i = total; i < 7; ++i) {  // the impact demo already tops the relais up to 7: none is made then
      bookings::Beneficiary b;
      b.organisation_id = ids.organiser;
      b.age_band = bands[i % 4];
      b.household_size = 1 + i % 4;
      auto created = bookings_.create_beneficiary(referent, ActingFor::only({ids.organiser}), b);
      if (!created.ok) throw std::runtime_error("action programmes demo: beneficiary: " + created.error);
    }
  }
  std::vector<bookings::Beneficiary> people;
  std::vector<long long> relais = {ids.organiser};
  if (ids.vitry) relais.push_back(ids.vitry);
  for (long long r : relais)
    for (const auto& b : bookings_.beneficiaries(actor, {r}, true, 1, 8, total)) people.push_back(b);

  db_.write([&](soci::session& sql) {
    long long now = store::now_seconds();
    auto programme = [&](const char* title, const char* description, bool remobilisation) {
      Programme p;
      p.organiser_id = ids.organiser;
      p.title = title;
      p.description = description;
      p.remobilisation = remobilisation;
      p.created_by = ids.manager;
      return repo_.insert_programme(sql, p, now);
    };
    auto edition = [&](long long programme_id, const std::string& title, const std::string& from, const std::string& to,
                       const char* summary) {
      Edition e;
      e.programme_id = programme_id;
      e.title = title;
      e.starts_on = from;
      e.ends_on = to;
      e.summary = summary;
      return repo_.insert_edition(sql, e, now);
    };
    auto sessions = [&](long long edition_id, const std::vector<DemoSession>& list) {
      std::vector<long long> out;
      for (const auto& d : list) {
        Session s;
        s.edition_id = edition_id;
        s.kind = d.kind;
        s.title = d.title;
        s.starts_at = d.starts_at;
        s.ends_at = d.ends_at;
        s.place = d.place;
        s.capacity = d.capacity;
        out.push_back(repo_.insert_session(sql, s, now));
      }
      return out;
    };
    // Participants: people[first..first+n) of the list (households with their size when `households`).
    auto participants = [&](long long edition_id, std::size_t first, std::size_t n, bool households) {
      std::vector<Participant> out;
      for (std::size_t i = first; i < first + n && i < people.size(); ++i) {
        Participant p;
        p.edition_id = edition_id;
        p.beneficiary_id = people[i].id;
        p.relais_id = people[i].organisation_id;
        p.kind = households ? "household" : "person";
        p.adults = households ? 1 + static_cast<long long>(i % 2) : 1;
        p.children = households ? 1 + static_cast<long long>(i % 3) : 0;
        long long by = people[i].referent_id ? people[i].referent_id : ids.referent;
        p.id = repo_.insert_participant(sql, p, by ? by : ids.manager, now);
        out.push_back(p);
      }
      return out;
    };
    auto register_all = [&](long long session_id, const std::vector<Participant>& list, bool attendance,
                            std::size_t absent_every) {
      std::vector<long long> present;
      std::size_t n = 0;
      for (const auto& p : list) {
        if (!repo_.take_places(sql, session_id, p.places())) continue;
        repo_.insert_registration(sql, session_id, p.id, p.places(), ids.manager, now);
        ++n;
      }
      if (!attendance) return;
      std::size_t k = 0;
      for (const auto& r : repo_.registrations(sql, session_id, {}, true, 1000, 0)) {
        ++k;
        if (absent_every == 0 || k % absent_every != 0) present.push_back(r.id);
      }
      repo_.set_attendance(sql, session_id, present, now);
      (void)n;
    };

    // NUM&ART
    long long numart = programme(
        kDemoNumArt,
        "Pendant les vacances scolaires, des parcours de découvertes culturelles à vivre en famille pour les "
        "familles des quartiers prioritaires du Val-de-Marne : ateliers créatifs et instructifs accompagnés par "
        "des artistes pour les enfants, ateliers de premières approches du numérique pour les parents, et une "
        "orientation vers les espaces numériques et les formations possibles à proximité.",
        false);
    long long n23 = edition(numart, "NUM&ART vacances d'hiver 2023", "2023-02-11", "2023-02-26",
                            "Première édition à Vitry-sur-Seine et Ivry-sur-Seine.");
    long long n24 = edition(numart, "NUM&ART 2024", "2024-02-10", format_local(days_from_now(90, 12), "%Y-%m-%d"),
                            "Essaimage sur de nouvelles villes du Val-de-Marne, pendant les vacances scolaires.");
    for (long long e : {n23, n24}) {
      if (ids.theatre) repo_.put_partner(sql, e, ids.theatre, "Découvertes culturelles en famille", now);
      if (ids.mediatheque) repo_.put_partner(sql, e, ids.mediatheque, "Ateliers numériques pour les parents", now);
      if (ids.region) repo_.put_funder(sql, e, ids.region, 0, now);
    }
    auto s23 =
        sessions(n23, {{"decouverte", "Découverte en famille : visite du théâtre", local_time(2023, 2, 14, 14, 0),
                        local_time(2023, 2, 14, 17, 0), "Théâtre Quartier Libre", 30},
                       {"atelier_enfants", "Atelier créatif avec une artiste (enfants)", local_time(2023, 2, 16, 10, 0),
                        local_time(2023, 2, 16, 12, 0), "Médiathèque d'Ivry-sur-Seine", 15},
                       {"atelier_numerique", "Premiers pas numériques (parents)", local_time(2023, 2, 16, 10, 0),
                        local_time(2023, 2, 16, 12, 0), "Médiathèque d'Ivry-sur-Seine", 10}});
    auto f23 = participants(n23, 0, 5, true);
    register_all(s23[0], f23, true, 4);
    register_all(s23[1], f23, true, 3);
    register_all(s23[2], f23, true, 5);
    auto s24 = sessions(n24, {{"decouverte", "Découverte en famille : spectacle et rencontre", days_from_now(14, 14),
                               days_from_now(14, 17), "Théâtre Quartier Libre", 30},
                              {"atelier_enfants", "Atelier d'arts plastiques (enfants)", days_from_now(16, 10),
                               days_from_now(16, 12), "Médiathèque d'Ivry-sur-Seine", 12},
                              {"atelier_numerique", "Premiers pas numériques : smartphone et démarches (parents)",
                               days_from_now(16, 10), days_from_now(16, 12), "Médiathèque d'Ivry-sur-Seine", 8}});
    auto f24 = participants(n24, 2, 4, true);
    register_all(s24[0], f24, false, 0);
    register_all(s24[2], std::vector<Participant>(f24.begin(), f24.begin() + std::min<std::size_t>(2, f24.size())),
                 false, 0);

    // Horizon 2024: "3 stages en 2023"
    long long horizon = programme(
        kDemoHorizon,
        "Remobilisation professionnelle de personnes très éloignées de l'emploi par la découverte des métiers du "
        "sport et du spectacle, et création avec les participants d'un outil de sensibilisation en vue des Jeux "
        "olympiques et paralympiques 2024.",
        true);
    long long h23 = edition(horizon, "Horizon 2023 — 3 stages", "2023-03-01", "2023-12-15",
                            "3 stages de découverte des métiers du sport et du spectacle en 2023.");
    if (ids.club) repo_.put_partner(sql, h23, ids.club, "Stages de découverte des métiers du sport", now);
    if (ids.theatre) repo_.put_partner(sql, h23, ids.theatre, "Stage de découverte des métiers du spectacle", now);
    if (ids.region) repo_.put_funder(sql, h23, ids.region, 0, now);
    auto sh =
        sessions(h23, {{"stage", "Stage 1 — métiers du sport", local_time(2023, 4, 12, 9, 0),
                        local_time(2023, 4, 12, 17, 0), "Club sportif de Champigny", 8},
                       {"stage", "Stage 2 — métiers du spectacle", local_time(2023, 6, 21, 9, 0),
                        local_time(2023, 6, 21, 17, 0), "Théâtre Quartier Libre", 8},
                       {"stage", "Stage 3 — métiers du sport et de l'événementiel", local_time(2023, 10, 18, 9, 0),
                        local_time(2023, 10, 18, 17, 0), "Club sportif de Champigny", 8}});
    auto ph = participants(h23, 6, 6, false);
    for (long long s : sh) register_all(s, ph, true, 6);
    static const char* results[] = {"formation", "emploi", "formation", "autre", "aucune", "formation"};
    for (std::size_t i = 0; i < ph.size(); ++i) repo_.put_outcome(sql, ph[i].id, results[i % 6], ids.manager, now);

    // Tous au cinéma
    long long cinema = programme(
        kDemoCinema,
        "300 places de cinéma offertes par la Fondation David Hadida, avec des créations collectives autour du "
        "visionnage de films qui favorisent l'expressivité et l'esprit critique des personnes accompagnées.",
        false);
    long long c23 = edition(cinema, "Tous au cinéma 2023-2024", "2023-09-01", "2024-06-30",
                            "300 places de cinéma offertes par la Fondation David Hadida.");
    if (ids.hadida) repo_.put_funder(sql, c23, ids.hadida, 0, now);
    auto sc = sessions(c23, {{"decouverte", "Projection et atelier d'expression", local_time(2023, 11, 15, 14, 0),
                              local_time(2023, 11, 15, 17, 30), "Cinéma partenaire (Val-de-Marne)", 30}});
    auto pc = participants(c23, 0, 4, false);
    register_all(sc[0], pc, true, 0);

    audit_.record(sql, actor, "action_programmes.demo", "life_programme:" + std::to_string(numart),
                  "NUM&ART, Horizon 2024, Tous au cinéma");
  });
}

}  // namespace trame::action_programmes
