#include <algorithm>

#include "plans/plans/rules.hpp"
#include "plans/plans/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"

namespace trame::plans::plans {

namespace {

using web::Context;
using web::Data;
using web::set_if;

constexpr long long kPerPage = 25;

std::string plan_url(long long id) {
  return "/plans/" + std::to_string(id);
}

std::string day(const std::string& iso) {
  return iso.empty() ? std::string() : short_french_date(iso);
}

Data choices(const std::vector<std::pair<long long, std::string>>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& [id, name] : list) {
    Data o{Data::type::object};
    o.set("value", std::to_string(id));
    o.set("label", name);
    o.set("selected", web::flag(std::to_string(id) == selected));
    out.push_back(o);
  }
  return out;
}

http::Response list_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  auto l = service.list(ctx.me(), page, kPerPage);
  Data items{Data::type::list};
  for (const auto& p : l.plans) {
    Data d{Data::type::object};
    d.set("url", plan_url(p.id));
    d.set("title", p.title);
    d.set("organisation", p.organisation_name);
    d.set("from", day(p.period_from));
    d.set("to", day(p.period_to));
    d.set("status", ctx.t("plans.statuses." + p.status));
    items.push_back(d);
  }
  Data data{Data::type::object};
  data.set("plans", items);
  data.set("empty", web::flag(l.plans.empty()));
  data.set("pagination", web::pagination(ctx, page, kPerPage, l.total, "/plans?"));
  return ctx.render("plans/plans/list", data, ctx.t("plans.list.title"));
}

PlanInput plan_input(const http::Form& f) {
  return PlanInput{f.get("title"), f.get("period_from"), f.get("period_to"), f.get("status"), f.get("organisation")};
}

http::Response form_page(Context& ctx, Service& service, const Plan* plan, const PlanInput& in, const Outcome& o,
                         int status) {
  Data data{Data::type::object};
  data.set("editing", web::flag(plan != nullptr));
  data.set("action", plan ? plan_url(plan->id) + "/modifier" : "/plans/nouveau");
  if (plan) {
    data.set("plan_url", plan_url(plan->id));
    data.set("plan_title", plan->title);
    data.set("organisation_name", plan->organisation_name);
  } else {
    data.set("organisations", choices(service.organisations(ctx.me()), in.organisation));
  }
  data.set("f_title", in.title);
  data.set("f_period_from", in.period_from);
  data.set("f_period_to", in.period_to);
  data.set("statuses", web::options(ctx, statuses(), "plans.statuses.", in.status));
  web::set_error(data, ctx, o);
  return ctx.render("plans/plans/form", data, ctx.t(plan ? "plans.form.edit_title" : "plans.form.new_title"), status);
}

Data indicator_data(Context& ctx, const IndicatorView& v, const std::string& delegation_name,
                    const std::string& programme_name) {
  const Indicator& i = v.indicator;
  Data d{Data::type::object};
  d.set("id", std::to_string(i.id));
  d.set("label", i.label);
  d.set("unit", i.unit);
  d.set("computed", web::flag(i.computed()));
  d.set("kind", ctx.t("plans.kinds." + i.kind));
  if (i.computed()) {
    d.set("how", ctx.t("plans.catalogue." + i.catalogue_key + ".label"));
    std::string filters;
    if (!delegation_name.empty()) filters += ctx.t("plans.indicator.filter_delegation", {{"name", delegation_name}});
    if (!programme_name.empty())
      filters += (filters.empty() ? "" : " · ") + ctx.t("plans.indicator.filter_programme", {{"name", programme_name}});
    if (i.filter_qpv_only) filters += (filters.empty() ? "" : " · ") + ctx.t("plans.indicator.filter_qpv");
    set_if(d, "filters", filters);
  }
  d.set("value", v.value ? format_number(*v.value) : ctx.t("plans.indicator.no_value"));
  set_if(d, "value_date", day(v.value_date));
  set_if(d, "target", i.target ? format_number(*i.target) : "");
  set_if(d, "baseline", i.baseline ? format_number(*i.baseline) : "");
  if (v.progress) {
    d.set("has_progress", web::flag(true));
    d.set("progress", std::to_string(std::min<long long>(100, *v.progress)));
    d.set("progress_text", ctx.t("plans.indicator.progress_text", {{"n", std::to_string(*v.progress)}}));
  }
  Data measures{Data::type::list};
  for (const auto& m : v.measures) {
    Data md{Data::type::object};
    md.set("date", day(m.on_date));
    md.set("value", format_number(m.value));
    md.set("source", m.source);
    measures.push_back(md);
  }
  d.set("measures", measures);
  d.set("has_measures", web::flag(!v.measures.empty()));
  // The edit form's values.
  d.set("f_target", i.target ? format_number(*i.target) : "");
  d.set("f_baseline", i.baseline ? format_number(*i.baseline) : "");
  return d;
}

