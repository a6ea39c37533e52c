// Pages of cooperation projects (docs/cooperation/projects.md): the list, a project's home (or its
// public summary for an anonymous visitor), its form, members and partners, phases, visibility and
// the training session whose trainees co-build it. Who may see or do what is the service's (access).
#include <algorithm>

#include "cooperation/projects/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::projects {

namespace {

using web::Context;
using web::Data;

constexpr long long kMembersPerPage = 30;
constexpr std::size_t kHomeMembers = 12;

// The person asking: a signed-in user, or the anonymous visitor (id 0).
Principal me_of(const Context& ctx) {
  if (ctx.user) return static_cast<const Principal&>(*ctx.user);
  return Principal{};
}

std::string phase_label(const Context& ctx, const std::string& phase) {
  return ctx.t("projects.phases." + phase);
}

std::string day(const std::string& iso) {
  return iso.empty() ? std::string() : short_french_date(iso);
}

// What a list shows of a project.
Data card_data(const Context& ctx, const Project& p, const std::string& role) {
  Data d{Data::type::object};
  d.set("title", p.title);
  d.set("url", url_of(p.id));
  d.set("question", p.question);
  d.set("territory", p.territory_label);
  d.set("phase", phase_label(ctx, p.phase));
  d.set("visibility", ctx.t("projects.visibilities." + p.visibility));
  web::set_if(d, "organisation", p.organisation_name);
  if (!role.empty()) d.set("role", ctx.t("projects.roles." + role));
  return d;
}

// The page of the projects a person sees (the public ones for an anonymous visitor).
http::Response list_page(Context& ctx, Service& service) {
  Principal me = me_of(ctx);
  int page = static_cast<int>(std::min<long long>(web::page_param(ctx.req), 1000000));
  ProjectPage list = me.id ? service.list(me, page) : service.public_list(page);
  Data items{Data::type::list};
  for (const auto& p : list.items) items.push_back(card_data(ctx, p, me.id ? service.role_of(p.id, me.id) : ""));
  Data data{Data::type::object};
  data.set("items", items);
  data.set("empty", web::flag(list.items.empty()));
  data.set("signed_in", web::flag(me.id != 0));
  data.set("pagination", web::pagination(ctx, list.page, Service::kPageSize, list.total, "/cooperation?"));
  data.set("count", ctx.t("projects.list.count", {{"n", std::to_string(list.total)}}));
  data.set("css", ctx.app.asset_url("css/projects.css"));
  return ctx.render("cooperation/projects/list", data, ctx.t("projects.list.title"));
}

// ---- the project's form (new and edit)

ProjectForm form_of(const http::Form& f) {
  ProjectForm in;
  in.title = f.get("title");
  in.question = f.get("question");
  in.summary = f.get("summary");
  in.territory_kind = f.get("territory_kind");
  in.communes = split_communes(f.get("communes"));
  // A commune picked by name (the search field with its list): added to the typed ones.
  for (const auto& picked : split_communes(f.get("commune_pick"))) in.communes.push_back(picked);
  in.epci = trim(f.get("epci"));
  in.delegation_id = web::parse_id(f.get("delegation"));
  in.visibility = f.get("visibility");
  in.organisation_id = web::parse_id(f.get("organisation"));
  return in;
}

ProjectForm form_from(const Project& p, const std::vector<Commune>& communes) {
  ProjectForm in;
  in.title = p.title;
  in.question = p.question;
  in.summary = p.summary;
  in.territory_kind = p.territory_kind;
  if (p.territory_kind == "communes")
    for (const auto& c : communes) in.communes.push_back(c.code);
  if (p.territory_kind == "epci") in.epci = p.territory_ref;
  if (p.territory_kind == "delegation") in.delegation_id = web::parse_id(p.territory_ref);
  in.visibility = p.visibility;
  in.organisation_id = p.organisation_id;
  return in;
}

Data choices_data(const std::vector<Choice>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& c : list) {
    Data o{Data::type::object};
    o.set("value", c.value);
    o.set("label", c.label);
    o.set("selected", web::flag(c.value == selected));
    out.push_back(o);
  }
  return out;
}

