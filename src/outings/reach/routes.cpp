#include <memory>

#include "outings/reach/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "platform/docs/csv_download.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::reach {

namespace {

using web::Context;
using web::Data;

constexpr long long kPerPage = 25;
constexpr long long kEndingShown = 50;

Period period_of(const http::Request& req) {
  return parse_period(req.query_param("du").value_or(""), req.query_param("au").value_or(""), store::now_seconds());
}

std::string day_of(const Context& ctx, long long t) {
  return web::format_datetime(t, ctx.locale).substr(0, 10);
}

std::string label_of(const Context& ctx, const std::string& dimension, const ReachLine& l) {
  if (dimension == "qpv") return ctx.t(l.key == "1" ? "reach.qpv_in" : "reach.qpv_out");
  if (l.key.empty() || l.label.empty()) return ctx.t("reach.unknown_" + dimension);
  return l.label;
}

Data reach_rows(const Context& ctx, const std::string& dimension, const std::vector<ReachLine>& lines) {
  Data rows{Data::type::list};
  for (const auto& l : lines) {
    Data r{Data::type::object};
    r.set("label", label_of(ctx, dimension, l));
    r.set("people", masked(l.people));
    r.set("first", masked(l.first));
    r.set("returning", masked(l.returning()));
    r.set("places", masked(l.places));
    r.set("in_groups", masked(l.in_groups));
    rows.push_back(r);
  }
  return rows;
}

http::Response reach_page(Context& ctx, Service& service) {
  Period p = period_of(ctx.req);
  auto r = service.reach(service.visible(ctx.me()), p.from, p.to);
  Data data{Data::type::object};
  data.set("du", p.from_iso);
  data.set("au", p.to_iso);
  if (p.invalid) data.set("period_error", ctx.t("reach.errors.period"));
  data.set("people", std::to_string(r.total.people));
  data.set("first", std::to_string(r.total.first));
  data.set("returning", std::to_string(r.total.returning()));
  data.set("places", std::to_string(r.total.places));
  data.set("in_groups", std::to_string(r.total.in_groups));
  long long page = web::page_param(ctx.req);
  std::vector<ReachLine> relais(
      r.by_relais.begin() + std::min<long long>(static_cast<long long>(r.by_relais.size()), (page - 1) * kPerPage),
      r.by_relais.begin() + std::min<long long>(static_cast<long long>(r.by_relais.size()), page * kPerPage));
  data.set("by_relais", reach_rows(ctx, "relais", relais));
  data.set("relais_pagination", web::pagination(ctx, page, kPerPage, static_cast<long long>(r.by_relais.size()),
                                                "/sorties/portee?du=" + p.from_iso + "&au=" + p.to_iso + "&"));
  data.set("by_delegation", reach_rows(ctx, "delegation", r.by_delegation));
  data.set("by_epci", reach_rows(ctx, "epci", r.by_epci));
  data.set("by_qpv", reach_rows(ctx, "qpv", r.by_qpv));
  data.set("by_branch", reach_rows(ctx, "branch", r.by_branch));
  data.set("has_branches", web::flag(!r.by_branch.empty()));
  data.set("csv_url", "/sorties/portee.csv?du=" + p.from_iso + "&au=" + p.to_iso);
  return ctx.render("outings/reach/reach", data, ctx.t("reach.title"));
}

http::Response reach_csv(Context& ctx, Service& service) {
  Period p = period_of(ctx.req);
  auto r = service.reach(service.visible(ctx.me()), p.from, p.to);
  service.audit_export(web::actor_of(ctx), "portee", p.from_iso + " – " + p.to_iso);
  auto lines = std::make_shared<std::vector<std::vector<std::string>>>();
  lines->push_back({ctx.t("reach.csv.dimension"), ctx.t("reach.csv.group"), ctx.t("reach.people"), ctx.t("reach.first"),
                    ctx.t("reach.returning"), ctx.t("reach.places"), ctx.t("reach.in_groups")});
  lines->push_back({ctx.t("reach.csv.total"), ctx.t("reach.csv.all"), std::to_string(r.total.people),
                    std::to_string(r.total.first), std::to_string(r.total.returning()), std::to_string(r.total.places),
                    std::to_string(r.total.in_groups)});
  // Groups are counted in the total and per relais only (a group has no place of living).
  auto add = [&](const std::string& dimension, const std::vector<ReachLine>& list) {
    for (const auto& l : list)
      lines->push_back({ctx.t("reach.dimensions." + dimension), label_of(ctx, dimension, l), masked(l.people),
                        masked(l.first), masked(l.returning()), masked(l.places),
                        dimension == "relais" || dimension == "branch" ? masked(l.in_groups) : std::string()});
  };
  add("relais", r.by_relais);
  add("delegation", r.by_delegation);
  add("epci", r.by_epci);
  add("qpv", r.by_qpv);
  add("branch", r.by_branch);
  return docs::csv_download(lines, "portee-sorties.csv");
}

std::string last_activity(const Context& ctx, const DormantRelais& d) {
  if (d.last_booking_at > 0) return ctx.t("reach.last_booking", {{"date", day_of(ctx, d.last_booking_at)}});
  return ctx.t("reach.partner_since", {{"date", short_french_date(d.partnership_start)}});
}

std::string referent_names(const DormantRelais& d) {
  std::string out;
  for (const auto& r : d.referents) out += (out.empty() ? "" : ", ") + r.name;
  return out;
}

// The page; after a refused relance, with its message (nothing changed) and the refusal's status.
http::Response dormant_page(Context& ctx, Service& service, const std::string& error = "", int status = 200) {
  auto v = service.visible(ctx.me());
  long long now = store::now_seconds();
  long long page = web::page_param(ctx.req);
  auto d = service.dormant(v, now, page, kPerPage);
  Data rows{Data::type::list};
  for (const auto& r : d.relais) {
    Data row{Data::type::object};
    row.set("id", std::to_string(r.id));
    row.set("name", r.name);
    row.set("url", "/annuaire/structures/" + std::to_string(r.id));
    row.set("activity", last_activity(ctx, r));
    if (r.referents.empty()) row.set("no_referent", web::flag(true));
    else row.set("referents", referent_names(r));
    if (r.last_relaunch_at > 0) row.set("relaunched", day_of(ctx, r.last_relaunch_at));
    rows.push_back(row);
  }
  Data data{Data::type::object};
  data.set("months", std::to_string(d.months));
  data.set("relais", rows);
  data.set("count", std::to_string(d.total));
  data.set("empty", web::flag(d.total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, d.total, "/sorties/relais-en-sommeil?"));

  long long ending_total = 0;
  Data ending{Data::type::list};
  for (const auto& e : service.ending(v, now, kEndingShown, ending_total)) {
    Data row{Data::type::object};
    row.set("organisation", e.organisation);
    row.set("partner", e.partner);
    row.set("kind", ctx.t("partnerships.kinds." + e.kind));
    row.set("end", short_french_date(e.end_date));
    row.set("url", "/annuaire/partenariats/" + std::to_string(e.id));
    ending.push_back(row);
  }
  data.set("ending", ending);
  data.set("no_ending", web::flag(ending_total == 0));
  if (ending_total > kEndingShown)
    data.set("ending_more", ctx.t("reach.ending_more", {{"n", std::to_string(ending_total - kEndingShown)}}));

  auto t = service.new_partnerships(now);
  Data sectors{Data::type::list};
  for (const auto& s : t.sectors) {
    Data row{Data::type::object};
    row.set("sector", s.sector.empty() ? ctx.t("reach.unknown_sector") : ctx.t("organisations.sectors." + s.sector));
    row.set("previous", std::to_string(s.previous));
    row.set("current", std::to_string(s.current));
    sectors.push_back(row);
  }
  data.set("sectors", sectors);
  data.set("year", std::to_string(t.year));
  data.set("previous_year", std::to_string(t.year - 1));
  data.set("previous_total", std::to_string(t.previous_total));
  data.set("current_total", std::to_string(t.current_total));
  data.set("target", std::to_string(t.target));
  data.set("target_status", ctx.t(t.current_total >= t.target ? "reach.target_met" : "reach.target_left",
                                  {{"n", std::to_string(std::max(0LL, t.target - t.current_total))}}));
  if (!error.empty()) data.set("error", error);
  return ctx.render("outings/reach/dormant", data, ctx.t("reach.dormant_title"), status);
}

http::Response dormant_csv(Context& ctx, Service& service) {
  auto v = service.visible(ctx.me());
  long long now = store::now_seconds();
  service.audit_export(web::actor_of(ctx), "relais-en-sommeil", "");
  auto lines = std::make_shared<std::vector<std::vector<std::string>>>();
  lines->push_back({ctx.t("reach.csv.relais"), ctx.t("reach.csv.last_booking"), ctx.t("reach.csv.partner_since"),
                    ctx.t("reach.csv.referents"), ctx.t("reach.csv.last_relaunch")});
  // Page by page, so that the export holds every dormant relais without one unbounded query.
  for (long long page = 1;; ++page) {
    auto d = service.dormant(v, now, page, 500);
    for (const auto& r : d.relais)
      lines->push_back({r.name, r.last_booking_at > 0 ? day_of(ctx, r.last_booking_at) : "", r.partnership_start,
                        referent_names(r), r.last_relaunch_at > 0 ? day_of(ctx, r.last_relaunch_at) : ""});
    if (page * 500 >= d.total) break;
  }
  return docs::csv_download(lines, "relais-en-sommeil.csv");
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/sorties/portee", web::perm::outings_manage, [&service](Context& ctx) { return reach_page(ctx, service); });
  app.get("/sorties/portee.csv", web::perm::outings_manage,
          [&service](Context& ctx) { return reach_csv(ctx, service); });
  app.get("/sorties/relais-en-sommeil", web::perm::outings_manage,
          [&service](Context& ctx) { return dormant_page(ctx, service); });
  app.get("/sorties/relais-en-sommeil.csv", web::perm::outings_manage,
          [&service](Context& ctx) { return dormant_csv(ctx, service); });

  // The one-click relance of a dormant relais.
  app.post("/sorties/relais-en-sommeil/{id:int}/relancer", web::perm::outings_manage, [&service](Context& ctx) {
    auto r =
        service.relaunch(web::actor_of(ctx), service.visible(ctx.me()), ctx.req.int_param("id"), store::now_seconds());
    web::Params params{{"relais", r.name}, {"n", std::to_string(r.recipients)}};
    if (r.last_at > 0) params.emplace_back("date", day_of(ctx, r.last_at));
    return web::finish_with(ctx, r.outcome, "reach.relaunched", params, "/sorties/relais-en-sommeil",
                            [&](const Outcome& failed, int status) {
                              return dormant_page(ctx, service, ctx.t(failed.error, params), status);
                            });
  });
}

namespace {

std::optional<web::DashboardPanel> reach_panel(Context& ctx, Service& service) {
  if (!ctx.me().has_role("coordinator") && !ctx.me().is_admin()) return std::nullopt;
  long long now = store::now_seconds();
  auto v = service.visible(ctx.me());
  Period year = parse_period("", "", now);
  auto r = service.reach(v, year.from, year.to);
  auto d = service.dormant(v, now, 1, 1);
  web::DashboardPanel p;
  p.key = "outings-reach";
  p.title = ctx.t("reach.panel.title");
  web::DashboardItem people;
  people.label = ctx.t("reach.panel.people", {{"year", year.from_iso.substr(0, 4)},
                                              {"n", std::to_string(r.total.people)},
                                              {"first", std::to_string(r.total.first)}});
  people.url = "/sorties/portee";
  p.items.push_back(people);
  web::DashboardItem dormant;
  dormant.label = ctx.t("reach.panel.dormant", {{"n", std::to_string(d.total)}, {"months", std::to_string(d.months)}});
  dormant.url = "/sorties/relais-en-sommeil";
  dormant.urgent = d.total > 0;
  p.items.push_back(dormant);
  p.more_url = "/sorties/portee";
  p.more_label = ctx.t("reach.panel.more");
  return p;
}

}  // namespace

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(125, [&service](Context& ctx) { return reach_panel(ctx, service); });
}

}  // namespace trame::reach
