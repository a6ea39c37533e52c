#include "app/commands.hpp"

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <thread>

#include "app/demo/demo.hpp"
#include "app/generate/service.hpp"
#include "app/platform.hpp"
#include "platform/http/server.hpp"
#include "platform/jobs/scheduler.hpp"
#include "platform/store/backup.hpp"
#include "platform/web/app.hpp"
#include "platform/web/config.hpp"
#include "platform/core/calendar.hpp"
#include "trainings/legal/service.hpp"
#include "website/flatfile/service.hpp"

namespace trame::app {

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

// A command's configuration (Config::for_command: a few database connections); `trame serve` loads its own.
web::Config load_config(const std::string& file, const std::string& database) {
  return web::Config::load(file, database).for_command();
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

// A command's line of output, from the catalogue (French, with its real plurals).
std::string cli_text(const Platform& platform, const std::string& key, const web::Params& params = {}) {
  return platform.catalogue->t("fr", key, params);
}

// "3 créés, 0 mis à jour, 1 inchangé." and, when nothing changed, says so.
template <typename Report>
std::string import_counts(const Platform& platform, const Report& report) {
  std::string out = cli_text(platform, "cli.import_counts",
                             {{"created", std::to_string(report.created)},
                              {"updated", std::to_string(report.updated)},
                              {"unchanged", std::to_string(report.unchanged)}});
  if (report.created == 0 && report.updated == 0) out += " " + cli_text(platform, "cli.import_nothing_changed");
  return out;
}

int import_territory_into(Platform& platform, const std::string& code, const std::string& source) {
  std::filesystem::path dir = source.empty() ? platform.territory_source() : std::filesystem::path(source);
  auto report = platform.territory->import_departement({0, "ligne de commande", "127.0.0.1"}, dir, code, show_progress);
  std::cout << report.departement << " (" << code << ") : " << import_counts(platform, report);
  std::cout << "\n"
            << cli_text(platform, "cli.territory_imported",
                        {{"communes", std::to_string(report.communes)}, {"epcis", std::to_string(report.epcis)}})
            << "\n";
  return 0;
}

int import_qpv_into(Platform& platform, const std::string& file) {
  auto report = platform.territory->import_priority_areas({0, "ligne de commande", "127.0.0.1"}, file, show_progress);
  std::cout << cli_text(platform, "cli.priority_areas", {{"file", report.file}}) << " "
            << import_counts(platform, report) << "\n";
  return 0;
}

// Reads and checks the folder; refuses it whole (exit 1, every problem listed as file:line: message) or saves
// its pages in one transaction, saying for each whether it was created, updated or unchanged.
int import_pages_into(Platform& platform, const std::string& dir, bool check_only) {
  namespace flatfile = website::flatfile;
  const auto plan = flatfile::read_folder(dir, [&platform](std::size_t done, std::size_t total) {
    show_progress(cli_text(platform, "flatfile.cli.reading"), done, total);
  });
  const auto n = [](std::size_t count) { return web::Params{{"n", std::to_string(count)}}; };
  if (!plan.warnings.empty()) {
    std::cerr << cli_text(platform, "flatfile.cli.warnings", n(plan.warnings.size())) << "\n";
    for (const auto& w : plan.warnings) std::cerr << "  " << flatfile::describe(*platform.catalogue, w) << "\n";
  }
  if (!plan.ok()) {
    std::cerr << cli_text(platform, "flatfile.cli.refused", n(plan.problems.size())) << "\n";
    for (const auto& p : plan.problems) std::cerr << "  " << flatfile::describe(*platform.catalogue, p) << "\n";
    return 1;
  }
  if (check_only) {
    std::cout << cli_text(platform, "flatfile.cli.checked", n(plan.pages.size())) << "\n";
    return 0;
  }
  show_progress(cli_text(platform, "flatfile.cli.writing"), 0, plan.pages.size());
  const auto batch = platform.pages->import_planned(plan.pages, {0, "ligne de commande", "127.0.0.1"});
  show_progress(cli_text(platform, "flatfile.cli.writing"), plan.pages.size(), plan.pages.size());
  if (!batch.ok()) {
    std::cerr << "Erreur : " << batch.refusal << "\n";
    return 1;
  }
  using Result = website::pages::ImportOutcome::Result;
  std::size_t created = 0, updated = 0, unchanged = 0;
  for (std::size_t i = 0; i < plan.pages.size() && i < batch.pages.size(); ++i) {
    const auto& page = plan.pages[i];
    const auto result = batch.pages[i].result;
    std::string word = "flatfile.cli.unchanged";
    if (result == Result::created) {
      ++created;
      word = "flatfile.cli.created";
    } else if (result == Result::updated) {
      ++updated;
      word = "flatfile.cli.updated";
    } else {
      ++unchanged;
    }
    std::cout << cli_text(platform, "flatfile.cli.page",
                          {{"file", page.source}, {"slug", page.slug}, {"result", cli_text(platform, word)}})
              << "\n";
  }
  std::cout << cli_text(platform, "flatfile.cli.summary",
                        {{"created", std::to_string(created)},
                         {"updated", std::to_string(updated)},
                         {"unchanged", std::to_string(unchanged)}})
            << "\n";
  return 0;
}

void print_demo_logins() {
  std::cout << "\nComptes de démonstration (mot de passe : " << demo::kDemoPassword << ") :\n";
  for (const auto& a : demo::accounts())
    std::cout << "  " << a.email << "  —  " << a.name << " (" << a.role << ", " << a.organisation << ")\n";
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

}  // namespace

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

int cmd_serve(const std::string& config_file, const std::string& listen, const std::string& database, bool with_demo) {
  auto config = web::Config::load(config_file, database);
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
    spdlog::warn(
        "aucun compte n'existe : terminez l'installation avec « trame init » ou sur {}/installation?jeton={} "
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
  http::Server server(
      options, [&app](http::Request& req) { return app.handle(req); },
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
  // Several instances may share the database: each task below runs on one of them at a time (a lease
  // in job_leases), except the mail delivery, whose messages are claimed one by one (docs/deploy.md).
  jobs::Scheduler scheduler(*platform.db);
  scheduler.on_each_instance("envoi des courriels", std::chrono::seconds(std::max(1, config.mail_poll_seconds)), [&] {
    while (!stop && platform.mail->deliver_due() > 0) {
    }
  });
  scheduler.every("nettoyage", std::chrono::hours(1), [&] {
    auto removed = jobs::purge_expired(*platform.db, store::now_seconds());
    if (removed) spdlog::info(cli_text(platform, "cli.purged", {{"n", std::to_string(removed)}}));
  });
  // Outings: due draws, offers not accepted in time, attendance reminders. Safe with several
  // instances (each step is claimed by a conditional UPDATE). Period: TRAME_OUTINGS_JOB_SECONDS (60 s).
  long long outings_period = 60;
  if (const char* v = std::getenv("TRAME_OUTINGS_JOB_SECONDS")) outings_period = std::max(1LL, std::atoll(v));
  scheduler.every("sorties : tirages, listes d'attente, rappels", std::chrono::seconds(outings_period), [&] {
    long long now = store::now_seconds();
    auto done = platform.queue->run_due(now);
    auto reminded = platform.followup->remind_attendance(now);
    if (done || reminded)
      spdlog::info(cli_text(platform, "cli.outings_jobs",
                            {{"steps", std::to_string(done)}, {"reminders", std::to_string(reminded)}}));
  });
  // The audit log's head, exported out of the database (and logged): `trame audit verify --head FILE`
  // then detects a cut tail even with an older head put back (docs/security-keys.md).
  if (!config.audit_head_file.empty())
    scheduler.every(
        "journal d'audit : export de la tête", std::chrono::minutes(std::max(1, config.audit_head_minutes)), [&] {
          auto r = platform.audit->export_head(config.audit_head_file);
          if (r.ok) spdlog::info("journal d'audit : tête {} exportée dans {}", r.head.text(), config.audit_head_file);
          else
            spdlog::error("journal d'audit : tête non exportée ({}) : entrée {} : {}", config.audit_head_file,
                          r.first_bad_id, r.problem);
        });
  long long trainings_period = 60;
  if (const char* v = std::getenv("TRAME_TRAININGS_JOB_SECONDS")) trainings_period = std::max(1LL, std::atoll(v));
  scheduler.every("formations : listes d'attente, convocations, rappels", std::chrono::seconds(trainings_period), [&] {
    auto done = platform.run_training_jobs(store::now_seconds());
    if (done) spdlog::info(cli_text(platform, "cli.trainings_jobs", {{"steps", std::to_string(done)}}));
  });
  // Issue 23: the daily reminder of people's requests due within 7 days or overdue (once per Paris day).
  long long privacy_period = 3600;
  if (const char* v = std::getenv("TRAME_PRIVACY_JOB_SECONDS")) privacy_period = std::max(1LL, std::atoll(v));
  scheduler.every("vie privée : rappel des demandes", std::chrono::seconds(privacy_period),
                  [&] { platform.rights->remind(store::now_seconds()); });
  // Issue 23 — retention rules (src/privacy/retention): every night at 03:00 (Paris), one audit entry per run.
  // TRAME_RETENTION_JOB=start runs it at start too, =off never (the test servers' default: a run at an
  // unknown moment would meet their rows; the retention test and `trame retention` run it on purpose).
  const char* retention_mode = std::getenv("TRAME_RETENTION_JOB");
  const std::string retention_job = retention_mode ? retention_mode : "nightly";
  if (retention_job != "off") {
    const long long first_run = retention_job == "start" ? 0 : seconds_until_local_hour(store::now_seconds(), 3);
    scheduler.every("vie privée : durées de conservation", std::chrono::hours(24), std::chrono::seconds(first_run),
                    [&] {
                      auto run = platform.retention->apply({0, "système", ""}, store::now_seconds());
                      if (run.total())
                        spdlog::info(cli_text(platform, "cli.retention.total", {{"n", std::to_string(run.total())}}));
                    });
  }
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

int cmd_init(const std::string& config_file, const std::string& database, InitOptions o) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
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
  int missing_count = 0;
  for (auto& a : asked) {
    if (!a.value->empty() || (a.optional && !terminal)) continue;
    if (!terminal) {
      missing += (missing.empty() ? "" : ", ") + std::string(a.option);
      ++missing_count;
      continue;
    }
    std::cout << a.question << " : " << std::flush;
    if (!std::getline(std::cin, *a.value)) break;
  }
  if (!missing.empty()) {
    std::cerr << cli_text(platform, "cli.missing_options", {{"n", std::to_string(missing_count)}, {"options", missing}})
              << "\n";
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
  else std::cout << "Vous pouvez vous connecter avec ce mot de passe.\n";
  return 0;
}

// Issue 22 (docs/operations.md): backup under load and restore, both engines. The counts are those of the
// very snapshot that was copied, so that a drill can compare them with the restored database.
namespace {

void print_snapshot_counts(const store::BackupReport& report) {
  static const std::vector<std::pair<std::string, std::string>> labels{{"bookings", "réservations"},
                                                                       {"users", "comptes"},
                                                                       {"organisations", "structures"},
                                                                       {"audit_log", "entrées du journal d'audit"}};
  std::string line;
  for (const auto& [table, count] : report.counts) {
    if (count < 0) continue;
    std::string label = table;
    for (const auto& [t, l] : labels)
      if (t == table) label = l;
    line += (line.empty() ? "" : " ; ") + label + " : " + std::to_string(count);
  }
  if (!line.empty()) std::cout << "Contenu de la copie : " << line << ".\n";
}

}  // namespace

int cmd_backup(const std::string& config_file, const std::string& database_option, const std::string& file) {
  auto url = store::DatabaseUrl::parse(load_config(config_file, database_option).database);
  // A percentage redrawn in place on a terminal only; a log gets the result lines alone.
  const bool terminal = isatty(fileno(stdout)) == 1;
  auto report = store::backup_database(
      url, file, {"bookings", "users", "organisations", "audit_log"}, [terminal](long long done, long long total) {
        if (terminal) std::cout << "\rsauvegarde : " << (total ? done * 100 / total : 100) << " %" << std::flush;
      });
  if (terminal) std::cout << "\n";
  if (!report.ok) {
    std::cerr << "Erreur : " << report.problem << ".\n";
    return 1;
  }
  std::cout << "Sauvegarde écrite dans " << file << "\n";
  print_snapshot_counts(report);
  return 0;
}

int cmd_restore(const std::string& config_file, const std::string& database_option, const std::string& file,
                bool force) {
  auto url = store::DatabaseUrl::parse(load_config(config_file, database_option).database);
  const bool terminal = isatty(fileno(stdout)) == 1;
  auto report = store::restore_database(url, file, force, [terminal](long long done, long long total) {
    if (terminal) std::cout << "\rrestauration : " << (total ? done * 100 / total : 100) << " %" << std::flush;
  });
  if (terminal) std::cout << "\n";
  if (!report.ok) {
    std::cerr << "Refus : " << report.problem << ".\n";
    return 1;
  }
  std::cout << "Base restaurée depuis " << file << " dans " << url.redacted() << ".\n";
  std::cout << "Vérifiez-la : trame audit verify --database " << url.redacted() << "\n";
  return 0;
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
    if (result.first_bad_id == 0) std::cout << "Journal d'audit non vérifié : " << result.problem << ".\n";
    else std::cout << "Journal d'audit ALTÉRÉ à l'entrée " << result.first_bad_id << " : " << result.problem << ".\n";
    return 1;
  }
  std::cout << cli_text(platform, "cli.audit_intact", {{"n", std::to_string(result.checked)}}) << "\n";
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
  old_keys.reserve(old_key_files.size());
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

int cmd_migrate(const std::string& config_file, const std::string& database) {
  Platform platform(load_config(config_file, database));
  platform.migrate(true);
  return 0;
}

int cmd_demo(const std::string& config_file, const std::string& database) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  auto report = demo::load(*platform.organisations, *platform.accounts, *platform.territory, *platform.db,
                           platform.territory_source());
  platform.load_module_demos();
  if (!report.territory_available) std::cout << "Découpage administratif absent (npm ci) : territoires non chargés.\n";
  if (report.delegations_created)
    std::cout << cli_text(platform, "cli.demo_territory",
                          {{"delegations", std::to_string(report.delegations_created)},
                           {"communes", std::to_string(report.communes_created)}})
              << "\n";
  if (report.organisations_created == 0 && report.users_created == 0 && report.delegations_created == 0)
    std::cout << "Données de démonstration déjà présentes : rien à faire.\n";
  else
    std::cout << cli_text(platform, "cli.demo_created",
                          {{"organisations", std::to_string(report.organisations_created)},
                           {"users", std::to_string(report.users_created)}})
              << "\n";
  print_demo_logins();
  return 0;
}

int cmd_user_add(const std::string& config_file, const std::string& database, UserAddOptions o) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  std::string password;
  std::getline(std::cin, password);
  if (o.organisation == 0) {
    auto all = platform.organisations->all_active();
    if (all.empty()) {
      std::cerr << "Erreur : aucune structure n'existe ; lancez d'abord « trame init » (première installation) "
                   "ou chargez la démo.\n";
      return 2;
    }
    o.organisation = all.front().id;
  }
  if (o.delegation != 0) {  // checked before the account is created
    bool known = false;
    for (const auto& [id, label] : platform.organisations->delegation_choices()) known = known || id == o.delegation;
    if (o.role != "coordinator" || !known) {
      std::cerr << "Erreur : "
                << platform.catalogue->t("fr", o.role != "coordinator" ? "annuaire.scope.errors.not_coordinator"
                                                                       : "annuaire.scope.errors.unknown_delegation")
                << "\n";
      return 2;
    }
  }
  auto outcome = platform.accounts->add_user({0, "ligne de commande", "127.0.0.1"}, o.email, o.name, o.role,
                                             o.organisation, password);
  if (!outcome.ok) {
    std::cerr << "Erreur : " << platform.catalogue->t("fr", outcome.error) << "\n";
    return 2;
  }
  if (o.delegation != 0)
    for (const auto& m : platform.organisations->coordinator_memberships(outcome.id))
      platform.organisations->set_coordinator_delegation({0, "ligne de commande", "127.0.0.1"}, outcome.id,
                                                         m.membership_id, o.delegation);
  std::cout << "Compte créé (identifiant " << outcome.id << ").\n";
  return 0;
}

int cmd_import_territory(const std::string& config_file, const std::string& database, const std::string& departement,
                         const std::string& source) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  try {
    return import_territory_into(platform, departement, source);
  } catch (const territory::ImportError& e) {
    std::cerr << "\nImport refusé, rien n'a été enregistré : " << e.what() << "\n";
    return 2;
  }
}

int cmd_import_qpv(const std::string& config_file, const std::string& database, const std::string& qpv_file) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  try {
    return import_qpv_into(platform, qpv_file);
  } catch (const territory::ImportError& e) {
    // One line per fault, so that every faulty line of the file can be fixed at once.
    std::string lines = e.what();
    std::cerr << "\nImport refusé, rien n'a été enregistré :\n  ";
    for (char c : lines) std::cerr << c << (c == '\n' ? "  " : "");
    std::cerr << "\n";
    return 2;
  }
}

int cmd_import_pages(const std::string& config_file, const std::string& database, const std::string& dir,
                     bool check_only) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  return import_pages_into(platform, dir, check_only);
}