// The form's fields; `project` is null for a new project.
http::Response form_page(Context& ctx, Service& service, const Project* project, const ProjectForm& in,
                         const Outcome& outcome, int status, const Outcome& session_outcome = Outcome::success()) {
  Principal me = me_of(ctx);
  Data data{Data::type::object};
  data.set("editing", web::flag(project != nullptr));
  data.set("action", project ? url_of(project->id) + "/modifier" : std::string("/cooperation/projets/nouveau"));
  data.set("back_url", project ? url_of(project->id) : std::string("/cooperation"));
  if (project) data.set("project_title", project->title);
  data.set("title", in.title);
  data.set("question", in.question);
  data.set("summary", in.summary);
  std::string kind =
      (in.territory_kind == "communes" || in.territory_kind == "epci" || in.territory_kind == "delegation")
          ? in.territory_kind
          : "communes";
  data.set("kind_communes", web::flag(kind == "communes"));
  data.set("kind_epci", web::flag(kind == "epci"));
  data.set("kind_delegation", web::flag(kind == "delegation"));
  std::string codes;
  for (const auto& c : in.communes) codes += (codes.empty() ? "" : ", ") + c;
  data.set("communes", codes);
  data.set("commune_choices", choices_data(service.commune_choices(), ""));
  data.set("epcis", choices_data(service.epci_choices(), in.epci));
  data.set("delegations", choices_data(service.delegation_choices(), std::to_string(in.delegation_id)));
  Data visibilities{Data::type::list};
  for (const auto& v : projects::visibilities()) {
    Data o{Data::type::object};
    o.set("value", v);
    o.set("label", ctx.t("projects.visibilities." + v));
    o.set("help", ctx.t("projects.visibility_help." + v));
    o.set("checked", web::flag(v == in.visibility));
    visibilities.push_back(o);
  }
  data.set("visibilities", visibilities);
  // The carrying organisation: one of the person's own, or the one the project already has.
  std::vector<Choice> orgs;
  orgs.push_back({"0", ctx.t("projects.form.no_organisation")});
  for (const auto& m : me.memberships) {
    std::string value = std::to_string(m.organisation_id);
    bool seen = std::any_of(orgs.begin(), orgs.end(), [&](const Choice& c) { return c.value == value; });
    if (!seen) orgs.push_back({value, m.organisation_name});
  }
  if (project && project->organisation_id) {
    std::string value = std::to_string(project->organisation_id);
    if (std::none_of(orgs.begin(), orgs.end(), [&](const Choice& c) { return c.value == value; }))
      orgs.push_back({value, project->organisation_name});
  }
  data.set("organisations", choices_data(orgs, std::to_string(in.organisation_id)));
  web::set_error(data, ctx, outcome);
  if (project) {
    // The training session whose trainees co-build the project: a form of its own.
    data.set("session_action", url_of(project->id) + "/formation");
    auto sessions = service.session_choices(me, *project);
    std::vector<Choice> list;
    list.push_back({"0", ctx.t("projects.session.none")});
    list.insert(list.end(), sessions.begin(), sessions.end());
    std::string selected = std::to_string(project->training_session_id);
    if (session_outcome.ok == false) selected = ctx.form.get("session");
    data.set("sessions", choices_data(list, selected));
    data.set("no_sessions", web::flag(sessions.empty()));
    if (!session_outcome.ok) data.set("session_error", ctx.t(session_outcome.error));
  }
  data.set("css", ctx.app.asset_url("css/projects.css"));
  std::string title =
      project ? ctx.t("projects.form.edit_title", {{"title", project->title}}) : ctx.t("projects.form.new_title");
  return ctx.render("cooperation/projects/form", data, title, status);
}

// ---- the project's home

// Why the person sees the page: their role, or how they reach it without one.
std::string standing(const Context& ctx, const Access& a) {
  if (a.member()) return ctx.t("projects.home.your_role", {{"role", ctx.t("projects.roles." + a.role)}});
  if (a.admin) return ctx.t("projects.home.as_admin");
  return ctx.t("projects.home.as_reader");
}

