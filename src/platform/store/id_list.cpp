#include "platform/store/id_list.hpp"

namespace trame::store {

namespace {

// `column` compared with every id: `quote` around each on SQLite; on PostgreSQL one array constant, or an equality
// for one id (or none), as PostgreSQL reads « IN (17) » — the array would change the plan (a hash join instead).
std::string in_list(soci::session& sql, const std::string& column, const std::vector<long long>& ids,
                    const std::string& none, const char* quote, const char* type) {
  const bool postgresql = sql.get_backend_name() == "postgresql";
  if (ids.size() <= 1) {
    const std::string id = ids.empty() ? none : std::to_string(ids.front());
    return column + (postgresql ? " = " : " IN (") + quote + id + quote + (postgresql ? "" : ")");
  }
  std::string out = column + (postgresql ? " = ANY ('{" : " IN (");
  out.reserve(out.size() + ids.size() * 10 + 16);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i != 0) out += ',';
    if (!postgresql) out += quote;
    out += std::to_string(ids[i]);
    if (!postgresql) out += quote;
  }
  out += postgresql ? "}'::" + std::string(type) + "[])" : std::string(")");
  return out;
}

}  // namespace

std::string in_ids(soci::session& sql, const std::string& column, const std::vector<long long>& ids, bool all) {
  if (all) return "1 = 1";
  return in_list(sql, column, ids, "0", "", "BIGINT");
}

std::string in_id_keys(soci::session& sql, const std::string& column, const std::vector<long long>& ids) {
  return in_list(sql, column, ids, "", "'", "TEXT");
}

}  // namespace trame::store
