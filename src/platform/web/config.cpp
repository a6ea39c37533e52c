#include "platform/web/config.hpp"

#include "platform/http/client_address.hpp"

#include <toml++/toml.h>

#include <algorithm>
#include <cstdlib>
#include <thread>
#include <stdexcept>

#ifndef TRAME_SOURCE_DIR
#define TRAME_SOURCE_DIR "."
#endif

namespace trame::web {

std::filesystem::path default_resources_dir() {
  if (const char* env = std::getenv("TRAME_RESOURCES")) return env;
  if (std::filesystem::exists("templates/layout/page.mustache")) return std::filesystem::current_path();
  return TRAME_SOURCE_DIR;
}

Config Config::load(const std::string& file, const std::string& database) {
  Config c;
  c.resources = default_resources_dir();
  if (!file.empty()) {
    if (!std::filesystem::exists(file)) throw std::runtime_error("fichier de configuration introuvable : " + file);
    toml::table t;
    try {
      t = toml::parse_file(file);
    } catch (const toml::parse_error& e) {
      throw std::runtime_error("configuration invalide (" + file + ") : " + std::string(e.description()));
    }
    c.listen = t["listen"].value_or(c.listen);
    c.database = t["database"].value_or(c.database);
    c.public_url = t["public_url"].value_or(c.public_url);
    c.https = t["https"].value_or(c.https);
    c.development = t["development"].value_or(c.development);
    c.secret_key = t["secret_key"].value_or(c.secret_key);
    if (auto* previous = t["previous_secret_keys"].as_array())
      for (const auto& k : *previous)
        if (auto v = k.value<std::string>()) c.previous_secret_keys.push_back(*v);
    c.audit_head_file = t["audit"]["head_file"].value_or(c.audit_head_file);
    c.audit_head_minutes = t["audit"]["head_minutes"].value_or(c.audit_head_minutes);
    c.smtp_url = t["smtp"]["url"].value_or(c.smtp_url);
    c.smtp_user = t["smtp"]["user"].value_or(c.smtp_user);
    c.smtp_password = t["smtp"]["password"].value_or(c.smtp_password);
    c.smtp_from = t["smtp"]["from"].value_or(c.smtp_from);
    c.smtp_require_tls = t["smtp"]["require_tls"].value_or(c.smtp_require_tls);
    c.metrics_token = t["metrics_token"].value_or(c.metrics_token);
    if (auto* proxies = t["trusted_proxies"].as_array())
      for (const auto& p : *proxies)
        if (auto v = p.value<std::string>()) c.trusted_proxies.push_back(*v);
    c.workers = t["workers"].value_or(c.workers);
    c.write_workers = t["write_workers"].value_or(c.write_workers);
    c.io_threads = t["io_threads"].value_or(c.io_threads);
    c.db_pool = t["db_pool"].value_or(c.db_pool);
    c.upload_limit_mb = t["upload_limit_mb"].value_or(c.upload_limit_mb);
    c.session_idle_minutes = t["session"]["idle_minutes"].value_or(c.session_idle_minutes);
    c.session_absolute_hours = t["session"]["absolute_hours"].value_or(c.session_absolute_hours);
    c.mail_poll_seconds = t["mail_poll_seconds"].value_or(c.mail_poll_seconds);
    c.default_locale = t["default_locale"].value_or(c.default_locale);
    c.map_tiles_url = t["map_tiles_url"].value_or(c.map_tiles_url);
    if (auto r = t["resources"].value<std::string>()) c.resources = *r;
  }
  c.apply_environment();
  if (!database.empty()) c.database = database;
  if (c.workers <= 0) c.workers = static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
  if (c.io_threads <= 0) c.io_threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  // Form submissions mostly wait for a commit. Both engines commit the waiting ones together, so more of
  // them make bigger groups (bench/booking: SQLite best with 8 per core; PostgreSQL with 4 per core, at
  // least 8: a write worker also makes its request's reads before the write, so with 4 a group held 2 of
  // them; 8 beat 4 and 16 in every series measured, bench/README.md « session 19 »).
  if (c.write_workers <= 0) {
    unsigned cores = std::max(1u, std::thread::hardware_concurrency());
    bool postgresql = c.database.rfind("postgres", 0) == 0;
    c.write_workers = static_cast<int>(postgresql ? std::max(8u, 4 * cores) : std::clamp(8 * cores, 8u, 32u));
  }
  c.db_pool_chosen = c.db_pool > 0;
  if (c.db_pool <= 0) c.db_pool = c.workers + c.write_workers + 2;
  return c;
}

Config& Config::for_command() {
  if (!db_pool_chosen) db_pool = kCommandDbPool;
  return *this;
}

void Config::apply_environment() {
  auto str = [](const char* name, std::string& target) {
    if (const char* v = std::getenv(name)) target = v;
  };
  auto flag = [](const char* name, bool& target) {
    if (const char* v = std::getenv(name)) target = std::string(v) == "1" || std::string(v) == "true";
  };
  auto num = [](const char* name, int& target) {
    if (const char* v = std::getenv(name)) target = std::atoi(v);
  };
  str("TRAME_LISTEN", listen);
  str("TRAME_DATABASE", database);
  str("TRAME_PUBLIC_URL", public_url);
  flag("TRAME_HTTPS", https);
  flag("TRAME_DEVELOPMENT", development);
  str("TRAME_SECRET_KEY", secret_key);
  str("TRAME_AUDIT_HEAD_FILE", audit_head_file);
  str("TRAME_SMTP_URL", smtp_url);
  str("TRAME_SMTP_USER", smtp_user);
  str("TRAME_SMTP_PASSWORD", smtp_password);
  str("TRAME_SMTP_FROM", smtp_from);
  str("TRAME_METRICS_TOKEN", metrics_token);
  if (const char* v = std::getenv("TRAME_TRUSTED_PROXIES")) {
    trusted_proxies.clear();
    std::string list = v;
    std::size_t pos = 0;
    while (pos <= list.size()) {
      auto comma = list.find(',', pos);
      std::string item = list.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      item.erase(0, item.find_first_not_of(' '));
      item.erase(item.find_last_not_of(' ') + 1);
      if (!item.empty()) trusted_proxies.push_back(item);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  num("TRAME_WORKERS", workers);
  num("TRAME_WRITE_WORKERS", write_workers);
  num("TRAME_IO_THREADS", io_threads);
  num("TRAME_DB_POOL", db_pool);
  num("TRAME_MAIL_POLL_SECONDS", mail_poll_seconds);
  num("TRAME_SESSION_IDLE_MINUTES", session_idle_minutes);
  num("TRAME_SESSION_ABSOLUTE_HOURS", session_absolute_hours);
  num("TRAME_UPLOAD_LIMIT_MB", upload_limit_mb);
  str("TRAME_MAP_TILES_URL", map_tiles_url);
}

std::vector<DeployFinding> check_deploy(const Config& c) {
  std::vector<DeployFinding> out;
  if (!c.https || c.public_url.rfind("https://", 0) != 0)
    out.push_back({true,
                   "HTTPS n'est pas configuré (https = true et public_url en https://) : "
                   "les cookies de session circuleraient en clair."});
  if (c.secret_key == "change-me" || c.secret_key.size() < 32)
    out.push_back({true,
                   "secret_key est la valeur par défaut ou fait moins de 32 caractères : la chaîne du journal "
                   "d'audit et les secrets TOTP seraient protégés par une clé que chacun peut recalculer."});
  if (c.audit_head_file.empty())
    out.push_back({false,
                   "audit.head_file est vide : la tête du journal d'audit n'est pas exportée hors de la base "
                   "(une fin de journal coupée avec une tête plus ancienne ne serait pas décelée)."});
  if (c.development)
    out.push_back({true, "le mode développement est activé (development = true) : désactivez-le en production."});
  if (c.smtp_url.empty()) {
    out.push_back({true,
                   "aucun serveur SMTP (smtp_url) : les liens d'invitation et de réinitialisation du mot de "
                   "passe ne partiraient pas ; configurez le serveur d'envoi de la structure."});
  } else {
    bool local = c.smtp_url.find("127.0.0.1") != std::string::npos || c.smtp_url.find("localhost") != std::string::npos;
    bool tls = c.smtp_url.rfind("smtps://", 0) == 0 || c.smtp_require_tls;
    if (!tls && !local)
      out.push_back({true, "le serveur SMTP est joint sans chiffrement (utilisez smtps:// ou require_tls = true)."});
    if (c.smtp_user.empty() && !local) out.push_back({false, "le serveur SMTP est utilisé sans authentification."});
  }
  if (c.metrics_token.empty())
    out.push_back({false, "metrics_token est vide : /metrics ne répondra qu'aux appels locaux."});
  try {
    http::TrustedProxies proxies(c.trusted_proxies);
    if (proxies.empty())
      out.push_back({false,
                     "trusted_proxies est vide : derrière un proxy inverse, chaque client aurait l'adresse du "
                     "proxy (limites de tentatives, journal d'audit, accès à /metrics)."});
  } catch (const std::invalid_argument& ex) {
    out.push_back({true, ex.what()});
  }
  if (const char* offset = std::getenv("TRAME_CLOCK_OFFSET"); offset && std::atoll(offset) != 0)
    out.push_back({true, "TRAME_CLOCK_OFFSET décale l'horloge (réservé aux tests) : retirez-le en production."});
  if (const char* cost = std::getenv("TRAME_PASSWORD_COST"); cost && *cost != '\0')
    out.push_back({true,
                   "TRAME_PASSWORD_COST affaiblit le hachage des mots de passe (réservé aux tests) : retirez-le "
                   "en production."});
  if (c.database.rfind("sqlite:", 0) == 0)
    out.push_back({false, "la base est SQLite : convient à une seule instance ; PostgreSQL pour plusieurs."});
  return out;
}

}  // namespace trame::web
