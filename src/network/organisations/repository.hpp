#pragma once
#include <memory>
#include <optional>
#include <vector>

#include <soci/soci.h>

#include "network/organisations/model.hpp"
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
};

}  // namespace trame::organisations
