// Pages of the indicator watch, under /cooperation/projets/{id}/indicateurs. Every route is
// `authenticated`; the service decides with projects::Service::access (404 for a project one may not
// see, 403 for what one's role does not allow).
#include <algorithm>
#include <cmath>

#include "cooperation/indicators/chart.hpp"
#include "cooperation/indicators/series.hpp"
#include "cooperation/indicators/service.hpp"

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"

namespace trame::indicators {

namespace {

using web::Context;
using web::Data;

std::string list_url(long long id) {
  return projects::url_of(id) + "/indicateurs";
}
std::string indicator_url(long long project_id, long long id) {
  return list_url(project_id) + "/" + std::to_string(id);
}

// "2025", "mars 2025" (tables and texts), or "03/2025" (the chart's axis).
std::string period_label(const Context& ctx, const std::string& period) {
  if (period.size() != 7) return period;
  return ctx.t("trainings.months." + std::to_string(std::stoi(period.substr(5, 2)))) + " " + period.substr(0, 4);
}
std::string axis_label(const std::string& period) {
  if (period.size() != 7) return period;
  return period.substr(5, 2) + "/" + period.substr(0, 4);
}

// "3 participants", "1 participant", "0 structure", "12,5 %": a one-word unit ending in s loses it
// for 0 and 1 (the French rule), other units stay as typed.
std::string with_unit(double value, const std::string& unit) {
  if (unit.empty()) return format_value(value);
  std::string shown = unit;
  bool one_word = unit.find(' ') == std::string::npos && code_points(unit) > 3;
  if (one_word && std::fabs(value) < 2 && unit.back() == 's') shown.pop_back();
  return format_value(value) + "\u00a0" + shown;
}

std::string origin_text(const Context& ctx, const std::string& source) {
  return source == "manual" ? ctx.t("indicators.origin.manual") : ctx.t("indicators.origin.computed");
}

std::string target_text(const Context& ctx, double value, const std::string& unit, const std::string& direction,
                        const std::string& period) {
  return ctx.t("indicators.target." + direction,
               {{"value", with_unit(value, unit)}, {"period", period_label(ctx, period)}});
}

// A key every render sets: the value, or false when there is none (so that {{#key}} is a real "no").
void set_or_false(Data& d, const std::string& key, const std::string& value) {
  if (value.empty()) d.set(key, web::flag(false));
  else d.set(key, value);
}

// Every form's error flags start false; web::set_error turns the failing form's (and field's) on.
void clear_errors(Data& data, const std::vector<std::pair<std::string, std::vector<std::string>>>& forms) {
  data.set("error", web::flag(false));
  for (const auto& [form, fields] : forms) {
    data.set("error_" + form, web::flag(false));
    for (const auto& f : fields) data.set("error_" + form + "_" + f, web::flag(false));
  }
}

std::optional<projects::Access> project_access(Context& ctx, Service& service, long long project_id) {
  return service.access(ctx.me(), project_id);
}

void set_project(Data& data, const projects::Access& a) {
  data.set("project_title", a.project.title);
  data.set("project_url", projects::url_of(a.project.id));
  data.set("list_url", list_url(a.project.id));
  data.set("may_contribute", web::flag(a.contributes()));
  data.set("may_facilitate", web::flag(a.facilitates()));
}

// ---- The list ----

struct ListForms {
  FollowInput follow;
  IndicatorInput manual;
  Outcome outcome = Outcome::success();
  std::string form;  // which form the outcome is about: follow, manual
};

http::Response list_page(Context& ctx, Service& service, long long project_id, const ListForms& forms, int status) {
  ListPage page;
  auto o = service.list(ctx.me(), project_id, static_cast<int>(web::page_param(ctx.req)), page);
  if (!o.ok) return ctx.refused(o);
  auto a = project_access(ctx, service, project_id);
  if (!a) return ctx.error(404);
  Data data{Data::type::object};
  set_project(data, *a);
  Data items{Data::type::list};
  std::vector<std::string> followed;
  for (const auto& s : page.items) {
    Data d{Data::type::object};
    d.set("label", s.label);
    d.set("url", indicator_url(project_id, s.id));
    d.set("origin", origin_text(ctx, s.source));
    set_or_false(d, "latest", s.latest_value ? with_unit(*s.latest_value, s.unit) : "");
    set_or_false(d, "latest_period", s.latest_value ? period_label(ctx, s.latest_period) : "");
    set_or_false(d, "target",
                 s.target_value ? target_text(ctx, *s.target_value, s.unit, s.target_direction, s.target_period) : "");
    set_or_false(d, "status", s.status.empty() ? "" : ctx.t("indicators.status." + s.status));
    items.push_back(d);
  }
  // Every followed key (not only this page's), so that the catalogue offers the others only.
  for (const auto& s : service.summaries(project_id))
    if (s.source != "manual") followed.push_back(s.source);
  data.set("items", items);
  data.set("empty", web::flag(page.total == 0));
  data.set("pagination", web::pagination(ctx, page.page, 20, page.total, list_url(project_id) + "?"));
  Data catalogue{Data::type::list}, choices{Data::type::list};
  for (const auto& e : indicators::catalogue()) {
    Data c{Data::type::object};
    c.set("key", e.key);
    c.set("label", ctx.t("indicators.catalogue." + e.key + ".label"));
    c.set("unit", ctx.t("indicators.catalogue." + e.key + ".unit"));
    c.set("how", ctx.t("indicators.catalogue." + e.key + ".how"));
    c.set("history", ctx.t(e.history ? "indicators.catalogue_history.yes" : "indicators.catalogue_history.no"));
    bool is_followed = std::find(followed.begin(), followed.end(), e.key) != followed.end();
    c.set("followed", web::flag(is_followed));
    catalogue.push_back(c);
    if (!is_followed) {
      Data o2{Data::type::object};
      o2.set("value", e.key);
      o2.set("label", ctx.t("indicators.catalogue." + e.key + ".label"));
      o2.set("selected", web::flag(e.key == forms.follow.key));
      choices.push_back(o2);
    }
  }
  data.set("catalogue", catalogue);
  data.set("choices", choices);
  data.set("has_choices", web::flag(!choices.is_empty_list()));
  data.set("follow_kinds", web::options(ctx, period_kinds(), "indicators.period_kinds.", forms.follow.period_kind));
  data.set("follow_since", forms.follow.since);
  data.set("manual_kinds", web::options(ctx, period_kinds(), "indicators.period_kinds.", forms.manual.period_kind));
  data.set("label", forms.manual.label);
  data.set("unit", forms.manual.unit);
  data.set("description", forms.manual.description);
  data.set("source_text", forms.manual.source_text);
  data.set("source_url", forms.manual.source_url);
  clear_errors(data, {{"follow", {"key", "period_kind", "since"}},
                      {"manual", {"label", "unit", "period_kind", "source_text", "source_url", "description"}}});
  if (!forms.outcome.ok) web::set_error(data, ctx, forms.outcome, forms.form);
  data.set("css", ctx.app.asset_url("css/results.css"));
  return ctx.render("cooperation/indicators/list", data,
                    ctx.t("indicators.list.title", {{"project", a->project.title}}), status);
}

// ---- One indicator ----

struct PageForms {
  PointInput point;
  TargetInput target;
  IndicatorInput edit;
  bool edit_set = false;
  Outcome outcome = Outcome::success();
  std::string form;  // point, target, edit, delete_point, delete_target, refresh, delete
};

// The series' periods: from the first period (the indicator's first one, or its first point or target)
// to the last (the current period for a computed indicator, or the last point or target).
std::vector<std::string> chart_periods(const IndicatorView& v) {
  std::string first, last;
  auto widen = [&](const std::string& p) {
    if (p.empty()) return;
    if (first.empty() || p < first) first = p;
    if (last.empty() || p > last) last = p;
  };
  if (v.indicator.computed()) {
    widen(v.points.empty() ? v.current : v.points.front().period);
    widen(v.current);
  }
  for (const auto& p : v.points) widen(p.period);
  for (const auto& t : v.targets) widen(t.period);
  if (first.empty()) return {};
  return periods_between(first, last, kMaxPeriods);
}

http::Response indicator_page(Context& ctx, Service& service, long long project_id, long long indicator_id,
                              const PageForms& forms, int status) {
  IndicatorView v;
  auto o = service.view(ctx.me(), project_id, indicator_id, v);
  if (!o.ok) return ctx.refused(o);
  auto a = project_access(ctx, service, project_id);
  if (!a) return ctx.error(404);
  const Indicator& i = v.indicator;
  Data data{Data::type::object};
  set_project(data, *a);
  data.set("label", i.label);
  data.set("url", indicator_url(project_id, i.id));
  set_or_false(data, "unit", i.unit);
  set_or_false(data, "description", i.description);
  data.set("period_kind", ctx.t("indicators.period_kinds." + i.period_kind));
  data.set("computed", web::flag(i.computed()));
  set_or_false(data, "refreshed",
               i.computed() && i.refreshed_at ? web::format_datetime(i.refreshed_at, ctx.locale) : "");
  data.set("no_territory", web::flag(i.computed() && v.communes == 0));
  if (i.computed()) {
    data.set("how", ctx.t("indicators.catalogue." + i.computed_key + ".how"));
    data.set("catalogue_label", ctx.t("indicators.catalogue." + i.computed_key + ".label"));
  } else {
    data.set("source_text", i.source_text);
    set_or_false(data, "source_url", i.source_url);
  }

  // The chart and its table, from the same series.
  std::vector<std::string> periods = chart_periods(v);
  ChartSeries series;
  std::vector<TableRow> rows;
  for (const auto& p : periods) {
    series.periods.push_back(p);
    series.labels.push_back(axis_label(p));
    TableRow row;
    row.period = period_label(ctx, p);
    auto point = std::find_if(v.points.begin(), v.points.end(), [&](const Point& x) { return x.period == p; });
    if (point != v.points.end()) {
      series.values.emplace_back(point->value);
      series.value_texts.emplace_back(format_value(point->value));
      row.value = with_unit(point->value, i.unit);
      row.note = point->note;
    } else {
      series.values.emplace_back(std::nullopt);
      series.value_texts.emplace_back();
    }
    auto target = std::find_if(v.targets.begin(), v.targets.end(), [&](const Target& x) { return x.period == p; });
    if (target != v.targets.end()) row.target = target_text(ctx, target->value, i.unit, target->direction, p);
    rows.push_back(row);
  }
  for (const auto& t : v.targets) series.targets.push_back({t.period, t.value, format_value(t.value)});
  ChartText text;
  text.title = ctx.t("indicators.chart.title", {{"label", i.label}});
  std::string desc;
  if (v.points.empty()) {
    desc = ctx.t("indicators.chart.desc_empty", {{"label", i.label}});
  } else {
    const Point& last = v.points.back();
    double lo = last.value, hi = last.value;
    for (const auto& p : v.points) {
      lo = std::min(lo, p.value);
      hi = std::max(hi, p.value);
    }
    desc = ctx.t("indicators.chart.desc", {{"label", i.label},
                                           {"kind", ctx.t("indicators.period_kinds_lower." + i.period_kind)},
                                           {"first", period_label(ctx, v.points.front().period)},
                                           {"last", period_label(ctx, last.period)},
                                           {"count", std::to_string(v.points.size())},
                                           {"min", with_unit(lo, i.unit)},
                                           {"max", with_unit(hi, i.unit)},
                                           {"latest", with_unit(last.value, i.unit)}});
  }
  for (std::size_t k = 0; k < v.targets.size(); ++k)
    desc +=
        " " +
        ctx.t("indicators.chart.desc_target",
              {{"target", target_text(ctx, v.targets[k].value, i.unit, v.targets[k].direction, v.targets[k].period)},
               {"status", ctx.t("indicators.status." + v.checks[k].status)}});
  text.description = desc;
  text.value_legend = ctx.t("indicators.chart.value_legend");
  text.target_legend = ctx.t("indicators.chart.target_legend");
  text.empty = ctx.t("indicators.chart.empty");
  std::string chart_id = "indicator-" + std::to_string(i.id);
  data.set("chart", time_series_svg(chart_id + "-chart", text, series));
  TableText table;
  table.caption = ctx.t("indicators.table.caption", {{"label", i.label}});
  table.period_header = ctx.t("indicators.table.period");
  table.value_header =
      i.unit.empty() ? ctx.t("indicators.table.value") : ctx.t("indicators.table.value_unit", {{"unit", i.unit}});
  table.target_header = ctx.t("indicators.table.target");
  table.note_header = ctx.t("indicators.table.note");
  table.none = ctx.t("indicators.table.none");
  data.set("table", data_table(chart_id + "-table", table, rows));
  data.set("has_series", web::flag(!periods.empty()));

  // Points by hand (the facilitators' delete buttons), targets and how they stand.
  Data points{Data::type::list};
  for (std::size_t k = v.points.size(); k-- > 0;) {  // newest first
    const auto& point = v.points[k];
    Data d{Data::type::object};
    d.set("period", point.period);
    d.set("period_label", period_label(ctx, point.period));
    d.set("value", with_unit(point.value, i.unit));
    set_or_false(d, "note", point.note);
    points.push_back(d);
  }
  data.set("points", points);
  data.set("has_points", web::flag(!v.points.empty()));
  Data targets{Data::type::list};
  for (std::size_t k = 0; k < v.targets.size(); ++k) {
    const auto& t = v.targets[k];
    Data d{Data::type::object};
    d.set("id", std::to_string(t.id));
    d.set("text", target_text(ctx, t.value, i.unit, t.direction, t.period));
    d.set("period_label", period_label(ctx, t.period));
    d.set("status", ctx.t("indicators.status." + v.checks[k].status));
    d.set("status_key", v.checks[k].status);
    set_or_false(d, "compared",
                 v.checks[k].value
                     ? ctx.t("indicators.targets.compared", {{"value", with_unit(*v.checks[k].value, i.unit)},
                                                             {"period", period_label(ctx, v.checks[k].period)}})
                     : "");
    set_or_false(d, "note", t.note);
    d.set("delete_url", indicator_url(project_id, i.id) + "/objectifs/" + std::to_string(t.id) + "/supprimer");
    targets.push_back(d);
  }
  data.set("targets", targets);
  data.set("has_targets", web::flag(!v.targets.empty()));

  // Forms.
  const std::string example = i.period_kind == "year" ? "2026" : "2026-03";
  data.set("period_pattern", i.period_kind == "year" ? "[0-9]{4}" : "[0-9]{4}-[0-9]{2}");
  data.set("period_help", ctx.t("indicators.forms.period_help_" + i.period_kind));
  data.set("point_period", forms.point.period.empty() ? v.current : forms.point.period);
  data.set("point_value", forms.point.value);
  data.set("point_note", forms.point.note);
  data.set("target_period", forms.target.period);
  data.set("target_value", forms.target.value);
  data.set("target_note", forms.target.note);
  data.set("directions", web::options(ctx, directions(), "indicators.directions.", forms.target.direction));
  const IndicatorInput& e = forms.edit;
  data.set("edit_label", forms.edit_set ? e.label : i.label);
  data.set("edit_unit", forms.edit_set ? e.unit : i.unit);
  data.set("edit_description", forms.edit_set ? e.description : i.description);
  data.set("edit_source_text", forms.edit_set ? e.source_text : i.source_text);
  data.set("edit_source_url", forms.edit_set ? e.source_url : i.source_url);
  data.set("example", example);
  clear_errors(data, {{"refresh", {}},
                      {"delete", {}},
                      {"point", {"period", "value", "note"}},
                      {"delete_point", {"period"}},
                      {"target", {"target_period", "target_value", "direction", "target_note"}},
                      {"delete_target", {}},
                      {"edit", {"label", "unit", "description", "source_text", "source_url"}}});
  if (!forms.outcome.ok) web::set_error(data, ctx, forms.outcome, forms.form);
  data.set("css", ctx.app.asset_url("css/results.css"));
  return ctx.render("cooperation/indicators/indicator", data, i.label + " — " + a->project.title, status);
}

IndicatorInput indicator_input(const http::Form& f) {
  IndicatorInput in;
  in.label = f.get("label");
  in.unit = f.get("unit");
  in.description = f.get("description");
  in.source_text = f.get("source_text");
  in.source_url = f.get("source_url");
  in.period_kind = f.get("period_kind");
  return in;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/projets/{id:int}/indicateurs", web::perm::authenticated,
          [&service](Context& ctx) { return list_page(ctx, service, ctx.req.int_param("id"), ListForms{}, 200); });

