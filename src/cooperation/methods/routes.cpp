#include "cooperation/methods/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"

namespace trame::methods {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string method_url(long long id) {
  return "/cooperation/methodes/" + std::to_string(id);
}

// The person reading: the signed-in user, or an anonymous visitor (id 0).
Principal reader(const Context& ctx) {
  return ctx.user ? Principal(*ctx.user) : Principal{};
}

// "45 min", "2 h", "1 h 30".
std::string minutes_label(const Context& ctx, long long minutes) {
  if (minutes < 60) return ctx.t("methods.units.minutes", {{"n", std::to_string(minutes)}});
  std::string h = std::to_string(minutes / 60), m = std::to_string(minutes % 60);
  if (minutes % 60 == 0) return ctx.t("methods.units.hours", {{"h", h}});
  return ctx.t("methods.units.hours_minutes", {{"h", h}, {"m", m.size() == 1 ? "0" + m : m}});
}

std::string duration_label(const Context& ctx, const Method& m) {
  if (m.duration_min == m.duration_max) return minutes_label(ctx, m.duration_min);
  return ctx.t("methods.facts.range",
               {{"min", minutes_label(ctx, m.duration_min)}, {"max", minutes_label(ctx, m.duration_max)}});
}

std::string group_label(const Context& ctx, const Method& m) {
  if (m.group_min == m.group_max) return ctx.t("methods.facts.people", {{"n", std::to_string(m.group_min)}});
  return ctx.t("methods.facts.people_range",
               {{"min", std::to_string(m.group_min)}, {"max", std::to_string(m.group_max)}});
}

Data list_of(const std::vector<std::string>& items, const std::string& key = "line") {
  Data list{Data::type::list};
  for (const auto& s : items) {
    Data d{Data::type::object};
    d.set(key, s);
    list.push_back(d);
  }
  return list;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < text.size()) {
    auto end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = trim(text.substr(start, end - start));
    if (!line.empty()) out.push_back(line);
    start = end + 1;
  }
  return out;
}

Data tags_data(const std::vector<std::string>& tags) {
  Data list{Data::type::list};
  for (const auto& t : tags) {
    Data d{Data::type::object};
    d.set("tag", t);
    d.set("url", "/cooperation/methodes?etiquette=" + web::url_encode(t));
    list.push_back(d);
  }
  return list;
}

// What a card of the list and the head of the method page show.
Data summary_data(const Context& ctx, const Method& m) {
  Data d{Data::type::object};
  d.set("id", std::to_string(m.id));
  d.set("url", method_url(m.id));
  d.set("title", m.title);
  set_if(d, "purpose", m.purpose);
  d.set("duration", duration_label(ctx, m));
  d.set("group", group_label(ctx, m));
  d.set("tags", tags_data(m.tags));
  d.set("has_tags", web::flag(!m.tags.empty()));
  d.set("network", web::flag(m.visibility == "network"));
  d.set("starter", web::flag(m.starter));
  return d;
}

// A number typed in the search form (0: none, or not a number).
long long number_param(const Context& ctx, const char* name) {
  auto v = ctx.req.query_param(name);
  if (!v) return 0;
  long long n = web::parse_id(trim(*v));
  return n > 100000 ? 0 : n;
}

http::Response list_page(Context& ctx, Service& service) {
  Principal me = reader(ctx);
  Filter f;
  f.text = trim(ctx.req.query_param("q").value_or(""));
  f.minutes = number_param(ctx, "duree");
  f.people = number_param(ctx, "taille");
  f.tag = trim(ctx.req.query_param("etiquette").value_or(""));
  auto page = service.search(me, f, web::page_param(ctx.req));
  Data items{Data::type::list};
  for (const auto& m : page.items) items.push_back(summary_data(ctx, m));
  Data data{Data::type::object};
  data.set("items", items);
  data.set("empty", web::flag(page.total == 0));
  data.set("q", f.text);
  data.set("duree", f.minutes ? std::to_string(f.minutes) : std::string());
  data.set("taille", f.people ? std::to_string(f.people) : std::string());
  set_if(data, "tag", f.tag);
  bool filtered = !f.text.empty() || f.minutes || f.people || !f.tag.empty();
  data.set("filtered", web::flag(filtered));
  data.set("count", ctx.t(page.total == 0   ? "methods.list.count_none"
                          : page.total == 1 ? "methods.list.count_one"
                                            : "methods.list.count",
                          {{"n", std::to_string(page.total)}}));
  std::string base = "/cooperation/methodes?";
  if (!f.text.empty()) base += "q=" + web::url_encode(f.text) + "&";
  if (f.minutes) base += "duree=" + std::to_string(f.minutes) + "&";
  if (f.people) base += "taille=" + std::to_string(f.people) + "&";
  if (!f.tag.empty()) base += "etiquette=" + web::url_encode(f.tag) + "&";
  data.set("pagination", web::pagination(ctx, page.page, kPerPage, page.total, base));
  data.set("can_write", web::flag(service.may_write(me)));
  data.set("signed_in", web::flag(me.id != 0));
  data.set("css", ctx.app.asset_url("css/methods.css"));
  return ctx.render("cooperation/methods/list", data, ctx.t("methods.list.title"));
}

