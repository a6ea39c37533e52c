#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "questionnaires/objectives/service.hpp"

namespace trame::objectives {

namespace {

using web::Context;
using web::Data;

std::string page_url(long long sid) {
  return "/formations/sessions/" + std::to_string(sid) + "/objectifs";
}

Data lines(const std::vector<std::string>& v) {
  Data out{Data::type::list};
  for (const auto& s : v) out.push_back(Data(s));
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "\n";
  return out;
}

// The page; `typed` is the form as sent back on a refusal (nullptr: the current objectives).
http::Response page(Context& ctx, Service& service, const Outcome* error, const std::string* typed, int status) {
  const long long sid = ctx.req.int_param("id");
  SessionObjectives o;
  if (!service.read(ctx.me(), sid, o).ok) return ctx.error(404);
  Data data{Data::type::object};
  data.set("session", o.access.session_title);
  data.set("programme", o.access.programme_title);
  data.set("session_url", "/formations/sessions/" + std::to_string(sid));
  data.set("evaluations_url", "/formations/sessions/" + std::to_string(sid) + "/evaluations");
  data.set("action", page_url(sid));
  const auto& current = o.own.empty() ? o.programme : o.own;
  data.set("own", web::flag(!o.own.empty()));
  data.set("has_current", web::flag(!current.empty()));
  data.set("current", lines(current));
  if (o.positioning_sent_at)
    data.set("positioning_sent",
             ctx.t("objectives.page.positioning_sent", {{"date", format_local(o.positioning_sent_at, "%d/%m/%Y")}}));
  // What the positioning asked, when it differs from the objectives now (the comparison shows both).
  if (!o.asked_before.empty() && o.asked_before != current) {
    data.set("has_asked", web::flag(true));
    data.set("asked", lines(o.asked_before));
  }
  if (o.followup_sent_at)
    data.set("frozen", ctx.t("objectives.page.frozen", {{"date", format_local(o.followup_sent_at, "%d/%m/%Y")}}));
  data.set("f_objectives", typed ? *typed : joined(current));
  if (error) web::set_error(data, ctx, *error);
  return ctx.render("questionnaires/objectives/session", data,
                    ctx.t("objectives.page.title", {{"session", o.access.session_title}}), status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/formations/sessions/{id:int}/objectifs", web::perm::authenticated,
          [&service](Context& ctx) { return page(ctx, service, nullptr, nullptr, 200); });
  app.post("/formations/sessions/{id:int}/objectifs", web::perm::authenticated, [&service](Context& ctx) {
    const long long sid = ctx.req.int_param("id");
    const std::string typed = ctx.form.get("objectives");
    auto o = service.save(web::actor_of(ctx), ctx.me(), sid, typed);
    return web::finish(ctx, o, "objectives.flash.saved", page_url(sid),
                       [&](const Outcome& failed, int status) { return page(ctx, service, &failed, &typed, status); });
  });
}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::objectives
