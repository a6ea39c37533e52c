// trame: the command line. Every command and option is described in French.
#include <CLI/CLI.hpp>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iostream>
#include <thread>

#include "accounts/service.hpp"
#include "audit/service.hpp"
#include "bookings/queue.hpp"
#include "bookings/service.hpp"
#include "followup/service.hpp"
#include "guestlists/service.hpp"
#include "trainings/service.hpp"
#include "enrolments/service.hpp"
#include "attendance/service.hpp"
#include "training_space/service.hpp"
#include "training_documents/service.hpp"
#include "quality/service.hpp"
#include "questionnaires/service.hpp"
#include "answers/service.hpp"
#include "campaigns/service.hpp"
#include "results/service.hpp"
#include "impact/demo.hpp"
#include "impact/service.hpp"
#include "demo/demo.hpp"
#include "http/server.hpp"
#include "jobs/scheduler.hpp"
#include "mail/service.hpp"
#include "organisations/service.hpp"
#include "outings/service.hpp"
#include "partnerships/service.hpp"
#include "directory_import/service.hpp"
#include "site/service.hpp"
#include "setup/service.hpp"
#include "territory/service.hpp"
#include "store/migrations.hpp"
#include "web/app.hpp"
#include "web/config.hpp"
#include "web/crypto.hpp"

using namespace trame;

namespace {

// Standard error, fully buffered and flushed every second or at once for warnings: one
// access-log line per request must not cost a system call per request.
class BufferedStderrSink : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    std::fwrite(line.data(), 1, line.size(), stderr);
  }
  void flush_() override { std::fflush(stderr); }
};

void setup_logging() {
  static char buffer[1 << 16];
  std::setvbuf(stderr, buffer, _IOFBF, sizeof buffer);
  auto logger = std::make_shared<spdlog::logger>("trame", std::make_shared<BufferedStderrSink>());
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%e %l %v");
  spdlog::flush_every(std::chrono::seconds(1));
  if (const char* level = std::getenv("TRAME_LOG_LEVEL")) spdlog::set_level(spdlog::level::from_str(level));
}

// Everything a command needs, wired once: the database, the services, the web app.
struct Platform {
  web::Config config;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<web::Catalogue> catalogue;
  std::unique_ptr<audit::Service> audit;
  std::string key_problem;  // set by migrate(): the audit log's last key is unknown
  std::unique_ptr<mail::Service> mail;
  std::unique_ptr<organisations::Service> organisations;
  std::unique_ptr<accounts::Service> accounts;
  std::unique_ptr<site::Service> site;
  std::unique_ptr<territory::Service> territory;
  std::unique_ptr<partnerships::Service> partnerships;
  std::unique_ptr<outings::Service> outings;
  std::unique_ptr<bookings::Queue> queue;
  std::unique_ptr<bookings::Service> bookings;
  std::unique_ptr<followup::Service> followup;
  std::unique_ptr<directory_import::Service> directory_import;
  std::unique_ptr<guestlists::Service> guestlists;
  std::unique_ptr<trainings::Service> trainings;
  std::unique_ptr<enrolments::Service> enrolments;
  std::unique_ptr<attendance::Service> attendance;
  std::unique_ptr<training_space::Service> training_space;
  std::unique_ptr<training_documents::Service> training_documents;
  std::unique_ptr<quality::Service> quality;
  std::unique_ptr<questionnaires::Service> questionnaires;
  std::unique_ptr<answers::Service> answers;
  std::unique_ptr<campaigns::Service> campaigns;
  std::unique_ptr<results::Service> results;
  std::unique_ptr<impact::Service> impact;
  std::unique_ptr<setup::Service> setup;

  explicit Platform(web::Config c) : config(std::move(c)) {
    auto url = store::DatabaseUrl::parse(config.database);
    db = std::make_unique<store::Database>(url, static_cast<std::size_t>(std::max(2, config.db_pool)));
    catalogue = std::make_unique<web::Catalogue>();
    catalogue->load(config.resource("locales"));
    web::SecretKeys keys(config.secret_key, config.previous_secret_keys);
    audit = std::make_unique<audit::Service>(*db, keys);
    mail = std::make_unique<mail::Service>(
        *db, mail::SmtpSettings{config.smtp_url, config.smtp_user, config.smtp_password, config.smtp_from,
                                config.smtp_require_tls});
    organisations = std::make_unique<organisations::Service>(*db, *audit);
    accounts::Settings settings;
    settings.session_idle_seconds = config.session_idle_minutes * 60LL;
    settings.session_absolute_seconds = config.session_absolute_hours * 3600LL;
    settings.public_url = config.public_url;
    settings.keys = keys;
    accounts = std::make_unique<accounts::Service>(*db, *audit, *mail, *catalogue, settings);
    auto common = config.resource("var/common-passwords.txt");
    if (std::filesystem::exists(common)) accounts->load_common_passwords(common.string());
    site = std::make_unique<site::Service>(*db);
    territory = std::make_unique<territory::Service>(*db, *audit);
    partnerships = std::make_unique<partnerships::Service>(*db, *audit);
    outings = std::make_unique<outings::Service>(*db, *audit);
    queue = std::make_unique<bookings::Queue>(*db, *audit, *mail, config.public_url);
    queue->set_catalogue(catalogue.get());
    followup = std::make_unique<followup::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    bookings = std::make_unique<bookings::Service>(*db, *audit, *mail, *queue, *partnerships, *catalogue,
                                                   config.public_url);
    directory_import = std::make_unique<directory_import::Service>(*db, *organisations, *audit);
    guestlists = std::make_unique<guestlists::Service>(*db, *audit);
    trainings = std::make_unique<trainings::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    enrolments = std::make_unique<enrolments::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    attendance = std::make_unique<attendance::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    training_space = std::make_unique<training_space::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    training_documents = std::make_unique<training_documents::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    quality = std::make_unique<quality::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    questionnaires = std::make_unique<questionnaires::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    answers = std::make_unique<answers::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    campaigns = std::make_unique<campaigns::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    results = std::make_unique<results::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    impact = std::make_unique<impact::Service>(*db, *audit, *mail, *catalogue, config.public_url);
    setup = std::make_unique<setup::Service>(*db, *audit, *organisations, *accounts, *territory);
  }

