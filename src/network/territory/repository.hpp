#pragma once
#include <optional>
#include <vector>

#include <soci/soci.h>

#include "network/territory/model.hpp"

namespace trame::territory {

// Upserts return 1 when created, 2 when updated, 0 when unchanged.
class Repository {
 public:
  int upsert_departement(soci::session& sql, const Departement& d, long long now);
  int upsert_epci(soci::session& sql, const Epci& e, long long now);
  int upsert_commune(soci::session& sql, const Commune& c, long long now);

  std::vector<Departement> departements(soci::session& sql);
  std::optional<Departement> find_departement(soci::session& sql, const std::string& code);
  std::vector<Delegation> delegations(soci::session& sql, const std::string& departement_code);
  std::optional<Delegation> find_delegation(soci::session& sql, long long id);
  std::optional<Delegation> find_delegation_by_name(soci::session& sql, const std::string& departement_code,
                                                    const std::string& name);
  long long insert_delegation(soci::session& sql, const std::string& departement_code, const std::string& name,
                              long long now);
  void rename_delegation(soci::session& sql, long long id, const std::string& name);
  // EPCI with at least one commune in the département, with their délégation if any.
  std::vector<Epci> epcis_of_departement(soci::session& sql, const std::string& departement_code);
  std::vector<Epci> epcis_of_delegation(soci::session& sql, long long delegation_id);
  std::optional<Epci> find_epci(soci::session& sql, const std::string& siren, const std::string& departement_code);
  // The délégation of the same département that already holds this EPCI, or 0.
  long long delegation_holding(soci::session& sql, const std::string& siren, const std::string& departement_code);
  void add_epci(soci::session& sql, long long delegation_id, const std::string& siren);
  int remove_epci(soci::session& sql, long long delegation_id, const std::string& siren);
  std::vector<Commune> communes_of_epci(soci::session& sql, const std::string& siren);
  std::vector<Commune> communes_of_delegation(soci::session& sql, long long delegation_id);
  std::optional<Commune> find_commune(soci::session& sql, const std::string& code);
  long long commune_count(soci::session& sql, const std::string& departement_code);
  // Every imported commune's code, name and département, by code (a first install finds one by name).
  std::vector<Commune> commune_names(soci::session& sql);
  // Active organisations of the directory by kind, within a délégation or a commune.
  std::vector<std::pair<std::string, long long>> organisations_by_kind_in_delegation(soci::session& sql, long long id);
  std::vector<std::pair<std::string, long long>> organisations_by_kind_in_commune(soci::session& sql,
                                                                                  const std::string& code);

  // Priority neighbourhoods (QPV).
  bool commune_exists(soci::session& sql, const std::string& code);
  int upsert_priority_area(soci::session& sql, const PriorityArea& area, long long now);
  std::vector<PriorityArea> priority_areas_of_commune(soci::session& sql, const std::string& commune_code);
};

}  // namespace trame::territory
