#include "app/platform.hpp"

#include <spdlog/spdlog.h>

#include <iostream>

#include "network/organisations/choices_repository.hpp"
#include "platform/store/migrations.hpp"
#include "platform/web/app.hpp"
#include "platform/web/crypto.hpp"
#include "questionnaires/impact/demo.hpp"

namespace trame::app {

Platform::Platform(web::Config c) : config(std::move(c)) {
  auto url = store::DatabaseUrl::parse(config.database);
  db = std::make_unique<store::Database>(url, static_cast<std::size_t>(std::max(2, config.db_pool)));
  catalogue = std::make_unique<web::Catalogue>();
  catalogue->load(config.resource("locales"));
  web::SecretKeys keys(config.secret_key, config.previous_secret_keys);
  audit = std::make_unique<audit::Service>(*db, keys);
  mail =
      std::make_unique<mail::Service>(*db, mail::SmtpSettings{config.smtp_url, config.smtp_user, config.smtp_password,
                                                              config.smtp_from, config.smtp_require_tls});
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
  branches = std::make_unique<branches::Service>(*db, *audit);
  partnerships = std::make_unique<partnerships::Service>(*db, *audit);
  offers = std::make_unique<offers::Service>(*db, *audit);
  calendars = std::make_unique<calendars::Service>(*db, *audit);
  queue = std::make_unique<bookings::Queue>(*db, *audit, *mail, config.public_url);
  queue->set_catalogue(catalogue.get());
  followup = std::make_unique<followup::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  reach = std::make_unique<reach::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  bookings = std::make_unique<bookings::Service>(*db, *audit, *mail, *queue, *partnerships, *catalogue,
                                                 config.public_url, keys);
  outing_requests =
      std::make_unique<outing_requests::Service>(*db, *audit, *mail, *catalogue, config.public_url, *bookings, *offers);
  directory_import = std::make_unique<directory_import::Service>(*db, *organisations, *audit);
  guestlists = std::make_unique<guestlists::Service>(*db, *audit);
  programmes = std::make_unique<programmes::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  enrolments = std::make_unique<enrolments::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  attendance = std::make_unique<attendance::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  training_space = std::make_unique<training_space::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  training_documents = std::make_unique<training_documents::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  quality = std::make_unique<quality::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  legal = std::make_unique<legal::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  trainers = std::make_unique<trainers::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  quotes = std::make_unique<quotes::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  agreements = std::make_unique<agreements::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  invoices = std::make_unique<invoices::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  pages = std::make_unique<website::pages::Service>(*db, *audit, *catalogue);
  funder_files = std::make_unique<funder_files::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  alumni = std::make_unique<alumni::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  rollout = std::make_unique<rollout::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  coaching = std::make_unique<coaching::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  referential = std::make_unique<referential::Service>(*db, *audit, *programmes);
  candidates = std::make_unique<candidates::Service>(*db, *audit, *mail, *catalogue, config.public_url, *referential);
  evaluations = std::make_unique<evaluations::Service>(*db, *audit, *mail, *catalogue, config.public_url, *candidates);
  certificates =
      std::make_unique<certificates::Service>(*db, *audit, *mail, *catalogue, config.public_url, *evaluations, keys);
  juries = std::make_unique<juries::Service>(*db, *audit, *evaluations);
  deliberation = std::make_unique<deliberation::Service>(*db, *audit, *catalogue, *juries);
  programmes->set_prepared_certification(
      [this](long long programme_id) -> std::optional<programmes::PreparedCertification> {
        long long id = referential->prepared_certification(programme_id);
        auto r = id ? referential->referential(ActingFor{}, id) : std::nullopt;
        if (!r) return std::nullopt;
        return programmes::PreparedCertification{r->version.title, "/certifications/" + std::to_string(id)};
      });
  definitions = std::make_unique<definitions::Service>(*db, *audit, *catalogue, config.public_url);
  answers = std::make_unique<answers::Service>(*db, *audit, config.public_url);
  campaigns = std::make_unique<campaigns::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  results = std::make_unique<results::Service>(*db, *audit, config.public_url);
  impact = std::make_unique<impact::Service>(*db, *audit, config.public_url);
  objectives = std::make_unique<objectives::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  programmes->set_published_results([this](long long programme_id) -> std::optional<programmes::PublishedResults> {
    auto r = results->latest(programme_id);
    if (!r) return std::nullopt;
    return programmes::PublishedResults{r->computed_at,   r->satisfaction,    r->satisfaction_responses,
                                        r->response_rate, r->completion_rate, r->dropout_rate,
                                        r->trainees};
  });
  projects = std::make_unique<projects::Service>(*db, *audit);
  programmes->set_co_built_project([this](long long session_id, const Principal& me) {
    auto p = projects->of_training_session(session_id);
    if (!p || !projects->access(me, p->id)) return std::optional<programmes::CoBuiltProject>{};
    return std::optional<programmes::CoBuiltProject>{{p->title, "/cooperation/projets/" + std::to_string(p->id)}};
  });
  diagnosis = std::make_unique<diagnosis::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects);
  indicators = std::make_unique<indicators::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects);
  actions = std::make_unique<actions::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects);
  meetings = std::make_unique<meetings::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects);
  methods = std::make_unique<methods::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects);
  decisions =
      std::make_unique<decisions::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects, *actions);
  contributions = std::make_unique<contributions::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects,
                                                           *diagnosis, *decisions);
  evaluation = std::make_unique<evaluation::Service>(*db, *audit, *mail, *catalogue, config.public_url, *projects,
                                                     *indicators, *actions, *decisions, *campaigns);
  events = std::make_unique<events::Service>(*db, *audit, *mail, *catalogue, config.public_url, *organisations,
                                             *bookings, *campaigns);
  members = std::make_unique<members::Service>(*db, *audit, *mail, *catalogue, config.public_url, *organisations,
                                               *partnerships);
  volunteering =
      std::make_unique<volunteering::Service>(*db, *audit, *mail, *catalogue, config.public_url, *organisations);
  action_programmes = std::make_unique<action_programmes::Service>(*db, *audit, *mail, *catalogue, config.public_url,
                                                                   *organisations, *bookings);
  interventions =
      std::make_unique<interventions::Service>(*db, *audit, *mail, *catalogue, config.public_url, *organisations);
  support_requests =
      std::make_unique<support_requests::Service>(*db, *audit, *mail, *catalogue, config.public_url, *organisations);
  onboarding = std::make_unique<onboarding::Service>(*db, *audit, *bookings, *events);
  assembly = std::make_unique<assembly::Service>(*db, *audit, *mail, *catalogue, config.public_url, *members);
  newsletters = std::make_unique<newsletters::Service>(*db, *audit, *mail, *catalogue, config.public_url,
                                                       *organisations, *members, *volunteering);
  // Issue 20 — the public site's quotes (src/website/quotes), shown on the programmes' public pages too.
  website_quotes = std::make_unique<website::quotes::Service>(*db, *audit, *catalogue, *followup, *answers);
  programmes->set_public_quotes([this](long long programme_id) {
    std::vector<programmes::PublicQuote> out;
    for (auto& q : website_quotes->for_programme(programme_id)) out.push_back({std::move(q.text), std::move(q.author)});
    return out;
  });
  setup = std::make_unique<setup::Service>(*db, *audit, *organisations, *accounts, *territory);
  site_legal = std::make_unique<website::legal::Service>(*db, *audit);
  seo = std::make_unique<website::seo::Service>(*db);

  // Issue 20 — the public site (src/website). The quotes block's source is set by the quotes module's wiring.
  home = std::make_unique<website::home::Service>(*db, *audit, *programmes, *events, *reach);

  // Issue 21 — dashboards per audience and open data (src/plans).
  plan_dashboards = std::make_unique<plans::dashboards::Service>(*db);
  plan_opendata = std::make_unique<plans::opendata::Service>(*db);

  // Issue 21 — plans (src/plans/plans).
  plans = std::make_unique<plans::plans::Service>(*db, *audit);
  // Issue 24 — « Par Ici la Sortie » (src/mediation/game).
  game = std::make_unique<mediation::game::Service>(*db, *audit);
  // Issue 21 — the yearly activity report (src/plans/reports).
  plan_reports = std::make_unique<plans::reports::Service>(*db, *catalogue);
  // Issue 23 — the processing register (src/privacy/register).
  privacy_register = std::make_unique<privacy::register_::Service>(*db, *catalogue);
  // Issue 23 — sensitive reads for the data protection officer (src/privacy/access_log).
  privacy_reads = std::make_unique<privacy::access_log::Service>(*db, *audit);
  // Issue 24 — « Allô l'Artiste ! » (src/mediation/allo).
  allo = std::make_unique<mediation::allo::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  // Issue 23 — people's rights (src/privacy/rights).
  rights = std::make_unique<privacy::rights::Service>(*db, *audit, *mail, *catalogue, config.public_url);
  // Issue 23 — retention rules (src/privacy/retention).
  retention = std::make_unique<privacy::retention::Service>(*db, *audit, keys);
}