// `typed`: the dates a refused form sent (shown again), `bad_field` the one at fault.
Data phases_data(const Context& ctx, const Project& p, const std::vector<Phase>& phases, const http::Form* typed,
                 const std::string& bad_field = "") {
  Data list{Data::type::list};
  for (const auto& kind : projects::phases()) {
    Phase dates{kind, "", ""};
    for (const auto& ph : phases)
      if (ph.kind == kind) dates = ph;
    if (typed) {
      dates.starts_on = typed->get("starts_" + kind);
      dates.ends_on = typed->get("ends_" + kind);
    }
    bool current = kind == p.phase;
    Data d{Data::type::object};
    d.set("kind", kind);
    d.set("label", phase_label(ctx, kind));
    d.set("current", web::flag(current));
    d.set("state", ctx.t("projects.phase_states." + phase_state(p.phase, kind)));
    d.set("starts_on", dates.starts_on);
    d.set("ends_on", dates.ends_on);
    d.set("invalid_starts", web::flag(bad_field == "starts_" + kind));
    d.set("invalid_ends", web::flag(bad_field == "ends_" + kind));
    std::string when;
    if (!dates.starts_on.empty() && !dates.ends_on.empty())
      when = ctx.t("projects.home.from_to", {{"from", day(dates.starts_on)}, {"to", day(dates.ends_on)}});
    else if (!dates.starts_on.empty()) when = ctx.t("projects.home.from", {{"from", day(dates.starts_on)}});
    else if (!dates.ends_on.empty()) when = ctx.t("projects.home.until", {{"to", day(dates.ends_on)}});
    else when = ctx.t("projects.home.no_dates");
    d.set("when", when);
    list.push_back(d);
  }
  return list;
}

Data partners_data(const Context& ctx, const std::vector<Partner>& partners, bool removable, long long project) {
  Data list{Data::type::list};
  for (const auto& p : partners) {
    Data d{Data::type::object};
    d.set("id", std::to_string(p.id));
    d.set("name", p.name);
    if (!p.kind.empty()) d.set("kind", ctx.t("organisations.kinds." + p.kind));
    web::set_if(d, "contribution", p.contribution);
    d.set("removable", web::flag(removable));
    d.set("remove_action", url_of(project) + "/partenaires/" + std::to_string(p.id) + "/retirer");
    list.push_back(d);
  }
  return list;
}

Data communes_data(const std::vector<Commune>& communes) {
  Data list{Data::type::list};
  for (const auto& c : communes) {
    Data d{Data::type::object};
    d.set("name", c.name);
    d.set("code", c.code);
    list.push_back(d);
  }
  return list;
}

// The modules' pages of a project, linked from its home (each module answers for its own page).
Data module_links(const Context& ctx, long long id) {
  static const std::vector<std::pair<std::string, std::string>> modules = {
      {"diagnostic", "diagnosis"}, {"indicateurs", "indicators"}, {"actions", "actions"},
      {"reunions", "meetings"},    {"decisions", "decisions"},    {"contributions", "contributions"},
      {"evaluation", "evaluation"}};
  Data list{Data::type::list};
  for (const auto& [path, key] : modules) {
    Data d{Data::type::object};
    d.set("url", url_of(id) + "/" + path);
    d.set("label", ctx.t("projects.modules." + key));
    d.set("help", ctx.t("projects.modules_help." + key));
    list.push_back(d);
  }
  return list;
}

