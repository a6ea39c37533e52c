// The platform wired once: the database, every domain's services, their routes and their jobs.
// Adding a module touches its own folder and this file's lists (docs/adding-a-module.md).
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "platform/accounts/service.hpp"
#include "platform/audit/service.hpp"
#include "outings/bookings/queue.hpp"
#include "outings/bookings/service.hpp"
#include "outings/followup/service.hpp"
#include "outings/reach/service.hpp"
#include "outings/guestlists/service.hpp"
#include "trainings/programmes/service.hpp"
#include "trainings/enrolments/service.hpp"
#include "trainings/attendance/service.hpp"
#include "trainings/training_space/service.hpp"
#include "trainings/training_documents/service.hpp"
#include "trainings/quality/service.hpp"
#include "trainings/legal/service.hpp"
#include "trainings/trainers/service.hpp"
#include "trainings/quotes/service.hpp"
#include "trainings/agreements/service.hpp"
#include "trainings/invoices/service.hpp"
#include "trainings/funder_files/service.hpp"
#include "trainings/alumni/service.hpp"
#include "trainings/rollout/service.hpp"
#include "trainings/coaching/service.hpp"
#include "certification/referential/service.hpp"
#include "certification/candidates/service.hpp"
#include "certification/evaluations/service.hpp"
#include "certification/certificates/service.hpp"
#include "certification/juries/service.hpp"
#include "certification/deliberation/service.hpp"
#include "questionnaires/definitions/service.hpp"
#include "questionnaires/answers/service.hpp"
#include "questionnaires/campaigns/service.hpp"
#include "questionnaires/results/service.hpp"
#include "questionnaires/impact/service.hpp"
#include "questionnaires/objectives/service.hpp"
#include "cooperation/projects/service.hpp"
#include "cooperation/diagnosis/service.hpp"
#include "cooperation/indicators/service.hpp"
#include "cooperation/actions/service.hpp"
#include "cooperation/meetings/service.hpp"
#include "cooperation/methods/service.hpp"
#include "cooperation/decisions/service.hpp"
#include "cooperation/contributions/service.hpp"
#include "cooperation/evaluation/service.hpp"
#include "network_life/events/service.hpp"
#include "network_life/members/service.hpp"
#include "network_life/volunteering/service.hpp"
#include "network_life/action_programmes/service.hpp"
#include "network_life/interventions/service.hpp"
#include "network_life/support_requests/service.hpp"
#include "network_life/onboarding/service.hpp"
#include "network_life/assembly/service.hpp"
#include "network_life/newsletters/service.hpp"
#include "mediation/allo/service.hpp"  // issue 24
#include "platform/mail/service.hpp"
#include "network/organisations/service.hpp"
#include "outings/calendars/service.hpp"
#include "outings/offers/service.hpp"
#include "outings/requests/service.hpp"
#include "network/partnerships/service.hpp"
#include "network/directory_import/service.hpp"
#include "platform/site/service.hpp"
#include "app/setup/service.hpp"
#include "network/territory/service.hpp"
#include "network/branches/service.hpp"
#include "website/pages/service.hpp"
#include "website/quotes/service.hpp"

#include "website/home/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/config.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/dashboard.hpp"
#include "plans/plans/service.hpp"
#include "mediation/game/service.hpp"  // issue 24: « Par Ici la Sortie »
#include "platform/web/sitemap.hpp"
#include "plans/dashboards/service.hpp"
#include "plans/opendata/service.hpp"
#include "plans/reports/service.hpp"
#include "privacy/register/service.hpp"
#include "privacy/access_log/service.hpp"  // issue 23
#include "privacy/rights/service.hpp"
#include "privacy/retention/service.hpp"  // issue 23: retention
#include "website/legal/service.hpp"
#include "website/seo/service.hpp"

