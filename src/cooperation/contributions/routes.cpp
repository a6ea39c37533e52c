#include "cooperation/contributions/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"

namespace trame::contributions {

namespace {

using web::Context;
using web::Data;

std::string list_url(long long project_id) {
  return projects::url_of(project_id) + "/contributions";
}
std::string contribution_url(long long project_id, long long id) {
  return list_url(project_id) + "/" + std::to_string(id);
}

Data page_data(Context& ctx, const projects::Access& access) {
  Data data{Data::type::object};
  data.set("project_id", std::to_string(access.project.id));
  data.set("project_title", access.project.title);
  data.set("project_url", projects::url_of(access.project.id));
  data.set("list_url", list_url(access.project.id));
  data.set("may_record", web::flag(access.facilitates()));
  data.set("may_link", web::flag(access.contributes()));
  data.set("css", ctx.app.asset_url("css/contributions.css"));
  return data;
}

// "Atelier — 12 personnes — Ligné, le 14/03/2026"
Data contribution_data(Context& ctx, const Contribution& c) {
  Data d{Data::type::object};
  d.set("id", std::to_string(c.id));
  d.set("url", contribution_url(c.project_id, c.id));
  d.set("kind", ctx.t("contributions.kinds." + c.kind));
  d.set("people", ctx.t("contributions.people", {{"count", std::to_string(c.people)}}));
  d.set("place", c.place);
  d.set("held_on", short_french_date(c.held_on));
  d.set("excerpt", excerpt(c.body, 240));
  d.set("body", c.body);
  d.set("recorded", ctx.t("contributions.view.recorded",
                          {{"name", c.recorded_by_name}, {"when", web::format_datetime(c.created_at, ctx.locale)}}));
  return d;
}

long long query_id(const Context& ctx, const char* name) {
  auto value = ctx.req.query_param(name);
  return value ? web::parse_id(*value) : 0;
}

http::Response list_page(Context& ctx, Service& service, long long project_id) {
  Filter filter;
  filter.kind = ctx.req.query_param("type").value_or("");
  filter.section_id = query_id(ctx, "section");
  ContributionPage p;
  auto read = service.list(ctx.me(), project_id, filter, static_cast<int>(web::page_param(ctx.req)), p);
  if (!read.ok) return ctx.refused(read);
  Data data = page_data(ctx, p.access);
  Data items{Data::type::list};
  for (const auto& c : p.items) items.push_back(contribution_data(ctx, c));
  data.set("items", items);
  data.set("no_items", web::flag(items.is_empty_list()));
  data.set("count", ctx.t("contributions.list.count", {{"count", std::to_string(p.total)}}));
  std::vector<std::string> kind_values = {""};
  kind_values.insert(kind_values.end(), kinds().begin(), kinds().end());
  Data kind_options{Data::type::list};
  for (const auto& k : kind_values) {
    Data o{Data::type::object};
    o.set("value", k);
    o.set("label", k.empty() ? ctx.t("contributions.list.any_kind") : ctx.t("contributions.kinds." + k));
    o.set("selected", web::flag(k == filter.kind));
    kind_options.push_back(o);
  }
  data.set("kinds", kind_options);
  Data sections{Data::type::list};
  {
    Data o{Data::type::object};
    o.set("value", "0");
    o.set("label", ctx.t("contributions.list.any_section"));
    o.set("selected", web::flag(filter.section_id == 0));
    sections.push_back(o);
  }
  std::string section_title;
  for (const auto& s : p.sections) {
    Data o{Data::type::object};
    o.set("value", std::to_string(s.id));
    o.set("label", s.title);
    o.set("selected", web::flag(s.id == filter.section_id));
    if (s.id == filter.section_id) section_title = s.title;
    sections.push_back(o);
  }
  data.set("sections", sections);
  data.set("filtered", web::flag(!filter.kind.empty() || filter.section_id));
  std::string base = list_url(project_id) + "?";
  if (is_one_of(filter.kind, kinds())) base += "type=" + web::url_encode(filter.kind) + "&";
  if (filter.section_id) base += "section=" + std::to_string(filter.section_id) + "&";
  data.set("pagination", web::pagination(ctx, p.page, Service::kPerPage, p.total, base));
  data.set("new_url", list_url(project_id) + "/nouvelle");
  return ctx.render("cooperation/contributions/list", data,
                    ctx.t("contributions.list.title", {{"project", p.access.project.title}}));
}

// The record form (new, or a correction of `id`), with what was typed after a refusal.
http::Response form_page(Context& ctx, Service& service, long long project_id, long long id,
                         const ContributionForm* typed, const Outcome& outcome, int status) {
  projects::Access access;
  ContributionForm f;
  if (id) {
    ContributionView v;
    auto read = service.view(ctx.me(), project_id, id, v);
    if (!read.ok) return ctx.refused(read);
    access = v.access;
    const auto& c = v.contribution;
    f = ContributionForm{c.kind, std::to_string(c.people), c.place, c.held_on, c.body};
  } else {
    ContributionPage p;
    auto read = service.list(ctx.me(), project_id, Filter{}, 1, p);
    if (!read.ok) return ctx.refused(read);
    access = p.access;
    f.kind = "workshop";
    f.held_on = local_day(store::now_seconds());
  }
  if (!access.facilitates()) return ctx.refused(Outcome::forbidden());
  if (typed) f = *typed;
  Data data = page_data(ctx, access);
  data.set("editing", web::flag(id != 0));
  data.set("action", id ? contribution_url(project_id, id) : list_url(project_id));
  data.set("cancel_url", id ? contribution_url(project_id, id) : list_url(project_id));
  data.set("kinds", web::options(ctx, kinds(), "contributions.kinds.", f.kind));
  data.set("people", f.people);
  data.set("place", f.place);
  data.set("held_on", f.held_on);
  data.set("today", local_day(store::now_seconds()));
  data.set("body", f.body);
  web::set_error(data, ctx, outcome);
  return ctx.render(
      "cooperation/contributions/form", data,
      ctx.t(id ? "contributions.form.edit_title" : "contributions.form.new_title", {{"project", access.project.title}}),
      status);
}

http::Response view_page(Context& ctx, Service& service, long long project_id, long long id, const Outcome& outcome,
                         int status) {
  ContributionView v;
  auto read = service.view(ctx.me(), project_id, id, v);
  if (!read.ok) return ctx.refused(read);
  Data data = page_data(ctx, v.access);
  data.set("contribution", contribution_data(ctx, v.contribution));
  std::string url = contribution_url(project_id, id);
  data.set("edit_url", url + "/modifier");
  data.set("delete_url", url + "/supprimer");
  data.set("link_section_url", url + "/sections");
  data.set("link_decision_url", url + "/decisions");
  Data sections{Data::type::list};
  for (const auto& l : v.sections) {
    Data d{Data::type::object};
    d.set("title", l.title);
    d.set("url", projects::url_of(project_id) + "/diagnostic/" + std::to_string(l.section_id));
    d.set("unlink_url", url + "/sections/" + std::to_string(l.section_id) + "/retirer");
    d.set("linked", ctx.t("contributions.view.linked_by",
                          {{"name", l.linked_by_name}, {"when", web::format_datetime(l.linked_at, ctx.locale)}}));
    sections.push_back(d);
  }
  data.set("sections", sections);
  data.set("no_sections", web::flag(sections.is_empty_list()));
  Data section_choices{Data::type::list};
  for (const auto& s : v.section_choices) {
    Data o{Data::type::object};
    o.set("value", std::to_string(s.id));
    o.set("label", s.title);
    section_choices.push_back(o);
  }
  data.set("section_choices", section_choices);
  data.set("has_section_choices", web::flag(!section_choices.is_empty_list()));
  Data decisions{Data::type::list};
  for (const auto& l : v.decisions) {
    Data d{Data::type::object};
    d.set("title", l.title);
    d.set("status", ctx.t("contributions.decision_statuses." + l.status));
    d.set("url", projects::url_of(project_id) + "/decisions/" + std::to_string(l.decision_id));
    d.set("unlink_url", url + "/decisions/" + std::to_string(l.decision_id) + "/retirer");
    d.set("linked", ctx.t("contributions.view.linked_by",
                          {{"name", l.linked_by_name}, {"when", web::format_datetime(l.linked_at, ctx.locale)}}));
    decisions.push_back(d);
  }
  data.set("decisions", decisions);
  data.set("no_decisions", web::flag(decisions.is_empty_list()));
  Data decision_choices{Data::type::list};
  for (const auto& s : v.decision_choices) {
    Data o{Data::type::object};
    o.set("value", std::to_string(s.id));
    o.set("label", s.title + " (" + ctx.t("contributions.decision_statuses." + s.status) + ")");
    decision_choices.push_back(o);
  }
  data.set("decision_choices", decision_choices);
  data.set("has_decision_choices", web::flag(!decision_choices.is_empty_list()));
  web::set_error(data, ctx, outcome);
  return ctx.render("cooperation/contributions/view", data,
                    ctx.t("contributions.view.title", {{"project", v.access.project.title}}), status);
}

ContributionForm form_of(const http::Form& f) {
  return ContributionForm{f.get("kind"), f.get("people"), f.get("place"), f.get("held_on"), f.get("body")};
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/projets/{id:int}/contributions", web::perm::authenticated,
          [&service](Context& ctx) { return list_page(ctx, service, ctx.req.int_param("id")); });
  app.get("/cooperation/projets/{id:int}/contributions/nouvelle", web::perm::authenticated, [&service](Context& ctx) {
    return form_page(ctx, service, ctx.req.int_param("id"), 0, nullptr, Outcome::success(), 200);
  });
  app.post("/cooperation/projets/{id:int}/contributions", web::perm::authenticated, [&service](Context& ctx) {
    long long project = ctx.req.int_param("id");
    auto form = form_of(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), project, form);
    return web::finish(
        ctx, outcome, "contributions.form.recorded", contribution_url(project, outcome.id),
        [&](const Outcome& o, int status) { return form_page(ctx, service, project, 0, &form, o, status); });
  });
  app.get("/cooperation/projets/{id:int}/contributions/{contribution:int}", web::perm::authenticated,
          [&service](Context& ctx) {
            return view_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("contribution"),
                             Outcome::success(), 200);
          });
  app.get("/cooperation/projets/{id:int}/contributions/{contribution:int}/modifier", web::perm::authenticated,
          [&service](Context& ctx) {
            return form_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("contribution"), nullptr,
                             Outcome::success(), 200);
          });
  app.post("/cooperation/projets/{id:int}/contributions/{contribution:int}", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project = ctx.req.int_param("id"), id = ctx.req.int_param("contribution");
             auto form = form_of(ctx.form);
             auto outcome = service.update(web::actor_of(ctx), ctx.me(), project, id, form);
             return web::finish(
                 ctx, outcome, "contributions.form.updated", contribution_url(project, id),
                 [&](const Outcome& o, int status) { return form_page(ctx, service, project, id, &form, o, status); });
           });
  app.post("/cooperation/projets/{id:int}/contributions/{contribution:int}/supprimer", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project = ctx.req.int_param("id"), id = ctx.req.int_param("contribution");
             auto outcome = service.remove(web::actor_of(ctx), ctx.me(), project, id);
             return web::finish(ctx, outcome, "contributions.view.deleted", list_url(project),
                                web::back_to(ctx, contribution_url(project, id)));
           });
  app.post("/cooperation/projets/{id:int}/contributions/{contribution:int}/sections", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project = ctx.req.int_param("id"), id = ctx.req.int_param("contribution");
             auto outcome = service.link_section(web::actor_of(ctx), ctx.me(), project, id,
                                                 web::parse_id(ctx.form.get("section")));
             return web::finish(
                 ctx, outcome, "contributions.view.section_linked", contribution_url(project, id),
                 [&](const Outcome& o, int status) { return view_page(ctx, service, project, id, o, status); });
           });
  app.post("/cooperation/projets/{id:int}/contributions/{contribution:int}/sections/{section:int}/retirer",
           web::perm::authenticated, [&service](Context& ctx) {
             long long project = ctx.req.int_param("id"), id = ctx.req.int_param("contribution");
             auto outcome =
                 service.unlink_section(web::actor_of(ctx), ctx.me(), project, id, ctx.req.int_param("section"));
             return web::finish(ctx, outcome, "contributions.view.section_unlinked", contribution_url(project, id),
                                web::back_to(ctx, contribution_url(project, id)));
           });
  app.post("/cooperation/projets/{id:int}/contributions/{contribution:int}/decisions", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project = ctx.req.int_param("id"), id = ctx.req.int_param("contribution");
             auto outcome = service.link_decision(web::actor_of(ctx), ctx.me(), project, id,
                                                  web::parse_id(ctx.form.get("decision")));
             return web::finish(
                 ctx, outcome, "contributions.view.decision_linked", contribution_url(project, id),
                 [&](const Outcome& o, int status) { return view_page(ctx, service, project, id, o, status); });
           });
  app.post("/cooperation/projets/{id:int}/contributions/{contribution:int}/decisions/{decision:int}/retirer",
           web::perm::authenticated, [&service](Context& ctx) {
             long long project = ctx.req.int_param("id"), id = ctx.req.int_param("contribution");
             auto outcome =
                 service.unlink_decision(web::actor_of(ctx), ctx.me(), project, id, ctx.req.int_param("decision"));
             return web::finish(ctx, outcome, "contributions.view.decision_unlinked", contribution_url(project, id),
                                web::back_to(ctx, contribution_url(project, id)));
           });
}

}  // namespace trame::contributions
