// Demo data of the referential: the Observatoire's certification « Construire une coopération
// culturelle territoriale » (seed 002) with its three blocks, their competences and criteria, and
// Sagiterre's programme (seed 003) linked to it. Made through the service, as a certifier would;
// idempotent (found by title).
#include "certification/referential/service.hpp"

namespace trame::referential {

namespace {

struct DemoBlock {
  const char* code;
  const char* title;
  const char* description;
  std::vector<std::pair<const char*, std::vector<std::pair<const char*, const char*>>>> competences;
};

const std::vector<DemoBlock>& demo_blocks() {
  static const std::vector<DemoBlock> blocks = {
      {"BC01",
       "Analyser un contexte d'action publique culturelle",
       "Définir une problématique de projet culturel avec les institutions et les acteurs du territoire.",
       {{"Effectuer une analyse partagée du contexte avec les institutions et les acteurs du territoire",
         {{"Les acteurs, les institutions et leurs compétences sont identifiés et situés", "exercise"},
          {"L'analyse croise les points de vue des acteurs rencontrés", "report"}}},
        {"Définir une problématique de projet culturel", {{"La problématique est formulée et argumentée", "defence"}}},
        {"Mettre en place une veille active des indicateurs clefs",
         {{"Les indicateurs retenus et leurs sources sont pertinents", "report"}}}}},
      {"BC02",
       "Concevoir un cadre de coopération culturelle dans un territoire",
       "Déterminer un processus de travail collectif avec les institutions et les acteurs.",
       {{"Élaborer des actions avec les institutions et les acteurs",
         {{"Les actions répondent à la problématique partagée", "report"}}},
        {"Concevoir un dispositif de délibération",
         {{"Les modes de décision et la place de chacun sont explicites", "exercise"}}},
        {"Formuler des critères d'évaluation de la coopération",
         {{"Les critères sont co-construits et mesurables", "defence"}}}}},
      {"BC03",
       "Mettre en œuvre un dispositif de coopération culturelle",
       "Animer le projet culturel de territoire avec les institutions et les acteurs.",
       {{"Faciliter la participation et la contribution des personnes",
         {{"L'animation favorise l'écoute active et le pouvoir d'agir des participants", "exercise"}}},
        {"Évaluer le dispositif de coopération et adapter les actions",
         {{"Les ajustements proposés découlent de l'évaluation", "defence"},
          {"Le plan de projet présente le dispositif d'évaluation", "report"}}}}},
  };
  return blocks;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  const std::string title = "Construire une coopération culturelle territoriale";
  long long owner = db_.read(
      [&](soci::session& sql) { return repo_.organisation_named(sql, "Observatoire des politiques culturelles"); });
  if (!owner || db_.read([&](soci::session& sql) { return repo_.certification_titled(sql, owner, title); })) return;
  auto all = ActingFor::everywhere();
  CertificationInput in;
  in.owner_id = owner;
  in.title = title;
  in.register_ = "rs";
  in.registration_number = "RS-DÉMO-002";
  in.decision_date = "2024-03-28";
  in.validity_end = "2029-03-28";
  in.summary =
      "Les opérateurs publics et privés qui contribuent aux politiques culturelles sont incités à élaborer de "
      "nouveaux modes de coopération territoriale. La certification atteste les compétences d'analyse, de "
      "conception, de mise en œuvre et d'évaluation d'une ingénierie de projets pluri et inter-acteurs, et les "
      "savoir-être coopératifs : écoute active, dialogue, animation qui facilite le pouvoir d'agir et la prise de "
      "décision distribuée.\n\n*Numéro d'enregistrement et dates de démonstration.*";
  in.audience =
      "Responsables de projets culturels ; agents des collectivités territoriales et de leurs établissements "
      "culturels.";
  in.prerequisites = "Exercer ou avoir exercé une mission de projet culturel sur un territoire (un an au moins).";
  in.modalities =
      "Mise en situation autour d'un contexte de coopération et soutenance orale devant un jury.\n"
      "Rapport écrit d'un plan de projet de coopération culturelle territoriale, évalué par le jury.";
  in.equivalences = "Aucune équivalence ni passerelle à ce jour.";
  Outcome created = create(actor, all, in);
  if (!created.ok) return;
  long long id = created.id;
  const auto& blocks = demo_blocks();
  for (const auto& b : blocks) add_block(actor, all, id, Block{0, 0, 0, b.code, b.title, b.description, {}});
  auto tree = referential(all, id)->blocks;
  for (std::size_t i = 0; i < blocks.size() && i < tree.size(); ++i)
    for (const auto& [competence, criteria] : blocks[i].competences) add_competence(actor, all, tree[i].id, competence);
  tree = referential(all, id)->blocks;
  for (std::size_t i = 0; i < blocks.size() && i < tree.size(); ++i)
    for (std::size_t k = 0; k < blocks[i].competences.size() && k < tree[i].competences.size(); ++k)
      for (const auto& [criterion, modality] : blocks[i].competences[k].second)
        add_criterion(actor, all, tree[i].competences[k].id, Criterion{0, 0, 0, criterion, modality});
  set_status(actor, all, id, "published");

  // Sagiterre's training prepares it: module 1 the analysis, module 2 the design and the implementation.
  long long programme = db_.read([&](soci::session& sql) {
    return repo_.programme_titled(sql, "Pouvoir d'agir et coopération à l'épreuve du territoire");
  });
  if (!programme) return;
  auto modules = programmes_.modules(programme);
  if (modules.size() < 2) return;
  tree = referential(all, id)->blocks;
  std::vector<std::pair<long long, long long>> links;
  for (std::size_t i = 0; i < tree.size(); ++i)
    for (const auto& k : tree[i].competences) links.emplace_back(modules[i == 0 ? 0 : 1].id, k.id);
  set_preparation(actor, all, programme, id, links);
}

}  // namespace trame::referential
