#include "certification/juries/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::juries {

namespace {

using web::Context;
using web::Data;

std::string jury_url(long long session_id) {
  return "/certifications/sessions/" + std::to_string(session_id) + "/jury";
}
std::string grid_url(long long entry_id) {
  return "/certifications/entrees/" + std::to_string(entry_id) + "/grille";
}

ActingFor managed_by(const Context& ctx) {
  return ctx.me().acting_for(web::perm::certifications_manage);
}

std::string conflict_label(const Context& ctx, const Conflict& c) {
  std::string label = ctx.t("juries.conflicts." + c.kind);
  if (!c.detail.empty()) label += " : " + c.detail;
  return label;
}

http::Response jury_page(Context& ctx, Service& service, const Outcome& outcome, int status) {
  long long id = ctx.req.int_param("id");
  auto s = service.evaluations().managed_session(managed_by(ctx), id);
  if (!s) return ctx.error(404);
  auto members = service.members(id);
  long long validated = service.jury_validated_at(id);
  Data data{Data::type::object};
  data.set("session_id", std::to_string(id));
  data.set("session", s->title);
  data.set("session_url", "/certifications/sessions/" + std::to_string(id));
  data.set("certification", s->certification_title);
  data.set("editable", web::flag(!validated && s->status != "closed"));
  if (validated) data.set("validated", ctx.t("juries.page.validated", {{"when", format_local(validated, "%d/%m/%Y")}}));
  Data list{Data::type::list};
  for (const auto& m : members) {
    Data d{Data::type::object};
    d.set("id", std::to_string(m.id));
    d.set("name", m.name);
    d.set("email", m.email);
    d.set("kind", ctx.t("juries.kinds." + m.kind));
    d.set("chair", web::flag(m.chair));
    list.push_back(d);
  }
  data.set("members", list);
  data.set("no_members", web::flag(members.empty()));
  data.set("kinds", web::options(ctx, member_kinds(), "juries.kinds.", "professional"));
  // Candidates × members: who grades whom, and why not.
  Data candidates{Data::type::list};
  bool problems = false;
  std::string short_list;  // the candidates short of graders, and why: for the refusal's message
  for (const auto& g : service.graders(id)) {
    Data c{Data::type::object};
    c.set("code", g.code);
    c.set("registration", std::to_string(g.registration_id));
    Data cells{Data::type::list};
    for (const auto& m : members) {
      Data cell{Data::type::object};
      bool eligible = std::find(g.eligible.begin(), g.eligible.end(), m.user_id) != g.eligible.end();
      std::string why;
      for (const auto& k : g.conflicts)
        if (k.user_id == m.user_id) why += (why.empty() ? "" : " ; ") + conflict_label(ctx, k);
      cell.set("eligible", web::flag(eligible));
      cell.set("label", eligible ? ctx.t("juries.page.grades") : why);
      cells.push_back(cell);
    }
    c.set("cells", cells);
    c.set("count", ctx.t("juries.page.eligible_count", {{"n", std::to_string(g.eligible.size())}}));
    bool short_of = g.eligible.size() < 2;
    c.set("short", web::flag(short_of));
    if (short_of) {
      std::string why;
      for (const auto& m : members)
        for (const auto& k : g.conflicts)
          if (k.user_id == m.user_id) why += (why.empty() ? "" : ", ") + m.name + " — " + conflict_label(ctx, k);
      short_list += (short_list.empty() ? "" : " ; ") +
                    ctx.t("juries.errors.short_candidate", {{"code", g.code},
                                                            {"n", std::to_string(g.eligible.size())},
                                                            {"why", why.empty() ? std::string() : " (" + why + ")"}});
    }
    problems = problems || short_of;
    candidates.push_back(c);
  }
  data.set("candidates", candidates);
  data.set("no_candidates", web::flag(candidates.is_empty_list()));
  data.set("problems", web::flag(problems));
  Data member_options{Data::type::list};
  for (const auto& m : members) {
    Data d{Data::type::object};
    d.set("value", std::to_string(m.user_id));
    d.set("label", m.name);
    member_options.push_back(d);
  }
  data.set("member_options", member_options);
  web::set_error(data, ctx, outcome);
  // The refusal names each candidate short of graders and the conflicts that exclude the others.
  if (outcome.error == "juries.errors.too_few_graders" && !short_list.empty())
    data.set("error", ctx.t("juries.errors.too_few_graders_named", {{"list", short_list}}));
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/juries/jury", data, ctx.t("juries.page.title", {{"session", s->title}}), status);
}

// The candidates the signed-in person grades, session by session.
http::Response mine_page(Context& ctx, Service& service) {
  Data data{Data::type::object};
  Data items{Data::type::list};
  for (const auto& t : service.to_grade(ctx.me().id)) {
    Data d{Data::type::object};
    d.set("session", t.session_title);
    d.set("day", short_french_date(t.day));
    d.set("code", t.code);
    d.set("url", grid_url(t.entry_id));
    d.set("status", ctx.t("juries.grid_statuses." + t.status));
    d.set("gradable", web::flag(t.status != "conflict"));
    d.set("deliberation_url", "/certifications/sessions/" + std::to_string(t.session_id) + "/deliberation");
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/juries/mine", data, ctx.t("juries.mine.title"));
}

http::Response grid_page(Context& ctx, Service& service, long long entry_id, const std::vector<Mark>* typed,
                         const Outcome& outcome, int status) {
  auto v = service.grid_view(ctx.me(), entry_id);
  if (!v) return ctx.error(404);
  Data data{Data::type::object};
  data.set("entry_id", std::to_string(entry_id));
  data.set("code", v->entry.code);
  data.set("session", v->session.title);
  data.set("certification", v->session.certification_title);
  data.set("mine_url", "/certifications/jury");
  bool submitted = v->grid && v->grid->status == "submitted";
  bool conflict = !v->conflicts.empty();
  data.set("conflict", web::flag(conflict));
  // A member in conflict with the candidate may not open the grid: the page says why.
  if (conflict && status == 200) status = 403;
  if (conflict) {
    std::string why;
    for (const auto& c : v->conflicts) why += (why.empty() ? "" : " ; ") + conflict_label(ctx, c);
    data.set("conflict_reason", why);
  }
  data.set("not_validated", web::flag(!v->jury_validated));
  data.set("submitted", web::flag(submitted));
  data.set("editable", web::flag(!submitted && !conflict && v->jury_validated && v->session.status != "closed"));
  if (v->grid && v->grid->reopened_at)
    data.set("reopened", ctx.t("juries.grid.reopened", {{"reason", v->grid->reopened_reason}}));
  Data blocks{Data::type::list};
  for (const auto& b : v->blocks) {
    Data bd{Data::type::object};
    bd.set("code", b.code);
    bd.set("title", b.title);
    Data criteria{Data::type::list};
    for (const auto& k : b.competences)
      for (const auto& c : k.criteria) {
        Data cd{Data::type::object};
        cd.set("id", std::to_string(c.id));
        cd.set("title", c.title);
        cd.set("competence", k.title);
        cd.set("modality", ctx.t("certification.modalities." + c.modality));
        const Mark* m = nullptr;
        if (typed) {
          for (const auto& t : *typed)
            if (t.criterion_id == c.id) m = &t;
        } else if (v->grid) {
          m = v->grid->mark(c.id);
        }
        std::string mark = m ? m->mark : "";
        Data options{Data::type::list};
        for (const auto& value : marks()) {
          Data o{Data::type::object};
          o.set("value", value);
          o.set("label", ctx.t("juries.marks." + value));
          o.set("checked", web::flag(value == mark));
          options.push_back(o);
        }
        cd.set("options", options);
        cd.set("comment", m ? m->comment : "");
        if (!mark.empty()) cd.set("mark_label", ctx.t("juries.marks." + mark));
        std::string field = "mark_" + std::to_string(c.id);
        if (!outcome.ok && (outcome.field == field || outcome.field == "comment_" + std::to_string(c.id)))
          cd.set("invalid", web::flag(true));
        criteria.push_back(cd);
      }
    bd.set("criteria", criteria);
    blocks.push_back(bd);
  }
  data.set("blocks", blocks);
  Data cases{Data::type::list};
  for (const auto& c : service.cases_for_jury(ctx.me(), v->session.id)) {
    Data d{Data::type::object};
    d.set("title", c.title);
    d.set("url", "/certifications/jury/cas/" + std::to_string(c.id));
    cases.push_back(d);
  }
  data.set("has_cases", web::flag(!cases.is_empty_list()));
  data.set("cases", cases);
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/juries/grid", data, ctx.t("juries.grid.title", {{"code", v->entry.code}}), status);
}

std::vector<Mark> marks_input(const http::Form& f) {
  std::vector<Mark> out;
  for (const auto& id : f.all("criterion")) {
    long long criterion = web::parse_id(id);
    if (!criterion) continue;
    out.push_back(Mark{criterion, f.get("mark_" + id), f.get("comment_" + id)});
  }
  return out;
}

std::optional<web::DashboardPanel> juror_panel(Context& ctx, Service& service) {
  auto list = service.to_grade(ctx.me().id);
  if (list.empty()) return std::nullopt;
  web::DashboardPanel panel;
  panel.key = "certification-jury";
  panel.title = ctx.t("juries.dashboard.title");
  panel.empty = ctx.t("juries.dashboard.empty");
  panel.more_url = "/certifications/jury";
  panel.more_label = ctx.t("juries.dashboard.more");
  for (const auto& t : list) {
    if (t.status == "submitted" || t.status == "conflict") continue;
    panel.items.push_back({ctx.t("juries.dashboard.grade", {{"code", t.code}}), grid_url(t.entry_id),
                           t.session_title + " — " + ctx.t("juries.grid_statuses." + t.status),
                           short_french_date(t.day), false});
  }
  return panel;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/certifications/sessions/{id:int}/jury", web::perm::certifications_manage,
          [&service](Context& ctx) { return jury_page(ctx, service, Outcome::success(), 200); });
  app.post("/certifications/sessions/{id:int}/jury", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_member(web::actor_of(ctx), managed_by(ctx), id, ctx.form.get("email"),
                                      ctx.form.get("kind"), ctx.form.get("chair") == "1");
    return web::finish(ctx, outcome, "juries.page.added", jury_url(id),
                       [&](const Outcome& o, int status) { return jury_page(ctx, service, o, status); });
  });
  app.post("/certifications/jures/{id:int}/retirer", web::perm::certifications_manage, [&service](Context& ctx) {
    auto outcome = service.remove_member(web::actor_of(ctx), managed_by(ctx), ctx.req.int_param("id"));
    return web::finish(ctx, outcome, "juries.page.removed", jury_url(outcome.id),
                       web::back_to(ctx, jury_url(web::parse_id(ctx.form.get("session")))));
  });
  app.post("/certifications/jures/{id:int}/president", web::perm::certifications_manage, [&service](Context& ctx) {
    auto outcome = service.make_chair(web::actor_of(ctx), managed_by(ctx), ctx.req.int_param("id"));
    return web::finish(ctx, outcome, "juries.page.chair_set", jury_url(outcome.id),
                       web::back_to(ctx, jury_url(web::parse_id(ctx.form.get("session")))));
  });
  app.post("/certifications/sessions/{id:int}/conflits", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long user = web::parse_id(ctx.form.get("member"));
    if (!user) user = ctx.me().id;  // a member declares for themself
    auto outcome = service.declare_conflict(web::actor_of(ctx), ctx.me(), id, web::parse_id(ctx.form.get("candidate")),
                                            user, ctx.form.get("reason"));
    std::string back = ctx.form.get("back") == "jury" ? jury_url(id) : std::string("/certifications/jury");
    return web::finish(ctx, outcome, "juries.page.conflict_declared", back, web::back_to(ctx, back));
  });
  app.post("/certifications/sessions/{id:int}/jury/valider", web::perm::certifications_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.validate_jury(web::actor_of(ctx), managed_by(ctx), id);
             return web::finish(ctx, outcome, "juries.page.validated_done", jury_url(id),
                                [&](const Outcome& o, int status) { return jury_page(ctx, service, o, status); });
           });
  app.get("/certifications/jury", web::perm::authenticated,
          [&service](Context& ctx) { return mine_page(ctx, service); });
  // A confidential case, for the session's jury from its day on.
  app.get("/certifications/jury/cas/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto c = service.case_for_jury(ctx.me(), ctx.req.int_param("id"));
    if (!c) return ctx.error(404);
    Data data{Data::type::object};
    data.set("title", c->title);
    data.set("body", c->body);
    data.set("session_url", "/certifications/jury");
    data.set("css", ctx.app.asset_url("css/certification.css"));
    auto res = ctx.render("certification/evaluations/case", data, c->title);
    res.set_header("Cache-Control", "no-store");
    return res;
  });
  app.get("/certifications/entrees/{id:int}/grille", web::perm::authenticated, [&service](Context& ctx) {
    return grid_page(ctx, service, ctx.req.int_param("id"), nullptr, Outcome::success(), 200);
  });
  app.post("/certifications/entrees/{id:int}/grille", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto marks = marks_input(ctx.form);
    bool submit = ctx.form.get("action") == "submit";
    auto outcome = service.save_grid(web::actor_of(ctx), ctx.me(), id, marks, submit);
    return web::finish(ctx, outcome, submit ? "juries.grid.submitted_done" : "juries.grid.saved", grid_url(id),
                       [&](const Outcome& o, int status) { return grid_page(ctx, service, id, &marks, o, status); });
  });
  // The chair reopens a grid from the deliberation page: the route is deliberation's (routes.cpp).
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(245, [&service](Context& ctx) { return juror_panel(ctx, service); });
}

}  // namespace trame::juries
