#include "platform/store/migrations.hpp"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>
#include <stdexcept>

namespace trame::store {

std::vector<Migration> list_migrations(const std::filesystem::path& root, Engine engine) {
  auto dir = root / (engine == Engine::sqlite ? "sqlite" : "postgresql");
  std::vector<Migration> out;
  if (!std::filesystem::exists(dir)) throw std::runtime_error("dossier des migrations introuvable : " + dir.string());
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    auto name = entry.path().filename().string();
    if (entry.path().extension() != ".sql" || name.size() < 6) continue;
    Migration m;
    m.version = std::stoi(name.substr(0, 4));
    m.name = entry.path().stem().string();
    m.file = entry.path();
    out.push_back(std::move(m));
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.version < b.version; });
  return out;
}

int migrate(Database& db, const std::filesystem::path& migrations_root,
            const std::function<void(const Migration&)>& progress) {
  auto migrations = list_migrations(migrations_root, db.engine());
  Database::Lease lease(db);
  soci::session& sql = *lease;
  const bool pg = db.engine() == Engine::postgresql;
  // Several instances may start at once on PostgreSQL: one migrates, the others wait.
  if (pg) sql << "SELECT pg_advisory_lock(727274)";
  int applied = 0;
  try {
    sql << "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, "
           "applied_at BIGINT NOT NULL)";
    std::set<int> done;
    {
      int version = 0;
      soci::statement st = (sql.prepare << "SELECT version FROM schema_migrations", soci::into(version));
      st.execute();
      while (st.fetch()) done.insert(version);
    }
    for (const auto& m : migrations) {
      if (done.count(m.version)) continue;
      std::ifstream in(m.file);
      std::stringstream script;
      script << in.rdbuf();
      sql << (pg ? "BEGIN" : "BEGIN IMMEDIATE");
      try {
        db.execute_script(sql, script.str());
        long long now = now_seconds();
        sql << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)", soci::use(m.version),
            soci::use(m.name), soci::use(now);
        sql << "COMMIT";
      } catch (...) {
        sql << "ROLLBACK";
        throw;
      }
      ++applied;
      if (progress) progress(m);
    }
  } catch (...) {
    if (pg) sql << "SELECT pg_advisory_unlock(727274)";
    throw;
  }
  if (pg) sql << "SELECT pg_advisory_unlock(727274)";
  return applied;
}

}  // namespace trame::store