std::string halfday_label(const Context& ctx, const std::string& day, const std::string& period,
                          const std::string& session) {
  return ctx.t("methods.uses.halfday_label",
               {{"day", short_french_date(day)},
                {"period", ctx.t("methods.periods." + (period == "pm" ? std::string("pm") : std::string("am")))},
                {"session", session}});
}

// The method page, with its uses and (signed in, with somewhere to record it) the form of a use.
http::Response method_page(Context& ctx, Service& service, long long id, const UseInput& use_in,
                           const Outcome& use_outcome, int status) {
  Principal me = reader(ctx);
  auto m = service.method(me, id);
  if (!m) return ctx.error(404);
  Data data = summary_data(ctx, *m);
  data.set("materials", list_of(lines_of(m->materials)));
  data.set("has_materials", web::flag(!m->materials.empty()));
  data.set("steps", list_of(m->steps, "step"));
  data.set("variants", list_of(lines_of(m->variants)));
  data.set("has_variants", web::flag(!m->variants.empty()));
  std::string updated = format_local(m->updated_at, "%d/%m/%Y");
  if (m->starter && m->created_by == 0 && m->updated_by == 0) data.set("byline", ctx.t("methods.page.starter_byline"));
  else if (m->updated_by == m->created_by || m->editor_name.empty())
    data.set("byline", ctx.t("methods.page.byline",
                             {{"author", m->author_name.empty() ? ctx.t("methods.page.library") : m->author_name},
                              {"date", updated}}));
  else
    data.set("byline", ctx.t("methods.page.byline_edited",
                             {{"author", m->author_name.empty() ? ctx.t("methods.page.library") : m->author_name},
                              {"editor", m->editor_name},
                              {"date", updated}}));
  data.set("can_edit", web::flag(Service::may_edit(me, *m)));
  data.set("edit_url", method_url(id) + "/modifier");

  // Uses, newest first, paginated.
  auto uses = service.uses(me, id, web::page_param(ctx.req));
  Data rows{Data::type::list};
  for (const auto& v : uses.items) {
    Data r{Data::type::object};
    r.set("id", std::to_string(v.use.id));
    r.set("day", short_french_date(v.use.used_on));
    if (v.masked)
      r.set("place", ctx.t(v.place_kind == "project" ? "methods.uses.masked_project" : "methods.uses.masked_halfday"));
    else r.set("place", v.use.place_title);
    set_if(r, "place_url", v.place_url);
    r.set("kind", ctx.t("methods.uses.kinds." + v.place_kind));
    set_if(r, "note", v.use.note);
    set_if(r, "recorded_by", v.use.recorded_by_name);
    r.set("may_delete", web::flag(v.may_delete));
    rows.push_back(r);
  }
  data.set("uses", rows);
  data.set("no_uses", web::flag(uses.total == 0));
  data.set("uses_pagination", web::pagination(ctx, uses.page, kPerPage, uses.total, method_url(id) + "?"));

  data.set("signed_in", web::flag(me.id != 0));
  if (me.id != 0) {
    auto targets = service.use_targets(me);
    Data projects{Data::type::list};
    for (const auto& p : targets.projects) {
      Data d{Data::type::object};
      d.set("value", std::to_string(p.id));
      d.set("label", p.title);
      d.set("selected", web::flag(p.id == use_in.project_id));
      projects.push_back(d);
    }
    Data halfdays{Data::type::list};
    for (const auto& h : targets.halfdays) {
      Data d{Data::type::object};
      d.set("value", std::to_string(h.id));
      d.set("label", halfday_label(ctx, h.day, h.period, h.session_title));
      d.set("selected", web::flag(h.id == use_in.halfday_id));
      halfdays.push_back(d);
    }
    bool has_projects = !targets.projects.empty(), has_halfdays = !targets.halfdays.empty();
    data.set("use_projects", projects);
    data.set("use_halfdays", halfdays);
    data.set("has_use_projects", web::flag(has_projects));
    data.set("has_use_halfdays", web::flag(has_halfdays));
    data.set("can_record", web::flag(has_projects || has_halfdays));
    std::string place = use_in.place.empty() ? (has_projects ? "project" : "halfday") : use_in.place;
    data.set("place_project", web::flag(place == "project"));
    data.set("place_halfday", web::flag(place == "halfday"));
    data.set("use_day", use_in.used_on.empty() ? local_day(store::now_seconds()) : use_in.used_on);
    data.set("use_today", local_day(store::now_seconds()));
    data.set("use_note", use_in.note);
    web::set_error(data, ctx, use_outcome, "use");
  }
  data.set("css", ctx.app.asset_url("css/methods.css"));
  return ctx.render("cooperation/methods/method", data, m->title, status);
}