void Platform::load_module_demos() {
  Actor demo_actor{0, "démo", "127.0.0.1"};
  partnerships->load_demo(demo_actor);
  branches->load_demo(demo_actor);  // before the offers: each is given to its venue's branch
  offers->load_demo(demo_actor);
  bookings->load_demo(demo_actor);
  programmes->load_demo(demo_actor);
  enrolments->load_demo(demo_actor);
  attendance->load_demo(demo_actor);
  training_space->load_demo(demo_actor);
  training_documents->load_demo(demo_actor);
  quality->load_demo(demo_actor);
  legal->load_demo(demo_actor);
  trainers->load_demo(demo_actor);
  quotes->load_demo(demo_actor);
  agreements->load_demo(demo_actor);
  invoices->load_demo(demo_actor);
  funder_files->load_demo(demo_actor);
  alumni->load_demo(demo_actor);
  rollout->load_demo(demo_actor);
  coaching->load_demo(demo_actor);
  referential->load_demo(demo_actor);
  evaluations->load_demo(demo_actor);
  deliberation->load_demo(demo_actor);
  certificates->load_demo(demo_actor);
  definitions->load_demo(demo_actor);
  answers->load_demo(demo_actor);
  campaigns->load_demo(demo_actor);
  results->load_demo(demo_actor);
  impact::load_demo_people(*db, *accounts, *bookings, demo_actor);
  impact->load_demo(demo_actor);
  objectives->load_demo(demo_actor);
  projects->load_demo(demo_actor);
  diagnosis->load_demo(demo_actor);
  indicators->load_demo(demo_actor);
  actions->load_demo(demo_actor);
  meetings->load_demo(demo_actor);
  methods->load_demo(demo_actor);
  decisions->load_demo(demo_actor);
  contributions->load_demo(demo_actor);
  evaluation->load_demo(demo_actor);
  events->load_demo(demo_actor);
  members->load_demo(demo_actor);
  volunteering->load_demo(demo_actor);
  action_programmes->load_demo(demo_actor);
  interventions->load_demo(demo_actor);
  support_requests->load_demo(demo_actor);
  onboarding->load_demo(demo_actor);
  assembly->load_demo(demo_actor);
  newsletters->load_demo(demo_actor);
  website_quotes->load_demo(demo_actor);                                         // issue 20
  plans->load_demo(demo_actor);                                                  // issue 21
  plans::reports::load_demo(*db);                                                // issue 21: the report's season
  allo->load_demo(demo_actor);                                                   // issue 24
  pages->load_demo(demo_actor, (config.resources / "data" / "pages").string());  // the seeds' two pages
  // Again, last: the relais the network-life demo adds (Choisy-le-Roi, Villejuif) exist now, so the
  // partnerships that show the outings' dormant relais and an ending partnership are made (the others
  // exist and are skipped).
  partnerships->load_demo(demo_actor);
}