// The project's home; `form` names the form an outcome answers (phase, dates, visibility).
http::Response project_page(Context& ctx, Service& service, long long id, const Outcome& outcome, int status,
                            const std::string& form) {
  Principal me = me_of(ctx);
  auto a = service.access(me, id);
  if (!a) return ctx.error(404);
  const Project& p = a->project;
  Data data{Data::type::object};
  data.set("id", std::to_string(id));
  data.set("title", p.title);
  data.set("question", p.question);
  if (!p.summary.empty()) data.set("summary_html", docs::markdown_to_html(p.summary));
  data.set("territory", p.territory_label);
  data.set("territory_kind", ctx.t("projects.territory_kinds." + p.territory_kind));
  auto communes = service.communes(id);
  data.set("communes", communes_data(communes));
  data.set("communes_count", ctx.t("projects.home.communes_count", {{"n", std::to_string(communes.size())}}));
  data.set("has_communes", web::flag(!communes.empty()));
  data.set("phase", phase_label(ctx, p.phase));
  data.set("closed", web::flag(p.phase == "closed"));
  bool bad_dates = form == "dates" && !outcome.ok;
  data.set("phases", phases_data(ctx, p, service.phases(id), bad_dates ? &ctx.form : nullptr,
                                 bad_dates ? outcome.field : std::string()));
  auto partners = service.partners(id);
  data.set("partners", partners_data(ctx, partners, false, id));
  data.set("no_partners", web::flag(partners.empty()));
  data.set("css", ctx.app.asset_url("css/projects.css"));
  if (a->summary_only) {
    // The public summary: nothing of its members, its work or its modules.
    data.set("login_url", "/connexion");
    return ctx.render("cooperation/projects/summary", data, p.title, status);
  }
  data.set("standing", standing(ctx, *a));
  data.set("visibility", ctx.t("projects.visibilities." + p.visibility));
  data.set("visibility_help", ctx.t("projects.visibility_help." + p.visibility));
  web::set_if(data, "organisation", p.organisation_name);
  auto members = service.members(id);
  Data shown{Data::type::list};
  for (std::size_t i = 0; i < members.size() && i < kHomeMembers; ++i) {
    const auto& m = members[i];
    Data d{Data::type::object};
    d.set("name", m.name);
    d.set("role", ctx.t("projects.roles." + m.role));
    web::set_if(d, "member_organisation", m.organisation_name);
    shown.push_back(d);
  }
  data.set("members", shown);
  data.set("members_count", ctx.t("projects.home.members_count", {{"n", std::to_string(members.size())}}));
  data.set("more_members", web::flag(members.size() > kHomeMembers));
  data.set("members_url", url_of(id) + "/membres");
  if (p.training_session_id) {
    auto title = service.training_session_title(p.training_session_id);
    if (!title.empty()) {
      data.set("session_title", title);
      data.set("session_url", "/formations/sessions/" + std::to_string(p.training_session_id));
    }
  }
  data.set("modules", module_links(ctx, id));
  data.set("methods_url", "/cooperation/methodes");
  bool facilitates = a->facilitates();
  data.set("facilitates", web::flag(facilitates));
  if (facilitates) {
    data.set("edit_url", url_of(id) + "/modifier");
    data.set("phase_action", url_of(id) + "/phase");
    data.set("dates_action", url_of(id) + "/phases");
    data.set("visibility_action", url_of(id) + "/visibilite");
    std::vector<std::string> all = projects::phases();
    all.emplace_back("closed");
    data.set("phase_options", web::options(ctx, all, "projects.phases.",
                                           form == "phase" && !outcome.ok ? ctx.form.get("phase") : p.phase));
    Data visibilities{Data::type::list};
    for (const auto& v : projects::visibilities()) {
      Data o{Data::type::object};
      o.set("value", v);
      o.set("label", ctx.t("projects.visibilities." + v));
      o.set("help", ctx.t("projects.visibility_help." + v));
      o.set("checked", web::flag(v == p.visibility));
      visibilities.push_back(o);
    }
    data.set("visibilities", visibilities);
  }
  if (!form.empty()) web::set_error(data, ctx, outcome, form);
  return ctx.render("cooperation/projects/project", data, p.title, status);
}

// ---- members and partners

