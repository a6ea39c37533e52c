#include <algorithm>

#include "network_life/events/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::events {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string event_url(long long id) {
  return "/evenements/" + std::to_string(id);
}

const Principal* principal(Context& ctx) {
  return ctx.user ? &ctx.me() : nullptr;
}

std::string when_short(long long t) {
  return format_local(t, "%d/%m/%Y %H:%M");
}

// The facts of an event a list or a page shows.
Data event_data(Context& ctx, Service& service, const Event& e) {
  Data d{Data::type::object};
  d.set("id", std::to_string(e.id));
  d.set("url", event_url(e.id));
  d.set("title", e.title);
  d.set("kind", e.kind);
  d.set("kind_label", e.kind_label);
  d.set("organiser", e.organiser_name);
  d.set("when", service.when(e.starts_at, e.ends_at));
  d.set("online", web::flag(e.mode == "online"));
  d.set("where", e.mode == "online" ? ctx.t("events.fields.online") : e.place_name);
  set_if(d, "place_address", e.place_address);
  set_if(d, "place_accessibility", e.place_accessibility);
  set_if(d, "place_detail", e.place_detail);
  d.set("cancelled", web::flag(e.status == "cancelled"));
  d.set("public", web::flag(e.visibility == "public"));
  d.set("for_people_supported", web::flag(e.for_people_supported));
  long long free = std::max<long long>(0, e.capacity - e.registered);
  d.set("places",
        free > 0 ? ctx.t("events.places.free", {{"n", std::to_string(free)}, {"capacity", std::to_string(e.capacity)}})
                 : ctx.t("events.places.full", {{"waiting", std::to_string(e.waiting)}}));
  d.set("full", web::flag(free == 0));
  d.set("closes", when_short(e.closes_at));
  return d;
}

http::Response list_page(Context& ctx, Service& service) {
  bool past = ctx.req.query_param("passes").value_or("") == "1";
  std::string kind = ctx.req.query_param("type").value_or("");
  auto kinds = service.kinds();
  if (std::none_of(kinds.begin(), kinds.end(), [&](const Kind& k) { return k.key == kind; })) kind.clear();
  auto page = service.list(principal(ctx), past, kind, static_cast<int>(web::page_param(ctx.req)));
  Data data{Data::type::object};
  Data items{Data::type::list};
  for (const auto& e : page.items) items.push_back(event_data(ctx, service, e));
  data.set("items", items);
  data.set("empty", web::flag(page.items.empty()));
  data.set("past", web::flag(past));
  Data options{Data::type::list};
  for (const auto& k : kinds) {
    Data o{Data::type::object};
    o.set("value", k.key);
    o.set("label", k.label);
    o.set("selected", web::flag(k.key == kind));
    options.push_back(o);
  }
  data.set("kinds", options);
  std::string base = "/evenements?" + std::string(past ? "passes=1&" : "") + (kind.empty() ? "" : "type=" + kind + "&");
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total, base));
  data.set("signed_in", web::flag(ctx.user.has_value()));
  data.set("may_create", web::flag(ctx.user && Service::manages_somewhere(ctx.me())));
  data.set("other_url", past ? "/evenements" : "/evenements?passes=1");
  data.set("kind_value", kind);
  return ctx.render("network_life/events/list", data, ctx.t(past ? "events.list.past_title" : "events.list.title"));
}

