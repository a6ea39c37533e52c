#include <memory>

#include "platform/core/calendar.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/rollout/service.hpp"

namespace trame::rollout {

namespace {

using web::Context;
using web::Data;

constexpr const char* kPage = "/formations/deploiement";

int year_param(const Context& ctx) {
  const std::string y = ctx.req.query_param("annee").value_or("");
  int year = (y.size() == 4 && std::all_of(y.begin(), y.end(), ::isdigit)) ? std::stoi(y) : 0;
  if (year < 2000 || year > 2100) year = std::stoi(local_day(store::now_seconds()).substr(0, 4));
  return year;
}

std::string titles(const std::vector<SessionItem>& list) {
  std::string out;
  for (std::size_t i = 0; i < list.size(); ++i) out += (i ? " ; " : "") + list[i].title;
  return out;
}

Data sessions_data(const Context& ctx, const std::vector<SessionItem>& list) {
  Data l{Data::type::list};
  for (std::size_t i = 0; i < list.size() && i < kSessionsShown; ++i) {
    Data d{Data::type::object};
    d.set("title", list[i].title);
    d.set("url", "/formations/sessions/" + std::to_string(list[i].id));
    d.set("when", list[i].starts_at ? format_local(list[i].starts_at, "%d/%m/%Y") : std::string());
    d.set("status_label", ctx.t("enrolments.session_statuses." + list[i].status));
    l.push_back(d);
  }
  return l;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kPage, web::perm::trainings_manage, [&service](Context& ctx) {
    const int year = year_param(ctx);
    const ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
    long long page = web::page_param(ctx.req), total = 0;
    auto rows = service.year(scope, year, page, kDelegationsPerPage, total);
    Data list{Data::type::list};
    long long held = 0, planned = 0, missing = 0, social = 0, cultural = 0, other = 0;
    for (const auto& r : rows) {
      Data d{Data::type::object};
      d.set("name", r.name);
      d.set("state", r.state());
      d.set("state_label", ctx.t("rollout.states." + r.state()));
      d.set("held", sessions_data(ctx, r.held));
      d.set("held_count", std::to_string(r.held.size()));
      d.set("planned", sessions_data(ctx, r.planned));
      d.set("planned_count", std::to_string(r.planned.size()));
      if (r.held.size() > kSessionsShown || r.planned.size() > kSessionsShown)
        d.set("more", ctx.t("rollout.more", {{"n", std::to_string(kSessionsShown)}}));
      d.set("social", std::to_string(r.social));
      d.set("cultural", std::to_string(r.cultural));
      d.set("other", std::to_string(r.other));
      d.set("trainees", std::to_string(r.trainees()));
      list.push_back(d);
      (r.state() == "held" ? held : r.state() == "planned" ? planned : missing) += 1;
      social += r.social;
      cultural += r.cultural;
      other += r.other;
    }
    Data data{Data::type::object};
    data.set("year", std::to_string(year));
    data.set("rows", list);
    data.set("empty", web::flag(rows.empty()));
    data.set("summary", ctx.t("rollout.summary", {{"held", std::to_string(held)},
                                                  {"planned", std::to_string(planned)},
                                                  {"missing", std::to_string(missing)}}));
    data.set("trainees_summary", ctx.t("rollout.trainees_summary", {{"social", std::to_string(social)},
                                                                    {"cultural", std::to_string(cultural)},
                                                                    {"other", std::to_string(other)}}));
    data.set("caption", ctx.t("rollout.caption", {{"year", std::to_string(year)}}));
    data.set("csv", std::string(kPage) + ".csv?annee=" + std::to_string(year));
    data.set("previous", std::string(kPage) + "?annee=" + std::to_string(year - 1));
    data.set("next", std::string(kPage) + "?annee=" + std::to_string(year + 1));
    data.set("previous_year", std::to_string(year - 1));
    data.set("next_year", std::to_string(year + 1));
    data.set("scope_all", web::flag(scope.all));
    data.set("pagination", web::pagination(ctx, page, kDelegationsPerPage, total,
                                           std::string(kPage) + "?annee=" + std::to_string(year) + "&"));
    data.set("css", ctx.app.asset_url("css/quality.css"));
    return ctx.render("trainings/rollout/rollout", data, ctx.t("rollout.title", {{"year", std::to_string(year)}}));
  });

  app.get(std::string(kPage) + ".csv", web::perm::trainings_manage, [&service](Context& ctx) {
    const int year = year_param(ctx);
    const ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
    auto lines = std::make_shared<std::vector<std::string>>();
    lines->push_back(
        std::string(docs::kCsvBom) +
        docs::csv_line(std::vector<std::string>{
            ctx.t("rollout.columns.year"), ctx.t("rollout.columns.delegation"), ctx.t("rollout.columns.state"),
            ctx.t("rollout.columns.held"), ctx.t("rollout.columns.held_titles"), ctx.t("rollout.columns.planned"),
            ctx.t("rollout.columns.planned_titles"), ctx.t("rollout.columns.social"), ctx.t("rollout.columns.cultural"),
            ctx.t("rollout.columns.other"), ctx.t("rollout.columns.trainees")}));
    long long total = 0;
    for (long long page = 1;; ++page) {
      auto rows = service.year(scope, year, page, 100, total);
      for (const auto& r : rows)
        lines->push_back(docs::csv_line(
            {docs::Cell::integer(year), docs::Cell(r.name), docs::Cell(ctx.t("rollout.states." + r.state())),
             docs::Cell::integer(static_cast<long long>(r.held.size())), docs::Cell(titles(r.held)),
             docs::Cell::integer(static_cast<long long>(r.planned.size())), docs::Cell(titles(r.planned)),
             docs::Cell::integer(r.social), docs::Cell::integer(r.cultural), docs::Cell::integer(r.other),
             docs::Cell::integer(r.trainees())}));
      if (rows.empty() || page * 100 >= total) break;
    }
    http::Response res;
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"deploiement-" + std::to_string(year) + ".csv\"");
    res.set_header("Cache-Control", "private, no-store");
    auto next = std::make_shared<std::size_t>(0);
    res.next_chunk = [lines, next]() -> std::optional<std::string> {
      if (*next >= lines->size()) return std::nullopt;
      return (*lines)[(*next)++];
    };
    return res;
  });
}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::rollout
