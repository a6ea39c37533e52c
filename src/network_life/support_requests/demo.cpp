// Support requests' demo (seed 004: « possibilité d'accompagnement individualisé des équipes sociales
// demandeuses sur le montage ou l'amélioration du dispositif au sein d'une structure »): the Vitry relais
// asked Cultures du Cœur 94 twice — one request closed in 2023, one still open.
#include "network_life/support_requests/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::support_requests {

namespace {
const char* kClosedSubject = "Mettre en place le dispositif au sein du centre social";
const char* kOpenSubject = "Faire vivre une permanence culturelle mensuelle";
}  // namespace

void Service::load_demo(const Actor& actor) {
  long long vitry = 0, head = 0, requester = 0, coordinator = 0, existing = 0;
  db_.read([&](soci::session& sql) {
    sql << "SELECT id FROM organisations WHERE name = 'Relais social de Vitry-sur-Seine (fictif)'", soci::into(vitry);
    const std::string head_name = kDefaultOrganiser;
    sql << "SELECT id FROM organisations WHERE name = :n", soci::use(head_name), soci::into(head);
    if (!vitry || !head) return;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_support_requests WHERE relais_id = :r", soci::use(vitry),
        soci::into(existing);
    sql << "SELECT COALESCE(MIN(user_id), 0) FROM memberships WHERE organisation_id = :r", soci::use(vitry),
        soci::into(requester);
    sql << "SELECT id FROM users WHERE email = 'animation@culturesducoeur94.local'", soci::into(coordinator);
    if (!sql.got_data()) coordinator = 0;
  });
  if (!vitry || !head || existing) return;
  if (!requester) requester = actor.id;
  if (!coordinator) coordinator = actor.id;
  db_.write([&](soci::session& sql) {
    long long created = local_time(2023, 3, 14, 10, 0), at = local_time(2023, 4, 4, 14, 0),
              closed = local_time(2023, 6, 20, 17, 0), id = 0;
    std::string subject = kClosedSubject, status = "closed", outcome = "set_up";
    std::string context =
        "Le centre social vient d'adhérer au réseau : l'équipe souhaite inscrire les sorties culturelles dans "
        "l'accompagnement social global des familles accueillies.";
    std::string audience = "Familles des quartiers prioritaires suivies par les conseillères en économie sociale.";
    std::string period = "Avril–mai 2023";
    std::string place = "Relais social de Vitry-sur-Seine (fictif), salle de réunion";
    std::string notes = "Équipe motivée ; prévoir un point avec la direction sur le temps dédié des référents.";
    std::string summary =
        "Deux référentes identifiées et formées, un affichage des sorties dans le hall et un temps d'échange "
        "mensuel en réunion d'équipe.";
    sql << "INSERT INTO life_support_requests (organiser_id, relais_id, subject, context, audience, wished_period, "
           "status, appointment_at, appointment_place, appointment_online, notes, outcome, summary, requested_by, "
           "created_at, updated_at, closed_at, closed_by) VALUES (:g, :r, :s, :c, :a, :p, :st, :at, :pl, 0, :no, :o, "
           ":su, :u, :cr, :up, :cl, :cb) RETURNING id",
        soci::use(head), soci::use(vitry), soci::use(subject), soci::use(context), soci::use(audience),
        soci::use(period), soci::use(status), soci::use(at), soci::use(place), soci::use(notes), soci::use(outcome),
        soci::use(summary), soci::use(requester), soci::use(created), soci::use(closed), soci::use(closed),
        soci::use(coordinator), soci::into(id);
    const std::pair<const char*, long long> steps[] = {
        {"Rendez-vous sur place avec l'équipe : présentation du dispositif et de la charte.", at + 3 * 3600},
        {"Atelier d'appropriation proposé aux deux référentes ; premières réservations en juin.",
         local_time(2023, 5, 22, 11, 0)},
    };
    for (const auto& [body_text, when] : steps) {
      std::string body = body_text;
      long long w = when;
      sql << "INSERT INTO life_support_followups (request_id, body, written_by, written_at) VALUES (:r, :b, :u, :w)",
          soci::use(id), soci::use(body), soci::use(coordinator), soci::use(w);
    }
    audit_.record(sql, actor, "support_request.created", "support_request:" + std::to_string(id), subject);

    long long now = store::now_seconds(), open_id = 0;
    std::string subject2 = kOpenSubject;
    std::string context2 =
        "Après un an de réservations, l'équipe voudrait ouvrir une permanence culturelle dans le hall pour toucher "
        "les personnes qui ne viennent qu'aux ateliers sociolinguistiques.";
    std::string audience2 = "Adultes en parcours d'apprentissage du français, jeunes de 16 à 25 ans.";
    std::string period2 = "Avant les vacances scolaires";
    sql << "INSERT INTO life_support_requests (organiser_id, relais_id, subject, context, audience, wished_period, "
           "requested_by, created_at, updated_at) VALUES (:g, :r, :s, :c, :a, :p, :u, :n, :n2) RETURNING id",
        soci::use(head), soci::use(vitry), soci::use(subject2), soci::use(context2), soci::use(audience2),
        soci::use(period2), soci::use(requester), soci::use(now), soci::use(now), soci::into(open_id);
    audit_.record(sql, actor, "support_request.created", "support_request:" + std::to_string(open_id), subject2);
  });
}

}  // namespace trame::support_requests