  app.post("/cooperation/projets/{id:int}/indicateurs/suivre", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    ListForms forms;
    forms.form = "follow";
    forms.follow.key = ctx.form.get("key");
    forms.follow.period_kind = ctx.form.get("period_kind");
    forms.follow.since = ctx.form.get("since");
    auto outcome = service.follow(web::actor_of(ctx), ctx.me(), id, forms.follow);
    return web::finish(ctx, outcome, "indicators.list.followed", indicator_url(id, outcome.id),
                       [&](const Outcome& o, int status) {
                         forms.outcome = o;
                         return list_page(ctx, service, id, forms, status);
                       });
  });

  app.post("/cooperation/projets/{id:int}/indicateurs", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    ListForms forms;
    forms.form = "manual";
    forms.manual = indicator_input(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), id, forms.manual);
    return web::finish(ctx, outcome, "indicators.list.created", indicator_url(id, outcome.id),
                       [&](const Outcome& o, int status) {
                         forms.outcome = o;
                         return list_page(ctx, service, id, forms, status);
                       });
  });

  app.get(
      "/cooperation/projets/{id:int}/indicateurs/{indicator:int}", web::perm::authenticated, [&service](Context& ctx) {
        return indicator_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("indicator"), PageForms{}, 200);
      });

  // The forms of the indicator's page: each answers the page again with its own message.
  auto page_post = [&service](Context& ctx, const std::string& form, const std::string& done, const auto& act,
                              PageForms forms) {
    long long id = ctx.req.int_param("id"), indicator = ctx.req.int_param("indicator");
    forms.form = form;
    Outcome outcome = act(id, indicator, forms);
    std::string next = form == "delete" ? list_url(id) : indicator_url(id, indicator);
    return web::finish(ctx, outcome, done, next, [&](const Outcome& o, int status) {
      forms.outcome = o;
      return indicator_page(ctx, service, id, indicator, forms, status);
    });
  };

  app.post("/cooperation/projets/{id:int}/indicateurs/{indicator:int}", web::perm::authenticated,
           [&service, page_post](Context& ctx) {
             PageForms forms;
             forms.edit = indicator_input(ctx.form);
             forms.edit_set = true;
             return page_post(
                 ctx, "edit", "indicators.page.saved",
                 [&](long long id, long long indicator, PageForms& f) {
                   return service.update(web::actor_of(ctx), ctx.me(), id, indicator, f.edit);
                 },
                 forms);
           });

  app.post("/cooperation/projets/{id:int}/indicateurs/{indicator:int}/valeurs", web::perm::authenticated,
           [&service, page_post](Context& ctx) {
             PageForms forms;
             forms.point = {ctx.form.get("period"), ctx.form.get("value"), ctx.form.get("note")};
             return page_post(
                 ctx, "point", "indicators.page.point_saved",
                 [&](long long id, long long indicator, PageForms& f) {
                   return service.put_point(web::actor_of(ctx), ctx.me(), id, indicator, f.point);
                 },
                 forms);
           });

  app.post("/cooperation/projets/{id:int}/indicateurs/{indicator:int}/valeurs/supprimer", web::perm::authenticated,
           [&service, page_post](Context& ctx) {
             return page_post(
                 ctx, "delete_point", "indicators.page.point_deleted",
                 [&](long long id, long long indicator, PageForms&) {
                   return service.remove_point(web::actor_of(ctx), ctx.me(), id, indicator, ctx.form.get("period"));
                 },
                 PageForms{});
           });

  app.post("/cooperation/projets/{id:int}/indicateurs/{indicator:int}/objectifs", web::perm::authenticated,
           [&service, page_post](Context& ctx) {
             PageForms forms;
             forms.target = {ctx.form.get("target_period"), ctx.form.get("target_value"), ctx.form.get("direction"),
                             ctx.form.get("target_note")};
             return page_post(
                 ctx, "target", "indicators.page.target_saved",
                 [&](long long id, long long indicator, PageForms& f) {
                   return service.put_target(web::actor_of(ctx), ctx.me(), id, indicator, f.target);
                 },
                 forms);
           });

  app.post("/cooperation/projets/{id:int}/indicateurs/{indicator:int}/objectifs/{target:int}/supprimer",
           web::perm::authenticated, [&service, page_post](Context& ctx) {
             return page_post(
                 ctx, "delete_target", "indicators.page.target_deleted",
                 [&](long long id, long long indicator, PageForms&) {
                   return service.remove_target(web::actor_of(ctx), ctx.me(), id, indicator,
                                                ctx.req.int_param("target"));
                 },
                 PageForms{});
           });

  app.post("/cooperation/projets/{id:int}/indicateurs/{indicator:int}/actualiser", web::perm::authenticated,
           [&service, page_post](Context& ctx) {
             return page_post(
                 ctx, "refresh", "indicators.page.refreshed",
                 [&](long long id, long long indicator, PageForms&) {
                   return service.refresh(web::actor_of(ctx), ctx.me(), id, indicator);
                 },
                 PageForms{});
           });

  app.post("/cooperation/projets/{id:int}/indicateurs/{indicator:int}/supprimer", web::perm::authenticated,
           [&service, page_post](Context& ctx) {
             return page_post(
                 ctx, "delete", "indicators.page.deleted",
                 [&](long long id, long long indicator, PageForms&) {
                   return service.remove(web::actor_of(ctx), ctx.me(), id, indicator);
                 },
                 PageForms{});
           });
}

}  // namespace trame::indicators
