// Demo data of the trainings module: the Département's formation-action culture/social (seed 000) with
// three completed sessions, and Sagiterre's "Pouvoir d'agir et coopération à l'épreuve du territoire"
// (seed 003) with one open session. Idempotent: programmes and sessions are found by title.
#include <string>
#include <tuple>
#include <vector>

#include "platform/core/calendar.hpp"
#include "platform/store/database.hpp"
#include "trainings/programmes/service.hpp"

namespace trame::programmes {

namespace {

long long id_of(soci::session& sql, const std::string& query, const std::string& value) {
  long long id = 0;
  sql << query, soci::into(id), soci::use(value);
  return sql.got_data() ? id : 0;
}

long long user_id(soci::session& sql, const std::string& email) {
  return id_of(sql, "SELECT id FROM users WHERE email = :e", email);
}
long long organisation_id(soci::session& sql, const std::string& name) {
  return id_of(sql, "SELECT id FROM organisations WHERE name = :n", name);
}
long long delegation_id(soci::session& sql, const std::string& name) {
  return id_of(sql, "SELECT id FROM delegations WHERE departement_code = '44' AND name = :n", name);
}

struct DemoDay {
  std::string day;
  int seminar;  // index into the seminars (0-based)
  long long module_id;
};

// A session with its seminars and full days (morning 9:00-12:30, afternoon 13:30-17:00).
void add_days(soci::session& sql, const Repository& repo, long long session_id,
              const std::vector<std::string>& seminars, const std::vector<DemoDay>& days) {
  std::vector<long long> seminar_ids;
  seminar_ids.reserve(seminars.size());
  for (const auto& title : seminars) seminar_ids.push_back(repo.insert_seminar(sql, session_id, title));
  for (const auto& d : days) {
    for (const auto& [period, start, end] :
         {std::tuple<const char*, long long, long long>{"am", 9 * 60, 12 * 60 + 30},
          std::tuple<const char*, long long, long long>{"pm", 13 * 60 + 30, 17 * 60}}) {
      HalfDay h;
      h.session_id = session_id;
      h.seminar_id = seminar_ids.at(static_cast<std::size_t>(d.seminar));
      h.module_id = d.module_id;
      h.day = d.day;
      h.period = period;
      h.starts_at = local_time(d.day, start);
      h.ends_at = local_time(d.day, end);
      h.minutes = end - start;
      repo.insert_halfday(sql, h);
    }
  }
  repo.refresh_bounds(sql, session_id);
}

const char* kDepartementSummary =
    "Le Département de Loire-Atlantique, dans son projet stratégique, a fait le choix d'articuler son action autour "
    "des solidarités (éducatives, sociales, territoriales) et de travailler sur la culture comme levier d'insertion "
    "sociale et d'émancipation à l'échelle des territoires.\n\n"
    "Au-delà de la mobilisation des acteurs sociaux et des acteurs culturels pour développer des projets culturels "
    "avec et pour les publics accompagnés socialement, il est apparu nécessaire et indispensable de proposer une "
    "formation mixte entre les acteurs sociaux et les acteurs culturels d'un même territoire qui prend en compte la "
    "diversité des profils professionnels pour favoriser l'interconnaissance, lever des freins, « casser » les "
    "représentations, parler un langage commun.\n\n"
    "Cette formation est le fruit d'un dialogue permanent avec les collectivités, particulièrement dans le cadre des "
    "projets culturels de territoire initiés par le Département, et se co-construit avec les différents acteurs du "
    "territoire. L'objectif est de la proposer sur les six délégations ; une première expérimentation a eu lieu sur "
    "la délégation du Pays de Retz en 2019.";

const char* kDepartementObjectives =
    "Favoriser l'interconnaissance entre acteurs sociaux et acteurs culturels d'un même territoire afin de créer une "
    "culture professionnelle commune\n"
    "Encourager le développement de projets artistiques et culturels pour et avec les habitants les plus éloignés de "
    "la culture\n"
    "Pour les acteurs sociaux, enrichir et diversifier leur pratique professionnelle en investissant la culture comme "
    "outil d'accompagnement\n"
    "Pour les acteurs culturels, aborder la question des publics sous un autre aspect";

const char* kDepartementCompetences =
    "Être plus à l'aise dans l'accompagnement et le développement d'initiatives artistiques destinées à un public "
    "accompagné socialement\n"
    "Se familiariser avec la démarche de médiation culturelle et son articulation avec la médiation sociale afin de "
    "mieux se positionner que l'on soit acteur social, acteur culturel ou bien artiste\n"
    "Mieux appréhender les enjeux liés à la sortie culturelle\n"
    "Co-construire et mettre en œuvre avec les acteurs de la formation une action culturelle opérationnelle à "
    "destination des publics accompagnés socialement";

const char* kDepartementAudience =
    "Agents des collectivités territoriales du secteur social et du secteur culturel\n"
    "Acteurs sociaux et culturels associatifs (bénévoles et salariés) et agents d'établissements médico-sociaux "
    "partenaires des collectivités";

const char* kSagiterreSummary =
    "Comment se manifeste le pouvoir d'agir des habitants sur un territoire ? Quelles formes cela peut-il prendre ? "
    "Comment construire des coopérations et les coordinations qui permettent le développement et le renforcement de "
    "ce pouvoir d'agir ? Quelles formes peuvent-elles prendre ?\n\n"
    "Cette formation propose de travailler concrètement sur les mises en œuvre de la coopération et de la "
    "coordination sur un territoire en déclinant les aspects du pouvoir d'agir et des formes concrètes d'agir et de "
    "faire ensemble, dans l'échelle d'un lieu donné. Nous travaillerons sur la manière dont les pratiques des "
    "professionnels peuvent favoriser le développement de ce pouvoir d'agir et la coopération en nous appuyant sur le "
    "postulat qu'il existe déjà un pouvoir d'agir des habitants sur les territoires.\n\n"
    "Formation qualifiante, en présentiel.";

const char* kSagiterreObjectives =
    "Savoir s'inscrire dans une logique de coopération, de coordination et de développement du pouvoir d'agir\n"
    "Comprendre les liens et synergies qui se mettent en place dans les territoires\n"
    "Capitaliser des méthodes d'animation pour valoriser une autre manière de coopérer et d'agir à l'échelle des "
    "territoires\n"
    "Se servir du développement du pouvoir d'agir, pour engager l'innovation sociale et des expérimentations avec les "
    "habitants et acteurs divers dans les territoires\n"
    "Construire des réponses aux problématiques identifiées au niveau local avec les acteurs concernés\n"
    "Savoir s'inscrire dans une logique de développement durable";

const char* kSagiterreAudience =
    "Administrateurs, salariés d'associations ou d'organisations\n"
    "Bénévoles d'associations\n"
    "Demandeurs d'emploi\n"
    "Agents de collectivités";

const char* kSagiterreTeaching =
    "Les journées se déroulent de manière participative grâce au cercle de connaissances.\n"
    "La personnalisation de la formation en fonction du territoire d'expérimentation sociale, en lien avec des acteurs "
    "du territoire (centres sociaux, institutions, travailleurs sociaux, développeurs...).\n"
    "L'exploration et l'élaboration collective d'outils personnalisés pour le territoire.\n"
    "Les échanges et l'entraide entre stagiaires permettent également d'initier une démarche de réseau lors des "
    "séminaires de formation.\n"
    "Entre les séminaires, les formateurs peuvent être sollicités pour vous aider dans le développement de votre "
    "projet ; un suivi individuel est organisé entre les séminaires collectifs.\n"
    "Une boîte à outils est mise à la disposition des apprenants, classée par module à l'entrée en formation.";

const char* kSagiterreEvaluation =
    "En amont : le stagiaire évalue son niveau de connaissance sur le sujet de la formation par un questionnaire, une "
    "semaine avant la formation.\n"
    "Pendant la formation : le stagiaire est évalué « à chaud » par un questionnaire, pour apprécier la formation au "
    "regard des objectifs fixés et modifier ce qui ne correspondrait pas aux attendus.\n"
    "À l'issue de la formation : les formateurs et l'organisme de formation sont évalués par un questionnaire envoyé "
    "un mois après la formation.";

const char* kModule1 =
    "- **S'inscrire dans une logique de développement durable** à travers la valorisation des ressources locales, des "
    "personnes et de leur savoir-faire ;\n"
    "- **S'inscrire dans une logique de coopération, de coordination** : recenser les besoins des habitant·e·s non "
    "pris "
    "en compte, en associant les citoyen·ne·s aux initiatives des structures et des collectivités ;\n"
    "- **Répondre aux besoins** en s'inscrivant dans une logique de coopération et de cohérence entre production et "
    "consommation au plan local ;\n"
    "- **Comprendre les liens et les synergies** qui se mettent en place dans les territoires, comprendre les "
    "spécificités des territoires – quelles sont leurs histoires, comment s'y inscrivent-elles, comment se "
    "transmettent-elles ? La culture comme levier pour réinterroger cet imaginaire économique et créer un autre "
    "imaginaire du possible ;\n"
    "- **Construire une culture de la coopération intersectorielle, interdisciplinaire, inter-territoriale, "
    "inter-activité, intermédiaire** : la coopération est une manière de penser pour sortir de l'isolement ou de la "
    "logique concurrentielle, pour promouvoir la diversité et la construction de projets dans une vision d'intérêt "
    "général ;\n"
    "- **Se concerter, co-construire, consulter, coordonner…** : l'enjeu est de favoriser la coopération à partir "
    "d'expériences du champ de la société civile mais aussi des élu·e·s, pour nourrir les projets culturels, "
    "sociaux… de territoire ;\n"
    "- **Dépasser les logiques de projets descendants** : pour ouvrir ces questions à l'ensemble des parties prenantes "
    "concernées sur le territoire ;\n"
    "- **Travailler sur l'innovation sociale et citoyenne au service du développement** : une manière d'accompagner "
    "les territoires ?";

const char* kModule2 =
    "- **Capitalisation des méthodes d'animation** pour valoriser une autre manière de coopérer à l'échelle des "
    "territoires.\n"
    "- Comment dépasser les tendances qui voient les territoires dans lesquels se déploie l'intervention sociale et "
    "culturelle essentiellement par des manques et des difficultés, et les bénéficiaires comme des personnes en "
    "difficulté dépourvues de capacités d'action ?\n"
    "- Comment contribuer à inverser la tendance de « gestionnarisation » de l'intervention sociale et culturelle et "
    "impulser un mouvement ascendant ?\n"
    "- Comment articuler davantage les pratiques d'intervention aux ressources du territoire et au pouvoir d'agir des "
    "habitants ?\n"
    "- Comment passer du faire pour au faire ensemble, comment dépasser le rapport de verticalité entre "
    "professionnels/experts et habitants/bénéficiaires des actions ?\n"
    "- Comment créer une culture professionnelle commune autour des questions de pouvoir d'agir entre des corps "
    "professionnels différents ?\n"
    "- Quels sont les enjeux de la coordination dans un territoire, comment se construit-elle ?\n"
    "- Quelle gouvernance pour une coopération efficace ?";

struct PastSession {
  const char* title;
  const char* theme;
  const char* delegation;
  const char* commune;
  const char* place;
  std::vector<std::string> days;  // six days: two per seminar
};

}  // namespace

void Service::load_demo(const Actor& actor) {
  long long new_session = 0, new_session_trainer = 0;  // given its trainer through add_trainer, below
  long long running_session = 0;
  db_.write([&](soci::session& sql) {
    long long now = store::now_seconds();
    long long departement = organisation_id(sql, "Département de Loire-Atlantique");
    long long sagiterre = organisation_id(sql, "Sagiterre");
    long long coordinator = user_id(sql, "coordination.ancenis@trame.local");
    long long boughattas = user_id(sql, "formation@sagiterre.local");
    long long trainer = user_id(sql, "formateur@sagiterre.local");

    if (departement && !repo_.programme_by_title(sql, departement, "Formation-action culture/social")) {
      Programme p;
      p.organiser_id = departement;
      p.title = "Formation-action culture/social";
      p.summary = kDepartementSummary;
      p.objectives = kDepartementObjectives;
      p.competences = kDepartementCompetences;
      p.audience = kDepartementAudience;
      p.prerequisites = "Exercer dans le secteur social ou culturel sur le territoire de la délégation.";
      p.admission = "Inscription auprès de la délégation, en veillant à la mixité des profils sociaux et culturels.";
      p.duration_days = 6;
      p.duration_minutes = 42 * 60;
      p.teaching_methods =
          "Apports théoriques et mise en pratique artistique, en trois séminaires de deux jours.\n"
          "Co-construction d'une action culturelle opérationnelle à destination des publics "
          "accompagnés socialement.";
      p.evaluation_methods =
          "Questionnaire de satisfaction à l'issue de chaque séminaire et bilan collectif de "
          "l'action culturelle menée.";
      p.price_cents = 0;
      p.funding = "departement";
      p.accessibility = "Lieux accessibles aux personnes à mobilité réduite ; adaptations possibles sur demande.";
      p.disability_referent_id = coordinator;
      p.disability_contact = "Coordinatrice Pays d'Ancenis — coordination.ancenis@trame.local";
      p.contacts = "Coordinatrice Pays d'Ancenis — coordination.ancenis@trame.local";
      p.nature = "action_formation";
      p.mixed_threshold = 70;
      p.status = "published";
      p.id = repo_.insert_programme(sql, p, now, actor.id);
      Module m1{0,
                p.id,
                0,
                "Apports théoriques : médiation culturelle et médiation sociale",
                "- La démarche de médiation culturelle et son articulation avec la médiation sociale\n"
                "- Les enjeux liés à la sortie culturelle",
                21 * 60};
      Module m2{0,
                p.id,
                0,
                "Mise en pratique artistique et action culturelle",
                "- Pratique artistique partagée\n- Co-construction d'une action culturelle à destination des publics "
                "accompagnés socialement",
                21 * 60};
      long long mod1 = repo_.insert_module(sql, m1);
      long long mod2 = repo_.insert_module(sql, m2);
      const std::vector<PastSession> sessions{
          {"Pays de Retz 2019",
           "",
           "Délégation Pays de Retz",
           "",
           "",
           {"2019-03-21", "2019-03-22", "2019-05-16", "2019-05-17", "2019-06-20", "2019-06-21"}},
          {"Pays d'Ancenis 2022-2023",
           "Comment créer, tisser des liens intergénérationnels sur un territoire à partir du spectacle vivant et de "
           "la "
           "lecture publique ?",
           "Délégation Pays d'Ancenis",
           "44003",
           "Espace culturel Paul Guimard",
           {"2022-10-13", "2022-10-14", "2022-12-08", "2022-12-09", "2023-03-16", "2023-03-17"}},
          {"Nantes – Chantenay 2023",
           "",
           "Délégation Nantes",
           "44109",
           "",
           {"2023-09-28", "2023-09-29", "2023-11-16", "2023-11-17", "2023-12-14", "2023-12-15"}},
      };
      for (const auto& ps : sessions) {
        Session s;
        s.programme_id = p.id;
        s.title = ps.title;
        s.theme = ps.theme;
        s.delegation_id = delegation_id(sql, ps.delegation);
        s.commune_code = ps.commune;
        s.place = ps.place;
        s.min_trainees = 6;
        s.max_trainees = 16;
        s.status = "completed";
        s.id = repo_.insert_session(sql, s, now, actor.id);
        std::vector<DemoDay> days;
        for (std::size_t i = 0; i < ps.days.size(); ++i)
          days.push_back({ps.days[i], static_cast<int>(i / 2), i < 3 ? mod1 : mod2});
        add_days(sql, repo_, s.id, {"Séminaire 1", "Séminaire 2", "Séminaire 3"}, days);
      }
    }

    const std::string sagiterre_title = "Pouvoir d'agir et coopération à l'épreuve du territoire";
    if (sagiterre && !repo_.programme_by_title(sql, sagiterre, sagiterre_title)) {
      Programme p;
      p.organiser_id = sagiterre;
      p.title = sagiterre_title;
      p.summary = kSagiterreSummary;
      p.objectives = kSagiterreObjectives;
      p.competences =
          "Coopérer et coordonner l'action à l'échelle d'un territoire\n"
          "Animer des démarches participatives qui développent le pouvoir d'agir des habitants\n"
          "Construire avec les acteurs locaux des réponses aux problématiques identifiées";
      p.audience = kSagiterreAudience;
      p.prerequisites =
          "Pas de prérequis.\nMotivation pour les projets collectifs et innovants, la coopération et le "
          "pouvoir d'agir dans une organisation, un territoire.";
      p.admission =
          "Admission sur dossier et entretien individuel : la formation est soumise à candidature "
          "(au moins 7 jours avant le début de la formation).";
      p.duration_days = 10;
      p.duration_minutes = 70 * 60;
      p.teaching_methods = kSagiterreTeaching;
      p.evaluation_methods = kSagiterreEvaluation;
      p.price_cents = 150000;
      p.funding = "opco,france_travail,region";
      p.accessibility =
          "Toute personne en situation de handicap peut nous contacter pour l'adaptation des supports et "
          "contenus.";
      p.disability_referent_id = boughattas;
      p.disability_contact =
          "C. Boughattas, responsable des formations et référent handicap — 07 45 18 58 68 — "
          "sagiterre37@gmail.com";
      p.contacts =
          "C. Boughattas — 07 45 18 58 68 — 09 54 72 72 02 — sagiterre37@gmail.com\n"
          "Sagiterre, Cité des associations, 93 la Canebière, BP263, 13001 Marseille — www.sagiterre37.fr";
      p.nature = "action_formation";
      p.mixed_threshold = 70;
      p.status = "published";
      p.id = repo_.insert_programme(sql, p, now, actor.id);
      long long mod1 = repo_.insert_module(sql, Module{0, p.id, 0, "Module 1", kModule1, 35 * 60});
      long long mod2 = repo_.insert_module(sql, Module{0, p.id, 0, "Module 2", kModule2, 35 * 60});

      Session s;
      s.programme_id = p.id;
      s.title = "Session printemps 2027";
      s.commune_code = "13055";
      s.place = "Cité des associations";
      s.address = "93 la Canebière, 13001 Marseille";
      s.access = "Métro ligne 1, station Noailles ou Réformés-Canebière ; tramway T2, arrêt Canebière-Garibaldi.";
      s.rules = "Ponctualité, respect de la parole de chacun et de la confidentialité des situations évoquées.";
      s.min_trainees = 7;
      s.max_trainees = 12;
      s.status = "open";
      s.id = repo_.insert_session(sql, s, now, actor.id);
      // The first Monday at least 60 days ahead, then seminars of 4, 3 and 3 days three weeks apart.
      long long first = local_time(local_day(now + 60 * 86400LL), 12 * 60);
      while (format_local(first, "%u") != "1") first = local_time(local_day(first + 86400), 12 * 60);
      std::vector<DemoDay> days;
      const std::vector<std::pair<int, std::vector<int>>> plan{{0, {0, 1, 2, 3}}, {1, {22, 23, 24}}, {2, {43, 44, 45}}};
      int index = 0;
      for (const auto& [seminar, offsets] : plan)
        for (int offset : offsets) {
          days.push_back({local_day(first + offset * 86400LL), seminar, index < 5 ? mod1 : mod2});
          ++index;
        }
      add_days(sql, repo_, s.id, {"Séminaire 1", "Séminaire 2", "Séminaire 3"}, days);
      new_session = s.id;
      new_session_trainer = trainer;

      // A session under way when the demo is loaded (issue 14: the demo trainee has a sheet to sign):
      // a half-day in progress (from an hour before the load to three hours after) and the next one a
      // day later, so that its attendance sheet can be opened and signed right away.
      Session w = s;
      w.id = 0;
      w.title = "Session d'hiver";
      w.status = "running";
      w.id = repo_.insert_session(sql, w, now, actor.id);
      const long long seminar = repo_.insert_seminar(sql, w.id, "Séminaire 1");
      const long long start = (now - 3600) / 300 * 300;
      for (long long shift : {0LL, 86400LL}) {
        HalfDay h;
        h.session_id = w.id;
        h.seminar_id = seminar;
        h.module_id = mod1;
        h.starts_at = start + shift;
        h.ends_at = start + shift + 4 * 3600;
        h.day = local_day(h.starts_at);
        h.period = std::stoi(format_local(h.starts_at, "%H")) < 12 ? "am" : "pm";
        h.minutes = 4 * 60;
        repo_.insert_halfday(sql, h);
      }
      repo_.refresh_bounds(sql, w.id);
      running_session = w.id;
    }
    return 0;
  });
  // Sagiterre's trainer on its new session, as its organiser adds them on the session's page.
  if (new_session && new_session_trainer) {
    auto added = add_trainer(actor, ActingFor::everywhere(), new_session, new_session_trainer);
    if (!added.ok) throw std::runtime_error("trainings demo: trainer refused: " + added.error);
    if (running_session) {
      added = add_trainer(actor, ActingFor::everywhere(), running_session, new_session_trainer);
      if (!added.ok) throw std::runtime_error("trainings demo: trainer refused: " + added.error);
    }
  }
}

}  // namespace trame::programmes