http::Response event_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                          int status = 200, const std::string& form = "") {
  auto v = service.view(principal(ctx), id);
  if (!v) return ctx.error(404);
  const Event& e = v->event;
  long long now = store::now_seconds();
  Data data = event_data(ctx, service, e);
  set_if(data, "description", e.description);
  data.set("signed_in", web::flag(ctx.user.has_value()));
  data.set("login_url", "/connexion?suivant=" + web::url_encode(event_url(id)));
  data.set("manages", web::flag(v->manages));
  data.set("manage_url", event_url(id) + "/gestion");
  bool open = v->refusal.empty();
  data.set("open", web::flag(open));
  if (!open) data.set("refusal", ctx.t(v->refusal));
  if (v->self) {
    Data s{Data::type::object};
    s.set("id", std::to_string(v->self->id));
    s.set("registered", web::flag(v->self->status == "registered"));
    s.set("waiting", web::flag(v->self->status == "waiting"));
    s.set("organisation", v->self->organisation_name);
    if (v->self->status == "waiting") s.set("position", std::to_string(std::max<long long>(1, v->self->position)));
    s.set("may_cancel", web::flag(e.starts_at > now && e.status == "planned"));
    data.set("self", s);
  }
  data.set("link_open", web::flag(v->link_open));
  data.set("link_url", event_url(id) + "/lien");
  data.set("link_later", web::flag(e.mode == "online" && !v->link_open && e.status == "planned" && e.ends_at > now));
  // Registering: oneself (professionals) or people supported (referents).
  if (ctx.user && open) {
    if (e.for_people_supported) {
      auto choices = service.supported_choices(ctx.me());
      Data list{Data::type::list};
      std::string chosen = form == "register" ? ctx.form.get("beneficiary") : "";
      for (const auto& c : choices) {
        if (std::any_of(v->for_supported.begin(), v->for_supported.end(),
                        [&](const Registration& r) { return r.beneficiary_id == c.id; }))
          continue;
        Data o{Data::type::object};
        o.set("value", std::to_string(c.id));
        o.set("label", c.label);
        o.set("selected", web::flag(std::to_string(c.id) == chosen));
        list.push_back(o);
      }
      data.set("may_register_supported", web::flag(!list.is_empty_list()));
      data.set("supported_choices", list);
      data.set("no_supported", web::flag(list.is_empty_list() && !choices.empty()));
    } else if (!v->self) {
      Data list{Data::type::list};
      for (const auto& m : ctx.me().memberships) {
        Data o{Data::type::object};
        o.set("value", std::to_string(m.organisation_id));
        o.set("label", m.organisation_name);
        list.push_back(o);
      }
      data.set("may_register_self", web::flag(!list.is_empty_list()));
      data.set("several_organisations", web::flag(ctx.me().memberships.size() > 1));
      data.set("organisations", list);
    }
  }
  Data supported{Data::type::list};
  for (const auto& r : v->for_supported) {
    Data d{Data::type::object};
    d.set("id", std::to_string(r.id));
    d.set("code", r.beneficiary_code);
    d.set("status", ctx.t("events.statuses." + r.status));
    d.set("may_cancel", web::flag(e.starts_at > now && e.status == "planned"));
    supported.push_back(d);
  }
  data.set("for_supported", supported);
  data.set("has_supported", web::flag(!v->for_supported.empty()));
  web::set_error(data, ctx, outcome, form.empty() ? "register" : form);
  return ctx.render("network_life/events/event", data, e.title, status);
}

// ---- The event's form (new or edit)

EventInput input_of(const http::Form& f) {
  return {f.get("organiser"), f.get("kind"),   f.get("title"),     f.get("description"),  f.get("starts"),
          f.get("ends"),      f.get("mode"),   f.get("place"),     f.get("place_detail"), f.get("online_url"),
          f.get("capacity"),  f.get("closes"), f.get("visibility")};
}

EventInput input_of(const Event& e) {
  return {std::to_string(e.organiser_id),
          e.kind,
          e.title,
          e.description,
          local_input(e.starts_at),
          local_input(e.ends_at),
          e.mode,
          e.place_id ? std::to_string(e.place_id) : "",
          e.place_detail,
          e.online_url,
          std::to_string(e.capacity),
          local_input(e.closes_at),
          e.visibility};
}

Data choice_list(const std::vector<Choice>& choices, const std::string& selected) {
  Data list{Data::type::list};
  for (const auto& c : choices) {
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", c.label);
    o.set("selected", web::flag(std::to_string(c.id) == selected));
    list.push_back(o);
  }
  return list;
}

http::Response form_page(Context& ctx, Service& service, const Event* existing, const EventInput& in,
                         const Outcome& outcome, int status) {
  Data data{Data::type::object};
  data.set("editing", web::flag(existing != nullptr));
  data.set("action", existing ? event_url(existing->id) + "/modifier" : "/evenements/nouveau");
  if (existing) {
    data.set("event_url", event_url(existing->id));
    data.set("event_title", existing->title);
    data.set("organiser_name", existing->organiser_name);
  } else {
    data.set("organisers", choice_list(service.organiser_choices(ctx.me()), in.organiser));
  }
  Data kinds{Data::type::list};
  for (const auto& k : service.kinds()) {
    Data o{Data::type::object};
    o.set("value", k.key);
    o.set("label", k.label);
    o.set("selected", web::flag(k.key == in.kind));
    kinds.push_back(o);
  }
  data.set("kinds", kinds);
  data.set("places", choice_list(service.places(), in.place));
  data.set("f_title", in.title);
  data.set("f_description", in.description);
  data.set("f_starts", in.starts);
  data.set("f_ends", in.ends);
  data.set("f_place_detail", in.place_detail);
  data.set("f_online_url", in.online_url);
  data.set("f_capacity", in.capacity);
  data.set("f_closes", in.closes);
  data.set("mode_online", web::flag(in.mode == "online"));
  data.set("mode_in_person", web::flag(in.mode != "online"));
  data.set("visibility_public", web::flag(in.visibility == "public"));
  data.set("visibility_network", web::flag(in.visibility != "public"));
  web::set_error(data, ctx, outcome);
  return ctx.render(
      "network_life/events/form", data,
      existing ? ctx.t("events.form.edit_title", {{"title", existing->title}}) : ctx.t("events.form.new_title"),
      status);
}

