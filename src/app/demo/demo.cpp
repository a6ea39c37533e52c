#include "app/demo/demo.hpp"

#include <filesystem>
#include <map>

#include "outings/offers/service.hpp"
#include "network/partnerships/service.hpp"

namespace trame::demo {

namespace {
struct DemoOrganisation {
  const char* name;
  const char* kind;
  const char* subtype;
  const char* commune;  // INSEE code, when the département's data is imported
  const char* siret;
  const char* description;
  int motor;
  const char* access_note;
};

// From the seed documents (../shared/seeds). Addresses and contacts are left empty rather than invented.
const DemoOrganisation kOrganisations[] = {
    {"Département de Loire-Atlantique", "authority", "Conseil départemental", "44109", "",
     "Le Département articule son action autour des solidarités et travaille la culture comme levier "
     "d'insertion sociale et d'émancipation à l'échelle des territoires.",
     1, ""},
    {"Communauté de communes du Pays d'Ancenis", "authority", "Intercommunalité", "44003", "", "", 0, ""},
    {"Théâtre Quartier Libre", "cultural", "Théâtre", "44003", "",
     "Théâtre d'Ancenis, partenaire de la formation-action culture/social du Pays d'Ancenis.", 1,
     "Salle de plain-pied, places réservées pour fauteuils roulants."},
    {"Espace culturel Paul Guimard", "cultural", "Espace culturel", "44003", "", "", 0, ""},
    {"Le Préambule", "cultural", "Salle de spectacle", "44082", "", "", 0, ""},
    {"Réseau des bibliothèques du Pays d'Ancenis", "cultural", "Médiathèque / bibliothèque", "44003", "",
     "Lecture publique : un fil conducteur de la formation-action (liens intergénérationnels).", 0, ""},
    {"Musique et Danse en Loire-Atlantique", "cultural", "Agence départementale", "44109", "", "", 0, ""},
    {"Service solidarité et développement local — Délégation Pays d'Ancenis", "social", "Service du Département",
     "44003", "", "", 0, ""},
    {"Sagiterre", "training", "Organisme de formation (Qualiopi)", "13055", "88926967600033",
     "Association marseillaise : co-construction de projets culturels, artistiques et numériques, "
     "accompagnement et formation des professionnels et habitants. Cité des associations, 93 la Canebière.",
     0, ""},
    {"Observatoire des politiques culturelles", "certifier", "Certificateur", "", "",
     "Certification « Construire une coopération culturelle territoriale » (trois blocs de compétences).", 0, ""},
    {"Cultures du Cœur 94", "social", "Association de billetterie solidaire", "94028", "",
     "Billetterie solidaire du Val-de-Marne : les lieux offrent des invitations, les référents des relais "
     "sociaux les réservent pour les personnes qu'ils accompagnent.",
     0, ""},
    {"Relais social de Vitry-sur-Seine (fictif)", "social", "Centre social", "94081", "", "", 0, ""},
    {"Médiathèque d'Ivry-sur-Seine (fictive)", "cultural", "Médiathèque", "94041", "", "", 1,
     "Ascenseur et boucle magnétique à l'accueil."},
    {"Club sportif de Champigny (fictif)", "sport", "Club", "94017", "", "", 0, ""},
    {"Fondation David Hadida", "funder", "Fondation", "", "",
     "Offre 300 places de cinéma pour l'action « Tous au cinéma ».", 0, ""},
    {"Région Île-de-France", "funder", "Région", "", "", "Dispositif Tickets Loisirs (îles de loisirs).", 0, ""},
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
      {"coordination.ancenis@trame.local", "Coordinatrice Pays d'Ancenis", "coordinator",
       "Département de Loire-Atlantique"},
      {"formation@sagiterre.local", "C. Boughattas", "training_staff", "Sagiterre"},
      {"formateur@sagiterre.local", "Formateur Sagiterre", "trainer", "Sagiterre"},
      {"jury@observatoire.local", "Membre du jury OPC", "jury_member", "Observatoire des politiques culturelles"},
      {"referente@culturesducoeur94.local", "Référente relais social", "referent", "Cultures du Cœur 94"},
      {"billetterie@theatre-quartier-libre.local", "Billetterie Quartier Libre", "partner_staff",
       "Théâtre Quartier Libre"},
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
    for (const char* code : {"44", "94", "13"}) {
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
  for (const auto& d : kOrganisations) {
    if (ids.count(d.name)) continue;
    organisations::Organisation o;
    o.name = d.name;
    o.kind = d.kind;
    o.subtype = d.subtype;
    if (report.territory_available && *d.commune) o.commune_code = d.commune;
    o.siret = d.siret;
    o.description = d.description;
    o.accessibility.motor = d.motor;
    o.accessibility.note = d.access_note;
    o.provenance = "demo";
    auto outcome = organisations.create(system, o);
    if (outcome.ok) {
      ids[d.name] = outcome.id;
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
    // The Pays d'Ancenis coordinator coordinates that délégation only (organisations/scope.hpp), set as an
    // administrator sets it on the user's page.
    if (outcome.ok && std::string(a.email) == "coordination.ancenis@trame.local") {
      long long delegation = 0;
      for (const auto& d : territory.delegations("44"))
        if (d.name == "Délégation Pays d'Ancenis") delegation = d.id;
      if (delegation)
        for (const auto& m : organisations.coordinator_memberships(outcome.id))
          organisations.set_coordinator_delegation(system, outcome.id, m.membership_id, delegation);
    }
  }
  return report;
}

}  // namespace trame::demo
