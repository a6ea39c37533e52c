#include "app/setup/repository.hpp"

#include <string>

namespace trame::setup {

long long Repository::account_count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM users", soci::into(n);
  return n;
}

bool Repository::claim_installation(soci::session& sql, long long now) {
  // The settings key is unique: a second insert conflicts (and, on PostgreSQL, waits for the first
  // transaction and then conflicts), so only one install goes through.
  std::string value = std::to_string(now);
  soci::statement st = (sql.prepare << "INSERT INTO settings (key, value) VALUES ('setup.installed_at', :v) "
                                       "ON CONFLICT (key) DO NOTHING",
                        soci::use(value));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

}  // namespace trame::setup
