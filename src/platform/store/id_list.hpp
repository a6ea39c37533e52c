// Our own ids as the inside of a SQL IN (…) list: "3,7,12", or "0" (no row has id 0) when there are
// none, so that "IN (…)" stays valid and matches nothing. Only for integers we hold, never user text.
#pragma once
#include <string>
#include <vector>

namespace trame::store {

inline std::string id_list(const std::vector<long long>& ids) {
  if (ids.empty()) return "0";
  std::string out;
  for (long long id : ids) out += (out.empty() ? "" : ",") + std::to_string(id);
  return out;
}

// "column IN (…)" over our own ids, or "1 = 1" when `all` (every row is in scope). A column written
// "+column" is checked on each row the plan reads instead of choosing the rows through its index (for long
// lists: docs/decisions.md, the relais' clause of issue 22).
inline std::string in_ids(const std::string& column, const std::vector<long long>& ids, bool all = false) {
  if (all) return "1 = 1";
  return column + " IN (" + id_list(ids) + ")";
}

}  // namespace trame::store
