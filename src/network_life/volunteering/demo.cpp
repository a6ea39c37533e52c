// The seed's volunteers (seed 004, AXE 4): the demo volunteer of Cultures du Cœur 94 (a bénévole with a
// cultural permanence at the Relais social de Vitry-sur-Seine and help at headquarters, hours validated
// and pending), a service-civique volunteer on field actions in 2023–2024 tutored by the network
// coordinator, missions of 2023–2024 and upcoming ones.
#include "network_life/volunteering/service.hpp"
#include "platform/accounts/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::volunteering {

namespace {

constexpr const char* kOrganiser = "Cultures du Cœur 94";
constexpr const char* kRelais = "Relais social de Vitry-sur-Seine (fictif)";
constexpr const char* kVolunteer = "benevole@culturesducoeur94.local";
constexpr const char* kCivic = "volontaire@culturesducoeur94.local";
constexpr const char* kCoordinator = "animation@culturesducoeur94.local";

long long id_of(soci::session& sql, const std::string& query, const std::string& value) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  std::string bound = value;
  sql << query, soci::use(bound), soci::into(id, ind);
  return ind == soci::i_ok ? id : 0;
}

std::string day_from_today(long long days) {
  return local_day(store::now_seconds() + days * 86400);
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  const std::string by_email = "SELECT id FROM users WHERE lower(email) = lower(:e)";
  const std::string by_name = "SELECT id FROM organisations WHERE name = :n";
  long long organiser = 0, relais = 0, volunteer = 0, coordinator = 0, civic = 0, done = 0;
  db_.read([&](soci::session& sql) {
    organiser = id_of(sql, by_name, kOrganiser);
    relais = id_of(sql, by_name, kRelais);
    volunteer = id_of(sql, by_email, kVolunteer);
    coordinator = id_of(sql, by_email, kCoordinator);
    civic = id_of(sql, by_email, kCivic);
    if (organiser)
      sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_volunteer_missions WHERE organiser_id = :o",
          soci::use(organiser), soci::into(done);
  });
  if (!organiser || !relais || !volunteer || !coordinator || done) return;
  if (!civic) {
    // The way the demo creates its accounts (src/app/demo): the accounts service, the demo password.
    accounts::Service accounts(db_, audit_, mail_, catalogue_, accounts::Settings{});
    auto made =
        accounts.add_user(actor, kCivic, "Volontaire en service civique", "volunteer", organiser, "trame-demo-2026");
    if (!made.ok) return;
    civic = made.id;
  }
  db_.write([&](soci::session& sql) {
    long long now = store::now_seconds();
    auto engage = [&](long long user, const std::string& kind, const std::string& from, const std::string& to,
                      long long tutor, long long weekly) {
      sql << "INSERT INTO life_volunteer_engagements (organiser_id, user_id, kind, starts_on, ends_on, tutor_id, "
             "weekly_quarters, created_by, created_at) VALUES (:o, :u, :k, :s, :e, :t, :w, :b, :c)",
          soci::use(organiser), soci::use(user), soci::use(kind), soci::use(from), soci::use(to), soci::use(tutor),
          soci::use(weekly), soci::use(coordinator), soci::use(now);
    };
    engage(volunteer, "benevole", "2023-01-09", "", 0, 4 * 4);
    engage(civic, "service_civique", "2023-10-02", "2024-06-28", coordinator, 24 * 4);

    auto mission = [&](const std::string& title, const std::string& kind, long long place, const std::string& text,
                       const std::string& from, const std::string& to, const std::string& recurrence,
                       long long places) {
      long long id = 0;
      sql << "INSERT INTO life_volunteer_missions (organiser_id, title, kind, place_id, description, starts_on, "
             "ends_on, recurrence, places, assigned_count, created_by, created_at, updated_at) VALUES (:o, :t, :k, :p, "
             ":d, :s, :e, :r, :n, 0, :b, :c, :u) RETURNING id",
          soci::use(organiser), soci::use(title), soci::use(kind), soci::use(place), soci::use(text), soci::use(from),
          soci::use(to), soci::use(recurrence), soci::use(places), soci::use(coordinator), soci::use(now),
          soci::use(now), soci::into(id);
      return id;
    };
    long long permanence = mission("Permanence culturelle au Relais social de Vitry-sur-Seine", "permanence", relais,
                                   "Présenter les invitations culturelles et sportives aux personnes accueillies et "
                                   "les aider à choisir une sortie.",
                                   "2023-01-10", day_from_today(365), "le mardi après-midi, tous les quinze jours", 2);
    long long website = mission("Aide à la programmation sur le site Internet", "siege", 0,
                                "Mettre en ligne les invitations des partenaires culturels et sportifs.", "2023-03-01",
                                "2024-06-30", "le jeudi matin", 2);
    long long numart = mission("Actions de terrain : NUM&ART, vacances d'hiver", "terrain", 0,
                               "Accompagner les familles lors des parcours de découverte culturelle.", "2024-02-12",
                               "2024-02-23", "", 2);
    long long forum = mission("20 ans de l'association : accueil des publics au forum culture", "terrain", 0,
                              "Accueillir et orienter les partenaires et les publics pendant le forum.", "2023-10-14",
                              "2023-10-14", "", 4);
    mission("Aide administrative au siège", "siege", 0, "Classement, suivi des conventions, aide à l'accueil.",
            day_from_today(10), day_from_today(180), "le lundi matin", 1);
    long long local = mission("Rencontre locale : accueil des participants", "terrain", relais,
                              "Accueillir les référents et les publics lors de la rencontre locale.",
                              day_from_today(20), day_from_today(20), "", 3);

    auto assign = [&](long long m, long long user, const std::string& status) {
      long long at = status == "assigned" ? now : 0, by = status == "assigned" ? coordinator : 0;
      sql << "INSERT INTO life_volunteer_assignments (mission_id, user_id, status, applied_at, assigned_by, "
             "assigned_at) VALUES (:m, :u, :s, :a, :b, :t)",
          soci::use(m), soci::use(user), soci::use(status), soci::use(now), soci::use(by), soci::use(at);
      if (status == "assigned")
        sql << "UPDATE life_volunteer_missions SET assigned_count = assigned_count + 1 WHERE id = :m", soci::use(m);
    };
    assign(permanence, volunteer, "assigned");
    assign(website, volunteer, "assigned");
    assign(local, volunteer, "applied");
    assign(numart, civic, "assigned");
    assign(forum, civic, "assigned");

    auto hours = [&](long long user, long long m, const std::string& day, long long quarters,
                     const std::string& status) {
      long long decided_by = status == "validated" ? coordinator : 0, decided_at = status == "validated" ? now : 0;
      sql << "INSERT INTO life_volunteer_hours (user_id, mission_id, day, quarters, note, status, reason, declared_at, "
             "decided_by, decided_at) VALUES (:u, :m, :d, :q, '', :s, '', :t, :b, :a)",
          soci::use(user), soci::use(m), soci::use(day), soci::use(quarters), soci::use(status), soci::use(now),
          soci::use(decided_by), soci::use(decided_at);
    };
    for (const char* day : {"2023-01-10", "2023-01-24", "2023-02-07", "2023-03-07", "2023-09-19", "2023-10-03",
                            "2024-01-16", "2024-03-12", "2024-05-21"})
      hours(volunteer, permanence, day, 3 * 4, "validated");
    for (const char* day : {"2023-03-02", "2023-03-16", "2023-11-09", "2024-02-01"})
      hours(volunteer, website, day, 2 * 4 + 2, "validated");
    hours(volunteer, permanence, day_from_today(-14), 3 * 4, "pending");
    hours(volunteer, permanence, day_from_today(-28), 2 * 4 + 3, "pending");
    hours(civic, forum, "2023-10-14", 7 * 4, "validated");
    for (const char* day : {"2024-02-12", "2024-02-13", "2024-02-14", "2024-02-15", "2024-02-16"})
      hours(civic, numart, day, 6 * 4, "validated");
    audit_.record(sql, actor, "volunteering.demo", "organisation:" + std::to_string(organiser));
  });
}

}  // namespace trame::volunteering
