#include "questionnaires/definitions/templates.hpp"

#include <map>

#include "questionnaires/definitions/definition.hpp"
#include "questionnaires/definitions/repository.hpp"

namespace trame::definitions {

namespace {

// A question of a shipped template; show_if: index (in the template, 0-based over all its questions)
// of the earlier question the condition points to, or -1.
struct TQ {
  std::string kind;
  std::string label;
  bool required = false;
  std::string options = {};
  bool other = false;
  std::string items = {};
  std::string low = {}, high = {};
  std::string help = {};
  std::string objective = {};
  int show_if = -1;
  std::string show_if_value = {};
};

struct TS {
  std::string title;
  std::string description;
  std::vector<TQ> questions;
};

struct TT {
  std::string key;
  std::string title;
  std::string description;
  bool anonymous = true;
  std::vector<TS> sections;
};

const char* kReached = "Totalement\nEn grande partie\nPartiellement\nPas du tout";

const std::vector<TT>& library() {
  static const std::vector<TT> v{
      {"positioning",
       "Positionnement",
       "Une semaine avant la formation, situez-vous sur chacun de ses objectifs. Il n'y a pas de bonne ou de mauvaise "
       "réponse : vos réponses aident les formateurs à adapter la formation au groupe.",
       false,
       {{"Vos connaissances aujourd'hui",
         "Pour chaque objectif : 1 = je ne connais pas du tout, 5 = je maîtrise.",
         {{"scale", "Mon niveau sur les objectifs de la formation", true, "", false, "", "Je ne connais pas du tout",
           "Je maîtrise",
           "Une question par objectif du programme est créée quand le questionnaire est copié pour un programme.",
           kObjectivePlaceholder},
          {"yesno", "Avez-vous déjà suivi une formation sur ce thème ?", true},
          {"short", "Laquelle, et quand ?", false, "", false, "", "", "", "", "", 1, "oui"}}},
        {"Vos attentes",
         "",
         {{"long", "Qu'attendez-vous de cette formation ?", true},
          {"long", "Avez-vous des besoins particuliers pour suivre la formation (accessibilité, adaptation) ?", false,
           "", false, "", "", "", "Ces informations restent confidentielles."}}}}},
      {"satisfaction",
       "Satisfaction",
       "Votre avis à la fin de la formation. Ce questionnaire est anonyme : personne ne peut relier vos réponses à "
       "votre nom.",
       true,
       {{"Votre avis global",
         "",
         {{"scale", "Satisfaction globale", true, "", false, "", "Pas du tout satisfait·e", "Très satisfait·e"},
          {"single", "Les objectifs de la formation ont-ils été atteints ?", true, kReached}}},
        {"Le déroulement",
         "",
         {{"matrix", "Comment évaluez-vous…", true, "", false,
           "L'organisation\nLe contenu\nLes méthodes pédagogiques\nLes formateurs et formatrices\nLe lieu",
           "Insuffisant", "Excellent"},
          {"nps", "Recommanderiez-vous cette formation à un ou une collègue ?", true, "", false, "",
           "Pas du tout probable", "Très probable"}}},
        {"Vos suggestions", "", {{"long", "Que faudrait-il améliorer ?"}, {"long", "Commentaire libre"}}}}},
      {"followup",
       "Suivi à un mois",
       "Un mois après la formation : ce que vous en avez fait, où vous en êtes, ce qui vous freine.",
       false,
       {{"Ce que vous avez mis en pratique",
         "",
         {{"multiple", "Depuis la formation, qu'avez-vous mis en pratique ?", true,
           "Des outils ou des méthodes présentés\nDes contacts noués pendant la formation\nUn projet avec un "
           "partenaire\n"
           "Une nouvelle façon d'accueillir les publics\nRien pour l'instant",
           true}}},
        {"Votre niveau aujourd'hui",
         "Pour chaque objectif : 1 = je ne connais pas du tout, 5 = je maîtrise.",
         {{"scale", "Mon niveau aujourd'hui sur les objectifs de la formation", true, "", false, "",
           "Je ne connais pas du tout", "Je maîtrise",
           "Une question par objectif du programme est créée quand le questionnaire est copié pour un programme.",
           kObjectivePlaceholder}}},
        {"Les freins",
         "",
         {{"multiple", "Qu'est-ce qui freine la mise en pratique ?", false,
           "Le manque de temps\nLe manque de moyens\nLe soutien de ma structure\nLe manque de partenaires\nAucun frein",
           true},
          {"long", "Souhaitez-vous ajouter quelque chose ?"}}}}},
      {"trainer",
       "Évaluation par les formateurs",
       "Le regard des formateurs et formatrices sur la session : le groupe, les objectifs, les conditions.",
       false,
       {{"Le groupe",
         "",
         {{"scale", "Dynamique du groupe", true, "", false, "", "Difficile", "Excellente"},
          {"long", "Observations sur le groupe"}}},
        {"Les objectifs",
         "",
         {{"single", "Les objectifs pédagogiques ont-ils été atteints ?", true, kReached},
          {"matrix", "Conditions de réalisation", true, "", false,
           "Les locaux\nLe matériel\nL'organisation logistique\nLa durée", "Insuffisant", "Excellent"}}},
        {"Suggestions", "", {{"long", "Vos suggestions pour les prochaines sessions"}}}}},
      {"funder",
       "Regard du financeur ou de l'employeur",
       "Votre regard sur la formation suivie par les personnes que vous avez financées ou que vous employez.",
       false,
       {{"Les effets observés",
         "",
         {{"multiple", "Quels effets avez-vous observés depuis la formation ?", true,
           "Une meilleure connaissance des partenaires culturels\nDe nouveaux projets\n"
           "Une évolution des pratiques professionnelles\nUne meilleure orientation des publics\nAucun effet visible",
           true},
          {"long", "Pouvez-vous donner un exemple ?"}}},
        {"Votre satisfaction",
         "",
         {{"scale", "Votre satisfaction globale", true, "", false, "", "Pas du tout satisfait·e", "Très satisfait·e"},
          {"yesno", "Financeriez-vous de nouveau cette formation ?", true},
          {"long", "Pourquoi ?", false, "", false, "", "", "", "", "", 3, "non"}}}}},
      {"impact",
       "Impact des sorties",
       "À remplir par le ou la référente, avec ou pour la personne accompagnée. Aucune donnée personnelle : ni nom, "
       "ni adresse, ni date de naissance ; la personne est désignée par un code.",
       true,
       {{"La personne",
         "",
         {{"single", "Tranche d'âge", false, "Moins de 18 ans\n18 à 25 ans\n26 à 40 ans\n41 à 60 ans\nPlus de 60 ans"},
          {"single", "À quelle fréquence la personne sort-elle (spectacle, exposition, cinéma…) ?", true,
           "Jamais avant cette sortie\nMoins d'une fois par an\nQuelques fois par an\nAu moins une fois par mois"}}},
        {"Ce que la sortie a changé",
         "",
         {{"multiple", "Qu'est-ce que la sortie a changé ?", true,
           "Le plaisir, la détente\nLe lien avec le ou la référente\nLe lien avec la famille ou les proches\n"
           "La confiance en soi\nL'envie de ressortir\nLa découverte d'un lieu ou d'un art",
           true},
          {"scale", "Confiance pour sortir seul·e, sans accompagnement", true, "", false, "", "Pas du tout confiant·e",
           "Tout à fait confiant·e"},
          {"nps", "Recommanderait-elle ces sorties à une personne de son entourage ?", true, "", false, "",
           "Pas du tout probable", "Très probable"}}},
        {"Sa parole",
         "",
         {{"short", "Une phrase de la personne sur la sortie", false, "", false, "", "", "",
           "Quelques mots, sans nom ni détail qui permette de la reconnaître."},
          {"yesno", "La personne accepte-t-elle que cette phrase soit citée, sans son nom, dans la restitution ?",
           false}}}}},
      {"holders",
       "Suivi des titulaires de certification",
       "Six mois après votre certification : votre situation professionnelle, l'usage des compétences certifiées, "
       "ce qui vous a aidé·e. Vos réponses aident l'organisme certificateur à faire évoluer la certification.",
       false,
       {{"Votre situation aujourd'hui",
         "",
         {{"single", "Quelle est votre situation professionnelle aujourd'hui ?", true,
           "En emploi, sur le même poste qu'avant la certification\nEn emploi, sur un autre poste chez le même "
           "employeur\nEn emploi, chez un nouvel employeur\nÀ mon compte (indépendant·e, création d'activité)\n"
           "En recherche d'emploi\nEn formation",
           true},
          {"yesno", "Depuis la certification, avez-vous changé d'emploi ou de missions ?", true},
          {"multiple", "Qu'est-ce qui a changé ?", false,
           "Un nouvel emploi\nDe nouvelles missions chez le même employeur\nDes responsabilités d'encadrement ou de "
           "coordination\nUne évolution de statut ou de rémunération",
           true, "", "", "", "", "", 1, "oui"},
          {"scale", "Quel rôle la certification a-t-elle joué dans ce changement ?", false, "", false, "", "Aucun",
           "Décisif", "", "", 1, "oui"}}},
        {"L'usage des compétences certifiées",
         "Pour chaque bloc de compétences : 1 = je n'utilise pas ces compétences, 5 = je les utilise très souvent.",
         {{"scale", "J'utilise dans mon activité les compétences de la certification", true, "", false, "",
           "Je ne les utilise pas", "Je les utilise très souvent",
           "Une question par bloc de compétences est créée quand le questionnaire est copié pour une certification.",
           kBlockPlaceholder}}},
        {"Ce qui vous a aidé·e",
         "",
         {{"multiple", "Qu'est-ce qui vous a aidé·e à faire valoir votre certification ?", false,
           "La formation ou la préparation suivie\nLe réseau noué pendant le parcours\nLe soutien de mon employeur\n"
           "La reconnaissance du titre par les recruteurs\nUn accompagnement (conseil en évolution professionnelle, "
           "France Travail…)\nRien de particulier",
           true},
          {"nps", "Recommanderiez-vous cette certification à un ou une collègue ?", true, "", false, "",
           "Pas du tout probable", "Très probable"},
          {"long", "Commentaire libre"}}}}},
  };
  return v;
}

std::string kind_of_key(const std::string& key) {
  return key == "trainer" || key == "funder" || key == "impact" || key == "positioning" || key == "satisfaction" ||
                 key == "followup" || key == "holders"
             ? key
             : std::string("other");
}

void create_template(soci::session& sql, const TT& t, long long now) {
  Questionnaire q;
  q.title = t.title;
  q.description = t.description;
  q.kind = kind_of_key(t.key);
  q.anonymous = t.anonymous;
  q.is_template = true;
  q.template_key = t.key;
  q.status = "published";
  long long qid = insert_questionnaire(sql, q, 0, now);
  std::vector<long long> ids;
  int spos = 0;
  for (const auto& s : t.sections) {
    long long sid = insert_section(sql, qid, ++spos, s.title, s.description);
    int pos = 0;
    for (const auto& tq : s.questions) {
      Question x;
      x.questionnaire_id = qid;
      x.section_id = sid;
      x.position = ++pos;
      x.kind = tq.kind;
      x.label = tq.label;
      x.help = tq.help;
      x.required = tq.required;
      x.options = split_lines(tq.options);
      x.allow_other = tq.other;
      x.items = split_lines(tq.items);
      x.low_label = tq.low;
      x.high_label = tq.high;
      x.objective = tq.objective;
      if (tq.show_if >= 0 && tq.show_if < static_cast<int>(ids.size()) && !tq.show_if_value.empty()) {
        x.show_if_question = ids[tq.show_if];
        x.show_if_value = tq.show_if_value;
      }
      ids.push_back(insert_question(sql, x, now));
    }
  }
}

}  // namespace

const std::vector<std::string>& template_keys() {
  static const std::vector<std::string> v{"positioning", "satisfaction", "followup", "trainer",
                                          "funder",      "impact",       "holders"};
  return v;
}

long long template_id(soci::session& sql, const std::string& key) {
  return select_template_id(sql, key);
}

void ensure_templates(soci::session& sql, long long now) {
  for (const auto& t : library())
    if (template_id(sql, t.key) == 0) create_template(sql, t, now);
}

// copy_questionnaire, with the labels of a certification's blocks for the block placeholders.
static long long copy_expanding(soci::session& sql, long long source_id, long long organisation_id,
                                long long programme_id, const std::vector<std::string>& blocks, long long actor_id,
                                long long now) {
  auto def = load_definition(sql, source_id, false);
  if (!def) return 0;
  std::vector<std::string> objectives;
  std::string programme_title;
  if (programme_id) {
    if (auto programme = select_programme_objectives(sql, programme_id)) {
      programme_title = programme->title;
      objectives = split_lines(programme->objectives);
    } else {
      programme_id = 0;
    }
  }
  Questionnaire q = def->questionnaire;
  q.organisation_id = organisation_id;
  q.is_template = false;
  q.template_key.clear();
  q.source_id = source_id;
  q.programme_id = programme_id;
  q.version = 1;
  q.status = "draft";
  if (!programme_title.empty()) q.title += " — " + programme_title;
  long long qid = insert_questionnaire(sql, q, actor_id, now);
  std::map<long long, long long> remap;
  int spos = 0;
  for (std::size_t i = 0; i < def->sections.size(); ++i) {
    const auto& s = def->sections[i];
    long long sid = insert_section(sql, qid, ++spos, s.title, s.description);
    int pos = 0;
    for (const auto& src : def->questions[i]) {
      Question x = src;
      x.questionnaire_id = qid;
      x.section_id = sid;
      x.show_if_question = 0;
      if (src.show_if_question) {
        auto it = remap.find(src.show_if_question);
        if (it != remap.end()) x.show_if_question = it->second;
      }
      if (x.show_if_question == 0) x.show_if_value.clear();
      const bool objective_placeholder = src.objective == kObjectivePlaceholder;
      if (objective_placeholder || src.objective == kBlockPlaceholder) {
        const auto& labels = objective_placeholder ? objectives : blocks;
        const std::string prefix = objective_placeholder ? "obj-" : "blk-";
        if (labels.empty()) {
          x.objective.clear();
          x.help.clear();
          x.position = ++pos;
          remap[src.id] = insert_question(sql, x, now);
        } else {
          for (std::size_t k = 0; k < labels.size(); ++k) {
            Question o = x;
            o.label = labels[k];
            o.objective = prefix + std::to_string(k + 1);
            o.help.clear();
            o.position = ++pos;
            long long id = insert_question(sql, o, now);
            if (k == 0) remap[src.id] = id;
          }
        }
        continue;
      }
      x.position = ++pos;
      remap[src.id] = insert_question(sql, x, now);
    }
  }
  return qid;
}

long long copy_questionnaire(soci::session& sql, long long source_id, long long organisation_id, long long programme_id,
                             long long actor_id, long long now) {
  return copy_expanding(sql, source_id, organisation_id, programme_id, {}, actor_id, now);
}

long long copy_for_blocks(soci::session& sql, long long source_id, long long organisation_id,
                          const std::vector<std::string>& blocks, long long actor_id, long long now) {
  return copy_expanding(sql, source_id, organisation_id, 0, blocks, actor_id, now);
}

}  // namespace trame::definitions
