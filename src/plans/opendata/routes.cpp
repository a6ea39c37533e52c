#include <memory>

#include "plans/opendata/service.hpp"
#include "platform/docs/csv_download.hpp"
#include "platform/web/app.hpp"
#include "platform/web/sitemap.hpp"

namespace trame::plans::opendata {

namespace {

using web::Context;
using web::Data;

// The dataset's columns in order: their CSV name is the key (stable, never translated).
const char* kColumns[] = {"mois",         "code_insee",        "commune", "places_utilisees", "personnes_touchees",
                          "reservations", "secret_statistique"};

http::Response schema_page(Context& ctx) {
  Data columns{Data::type::list};
  for (const char* c : kColumns) {
    std::string key = std::string("opendata.columns.") + c;
    Data row{Data::type::object};
    row.set("name", std::string(c));
    row.set("type", ctx.t(key + ".type"));
    row.set("definition", ctx.t(key + ".definition"));
    row.set("unit", ctx.t(key + ".unit"));
    row.set("rule", ctx.t(key + ".rule"));
    columns.push_back(row);
  }
  Data data{Data::type::object};
  data.set("columns", columns);
  data.set("csv_url", "/donnees-ouvertes/sorties-par-commune.csv");
  data.set("threshold", std::to_string(kSmallCount));
  ctx.meta.description = ctx.t("opendata.lead");
  return ctx.render("plans/opendata/index", data, ctx.t("opendata.title"));
}

http::Response dataset_csv(Context& ctx, Service& service) {
  auto lines = std::make_shared<std::vector<std::vector<std::string>>>();
  lines->emplace_back(std::begin(kColumns), std::end(kColumns));
  for (const auto& m : service.dataset()) {
    bool hidden = m.withheld();
    lines->push_back({m.month, m.code, m.name, hidden ? "" : std::to_string(m.places),
                      hidden ? "" : std::to_string(m.people), hidden ? "" : std::to_string(m.bookings),
                      ctx.t(hidden ? "opendata.withheld_yes" : "opendata.withheld_no")});
  }
  return docs::csv_download(lines, "sorties-par-commune.csv");
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/donnees-ouvertes", web::perm::public_access, [](Context& ctx) { return schema_page(ctx); });
  app.get("/donnees-ouvertes/sorties-par-commune.csv", web::perm::public_access,
          [&service](Context& ctx) { return dataset_csv(ctx, service); });
}

void register_sitemap(web::Sitemap& sitemap) {
  sitemap.add("plans.opendata", [] { return std::vector<web::SitemapUrl>{{"/donnees-ouvertes", 0}}; });
}

}  // namespace trame::plans::opendata
