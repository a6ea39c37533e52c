#pragma once
#include <soci/soci.h>

#include "platform/site/model.hpp"

namespace trame::site {

class Repository {
 public:
  Figures figures(soci::session& sql, long long now);
};

}  // namespace trame::site
