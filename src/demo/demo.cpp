#include "demo/demo.hpp"

#include <filesystem>
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
// Loire-Atlantique's six délégations and the EPCI (SIREN) each groups. The grouping is the demo's
// assumption, editable at /territoires.
struct DemoDelegation {
  const char* name;
  std::vector<const char*> epcis;
};
const std::vector<DemoDelegation>& loire_atlantique() {
  static const std::vector<DemoDelegation> list = {
      {"Délégation Nantes", {"244400404"}},
      {"Délégation Saint-Nazaire", {"244400644", "244400610", "200072734", "200000438", "243500741"}},
      {"Délégation Pays de Retz", {"200067346", "200071546", "244400586", "244400438"}},
      {"Délégation Vignoble", {"200067635", "200067866"}},
      {"Délégation Pays d'Ancenis", {"244400552", "244400503"}},
      {"Délégation Pays de Châteaubriant", {"200072726", "244400537", "244400453"}},
  };
  return list;
}
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

LoadReport load(organisations::Service& organisations, accounts::Service& accounts_service,
                territory::Service& territory, store::Database& db, const std::filesystem::path& territory_source) {
  LoadReport report;
  Actor system{0, "démo", "127.0.0.1"};
  if (std::filesystem::exists(territory_source / "communes.json")) {
    for (const char* code : {"44", "94"}) {
      auto imported = territory.import_departement(system, territory_source, code);
      if (std::string(code) == "44") report.communes_created += imported.created;
    }
    for (const auto& d : loire_atlantique()) {
      long long id = 0;
      for (const auto& existing : territory.delegations("44"))
        if (existing.name == d.name) id = existing.id;
      if (id == 0) {
        auto created = territory.create_delegation(system, "44", d.name);
        if (!created.ok) continue;
        id = created.id;
        ++report.delegations_created;
        for (const char* siren : d.epcis) territory.add_epci(system, id, siren);
      }
    }
  } else {
    report.territory_available = false;
  }
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