long long Platform::run_training_jobs(long long now) {
  long long done = 0;
  done += programmes->run_due(now);
  done += enrolments->run_due(now);
  done += attendance->run_due(now);
  done += training_space->run_due(now);
  done += training_documents->run_due(now);
  done += quality->run_due(now);
  done += legal->run_due(now);
  done += trainers->run_due(now);
  done += quotes->run_due(now);
  done += agreements->run_due(now);
  done += invoices->run_due(now);
  done += funder_files->run_due(now);
  done += alumni->run_due(now);
  done += rollout->run_due(now);
  done += coaching->run_due(now);
  done += definitions->run_due(now);
  done += answers->run_due(now);
  done += campaigns->run_due(now);
  done += results->run_due(now);
  done += impact->run_due(now);
  done += objectives->run_due(now);
  done += diagnosis->run_due(now);
  done += indicators->run_due(now);
  done += actions->run_due(now);
  done += meetings->run_due(now);
  done += methods->run_due(now);
  done += decisions->run_due(now);
  done += contributions->run_due(now);
  done += evaluation->run_due(now);
  done += events->run_due(now);
  done += members->run_due(now);
  done += volunteering->run_due(now);
  done += action_programmes->run_due(now);
  done += interventions->run_due(now);
  done += support_requests->run_due(now);
  done += onboarding->run_due(now);
  done += assembly->run_due(now);
  done += newsletters->run_due(now);
  done += allo->run_due(now);  // issue 24: the reminders of the day before
  done += game->run_due(now);  // issue 24: expired games
  return done;
}

