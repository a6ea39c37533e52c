// SQL of the register: it reads the retention settings (the settings table), nothing else.
#pragma once
#include <map>
#include <string>

#include <soci/soci.h>

namespace trame::privacy::register_ {

class Repository {
 public:
  // The effective value of every retention setting (rules.hpp: stored value, else its default), by key.
  std::map<std::string, long long> retention_values(soci::session& sql) const;
};

}  // namespace trame::privacy::register_
