// Demo: on Sagiterre's « Session printemps 2027 », the demo trainee's request answered with an appointment,
// accepted, and a note; on the completed « Pays d'Ancenis 2022-2023 » session, a closed request; a
// follow-up contact (Cultures du Cœur 94's network animator) for some trainees of the open session.
// Idempotent: a session that already has coaching requests (or follow-up contacts) is left alone.
#include "trainings/coaching/service.hpp"

#include "platform/store/row.hpp"

namespace trame::coaching {

namespace {

constexpr long long kDay = 86400;

long long user_id(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT id FROM users WHERE email = :e", soci::use(email), soci::into(id);
  return sql.got_data() ? id : 0;
}

long long session_id(soci::session& sql, const std::string& title) {
  long long id = 0;
  sql << "SELECT id FROM training_sessions WHERE title = :t ORDER BY id LIMIT 1", soci::use(title), soci::into(id);
  return sql.got_data() ? id : 0;
}

long long count(soci::session& sql, const std::string& table, long long session) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM " + table + " WHERE session_id = :s", soci::use(session), soci::into(n);
  return n;
}

struct App {
  long long id = 0;
  long long user = 0;
};

// The enrolled applications of a session, oldest first.
std::vector<App> enrolled(soci::session& sql, long long session) {
  std::vector<App> out;
  soci::rowset<soci::row> rs = (sql.prepare << "SELECT id, user_id FROM training_applications WHERE session_id = :s "
                                               "AND status IN ('admitted','confirmed','completed') ORDER BY id",
                                soci::use(session));
  for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_id(r, 1)});
  return out;
}

long long insert_request(soci::session& sql, long long session, const App& a, long long trainer,
                         const std::string& subject, const std::string& message, const std::string& mode,
                         const std::string& slots, long long created) {
  long long id = 0;
  sql << "INSERT INTO training_coaching_requests (session_id, application_id, trainee_id, trainer_id, subject, "
         "message, preferred_mode, preferred_slots, status, created_at, updated_at) VALUES (:s, :a, :u, :t, :sub, :m, "
         ":mode, :slots, 'open', :c, :c2) RETURNING id",
      soci::use(session), soci::use(a.id), soci::use(a.user), soci::use(trainer), soci::use(subject),
      soci::use(message), soci::use(mode), soci::use(slots), soci::use(created), soci::use(created), soci::into(id);
  return id;
}

void entry(soci::session& sql, long long request, long long author, const std::string& kind, const std::string& body,
           long long at) {
  sql << "INSERT INTO training_coaching_entries (request_id, author_id, kind, body, created_at) "
         "VALUES (:r, :a, :k, :b, :c)",
      soci::use(request), soci::use(author), soci::use(kind), soci::use(body), soci::use(at);
}

}  // namespace

