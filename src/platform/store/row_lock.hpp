// One row's write lock, held until the transaction ends, without changing the row: two writers of the
// same object are serialised, and the second reads what the first wrote. On PostgreSQL the no-op UPDATE
// locks the row; on SQLite it makes the transaction the database's one writer from here on. For
// repositories only (SQL stays in repositories): a module's repository names the lock in its own terms
// (hold a project, lock an application) and calls this with its table.
#pragma once
#include <string_view>

#include <soci/soci.h>

namespace trame::store {

// table is one of the project's table names, written in the calling repository (never user input);
// the table has an updated_at column. Returns whether the row exists.
bool lock_row(soci::session& sql, std::string_view table, long long id);

}  // namespace trame::store
