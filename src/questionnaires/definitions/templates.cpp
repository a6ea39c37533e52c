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
  // Sections from this index on were added to a shipped template later (issue 18): a library created
  // before gets them appended once by ensure_templates (-1: none).
  int appended_from = -1;
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
          {"long", "Souhaitez-vous ajouter quelque chose ?"}}},
        {"Les formateurs",
         "Pour chaque formateur ou formatrice : 1 = pas du tout satisfait·e, 5 = très satisfait·e.",
         {{"scale", "Votre appréciation des formateurs et formatrices", true, "", false, "", "Pas du tout satisfait·e",
           "Très satisfait·e",
           "Une question par formateur ou formatrice de la session est créée quand le questionnaire est envoyé "
           "pour une session.",
           kTrainerPlaceholder},
          {"long", "Un commentaire sur les formateurs et formatrices ?"}}},
        {"L'organisme de formation",
         "1 = insuffisant, 5 = excellent.",
         {{"matrix", "Comment évaluez-vous l'organisme de formation ?", true, "", false,
           "L'organisation de la formation\nL'information avant la formation\nL'accueil et la logistique\n"
           "L'accessibilité",
           "Insuffisant", "Excellent"},
          {"long", "Un commentaire sur l'organisme de formation ?"}}}},
       3},
      {"midcourse",
       "Évaluation à chaud",
       "Pendant la formation, quelques minutes pour dire aux formateurs ce qui fonctionne et ce qu'il faut ajuster "
       "pour la suite. Ce questionnaire est anonyme : personne ne peut relier vos réponses à votre nom.",
       true,
       {{"Où en êtes-vous ?",
         "",
         {{"long", "Qu'est-ce qui fonctionne bien pour vous jusqu'ici ?", false},
          {"long", "Qu'est-ce qu'il faudrait ajuster pour la suite ?", false},
          {"single", "Le rythme vous convient-il ?", true, "Trop lent\nAdapté\nTrop rapide"},
          {"scale", "Clarté des contenus et des consignes", true, "", false, "", "Pas clair du tout", "Très clair"},
          {"long", "Commentaire libre", false}}}}},
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

// Inserts sections [from, end) of a shipped template into questionnaire qid, positions after `after`;
// `ids` holds the ids of the template's questions already inserted (conditions point into it).
void create_sections(soci::session& sql, long long qid, const TT& t, std::size_t from, int after,
                     std::vector<long long>& ids, long long now) {
  int spos = after;
  for (std::size_t si = from; si < t.sections.size(); ++si) {
    const auto& s = t.sections[si];
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
  create_sections(sql, qid, t, 0, 0, ids, now);
}

}  // namespace

const std::vector<std::string>& template_keys() {
  static const std::vector<std::string> v{"positioning", "satisfaction", "followup", "midcourse",
                                          "trainer",     "funder",       "impact",   "holders"};
  return v;
}

long long template_id(soci::session& sql, const std::string& key) {
  return select_template_id(sql, key);
}

void ensure_templates(soci::session& sql, long long now) {
  for (const auto& t : library()) {
    long long id = template_id(sql, t.key);
    if (id == 0) {
      create_template(sql, t, now);
      continue;
    }
    if (t.appended_from < 0) continue;
    // A library created before sections were added to this template: append them once, recognised by
    // the title of the first added section (templates are never answered: no version to bump).
    const std::string& marker = t.sections[static_cast<std::size_t>(t.appended_from)].title;
    if (has_section_titled(sql, id, marker)) continue;
    std::vector<long long> ids;  // the added sections hold no condition
    create_sections(sql, id, t, static_cast<std::size_t>(t.appended_from), last_section_position(sql, id), ids, now);
  }
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

bool is_objective_key(const std::string& key) {
  if (key == kObjectivePlaceholder) return true;
  if (key.size() < 5 || key.compare(0, 4, "obj-") != 0) return false;
  for (std::size_t i = 4; i < key.size(); ++i)
    if (key[i] < '0' || key[i] > '9') return false;
  return true;
}

std::vector<Question> expand_for_session(const std::vector<Question>& section,
                                         const std::vector<std::string>& objectives,
                                         const std::vector<std::string>& trainers,
                                         std::map<long long, long long>* dropped) {
  std::vector<Question> out;
  long long anchor = 0;  // the source id of this section's expanded objective question
  for (const auto& q : section) {
    if (!objectives.empty() && is_objective_key(q.objective)) {
      if (anchor) {
        if (dropped) (*dropped)[q.id] = anchor;
        continue;
      }
      anchor = q.id;
      for (std::size_t k = 0; k < objectives.size(); ++k) {
        Question o = q;
        o.label = objectives[k];
        o.objective = "obj-" + std::to_string(k + 1);
        o.help.clear();
        out.push_back(std::move(o));
      }
      continue;
    }
    if (!trainers.empty() && q.objective == kTrainerPlaceholder) {
      for (std::size_t k = 0; k < trainers.size(); ++k) {
        Question o = q;
        o.label = trainers[k];
        o.objective = "trn-" + std::to_string(k + 1);
        o.help.clear();
        out.push_back(std::move(o));
      }
      continue;
    }
    out.push_back(q);
  }
  return out;
}

long long copy_for_session(soci::session& sql, long long source_id, long long session_id,
                           const std::string& session_title, const std::vector<std::string>& objectives,
                           const std::vector<std::string>& trainers, long long now) {
  auto def = load_definition(sql, source_id, false);
  if (!def) return source_id;
  bool any = false;
  for (const auto& section : def->questions)
    for (const auto& q : section)
      if ((!objectives.empty() && is_objective_key(q.objective)) ||
          (!trainers.empty() && q.objective == kTrainerPlaceholder))
        any = true;
  if (!any) return source_id;
  Questionnaire q = def->questionnaire;
  q.is_template = false;
  q.template_key.clear();
  q.source_id = source_id;
  q.version = 1;
  q.status = "published";
  q.title += " — " + session_title;
  long long qid = insert_questionnaire(sql, q, 0, now);
  publish_for_session(sql, qid, session_id);
  std::map<long long, long long> remap;  // source question id → new id (its anchor)
  std::map<long long, long long> dropped;
  int spos = 0;
  for (std::size_t i = 0; i < def->sections.size(); ++i) {
    const auto& s = def->sections[i];
    long long sid = insert_section(sql, qid, ++spos, s.title, s.description);
    int pos = 0;
    for (auto x : expand_for_session(def->questions[i], objectives, trainers, &dropped)) {
      const long long source_question = x.id;
      x.questionnaire_id = qid;
      x.section_id = sid;
      if (x.show_if_question) {
        long long target = x.show_if_question;
        if (auto d = dropped.find(target); d != dropped.end()) target = d->second;
        auto it = remap.find(target);
        x.show_if_question = it != remap.end() ? it->second : 0;
      }
      if (x.show_if_question == 0) x.show_if_value.clear();
      x.position = ++pos;
      long long id = insert_question(sql, x, now);
      remap.emplace(source_question, id);  // the first of an expansion is the anchor
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
