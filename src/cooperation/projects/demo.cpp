// The demo's cooperation project: the Pays d'Ancenis project of seed 001 (the Département's
// formation-action culture/social), which the other cooperation modules' demos fill. Idempotent: a
// project with the demo's title is left as it is.
#include <string>
#include <vector>

#include "cooperation/projects/service.hpp"

namespace trame::projects {

namespace {

const char* kQuestion =
    "Comment créer, tisser des liens intergénérationnels sur un territoire à partir du spectacle vivant et de la "
    "lecture publique ?";

const char* kSummary =
    "Né de la formation-action culture/social menée en Pays d'Ancenis avec la délégation du Département (service "
    "solidarité et développement local), en association avec la Communauté de communes du Pays d'Ancenis, les "
    "acteurs culturels du territoire et Musique et Danse en Loire-Atlantique.\n\n"
    "Acteurs sociaux et acteurs culturels d'un même territoire y construisent ensemble une action culturelle "
    "opérationnelle : comment sortir de l'isolement et de l'exclusion, quel que soit l'âge ?";

// The EPCI of the Communauté de communes du Pays d'Ancenis (COMPA), in the demo's délégation.
const char* kCompa = "244400552";

const char* kCarrier = "Département de Loire-Atlantique — Délégation Pays d'Ancenis";
const char* kSession = "Pays d'Ancenis 2022-2023";

struct DemoPartner {
  const char* organisation;
  const char* contribution;
};
const DemoPartner kPartners[] = {
    {"Communauté de communes du Pays d'Ancenis", "Projet culturel de territoire, lien avec les communes"},
    {"Théâtre Quartier Libre", "Spectacle vivant : représentations et ateliers à Ancenis"},
    {"Espace culturel Paul Guimard", "Accueil d'ateliers et de rencontres"},
    {"Le Préambule", "Salle de spectacle de Ligné"},
    {"Réseau des bibliothèques du Pays d'Ancenis", "Lecture publique : lectures partagées et lieux de lecture"},
    {"Musique et Danse en Loire-Atlantique", "Accompagnement artistique départemental"},
};

struct DemoMember {
  const char* email;
  const char* role;
  const char* organisation;  // the organisation they take part for
};
const DemoMember kMembers[] = {
    {"formation@sagiterre.local", "facilitator", "Sagiterre"},
    {"coordination.ancenis@trame.local", "member", "Département de Loire-Atlantique — Délégation Pays d'Ancenis"},
    {"formateur@sagiterre.local", "member", "Sagiterre"},
    {"stagiaire@paul-guimard.local", "member", "Espace culturel Paul Guimard"},
    {"billetterie@theatre-quartier-libre.local", "member", "Théâtre Quartier Libre"},
    {"jury@observatoire.local", "observer", "Observatoire des politiques culturelles"},
};

const Phase kPhases[] = {
    {"diagnosis", "2026-01-12", "2026-04-30"},
    {"design", "2026-05-04", "2026-09-30"},
    {"implementation", "2026-10-01", "2027-06-30"},
    {"evaluation", "2027-05-03", "2027-09-30"},
};

long long organisation_id(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n ORDER BY id LIMIT 1", soci::into(id), soci::use(name);
  return sql.got_data() ? id : 0;
}

}  // namespace

void Service::load_demo(const Actor& actor) {
  db_.write([&](soci::session& sql) {
    if (repo_.by_title(sql, kDemoTitle)) return;
    long long facilitator = repo_.user_by_email(sql, kMembers[0].email);
    if (!facilitator) return;  // the directory's demo (accounts) did not run
    long long now = store::now_seconds();
    Project p;
    p.title = kDemoTitle;
    p.question = kQuestion;
    p.summary = kSummary;
    p.visibility = "public";
    p.phase = "implementation";
    p.organisation_id = organisation_id(sql, kCarrier);
    p.created_by = facilitator;
    // The territory: the COMPA's communes when the territory's data is imported, else its name only.
    std::vector<std::string> codes;
    std::string compa = repo_.epci_name(sql, kCompa);
    if (!compa.empty()) {
      p.territory_kind = "epci";
      p.territory_ref = kCompa;
      p.territory_label = compa;
      codes = repo_.epci_communes(sql, kCompa);
    } else {
      p.territory_kind = "communes";
      p.territory_label = "Pays d'Ancenis";
    }
    {
      long long session = 0;
      const std::string title = kSession;
      sql << "SELECT id FROM training_sessions WHERE title = :t ORDER BY id LIMIT 1", soci::into(session),
          soci::use(title);
      if (sql.got_data() && !repo_.by_training_session(sql, session)) p.training_session_id = session;
    }
    p.id = repo_.insert(sql, p, now);
    repo_.set_communes(sql, p.id, codes);
    for (const auto& m : kMembers) {
      Member member;
      member.project_id = p.id;
      member.user_id = repo_.user_by_email(sql, m.email);
      if (!member.user_id) continue;
      member.role = m.role;
      member.organisation_id = organisation_id(sql, m.organisation);
      repo_.insert_member(sql, member, now);
    }
    for (const auto& d : kPartners) {
      Partner partner;
      partner.project_id = p.id;
      partner.organisation_id = organisation_id(sql, d.organisation);
      if (!partner.organisation_id) continue;
      partner.contribution = d.contribution;
      repo_.insert_partner(sql, partner, now);
    }
    for (const auto& phase : kPhases) repo_.set_phase_dates(sql, p.id, phase);
    audit_.record(sql, actor, "cooperation.project.create", "cooperation_project:" + std::to_string(p.id), p.title);
  });
}

}  // namespace trame::projects
