// Our own ids (never user text) as an SQL condition: "column IN (3,7,12)" on SQLite,
// "column = ANY ('{3,7,12}'::BIGINT[])" on PostgreSQL — the same rows and plans, but one constant instead of one
// per id, which PostgreSQL parses and plans in a fraction of the time once the list is long (a branch's 3,339
// organisations: 8 → 1.2 ms per list; docs/decisions.md, issue 22 session 27); one id: "column = 3", as
// PostgreSQL reads "IN (3)". No id: "IN (0)" or "= 0" (no row has id 0), so that the condition stays valid and
// matches nothing, NULL included, under NOT as well.
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

namespace trame::store {

// "column IN (…)" in the session's engine's spelling, or "1 = 1" when `all` (every row is in scope). A column
// written "+column" is checked on each row the plan reads instead of choosing the rows through its index (for
// long lists: docs/decisions.md, the relais' clause of issue 22).
std::string in_ids(soci::session& sql, const std::string& column, const std::vector<long long>& ids, bool all = false);
// The same over a TEXT column holding ids as text (a kept figure's group key): "column IN ('3','7')", or
// "column = ANY ('{3,7}'::TEXT[])"; no id: "IN ('')" / "= ''", which matches no key.
std::string in_id_keys(soci::session& sql, const std::string& column, const std::vector<long long>& ids);

}  // namespace trame::store