  // Demo data of the modules that come after the directory, in dependency order.
  void load_module_demos() {
    Actor demo_actor{0, "démo", "127.0.0.1"};
    partnerships->load_demo(demo_actor);
    outings->load_demo(demo_actor);
    bookings->load_demo(demo_actor);
    trainings->load_demo(demo_actor);
    enrolments->load_demo(demo_actor);
    attendance->load_demo(demo_actor);
    training_space->load_demo(demo_actor);
    training_documents->load_demo(demo_actor);
    quality->load_demo(demo_actor);
    questionnaires->load_demo(demo_actor);
    answers->load_demo(demo_actor);
    campaigns->load_demo(demo_actor);
    results->load_demo(demo_actor);
    impact::load_demo_people(*db, *accounts, *bookings, demo_actor);
    impact->load_demo(demo_actor);
  }

  // Training work that falls due with time: waiting lists, convocations, reminders, complaint delays.
  long long run_training_jobs(long long now) {
    long long done = 0;
    done += trainings->run_due(now);
    done += enrolments->run_due(now);
    done += attendance->run_due(now);
    done += training_space->run_due(now);
    done += training_documents->run_due(now);
    done += quality->run_due(now);
    done += questionnaires->run_due(now);
    done += answers->run_due(now);
    done += campaigns->run_due(now);
    done += results->run_due(now);
    done += impact->run_due(now);
    return done;
  }

  std::filesystem::path territory_source() const {
    return config.resource("node_modules/@etalab/decoupage-administratif/data");
  }

  // unknown_key_allowed: for `audit verify` only, which reports the entries it cannot check; every
  // other command refuses to write under a secret_key the audit log does not know (a missing --config
  // or a mistyped key would chain entries and seal TOTP seeds under the wrong key).
  int migrate(bool verbose, bool unknown_key_allowed = false) {
    bool chain_keyed_now = false;
    int n = store::migrate(*db, config.resource("migrations"), [&](const store::Migration& m) {
      if (verbose) std::cout << "  migration appliquée : " << m.name << "\n";
      chain_keyed_now = chain_keyed_now || m.name.find("_audit_keys") != std::string::npos;
    });
    // Right after the audit chain became keyed: seal the entries chained without a key (only then,
    // so that a chain later rewritten without a key is never sealed). TOTP seeds still in clear (or
    // under a previous secret_key) are sealed under the current one.
    if (chain_keyed_now) audit->seal_unkeyed();
    key_problem = audit->adopt_current_key();
    if (!key_problem.empty()) {
      if (!unknown_key_allowed) throw std::runtime_error(key_problem);
    } else if (auto resealed = accounts->reseal_totp_seeds()) {
      spdlog::info("secrets TOTP : {} chiffré(s) avec la clé actuelle", resealed);
    }
    if (verbose) std::cout << (n ? std::to_string(n) + " migration(s) appliquée(s).\n" : "Schéma déjà à jour.\n");
    return n;
  }

  void register_routes(web::App& app) {
    web::register_system_routes(app);
    site::register_routes(app, *site);
    setup::register_routes(app, *setup);
    accounts::register_routes(app, *accounts, *organisations);
    organisations::register_routes(app, *organisations);
    territory::register_routes(app, *territory);
    partnerships::register_routes(app, *partnerships);
    outings::register_routes(app, *outings);
    guestlists::register_routes(app, *guestlists);
    bookings::register_routes(app, *bookings);
    bookings::register_queue_routes(app, *queue);
    followup::register_routes(app, *followup);
    trainings::register_routes(app, *trainings);
    enrolments::register_routes(app, *enrolments);
    attendance::register_routes(app, *attendance);
    training_space::register_routes(app, *training_space);
    training_documents::register_routes(app, *training_documents);
    quality::register_routes(app, *quality);
    questionnaires::register_routes(app, *questionnaires);
    answers::register_routes(app, *answers);
    campaigns::register_routes(app, *campaigns);
    results::register_routes(app, *results);
    impact::register_routes(app, *impact);
    directory_import::register_routes(app, *directory_import);
    audit::register_routes(app, *audit);
    mail::register_routes(app, *mail);
    app.resolve_session = [this](const std::string& token) { return accounts->resolve(token); };
    app.submission_guard = [this](const std::string& id, bool release) {
      if (release) {
        accounts->release_submission(id);
        return true;
      }
      return accounts->claim_submission(id);
    };
  }
};

