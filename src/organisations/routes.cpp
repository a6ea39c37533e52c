#include "organisations/service.hpp"
#include "web/app.hpp"

namespace trame::organisations {

namespace {

web::Data org_data(const web::Context& ctx, const Organisation& o) {
  web::Data d{web::Data::type::object};
  d.set("id", std::to_string(o.id));
  d.set("name", o.name);
  d.set("kind", o.kind);
  d.set("kind_label", ctx.t("organisations.kinds." + o.kind));
  d.set("status_label", ctx.t("organisations.statuses." + o.status));
  d.set("archived", web::flag(o.status == "archived"));
  d.set("members", std::to_string(o.member_count));
  d.set("url", "/admin/organisations/" + std::to_string(o.id));
  return d;
}

http::Response list_page(web::Context& ctx, Service& service, const std::string& error, const std::string& name,
                         const std::string& kind, int status) {
  const long long per_page = 25;
  long long page = web::page_param(ctx.req);
  std::string query = ctx.req.query_param("q").value_or("");
  long long total = 0;
  web::Data rows{web::Data::type::list};
  for (const auto& o : service.page(query, page, per_page, total)) rows.push_back(org_data(ctx, o));
  web::Data data{web::Data::type::object};
  data.set("organisations", rows);
  data.set("q", query);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, per_page, total, "/admin/organisations?q=" + query + "&"));
  data.set("can_create", web::flag(ctx.me().is_admin()));
  data.set("kinds", web::options(ctx, kinds(), "organisations.kinds.", kind));
  data.set("form_name", name);
  if (!error.empty()) data.set("error", error);
  return ctx.render("organisations/list", data, ctx.t("organisations.title"), status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/admin/organisations", web::perm::organisations_view, [&service](web::Context& ctx) {
    if (!ctx.me().is_admin()) {
      // A coordinator or member sees their own organisations only.
      for (const auto& m : ctx.me().memberships)
        if (ctx.me().can_in(web::perm::organisations_view, m.organisation_id))
          return ctx.redirect("/admin/organisations/" + std::to_string(m.organisation_id));
      return ctx.error(403);
    }
    return list_page(ctx, service, "", "", "social", 200);
  });

  app.post("/admin/organisations", web::perm::organisations_manage, [&service](web::Context& ctx) {
    if (!ctx.me().is_admin()) return ctx.error(403);
    std::string name = ctx.form.get("name");
    std::string kind = ctx.form.get("kind");
    auto outcome = service.create(web::actor_of(ctx), name, kind);
    if (!outcome.ok) return list_page(ctx, service, ctx.t(outcome.error), name, kind, 422);
    ctx.flash("success", ctx.t("organisations.created", {{"name", name}}));
    return ctx.redirect("/admin/organisations/" + std::to_string(outcome.id));
  });

  app.get("/admin/organisations/{id:int}", web::perm::organisations_view, [&service](web::Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (!ctx.me().can_in(web::perm::organisations_view, id)) return ctx.error(403);
    auto o = service.find(id);
    if (!o) return ctx.error(404);
    web::Data data = org_data(ctx, *o);
    web::Data members{web::Data::type::list};
    for (const auto& m : service.members(id)) {
      web::Data row{web::Data::type::object};
      row.set("name", m.name);
      row.set("email", m.email);
      row.set("role_label", ctx.t("roles." + m.role));
      row.set("disabled", web::flag(m.disabled != 0));
      members.push_back(row);
    }
    data.set("member_list", members);
    data.set("can_edit", web::flag(ctx.me().can_in(web::perm::organisations_manage, id)));
    data.set("kinds", web::options(ctx, kinds(), "organisations.kinds.", o->kind));
    data.set("statuses", web::options(ctx, {"active", "archived"}, "organisations.statuses.", o->status));
    return ctx.render("organisations/show", data, o->name);
  });

  app.post("/admin/organisations/{id:int}", web::perm::organisations_manage, [&service](web::Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (!ctx.me().can_in(web::perm::organisations_manage, id)) return ctx.error(403);
    auto outcome = service.update(web::actor_of(ctx), id, ctx.form.get("name"), ctx.form.get("kind"),
                                  ctx.form.get("status"));
    if (!outcome.ok) {
      ctx.flash("error", ctx.t(outcome.error));
    } else {
      ctx.flash("success", ctx.t("organisations.updated"));
    }
    return ctx.redirect("/admin/organisations/" + std::to_string(id));
  });
}

}  // namespace trame::organisations
