#include "cooperation/evaluation/starter.hpp"

#include <vector>

#include "questionnaires/definitions/model.hpp"
#include "questionnaires/definitions/repository.hpp"

namespace trame::evaluation {

namespace {

struct StarterQuestion {
  const char* kind;  // scale or long
  const char* label;
};

struct StarterSection {
  const char* title;
  const char* description;
  std::vector<StarterQuestion> questions;
};

const char* kLow = "Pas du tout d'accord";
const char* kHigh = "Tout à fait d'accord";

const std::vector<StarterSection>& starter() {
  static const std::vector<StarterSection> sections{
      {"Les conditions de la coopération",
       "Ce qui rend la coopération possible : un projet partagé, la confiance, la place de chacun et chacune.",
       {{"scale", "Les objectifs du projet sont clairs et partagés par tous les partenaires."},
        {"scale", "Je me sens en confiance pour dire ce que je pense dans le groupe."},
        {"scale", "Chaque structure trouve sa place et son intérêt dans le projet."},
        {"scale", "Je sais comment les décisions sont prises, et elles sont prises de façon transparente."}}},
      {"Les moyens de la coopération",
       "Ce que nous mettons en commun : le temps, les personnes, l'argent, les outils et les informations.",
       {{"scale", "Ma structure peut consacrer au projet le temps qu'il demande."},
        {"scale", "Les réunions sont utiles et bien préparées."},
        {"scale", "Les informations circulent bien entre les partenaires."},
        {"scale", "Les moyens (humains, financiers, matériels) suffisent pour ce que nous voulons faire."}}},
      {"Les résultats de la coopération",
       "Ce que la coopération produit : pour les habitants, pour nos structures et pour chacun et chacune.",
       {{"scale", "Le projet avance vers ce que nous voulions atteindre pour les habitants."},
        {"scale", "Travailler ensemble m'a permis de faire des choses que je n'aurais pas faites seul·e."},
        {"scale", "Les liens entre nos structures se sont renforcés."},
        {"long", "Qu'est-ce qui marche bien dans notre coopération ?"},
        {"long", "Que faudrait-il changer pour la suite ?"}}},
  };
  return sections;
}

}  // namespace

int starter_question_count() {
  int n = 0;
  for (const auto& s : starter()) n += static_cast<int>(s.questions.size());
  return n;
}

long long create_starter_questionnaire(soci::session& sql, long long organisation_id, const std::string& project_title,
                                       long long actor_id, long long now) {
  definitions::Questionnaire q;
  q.organisation_id = organisation_id;
  q.title = "Évaluation de la coopération — " + project_title;
  q.description =
      "Ce questionnaire évalue notre coopération elle-même : ses conditions, ses moyens et ses résultats. Il est "
      "proposé à chaque phase du projet, avec les mêmes questions, pour voir ce qui change. Il est anonyme : "
      "personne ne peut relier vos réponses à votre nom, et les résultats ne sont montrés qu'à partir de cinq "
      "réponses.";
  q.kind = "other";
  q.anonymous = true;
  q.status = "published";
  const long long id = definitions::insert_questionnaire(sql, q, actor_id, now);
  int section_position = 0;
  for (const auto& s : starter()) {
    const long long section = definitions::insert_section(sql, id, ++section_position, s.title, s.description);
    int position = 0;
    for (const auto& item : s.questions) {
      definitions::Question question;
      question.questionnaire_id = id;
      question.section_id = section;
      question.position = ++position;
      question.kind = item.kind;
      question.label = item.label;
      question.required = std::string(item.kind) == "scale";
      if (question.kind == "scale") {
        question.low_label = kLow;
        question.high_label = kHigh;
      }
      definitions::insert_question(sql, question, now);
    }
  }
  return id;
}

}  // namespace trame::evaluation
