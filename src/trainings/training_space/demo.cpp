// Demo data of the toolbox and the group space (idempotent: each item is looked up by its title first).
// The sessions come from the trainings module and the enrolled trainees from the enrolments module;
// whatever is absent is skipped quietly.
#include "platform/docs/file_type.hpp"
#include "trainings/training_space/service.hpp"
#include "platform/web/crypto.hpp"

namespace trame::training_space {

namespace {

const char* kAncenis = "Pays d'Ancenis 2022-2023";
const char* kSpring = "Session printemps 2027";

const char* kGrid =
    "Une grille à remplir pendant et après chaque sortie culturelle partagée avec un groupe.\n\n"
    "## Avant la sortie\n\n"
    "- Qui a choisi le spectacle ou la lecture, et comment ?\n"
    "- Quelles générations sont présentes (enfants, parents, aînés) ?\n"
    "- Quelles craintes ou envies ont été exprimées ?\n\n"
    "## Pendant la sortie\n\n"
    "- L'accueil dans le lieu : qui parle à qui ?\n"
    "- Les moments d'échange entre générations (avant, entracte, après).\n"
    "- Ce qui a surpris, fait rire, ému.\n\n"
    "## Après la sortie\n\n"
    "1. Qu'est-ce que chacun a retenu ?\n"
    "2. Quelle suite donner (atelier, rencontre avec l'équipe artistique, nouvelle sortie) ?\n"
    "3. Quel lien avec le projet de territoire de la structure ?\n";

const char* kBooklet =
    "Livret d'accueil du stagiaire - Sagiterre\n"
    "==========================================\n\n"
    "Horaires : 9 h 00 - 12 h 30 et 13 h 30 - 17 h 00.\n"
    "Émargement : chaque demi-journée, sur votre téléphone avec le code donné par le formateur.\n"
    "Référente handicap : C. Boughattas (formation@sagiterre.local).\n"
    "Réclamations : par écrit à l'organisme de formation, réponse sous quinze jours.\n";

struct DemoPost {
  int author;     // index among the authors (0: the first enrolled trainee or the coordinator)
  long long day;  // days after the session's start
  const char* body;
};

}  // namespace

void Service::load_demo(const Actor& actor) {
  db_.write([&](soci::session& sql) {
    long long now = store::now_seconds();
    auto add = [&](long long session_id, long long module_id, const std::string& kind, const std::string& title,
                   const std::string& url, const std::string& body, long long by, long long at) {
      if (repo_.has_resource_titled(sql, session_id, title)) return;
      Resource r;
      r.session_id = session_id;
      r.module_id = module_id;
      r.kind = kind;
      r.title = title;
      r.url = url;
      r.body = body;
      r.created_by = by;
      r.created_at = at;
      long long id = repo_.insert_resource(sql, r);
      audit_.record(sql, actor, "training_space.resource_added", "training_session:" + std::to_string(session_id),
                    kind + " " + std::to_string(id) + " : " + title + " (démo)");
    };
    auto add_file = [&](long long session_id, long long by, const std::string& title, const std::string& name,
                        const std::string& bytes, long long at) {
      if (repo_.has_resource_titled(sql, session_id, title)) return;
      Resource r;
      r.session_id = session_id;
      r.kind = "file";
      r.title = title;
      r.file_name = name;
      r.content_type = docs::kText;
      r.bytes = bytes;
      r.size_bytes = static_cast<long long>(bytes.size());
      r.sha256 = web::sha256_hex(bytes);
      r.created_by = by;
      r.created_at = at;
      repo_.insert_resource(sql, r);
    };

    // Sagiterre's open session: a welcome note per module, a welcome booklet, a first thread.
    if (long long spring = repo_.session_by_title(sql, kSpring)) {
      long long by = repo_.user_by_email(sql, "formateur@sagiterre.local");
      if (!by) by = repo_.user_by_email(sql, "formation@sagiterre.local");
      if (by) {
        for (const auto& m : repo_.modules(sql, repo_.programme_of(sql, spring))) {
          add(spring, m.id, "note", "Bienvenue dans le " + m.title, "",
              "Bienvenue ! Vous trouverez ici les ressources du **" + m.title +
                  "** : supports des séances, lectures conseillées et outils d'animation, au fil de la formation.\n\n"
                  "Une question ? Posez-la dans l'espace de groupe de la session.",
              by, now);
        }
        add_file(spring, by, "Livret d'accueil du stagiaire", "livret-accueil.txt", kBooklet, now);
        const std::string welcome = "Présentations";
        if (!repo_.has_thread_titled(sql, spring, welcome)) {
          Thread t;
          t.session_id = spring;
          t.title = welcome;
          t.author_id = by;
          t.created_at = now;
          t.id = repo_.insert_thread(sql, t);
          Post p;
          p.thread_id = t.id;
          p.author_id = by;
          p.body =
              "Bienvenue à toutes et à tous ! Présentez-vous en quelques lignes : votre structure, votre "
              "territoire, et ce que vous attendez de la formation.";
          p.created_at = now;
          repo_.insert_post(sql, p);
          repo_.touch_thread(sql, t.id, now);
        }
      }
    }

    if (long long ancenis = repo_.session_by_title(sql, kAncenis)) {
      long long coordinator = repo_.user_by_email(sql, "coordination.ancenis@trame.local");
      auto access = programmes::session_access(sql, nullptr, ancenis);
      long long start = access && access->starts_at > 0 ? access->starts_at : now;
      long long by = coordinator ? coordinator : actor.id;
      if (by) {
        add(ancenis, 0, "link", "Le Département de Loire-Atlantique et la culture", "https://www.loire-atlantique.fr",
            "", by, start);
        add(ancenis, 0, "note", "Grille d'observation d'une sortie culturelle", "", kGrid, by, start + 3600);
      }
      const std::string title = "Retours sur la sortie au spectacle avec les aînés";
      std::vector<long long> authors = repo_.enrolled_users(sql, ancenis, 3);
      std::size_t trainees = authors.size();
      if (coordinator) authors.push_back(coordinator);
      if (trainees > 0 && !repo_.has_thread_titled(sql, ancenis, title)) {
        const DemoPost posts[] = {
            {0, 20,
             "Nous sommes allés voir le spectacle de marionnettes avec le club des aînés et le centre de "
             "loisirs. Les enfants ont guidé les plus âgés jusqu'à leur place : un très beau moment.\n\n"
             "Comment avez-vous organisé le retour après la sortie ?"},
            {1, 21,
             "Chez nous, un goûter partagé le lendemain, avec la grille d'observation de la boîte à "
             "outils. Les aînés ont raconté leurs souvenirs de théâtre, les enfants ont dessiné."},
            {3, 22,
             "Merci pour ces retours. Pensez à noter les verbatims : nous les reprendrons au prochain "
             "séminaire sur l'évaluation."},
        };
        Thread t;
        t.session_id = ancenis;
        t.title = title;
        t.author_id = authors[0];
        t.created_at = start + posts[0].day * 86400;
        t.id = repo_.insert_thread(sql, t);
        for (const auto& dp : posts) {
          Post p;
          p.thread_id = t.id;
          p.author_id = authors[std::min<std::size_t>(static_cast<std::size_t>(dp.author), authors.size() - 1)];
          p.body = dp.body;
          p.created_at = start + dp.day * 86400;
          repo_.insert_post(sql, p);
          repo_.touch_thread(sql, t.id, p.created_at);
        }
        audit_.record(sql, actor, "training_space.thread_created", "training_session:" + std::to_string(ancenis),
                      "fil " + std::to_string(t.id) + " : " + title + " (démo)");
      }
    }
  });
}

}  // namespace trame::training_space
