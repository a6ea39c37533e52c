// Demo data of the shared diagnosis (seed 001: the Pays d'Ancenis formation-action): the project's
// five sections written by its members over a few weeks, the resources section in three revisions by
// three people so that its history and differences show. Written through save_at as each member
// would (their access is checked); idempotent: nothing is done once a section has a revision.
#include <string>
#include <vector>

#include "cooperation/diagnosis/service.hpp"

namespace trame::diagnosis {

namespace {

struct DemoRevision {
  const char* key;
  const char* email;
  long long days_ago;
  const char* body;
};

const char* kContext =
    "Le Pays d'Ancenis est un territoire rural et périurbain, de part et d'autre de la Loire, entre Nantes et "
    "Angers. Les communes y sont nombreuses et de tailles très différentes : quelques bourgs-centres, dont Ancenis-"
    "Saint-Géréon, et beaucoup de petites communes où l'on se déplace surtout en voiture.\n\n"
    "Le Département y a mené en 2022-2023 une formation-action culture et social avec la délégation du Pays "
    "d'Ancenis (service solidarité et développement local), en association avec la Communauté de communes du Pays "
    "d'Ancenis. Acteurs sociaux et acteurs culturels du territoire s'y sont retrouvés autour d'une question :\n\n"
    "> Comment créer, tisser des liens intergénérationnels sur un territoire à partir du spectacle vivant et de la "
    "lecture publique ? Comment sortir de l'isolement et de l'exclusion quel que soit l'âge ?\n\n"
    "Ce diagnostic rassemble ce que chacun sait du territoire, pour choisir ensemble une action culturelle "
    "opérationnelle.";

const char* kResources1 =
    "## Lieux culturels\n\n"
    "- **Espace culturel Paul Guimard** : programmation de spectacles, accueil de compagnies en résidence.\n"
    "- **Théâtre Quartier Libre**, à Ancenis-Saint-Géréon : salle de spectacle vivant.\n";

const char* kResources2 =
    "## Lieux culturels\n\n"
    "- **Espace culturel Paul Guimard** : programmation de spectacles, accueil de compagnies en résidence.\n"
    "- **Théâtre Quartier Libre**, à Ancenis-Saint-Géréon : salle de spectacle vivant, avec une billetterie "
    "solidaire et des actions culturelles auprès des scolaires.\n"
    "- **Le Préambule**, à Ligné : salle de spectacle et lieu de rencontre pour les communes du sud du territoire.\n";

const char* kResources3 =
    "## Lieux culturels\n\n"
    "- **Espace culturel Paul Guimard** : programmation de spectacles, accueil de compagnies en résidence.\n"
    "- **Théâtre Quartier Libre**, à Ancenis-Saint-Géréon : salle de spectacle vivant, avec une billetterie "
    "solidaire et des actions culturelles auprès des scolaires.\n"
    "- **Le Préambule**, à Ligné : salle de spectacle et lieu de rencontre pour les communes du sud du territoire.\n\n"
    "## Lecture publique\n\n"
    "- **Le réseau des bibliothèques** du Pays d'Ancenis : des bibliothèques dans la plupart des communes, "
    "souvent tenues par des bénévoles, avec une carte commune.\n\n"
    "## Partenaires\n\n"
    "- **Musique et Danse en Loire-Atlantique** : accompagnement des projets de pratique artistique et mise en "
    "relation avec des artistes.\n"
    "- **La Communauté de communes du Pays d'Ancenis** et **la délégation du Département** (service solidarité et "
    "développement local) : connaissance des publics accompagnés et des structures sociales.\n";

const char* kNeeds =
    "- **Créer des liens entre les générations** : les occasions de se rencontrer entre jeunes, familles et "
    "personnes âgées sont rares en dehors de la famille.\n"
    "- **Rompre l'isolement des personnes âgées**, surtout dans les petites communes et pour celles qui ne "
    "conduisent plus.\n"
    "- **Donner une place aux jeunes** : les 15-25 ans fréquentent peu les lieux culturels du territoire et "
    "manquent de moyens pour se déplacer le soir.\n"
    "- **Lever les freins des personnes accompagnées socialement** : le coût, la mobilité, et le sentiment que "
    "« ce n'est pas pour moi ».\n"
    "- **Mieux se connaître entre acteurs sociaux et culturels** pour s'orienter les publics les uns aux autres.";

const char* kVoices =
    "Les paroles recueillies lors des ateliers, du porte-à-porte et dans les groupes des partenaires sont "
    "enregistrées dans les **contributions d'habitants** du projet, sans aucun nom. Ce qui en ressort le plus :\n\n"
    "- l'envie de sorties accompagnées, en petit groupe ;\n"
    "- le plaisir d'entendre lire, de raconter ses souvenirs, et de les transmettre aux plus jeunes ;\n"
    "- la difficulté de venir le soir sans voiture.";

const char* kInitiatives =
    "- Des **lectures à voix haute** proposées par des bibliothèques du réseau dans des résidences pour personnes "
    "âgées.\n"
    "- Des **spectacles en tournée** dans les communes, avec un temps d'échange après la représentation.\n"
    "- Des **ateliers de pratique musicale** ouverts aux familles, accompagnés par Musique et Danse en "
    "Loire-Atlantique.\n"
    "- Le **portage de livres à domicile** pour les personnes qui ne se déplacent plus.";

const std::vector<DemoRevision>& demo_revisions() {
  static const std::vector<DemoRevision> list = {
      {"context", "coordination.ancenis@trame.local", 42, kContext},
      {"resources", "stagiaire@paul-guimard.local", 40, kResources1},
      {"resources", "billetterie@theatre-quartier-libre.local", 33, kResources2},
      {"resources", "formation@sagiterre.local", 21, kResources3},
      {"needs", "formateur@sagiterre.local", 35, kNeeds},
      {"voices", "formation@sagiterre.local", 14, kVoices},
      {"initiatives", "billetterie@theatre-quartier-libre.local", 28, kInitiatives},
  };
  return list;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long project_id = projects_.demo_project_id();
  if (!project_id) return;
  sections(project_id);  // the default sections
  auto current = db_.read([&](soci::session& sql) { return repo_.sections(sql, project_id); });
  for (const auto& s : current)
    if (s.revision > 0) return;
  long long now = store::now_seconds();
  for (const auto& r : demo_revisions()) {
    Principal me;
    me.id = db_.read([&](soci::session& sql) { return repo_.user_by_email(sql, r.email); });
    me.email = r.email;
    if (!me.id) continue;
    for (const auto& s : db_.read([&](soci::session& sql) { return repo_.sections(sql, project_id); })) {
      if (s.key != r.key) continue;
      Actor as = actor;
      as.id = me.id;
      as.label = r.email;
      save_at(as, me, project_id, s.id, SaveInput{s.revision, r.body}, now - r.days_ago * 86400);
    }
  }
}

}  // namespace trame::diagnosis