// `form` names the form an outcome answers: "add", "partner", or "member_<id>" (a row's role or removal).
http::Response members_page(Context& ctx, Service& service, long long id, const Outcome& outcome, int status,
                            const std::string& form) {
  auto a = service.access(me_of(ctx), id);
  if (!a || !a->reads()) return ctx.error(404);
  const Project& p = a->project;
  bool facilitates = a->facilitates();
  auto members = service.members(id);
  long long total = static_cast<long long>(members.size());
  long long page = std::min(web::page_param(ctx.req), std::max(1LL, (total + kMembersPerPage - 1) / kMembersPerPage));
  Data rows{Data::type::list};
  for (long long i = (page - 1) * kMembersPerPage; i < total && i < page * kMembersPerPage; ++i) {
    const auto& m = members[static_cast<std::size_t>(i)];
    Data d{Data::type::object};
    d.set("id", std::to_string(m.id));
    d.set("name", m.name);
    if (facilitates) d.set("email", m.email);
    d.set("role", ctx.t("projects.roles." + m.role));
    web::set_if(d, "member_organisation", m.organisation_name);
    std::string row_form = "member_" + std::to_string(m.id);
    std::string selected = form == row_form && !outcome.ok ? ctx.form.get("role") : m.role;
    d.set("roles", web::options(ctx, projects::roles(), "projects.roles.", selected));
    d.set("role_action", "/cooperation/membres/" + std::to_string(m.id) + "/role");
    d.set("remove_action", "/cooperation/membres/" + std::to_string(m.id) + "/retirer");
    if (form == row_form && !outcome.ok) d.set("row_error", ctx.t(outcome.error));
    rows.push_back(d);
  }
  Data data{Data::type::object};
  data.set("id", std::to_string(id));
  data.set("title", p.title);
  data.set("project_url", url_of(id));
  data.set("members", rows);
  data.set("members_count", ctx.t("projects.home.members_count", {{"n", std::to_string(total)}}));
  data.set("pagination", web::pagination(ctx, page, kMembersPerPage, total, url_of(id) + "/membres?"));
  data.set("facilitates", web::flag(facilitates));
  auto partners = service.partners(id);
  data.set("partners", partners_data(ctx, partners, facilitates, id));
  data.set("no_partners", web::flag(partners.empty()));
  if (facilitates) {
    data.set("add_action", url_of(id) + "/membres");
    data.set("partner_action", url_of(id) + "/partenaires");
    bool typed_add = form == "add" && !outcome.ok;
    data.set("add_email", typed_add ? ctx.form.get("email") : std::string());
    data.set("add_roles", web::options(ctx, projects::roles(), "projects.roles.",
                                       typed_add ? ctx.form.get("role") : std::string("member")));
    std::vector<Choice> orgs;
    orgs.push_back({"0", ctx.t("projects.members.own_name")});
    auto directory = service.organisation_choices();
    orgs.insert(orgs.end(), directory.begin(), directory.end());
    data.set("add_organisations", choices_data(orgs, typed_add ? ctx.form.get("organisation") : "0"));
    bool typed_partner = form == "partner" && !outcome.ok;
    std::vector<Choice> candidates;
    for (const auto& c : directory)
      if (std::none_of(partners.begin(), partners.end(),
                       [&](const Partner& pa) { return std::to_string(pa.organisation_id) == c.value; }))
        candidates.push_back(c);
    data.set("partner_organisations", choices_data(candidates, typed_partner ? ctx.form.get("organisation") : ""));
    data.set("partner_contribution", typed_partner ? ctx.form.get("contribution") : std::string());
  }
  if (!form.empty() && form.rfind("member_", 0) != 0) web::set_error(data, ctx, outcome, form);
  if (!outcome.ok && form.rfind("member_", 0) == 0) data.set("row_failed", web::flag(true));
  data.set("css", ctx.app.asset_url("css/projects.css"));
  return ctx.render("cooperation/projects/members", data, ctx.t("projects.members.title", {{"title", p.title}}),
                    status);
}

// ---- dashboard