web::Config load_config(const std::string& file, const std::string& database) {
  return web::Config::load(file, database);
}

// Progress on standard error. On a terminal, a bar redrawn in place: "enregistrement [=====>    ] 120/231".
// Otherwise (a log file, a CI job, a pipe) one line per finished step: "enregistrement : 231/231".
void show_progress(const std::string& stage, std::size_t done, std::size_t total) {
  static const bool terminal = isatty(fileno(stderr)) == 1;
  if (!terminal) {
    if (total != 0 && done == total) std::cerr << stage << " : " << done << "/" << total << "\n" << std::flush;
    return;
  }
  static std::string last_stage;
  static bool line_open = false;
  if (line_open && stage != last_stage) std::cerr << "\n";
  last_stage = stage;
  line_open = !(total != 0 && done == total);
  if (total == 0) {
    std::cerr << "\r" << stage << " : " << done << "   " << std::flush;
    return;
  }
  const int width = 30;
  int filled = static_cast<int>(width * done / total);
  std::cerr << "\r" << stage << " [" << std::string(filled, '=') << (filled < width ? ">" : "")
            << std::string(std::max(0, width - filled - 1), ' ') << "] " << done << "/" << total << std::flush;
  if (done == total) std::cerr << "\n";
}

int import_territory(Platform& platform, const std::string& code, const std::string& source) {
  std::filesystem::path dir = source.empty() ? platform.territory_source() : std::filesystem::path(source);
  auto report = platform.territory->import_departement({0, "ligne de commande", "127.0.0.1"}, dir, code, show_progress);
  std::cout << report.departement << " (" << code << ") : " << report.created << " créé(s), " << report.updated
            << " mis à jour, " << report.unchanged << " inchangé(s).";
  if (report.created == 0 && report.updated == 0) std::cout << " Rien n'a changé : les données étaient à jour.";
  std::cout << "\nImporté : le département, " << report.communes << " commune(s) et " << report.epcis
            << " intercommunalité(s) (EPCI).\n";
  return 0;
}

int import_qpv(Platform& platform, const std::string& file) {
  auto report = platform.territory->import_priority_areas({0, "ligne de commande", "127.0.0.1"}, file, show_progress);
  std::cout << "Quartiers prioritaires (" << report.file << ") : " << report.created << " créé(s), " << report.updated
            << " mis à jour, " << report.unchanged << " inchangé(s).";
  if (report.created == 0 && report.updated == 0) std::cout << " Rien n'a changé : les données étaient à jour.";
  std::cout << "\n";
  return 0;
}

void print_demo_logins() {
  std::cout << "\nComptes de démonstration (mot de passe : " << demo::kDemoPassword << ") :\n";
  for (const auto& a : demo::accounts())
    std::cout << "  " << a.email << "  —  " << a.name << " (" << a.role << ", " << a.organisation << ")\n";
}

