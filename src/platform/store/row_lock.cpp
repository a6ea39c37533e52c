#include "platform/store/row_lock.hpp"

#include <string>

namespace trame::store {

bool lock_row(soci::session& sql, std::string_view table, long long id) {
  soci::statement st =
      (sql.prepare << "UPDATE " + std::string(table) + " SET updated_at = updated_at WHERE id = :id", soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace trame::store
