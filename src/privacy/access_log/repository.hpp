#pragma once
#include <vector>

#include <soci/soci.h>

#include "privacy/access_log/model.hpp"

namespace trame::privacy::access_log {

class Repository {
 public:
  // Newest first; `before` > 0: only ids below it (the export's keyset).
  std::vector<ReadEntry> page(soci::session& sql, const Filter& f, long long before, long long offset, long long limit);
  long long count(soci::session& sql, const Filter& f);
};

}  // namespace trame::privacy::access_log
