#include "platform/store/backup.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/url/parse.hpp>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>

extern char** environ;

namespace trame::store {

namespace {

namespace fs = std::filesystem;

BackupReport refused(std::string problem) {
  BackupReport r;
  r.problem = std::move(problem);
  return r;
}

bool starts_with_bytes(const std::string& file, const std::string& magic) {
  std::ifstream in(file, std::ios::binary);
  std::string head(magic.size(), '\0');
  if (!in.read(head.data(), static_cast<std::streamsize>(head.size()))) return false;
  return head == magic;
}

// ---- SQLite -----------------------------------------------------------------------------------

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
using SqliteHandle = std::unique_ptr<sqlite3, SqliteCloser>;

SqliteHandle open_sqlite(const std::string& path, int flags) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  SqliteHandle db(raw);
  if (rc != SQLITE_OK) return nullptr;
  sqlite3_busy_timeout(db.get(), 10000);
  return db;
}

// One number from a query; -1 when it fails.
long long sqlite_number(sqlite3* db, const std::string& query) {
  sqlite3_stmt* st = nullptr;
  long long value = -1;
  if (sqlite3_prepare_v2(db, query.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    value = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return value;
}

std::string quoted_identifier(const std::string& name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string quoted_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

// Copies every page of src into dst, reporting progress; src may be inside a read transaction (its
// snapshot is then what is copied). Returns SQLite's result code.
int copy_pages(sqlite3* src, sqlite3* dst, const BackupProgress& progress) {
  sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
  if (!backup) return sqlite3_errcode(dst);
  int rc = SQLITE_OK;
  do {
    rc = sqlite3_backup_step(backup, 256);
    if (progress) {
      long long total = sqlite3_backup_pagecount(backup);
      progress(total - sqlite3_backup_remaining(backup), total);
    }
    if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(20);
  } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
  int finished = sqlite3_backup_finish(backup);
  return rc == SQLITE_DONE ? finished : rc;
}

BackupReport sqlite_backup(const DatabaseUrl& url, const std::string& file, const std::vector<std::string>& tables,
                           const BackupProgress& progress) {
  if (!fs::exists(url.sqlite_path)) return refused("la base " + url.sqlite_path + " n'existe pas");
  auto src = open_sqlite(url.sqlite_path, SQLITE_OPEN_READONLY);
  if (!src) return refused("impossible d'ouvrir la base " + url.sqlite_path);
  // The read transaction opened by the first count is kept for the whole copy: the copy and the counts
  // are the same instant of the database, whatever the writers do meanwhile.
  if (sqlite3_exec(src.get(), "BEGIN", nullptr, nullptr, nullptr) != SQLITE_OK)
    return refused("impossible d'ouvrir une transaction de lecture sur " + url.sqlite_path);
  BackupReport report;
  if (sqlite_number(src.get(), "SELECT count(*) FROM sqlite_schema") < 0)
    return refused("la base " + url.sqlite_path + " est illisible");
  for (const auto& t : tables)
    report.counts.emplace_back(t, sqlite_number(src.get(), "SELECT count(*) FROM " + quoted_identifier(t)));
  const std::string partial = file + ".partiel";
  fs::remove(partial);
  int rc = SQLITE_OK;
  {
    auto dst = open_sqlite(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    if (!dst) return refused("impossible de créer " + partial);
    rc = copy_pages(src.get(), dst.get(), progress);
  }
  sqlite3_exec(src.get(), "COMMIT", nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) {
    fs::remove(partial);
    return refused("la copie a échoué (" + std::string(sqlite3_errstr(rc)) + ")");
  }
  fs::rename(partial, file);
  report.ok = true;
  return report;
}

BackupReport sqlite_restore(const DatabaseUrl& url, const std::string& file, bool force,
                            const BackupProgress& progress) {
  if (!starts_with_bytes(file, std::string("SQLite format 3\0", 16)))
    return refused(file + " n'est pas une sauvegarde SQLite (attendu : un fichier écrit par « trame backup »)");
  auto src = open_sqlite(file, SQLITE_OPEN_READONLY);
  if (!src || sqlite_number(src.get(), "SELECT count(*) FROM schema_migrations") < 0)
    return refused(file + " n'est pas une base Trame (table schema_migrations absente)");
  std::error_code ec;
  if (fs::exists(url.sqlite_path) && fs::file_size(url.sqlite_path, ec) > 0) {
    auto existing = open_sqlite(url.sqlite_path, SQLITE_OPEN_READONLY);
    long long tables =
        existing ? sqlite_number(existing.get(), "SELECT count(*) FROM sqlite_schema WHERE type = 'table'") : -1;
    if (tables != 0 && !force)
      return refused("la base " + url.sqlite_path +
                     " existe déjà et contient des données : la restauration l'écraserait. Arrêtez Trame, puis "
                     "relancez avec --force pour la remplacer, ou restaurez vers un autre fichier");
  }
  auto parent = fs::path(url.sqlite_path).parent_path();
  if (!parent.empty()) fs::create_directories(parent);
  auto dst = open_sqlite(url.sqlite_path, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  if (!dst) return refused("impossible d'ouvrir " + url.sqlite_path + " en écriture");
  int rc = copy_pages(src.get(), dst.get(), progress);
  if (rc != SQLITE_OK) return refused("la restauration a échoué (" + std::string(sqlite3_errstr(rc)) + ")");
  BackupReport report;
  report.ok = true;
  return report;
}

// ---- PostgreSQL -------------------------------------------------------------------------------

struct PgCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgHandle = std::unique_ptr<PGconn, PgCloser>;

struct PgResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, PgResultCloser>;

// One text value from a query, or nullopt-like empty with ok=false.
bool pg_value(PGconn* c, const std::string& query, std::string& value) {
  PgResult r(PQexec(c, query.c_str()));
  auto status = PQresultStatus(r.get());
  if (status == PGRES_COMMAND_OK) return true;
  if (status != PGRES_TUPLES_OK || PQntuples(r.get()) != 1) return false;
  value = PQgetvalue(r.get(), 0, 0);
  return true;
}

// The connection string without its password (which goes to the tool through PGPASSWORD, not its
// command line), and the password itself.
std::pair<std::string, std::string> tool_connection(const DatabaseUrl& url) {
  std::string conninfo = url.soci_connect;
  auto at = conninfo.find(" password=");
  if (at != std::string::npos) conninfo.erase(at);
  std::string password;
  auto parsed = boost::urls::parse_uri(url.original);
  if (parsed && parsed->has_password()) password = std::string(parsed->password());
  return {conninfo, password};
}

// Runs a PostgreSQL tool found in PATH and waits for it: its exit code, or -1 when it cannot start.
int run_tool(const std::vector<std::string>& args, const std::string& password) {
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> env;
  for (char** e = environ; *e != nullptr; ++e)
    if (std::strncmp(*e, "PGPASSWORD=", 11) != 0) env.emplace_back(*e);
  if (!password.empty()) env.push_back("PGPASSWORD=" + password);
  std::vector<char*> envp;
  envp.reserve(env.size() + 1);
  for (auto& e : env) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  if (posix_spawnp(&pid, args.front().c_str(), nullptr, nullptr, argv.data(), envp.data()) != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR) return -1;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return 128 + (WIFSIGNALED(status) ? WTERMSIG(status) : 0);
}

std::string tool_failure(const std::string& tool, int code) {
  if (code < 0) return tool + " est introuvable : installez le client PostgreSQL (paquet postgresql-client)";
  return tool + " a échoué (code " + std::to_string(code) + ", détails ci-dessus)";
}

BackupReport pg_backup(const DatabaseUrl& url, const std::string& file, const std::vector<std::string>& tables,
                       const BackupProgress& progress) {
  PgHandle c(PQconnectdb(url.soci_connect.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK) return refused("connexion impossible à " + url.redacted());
  // A snapshot exported by this transaction: pg_dump dumps exactly what the counts below see.
  std::string snapshot;
  std::string ignored;
  if (!pg_value(c.get(), "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", ignored) ||
      !pg_value(c.get(), "SELECT pg_export_snapshot()", snapshot))
    return refused("impossible d'ouvrir un instantané de " + url.redacted());
  BackupReport report;
  for (const auto& t : tables) {
    // A missing table would abort the transaction (and lose the snapshot): asked first.
    std::string present;
    std::string n;
    long long count = -1;
    if (pg_value(c.get(), "SELECT to_regclass(" + quoted_literal(t) + ") IS NOT NULL", present) && present == "t" &&
        pg_value(c.get(), "SELECT count(*) FROM " + quoted_identifier(t), n) && !n.empty())
      count = std::stoll(n);
    report.counts.emplace_back(t, count);
  }
  if (progress) progress(0, 1);
  const std::string partial = file + ".partiel";
  fs::remove(partial);
  auto [conninfo, password] = tool_connection(url);
  int code = run_tool(
      {"pg_dump", "--format=custom", "--snapshot=" + snapshot, "--file=" + partial, "--dbname=" + conninfo}, password);
  pg_value(c.get(), "COMMIT", ignored);
  if (code != 0) {
    fs::remove(partial);
    return refused(tool_failure("pg_dump", code));
  }
  fs::rename(partial, file);
  if (progress) progress(1, 1);
  report.ok = true;
  return report;
}

BackupReport pg_restore(const DatabaseUrl& url, const std::string& file, bool force, const BackupProgress& progress) {
  if (!starts_with_bytes(file, "PGDMP"))
    return refused(file +
                   " n'est pas une sauvegarde PostgreSQL (attendu : le format custom de pg_dump, écrit par "
                   "« trame backup »)");
  PgHandle c(PQconnectdb(url.soci_connect.c_str()));
  if (PQstatus(c.get()) != CONNECTION_OK)
    return refused("connexion impossible à " + url.redacted() + " (créez d'abord la base : createdb)");
  std::string tables;
  if (!pg_value(c.get(), "SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = current_schema()", tables))
    return refused("impossible de lire le schéma de " + url.redacted());
  c.reset();
  const bool occupied = tables != "0";
  if (occupied && !force)
    return refused("la base " + url.redacted() + " contient déjà " + tables +
                   " tables : la restauration les écraserait. Restaurez dans une base neuve (createdb), ou arrêtez "
                   "Trame et relancez avec --force pour la remplacer");
  if (progress) progress(0, 1);
  auto [conninfo, password] = tool_connection(url);
  std::vector<std::string> args{"pg_restore", "--exit-on-error", "--no-owner", "--no-privileges",
                                "--single-transaction"};
  if (occupied) {
    args.emplace_back("--clean");
    args.emplace_back("--if-exists");
  }
  args.push_back("--dbname=" + conninfo);
  args.push_back(file);
  int code = run_tool(args, password);
  if (code != 0) return refused(tool_failure("pg_restore", code));
  if (progress) progress(1, 1);
  BackupReport report;
  report.ok = true;
  return report;
}

}  // namespace

BackupReport backup_database(const DatabaseUrl& url, const std::string& file,
                             const std::vector<std::string>& counted_tables, const BackupProgress& progress) {
  if (url.engine == Engine::postgresql) return pg_backup(url, file, counted_tables, progress);
  return sqlite_backup(url, file, counted_tables, progress);
}

BackupReport restore_database(const DatabaseUrl& url, const std::string& file, bool force,
                              const BackupProgress& progress) {
  if (!fs::exists(file)) return refused("le fichier " + file + " n'existe pas");
  if (url.engine == Engine::postgresql) return pg_restore(url, file, force, progress);
  return sqlite_restore(url, file, force, progress);
}

}  // namespace trame::store
