// Demo newsletters of seed 004 (Cultures du Cœur 94, 2023–2024): the spring 2024 newsletter sent to
// the referents and the partners (cafés découvertes, the 20 years, NUM&ART), kept as history (no
// e-mail leaves a demo); a draft for the members of the year; and a notice for the referents shown
// until a day in the future. Idempotent: found by subject and title.
#include <string>

#include "network_life/newsletters/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::newsletters {

namespace {

const char* kSubject = "Lettre du réseau — printemps 2024";
const char* kBody = R"(Bonjour à toutes et à tous,

Voici les nouvelles du réseau Cultures du Cœur 94 pour ce printemps.

## Cafés découvertes et ateliers d'appropriation

Les **cafés découvertes** continuent chaque mois, en présentiel ou à distance : venez présenter le
dispositif à vos nouveaux collègues. Les *ateliers d'appropriation* forment les nouveaux référents des
relais sociaux à inscrire l'accès à la culture dans l'accompagnement social global.

## Les 20 ans de l'association

Après une année 2023 de fête pour nos 20 ans (spectacle, repas, colloque, forum culture, exposition),
merci à nos partenaires et aux personnes accompagnées qui y ont participé.

## NUM&ART

L'action NUM&ART s'étend à de nouvelles villes du Val-de-Marne pendant les vacances scolaires :
parcours de découvertes culturelles en famille, ateliers créatifs pour les enfants et premiers pas
dans le numérique pour les parents.

- Inscriptions auprès de votre référent·e
- Programme complet sur [la page des événements](/evenements)

À bientôt,

L'équipe de Cultures du Cœur 94
)";

const char* kDraftSubject = "Adhésion 2024 : l'assemblée générale approche";
const char* kDraftBody = R"(Chers adhérents,

L'assemblée générale de Cultures du Cœur 94 se tiendra bientôt, avec sa journée de réflexion.
Vous recevrez la convocation et l'ordre du jour par e-mail.

Merci de votre engagement dans le réseau.
)";

const char* kNoticeTitle = "Prochain café découverte";

}  // namespace

void Service::load_demo(const Actor& actor) {
  db_.write([&](soci::session& sql) {
    long long organiser = 0;
    sql << "SELECT id FROM organisations WHERE name = 'Cultures du Cœur 94'", soci::into(organiser);
    if (!sql.got_data() || organiser == 0) return;
    long long author = 0;
    sql << "SELECT id FROM users WHERE email = 'animation@culturesducoeur94.local'", soci::into(author);
    if (!sql.got_data()) author = actor.id;
    std::string subject = kSubject;
    long long found = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_newsletters WHERE organiser_id = :o AND subject = :s",
        soci::into(found), soci::use(organiser), soci::use(subject);
    if (found == 0) {
      long long sent_at = local_time(2024, 4, 15, 10, 0);
      long long created = local_time(2024, 4, 10, 9, 30);
      std::string body = kBody;
      // The count of the day it was sent, as history: the referents and partners of the demo.
      long long count = 0;
      sql << "SELECT CAST(COUNT(DISTINCT lower(u.email)) AS BIGINT) FROM users u JOIN memberships m ON m.user_id = "
             "u.id WHERE m.role IN ('referent', 'partner_staff') AND u.disabled = 0",
          soci::into(count);
      sql << "INSERT INTO life_newsletters (organiser_id, subject, body, segments, delegation_id, member_year, "
             "public_archive, status, scheduled_at, sent_at, recipients_count, created_by, created_at, updated_at) "
             "VALUES (:o, :s, :b, 'referents,partners', 0, 0, 1, 'sent', 0, :t, :c, :u, :cr, :up)",
          soci::use(organiser), soci::use(subject), soci::use(body), soci::use(sent_at), soci::use(count),
          soci::use(author), soci::use(created), soci::use(sent_at);
      std::string draft_subject = kDraftSubject;
      std::string draft_body = kDraftBody;
      long long now = store::now_seconds();
      sql << "INSERT INTO life_newsletters (organiser_id, subject, body, segments, delegation_id, member_year, "
             "public_archive, status, created_by, created_at, updated_at) VALUES (:o, :s, :b, 'members', 0, 2024, 1, "
             "'draft', :u, :c, :m)",
          soci::use(organiser), soci::use(draft_subject), soci::use(draft_body), soci::use(author), soci::use(now),
          soci::use(now);
    }
    std::string title = kNoticeTitle;
    long long notices = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM life_notices WHERE organiser_id = :o AND title = :t",
        soci::into(notices), soci::use(organiser), soci::use(title);
    if (notices == 0) {
      long long now = store::now_seconds();
      std::string ends_on = local_day(now + 60 * 86400LL);
      std::string body =
          "Un café découverte du dispositif a lieu chaque mois : présentez-le à vos nouveaux collègues des relais.";
      std::string link = "/evenements";
      sql << "INSERT INTO life_notices (organiser_id, title, body, link, segment, delegation_id, ends_on, created_by, "
             "created_at) VALUES (:o, :t, :b, :l, 'referents', 0, :e, :u, :c)",
          soci::use(organiser), soci::use(title), soci::use(body), soci::use(link), soci::use(ends_on),
          soci::use(author), soci::use(now);
    }
  });
}

}  // namespace trame::newsletters
