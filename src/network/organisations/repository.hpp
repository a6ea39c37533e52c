#pragma once
#include <memory>
#include <optional>
#include <vector>

#include <soci/soci.h>

#include "network/organisations/model.hpp"
#include "network/organisations/scope.hpp"
#include "platform/store/database.hpp"

namespace trame::organisations {

// Reads the organisations matching a search one at a time, holding its own database session:
// an export streams them without loading the whole list.
class Cursor {
 public:
  Cursor(store::Database& db, const Search& search);
  ~Cursor();
  bool next(Organisation& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class Repository {
 public:
  long long insert(soci::session& sql, const Organisation& o, const std::string& search_text);
  std::optional<Organisation> find(soci::session& sql, long long id);
  std::optional<Organisation> find_by_name(soci::session& sql, const std::string& name);
  // Another organisation with the same name in the same commune (or both without commune).
  std::optional<Organisation> find_duplicate(soci::session& sql, const Organisation& o);
  std::optional<Organisation> find_by_siret(soci::session& sql, const std::string& siret);
  void update(soci::session& sql, const Organisation& o, const std::string& search_text);
  std::vector<Organisation> search(soci::session& sql, const Search& s, long long offset, long long limit);
  long long count(soci::session& sql, const Search& s);
  std::vector<Member> members(soci::session& sql, long long organisation_id);
  std::vector<Organisation> all_active(soci::session& sql);
  bool commune_exists(soci::session& sql, const std::string& code);
  // Whether the QPV lies (at least partly) in the commune.
  bool priority_area_in_commune(soci::session& sql, const std::string& code, const std::string& commune);
  // The QPV of a commune: (code, name).
  std::vector<std::pair<std::string, std::string>> priority_areas_of_commune(soci::session& sql,
                                                                             const std::string& commune);
  // The QPV some organisation is located in, for the directory's filter: (code, name).
  std::vector<std::pair<std::string, std::string>> priority_area_choices(soci::session& sql);
  void save_logo(soci::session& sql, long long organisation_id, const Logo& logo);
  std::optional<Logo> find_logo(soci::session& sql, long long organisation_id);
  int delete_logo(soci::session& sql, long long organisation_id);
  // The délégations, for the directory's filter: (id, "name (département)").
  std::vector<std::pair<long long, std::string>> delegation_choices(soci::session& sql);
  // Every imported commune (code, name, département), by code: the commune filter folds their names.
  std::vector<CommuneChoice> communes(soci::session& sql);
  // The coordinator's alerts over active organisations; `ids` limits them to those organisations
  // unless `everywhere`. At most `limit` organisations in each list.
  void network_alerts(soci::session& sql, bool everywhere, const std::vector<long long>& ids, long long limit,
                      NetworkAlerts& out);
  // The name of a commune; nullopt when the code is unknown.
  std::optional<std::string> commune_name(soci::session& sql, const std::string& code);

  // The directory scope's queries (scope.cpp).
  // A person's coordinator memberships with their délégation and branch (0 and '': none).
  struct CoordinatorLimit {
    long long delegation_id = 0;
    std::string delegation_name;
    long long branch_id = 0;
    std::string branch_name;
  };
  std::vector<CoordinatorLimit> coordinator_limits(soci::session& sql, long long user_id);
  // The organisations of these branches, by id (none for an empty list).
  std::vector<long long> organisations_in_branches(soci::session& sql, const std::vector<long long>& branches);
  // The branch of an organisation; 0 when none or unknown.
  long long branch_of(soci::session& sql, long long organisation_id);
  // The organisations whose commune lies in one of these délégations, by id (none for an empty list).
  std::vector<long long> organisations_in_delegations(soci::session& sql, const std::vector<long long>& delegations);
  // The délégation of a commune (through its EPCI, within its département); 0 when none.
  long long delegation_of_commune(soci::session& sql, const std::string& commune_code);
  // The commune of an organisation; nullopt when the organisation is unknown or has no commune.
  std::optional<std::string> commune_of(soci::session& sql, long long organisation_id);
  // A person's coordinator memberships and their délégation (0: none), by membership id.
  std::vector<CoordinatorMembership> coordinator_memberships(soci::session& sql, long long user_id);
  // The role of a person's membership; nullopt when the membership is not theirs or unknown.
  std::optional<std::string> membership_role(soci::session& sql, long long membership_id, long long user_id);
  // The name of a délégation; nullopt when unknown.
  std::optional<std::string> delegation_name(soci::session& sql, long long delegation_id);
  // Limits a membership to a délégation (0: the whole network).
  void set_membership_delegation(soci::session& sql, long long membership_id, long long delegation_id);
};

}  // namespace trame::organisations
