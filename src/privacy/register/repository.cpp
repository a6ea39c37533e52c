#include "privacy/register/repository.hpp"

#include "platform/store/settings.hpp"
#include "privacy/register/rules.hpp"

namespace trame::privacy::register_ {

std::map<std::string, long long> Repository::retention_values(soci::session& sql) const {
  std::map<std::string, long long> values;
  for (const auto& s : retention_settings()) values[s.key] = effective_value(s, store::setting(sql, s.key));
  return values;
}

}  // namespace trame::privacy::register_
