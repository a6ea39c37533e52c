#include <memory>
#include <optional>
#include <spdlog/spdlog.h>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"
#include "website/seo/service.hpp"

namespace trame::website::seo {

namespace {

using web::Context;

// The sitemap protocol's limit for one file.
constexpr std::size_t kMaxUrls = 50000;
constexpr std::size_t kUrlsPerChunk = 500;

std::string base_url(const Context& ctx) {
  std::string base = ctx.app.config.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

// The streamed <urlset>: each source is asked when the previous one is written out.
http::Response sitemap_xml(Context& ctx, const web::Sitemap& sitemap) {
  http::Response res;
  res.set_header("Content-Type", "application/xml; charset=utf-8");
  res.set_header("Cache-Control", "public, max-age=3600");
  struct State {
    std::string base;
    std::size_t source = 0;
    std::vector<web::SitemapUrl> pending;
    std::size_t next = 0;
    std::size_t written = 0;
    bool opened = false;
    bool closed = false;
  };
  auto state = std::make_shared<State>();
  state->base = base_url(ctx);
  res.next_chunk = [state, &sitemap]() -> std::optional<std::string> {
    if (state->closed) return std::nullopt;
    std::string piece;
    if (!state->opened) {
      state->opened = true;
      piece =
          "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
          "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
    }
    std::size_t count = 0;
    while (count < kUrlsPerChunk) {
      if (state->next >= state->pending.size()) {
        if (state->source >= sitemap.size()) break;
        state->pending = sitemap.urls(state->source++);
        state->next = 0;
        continue;
      }
      if (state->written >= kMaxUrls) {
        spdlog::warn("sitemap.xml: more than {} URLs, the rest left out", kMaxUrls);
        state->source = sitemap.size();
        state->pending.clear();
        break;
      }
      const auto& u = state->pending[state->next++];
      piece += "  <url><loc>" + xml_escape(state->base + u.path) + "</loc>";
      if (u.lastmod > 0) piece += "<lastmod>" + local_day(u.lastmod) + "</lastmod>";
      piece += "</url>\n";
      ++count;
      ++state->written;
    }
    if (state->source >= sitemap.size() && state->next >= state->pending.size()) {
      piece += "</urlset>\n";
      state->closed = true;
    }
    return piece;
  };
  return res;
}

}  // namespace

void register_routes(web::App& app, const web::Sitemap& sitemap) {
  app.get("/robots.txt", web::perm::public_access, [](Context& ctx) {
    std::vector<RouteView> routes;
    for (const auto& r : ctx.app.router().routes())
      if (r.method == "GET") routes.push_back({r.pattern.source, r.data.permission == web::perm::public_access});
    auto res = http::Response::text(robots_txt(robots_rules(routes), ctx.app.config.public_url));
    res.set_header("Cache-Control", "public, max-age=3600");
    return res;
  });

  app.get("/sitemap.xml", web::perm::public_access, [&sitemap](Context& ctx) { return sitemap_xml(ctx, sitemap); });
}

void register_sitemap(web::Sitemap& sitemap, Service& service) {
  sitemap.add("website.entry_pages", [] {
    return std::vector<web::SitemapUrl>{{"/", 0}, {"/formations", 0}, {"/certifications", 0}};
  });
  sitemap.add("trainings.programmes", [&service] { return service.programmes(); });
  sitemap.add("trainings.sessions", [&service] { return service.sessions(); });
  sitemap.add("certification.results", [&service] { return service.certifications(); });
}

}  // namespace trame::website::seo
