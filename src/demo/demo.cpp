#include "demo/demo.hpp"

#include <map>

namespace trame::demo {

namespace {
struct DemoOrganisation {
  const char* name;
  const char* kind;
};

const DemoOrganisation kOrganisations[] = {
    {"Département de Loire-Atlantique", "authority"},
    {"Communauté de communes du Pays d'Ancenis", "authority"},
    {"Théâtre Quartier Libre", "cultural"},
    {"Espace culturel Paul Guimard", "cultural"},
    {"Le Préambule", "cultural"},
    {"Musique et Danse en Loire-Atlantique", "cultural"},
    {"Sagiterre", "training"},
    {"Observatoire des politiques culturelles", "certifier"},
    {"Cultures du Cœur 94", "social"},
    {"Fondation David Hadida", "funder"},
    {"Région Île-de-France", "funder"},
};
}  // namespace

const std::vector<DemoAccount>& accounts() {
  static const std::vector<DemoAccount> list = {
      {"admin@trame.local", "Administratrice Trame", "administrator", "Département de Loire-Atlantique"},
      {"coordination.ancenis@trame.local", "Coordinatrice Pays d'Ancenis", "coordinator", "Département de Loire-Atlantique"},
      {"formation@sagiterre.local", "C. Boughattas", "training_staff", "Sagiterre"},
      {"formateur@sagiterre.local", "Formateur Sagiterre", "trainer", "Sagiterre"},
      {"jury@observatoire.local", "Membre du jury OPC", "jury_member", "Observatoire des politiques culturelles"},
      {"referente@culturesducoeur94.local", "Référente relais social", "referent", "Cultures du Cœur 94"},
      {"billetterie@theatre-quartier-libre.local", "Billetterie Quartier Libre", "partner_staff", "Théâtre Quartier Libre"},
      {"stagiaire@paul-guimard.local", "Stagiaire Paul Guimard", "trainee", "Espace culturel Paul Guimard"},
      {"benevole@culturesducoeur94.local", "Bénévole Cultures du Cœur", "volunteer", "Cultures du Cœur 94"},
  };
  return list;
}

LoadReport load(organisations::Service& organisations, accounts::Service& accounts_service, store::Database& db) {
  LoadReport report;
  Actor system{0, "démo", "127.0.0.1"};
  std::map<std::string, long long> ids;
  long long total = 0;
  for (const auto& o : organisations.page("", 1, 1000, total)) ids[o.name] = o.id;
  for (const auto& o : kOrganisations) {
    if (ids.count(o.name)) continue;
    auto outcome = organisations.create(system, o.name, o.kind);
    if (outcome.ok) {
      ids[o.name] = outcome.id;
      ++report.organisations_created;
    }
  }
  for (const auto& a : accounts()) {
    long long exists = db.read([&](soci::session& sql) {
      long long n = 0;
      sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM users WHERE lower(email) = lower(:e)", soci::use(a.email),
          soci::into(n);
      return n;
    });
    if (exists) continue;
    auto outcome = accounts_service.add_user(system, a.email, a.name, a.role, ids[a.organisation], kDemoPassword);
    if (outcome.ok) ++report.users_created;
  }
  return report;
}

}  // namespace trame::demo
