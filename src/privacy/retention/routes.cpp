#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "privacy/retention/service.hpp"

namespace trame::privacy::retention {

namespace {

using web::Context;
using web::Data;

constexpr const char* kPage = "/admin/vie-privee/conservation";

// What the next run would do, per rule; after a refused « Appliquer maintenant », its message.
// With `field` and `typed` after a refused change of the rules: the field at fault and the values typed.
http::Response page(Context& ctx, Service& service, const std::string& error = "", int status = 200,
                    const std::string& field = "", const web::Params& typed = {}) {
  auto run = service.preview(store::now_seconds());
  Data rows{Data::type::list};
  for (const auto& c : run.rules) {
    Data r{Data::type::object};
    r.set("key", c.rule.key);
    r.set("label", ctx.t("retention.rules." + c.rule.key + ".label"));
    r.set("note", ctx.t("retention.rules." + c.rule.key + ".note"));
    r.set("setting", c.rule.setting);
    r.set("limit", ctx.t("retention.units." + c.rule.unit, {{"n", std::to_string(c.rule.value)}}));
    r.set("default", ctx.t("retention.units." + c.rule.unit, {{"n", std::to_string(c.rule.fallback)}}));
    r.set("table", c.rule.table);
    r.set("action", ctx.t("retention.actions." + c.rule.action));
    r.set("before", short_french_date(local_day(c.cutoff)));
    r.set("count", std::to_string(c.count));
    r.set("value", std::to_string(c.rule.value));
    for (const auto& [name, text] : typed)
      if (name == c.rule.setting) r.set("value", text);
    r.set("unit", ctx.t("retention.unit_names." + c.rule.unit));
    if (field == c.rule.setting) r.set("invalid", web::flag(true));
    rows.push_back(r);
  }
  Data data{Data::type::object};
  data.set("rules", rows);
  data.set("total", std::to_string(run.total()));
  if (!error.empty()) data.set(field.empty() ? "error" : "rules_error", error);
  return ctx.render("privacy/retention/page", data, ctx.t("retention.title"), status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kPage, web::perm::privacy_manage, [&service](Context& ctx) { return page(ctx, service); });
  // The durations (settings retention.*): all or nothing.
  app.post(std::string(kPage) + "/regles", web::perm::privacy_manage, [&service](Context& ctx) {
    web::Params typed;
    for (const auto& r : default_rules())
      if (ctx.form.has(r.setting)) typed.emplace_back(r.setting, ctx.form.get(r.setting));
    auto outcome = service.set_rules(web::actor_of(ctx), typed);
    return web::finish(ctx, outcome, "retention.rules_saved", kPage, [&](const Outcome& failed, int status) {
      return page(ctx, service, ctx.t(failed.error), status, failed.field.empty() ? "-" : failed.field, typed);
    });
  });
  // « Appliquer maintenant »: only with the confirmation box ticked; otherwise nothing changes.
  app.post(std::string(kPage) + "/appliquer", web::perm::privacy_manage, [&service](Context& ctx) {
    Outcome outcome = Outcome::success();
    long long total = 0;
    if (ctx.form.get("confirm") != "1") outcome = Outcome::failure("retention.errors.confirm", "confirm");
    else total = service.apply(web::actor_of(ctx), store::now_seconds()).total();
    return web::finish_with(
        ctx, outcome, "retention.applied", {{"n", std::to_string(total)}}, kPage,
        [&](const Outcome& failed, int status) { return page(ctx, service, ctx.t(failed.error), status); });
  });
}

}  // namespace trame::privacy::retention
