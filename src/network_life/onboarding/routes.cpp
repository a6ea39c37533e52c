#include "network_life/onboarding/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::onboarding {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string relais_url(long long id) {
  return "/evenements/relais/" + std::to_string(id);
}
std::string event_url(long long id) {
  return "/evenements/" + std::to_string(id);
}

Data nav(Context& ctx) {
  Data data{Data::type::object};
  data.set("referents_url", "/evenements/referents");
  data.set("old_url", "/evenements/referents/anciens");
  (void)ctx;
  return data;
}

http::Response relais_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  auto v = service.relais(ctx.me(), ctx.req.int_param("id"), page);
  if (!v) return ctx.error(404);
  Data data = nav(ctx);
  data.set("name", v->name);
  data.set("manages", web::flag(v->manages));
  Data onboarded{Data::type::list}, pending{Data::type::list};
  for (const auto& r : v->referents) {
    Data d{Data::type::object};
    d.set("name", r.name);
    if (!r.onboarded_on.empty()) {
      d.set("onboarded_on", short_french_date(r.onboarded_on));
      if (!r.workshop_day.empty()) {
        d.set("workshop", ctx.t("onboarding.relais.workshop_of", {{"day", short_french_date(r.workshop_day)}}));
        if (r.event_id) d.set("workshop_url", event_url(r.event_id));
      } else {
        d.set("manual", ctx.t("onboarding.relais.manual"));
      }
      onboarded.push_back(d);
    } else {
      pending.push_back(d);
    }
  }
  data.set("onboarded", onboarded);
  data.set("no_onboarded", web::flag(onboarded.is_empty_list()));
  data.set("pending", pending);
  data.set("has_pending", web::flag(!pending.is_empty_list()));
  Data history{Data::type::list};
  for (const auto& h : v->history) {
    Data d{Data::type::object};
    d.set("name", h.name);
    d.set("day", short_french_date(h.day));
    if (h.event_id) d.set("url", event_url(h.event_id));
    history.push_back(d);
  }
  data.set("history", history);
  data.set("no_history", web::flag(history.is_empty_list()));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, v->history_total, relais_url(v->id) + "?"));
  return ctx.render("network_life/onboarding/relais", data, ctx.t("onboarding.relais.title", {{"relais", v->name}}));
}

http::Response without_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  auto list = service.without_onboarded(ctx.me(), page);
  if (!list) return ctx.error(403);
  Data data = nav(ctx);
  Data items{Data::type::list};
  for (const auto& r : list->items) {
    Data d{Data::type::object};
    d.set("name", r.name);
    d.set("url", relais_url(r.id));
    d.set("referents", std::to_string(r.referents));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("total", ctx.t("onboarding.without.total", {{"n", std::to_string(list->total)}}));
  data.set("years", std::to_string(service.valid_years()));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, list->total, "/evenements/referents?"));
  return ctx.render("network_life/onboarding/without", data, ctx.t("onboarding.without.title"));
}

http::Response old_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  std::string before;
  auto list = service.grown_old(ctx.me(), page, before);
  if (!list) return ctx.error(403);
  Data data = nav(ctx);
  Data items{Data::type::list};
  for (const auto& r : list->items) {
    Data d{Data::type::object};
    d.set("name", r.name);
    d.set("relais", r.relais_name);
    d.set("relais_url", relais_url(r.relais_id));
    d.set("onboarded_on", short_french_date(r.onboarded_on));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("lead", ctx.t("onboarding.old.lead",
                         {{"years", std::to_string(service.valid_years())}, {"before", short_french_date(before)}}));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, list->total, "/evenements/referents/anciens?"));
  return ctx.render("network_life/onboarding/old", data, ctx.t("onboarding.old.title"));
}

std::optional<web::DashboardPanel> coordinator_panel(Context& ctx, Service& service) {
  if (!Service::coordinates(ctx.me())) return std::nullopt;
  auto list = service.without_onboarded(ctx.me(), 1);
  if (!list) return std::nullopt;
  web::DashboardPanel panel;
  panel.key = "onboarding-relais";
  panel.title = ctx.t("onboarding.dashboard.title");
  panel.empty = ctx.t("onboarding.dashboard.empty");
  panel.more_url = "/evenements/referents";
  panel.more_label = ctx.t("onboarding.dashboard.more", {{"n", std::to_string(list->total)}});
  panel.count = list->total;
  for (std::size_t i = 0; i < list->items.size() && i < 5; ++i) {
    const auto& r = list->items[i];
    panel.items.push_back({r.name, relais_url(r.id),
                           ctx.t("onboarding.dashboard.detail", {{"n", std::to_string(r.referents)}}), "", false});
  }
  return panel;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/evenements/referents", perm::network_life_manage,
          [&service](Context& ctx) { return without_page(ctx, service); });
  app.get("/evenements/referents/anciens", perm::network_life_manage,
          [&service](Context& ctx) { return old_page(ctx, service); });
  app.get("/evenements/relais/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return relais_page(ctx, service); });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(460, [&service](Context& ctx) { return coordinator_panel(ctx, service); });
}

}  // namespace trame::onboarding
