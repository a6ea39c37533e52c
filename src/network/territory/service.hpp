// Territories' rules: importing the official division for a département (all or nothing,
// idempotent, with progress), and grouping EPCI into délégations (audited).
#pragma once
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "network/organisations/scope.hpp"
#include "platform/store/database.hpp"
#include "network/territory/model.hpp"
#include "network/territory/repository.hpp"

namespace trame::web {
class App;
}

namespace trame::territory {

// A malformed source file; the message is French and names the file, entry or line, and field.
struct ImportError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

using ImportProgress = std::function<void(const std::string& stage, std::size_t done, std::size_t total)>;

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  // Reads departements.json, epci.json and communes.json from dir (the @etalab/decoupage-administratif
  // data folder) and loads the département, its EPCI and its communes in one transaction.
  ImportReport import_departement(const Actor& actor, const std::filesystem::path& dir, const std::string& code,
                                  const ImportProgress& progress = {});

  std::vector<Departement> departements();
  std::optional<Departement> find_departement(const std::string& code);
  std::vector<Delegation> delegations(const std::string& departement_code);
  std::optional<Delegation> find_delegation(long long id);
  std::vector<Epci> epcis_of_departement(const std::string& departement_code);
  std::vector<Epci> epcis_of_delegation(long long id);
  std::vector<Commune> communes_of_delegation(long long id);
  std::optional<Epci> find_epci(const std::string& siren, const std::string& departement_code);
  std::vector<Commune> communes_of_epci(const std::string& siren);
  std::optional<Commune> find_commune(const std::string& code);
  // The communes an operator means by an INSEE code or a name (case and accents ignored): none, one,
  // or several of the same name. Only imported communes are known (see any_commune).
  std::vector<Commune> communes_matching(const std::string& code_or_name);
  bool any_commune();

  std::vector<std::pair<std::string, long long>> organisations_by_kind_in_delegation(long long id);
  std::vector<std::pair<std::string, long long>> organisations_by_kind_in_commune(const std::string& code);

  // Délégations and their EPCI decide every délégation-limited coordinator's scope (docs/scopes.md):
  // they change only with a network-wide scope (administrators, coordinators without délégation);
  // otherwise "errors.403.message" and nothing changes. The scope comes from scope(me); the default
  // is for the system (demo, imports).
  organisations::Scope scope(const Principal& me);
  static bool may_change(const organisations::Scope& scope) { return scope.everywhere; }
  Outcome create_delegation(const Actor& actor, const std::string& departement_code, const std::string& name,
                            const organisations::Scope& scope = organisations::Scope::all());
  Outcome add_epci(const Actor& actor, long long delegation_id, const std::string& siren,
                   const organisations::Scope& scope = organisations::Scope::all());
  Outcome remove_epci(const Actor& actor, long long delegation_id, const std::string& siren,
                      const organisations::Scope& scope = organisations::Scope::all());

  // Reads a CSV list of priority neighbourhoods (QPV) whose header names at least the columns
  // code, nom (or name, libelle…) and commune (or code_commune, insee_com…), any case, accents
  // ignored, separated by ';' or ','. Every line is checked first (code present and well formed,
  // name present, commune known, no code twice); any fault refuses the whole file with one
  // ImportError listing the faulty lines ("ligne 12 : commune « 44999 » inconnue …"), and nothing
  // is written. Otherwise creates or updates the QPV in one transaction; unchanged ones are counted.
  PriorityAreaImportReport import_priority_areas(const Actor& actor, const std::filesystem::path& file,
                                                 const ImportProgress& progress = {});
  std::vector<PriorityArea> priority_areas_of_commune(const std::string& commune_code);

 private:
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::territory