std::string name_of(const std::vector<std::pair<long long, std::string>>& list, long long id) {
  for (const auto& [key, name] : list)
    if (key == id) return name;
  return {};
}

Data catalogue_options(Context& ctx, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& e : catalogue()) {
    Data o{Data::type::object};
    o.set("value", e.key);
    o.set("label", ctx.t("plans.catalogue." + e.key + ".label"));
    o.set("selected", web::flag(e.key == selected));
    out.push_back(o);
  }
  return out;
}

http::Response plan_page(Context& ctx, Service& service, long long id) {
  auto v = service.view(ctx.me(), id, store::now_seconds());
  if (!v) return ctx.error(404);
  auto delegations = service.delegations();
  auto programmes = service.programmes();
  Data data{Data::type::object};
  const Plan& p = v->plan;
  data.set("url", plan_url(p.id));
  data.set("title", p.title);
  data.set("organisation", p.organisation_name);
  data.set("from", day(p.period_from));
  data.set("to", day(p.period_to));
  data.set("status", ctx.t("plans.statuses." + p.status));
  Data axes{Data::type::list};
  long long n = 0;
  for (const auto& a : v->axes) {
    Data ad{Data::type::object};
    ad.set("id", std::to_string(a.axis.id));
    ad.set("number", std::to_string(++n));
    ad.set("title", a.axis.title);
    set_if(ad, "summary", a.axis.summary);
    ad.set("position", std::to_string(a.axis.position));
    Data objectives{Data::type::list};
    for (const auto& o : a.objectives) {
      Data od{Data::type::object};
      od.set("id", std::to_string(o.objective.id));
      od.set("title", o.objective.title);
      set_if(od, "description", o.objective.description);
      od.set("position", std::to_string(o.objective.position));
      Data indicators{Data::type::list};
      for (const auto& i : o.indicators)
        indicators.push_back(indicator_data(ctx, i, name_of(delegations, i.indicator.filter_delegation_id),
                                            name_of(programmes, i.indicator.filter_programme_id)));
      od.set("indicators", indicators);
      od.set("has_indicators", web::flag(!o.indicators.empty()));
      objectives.push_back(od);
    }
    ad.set("objectives", objectives);
    axes.push_back(ad);
  }
  data.set("axes", axes);
  data.set("no_axes", web::flag(v->axes.empty()));
  data.set("catalogue", catalogue_options(ctx, ""));
  data.set("delegations", choices(delegations, ""));
  data.set("programmes", choices(programmes, ""));
  data.set("today", local_day(store::now_seconds()));
  // The yearly report's form (src/plans/reports): the years it may be asked for, the plan's last year chosen.
  data.set("organisation_id", std::to_string(p.organisation_id));
  {
    int last = local_date(store::now_seconds()).year + 1, end = std::stoi(p.period_to.substr(0, 4));
    int chosen = std::min(end, last);
    Data years{Data::type::list};
    for (int y = last; y >= std::max(2000, std::min(chosen, std::stoi(p.period_from.substr(0, 4))) - 3); --y) {
      Data o{Data::type::object};
      o.set("value", std::to_string(y));
      o.set("selected", web::flag(y == chosen));
      years.push_back(o);
    }
    data.set("report_years", years);
  }
  return ctx.render("plans/plans/plan", data, p.title);
}

IndicatorInput indicator_input(const http::Form& f) {
  return IndicatorInput{f.get("label"),      f.get("kind"),      f.get("catalogue_key"),
                        f.get("delegation"), f.get("programme"), f.get("qpv_only"),
                        f.get("unit"),       f.get("target"),    f.get("baseline")};
}