namespace trame::app {

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
  web::Dashboard dashboard;  // panels each domain contributes to /tableau-de-bord
  std::unique_ptr<territory::Service> territory;
  std::unique_ptr<branches::Service> branches;
  std::unique_ptr<website::quotes::Service> website_quotes;  // issue 20: the public site's quotes
  std::unique_ptr<partnerships::Service> partnerships;
  std::unique_ptr<offers::Service> offers;
  std::unique_ptr<calendars::Service> calendars;
  std::unique_ptr<bookings::Queue> queue;
  std::unique_ptr<bookings::Service> bookings;
  std::unique_ptr<followup::Service> followup;
  std::unique_ptr<reach::Service> reach;
  std::unique_ptr<outing_requests::Service> outing_requests;
  std::unique_ptr<directory_import::Service> directory_import;
  std::unique_ptr<guestlists::Service> guestlists;
  std::unique_ptr<programmes::Service> programmes;
  std::unique_ptr<enrolments::Service> enrolments;
  std::unique_ptr<attendance::Service> attendance;
  std::unique_ptr<training_space::Service> training_space;
  std::unique_ptr<training_documents::Service> training_documents;
  std::unique_ptr<quality::Service> quality;
  std::unique_ptr<legal::Service> legal;
  std::unique_ptr<trainers::Service> trainers;
  std::unique_ptr<quotes::Service> quotes;
  std::unique_ptr<agreements::Service> agreements;
  std::unique_ptr<invoices::Service> invoices;
  std::unique_ptr<funder_files::Service> funder_files;
  std::unique_ptr<alumni::Service> alumni;
  std::unique_ptr<rollout::Service> rollout;
  std::unique_ptr<coaching::Service> coaching;
  std::unique_ptr<referential::Service> referential;
  std::unique_ptr<candidates::Service> candidates;
  std::unique_ptr<evaluations::Service> evaluations;
  std::unique_ptr<certificates::Service> certificates;
  std::unique_ptr<juries::Service> juries;
  std::unique_ptr<deliberation::Service> deliberation;
  std::unique_ptr<definitions::Service> definitions;
  std::unique_ptr<answers::Service> answers;
  std::unique_ptr<campaigns::Service> campaigns;
  std::unique_ptr<results::Service> results;
  std::unique_ptr<impact::Service> impact;
  std::unique_ptr<objectives::Service> objectives;
  std::unique_ptr<projects::Service> projects;
  std::unique_ptr<diagnosis::Service> diagnosis;
  std::unique_ptr<indicators::Service> indicators;
  std::unique_ptr<actions::Service> actions;
  std::unique_ptr<meetings::Service> meetings;
  std::unique_ptr<methods::Service> methods;
  std::unique_ptr<decisions::Service> decisions;
  std::unique_ptr<contributions::Service> contributions;
  std::unique_ptr<evaluation::Service> evaluation;
  std::unique_ptr<events::Service> events;
  std::unique_ptr<members::Service> members;
  std::unique_ptr<volunteering::Service> volunteering;
  std::unique_ptr<action_programmes::Service> action_programmes;
  std::unique_ptr<interventions::Service> interventions;
  std::unique_ptr<support_requests::Service> support_requests;
  std::unique_ptr<onboarding::Service> onboarding;
  std::unique_ptr<assembly::Service> assembly;
  std::unique_ptr<newsletters::Service> newsletters;
  std::unique_ptr<setup::Service> setup;
  std::unique_ptr<website::pages::Service> pages;  // the public site (issue 20)

  // The public site (issue 20): legal pages, search engines.
  web::Sitemap sitemap;  // the public pages each domain lists in /sitemap.xml
  std::unique_ptr<website::legal::Service> site_legal;
  std::unique_ptr<website::seo::Service> seo;

  // Issue 20 — the public site (src/website).
  std::unique_ptr<website::home::Service> home;
  std::unique_ptr<plans::plans::Service> plans;  // issue 21

  // Issue 21 — dashboards per audience and open data (src/plans).
  std::unique_ptr<plans::dashboards::Service> plan_dashboards;
  std::unique_ptr<plans::opendata::Service> plan_opendata;
  std::unique_ptr<plans::reports::Service> plan_reports;  // the yearly activity report
  // Issue 23 — the processing register (src/privacy/register).
  std::unique_ptr<privacy::register_::Service> privacy_register;

  // Issue 23 — sensitive reads for the data protection officer (src/privacy/access_log).
  std::unique_ptr<privacy::access_log::Service> privacy_reads;
  std::unique_ptr<privacy::rights::Service> rights;  // issue 23: people's rights
  // Issue 24 — the mediation tools: « Allô l'Artiste ! » (src/mediation/allo), « Par Ici la Sortie » (/jeu).
  std::unique_ptr<mediation::allo::Service> allo;
  std::unique_ptr<mediation::game::Service> game;
  std::unique_ptr<privacy::retention::Service> retention;  // issue 23: retention rules, the daily job

  explicit Platform(web::Config c);
  ~Platform();

  // Demo data of the modules that come after the directory, in dependency order.
  void load_module_demos();
  // Training work that falls due with time: waiting lists, convocations, reminders, complaint delays.
  long long run_training_jobs(long long now);
  std::filesystem::path territory_source() const;
  // Applies the migrations. unknown_key_allowed: for `audit verify` only, which reports the entries
  // it cannot check; every other command refuses to write under a secret_key the audit log does not
  // know (a missing --config or a mistyped key would chain entries and seal TOTP seeds under the
  // wrong key). Returns the number of migrations applied.
  int migrate(bool verbose, bool unknown_key_allowed = false);
  // Every domain's routes, in the order they are matched.
  void register_routes(web::App& app);
};

}  // namespace trame::app