int cmd_routes(const std::string& config_file) {
  // Builds the app on an in-memory database to list what it serves.
  auto config = load_config(config_file, "sqlite::memory:");
  Platform platform(config);
  web::App app(config, *platform.db);
  platform.register_routes(app);
  for (const auto& r : app.router().routes())
    std::cout << r.method << "\t" << r.pattern.source << "\t" << r.data.permission << "\n";
  return 0;
}

// Issue 21 — the yearly activity report (src/plans/reports): refused (status 2, nothing written) for an unknown
// organisation or a year out of range; else both files in `output`, with progress lines.
int cmd_report_yearly(const std::string& config_file, const std::string& database, long long organisation,
                      long long year, const std::string& output) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  auto& reports = *platform.plan_reports;
  long long now = store::now_seconds();
  if (!plans::reports::valid_year(year, now)) {
    std::cerr << reports.fr("reports.errors.year", {{"max", std::to_string(local_date(now).year + 1)}}) << "\n";
    return 2;
  }
  std::cout << reports.fr("reports.cli.computing") << std::endl;
  auto report = reports.build(organisation, static_cast<int>(year), now);
  if (!report) {
    std::cerr << reports.fr("reports.errors.organisation", {{"id", std::to_string(organisation)}}) << "\n";
    return 2;
  }
  std::error_code ec;
  std::filesystem::path dir(output.empty() ? "." : output);
  std::filesystem::create_directories(dir, ec);
  if (!std::filesystem::is_directory(dir)) {
    std::cerr << reports.fr("reports.errors.output", {{"dir", dir.string()}}) << "\n";
    return 2;
  }
  int pages = 0;
  std::string pdf = reports.pdf(*report, &pages);
  std::cout << reports.fr("reports.cli.pdf", {{"n", std::to_string(pages)}}) << std::endl;
  auto book = reports.xlsx(*report);
  std::filesystem::path pdf_path = dir / plans::reports::file_name(*report, ".pdf");
  std::filesystem::path xlsx_path = dir / plans::reports::file_name(*report, ".xlsx");
  std::filesystem::copy_file(book->close(), xlsx_path, std::filesystem::copy_options::overwrite_existing);
  std::cout << reports.fr("reports.cli.xlsx", {{"n", std::to_string(report->tables.size())}}) << std::endl;
  {
    std::ofstream out(pdf_path, std::ios::binary | std::ios::trunc);
    out.write(pdf.data(), static_cast<std::streamsize>(pdf.size()));
    if (!out) throw std::runtime_error("écriture impossible : " + pdf_path.string());
  }
  std::cout << reports.fr("reports.cli.written", {{"path", pdf_path.string()}}) << "\n"
            << reports.fr("reports.cli.written", {{"path", xlsx_path.string()}}) << "\n";
  return 0;
}

