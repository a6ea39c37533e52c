// Trame's configuration: a TOML file (trame.toml) and TRAME_* environment overrides.
// `trame check-deploy` reads the same struct to refuse an insecure production setup.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace trame::web {

struct Config {
  std::string listen = "127.0.0.1:8080";
  std::string database = "sqlite:var/trame.db";
  std::string public_url = "http://127.0.0.1:8080";
  bool https = false;        // served behind HTTPS: Secure cookies, HSTS
  bool development = false;  // reload templates, development mailbox page
  // Keys the audit log's chain and encrypts TOTP seeds (docs/security-keys.md); "change-me" gives a
  // built-in development key that check-deploy refuses.
  std::string secret_key = "change-me";
  // Earlier secret keys, kept after a rotation to verify the audit log's older entries (TOML array).
  std::vector<std::string> previous_secret_keys;
  // Where the server exports the audit log's head (count:hash) every audit_head_minutes; empty: not exported.
  std::string audit_head_file;
  int audit_head_minutes = 60;
  std::string smtp_url;  // empty: mail stays in the outbox, shown on /dev/courriels
  std::string smtp_user;
  std::string smtp_password;
  std::string smtp_from = "Trame <ne-pas-repondre@trame.local>";
  bool smtp_require_tls = false;
  std::string metrics_token;
  // Reverse proxies (IP addresses or CIDR ranges) trusted to name the client in Forwarded /
  // X-Forwarded-For; empty: the socket's peer is the client. TOML array, or TRAME_TRUSTED_PROXIES
  // as a comma-separated list.
  std::vector<std::string> trusted_proxies;
  int workers = 0;              // 0: one per CPU core (more threads than cores costs context switches)
  int write_workers = 0;        // 0: per CPU core, 8 on SQLite (8 to 32), 2 on PostgreSQL (at least 4)
  int io_threads = 0;           // 0: one per CPU core (one io thread caps a page's rate)
  int db_pool = 0;              // 0: workers + write_workers + 2 (a command's: kCommandDbPool, for_command)
  bool db_pool_chosen = false;  // db_pool set by the file or TRAME_DB_POOL
  int upload_limit_mb = 21;     // a 20 MiB file (a candidate's written report) and the form around it
  int session_idle_minutes = 30;
  int session_absolute_hours = 12;
  int mail_poll_seconds = 2;
  std::string default_locale = "fr";
  // Map tiles ({z}/{x}/{y} template, optionally {s}); empty: the map shows no tiles, only markers and the list.
  std::string map_tiles_url = "https://tile.openstreetmap.org/{z}/{x}/{y}.png";
  std::filesystem::path resources;  // holds templates/, static/, locales/, migrations/

  // Loads the file (if given and present), then applies environment overrides.
  // database, when given, replaces the file's and the environment's (command line --database)
  // before the thread and connection counts that depend on the engine are chosen.
  static Config load(const std::string& file, const std::string& database = "");
  // The configuration of a command (every one but `trame serve`): it runs in one thread, so a few database
  // connections rather than a server's pool, unless db_pool was chosen. Each pooled connection is opened at
  // start (on PostgreSQL a server backend each): `trame jobs run-due` with nothing due took 0.27 s with SQLite's
  // 20 connections and 0.14 s with 4; on PostgreSQL 0.24–0.28 s with 12 and 0.19–0.21 s with 4.
  static constexpr int kCommandDbPool = 4;
  Config& for_command();
  void apply_environment();
  std::filesystem::path resource(const std::string& name) const { return resources / name; }
  // The development mailbox (/dev/courriels, the outbox with its invitation and reset links) is
  // served only without SMTP and outside production: in development mode, or not behind HTTPS.
  bool serves_dev_mailbox() const { return smtp_url.empty() && (development || !https); }
};

// Where templates, static files, locales and migrations live: the working directory if it
// holds them, else the source tree the binary was built from.
std::filesystem::path default_resources_dir();

struct DeployFinding {
  bool blocking;  // true: refuse; false: warn
  std::string message;
};
std::vector<DeployFinding> check_deploy(const Config& config);

}  // namespace trame::web
