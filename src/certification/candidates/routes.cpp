#include "certification/candidates/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::candidates {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const long long kPerPage = 30;

std::string registration_url(long long id) {
  return "/certifications/inscriptions/" + std::to_string(id);
}

RegistrationInput registration_input(const http::Form& f) {
  RegistrationInput in;
  in.name = f.get("name");
  in.email = f.get("email");
  in.employer_type = f.get("employer_type");
  in.job = f.get("job");
  in.birth_date = f.get("birth_date");
  in.experience = f.get("experience");
  in.training_session_id = web::parse_id(f.get("training_session"));
  return in;
}

http::Response registration_form(Context& ctx, Service& service, long long certification_id,
                                 const RegistrationInput& in, const Outcome& outcome, int status) {
  auto r = service.referential().referential(ActingFor{}, certification_id);
  if (!r) return ctx.error(404);
  Data data{Data::type::object};
  data.set("certification", r->version.title);
  data.set("certification_url", "/certifications/" + std::to_string(certification_id));
  data.set("action", "/certifications/" + std::to_string(certification_id) + "/inscription");
  set_if(data, "prerequisites", r->version.prerequisites);
  bool signed_in = ctx.user && !ctx.user->mfa_pending;
  data.set("signed_in", web::flag(signed_in));
  if (signed_in) data.set("me", ctx.me().name + " <" + ctx.me().email + ">");
  data.set("name", in.name);
  data.set("email", in.email);
  data.set("employer_types", web::options(ctx, employer_types(), "candidates.employer_types.", in.employer_type));
  data.set("job", in.job);
  data.set("birth_date", in.birth_date);
  data.set("experience", in.experience);
  Data sessions{Data::type::list};
  if (signed_in)
    for (const auto& o : service.offers(ctx.me().id)) {
      if (o.certification_id != certification_id) continue;
      Data d{Data::type::object};
      d.set("value", std::to_string(o.training_session_id));
      d.set("label", o.training_session_title);
      d.set("selected", web::flag(o.training_session_id == in.training_session_id));
      sessions.push_back(d);
    }
  data.set("has_sessions", web::flag(!sessions.is_empty_list()));
  data.set("sessions", sessions);
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/candidates/registration_form", data,
                    ctx.t("candidates.form.title", {{"certification", r->version.title}}), status);
}

Data registration_row(const Context& ctx, const Registration& r) {
  Data d{Data::type::object};
  d.set("url", registration_url(r.id));
  d.set("code", r.code);
  d.set("name", r.user_name);
  d.set("certification", r.certification_title);
  d.set("status", r.status);
  d.set("status_label", ctx.t("candidates.statuses." + r.status));
  d.set("employer_type", ctx.t("candidates.employer_types." + r.employer_type));
  d.set("job", r.job);
  d.set("origin", r.origin == "session" ? ctx.t("candidates.origin.session", {{"session", r.training_session_title}})
                                        : ctx.t("candidates.origin.direct"));
  d.set("created", format_local(r.created_at, "%d/%m/%Y"));
  d.set("version", std::to_string(r.version_number));
  return d;
}

http::Response mine_page(Context& ctx, Service& service) {
  Data data{Data::type::object};
  Data items{Data::type::list};
  for (const auto& r : service.of_user(ctx.me().id)) items.push_back(registration_row(ctx, r));
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  Data offers{Data::type::list};
  for (const auto& o : service.offers(ctx.me().id)) {
    Data d{Data::type::object};
    d.set("label",
          ctx.t("candidates.offer", {{"certification", o.certification_title}, {"session", o.training_session_title}}));
    d.set("url", "/certifications/" + std::to_string(o.certification_id) +
                     "/inscription?session=" + std::to_string(o.training_session_id));
    offers.push_back(d);
  }
  data.set("offers", offers);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/candidates/mine", data, ctx.t("candidates.mine.title"));
}