// ---- The managers' page

http::Response manage_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                           int status = 200, const std::string& form = "") {
  auto v = service.view(&ctx.me(), id);
  if (!v) return ctx.error(404);
  if (!v->manages) return ctx.error(403);
  const Event& e = v->event;
  long long now = store::now_seconds();
  Data data = event_data(ctx, service, e);
  data.set("edit_url", event_url(id) + "/modifier");
  bool planned = e.status == "planned";
  data.set("may_edit", web::flag(planned));
  data.set("may_cancel", web::flag(planned && e.ends_at > now));
  bool started = e.starts_at <= now;
  data.set("may_attend", web::flag(planned && started));
  data.set("not_started", web::flag(planned && !started));
  data.set("may_evaluate", web::flag(planned && e.ends_at <= now && !e.evaluation_campaign_id));
  data.set("evaluation_sent", web::flag(e.evaluation_campaign_id != 0));
  Data registered{Data::type::list}, waiting{Data::type::list};
  for (const auto& r : v->all) {
    Data d{Data::type::object};
    d.set("id", std::to_string(r.id));
    d.set("who", r.user_id ? r.user_name : r.beneficiary_code);
    d.set("supported", web::flag(r.beneficiary_id != 0));
    d.set("organisation", r.organisation_name);
    if (r.beneficiary_id) d.set("by", r.registered_by_name);
    d.set("since", web::format_datetime(r.created_at, ctx.locale));
    d.set("present", web::flag(r.attendance == "present"));
    d.set("absent", web::flag(r.attendance == "absent"));
    d.set("unmarked", web::flag(r.attendance.empty()));
    d.set("attendance",
          r.attendance.empty() ? ctx.t("events.attendance.unmarked") : ctx.t("events.attendance." + r.attendance));
    d.set("may_cancel", web::flag(planned && !started));
    if (r.status == "registered") registered.push_back(d);
    else {
      d.set("position", std::to_string(r.position));
      waiting.push_back(d);
    }
  }
  data.set("registered", registered);
  data.set("no_registered", web::flag(registered.is_empty_list()));
  data.set("waiting_list", waiting);
  data.set("no_waiting", web::flag(waiting.is_empty_list()));
  data.set("counts", ctx.t("events.manage.counts", {{"registered", std::to_string(e.registered)},
                                                    {"capacity", std::to_string(e.capacity)},
                                                    {"waiting", std::to_string(e.waiting)}}));
  web::set_error(data, ctx, outcome, form.empty() ? "manage" : form);
  return ctx.render("network_life/events/manage", data, ctx.t("events.manage.title", {{"title", e.title}}), status);
}