MethodInput method_input(const http::Form& f) {
  MethodInput in;
  in.title = f.get("title");
  in.purpose = f.get("purpose");
  in.duration_min = f.get("duration_min");
  in.duration_max = f.get("duration_max");
  in.group_min = f.get("group_min");
  in.group_max = f.get("group_max");
  in.materials = f.get("materials");
  in.steps = f.get("steps");
  in.variants = f.get("variants");
  in.tags = f.get("tags");
  in.visibility = f.get("visibility");
  return in;
}

// The method form: new (no method) or the edit of one.
http::Response form_page(Context& ctx, const std::optional<Method>& m, const MethodInput& in, const Outcome& outcome,
                         int status) {
  Data data{Data::type::object};
  bool editing = m.has_value();
  data.set("editing", web::flag(editing));
  data.set("action", editing ? method_url(m->id) + "/modifier" : std::string("/cooperation/methodes/nouvelle"));
  if (editing) {
    data.set("page_url", method_url(m->id));
    data.set("page_title", m->title);
  }
  data.set("title", in.title);
  data.set("purpose", in.purpose);
  data.set("duration_min", in.duration_min);
  data.set("duration_max", in.duration_max);
  data.set("group_min", in.group_min);
  data.set("group_max", in.group_max);
  data.set("materials", in.materials);
  data.set("steps", in.steps);
  data.set("variants", in.variants);
  data.set("tags", in.tags);
  data.set("public", web::flag(in.visibility != "network"));
  data.set("network", web::flag(in.visibility == "network"));
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/methods.css"));
  return ctx.render("cooperation/methods/form", data,
                    editing ? ctx.t("methods.form.edit_title", {{"title", m->title}}) : ctx.t("methods.form.new_title"),
                    status);
}

UseInput use_input(const http::Form& f) {
  UseInput in;
  in.place = f.get("place");
  in.project_id = web::parse_id(f.get("project"));
  in.halfday_id = web::parse_id(f.get("halfday"));
  in.used_on = trim(f.get("used_on"));
  in.note = f.get("note");
  return in;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/methodes", web::perm::public_access,
          [&service](Context& ctx) { return list_page(ctx, service); });

  app.get("/cooperation/methodes/nouvelle", web::perm::authenticated, [&service](Context& ctx) {
    if (!service.may_write(ctx.me())) return ctx.error(403, ctx.t("methods.errors.not_writer"));
    MethodInput in;
    return form_page(ctx, std::nullopt, in, Outcome::success(), 200);
  });

  app.post("/cooperation/methodes/nouvelle", web::perm::authenticated, [&service](Context& ctx) {
    MethodInput in = method_input(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "methods.form.created", method_url(outcome.id),
                       [&](const Outcome& o, int status) { return form_page(ctx, std::nullopt, in, o, status); });
  });

  app.get("/cooperation/methodes/{id:int}", web::perm::public_access, [&service](Context& ctx) {
    return method_page(ctx, service, ctx.req.int_param("id"), UseInput{}, Outcome::success(), 200);
  });

  app.get("/cooperation/methodes/{id:int}/modifier", web::perm::authenticated, [&service](Context& ctx) {
    auto m = service.method(ctx.me(), ctx.req.int_param("id"));
    if (!m) return ctx.error(404);
    if (!Service::may_edit(ctx.me(), *m)) return ctx.error(403, ctx.t("methods.errors.not_editor"));
    return form_page(ctx, m, Service::input_of(*m), Outcome::success(), 200);
  });

  app.post("/cooperation/methodes/{id:int}/modifier", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    MethodInput in = method_input(ctx.form);
    auto outcome = service.update(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "methods.form.saved", method_url(id), [&](const Outcome& o, int status) {
      auto m = service.method(ctx.me(), id);
      if (!m) return ctx.error(404);
      return form_page(ctx, m, in, o, status);
    });
  });

  app.post("/cooperation/methodes/{id:int}/utilisations", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    UseInput in = use_input(ctx.form);
    auto outcome = service.record_use(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "methods.uses.recorded", method_url(id) + "#utilisations",
                       [&](const Outcome& o, int status) { return method_page(ctx, service, id, in, o, status); });
  });

  app.post("/cooperation/methodes/utilisations/{id:int}/supprimer", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.delete_use(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, outcome, "methods.uses.deleted", method_url(outcome.id) + "#utilisations",
                       [&](const Outcome& o, int) { return ctx.refused(o); });
  });
}

}  // namespace trame::methods