int cmd_serve(const std::string& config_file, const std::string& listen, const std::string& database, bool with_demo) {
  auto config = load_config(config_file, database);
  if (!listen.empty()) config.listen = listen;
  Platform platform(config);
  platform.migrate(false);
  if (config.secret_key == "change-me" && !config.development)
    spdlog::warn("secret_key n'est pas configurée : clé de développement intégrée (voir docs/security-keys.md)");
  if (with_demo) {
    demo::load(*platform.organisations, *platform.accounts, *platform.territory, *platform.db,
               platform.territory_source());
    platform.load_module_demos();
    print_demo_logins();
  }
  web::App app(config, *platform.db);
  platform.register_routes(app);
  // A fresh database without the demo: say how to finish the install (the link's token works once,
  // until an account exists; from the server's own machine, /installation needs none).
  if (auto token = platform.setup->open_first_run(); !token.empty())
    spdlog::warn("aucun compte n'existe : terminez l'installation avec « trame init » ou sur {}/installation?jeton={} "
                 "(lien à usage unique ; depuis la machine du serveur, {}/installation suffit)",
                 config.public_url, token, config.public_url);

  http::ServerOptions options;
  auto colon = config.listen.rfind(':');
  if (colon == std::string::npos) throw std::runtime_error("adresse d'écoute invalide : " + config.listen);
  options.address = config.listen.substr(0, colon);
  options.port = static_cast<unsigned short>(std::stoi(config.listen.substr(colon + 1)));
  options.workers = config.workers;
  options.write_workers = config.write_workers;
  options.io_threads = config.io_threads;
  options.upload_body_limit = static_cast<std::size_t>(config.upload_limit_mb) << 20;
  options.behind_https = config.https;
  options.trusted_proxies = config.trusted_proxies;
  http::Server server(options, [&app](http::Request& req) { return app.handle(req); },
                      [&app](const http::Request& req, int status) { return app.transport_error(req, status); });
  app.gauges = [&server, &platform]() {
    const auto& s = server.stats();
    using T = web::Reading::Type;
    return std::vector<web::Reading>{
        {"trame_campaign_job_errors_total", "Campaign job cycles that failed since start.", T::counter,
         static_cast<double>(platform.campaigns->job_errors())},
        {"trame_http_in_flight", "Requests being handled now.", T::gauge, static_cast<double>(s.in_flight.load())},
        {"trame_worker_queue", "Requests waiting for a worker.", T::gauge, static_cast<double>(s.queued.load())},
        {"trame_workers_busy", "Workers handling a request now.", T::gauge, static_cast<double>(s.busy_workers.load())},
        {"trame_workers", "Workers of the server.", T::gauge, static_cast<double>(s.workers)}};
  };
  unsigned short port = server.listen();

  std::atomic<bool> stop{false};
  jobs::Scheduler scheduler;
  scheduler.every("envoi des courriels", std::chrono::seconds(std::max(1, config.mail_poll_seconds)), [&] {
    while (!stop && platform.mail->deliver_due() > 0) {
    }
  });
  scheduler.every("nettoyage", std::chrono::hours(1), [&] {
    auto removed = jobs::purge_expired(*platform.db, store::now_seconds());
    if (removed) spdlog::info("nettoyage : {} ligne(s) périmée(s) supprimée(s)", removed);
  });
  // Outings: due draws, offers not accepted in time, attendance reminders. Safe with several
  // instances (each step is claimed by a conditional UPDATE). Period: TRAME_OUTINGS_JOB_SECONDS (60 s).
  long long outings_period = 60;
  if (const char* v = std::getenv("TRAME_OUTINGS_JOB_SECONDS")) outings_period = std::max(1LL, std::atoll(v));
  scheduler.every("sorties : tirages, listes d'attente, rappels", std::chrono::seconds(outings_period), [&] {
    long long now = store::now_seconds();
    auto done = platform.queue->run_due(now);
    auto reminded = platform.followup->remind_attendance(now);
    if (done || reminded) spdlog::info("sorties : {} étape(s) de file, {} rappel(s) de présence", done, reminded);
  });
  // The audit log's head, exported out of the database (and logged): `trame audit verify --head FILE`
  // then detects a cut tail even with an older head put back (docs/security-keys.md).
  if (!config.audit_head_file.empty())
    scheduler.every("journal d'audit : export de la tête", std::chrono::minutes(std::max(1, config.audit_head_minutes)),
                    [&] {
                      auto r = platform.audit->export_head(config.audit_head_file);
                      if (r.ok)
                        spdlog::info("journal d'audit : tête {} exportée dans {}", r.head.text(), config.audit_head_file);
                      else
                        spdlog::error("journal d'audit : tête non exportée ({}) : entrée {} : {}", config.audit_head_file,
                                      r.first_bad_id, r.problem);
                    });
  long long trainings_period = 60;
  if (const char* v = std::getenv("TRAME_TRAININGS_JOB_SECONDS")) trainings_period = std::max(1LL, std::atoll(v));
  scheduler.every("formations : listes d'attente, convocations, rappels", std::chrono::seconds(trainings_period), [&] {
    auto done = platform.run_training_jobs(store::now_seconds());
    if (done) spdlog::info("formations : {} étape(s)", done);
  });
  std::thread background([&] { scheduler.run(stop); });
  std::cout << "Trame est prêt : http://" << options.address << ":" << port << "/" << std::endl;
  spdlog::info("base de données : {}", platform.db->url().redacted());
  server.run();
  stop = true;
  background.join();
  spdlog::default_logger()->flush();
  std::cout << "Trame s'est arrêté proprement." << std::endl;
  return 0;
}

// `trame init`: the owner organisation and the first administrator of a database with no account.
// A value not given as an option is asked on a terminal; without a terminal, it is an error.
struct InitOptions {
  std::string organisation, kind, commune, email, name;
  bool password_stdin = false;
};

int cmd_init(Platform& platform, InitOptions o) {
  const bool terminal = isatty(fileno(stdin)) == 1;
  if (platform.setup->installed()) {
    std::cerr << "Erreur : " << platform.catalogue->t("fr", "setup.errors.already_installed") << "\n";
    return 2;
  }
  std::string kinds;
  for (const auto& k : organisations::kinds()) kinds += (kinds.empty() ? "" : ", ") + k;
  struct Asked {
    std::string* value;
    const char* option;
    std::string question;
    bool optional;
  };
  std::vector<Asked> asked = {
      {&o.organisation, "--organisation", "Nom de la structure propriétaire", false},
      {&o.kind, "--kind", "Type de structure (" + kinds + ")", false},
      {&o.commune, "--commune", "Commune (code INSEE ou nom ; vide si le territoire n'est pas importé)", true},
      {&o.name, "--name", "Nom de l'administrateur", false},
      {&o.email, "--email", "Adresse électronique de l'administrateur", false}};
  std::string missing;
  for (auto& a : asked) {
    if (!a.value->empty() || (a.optional && !terminal)) continue;
    if (!terminal) {
      missing += (missing.empty() ? "" : ", ") + std::string(a.option);
      continue;
    }
    std::cout << a.question << " : " << std::flush;
    if (!std::getline(std::cin, *a.value)) break;
  }
  if (!missing.empty()) {
    std::cerr << "Erreur : option(s) manquante(s) : " << missing
              << ". Sans terminal, donnez-les toutes (voir « trame init --help »). Rien n'a été créé.\n";
    return 2;
  }
  setup::Installation in;
  in.organisation_name = o.organisation;
  in.organisation_kind = o.kind;
  in.commune = o.commune;
  in.admin_email = o.email;
  in.admin_name = o.name;
  if (o.password_stdin) {
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    in.password = password;
    in.password_confirm = password;
  }
  setup::Installed done;
  auto outcome = platform.setup->install({0, "ligne de commande", "127.0.0.1"}, in, done);
  if (!outcome.ok) {
    std::cerr << "Erreur : " << platform.catalogue->t("fr", outcome.error);
    if (outcome.error == "organisations.errors.kind") std::cerr << " (" << kinds << ")";
    std::cerr << "\nRien n'a été créé.\n";
    return 2;
  }
  std::cout << "Structure « " << done.organisation_name << " » créée (identifiant " << done.organisation_id << ")";
  if (!done.commune_name.empty()) std::cout << " à " << done.commune_name;
  std::cout << ".\nCompte administrateur créé pour " << o.email << " (identifiant " << done.user_id << ").\n";
  if (!done.password_link.empty())
    std::cout << "Pour choisir son mot de passe, ouvrez ce lien (une seule fois, valable 7 jours) :\n  "
              << done.password_link << "\n";
  else
    std::cout << "Vous pouvez vous connecter avec ce mot de passe.\n";
  return 0;
}

