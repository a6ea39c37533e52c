// Demo data of the candidates and evaluation sessions (seed 002): candidates of the Observatoire's
// certification at every stage of the open session — awaiting the eligibility decision, not
// eligible, eligible and not yet convened, convened with their times, convened with their written
// report sent. Made through the services, as candidates and the certifier would; idempotent (the
// session is found by title). Registrations are direct (visitors get an account) or, for the demo
// trainee of Sagiterre's training, from the training session.
#include <string>
#include <vector>

#include "certification/evaluations/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/pdf.hpp"

namespace trame::evaluations {

namespace {

struct DemoCandidate {
  const char* name;
  const char* email;
  const char* employer_type;
  const char* job;
  const char* birth_date;
  const char* stage;  // submitted, ineligible, eligible, slots, convened, report
};

const std::vector<DemoCandidate>& demo_candidates() {
  static const std::vector<DemoCandidate> list = {
      {"Claire Morvan (fictive)", "claire.morvan@exemple.local", "local_authority",
       "Chargée de mission culture, communauté de communes", "1984-05-12", "report"},
      {"Yanis Belkacem (fictif)", "yanis.belkacem@exemple.local", "association",
       "Coordinateur d'un tiers-lieu culturel", "1990-11-03", "convened"},
      {"Sophie Le Goff (fictive)", "sophie.legoff@exemple.local", "public_body", "Responsable des publics, musée",
       "1979-02-21", "slots"},
      {"Marc Téchené (fictif)", "marc.techene@exemple.local", "company", "Chargé de production, compagnie",
       "1993-07-30", "eligible"},
      {"Inès Dubreuil (fictive)", "ines.dubreuil@exemple.local", "job_seeker", "Médiatrice culturelle", "1998-01-17",
       "ineligible"},
      {"Paul Arnaud (fictif)", "paul.arnaud@exemple.local", "local_authority", "Directeur de médiathèque", "1975-09-08",
       "submitted"},
  };
  return list;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  const std::string title = "Session d'évaluation — printemps 2027";
  auto all = ActingFor::everywhere();
  long long certification = 0;
  for (const auto& c : candidates_.referential().published_choices())
    if (c.label.rfind("Construire une coopération culturelle territoriale", 0) == 0) certification = c.id;
  if (!certification) return;
  for (const auto& s : sessions(all, certification))
    if (s.title == title) return;

  // The session: a day five weeks from now, the report due a week before.
  long long now = store::now_seconds();
  std::string day = local_day(now + 35 * 86400);
  std::string deadline = local_day(now + 28 * 86400);
  SessionInput in{title,    day,    "Observatoire des politiques culturelles", "1 rue du Vieux Temple, 38000 Grenoble",
                  deadline, "18:00"};
  Outcome created = create_session(actor, all, certification, in);
  if (!created.ok) return;
  long long session_id = created.id;
  add_case(actor, all, session_id, "Cas A — Un réseau de lecture publique intercommunal",
           "Trois communes et une communauté de communes veulent coordonner leurs bibliothèques et leurs actions "
           "culturelles avec les associations du territoire. Analysez le contexte, proposez un cadre de coopération et "
           "un dispositif de délibération, puis animez la première réunion du groupe de travail (jeu de rôle).");
  add_case(actor, all, session_id, "Cas B — Une saison culturelle partagée en quartier prioritaire",
           "Un centre social, une scène conventionnée et un collège souhaitent construire une saison avec les "
           "habitants d'un quartier prioritaire. Identifiez les acteurs, les ressources et les points de tension, et "
           "proposez des critères d'évaluation co-construits.");

  // A small written report, as a candidate would send it.
  docs::PdfDocument report("Plan de projet de coopération culturelle territoriale");
  report.heading("Plan de projet de coopération culturelle territoriale");
  report.paragraph(
      "Document de démonstration : contexte, acteurs, dispositif de délibération, actions et "
      "critères d'évaluation du projet.");
  std::string report_pdf = report.render();

  long long minute = 0;
  for (const auto& c : demo_candidates()) {
    candidates::RegistrationInput r;
    r.name = c.name;
    r.email = c.email;
    r.employer_type = c.employer_type;
    r.job = c.job;
    r.birth_date = c.birth_date;
    r.experience = "Plusieurs années de conduite de projets culturels avec les acteurs d'un territoire.";
    Actor visitor{0, c.email, "127.0.0.1"};
    candidates_.register_candidate(visitor, nullptr, certification, r);
    long long registration = 0;
    long long user_id = 0;
    long long total = 0;
    for (const auto& reg : candidates_.of_certification(all, certification, "", 1, 200, total))
      if (reg.user_email == c.email) {
        registration = reg.id;
        user_id = reg.user_id;
      }
    std::string stage = c.stage;
    if (!registration || stage == "submitted") continue;
    if (stage == "ineligible") {
      candidates_.decide(actor, all, registration, "ineligible",
                         "L'expérience décrite ne couvre pas encore la conduite d'un projet avec plusieurs acteurs "
                         "d'un territoire ; la formation de Sagiterre y prépare.");
      continue;
    }
    candidates_.decide(actor, all, registration, "eligible",
                       "Expérience de conduite de projets culturels territoriaux avec plusieurs partenaires.");
    if (stage == "eligible") continue;
    add_entry(actor, all, session_id, registration);
    long long entry = 0;
    for (const auto& e : entries(session_id))
      if (e.registration_id == registration) entry = e.id;
    auto at = [](long long m) {
      std::string h = std::to_string(9 + m / 60), mm = std::to_string(m % 60);
      return (h.size() < 2 ? "0" + h : h) + ":" + (mm.size() < 2 ? "0" + mm : mm);
    };
    // Exercise 45 minutes, then the defence 30 minutes, one candidate after the other.
    set_slots(actor, all, entry, at(minute), at(minute + 45), at(minute + 60), at(minute + 90));
    minute += 105;
    if (stage == "slots") continue;
    convene(actor, all, entry);
    if (stage == "report")
      upload_report(Actor{user_id, c.email, "127.0.0.1"}, user_id, entry, "plan-de-projet.pdf", report_pdf);
  }
}

}  // namespace trame::evaluations
