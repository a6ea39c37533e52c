#include "network_life/support_requests/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::support_requests {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const std::string kBase = "/evenements/accompagnements";

std::string url_of(long long id) {
  return kBase + "/" + std::to_string(id);
}

Data choices(const std::vector<Choice>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& c : list) {
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", c.name);
    o.set("selected", web::flag(std::to_string(c.id) == selected));
    out.push_back(o);
  }
  return out;
}

// The message of a refused field, linked to its input (aria-invalid + aria-describedby in the template).
void field_error(Context& ctx, Data& data, const Outcome& outcome) {
  if (outcome.ok || outcome.field.empty()) return;
  data.set("invalid_" + outcome.field, web::flag(true));
  data.set("field_error", ctx.t(outcome.error));
  data.set("error_anchor", "f-" + outcome.field);
}

http::Response list_page(Context& ctx, Service& service, const RequestInput* typed, const Outcome& outcome,
                         int status) {
  long long page = web::page_param(ctx.req);
  auto list = service.list(ctx.me(), page);
  Data data{Data::type::object};
  data.set("action", kBase);
  Data items{Data::type::list};
  for (const auto& r : list.items) {
    Data d{Data::type::object};
    d.set("url", url_of(r.id));
    d.set("subject", r.subject);
    d.set("relais", r.relais_name);
    d.set("organiser", r.organiser_name);
    d.set("status", r.status);
    d.set("status_label", ctx.t("support_requests.statuses." + r.status));
    d.set("created", short_french_date(local_day(r.created_at)));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, list.total, kBase + "?"));
  auto structures = service.structures_of(ctx.me());
  if (!structures.empty()) {
    RequestInput in = typed ? *typed : RequestInput{};
    if (!typed) in.organiser = std::to_string(service.default_organiser());
    data.set("may_ask", web::flag(true));
    data.set("open_form", web::flag(typed != nullptr || items.is_empty_list()));
    data.set("several_structures", web::flag(structures.size() > 1));
    data.set("structures", choices(structures, in.relais));
    if (structures.size() == 1) data.set("only_structure", structures.front().name);
    data.set("organisers", choices(service.organisers(), in.organiser));
    data.set("f_subject", in.subject);
    data.set("f_context", in.context);
    data.set("f_audience", in.audience);
    data.set("f_wished_period", in.wished_period);
  }
  web::set_error(data, ctx, outcome);
  field_error(ctx, data, outcome);
  return ctx.render("network_life/support_requests/list", data, ctx.t("support_requests.list.title"), status);
}

http::Response request_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                            int status = 200, const std::string& form = "") {
  auto v = service.view(ctx.me(), id);
  if (!v) return ctx.error(404);
  const Request& r = v->request;
  bool open = r.status != "closed";
  Data data{Data::type::object};
  data.set("list_url", kBase);
  data.set("url", url_of(id));
  data.set("subject", r.subject);
  data.set("relais", r.relais_name);
  data.set("organiser", r.organiser_name);
  data.set("requested_by", r.requested_by_name);
  data.set("created", web::format_datetime(r.created_at, ctx.locale));
  data.set("status", r.status);
  data.set("status_label", ctx.t("support_requests.statuses." + r.status));
  data.set("context", r.context);
  set_if(data, "audience", r.audience);
  data.set("wished_period", r.wished_period);
  if (r.appointment_at) {
    data.set("appointment_when", web::format_datetime(r.appointment_at, ctx.locale));
    std::string where = r.appointment_place;
    if (r.appointment_online) where += (where.empty() ? "" : " — ") + ctx.t("support_requests.appointment.online");
    data.set("appointment_where", where);
  }
  Data followups{Data::type::list};
  for (const auto& f : v->followups) {
    Data d{Data::type::object};
    d.set("body", f.body);
    d.set("by", f.name);
    d.set("when", web::format_datetime(f.written_at, ctx.locale));
    followups.push_back(d);
  }
  data.set("followups", followups);
  data.set("no_followups", web::flag(followups.is_empty_list()));
  if (!open) {
    data.set("closed", web::flag(true));
    data.set("outcome_label", ctx.t("support_requests.outcomes." + r.outcome));
    data.set("summary", r.summary);
    data.set("closed_when", web::format_datetime(r.closed_at, ctx.locale));
  }
  data.set("manages", web::flag(v->manages));
  data.set("may_act", web::flag(v->manages && open));
  if (v->manages) {
    const http::Form* typed = form.empty() ? nullptr : &ctx.form;
    data.set("f_when", typed && form == "appointment" ? typed->get("when") : local_input(r.appointment_at));
    data.set("f_place", typed && form == "appointment" ? typed->get("place") : r.appointment_place);
    data.set("f_online",
             web::flag(typed && form == "appointment" ? typed->get("online") == "1" : r.appointment_online));
    data.set("f_notes", typed && form == "notes" ? typed->get("notes") : r.notes);
    set_if(data, "notes", r.notes);
    data.set("f_body", typed && form == "followup" ? typed->get("body") : "");
    data.set("outcomes", web::options(ctx, outcomes(), "support_requests.outcomes.",
                                      typed && form == "close" ? typed->get("outcome") : ""));
    data.set("f_summary", typed && form == "close" ? typed->get("summary") : "");
  }
  if (!form.empty() && !outcome.ok) {
    web::set_error(data, ctx, outcome, form);
    if (!outcome.field.empty()) {
      data.set("invalid_" + form + "_" + outcome.field, web::flag(true));
      data.set("field_error", ctx.t(outcome.error));
      data.set("error_anchor", "f-" + form + "-" + outcome.field);
    }
  }
  return ctx.render("network_life/support_requests/request", data, r.subject, status);
}