int cmd_backup(const std::string& database, const std::string& file) {
  auto url = store::DatabaseUrl::parse(database);
  if (url.engine == store::Engine::postgresql) {
    std::cout << "Pour sauvegarder PostgreSQL, utilisez pg_dump :\n  pg_dump --format=custom --file=" << file
              << " '" << url.redacted() << "'\n";
    return 0;
  }
  sqlite3* src = nullptr;
  sqlite3* dst = nullptr;
  if (sqlite3_open_v2(url.sqlite_path.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    std::cerr << "impossible d'ouvrir la base " << url.sqlite_path << "\n";
    sqlite3_close(src);
    return 1;
  }
  if (sqlite3_open(file.c_str(), &dst) != SQLITE_OK) {
    std::cerr << "impossible de créer " << file << "\n";
    sqlite3_close(src);
    sqlite3_close(dst);
    return 1;
  }
  sqlite3_backup* backup = sqlite3_backup_init(dst, "main", src, "main");
  int rc = SQLITE_OK;
  // A percentage redrawn in place on a terminal only; a log gets the result line alone.
  const bool terminal = isatty(fileno(stdout)) == 1;
  if (backup) {
    do {
      rc = sqlite3_backup_step(backup, 64);
      int total = sqlite3_backup_pagecount(backup);
      int done = total - sqlite3_backup_remaining(backup);
      if (terminal) std::cout << "\rsauvegarde : " << (total ? done * 100 / total : 100) << " %" << std::flush;
      if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) sqlite3_sleep(50);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(backup);
  }
  rc = sqlite3_errcode(dst);
  sqlite3_close(src);
  sqlite3_close(dst);
  if (terminal) std::cout << "\n";
  if (rc != SQLITE_OK) {
    std::cerr << "la sauvegarde a échoué (code " << rc << ")\n";
    return 1;
  }
  std::cout << "Sauvegarde écrite dans " << file << "\n";
  return 0;
}

// The first line of a file holding a secret_key (for --old-key-file); throws if absent or empty.
std::string read_key_file(const std::string& file) {
  std::ifstream in(file);
  std::string key;
  if (!in || !std::getline(in, key)) throw std::runtime_error("fichier de clé illisible : " + file);
  while (!key.empty() && std::isspace(static_cast<unsigned char>(key.back()))) key.pop_back();
  if (key.empty()) throw std::runtime_error("le fichier de clé " + file + " est vide");
  return key;
}

int cmd_audit_verify(const std::string& config_file, const std::string& database, const std::string& head_file,
                     const std::string& expect_head, const std::string& write_head,
                     const std::vector<std::string>& old_key_files) {
  auto config = load_config(config_file, database);
  for (const auto& f : old_key_files) config.previous_secret_keys.push_back(read_key_file(f));
  std::optional<audit::Mark> expected;
  std::string error;
  if (!head_file.empty() && !(expected = audit::Service::read_mark(head_file, error))) {
    std::cerr << "Erreur : " << error << ".\n";
    return 2;
  }
  if (!expect_head.empty() && !(expected = audit::Mark::parse(expect_head))) {
    std::cerr << "Erreur : --expect attend « NOMBRE:EMPREINTE » (par exemple 42:3fa1…), pas « " << expect_head
              << " ».\n";
    return 2;
  }
  Platform platform(config);
  platform.migrate(false, true);
  auto result = write_head.empty() ? platform.audit->verify(expected) : platform.audit->export_head(write_head);
  if (result.ok && expected && !write_head.empty()) result = platform.audit->verify(expected);
  if (!result.ok) {
    if (result.first_bad_id == 0)
      std::cout << "Journal d'audit non vérifié : " << result.problem << ".\n";
    else
      std::cout << "Journal d'audit ALTÉRÉ à l'entrée " << result.first_bad_id << " : " << result.problem << ".\n";
    return 1;
  }
  std::cout << "Journal d'audit intègre : " << result.checked << " entrée(s) vérifiée(s).\n";
  std::cout << "Tête : " << result.head.text() << "\n";
  if (expected) std::cout << "La tête attendue (" << expected->text() << ") est dans le journal.\n";
  if (!write_head.empty()) std::cout << "Tête écrite dans " << write_head << ".\n";
  return 0;
}

int cmd_keys_rotate(const std::string& config_file, const std::string& database,
                    const std::vector<std::string>& old_key_files) {
  auto config = load_config(config_file, database);
  if (config.secret_key == "change-me" || config.secret_key.empty()) {
    std::cerr << "Erreur : indiquez d'abord la nouvelle secret_key dans la configuration (ou TRAME_SECRET_KEY).\n";
    return 2;
  }
  std::vector<std::string> old_keys;
  for (const auto& f : old_key_files) old_keys.push_back(read_key_file(f));
  for (const auto& k : old_keys)
    if (k == config.secret_key) {
      std::cerr << "Erreur : l'ancienne clé est identique à la secret_key configurée : rien à faire.\n";
      return 2;
    }
  for (const auto& k : old_keys) config.previous_secret_keys.push_back(k);
  Platform platform(config);
  // Reseals the TOTP seeds under the new key and opens the audit log's new segment (the old key is known).
  platform.migrate(false);
  auto after = platform.audit->verify();
  if (!after.ok) {
    std::cout << "Journal d'audit ALTÉRÉ à l'entrée " << after.first_bad_id << " : " << after.problem << ".\n";
    return 1;
  }
  std::cout << "Journal d'audit : entrées nouvelles chaînées avec la clé " << platform.audit->key_id()
            << " ; journal intègre, tête " << after.head.text() << "\n";
  std::cout << "Secrets TOTP chiffrés avec la nouvelle clé.\n";
  std::cout << "Gardez l'ancienne clé dans previous_secret_keys pour vérifier les entrées plus anciennes.\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  web::init_crypto();
  setenv("TZ", "Europe/Paris", 1);
  tzset();
  // Logs (and the access log) go to standard error; standard output is for command results.
  setup_logging();

  CLI::App cli{"Trame — la plateforme des acteurs sociaux et culturels d'un territoire."};
  cli.set_help_flag("-h,--help", "Afficher cette aide et quitter");
  cli.get_formatter()->label("Usage", "Utilisation");
  cli.get_formatter()->label("OPTIONS", "OPTIONS");
  cli.get_formatter()->label("SUBCOMMAND", "COMMANDE");
  cli.get_formatter()->label("SUBCOMMANDS", "COMMANDES");
  cli.get_formatter()->label("Subcommands", "Commandes");
  cli.get_formatter()->label("Options", "Options");
  cli.get_formatter()->label("REQUIRED", "OBLIGATOIRE");
  cli.get_formatter()->label("TEXT", "TEXTE");
  cli.get_formatter()->label("INT", "ENTIER");
  cli.get_formatter()->label("Positionals", "Arguments");
  cli.require_subcommand(1);
  cli.failure_message([](const CLI::App* app, const CLI::Error& e) {
    return std::string("Erreur : ") + e.what() + "\nLancez « " + app->get_name() + " --help » pour l'aide.\n";
  });

  std::string config_file, listen, database;
  bool with_demo = false;
  auto* serve = cli.add_subcommand("serve", "Démarrer le serveur web (applique les migrations).");
  serve->add_option("--config", config_file, "Fichier de configuration TOML (trame.toml)");
  serve->add_option("--listen", listen, "Adresse et port d'écoute, par exemple 127.0.0.1:8080");
  serve->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://utilisateur@hôte:port/base");
  serve->add_flag("--demo", with_demo, "Charger les données de démonstration avant de démarrer");

  auto* migrate = cli.add_subcommand("migrate", "Mettre à jour le schéma de la base de données.");
  migrate->add_option("--config", config_file, "Fichier de configuration TOML");
  migrate->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");

  auto* demo_cmd = cli.add_subcommand("demo", "Charger les données de démonstration (sans effet si déjà présentes).");
  demo_cmd->add_option("--config", config_file, "Fichier de configuration TOML");
  demo_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");

  auto* user = cli.add_subcommand("user", "Gérer les comptes utilisateurs.");
  user->require_subcommand(1);
  std::string email, name, role;
  long long organisation = 0;
  bool password_stdin = false;
  auto* user_add = user->add_subcommand("add", "Créer un compte (le mot de passe est lu sur l'entrée standard).");
  user_add->add_option("--email", email, "Adresse électronique")->required();
  user_add->add_option("--name", name, "Nom affiché")->required();
  user_add->add_option("--role", role, "Rôle : administrator, coordinator, training_staff, trainer, jury_member, "
                                       "referent, partner_staff, trainee, volunteer")->required();
  user_add->add_option("--organisation", organisation, "Identifiant de la structure (par défaut : la première)");
  long long delegation = 0;
  user_add->add_option("--delegation", delegation,
                       "Pour un rôle coordinator : identifiant de la délégation coordonnée (par défaut : tout le réseau)");
  user_add->add_flag("--password-stdin", password_stdin, "Lire le mot de passe sur l'entrée standard")->required();
  user_add->add_option("--config", config_file, "Fichier de configuration TOML");
  user_add->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");

  InitOptions init_options;
  auto* init = cli.add_subcommand(
      "init", "Première installation sans la démo : créer la structure propriétaire et le premier compte "
              "administrateur (refusé si un compte existe). Les valeurs absentes sont demandées sur un terminal ; "
              "sans --password-stdin, un lien à usage unique pour choisir le mot de passe est affiché.");
  init->add_option("--organisation", init_options.organisation, "Nom de la structure propriétaire");
  init->add_option("--kind", init_options.kind,
                   "Type de structure : social, cultural, sport, leisure, training, certifier, funder, authority");
  init->add_option("--commune", init_options.commune,
                   "Commune de la structure : code INSEE ou nom, parmi les communes importées (facultatif)");
  init->add_option("--email", init_options.email, "Adresse électronique de l'administrateur");
  init->add_option("--name", init_options.name, "Nom affiché de l'administrateur");
  init->add_flag("--password-stdin", init_options.password_stdin,
                 "Lire le mot de passe de l'administrateur sur l'entrée standard (sinon : lien à usage unique)");
  init->add_option("--config", config_file, "Fichier de configuration TOML");
  init->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");

  std::string backup_file;
  auto* backup = cli.add_subcommand("backup", "Sauvegarder la base (SQLite : copie à chaud ; PostgreSQL : commande pg_dump).");
  backup->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  backup->add_option("--config", config_file, "Fichier de configuration TOML");
  backup->add_option("FILE", backup_file, "Fichier de sauvegarde à écrire")->required();

  auto* audit_cmd = cli.add_subcommand("audit", "Journal d'audit.");
  audit_cmd->require_subcommand(1);
  auto* verify = audit_cmd->add_subcommand("verify", "Vérifier la chaîne d'empreintes du journal d'audit.");
  verify->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  verify->add_option("--config", config_file, "Fichier de configuration TOML");
  std::string head_file, expect_head, write_head;
  std::vector<std::string> old_key_files;
  verify->add_option("--head", head_file,
                     "Fichier de tête exporté (NOMBRE:EMPREINTE) : vérifier que le journal le contient encore");
  verify->add_option("--expect", expect_head, "Tête attendue, NOMBRE:EMPREINTE (comme --head, donnée en ligne)");
  verify->add_option("--write-head", write_head,
                     "Écrire la tête vérifiée dans ce fichier (seulement s'il contient une tête plus ancienne du même journal)");
  verify->add_option("--old-key-file", old_key_files,
                     "Fichier contenant une ancienne secret_key, pour vérifier les entrées chaînées avant une rotation");

  auto* keys_cmd = cli.add_subcommand("keys", "Clés dérivées de secret_key (voir docs/security-keys.md).");
  keys_cmd->require_subcommand(1);
  auto* rotate = keys_cmd->add_subcommand(
      "rotate", "Après un changement de secret_key : rechiffrer les secrets TOTP avec la nouvelle clé et ouvrir un "
                "nouveau segment du journal d'audit.");
  rotate->add_option("--old-key-file", old_key_files, "Fichier contenant l'ancienne secret_key")->required();
  rotate->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  rotate->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* routes = cli.add_subcommand("routes", "Lister les routes et la permission que chacune exige.");
  routes->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* import_cmd = cli.add_subcommand("import", "Importer des données de référence.");
  import_cmd->require_subcommand(1);
  std::string departement, source;
  auto* import_territory_cmd = import_cmd->add_subcommand(
      "territory", "Importer le découpage administratif d'un département (communes, EPCI) depuis "
                   "@etalab/decoupage-administratif.");
  import_territory_cmd->add_option("--departement", departement, "Code du département, par exemple 44")->required();
  import_territory_cmd->add_option("--source", source, "Dossier des fichiers JSON (par défaut : le paquet npm installé)");
  import_territory_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  import_territory_cmd->add_option("--config", config_file, "Fichier de configuration TOML");
  std::string qpv_file;
  auto* import_qpv_cmd = import_cmd->add_subcommand(
      "qpv", "Importer les quartiers prioritaires de la politique de la ville (QPV) depuis un fichier CSV "
             "(colonnes code, nom, commune ; séparateur « ; » ou « , » ; UTF-8). Importez d'abord les départements "
             "concernés.");
  import_qpv_cmd->add_option("FILE", qpv_file, "Fichier CSV à importer")->required();
  import_qpv_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  import_qpv_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* jobs_cmd = cli.add_subcommand("jobs", "Tâches de fond.");
  jobs_cmd->require_subcommand(1);
  long long jobs_now = 0;
  auto* run_due_cmd = jobs_cmd->add_subcommand(
      "run-due", "Exécuter une fois les tâches dues : sorties (tirages, places non acceptées, rappels de présence) et formations (listes d'attente, convocations, rappels).");
  run_due_cmd->add_option("--now", jobs_now, "Heure de référence (secondes Unix ; par défaut : maintenant)");
  run_due_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  run_due_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* check = cli.add_subcommand("check-deploy", "Vérifier qu'une configuration est sûre pour la production.");
  check->add_option("--config", config_file, "Fichier de configuration TOML")->required();

  for (auto* sub : {serve, migrate, demo_cmd, init, user, user_add, backup, audit_cmd, verify, keys_cmd, rotate, routes, import_cmd,
                    import_territory_cmd, import_qpv_cmd, check, jobs_cmd, run_due_cmd}) {
    sub->set_help_flag("-h,--help", "Afficher cette aide et quitter");
    sub->group("Commandes");
  }

  CLI11_PARSE(cli, argc, argv);

  try {
    if (*serve) return cmd_serve(config_file, listen, database, with_demo);
    if (*migrate) {
      Platform platform(load_config(config_file, database));
      platform.migrate(true);
      return 0;
    }
    if (*demo_cmd) {
      Platform platform(load_config(config_file, database));
      platform.migrate(false);
      auto report = demo::load(*platform.organisations, *platform.accounts, *platform.territory, *platform.db,
                               platform.territory_source());
      platform.load_module_demos();
      if (!report.territory_available)
        std::cout << "Découpage administratif absent (npm ci) : territoires non chargés.\n";
      if (report.delegations_created)
        std::cout << report.delegations_created << " délégation(s) et " << report.communes_created
                  << " commune(s) de Loire-Atlantique créées.\n";
      if (report.organisations_created == 0 && report.users_created == 0 && report.delegations_created == 0)
        std::cout << "Données de démonstration déjà présentes : rien à faire.\n";
      else
        std::cout << report.organisations_created << " structure(s) et " << report.users_created
                  << " compte(s) créés.\n";
      print_demo_logins();
      return 0;
    }
    if (*init) {
      Platform platform(load_config(config_file, database));
      platform.migrate(false);
      return cmd_init(platform, init_options);
    }
    if (*user_add) {
      Platform platform(load_config(config_file, database));
      platform.migrate(false);
      std::string password;
      std::getline(std::cin, password);
      if (organisation == 0) {
        auto all = platform.organisations->all_active();
        if (all.empty()) {
          std::cerr << "Erreur : aucune structure n'existe ; lancez d'abord « trame init » (première installation) "
                       "ou chargez la démo.\n";
          return 2;
        }
        organisation = all.front().id;
      }
      if (delegation != 0) {  // checked before the account is created
        bool known = false;
        for (const auto& [id, label] : platform.organisations->delegation_choices()) known = known || id == delegation;
        if (role != "coordinator" || !known) {
          std::cerr << "Erreur : "
                    << platform.catalogue->t("fr", role != "coordinator" ? "annuaire.scope.errors.not_coordinator"
                                                                         : "annuaire.scope.errors.unknown_delegation")
                    << "\n";
          return 2;
        }
      }
      auto outcome = platform.accounts->add_user({0, "ligne de commande", "127.0.0.1"}, email, name, role,
                                                 organisation, password);
      if (!outcome.ok) {
        std::cerr << "Erreur : " << platform.catalogue->t("fr", outcome.error) << "\n";
        return 2;
      }
      if (delegation != 0)
        for (const auto& m : platform.organisations->coordinator_memberships(outcome.id))
          platform.organisations->set_coordinator_delegation({0, "ligne de commande", "127.0.0.1"}, outcome.id,
                                                             m.membership_id, delegation);
      std::cout << "Compte créé (identifiant " << outcome.id << ").\n";
      return 0;
    }
    if (*import_territory_cmd) {
      Platform platform(load_config(config_file, database));
      platform.migrate(false);
      try {
        return import_territory(platform, departement, source);
      } catch (const territory::ImportError& e) {
        std::cerr << "\nImport refusé, rien n'a été enregistré : " << e.what() << "\n";
        return 2;
      }
    }
    if (*import_qpv_cmd) {
      Platform platform(load_config(config_file, database));
      platform.migrate(false);
      try {
        return import_qpv(platform, qpv_file);
      } catch (const territory::ImportError& e) {
        // One line per fault, so that every faulty line of the file can be fixed at once.
        std::string lines = e.what();
        std::cerr << "\nImport refusé, rien n'a été enregistré :\n  ";
        for (char c : lines) std::cerr << c << (c == '\n' ? "  " : "");
        std::cerr << "\n";
        return 2;
      }
    }
    if (*backup) {
      auto config = load_config(config_file, database);
      return cmd_backup(config.database, backup_file);
    }
    if (*verify) return cmd_audit_verify(config_file, database, head_file, expect_head, write_head, old_key_files);
    if (*rotate) return cmd_keys_rotate(config_file, database, old_key_files);
    if (*routes) {
      // Builds the app on an in-memory database to list what it serves.
      auto config = load_config(config_file, "sqlite::memory:");
      Platform platform(config);
      web::App app(config, *platform.db);
      platform.register_routes(app);
      for (const auto& r : app.router().routes())
        std::cout << r.method << "\t" << r.pattern.source << "\t" << r.data.permission << "\n";
      return 0;
    }
    if (*run_due_cmd) {
      Platform platform(load_config(config_file, database));
      platform.migrate(false);
      long long now = jobs_now > 0 ? jobs_now : store::now_seconds();
      auto done = platform.queue->run_due(now);
      auto reminded = platform.followup->remind_attendance(now);
      std::cout << "Sorties : " << done << " étape(s) de file d'attente, " << reminded << " rappel(s) de présence.\n";
      std::cout << "Formations : " << platform.run_training_jobs(now) << " étape(s).\n";
      if (long long failed = platform.campaigns->job_errors()) {
        std::cerr << "Erreur : " << failed << " étape(s) des envois de questionnaires en échec (voir le journal).\n";
        return 1;
      }
      return 0;
    }
    if (*check) {
      auto config = web::Config::load(config_file);
      auto findings = web::check_deploy(config);
      bool blocking = false;
      for (const auto& f : findings) {
        std::cout << (f.blocking ? "REFUS : " : "attention : ") << f.message << "\n";
        blocking = blocking || f.blocking;
      }
      if (!blocking) std::cout << "Configuration acceptable pour la production.\n";
      return blocking ? 1 : 0;
    }
  } catch (const std::exception& ex) {
    std::cerr << "Erreur : " << ex.what() << "\n";
    return 1;
  }
  return 0;
}