// The end of a small form of the plan's page: back to the page, with the message when refused.
http::Response back(Context& ctx, const Outcome& o, const std::string& done, long long plan_id) {
  std::string page = plan_id ? plan_url(plan_id) : "/plans";
  return web::finish(ctx, o, done, page, web::back_to(ctx, page));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const auto* perm = web::perm::plans_manage;
  app.get("/plans", perm, [&service](Context& ctx) { return list_page(ctx, service); });
  app.get("/plans/nouveau", perm, [&service](Context& ctx) {
    PlanInput in;
    auto orgs = service.organisations(ctx.me());
    if (!orgs.empty()) in.organisation = std::to_string(orgs.front().first);
    return form_page(ctx, service, nullptr, in, Outcome::success(), 200);
  });
  app.post("/plans/nouveau", perm, [&service](Context& ctx) {
    PlanInput in = plan_input(ctx.form);
    auto o = service.create(web::actor_of(ctx), ctx.me(), in, store::now_seconds());
    return web::finish(ctx, o, "plans.form.created", plan_url(o.id), [&](const Outcome& failed, int status) {
      return form_page(ctx, service, nullptr, in, failed, status);
    });
  });
  app.get("/plans/{id:int}", perm,
          [&service](Context& ctx) { return plan_page(ctx, service, ctx.req.int_param("id")); });
  app.get("/plans/{id:int}/modifier", perm, [&service](Context& ctx) {
    auto p = service.find(ctx.me(), ctx.req.int_param("id"));
    if (!p) return ctx.error(404);
    PlanInput in{p->title, p->period_from, p->period_to, p->status, std::to_string(p->organisation_id)};
    return form_page(ctx, service, &*p, in, Outcome::success(), 200);
  });
  app.post("/plans/{id:int}/modifier", perm, [&service](Context& ctx) {
    auto p = service.find(ctx.me(), ctx.req.int_param("id"));
    if (!p) return ctx.error(404);
    PlanInput in = plan_input(ctx.form);
    auto o = service.update(web::actor_of(ctx), ctx.me(), p->id, in, store::now_seconds());
    return web::finish(ctx, o, "plans.form.updated", plan_url(p->id), [&](const Outcome& failed, int status) {
      return form_page(ctx, service, &*p, in, failed, status);
    });
  });

  app.post("/plans/{id:int}/axes", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.add_axis(web::actor_of(ctx), ctx.me(), id,
                              {ctx.form.get("title"), ctx.form.get("summary"), ctx.form.get("position")});
    if (o.ok) o.id = id;
    return back(ctx, o, "plans.done.axis_added", id);
  });
  app.post("/plans/axes/{id:int}/modifier", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.update_axis(web::actor_of(ctx), ctx.me(), id,
                                 {ctx.form.get("title"), ctx.form.get("summary"), ctx.form.get("position")});
    return back(ctx, o, "plans.done.axis_updated", service.plan_of("axis", id));
  });
  app.post("/plans/axes/{id:int}/supprimer", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long plan = service.plan_of("axis", id);
    auto o = service.remove_axis(web::actor_of(ctx), ctx.me(), id);
    return back(ctx, o, "plans.done.axis_removed", plan);
  });
  app.post("/plans/axes/{id:int}/objectifs", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.add_objective(web::actor_of(ctx), ctx.me(), id,
                                   {ctx.form.get("title"), ctx.form.get("description"), ctx.form.get("position")});
    return back(ctx, o, "plans.done.objective_added", service.plan_of("axis", id));
  });
  app.post("/plans/objectifs/{id:int}/modifier", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.update_objective(web::actor_of(ctx), ctx.me(), id,
                                      {ctx.form.get("title"), ctx.form.get("description"), ctx.form.get("position")});
    return back(ctx, o, "plans.done.objective_updated", service.plan_of("objective", id));
  });
  app.post("/plans/objectifs/{id:int}/supprimer", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long plan = service.plan_of("objective", id);
    auto o = service.remove_objective(web::actor_of(ctx), ctx.me(), id);
    return back(ctx, o, "plans.done.objective_removed", plan);
  });
  app.post("/plans/objectifs/{id:int}/indicateurs", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.add_indicator(web::actor_of(ctx), ctx.me(), id, indicator_input(ctx.form), store::now_seconds());
    return back(ctx, o, "plans.done.indicator_added", service.plan_of("objective", id));
  });
  app.post("/plans/indicateurs/{id:int}/modifier", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o =
        service.update_indicator(web::actor_of(ctx), ctx.me(), id, indicator_input(ctx.form), store::now_seconds());
    return back(ctx, o, "plans.done.indicator_updated", service.plan_of("indicator", id));
  });
  app.post("/plans/indicateurs/{id:int}/supprimer", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long plan = service.plan_of("indicator", id);
    auto o = service.remove_indicator(web::actor_of(ctx), ctx.me(), id);
    return back(ctx, o, "plans.done.indicator_removed", plan);
  });
  app.post("/plans/indicateurs/{id:int}/mesures", perm, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto o = service.record_measure(web::actor_of(ctx), ctx.me(), id,
                                    {ctx.form.get("on_date"), ctx.form.get("value"), ctx.form.get("source")},
                                    store::now_seconds());
    return back(ctx, o, "plans.done.measure_recorded", service.plan_of("indicator", id));
  });
}

}  // namespace trame::plans::plans
