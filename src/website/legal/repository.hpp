// SQL of the legal pages: their settings, read in one statement per page.
#pragma once
#include <string>

#include <soci/soci.h>

#include "website/legal/model.hpp"

namespace trame::website::legal {

class Repository {
 public:
  // Every setting under `prefix` ("website.legal.accessibility."), keyed by the rest of its key.
  Values settings_under(soci::session& sql, const std::string& prefix);
  // Every legal setting (all pages), keyed by the whole key.
  Values all_settings(soci::session& sql);
};

}  // namespace trame::website::legal
