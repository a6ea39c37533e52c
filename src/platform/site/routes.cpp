#include "platform/site/service.hpp"
#include "platform/web/app.hpp"

namespace trame::site {

void register_routes(web::App& app, Service& service) {
  app.get("/", web::perm::public_access, [](web::Context& ctx) {
    auto res = ctx.render("platform/site/home", web::Data{web::Data::type::object}, ctx.t("home.title"));
    return res;
  });

  app.get("/tableau-de-bord", web::perm::authenticated, [&service](web::Context& ctx) {
    web::Data data{web::Data::type::object};
    data.set("greeting", ctx.t("dashboard.greeting", {{"name", ctx.me().name}}));
    web::Data roles{web::Data::type::list};
    for (const auto& m : ctx.me().memberships) {
      web::Data r{web::Data::type::object};
      r.set("role", ctx.t("roles." + m.role));
      r.set("organisation", m.organisation_name);
      r.set("url", "/admin/organisations/" + std::to_string(m.organisation_id));
      r.set("linkable", web::flag(ctx.me().can_in(web::perm::organisations_view, m.organisation_id)));
      roles.push_back(r);
    }
    data.set("memberships", roles);
    if (ctx.me().is_admin()) {
      auto f = service.figures();
      data.set("figures", web::flag(true));
      data.set("organisations_count", std::to_string(f.organisations));
      data.set("users_count", std::to_string(f.users));
      data.set("invitations_count", std::to_string(f.pending_invitations));
      data.set("mail_count", std::to_string(f.mail_pending));
      data.set("dev_mailbox", web::flag(ctx.app.config.serves_dev_mailbox()));
    }
    return ctx.render("platform/site/dashboard", data, ctx.t("dashboard.title"));
  });
}

}  // namespace trame::site
