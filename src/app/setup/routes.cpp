#include "app/setup/service.hpp"
#include "platform/web/app.hpp"

namespace trame::setup {

namespace {

using web::Context;
using web::Data;

http::Response installation_page(Context& ctx, const std::string& token, const Installation& in, const Outcome& outcome,
                                 int status) {
  Data data{Data::type::object};
  data.set("token", token);
  data.set("organisation_name", in.organisation_name);
  data.set("commune", in.commune);
  data.set("admin_name", in.admin_name);
  data.set("admin_email", in.admin_email);
  Data kinds{Data::type::list};
  for (const auto& k : organisations::kinds()) {
    Data item{Data::type::object};
    item.set("value", k);
    item.set("label", ctx.t("organisations.kinds." + k));
    item.set("selected", web::flag(k == in.organisation_kind));
    kinds.push_back(item);
  }
  data.set("kinds", kinds);
  if (!outcome.ok) {
    std::string message = ctx.t(outcome.error);
    data.set("error", message);
    data.set("error_" + (outcome.field.empty() ? std::string("form") : outcome.field), message);
  }
  return ctx.render("app/setup/installation", data, ctx.t("setup.title"), status);
}

}  // namespace

// The first-run page: only while no account exists (404 afterwards), from the server's machine or
// with the one-time token the server printed at start.
void register_routes(web::App& app, Service& service) {
  app.get("/installation", web::perm::public_access, [&service](Context& ctx) {
    if (service.installed()) return ctx.error(404);
    std::string token = ctx.req.query_param("jeton").value_or("");
    if (!service.may_use_first_run(ctx.req.is_loopback(), token)) return ctx.error(403, ctx.t("setup.forbidden"));
    Installation in;
    in.organisation_kind = "authority";
    return installation_page(ctx, token, in, Outcome::success(), 200);
  });

  app.post("/installation", web::perm::public_access, [&service](Context& ctx) {
    if (service.installed()) return ctx.error(404);
    std::string token = ctx.form.get("jeton");
    if (!service.may_use_first_run(ctx.req.is_loopback(), token)) return ctx.error(403, ctx.t("setup.forbidden"));
    Installation in;
    in.organisation_name = ctx.form.get("organisation_name");
    in.organisation_kind = ctx.form.get("organisation_kind");
    in.commune = ctx.form.get("commune");
    in.admin_name = ctx.form.get("admin_name");
    in.admin_email = ctx.form.get("admin_email");
    in.password = ctx.form.get("password");
    in.password_confirm = ctx.form.get("password_confirm");
    Installed done;
    auto outcome = service.install({0, "installation", ctx.client_ip()}, in, done);
    if (!outcome.ok) {
      if (outcome.error == "setup.errors.already_installed") return ctx.error(404);
      return installation_page(ctx, token, in, outcome, 422);
    }
    ctx.flash("success", ctx.t("setup.done", {{"organisation", done.organisation_name}}));
    return ctx.redirect("/connexion");
  });
}

}  // namespace trame::setup