http::Response mine_page(Context& ctx, Service& service) {
  auto page = service.my_registrations(ctx.me(), static_cast<int>(web::page_param(ctx.req)));
  long long now = store::now_seconds();
  Data data{Data::type::object};
  Data items{Data::type::list};
  for (const auto& [r, e] : page.items) {
    Data d = event_data(ctx, service, e);
    d.set("registration_id", std::to_string(r.id));
    d.set("status", ctx.t("events.statuses." + r.status));
    d.set("waiting", web::flag(r.status == "waiting"));
    d.set("position", std::to_string(r.position));
    d.set("for_code", r.beneficiary_code);
    d.set("for_supported", web::flag(r.beneficiary_id != 0));
    d.set("over", web::flag(e.ends_at <= now));
    d.set("may_cancel", web::flag(e.starts_at > now && e.status == "planned"));
    set_if(d, "attendance", r.attendance.empty() ? "" : ctx.t("events.attendance." + r.attendance));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("pagination",
           web::pagination(ctx, page.page, Service::kPerPage, page.total, "/evenements/mes-inscriptions?"));
  return ctx.render("network_life/events/mine", data, ctx.t("events.mine.title"));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/evenements", web::perm::public_access, [&service](Context& ctx) { return list_page(ctx, service); });
  app.get("/evenements/mes-inscriptions", web::perm::authenticated,
          [&service](Context& ctx) { return mine_page(ctx, service); });
  app.get("/evenements/nouveau", web::perm::authenticated, [&service](Context& ctx) {
    if (!Service::manages_somewhere(ctx.me())) return ctx.error(403);
    EventInput in;
    in.mode = "in_person";
    in.visibility = "network";
    in.capacity = "20";
    return form_page(ctx, service, nullptr, in, Outcome::success(), 200);
  });
  app.post("/evenements/nouveau", web::perm::authenticated, [&service](Context& ctx) {
    EventInput in = input_of(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "events.form.created", event_url(outcome.id) + "/gestion",
                       [&](const Outcome& o, int status) { return form_page(ctx, service, nullptr, in, o, status); });
  });
  app.get("/evenements/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return event_page(ctx, service, ctx.req.int_param("id")); });
  app.post("/evenements/{id:int}/inscription", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    bool supported = ctx.form.has("beneficiary");
    auto outcome = supported ? service.register_supported(web::actor_of(ctx), ctx.me(), id, ctx.form.get("beneficiary"))
                             : service.register_self(web::actor_of(ctx), ctx.me(), id, ctx.form.get("organisation"));
    std::string done = outcome.id == 2 ? "events.register.waiting" : "events.register.done";
    return web::finish(ctx, outcome, done, event_url(id), [&](const Outcome& o, int status) {
      return event_page(ctx, service, id, o, status, "register");
    });
  });
  app.post("/evenements/{id:int}/desinscription", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.cancel_registration(web::actor_of(ctx), ctx.me(), id, web::parse_id(ctx.form.get("registration")));
    std::string back = ctx.form.get("back") == "mine"     ? "/evenements/mes-inscriptions"
                       : ctx.form.get("back") == "manage" ? event_url(id) + "/gestion"
                                                          : event_url(id);
    return web::finish(ctx, outcome, "events.register.cancelled", back, web::back_to(ctx, back));
  });
  app.get("/evenements/{id:int}/lien", web::perm::authenticated, [&service](Context& ctx) {
    std::string url;
    auto outcome = service.online_link(ctx.me(), ctx.req.int_param("id"), url);
    if (!outcome.ok) return ctx.refused(outcome);
    // An address of another site (the video service): not ctx.redirect, which keeps people on this one.
    http::Response res;
    res.status = 303;
    res.set_header("Location", url);
    res.set_header("Cache-Control", "private, no-store");
    res.set_header("Referrer-Policy", "no-referrer");
    return res;
  });
  app.get("/evenements/{id:int}/gestion", web::perm::authenticated,
          [&service](Context& ctx) { return manage_page(ctx, service, ctx.req.int_param("id")); });
  app.get("/evenements/{id:int}/modifier", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto v = service.view(&ctx.me(), id);
    if (!v) return ctx.error(404);
    if (!v->manages) return ctx.error(403);
    return form_page(ctx, service, &v->event, input_of(v->event), Outcome::success(), 200);
  });
  app.post("/evenements/{id:int}/modifier", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    EventInput in = input_of(ctx.form);
    auto outcome = service.update(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "events.form.updated", event_url(id) + "/gestion",
                       [&](const Outcome& o, int status) {
                         auto v = service.view(&ctx.me(), id);
                         if (!v) return ctx.error(404);
                         return form_page(ctx, service, &v->event, in, o, status);
                       });
  });
  app.post("/evenements/{id:int}/annulation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.cancel(web::actor_of(ctx), ctx.me(), id);
    return web::finish(
        ctx, outcome, "events.manage.cancelled", event_url(id) + "/gestion",
        [&](const Outcome& o, int status) { return manage_page(ctx, service, id, o, status, "cancel"); });
  });
  app.post("/evenements/{id:int}/presences", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::map<long long, std::string> marks;
    for (const auto& reg : ctx.form.all("registration")) {
      long long rid = web::parse_id(reg);
      if (rid > 0) marks[rid] = ctx.form.get("mark_" + std::to_string(rid));
    }
    auto outcome = service.record_attendance(web::actor_of(ctx), ctx.me(), id, marks);
    return web::finish(
        ctx, outcome, "events.attendance.saved", event_url(id) + "/gestion#presences",
        [&](const Outcome& o, int status) { return manage_page(ctx, service, id, o, status, "attendance"); });
  });
  app.post("/evenements/{id:int}/evaluation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.send_evaluation(web::actor_of(ctx), ctx.me(), id);
    return web::finish_with(
        ctx, outcome, "events.evaluation.sent", {{"n", std::to_string(outcome.id)}}, event_url(id) + "/gestion",
        [&](const Outcome& o, int status) { return manage_page(ctx, service, id, o, status, "evaluation"); });
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(450, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    auto next = service.next_for(ctx.me(), 5);
    if (next.empty()) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "events-next";
    panel.title = ctx.t("events.dashboard.title");
    panel.empty = ctx.t("events.dashboard.empty");
    panel.more_url = "/evenements/mes-inscriptions";
    panel.more_label = ctx.t("events.dashboard.more");
    for (const auto& [r, e] : next) {
      web::DashboardItem item;
      item.label = e.title;
      item.url = event_url(e.id);
      item.when = web::format_datetime(e.starts_at, ctx.locale);
      item.detail = ctx.t("events.statuses." + r.status) + " — " + e.kind_label;
      panel.items.push_back(item);
    }
    return panel;
  });
}

}  // namespace trame::events
