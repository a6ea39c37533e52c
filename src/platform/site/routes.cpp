#include "platform/site/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::site {

namespace {

web::Data panel_data(const web::DashboardPanel& p) {
  web::Data d{web::Data::type::object};
  d.set("key", p.key);
  d.set("title", p.title);
  web::Data items{web::Data::type::list};
  for (const auto& i : p.items) {
    web::Data item{web::Data::type::object};
    item.set("label", i.label);
    web::set_if(item, "url", i.url);
    web::set_if(item, "detail", i.detail);
    web::set_if(item, "when", i.when);
    item.set("urgent", web::flag(i.urgent));
    items.push_back(item);
  }
  d.set("has_items", web::flag(!p.items.empty()));
  d.set("items", items);
  d.set("empty", p.empty);
  web::set_if(d, "more_url", p.more_url);
  web::set_if(d, "more_label", p.more_label);
  if (p.count >= 0) d.set("count", std::to_string(p.count));
  return d;
}

}  // namespace

void register_routes(web::App& app, Service& service, const web::Dashboard& dashboard) {
  // The home page `/` is content: src/website/home.
  // The entrance to the network's life (events, programmes, members, volunteering, newsletters): one menu
  // entry instead of five; the cards shown follow the reader's roles, each page checks its own rights.
  app.get("/vie-du-reseau", web::perm::public_access, [](web::Context& ctx) {
    return ctx.render("platform/site/network_life", web::Data{web::Data::type::object},
                      ctx.t("network_life_hub.title"));
  });

  app.get("/tableau-de-bord", web::perm::authenticated, [&service, &dashboard](web::Context& ctx) {
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
    web::Data panels{web::Data::type::list};
    for (const auto& p : dashboard.panels(ctx)) panels.push_back(panel_data(p));
    data.set("panels", panels);
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
