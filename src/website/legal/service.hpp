// The legal and trust pages' texts: read for the public pages, checked and saved by site.edit holders
// (administrators and the communication role), each save audited. The footer's « Accessibilité :
// partiellement conforme » reads the conformity status through a short cache (one settings read per
// 30 seconds and instance, refreshed at once on this instance's saves).
#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/store/database.hpp"
#include "website/legal/model.hpp"
#include "website/legal/repository.hpp"

namespace trame::web {
class App;
class Dashboard;
class Sitemap;
}  // namespace trame::web

namespace trame::website::legal {

// Checks and normalises a page's input in place (trimmed lines, "72,5" → "72.5"); refused with the field
// at fault: a text too long, a status not among kStatuses, a rate outside 0–100, a date that is not
// YYYY-MM-DD, or a status the rate does not allow (RGAA: totalement conforme at 100 %, partiellement
// from 50 %, and either needs the audit's rate and date).
Outcome check(const PageSpec& page, Values& input);

class Service {
 public:
  Service(store::Database& db, audit::Service& audit) : db_(db), audit_(audit) {}

  Values values(const PageSpec& page);
  long long updated_at(const PageSpec& page);  // 0: never saved since the migration
  // Saves every field of the page at once (nothing when refused) and records it in the audit log.
  Outcome save(const Actor& actor, const PageSpec& page, Values input, long long now);
  // The fields still holding « à compléter », or empty though required, in the pages' order.
  std::vector<MissingField> missing();
  // "non", "partiel" or "total".
  std::string accessibility_status();

 private:
  store::Database& db_;
  audit::Service& audit_;
  Repository repo_;
  std::mutex status_mutex_;
  std::string status_;
  std::chrono::steady_clock::time_point status_read_{};
};

void register_routes(web::App& app, Service& service);
// The site.edit holders' panel of /tableau-de-bord: the legal pages with fields still to complete (order 700).
void register_dashboard(web::Dashboard& dashboard, Service& service);
// The four public pages, with the date of their last save.
void register_sitemap(web::Sitemap& sitemap, Service& service);

}  // namespace trame::website::legal