int cmd_run_due(const std::string& config_file, const std::string& database, long long jobs_now) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  long long now = jobs_now > 0 ? jobs_now : store::now_seconds();
  auto done = platform.queue->run_due(now);
  auto reminded = platform.followup->remind_attendance(now);
  std::cout << cli_text(platform, "cli.run_due_outings",
                        {{"steps", std::to_string(done)}, {"reminders", std::to_string(reminded)}})
            << "\n";
  std::cout << cli_text(platform, "cli.run_due_trainings", {{"steps", std::to_string(platform.run_training_jobs(now))}})
            << "\n";
  if (long long failed = platform.campaigns->job_errors()) {
    std::cerr << cli_text(platform, "cli.run_due_failed", {{"n", std::to_string(failed)}}) << "\n";
    return 1;
  }
  return 0;
}

// Warnings read from the configured database (never blocking): the organisations whose Qualiopi
// certificate ends within 60 days or has ended (legal module). The database is only read, never created
// nor migrated; when it cannot be read, one line says the certificates were not checked.
std::vector<std::string> database_warnings(const web::Config& config) {
  web::Catalogue catalogue;
  catalogue.load(config.resource("locales"));
  std::vector<std::string> out;
  try {
    auto url = store::DatabaseUrl::parse(config.database);
    if (url.engine == store::Engine::sqlite && !std::filesystem::exists(url.sqlite_path))
      throw std::runtime_error("absent");
    if (url.engine == store::Engine::postgresql) url.soci_connect += " connect_timeout=5";
    store::Database db(url, 1);
    long long now = store::now_seconds();
    auto expiring = db.read([&](soci::session& sql) { return legal::expiring(sql, local_day(now)); });
    for (const auto& e : expiring) {
      web::Params p{{"organisation", e.organisation_name},
                    {"number", e.qualiopi_number},
                    {"date", short_french_date(e.valid_until)},
                    {"days", std::to_string(e.days_left)},
                    {"url", config.public_url + "/formations/organismes/" + std::to_string(e.organisation_id) +
                                "/mentions-legales"}};
      out.push_back(catalogue.t("fr", e.days_left < 0 ? "legal.check.expired" : "legal.check.expiring", p));
    }
  } catch (const std::exception&) {
    out.push_back(catalogue.t("fr", "legal.check.unreadable"));
  }
  return out;
}