std::filesystem::path Platform::territory_source() const {
  return config.resource("node_modules/@etalab/decoupage-administratif/data");
}

int Platform::migrate(bool verbose, bool unknown_key_allowed) {
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
    spdlog::info(catalogue->t("fr", "cli.totp_resealed", {{"n", std::to_string(resealed)}}));
  }
  if (verbose)
    std::cout << (n ? catalogue->t("fr", "cli.migrations_applied", {{"n", std::to_string(n)}}) + "\n"
                    : "Schéma déjà à jour.\n");
  return n;
}

void Platform::register_routes(web::App& app) {
  web::register_system_routes(app);
  site::register_routes(app, *site, dashboard);
  setup::register_routes(app, *setup);
  accounts::register_routes(
      app, *accounts,
      {[this] { return db->read([](soci::session& sql) { return organisations::active_choices(sql); }); },
       [this](long long user_id) {
         std::vector<std::pair<long long, long long>> list;
         for (const auto& m : organisations->coordinator_memberships(user_id))
           list.emplace_back(m.membership_id, m.delegation_id);
         return list;
       },
       [this] { return organisations->delegation_choices(); }});
  organisations::register_routes(app, *organisations);
  organisations::register_dashboard(dashboard, *organisations);
  territory::register_routes(app, *territory);
  branches::register_routes(app, *branches);
  website::quotes::register_routes(app, *website_quotes);  // issue 20
  partnerships::register_routes(app, *partnerships);
  offers::register_routes(app, *offers);
  calendars::register_routes(app, *calendars);
  guestlists::register_routes(app, *guestlists);
  bookings::register_routes(app, *bookings);
  bookings::register_queue_routes(app, *queue);
  followup::register_routes(app, *followup);
  outing_requests::register_routes(app, *outing_requests);
  followup::register_dashboard(dashboard, *followup);
  reach::register_routes(app, *reach);
  reach::register_dashboard(dashboard, *reach);
  programmes::register_routes(app, *programmes);
  enrolments::register_routes(app, *enrolments);
  enrolments::register_dashboard(dashboard, *enrolments);
  attendance::register_routes(app, *attendance);
  attendance::register_dashboard(dashboard, *attendance);
  training_space::register_routes(app, *training_space);
  training_documents::register_routes(app, *training_documents);
  quality::register_routes(app, *quality);
  quality::register_dashboard(dashboard, *quality);
  legal::register_routes(app, *legal);
  legal::register_dashboard(dashboard, *legal);
  trainers::register_routes(app, *trainers);
  trainers::register_dashboard(dashboard, *trainers);
  quotes::register_routes(app, *quotes);
  quotes::register_dashboard(dashboard, *quotes);
  agreements::register_routes(app, *agreements);
  agreements::register_dashboard(dashboard, *agreements);
  invoices::register_routes(app, *invoices);
  invoices::register_dashboard(dashboard, *invoices);
  funder_files::register_routes(app, *funder_files);
  funder_files::register_dashboard(dashboard, *funder_files);
  alumni::register_routes(app, *alumni);
  alumni::register_dashboard(dashboard, *alumni);
  rollout::register_routes(app, *rollout);
  rollout::register_dashboard(dashboard, *rollout);
  coaching::register_routes(app, *coaching);
  coaching::register_dashboard(dashboard, *coaching);
  referential::register_routes(app, *referential);
  candidates::register_routes(app, *candidates);
  candidates::register_dashboard(dashboard, *candidates);
  evaluations::register_routes(app, *evaluations);
  certificates::register_routes(app, *certificates);
  certificates::register_dashboard(dashboard, *certificates);
  juries::register_routes(app, *juries);
  juries::register_dashboard(dashboard, *juries);
  deliberation::register_routes(app, *deliberation);
  definitions::register_routes(app, *definitions);
  answers::register_routes(app, *answers);
  answers::register_dashboard(dashboard, *answers);
  campaigns::register_routes(app, *campaigns);
  campaigns::register_dashboard(dashboard, *campaigns);
  results::register_routes(app, *results);
  impact::register_routes(app, *impact);
  objectives::register_routes(app, *objectives);
  objectives::register_dashboard(dashboard, *objectives);
  projects::register_routes(app, *projects);
  projects::register_dashboard(dashboard, *projects);
  diagnosis::register_routes(app, *diagnosis);
  indicators::register_routes(app, *indicators);
  actions::register_routes(app, *actions);
  meetings::register_routes(app, *meetings);
  methods::register_routes(app, *methods);
  decisions::register_routes(app, *decisions);
  contributions::register_routes(app, *contributions);
  evaluation::register_routes(app, *evaluation);
  events::register_routes(app, *events);
  events::register_dashboard(dashboard, *events);
  members::register_routes(app, *members);
  members::register_dashboard(dashboard, *members);
  volunteering::register_routes(app, *volunteering);
  volunteering::register_dashboard(dashboard, *volunteering);
  action_programmes::register_routes(app, *action_programmes);
  action_programmes::register_dashboard(dashboard, *action_programmes);
  interventions::register_routes(app, *interventions);
  interventions::register_dashboard(dashboard, *interventions);
  support_requests::register_routes(app, *support_requests);
  support_requests::register_dashboard(dashboard, *support_requests);
  onboarding::register_routes(app, *onboarding);
  onboarding::register_dashboard(dashboard, *onboarding);
  assembly::register_routes(app, *assembly);
  assembly::register_dashboard(dashboard, *assembly);
  newsletters::register_routes(app, *newsletters);
  newsletters::register_dashboard(dashboard, *newsletters);
  directory_import::register_routes(app, *directory_import);
  // The public site (issue 20): pages, and their menu in the layout (cached by the app, dropped on change).
  website::pages::register_routes(app, *pages);
  app.set_site_menu([this] {
    std::vector<web::App::MenuLink> links;
    for (auto& l : pages->menu()) links.push_back({std::move(l.url), std::move(l.label)});
    return links;
  });
  pages->on_changed([&app] { app.invalidate_site_menu(); });
  pages->set_quotes([this](const std::string& slug) { return website_quotes->for_page(slug); });
  home->set_quotes([this](int n) { return website_quotes->featured(n); });
  sitemap.add("website.pages", [this] {
    std::vector<web::SitemapUrl> urls;
    for (const auto& p : pages->published()) urls.push_back({"/pages/" + p.slug, p.updated_at});
    return urls;
  });
  audit::register_routes(app, *audit);
  mail::register_routes(app, *mail);
  website::legal::register_routes(app, *site_legal);
  website::legal::register_dashboard(dashboard, *site_legal);
  website::legal::register_sitemap(sitemap, *site_legal);
  website::seo::register_sitemap(sitemap, *seo);
  website::seo::register_routes(app, sitemap);

  // Issue 20 — the public site (src/website).
  website::home::register_routes(app, *home);
  plans::dashboards::register_routes(app, *plan_dashboards);  // issue 21: /rapports
  plans::opendata::register_routes(app, *plan_opendata);      // issue 21: /donnees-ouvertes
  plans::opendata::register_sitemap(sitemap);

  plans::plans::register_routes(app, *plans);           // issue 21
  plans::reports::register_routes(app, *plan_reports);  // issue 21: /plans/rapport-annuel
  // Issue 24: « Par Ici la Sortie » (/jeu).
  mediation::game::register_routes(app, *game);
  // Issue 23: /admin/vie-privee (the privacy home) and /admin/vie-privee/registre.
  privacy::register_::register_routes(app, *privacy_register);
  privacy::access_log::register_routes(app, *privacy_reads);  // issue 23: /admin/vie-privee/lectures
  privacy::rights::register_routes(app, *rights);        // issue 23: /compte/mes-donnees, /admin/vie-privee/demandes
  privacy::retention::register_routes(app, *retention);  // issue 23: /admin/vie-privee/conservation
  mediation::allo::register_routes(app, *allo);          // issue 24: /allo-artiste
  app.resolve_session = [this](const std::string& token) { return accounts->resolve(token); };
  app.submission_guard = [this](const std::string& id, bool release) {
    if (release) {
      accounts->release_submission(id);
      return true;
    }
    return accounts->claim_submission(id);
  };
}

Platform::~Platform() = default;

}  // namespace trame::app
