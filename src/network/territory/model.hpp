// Territories: the official French administrative division (département, EPCI, commune, with
// INSEE/SIREN codes) and the délégations a Département groups its EPCI into.
#pragma once
#include <string>
#include <vector>

namespace trame::territory {

struct Departement {
  std::string code;  // "44"
  std::string name;
  std::string region_code;
  std::string chef_lieu;
};

struct Epci {
  std::string siren;  // 9 digits
  std::string name;
  std::string kind;  // CC, CA, CU, METRO
  long long population = 0;
  long long delegation_id = 0;
  std::string delegation_name;
  long long commune_count = 0;
};

struct Commune {
  std::string code;  // INSEE code, 5 characters ("2A004" in Corsica)
  std::string name;
  std::string departement_code;
  std::string epci_siren;
  std::string epci_name;
  std::string siren;
  std::string postal_codes;  // space-separated
  long long population = 0;
  long long delegation_id = 0;
  std::string delegation_name;
};

struct Delegation {
  long long id = 0;
  std::string departement_code;
  std::string name;
  long long population = 0;
  long long commune_count = 0;
  long long epci_count = 0;
};

struct ImportReport {
  std::string departement;
  int communes = 0;  // what the source holds for the département, imported (created, updated or unchanged)
  int epcis = 0;
  int created = 0;
  int updated = 0;
  int unchanged = 0;
};

// A priority neighbourhood (quartier prioritaire de la politique de la ville, QPV).
struct PriorityArea {
  std::string code;  // "QN04401M"
  std::string name;
  std::string commune_code;  // the main commune (the first one listed)
  std::string commune_name;
  // Every commune the QPV lies in (commune_code first); a QPV may span several.
  std::vector<std::string> communes;
};

struct PriorityAreaImportReport {
  std::string file;
  int created = 0;
  int updated = 0;
  int unchanged = 0;
};

}  // namespace trame::territory