int cmd_check(const std::string& config_file) {
  auto config = web::Config::load(config_file);
  auto findings = web::check_deploy(config);
  bool blocking = false;
  for (const auto& f : findings) {
    std::cout << (f.blocking ? "REFUS : " : "attention : ") << f.message << "\n";
    blocking = blocking || f.blocking;
  }
  for (const auto& warning : database_warnings(config)) std::cout << "attention : " << warning << "\n";
  if (!blocking) std::cout << "Configuration acceptable pour la production.\n";
  return blocking ? 1 : 0;
}

}  // namespace trame::app

namespace trame::app {

int cmd_generate(const std::string& config_file, const std::string& database, const GenerateOptions& options) {
  auto config = load_config(config_file, database);
  const auto size = generate::size_named(options.size, options.scale);
  if (size.name.empty() || !(options.scale > 0) || options.scale > 1) {
    // Refused before the database is opened: an unknown size creates no file.
    web::Catalogue catalogue;
    catalogue.load(config.resource("locales"));
    std::cerr << catalogue.t("fr", "generate.errors.size", {{"size", options.size}}) << "\n";
    return 2;
  }
  Platform platform(std::move(config));
  platform.migrate(false);
  generate::Service service(*platform.db);
  // Refused before the demo is loaded: a second run changes nothing.
  const bool already = service.already_generated();
  if (already) {
    std::cerr << cli_text(platform, "generate.errors.already") << "\n";
    return 2;
  }
  demo::load(*platform.organisations, *platform.accounts, *platform.territory, *platform.db,
             platform.territory_source());
  platform.load_module_demos();
  // "40 000" (digits grouped by three, with a no-break space).
  auto number = [](long long n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
      if (i > 0 && (digits.size() - i) % 3 == 0) out += "\u00a0";
      out += digits[i];
    }
    return out;
  };
  const auto result = service.run(size, options.seed, options.now ? options.now : store::now_seconds(),
                                  [&](const std::string& step, long long done, long long total) {
                                    if (total == 0) std::cerr << cli_text(platform, step) << "\n" << std::flush;
                                    else
                                      std::cerr << cli_text(platform, step) << " : " << number(done) << " / "
                                                << number(total) << "\n"
                                                << std::flush;
                                  });
  if (!result.refusal.empty()) {
    std::cerr << cli_text(platform, result.refusal, {{"size", options.size}}) << "\n";
    return 2;
  }
  std::cout << cli_text(platform, "generate.done",
                        {{"size", size.name},
                         {"seed", std::to_string(options.seed)},
                         {"organisations", number(size.organisations())},
                         {"beneficiaries", number(size.beneficiaries)},
                         {"offers", number(size.offers)},
                         {"bookings", number(size.bookings)},
                         {"sessions", number(size.training_sessions)},
                         {"answers", number(result.answers)},
                         {"seconds", web::format_number(result.seconds, 1)}})
            << "\n";
  return 0;
}