http::Response candidates_page(Context& ctx, Service& service) {
  long long id = ctx.req.int_param("id");
  ActingFor managed = ctx.me().acting_for(web::perm::certifications_manage);
  auto r = service.referential().managed(managed, id);
  if (!r) return ctx.error(404);
  std::string status = ctx.req.query_param("statut").value_or("");
  if (!is_one_of(status, statuses())) status.clear();
  long long page = web::page_param(ctx.req), total = 0;
  Data items{Data::type::list};
  for (const auto& c : service.of_certification(managed, id, status, page, kPerPage, total))
    items.push_back(registration_row(ctx, c));
  Data data{Data::type::object};
  data.set("certification", r->version.title);
  data.set("certification_url", "/certifications/" + std::to_string(id));
  data.set("sessions_url", "/certifications/" + std::to_string(id) + "/sessions");
  data.set("items", items);
  data.set("empty", web::flag(total == 0));
  Data filters{Data::type::list};
  auto counts = service.counts(id);
  for (const auto& s : std::vector<std::string>{"", "submitted", "eligible", "ineligible", "withdrawn"}) {
    long long n = 0;
    for (const auto& c : counts)
      if (s.empty() || c.status == s) n += c.count;
    Data f{Data::type::object};
    f.set("url", "/certifications/" + std::to_string(id) + "/candidats" + (s.empty() ? "" : "?statut=" + s));
    f.set("label",
          ctx.t(s.empty() ? "candidates.list.all" : "candidates.statuses." + s) + " (" + std::to_string(n) + ")");
    f.set("current", web::flag(s == status));
    filters.push_back(f);
  }
  data.set("filters", filters);
  data.set("pagination", web::pagination(ctx, page, kPerPage, total,
                                         "/certifications/" + std::to_string(id) + "/candidats?" +
                                             (status.empty() ? std::string() : "statut=" + status + "&")));
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/candidates/list", data,
                    ctx.t("candidates.list.title", {{"certification", r->version.title}}));
}

std::optional<web::DashboardPanel> candidate_panel(Context& ctx, Service& service) {
  auto registrations = service.of_user(ctx.me().id);
  auto offers = service.offers(ctx.me().id);
  if (registrations.empty() && offers.empty()) return std::nullopt;
  web::DashboardPanel panel;
  panel.key = "certification-candidate";
  panel.title = ctx.t("candidates.dashboard.title");
  panel.empty = ctx.t("candidates.dashboard.empty");
  panel.more_url = "/certifications/inscriptions";
  panel.more_label = ctx.t("candidates.dashboard.more");
  for (const auto& o : offers)
    panel.items.push_back(
        {ctx.t("candidates.offer", {{"certification", o.certification_title}, {"session", o.training_session_title}}),
         "/certifications/" + std::to_string(o.certification_id) +
             "/inscription?session=" + std::to_string(o.training_session_id),
         "", "", false});
  for (const auto& r : registrations) {
    if (r.status == "withdrawn" || r.status == "ineligible") continue;
    panel.items.push_back({r.certification_title, registration_url(r.id),
                           ctx.t("candidates.statuses." + r.status) + " — " + r.code, "", false});
  }
  return panel;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/certifications/{id:int}/inscription", web::perm::public_access, [&service](Context& ctx) {
    RegistrationInput in;
    in.training_session_id = web::parse_id(ctx.req.query_param("session").value_or(""));
    return registration_form(ctx, service, ctx.req.int_param("id"), in, Outcome::success(), 200);
  });

  app.post("/certifications/{id:int}/inscription", web::perm::public_access, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    RegistrationInput in = registration_input(ctx.form);
    const Principal* me = ctx.user && !ctx.user->mfa_pending ? &*ctx.user : nullptr;
    auto outcome = service.register_candidate(web::actor_of(ctx), me, id, in);
    auto again = [&](const Outcome& o, int status) { return registration_form(ctx, service, id, in, o, status); };
    // A visitor gets the same answer whether the address was known (nothing recorded) or new (an
    // account and a registration they will see once signed in): the answer tells nothing of the address.
    if (outcome.ok && !me)
      return web::finish(ctx, outcome, "candidates.form.check_mail", "/certifications/" + std::to_string(id), again);
    return web::finish(ctx, outcome, "candidates.form.done", registration_url(outcome.id), again);
  });

  app.get("/certifications/inscriptions", web::perm::authenticated,
          [&service](Context& ctx) { return mine_page(ctx, service); });

  app.get("/certifications/{id:int}/candidats", web::perm::certifications_manage,
          [&service](Context& ctx) { return candidates_page(ctx, service); });

  // The decision and the withdrawal are posted from the registration's page, which shows the
  // evaluation sessions too: evaluations registers them with that page.
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(250, [&service](Context& ctx) { return candidate_panel(ctx, service); });
}

}  // namespace trame::candidates
