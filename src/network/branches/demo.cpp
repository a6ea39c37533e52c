// The demo's two branches (docs/outings.md « Antennes », docs/decisions.md "the two-branch demo"): the
// Val-de-Marne association with its relais and venues, beside a Loire-Atlantique one with a relais, a venue
// and a branch coordinator. The partners of the Département's formation-action (Théâtre Quartier Libre,
// Espace culturel Paul Guimard, Le Préambule…) stay in no branch: their offers are open to every relais.
// Idempotent: a branch already there is left as it is.
#include "network/branches/service.hpp"

namespace trame::branches {

namespace {

long long organisation_id(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM organisations WHERE name = :n", soci::use(name), soci::into(id);
  return sql.got_data() ? id : 0;
}

long long branch_id(soci::session& sql, const std::string& name) {
  long long id = 0;
  sql << "SELECT id FROM network_branches WHERE name = :n", soci::use(name), soci::into(id);
  return sql.got_data() ? id : 0;
}

long long coordinator_membership(soci::session& sql, const std::string& email) {
  long long id = 0;
  sql << "SELECT m.id FROM memberships m JOIN users u ON u.id = m.user_id WHERE u.email = :e AND m.role = "
         "'coordinator' ORDER BY m.id LIMIT 1",
      soci::use(email), soci::into(id);
  return sql.got_data() ? id : 0;
}

struct DemoBranch {
  const char* name;
  const char* departement;
  const char* zone;
  const char* runs;  // the association's own directory entry
  std::vector<const char*> members;
  const char* coordinator;  // e-mail of a coordinator of this branch only, "" : none
};

}  // namespace

void Service::load_demo(const Actor& actor) {
  const std::vector<DemoBranch> demo = {
      {"Cultures du Cœur 94",
       "94",
       "C",
       "Cultures du Cœur 94",
       {"Cultures du Cœur 94", "Relais social de Vitry-sur-Seine (fictif)", "Médiathèque d'Ivry-sur-Seine (fictive)",
        "Club sportif de Champigny (fictif)", "Région Île-de-France"},
       ""},
      {"Cultures du Cœur 44",
       "44",
       "B",
       "Cultures du Cœur 44 (fictive)",
       {"Cultures du Cœur 44 (fictive)", "Centre social Les Hirondelles, Nantes (fictif)",
        "Salle des Hirondelles, Nantes (fictive)"},
       "coordination@culturesducoeur44.local"},
  };
  const auto head_office = organisations::Scope::all();
  for (const auto& b : demo) {
    auto found = db_.read([&](soci::session& sql) { return branch_id(sql, b.name); });
    if (found != 0) continue;
    BranchInput in;
    in.name = b.name;
    in.departement_code = b.departement;
    in.school_zone = b.zone;
    in.organisation_id = db_.read([&](soci::session& sql) { return organisation_id(sql, b.runs); });
    auto made = create(actor, head_office, in);
    if (!made.ok) continue;
    for (const char* member : b.members) {
      long long org = db_.read([&](soci::session& sql) { return organisation_id(sql, member); });
      if (org != 0) place(actor, head_office, made.id, org, true);
    }
    if (*b.coordinator != '\0') {
      long long membership = db_.read([&](soci::session& sql) { return coordinator_membership(sql, b.coordinator); });
      if (membership != 0) assign(actor, head_office, made.id, membership, true);
    }
  }
}

}  // namespace trame::branches