// Issue 23 — `trame retention [--dry-run]`: the retention rules, with progress per rule
// (docs/privacy.md « Retention »). A dry run changes nothing.
int cmd_retention(const std::string& config_file, const std::string& database, bool dry_run) {
  Platform platform(load_config(config_file, database));
  platform.migrate(false);
  if (dry_run) std::cout << cli_text(platform, "cli.retention.dry_run") << std::endl;
  auto progress = [&](const privacy::retention::RuleCount& c) {
    std::cout << cli_text(platform, "cli.retention.rule",
                          {{"rule", platform.catalogue->t("fr", "retention.rules." + c.rule.key + ".label")},
                           {"limit", platform.catalogue->t("fr", "retention.units." + c.rule.unit,
                                                           {{"n", std::to_string(c.rule.value)}})},
                           {"before", local_day(c.cutoff)},
                           {"n", std::to_string(c.count)}})
              << std::endl;
  };
  long long now = store::now_seconds();
  auto run = dry_run ? platform.retention->preview(now, progress)
                     : platform.retention->apply({0, "ligne de commande", "127.0.0.1"}, now, progress);
  std::cout << cli_text(platform, dry_run ? "cli.retention.total_dry" : "cli.retention.total",
                        {{"n", std::to_string(run.total())}})
            << "\n";
  return 0;
}

}  // namespace trame::app
