#pragma once
#include <optional>

#include <soci/soci.h>

#include "network/directory_import/model.hpp"

namespace trame::directory_import {

class Repository {
 public:
  long long insert(soci::session& sql, const Batch& b);
  std::optional<Batch> find(soci::session& sql, const std::string& token);
  // pending → imported; false when the batch was already imported (or does not exist).
  bool mark_imported(soci::session& sql, long long id, long long count, long long at);
};

}  // namespace trame::directory_import