void Service::load_demo(const Actor& /*actor*/) {
  const long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    const long long trainer = user_id(sql, "formateur@sagiterre.local");
    const long long staff = user_id(sql, "formation@sagiterre.local");
    // Sagiterre's open session: the demo trainee's request, an appointment accepted and a note after it.
    const long long printemps = session_id(sql, "Session printemps 2027");
    if (printemps && trainer && count(sql, "training_coaching_requests", printemps) == 0) {
      const long long trainee = user_id(sql, "stagiaire@paul-guimard.local");
      for (const auto& a : enrolled(sql, printemps)) {
        if (a.user != trainee) continue;
        const long long asked = now - 6 * kDay;
        long long id = insert_request(
            sql, printemps, a, trainer, "Mobiliser les habitants pour mon projet de quartier",
            "Je prépare une action de lecture publique avec le centre social et je n'arrive pas à associer les "
            "habitants dès le départ. Pourriez-vous m'aider à construire la première rencontre ?",
            "visio", "Plutôt le mardi ou le jeudi après-midi", asked);
        const long long appointment = now - 2 * kDay;
        sql << "UPDATE training_coaching_requests SET status = 'accepted', appointment_at = :at, "
               "appointment_mode = 'visio', appointment_place = 'https://visio.sagiterre.local/accompagnement', "
               "appointment_by = :by, answered_at = :ans, updated_at = :u WHERE id = :id",
            soci::use(appointment), soci::use(trainer), soci::use(asked + kDay), soci::use(now - kDay), soci::use(id);
        entry(sql, id, trainer, "proposal",
              "Rendez-vous proposé en visio — lien : https://visio.sagiterre.local/accompagnement", asked + kDay);
        entry(sql, id, a.user, "accepted", "", asked + kDay + 3600);
        entry(sql, id, trainer, "note",
              "Nous avons repris la carte des acteurs du quartier. Prochaine étape : une rencontre ouverte au centre "
              "social, animée à deux voix avec la bibliothécaire ; je relis l'invitation avant le prochain séminaire.",
              now - kDay);
        break;
      }
    }
    // The completed Ancenis session: a request closed as resolved by the coordinator.
    const long long ancenis = session_id(sql, "Pays d'Ancenis 2022-2023");
    const long long coordinator = user_id(sql, "coordination.ancenis@trame.local");
    if (ancenis && coordinator && count(sql, "training_coaching_requests", ancenis) == 0) {
      auto apps = enrolled(sql, ancenis);
      if (!apps.empty()) {
        long long ends = 0;
        sql << "SELECT ends_at FROM training_sessions WHERE id = :id", soci::use(ancenis), soci::into(ends);
        const long long asked = ends - 120 * kDay;
        long long id = insert_request(sql, ancenis, apps.front(), 0, "Trouver des partenaires culturels à Ancenis",
                                      "Quels lieux culturels pourraient accueillir un atelier avec les résidents ?",
                                      "phone", "", asked);
        sql << "UPDATE training_coaching_requests SET status = 'resolved', appointment_at = :at, "
               "appointment_mode = 'phone', appointment_by = :by, answered_at = :ans, closed_at = :cl, closed_by = "
               ":cb, "
               "updated_at = :u WHERE id = :id",
            soci::use(asked + 5 * kDay), soci::use(coordinator), soci::use(asked + kDay), soci::use(asked + 10 * kDay),
            soci::use(coordinator), soci::use(asked + 10 * kDay), soci::use(id);
        entry(sql, id, coordinator, "proposal", "Rendez-vous proposé par téléphone", asked + kDay);
        entry(sql, id, apps.front().user, "accepted", "", asked + 2 * kDay);
        entry(sql, id, coordinator, "note",
              "Contacts transmis : la médiathèque et le théâtre Quartier Libre accueillent des ateliers en semaine.",
              asked + 5 * kDay);
        entry(sql, id, coordinator, "closed", "Résolu — l'atelier a eu lieu à la médiathèque.", asked + 10 * kDay);
      }
    }
    // A follow-up contact on the open session: Cultures du Cœur 94's network animator follows the trainees who
    // come from the relais of its network (the Vitry relais) or from Cultures du Cœur 94 itself; the first two
    // enrolled trainees when none does.
    const long long animator = user_id(sql, "animation@culturesducoeur94.local");
    if (printemps && animator && count(sql, "training_followup_contacts", printemps) == 0) {
      std::vector<long long> chosen;
      soci::rowset<soci::row> rs =
          (sql.prepare << "SELECT a.id FROM training_applications a JOIN organisations o ON o.id = a.organisation_id "
                          "WHERE a.session_id = :s AND a.status IN ('admitted','confirmed','completed') "
                          "AND (o.name LIKE '%Vitry%' OR o.id IN (SELECT organisation_id FROM memberships "
                          "WHERE user_id = :u)) ORDER BY a.id",
           soci::use(printemps), soci::use(animator));
      for (const auto& r : rs) chosen.push_back(store::as_id(r, 0));
      if (chosen.empty())
        for (const auto& a : enrolled(sql, printemps))
          if (chosen.size() < 2) chosen.push_back(a.id);
      for (long long app : chosen)
        sql << "INSERT INTO training_followup_contacts (session_id, user_id, application_id, added_by, created_at) "
               "VALUES (:s, :u, :a, :b, :c)",
            soci::use(printemps), soci::use(animator), soci::use(app), soci::use(staff), soci::use(now - 3 * kDay);
    }
  });
}

}  // namespace trame::coaching