web::FormAgain again(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return request_page(ctx, service, id, o, status, form);
  };
}

std::optional<web::DashboardPanel> open_panel(Context& ctx, Service& service) {
  if (!ctx.me().is_admin() && !ctx.me().can(perm::network_life_manage)) return std::nullopt;
  auto open = service.open_managed(ctx.me(), 5);
  web::DashboardPanel panel;
  panel.key = "support-requests-open";
  panel.title = ctx.t("support_requests.dashboard.title");
  panel.empty = ctx.t("support_requests.dashboard.empty");
  panel.more_url = kBase;
  panel.more_label = ctx.t("support_requests.dashboard.more");
  panel.count = open.total;
  for (const auto& r : open.items)
    panel.items.push_back({r.subject, url_of(r.id),
                           r.relais_name + " · " + ctx.t("support_requests.statuses." + r.status),
                           short_french_date(local_day(r.created_at)), false});
  return panel;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kBase, web::perm::authenticated,
          [&service](Context& ctx) { return list_page(ctx, service, nullptr, Outcome::success(), 200); });
  app.post(kBase, web::perm::authenticated, [&service](Context& ctx) {
    RequestInput in{ctx.form.get("relais"),  ctx.form.get("organiser"), ctx.form.get("subject"),
                    ctx.form.get("context"), ctx.form.get("audience"),  ctx.form.get("wished_period")};
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "support_requests.list.sent", url_of(outcome.id),
                       [&](const Outcome& o, int status) { return list_page(ctx, service, &in, o, status); });
  });
  app.get(kBase + "/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return request_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/{id:int}/rendez-vous", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    AppointmentInput in{ctx.form.get("when"), ctx.form.get("place"), ctx.form.get("online") == "1"};
    auto outcome = service.schedule(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "support_requests.appointment.saved", url_of(id) + "#rendez-vous",
                       again(ctx, service, id, "appointment"));
  });
  app.post(kBase + "/{id:int}/notes", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.write_notes(web::actor_of(ctx), ctx.me(), id, ctx.form.get("notes"));
    return web::finish(ctx, outcome, "support_requests.notes.saved", url_of(id) + "#notes",
                       again(ctx, service, id, "notes"));
  });
  app.post(kBase + "/{id:int}/suivi", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_followup(web::actor_of(ctx), ctx.me(), id, ctx.form.get("body"));
    return web::finish(ctx, outcome, "support_requests.followup.saved", url_of(id) + "#suivi",
                       again(ctx, service, id, "followup"));
  });
  app.post(kBase + "/{id:int}/cloture", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.close(web::actor_of(ctx), ctx.me(), id, ctx.form.get("outcome"), ctx.form.get("summary"));
    return web::finish(ctx, outcome, "support_requests.close.saved", url_of(id), again(ctx, service, id, "close"));
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(470, [&service](Context& ctx) { return open_panel(ctx, service); });
}

}  // namespace trame::support_requests
