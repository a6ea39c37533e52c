// trame: the command line. Parses the commands and their options (described in French) and hands
// each to its function in app/commands.cpp.
#include <CLI/CLI.hpp>

#include <cstdlib>
#include <ctime>
#include <iostream>

#include "app/commands.hpp"
#include "platform/web/crypto.hpp"

using namespace trame;
using namespace trame::app;

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
  UserAddOptions user_options;
  auto* user_add = user->add_subcommand("add", "Créer un compte (le mot de passe est lu sur l'entrée standard).");
  user_add->add_option("--email", user_options.email, "Adresse électronique")->required();
  user_add->add_option("--name", user_options.name, "Nom affiché")->required();
  user_add
      ->add_option("--role", user_options.role,
                   "Rôle : administrator, coordinator, training_staff, trainer, jury_member, "
                   "referent, partner_staff, trainee, volunteer, communication, dpo, artist")
      ->required();
  user_add->add_option("--organisation", user_options.organisation,
                       "Identifiant de la structure (par défaut : la première)");
  user_add->add_option(
      "--delegation", user_options.delegation,
      "Pour un rôle coordinator : identifiant de la délégation coordonnée (par défaut : tout le réseau)");
  user_add->add_flag("--password-stdin", user_options.password_stdin, "Lire le mot de passe sur l'entrée standard")
      ->required();
  user_add->add_option("--config", config_file, "Fichier de configuration TOML");
  user_add->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");

  InitOptions init_options;
  auto* init = cli.add_subcommand(
      "init",
      "Première installation sans la démo : créer la structure propriétaire et le premier compte "
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
  auto* backup =
      cli.add_subcommand("backup", "Sauvegarder la base à chaud (SQLite : copie du fichier ; PostgreSQL : pg_dump).");
  backup->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  backup->add_option("--config", config_file, "Fichier de configuration TOML");
  backup->add_option("FILE", backup_file, "Fichier de sauvegarde à écrire")->required();
  bool restore_force = false;  // issue 22: restore (docs/operations.md)
  auto* restore = cli.add_subcommand(
      "restore", "Restaurer une sauvegarde dans une base neuve (SQLite : fichier ; PostgreSQL : pg_restore).");
  restore->add_option("--database", database, "Base à remplir : sqlite:CHEMIN ou postgresql://…");
  restore->add_option("--config", config_file, "Fichier de configuration TOML");
  restore->add_option("FILE", backup_file, "Fichier écrit par trame backup")->required();
  restore->add_flag("--force", restore_force, "Remplacer une base qui contient déjà des données (Trame arrêté)");

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
  verify->add_option(
      "--write-head", write_head,
      "Écrire la tête vérifiée dans ce fichier (seulement s'il contient une tête plus ancienne du même journal)");
  verify->add_option(
      "--old-key-file", old_key_files,
      "Fichier contenant une ancienne secret_key, pour vérifier les entrées chaînées avant une rotation");

  auto* keys_cmd = cli.add_subcommand("keys", "Clés dérivées de secret_key (voir docs/security-keys.md).");
  keys_cmd->require_subcommand(1);
  auto* rotate = keys_cmd->add_subcommand(
      "rotate",
      "Après un changement de secret_key : rechiffrer les secrets TOTP avec la nouvelle clé et ouvrir un "
      "nouveau segment du journal d'audit.");
  rotate->add_option("--old-key-file", old_key_files, "Fichier contenant l'ancienne secret_key")->required();
  rotate->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  rotate->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* routes = cli.add_subcommand("routes", "Lister les routes et la permission que chacune exige.");
  routes->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* import_cmd = cli.add_subcommand("import", "Importer des données de référence.");
  import_cmd->require_subcommand(1);
  std::string departement, source;
  auto* import_territory_cmd =
      import_cmd->add_subcommand("territory",
                                 "Importer le découpage administratif d'un département (communes, EPCI) depuis "
                                 "@etalab/decoupage-administratif.");
  import_territory_cmd->add_option("--departement", departement, "Code du département, par exemple 44")->required();
  import_territory_cmd->add_option("--source", source,
                                   "Dossier des fichiers JSON (par défaut : le paquet npm installé)");
  import_territory_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  import_territory_cmd->add_option("--config", config_file, "Fichier de configuration TOML");
  std::string qpv_file;
  auto* import_qpv_cmd = import_cmd->add_subcommand(
      "qpv",
      "Importer les quartiers prioritaires de la politique de la ville (QPV) depuis un fichier CSV "
      "(colonnes code, nom, commune ; séparateur « ; » ou « , » ; UTF-8). Importez d'abord les départements "
      "concernés.");
  import_qpv_cmd->add_option("FILE", qpv_file, "Fichier CSV à importer")->required();
  import_qpv_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  import_qpv_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  std::string pages_dir;
  bool pages_check = false;
  auto* import_pages_cmd = import_cmd->add_subcommand(
      "pages",
      "Importer les pages de l'ancien site (fichiers .txt du format Kirby : champs Title, Cover, Text… séparés par "
      "des lignes « ---- », images à côté) : tout ou rien, refusé avec la liste des problèmes (fichier:ligne).");
  import_pages_cmd->add_option("DIR", pages_dir, "Dossier des pages")->required();
  import_pages_cmd->add_flag("--check", pages_check, "Lire et vérifier le dossier sans rien enregistrer");
  import_pages_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  import_pages_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* jobs_cmd = cli.add_subcommand("jobs", "Tâches de fond.");
  jobs_cmd->require_subcommand(1);
  long long jobs_now = 0;
  auto* run_due_cmd =
      jobs_cmd->add_subcommand("run-due",
                               "Exécuter une fois les tâches dues : sorties (tirages, places non acceptées, rappels de "
                               "présence) et formations (listes d'attente, convocations, rappels).");
  run_due_cmd->add_option("--now", jobs_now, "Heure de référence (secondes Unix ; par défaut : maintenant)");
  run_due_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  run_due_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  // `trame generate` (docs/generate.md): a national or départemental dataset on top of the demo.
  GenerateOptions generate_options;
  auto* generate_cmd = cli.add_subcommand(
      "generate",
      "Générer un jeu de données réaliste (par-dessus la démo) à la taille d'un réseau national ou d'un "
      "département ; refusé si des données générées sont déjà présentes.");
  generate_cmd->add_option("--size", generate_options.size, "Taille : national ou departement")->required();
  generate_cmd->add_option("--seed", generate_options.seed, "Graine : la même graine donne les mêmes données (1)");
  generate_cmd->add_option("--scale", generate_options.scale)->group("");  // tests: a fraction of the size
  generate_cmd->add_option("--now", generate_options.now)->group("");      // tests: the reference day (seconds)
  generate_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  generate_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  // Issue 21 — the yearly activity report (src/plans/reports).
  auto* report_cmd = cli.add_subcommand("report", "Rapports.");
  report_cmd->require_subcommand(1);
  long long report_organisation = 0, report_year = 0;
  std::string report_output = ".";
  auto* report_yearly_cmd = report_cmd->add_subcommand(
      "yearly", "Écrire le rapport d'activité annuel d'une structure : un PDF et un classeur XLSX.");
  report_yearly_cmd->add_option("--organisation", report_organisation, "Identifiant de la structure")->required();
  report_yearly_cmd->add_option("--year", report_year, "Année du rapport, par exemple 2024")->required();
  report_yearly_cmd->add_option("--output", report_output,
                                "Dossier où écrire les fichiers (par défaut : le dossier courant)");
  report_yearly_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  report_yearly_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  // Issue 23 — retention rules (docs/privacy.md « Retention »).
  bool retention_dry_run = false;
  auto* retention_cmd =
      cli.add_subcommand("retention", "Appliquer les durées de conservation des données personnelles.");
  retention_cmd->add_flag("--dry-run", retention_dry_run,
                          "Afficher ce qui serait anonymisé ou supprimé, sans rien modifier");
  retention_cmd->add_option("--database", database, "Base : sqlite:CHEMIN ou postgresql://…");
  retention_cmd->add_option("--config", config_file, "Fichier de configuration TOML");

  auto* check = cli.add_subcommand("check-deploy", "Vérifier qu'une configuration est sûre pour la production.");
  check->add_option("--config", config_file, "Fichier de configuration TOML")->required();

  for (auto* sub : {serve,
                    migrate,
                    demo_cmd,
                    init,
                    user,
                    user_add,
                    backup,
                    restore,
                    audit_cmd,
                    verify,
                    keys_cmd,
                    rotate,
                    routes,
                    import_cmd,
                    import_territory_cmd,
                    import_qpv_cmd,
                    import_pages_cmd,
                    check,
                    jobs_cmd,
                    run_due_cmd,
                    generate_cmd,
                    report_cmd,
                    report_yearly_cmd,
                    retention_cmd}) {
    sub->set_help_flag("-h,--help", "Afficher cette aide et quitter");
    sub->group("Commandes");
  }

  CLI11_PARSE(cli, argc, argv);

  try {
    if (*serve) return cmd_serve(config_file, listen, database, with_demo);
    if (*migrate) return cmd_migrate(config_file, database);
    if (*demo_cmd) return cmd_demo(config_file, database);
    if (*init) return cmd_init(config_file, database, init_options);
    if (*user_add) return cmd_user_add(config_file, database, user_options);
    if (*import_territory_cmd) return cmd_import_territory(config_file, database, departement, source);
    if (*import_qpv_cmd) return cmd_import_qpv(config_file, database, qpv_file);
    if (*import_pages_cmd) return cmd_import_pages(config_file, database, pages_dir, pages_check);
    if (*backup) return cmd_backup(config_file, database, backup_file);
    if (*restore) return cmd_restore(config_file, database, backup_file, restore_force);
    if (*verify) return cmd_audit_verify(config_file, database, head_file, expect_head, write_head, old_key_files);
    if (*rotate) return cmd_keys_rotate(config_file, database, old_key_files);
    if (*routes) return cmd_routes(config_file);
    if (*run_due_cmd) return cmd_run_due(config_file, database, jobs_now);
    if (*report_yearly_cmd)
      return cmd_report_yearly(config_file, database, report_organisation, report_year, report_output);
    if (*check) return cmd_check(config_file);
    if (*generate_cmd) return cmd_generate(config_file, database, generate_options);
    if (*retention_cmd) return cmd_retention(config_file, database, retention_dry_run);
  } catch (const std::exception& ex) {
    std::cerr << "Erreur : " << ex.what() << "\n";
    return 1;
  }
  return 0;
}
