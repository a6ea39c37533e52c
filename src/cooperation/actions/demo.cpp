// The demo's actions: the seed's project (001: Pays d'Ancenis) gets a tree of actions around its
// question — intergenerational links through live performance and public reading — some done, one
// late, one cancelled, one linked to the Théâtre Quartier Libre's outings offer.
#include "cooperation/actions/service.hpp"
#include "platform/core/calendar.hpp"

namespace trame::actions {

namespace {

const char* kDemoRoot = "Programmer des spectacles intergénérationnels";

std::string day_from_now(long long now, int days) {
  return local_day(now + static_cast<long long>(days) * 86400);
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long project_id = projects_.demo_project_id();
  if (!project_id) return;
  db_.write([&](soci::session& sql) {
    // Already there (other modules' demos may add actions of their own, the decisions' one does).
    for (const auto& a : repo_.of_project(sql, project_id))
      if (a.title == kDemoRoot) return;
    auto user = [&](const char* email) {
      long long id = project_repo_.user_by_email(sql, email);
      std::string role = id ? project_repo_.role_of(sql, project_id, id) : std::string();
      return role == "facilitator" || role == "member" ? id : 0LL;
    };
    long long facilitator = user("formation@sagiterre.local");
    if (!facilitator) return;  // the project's members are not there: nothing to own the actions
    auto or_facilitator = [&](long long id) { return id ? id : facilitator; };
    long long coordinator = or_facilitator(user("coordination.ancenis@trame.local"));
    long long trainer = or_facilitator(user("formateur@sagiterre.local"));
    long long trainee = or_facilitator(user("stagiaire@paul-guimard.local"));
    long long theatre = or_facilitator(user("billetterie@theatre-quartier-libre.local"));
    long long now = store::now_seconds();

    auto add = [&](long long parent, const char* title, const char* description, long long owner, int starts, int due,
                   const char* status, int progress, int weight) {
      Action a;
      a.project_id = project_id;
      a.parent_id = parent;
      a.title = title;
      a.description = description;
      a.owner_id = owner;
      a.starts_on = day_from_now(now, starts);
      a.due_on = day_from_now(now, due);
      a.status = status;
      a.progress = std::string(status) == "done" ? 100 : progress;
      a.done_on = std::string(status) == "done" ? day_from_now(now, due - 3) : std::string();
      a.weight = weight;
      a.created_by = facilitator;
      long long id = repo_.insert(sql, a, now);
      audit_.record(sql, actor, "cooperation.action.create", "cooperation_action:" + std::to_string(id), a.title);
      return id;
    };

    long long shows = add(0, kDemoRoot,
                          "Une saison de rendez-vous qui réunissent enfants, parents et aînés autour du spectacle "
                          "vivant et de la lecture publique, dans plusieurs communes du Pays d'Ancenis.",
                          coordinator, -120, 150, "in_progress", 0, 1);
    add(shows, "Lectures partagées en médiathèque",
        "Des lectures à deux voix, un enfant et un aîné, dans les médiathèques du réseau des bibliothèques.", trainee,
        -110, -20, "done", 100, 1);
    add(shows, "Atelier chant avec Musique et Danse en Loire-Atlantique",
        "Un atelier de chant intergénérationnel animé avec Musique et Danse en Loire-Atlantique, restitué au "
        "Préambule.",
        trainer, -60, 60, "in_progress", 40, 2);
    long long outings = add(shows, "Sorties au Théâtre Quartier Libre",
                            "Des places offertes aux familles et aux résidents des foyers pour les représentations "
                            "de la saison, avec une rencontre de l'équipe après le spectacle.",
                            theatre, -45, 90, "in_progress", 50, 1);
    add(shows, "Bal intergénérationnel de printemps", "Remplacé par l'atelier chant : la salle n'était pas disponible.",
        coordinator, -90, 30, "cancelled", 0, 1);

    long long voices = add(0, "Recueillir la parole des habitants",
                           "Entendre les habitants, jeunes et aînés, sur ce qui les réunit déjà et ce qui leur "
                           "manque.",
                           facilitator, -150, 45, "in_progress", 0, 1);
    add(voices, "Portraits sonores croisés jeunes – aînés",
        "Des entretiens enregistrés à l'Espace culturel Paul Guimard, montés en portraits croisés.", trainee, -100, -14,
        "in_progress", 30, 1);
    add(voices, "Restitution publique des portraits", "Une soirée d'écoute ouverte à tous.", facilitator, 20, 45,
        "planned", 0, 1);

    // The theatre's outings offer implements the outings action.
    if (auto offer = [&]() -> std::optional<Choice> {
          Choice c;
          sql << "SELECT o.id, o.title FROM outing_offers o JOIN organisations g ON g.id = o.venue_id WHERE g.name = "
                 "'Théâtre Quartier Libre' AND o.status = 'published' ORDER BY o.id LIMIT 1",
              soci::into(c.id), soci::into(c.label);
          if (!sql.got_data()) return std::nullopt;
          return c;
        }()) {
      Link l;
      l.action_id = outings;
      l.kind = "offer";
      l.target_id = offer->id;
      l.label = offer->label;
      repo_.insert_link(sql, l, facilitator, now);
    }
    // The training session whose trainees co-build the project implements the collection of voices.
    if (auto p = project_repo_.find(sql, project_id); p && p->training_session_id)
      if (auto c = repo_.choice(sql, "session", p->training_session_id, project_id)) {
        Link l;
        l.action_id = voices;
        l.kind = "session";
        l.target_id = c->id;
        l.label = c->label;
        repo_.insert_link(sql, l, facilitator, now);
      }
  });
}

}  // namespace trame::actions