std::optional<web::DashboardPanel> projects_panel(Context& ctx, Service& service) {
  long long total = 0;
  auto mine = service.mine(ctx.me().id, 5, total);
  if (mine.empty()) return std::nullopt;
  web::DashboardPanel panel;
  panel.key = "cooperation-projects";
  panel.title = ctx.t("projects.dashboard.title");
  panel.empty = ctx.t("projects.dashboard.empty");
  panel.more_url = "/cooperation";
  panel.more_label = ctx.t("projects.dashboard.more");
  if (total > static_cast<long long>(mine.size())) panel.count = total;
  for (const auto& m : mine) {
    std::string detail = ctx.t("projects.dashboard.detail", {{"role", ctx.t("projects.roles." + m.role)},
                                                             {"phase", phase_label(ctx, m.project.phase)},
                                                             {"territory", m.project.territory_label}});
    // When the current phase ends, if its dates are set.
    std::string when;
    for (const auto& ph : service.phases(m.project.id))
      if (ph.kind == m.project.phase && !ph.ends_on.empty())
        when = ctx.t("projects.dashboard.phase_ends", {{"date", day(ph.ends_on)}});
    panel.items.push_back({m.project.title, url_of(m.project.id), detail, when, false});
  }
  return panel;
}

std::vector<Phase> dates_of(const http::Form& f) {
  std::vector<Phase> out;
  for (const auto& kind : projects::phases())
    out.push_back(Phase{kind, f.get("starts_" + kind), f.get("ends_" + kind)});
  return out;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation", web::perm::public_access, [&service](Context& ctx) { return list_page(ctx, service); });

  app.get("/cooperation/projets/nouveau", web::perm::authenticated, [&service](Context& ctx) {
    ProjectForm in;
    return form_page(ctx, service, nullptr, in, Outcome::success(), 200);
  });
  app.post("/cooperation/projets/nouveau", web::perm::authenticated, [&service](Context& ctx) {
    ProjectForm in = form_of(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "projects.form.created", url_of(outcome.id),
                       [&](const Outcome& o, int status) { return form_page(ctx, service, nullptr, in, o, status); });
  });

  app.get("/cooperation/projets/{id:int}", web::perm::public_access, [&service](Context& ctx) {
    return project_page(ctx, service, ctx.req.int_param("id"), Outcome::success(), 200, "");
  });

  app.get("/cooperation/projets/{id:int}/modifier", web::perm::authenticated, [&service](Context& ctx) {
    auto a = service.access(ctx.me(), ctx.req.int_param("id"));
    if (!a) return ctx.error(404);
    if (!a->facilitates()) return ctx.error(403);
    return form_page(ctx, service, &a->project, form_from(a->project, service.communes(a->project.id)),
                     Outcome::success(), 200);
  });
  app.post("/cooperation/projets/{id:int}/modifier", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    ProjectForm in = form_of(ctx.form);
    auto outcome = service.update(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "projects.form.saved", url_of(id), [&](const Outcome& o, int status) {
      auto a = service.access(ctx.me(), id);
      if (!a) return ctx.error(404);
      return form_page(ctx, service, &a->project, in, o, status);
    });
  });

  app.post("/cooperation/projets/{id:int}/formation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::string raw = trim(ctx.form.get("session"));
    long long session = raw == "0" ? 0 : web::parse_id(raw);
    auto outcome = raw.empty() || (raw != "0" && session == 0)
                       ? Outcome::failure("projects.errors.session", "session")
                       : service.link_training_session(web::actor_of(ctx), ctx.me(), id, session);
    // A project the person may not see, or not run, is refused before the form's own errors.
    if (!outcome.ok && !outcome.denied()) {
      auto a = service.access(ctx.me(), id);
      if (!a) outcome = Outcome::not_found();
      else if (!a->facilitates()) outcome = Outcome::forbidden();
    }
    return web::finish(ctx, outcome, session ? "projects.session.linked" : "projects.session.unlinked", url_of(id),
                       [&](const Outcome& o, int status) {
                         auto a = service.access(ctx.me(), id);
                         if (!a) return ctx.error(404);
                         return form_page(ctx, service, &a->project,
                                          form_from(a->project, service.communes(a->project.id)), Outcome::success(),
                                          status, o);
                       });
  });

  app.post("/cooperation/projets/{id:int}/phase", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.set_phase(web::actor_of(ctx), ctx.me(), id, ctx.form.get("phase"));
    return web::finish(ctx, outcome, "projects.home.phase_changed", url_of(id), [&](const Outcome& o, int status) {
      return project_page(ctx, service, id, o, status, "phase");
    });
  });
  app.post("/cooperation/projets/{id:int}/phases", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.set_phase_dates(web::actor_of(ctx), ctx.me(), id, dates_of(ctx.form));
    return web::finish(
        ctx, outcome, "projects.home.dates_saved", url_of(id) + "#phases",
        [&](const Outcome& o, int status) { return project_page(ctx, service, id, o, status, "dates"); });
  });
  app.post("/cooperation/projets/{id:int}/visibilite", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.set_visibility(web::actor_of(ctx), ctx.me(), id, ctx.form.get("visibility"));
    return web::finish(ctx, outcome, "projects.home.visibility_saved", url_of(id), [&](const Outcome& o, int status) {
      return project_page(ctx, service, id, o, status, "visibility");
    });
  });

  app.get("/cooperation/projets/{id:int}/membres", web::perm::authenticated, [&service](Context& ctx) {
    return members_page(ctx, service, ctx.req.int_param("id"), Outcome::success(), 200, "");
  });
  app.post("/cooperation/projets/{id:int}/membres", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_member(web::actor_of(ctx), ctx.me(), id, ctx.form.get("email"), ctx.form.get("role"),
                                      web::parse_id(ctx.form.get("organisation")));
    return web::finish_with(
        ctx, outcome, "projects.members.added", {{"email", trim(ctx.form.get("email"))}}, url_of(id) + "/membres",
        [&](const Outcome& o, int status) { return members_page(ctx, service, id, o, status, "add"); });
  });
  app.post("/cooperation/membres/{id:int}/role", web::perm::authenticated, [&service](Context& ctx) {
    long long member = ctx.req.int_param("id");
    auto outcome = service.set_role(web::actor_of(ctx), ctx.me(), member, ctx.form.get("role"));
    return web::finish(ctx, outcome, "projects.members.role_changed", url_of(outcome.id) + "/membres",
                       [&](const Outcome& o, int status) {
                         return members_page(ctx, service, service.project_of_member(member), o, status,
                                             "member_" + std::to_string(member));
                       });
  });
  app.post("/cooperation/membres/{id:int}/retirer", web::perm::authenticated, [&service](Context& ctx) {
    long long member = ctx.req.int_param("id");
    auto outcome = service.remove_member(web::actor_of(ctx), ctx.me(), member);
    return web::finish(ctx, outcome, "projects.members.removed", url_of(outcome.id) + "/membres",
                       [&](const Outcome& o, int status) {
                         return members_page(ctx, service, service.project_of_member(member), o, status,
                                             "member_" + std::to_string(member));
                       });
  });
  app.post("/cooperation/projets/{id:int}/partenaires", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_partner(web::actor_of(ctx), ctx.me(), id, web::parse_id(ctx.form.get("organisation")),
                                       ctx.form.get("contribution"));
    return web::finish(
        ctx, outcome, "projects.partners.added", url_of(id) + "/membres#partenaires",
        [&](const Outcome& o, int status) { return members_page(ctx, service, id, o, status, "partner"); });
  });
  app.post("/cooperation/projets/{id:int}/partenaires/{partner:int}/retirer", web::perm::authenticated,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.remove_partner(web::actor_of(ctx), ctx.me(), id, ctx.req.int_param("partner"));
             return web::finish(
                 ctx, outcome, "projects.partners.removed", url_of(id) + "/membres#partenaires",
                 [&](const Outcome& o, int status) { return members_page(ctx, service, id, o, status, "partner"); });
           });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(350, [&service](Context& ctx) { return projects_panel(ctx, service); });
}

}  // namespace trame::projects
