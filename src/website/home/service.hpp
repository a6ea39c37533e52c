// The home page composed of blocks (docs/website.md « Home page »). Who edits is one rule, site.edit
// (checked by the routes' permission); every change is audited and bumps the generation, so that the
// cached figures of the year are computed again on the next visit (on this instance; other instances
// within the cache's few minutes).
#pragma once
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include "network_life/events/service.hpp"
#include "outings/reach/service.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"
#include "trainings/programmes/service.hpp"
#include "website/home/model.hpp"
#include "website/home/repository.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::website::home {

// A programme of the public catalogue with its next session open to the public.
struct TrainingItem {
  programmes::Programme programme;
  std::optional<programmes::Session> next;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, programmes::Service& programmes, events::Service& events,
          reach::Service& reach)
      : db_(db), audit_(audit), programmes_(programmes), events_(events), reach_(reach) {}

  // The featured quotes (quotes module); without a source the quotes block shows nothing.
  void set_quotes(QuoteSource source) { quotes_ = std::move(source); }

  std::vector<Block> blocks();
  // Moved on every change of the blocks: the figures' cache key.
  unsigned long long generation() const { return generation_.load(); }

  // Administration (site.edit). Unknown kind: not found. Nothing changed when refused.
  Outcome set_enabled(const Actor& actor, const std::string& kind, bool enabled);
  // One place up or down (the first stays first, the last last); positions become 1..n again.
  Outcome move(const Actor& actor, const std::string& kind, bool up);
  // The heading override ('' for the default), the presentation's markdown and how many entries a list
  // block shows, as check_block (rules.hpp) allows.
  Outcome save(const Actor& actor, const std::string& kind, const BlockInput& in);

  // What the blocks show.
  std::vector<TrainingItem> upcoming_trainings(long long n, long long now);
  std::vector<events::Event> upcoming_public_events(long long n);
  DirectoryCounts directory();
  std::vector<QuoteView> quotes(long long n) const;
  Figures figures(long long now);

 private:
  store::Database& db_;
  audit::Service& audit_;
  programmes::Service& programmes_;
  events::Service& events_;
  reach::Service& reach_;
  QuoteSource quotes_;
  Repository repo_;
  std::atomic<unsigned long long> generation_{1};
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::website::home
