// Search engines: the sitemap's sources of today's public objects, and robots.txt's rules, derived from
// the router (every GET route that needs a session or a permission is kept out, down to the shortest
// path prefix no public route shares; docs/website.md, « Search engines »).
#pragma once
#include <string>
#include <vector>

#include "platform/store/database.hpp"
#include "platform/web/sitemap.hpp"
#include "website/seo/model.hpp"
#include "website/seo/repository.hpp"

namespace trame::web {
class App;
}  // namespace trame::web

namespace trame::website::seo {

// A GET route as robots.txt sees it: its pattern ("/formations/sessions/{id:int}/modifier") and whether an
// anonymous visitor may open it.
struct RouteView {
  std::string pattern;
  bool is_public = false;
};

// The prefixes to disallow: for each non-public route, the shortest prefix of its segments (parameters
// written '*') that no public route can match; none when every prefix is shared with a public page (such
// pages still say noindex). Sorted, and no rule covered by a shorter one.
RobotsRules robots_rules(const std::vector<RouteView>& routes);
std::string robots_txt(const RobotsRules& rules, const std::string& public_url);

class Service {
 public:
  explicit Service(store::Database& db) : db_(db) {}
  std::vector<web::SitemapUrl> programmes();
  std::vector<web::SitemapUrl> sessions();
  std::vector<web::SitemapUrl> certifications();

 private:
  store::Database& db_;
  Repository repo_;
};

// /robots.txt and /sitemap.xml (streamed from every source `sitemap` holds when asked).
void register_routes(web::App& app, const web::Sitemap& sitemap);
// The entry pages of the public site, the trainings' and the certifications' public objects.
void register_sitemap(web::Sitemap& sitemap, Service& service);

}  // namespace trame::website::seo
