#pragma once
#include <optional>
#include <vector>

#include <soci/soci.h>

#include "organisations/model.hpp"

namespace trame::organisations {

class Repository {
 public:
  long long insert(soci::session& sql, const Organisation& o);
  std::optional<Organisation> find(soci::session& sql, long long id);
  std::optional<Organisation> find_by_name(soci::session& sql, const std::string& name);
  void update(soci::session& sql, const Organisation& o);
  std::vector<Organisation> page(soci::session& sql, const std::string& query, long long offset, long long limit);
  long long count(soci::session& sql, const std::string& query);
  std::vector<Member> members(soci::session& sql, long long organisation_id);
  std::vector<Organisation> all_active(soci::session& sql);
};

}  // namespace trame::organisations
