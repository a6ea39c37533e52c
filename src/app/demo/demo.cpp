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
  int public_listing;  // chose to appear in the public directory
  double latitude;     // WGS 84; 0 and 0: not placed on the map
  double longitude;
  const char* address;  // only when the seeds or public knowledge give it
  const char* website;
};

// From the seed documents (../shared/seeds). Addresses and contacts are left empty rather than invented;
// an organisation without a known street address is placed at the centre of its town (docs/decisions.md,
// "Issue 14: network"). The Réseau des bibliothèques spans several towns: it is left for a person to place.
const DemoOrganisation kOrganisations[] = {
    {"Département de Loire-Atlantique", "authority", "Conseil départemental", "44109", "",
     "Le Département articule son action autour des solidarités et travaille la culture comme levier "
     "d'insertion sociale et d'émancipation à l'échelle des territoires.",
     1, "", 1, 47.2213, -1.5541, "Hôtel du Département, 3 quai Ceineray, 44000 Nantes",
     "https://www.loire-atlantique.fr"},
    {"Département de Loire-Atlantique — Délégation Nantes", "authority", "Délégation du Département", "44109", "", "",
     0, "", 1, 47.2184, -1.5536, "", "https://www.loire-atlantique.fr"},
    {"Département de Loire-Atlantique — Délégation Saint-Nazaire", "authority", "Délégation du Département", "44184",
     "", "", 0, "", 1, 47.2735, -2.2138, "", "https://www.loire-atlantique.fr"},
    {"Département de Loire-Atlantique — Délégation Pays de Retz", "authority", "Délégation du Département", "44131", "",
     "Première expérimentation de la formation-action culture/social, en 2019.", 0, "", 1, 47.1153, -2.1033, "",
     "https://www.loire-atlantique.fr"},
    {"Département de Loire-Atlantique — Délégation Vignoble", "authority", "Délégation du Département", "44043", "", "",
     0, "", 1, 47.0869, -1.2819, "", "https://www.loire-atlantique.fr"},
    {"Département de Loire-Atlantique — Délégation Pays d'Ancenis", "authority", "Délégation du Département", "44003",
     "", "Formation-action culture/social 2022-2023 avec le service solidarité et développement local.", 0, "", 1,
     47.3656, -1.1770, "", "https://www.loire-atlantique.fr"},
    {"Département de Loire-Atlantique — Délégation Pays de Châteaubriant", "authority", "Délégation du Département",
     "44036", "", "", 0, "", 1, 47.7172, -1.3761, "", "https://www.loire-atlantique.fr"},
    {"Communauté de communes du Pays d'Ancenis", "authority", "Intercommunalité", "44003", "", "", 0, "", 0, 47.3656,
     -1.1770, "", ""},
    {"Théâtre Quartier Libre", "cultural", "Théâtre", "44003", "",
     "Théâtre d'Ancenis, partenaire de la formation-action culture/social du Pays d'Ancenis.", 1,
     "Salle de plain-pied, places réservées pour fauteuils roulants.", 1, 47.3656, -1.1770, "", ""},
    {"Espace culturel Paul Guimard", "cultural", "Espace culturel", "44003", "", "", 0, "", 1, 47.3656, -1.1770, "",
     ""},
    {"Le Préambule", "cultural", "Salle de spectacle", "44082", "", "Salle de spectacle de Ligné.", 0, "", 1, 47.4108,
     -1.3776, "", ""},
    {"Réseau des bibliothèques du Pays d'Ancenis", "cultural", "Médiathèque / bibliothèque", "44003", "",
     "Lecture publique : un fil conducteur de la formation-action (liens intergénérationnels).", 0, "", 1, 0, 0, "",
     ""},
    {"Musique et Danse en Loire-Atlantique", "cultural", "Agence départementale", "44109", "", "", 0, "", 1, 47.2184,
     -1.5536, "", ""},
    {"Service solidarité et développement local — Délégation Pays d'Ancenis", "social", "Service du Département",
     "44003", "", "", 0, "", 0, 47.3656, -1.1770, "", ""},
    {"Sagiterre", "training", "Organisme de formation (Qualiopi)", "13055", "88926967600033",
     "Association marseillaise : co-construction de projets culturels, artistiques et numériques, "
     "accompagnement et formation des professionnels et habitants. Cité des associations, 93 la Canebière.",
     0, "", 0, 43.2980, 5.3810, "Cité des associations, 93 La Canebière, 13001 Marseille", ""},
    {"Observatoire des politiques culturelles", "certifier", "Certificateur", "", "",
     "Certification « Construire une coopération culturelle territoriale » (trois blocs de compétences).", 0, "", 0, 0,
     0, "", ""},
    {"Cultures du Cœur 94", "social", "Association de billetterie solidaire", "94028", "",
     "Billetterie solidaire du Val-de-Marne : les lieux offrent des invitations, les référents des relais "
     "sociaux les réservent pour les personnes qu'ils accompagnent.",
     0, "", 1, 48.7904, 2.4556, "", ""},
    {"Relais social de Vitry-sur-Seine (fictif)", "social", "Centre social", "94081", "", "", 0, "", 1, 48.7875, 2.3928,
     "", ""},
    {"Médiathèque d'Ivry-sur-Seine (fictive)", "cultural", "Médiathèque", "94041", "", "", 1,
     "Ascenseur et boucle magnétique à l'accueil.", 1, 48.8157, 2.3849, "", ""},
    {"Club sportif de Champigny (fictif)", "sport", "Club", "94017", "", "", 0, "", 0, 48.8172, 2.5156, "", ""},
    {"Cultures du Cœur 44 (fictive)", "social", "Association de billetterie solidaire", "44109", "",
     "Antenne de Loire-Atlantique du réseau (fictive) : ses relais réservent les invitations de ses lieux.", 0, "", 1,
     47.2184, -1.5536, "", ""},
    {"Centre social Les Hirondelles, Nantes (fictif)", "social", "Centre social", "44109", "", "", 0, "", 1, 47.2130,
     -1.6130, "", ""},
    {"Salle des Hirondelles, Nantes (fictive)", "cultural", "Salle de spectacle", "44109", "",
     "Salle de quartier (fictive) : concerts et spectacles jeune public.", 1, "Salle de plain-pied.", 1, 47.2145,
     -1.6155, "", ""},
    {"Fondation David Hadida", "funder", "Fondation", "", "",
     "Offre 300 places de cinéma pour l'action « Tous au cinéma ».", 0, "", 0, 0, 0, "", ""},
    {"Région Île-de-France", "funder", "Région", "", "", "Dispositif Tickets Loisirs (îles de loisirs).", 0, "", 0, 0,
     0, "", ""},
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
      {"certification@observatoire.local", "Responsable des certifications OPC", "training_staff",
       "Observatoire des politiques culturelles"},
      {"jury@observatoire.local", "Membre du jury OPC", "jury_member", "Observatoire des politiques culturelles"},
      {"referente@culturesducoeur94.local", "Référente relais social", "referent", "Cultures du Cœur 94"},
      {"billetterie@theatre-quartier-libre.local", "Billetterie Quartier Libre", "partner_staff",
       "Théâtre Quartier Libre"},
      {"stagiaire@paul-guimard.local", "Stagiaire Paul Guimard", "trainee", "Espace culturel Paul Guimard"},
      {"benevole@culturesducoeur94.local", "Bénévole Cultures du Cœur", "volunteer", "Cultures du Cœur 94"},
      {"animation@culturesducoeur94.local", "Chargée d'animation du réseau", "coordinator", "Cultures du Cœur 94"},
      {"referente@culturesducoeur44.local", "Référente du centre social Les Hirondelles", "referent",
       "Centre social Les Hirondelles, Nantes (fictif)"},
      {"coordination@culturesducoeur44.local", "Coordinatrice de l'antenne 44", "coordinator",
       "Cultures du Cœur 44 (fictive)"},
      {"communication@loire-atlantique.local", "Chargée de communication du Département", "communication",
       "Département de Loire-Atlantique"},
      {"dpo@loire-atlantique.local", "Délégué à la protection des données du Département", "dpo",
       "Département de Loire-Atlantique"},
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
    o.public_listing = d.public_listing;
    // Placed only with its commune: a position without the territory's data would name no town.
    if (o.commune_code.size() && (d.latitude != 0 || d.longitude != 0)) {
      o.latitude = d.latitude;
      o.longitude = d.longitude;
    }
    o.address = d.address;
    o.website = d.website;
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
