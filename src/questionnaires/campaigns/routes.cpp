#include "questionnaires/campaigns/service.hpp"
#include "questionnaires/campaigns/recipients.hpp"
#include "questionnaires/results/view.hpp"
#include "platform/http/form.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "trainings/programmes/access.hpp"
#include "platform/web/app.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::campaigns {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const long long kPerPage = 30;
const std::size_t kMaxCsvBytes = 256 * 1024;  // an uploaded table of recipients
const std::vector<std::string> kAudiences{"trainees", "trainers", "funders", "members", "public"};

std::string list_url(long long qid) {
  return "/questionnaires/" + std::to_string(qid) + "/envois";
}
std::string campaign_url(long long id) {
  return "/questionnaires/envois/" + std::to_string(id);
}
std::string cycle_url(long long sid) {
  return "/formations/sessions/" + std::to_string(sid) + "/evaluations";
}

std::string when_text(long long t) {
  return t > 0 ? format_local(t, "%d/%m/%Y %H:%M") : std::string();
}

std::string rate_text(long long answered, long long invited) {
  if (invited <= 0) return "—";
  return std::to_string((answered * 100 + invited / 2) / invited) + " %";
}

void add_common(Context& ctx, Data& data) {
  data.set("campaigns_css", ctx.app.asset_url("css/campaigns.css"));
}

Data campaign_data(const Context& ctx, const Campaign& c) {
  Data d{Data::type::object};
  d.set("id", std::to_string(c.id));
  d.set("url", campaign_url(c.id));
  d.set("title", c.title);
  d.set("questionnaire", c.questionnaire_title);
  d.set("questionnaire_id", std::to_string(c.questionnaire_id));
  d.set("audience", ctx.t("campaigns.audiences." + c.audience));
  d.set("status", c.status);
  d.set("status_label", ctx.t("campaigns.statuses." + c.status));
  set_if(d, "stage", c.stage.empty() ? "" : ctx.t(stage_label_key(c.stage)));
  set_if(d, "session", c.session_title);
  set_if(d, "send_at", c.sent_at ? "" : when_text(c.send_at));
  set_if(d, "sent_at", when_text(c.sent_at));
  set_if(d, "closes_at", c.closes_at ? when_text(c.closes_at - 60) : "");
  d.set("reminder_days", c.reminder_days.empty() ? ctx.t("campaigns.show.no_reminders") : c.reminder_days);
  d.set("invited", std::to_string(c.invited));
  d.set("answered", std::to_string(c.answered));
  d.set("rate", rate_text(c.answered, c.invited));
  d.set("anonymous", web::flag(c.anonymous));
  d.set("scheduled", web::flag(c.status == "scheduled"));
  d.set("open", web::flag(c.status == "open"));
  d.set("active", web::flag(c.status == "open" || c.status == "scheduled"));
  d.set("public", web::flag(c.audience == "public"));
  d.set("study", web::flag(c.audience == "study"));
  return d;
}

// ---- Campaigns of a questionnaire -------------------------------------------------------------

http::Response list_page(Context& ctx, Service& service, const QuestionnaireRef& q, const CampaignInput& in,
                         const Outcome* error, int status) {
  const long long page = web::page_param(ctx.req);
  long long total = 0;
  auto list = service.campaigns_of(q.id, page, kPerPage, total);
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("questionnaire", q.title);
  data.set("questionnaire_url", "/questionnaires/" + std::to_string(q.id));
  data.set("action", list_url(q.id));
  data.set("anonymous", web::flag(q.anonymous));
  Data rows{Data::type::list};
  for (const auto& c : list) rows.push_back(campaign_data(ctx, c));
  data.set("campaigns", rows);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, total, list_url(q.id) + "?"));
  data.set("sendable", web::flag(!q.is_template && q.organisation_id != 0 && q.status != "archived"));
  // The form, with the values typed.
  data.set("title", in.title);
  data.set("audiences",
           web::options(ctx, kAudiences, "campaigns.audiences.", in.audience.empty() ? "trainees" : in.audience));
  Data sessions{Data::type::list};
  for (const auto& s : service.sessions_of(q.organisation_id)) {
    Data o{Data::type::object};
    o.set("value", std::to_string(s.id));
    o.set("label", s.label);
    o.set("selected", web::flag(in.session_id == std::to_string(s.id)));
    sessions.push_back(o);
  }
  data.set("sessions", sessions);
  Data orgs{Data::type::list};
  for (const auto& o : service.organisations()) {
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.label);
    d.set("selected", web::flag(std::find(in.organisations.begin(), in.organisations.end(), std::to_string(o.id)) !=
                                in.organisations.end()));
    orgs.push_back(d);
  }
  data.set("organisations", orgs);
  data.set("emails", in.emails);
  data.set("recipients_csv", in.recipients_csv);
  data.set("csv_max_attributes", std::to_string(kMaxAttributes));
  data.set("when_now", web::flag(in.when != "later"));
  data.set("when_later", web::flag(in.when == "later"));
  data.set("send_date", in.send_date);
  data.set("send_time", in.send_time.empty() ? "09:00" : in.send_time);
  data.set("closes_date", in.closes_date);
  data.set("reminder_days", in.reminder_days);
  if (error) {
    web::set_error(data, ctx, *error);
    std::string bad;  // the message names the address at fault
    if (error->error == "campaigns.errors.email_invalid" && !parse_emails(in.emails, &bad))
      data.set("error", ctx.t(error->error, {{"address", bad}}));
    TableError line;  // a refused CSV: the message names the line at fault
    if (error->error.rfind("campaigns.errors.csv.", 0) == 0 && !parse_recipient_table(in.recipients_csv, &line) &&
        line.key == error->error)
      data.set("error", ctx.t(error->error, line.params));
  }
  return ctx.render("questionnaires/campaigns/list", data, ctx.t("campaigns.list.title", {{"questionnaire", q.title}}),
                    status);
}

ActingFor scope_of(const Context& ctx) {
  return ctx.me().acting_for(web::perm::questionnaires_manage);
}

// The questionnaire / campaign of the path, when `me` may manage its sendings (404 otherwise: one
// outside their organisations answers like one that does not exist).
std::optional<QuestionnaireRef> managed_questionnaire(Context& ctx, Service& service,
                                                      std::optional<http::Response>& fail) {
  auto q = service.questionnaire(scope_of(ctx), ctx.req.int_param("id"));
  if (!q) fail = ctx.error(404);
  return q;
}

std::optional<Campaign> managed_campaign(Context& ctx, Service& service, std::optional<http::Response>& fail) {
  auto c = service.campaign(scope_of(ctx), ctx.req.int_param("id"));
  if (!c) fail = ctx.error(404);
  return c;
}

http::Response show_page(Context& ctx, Service& service, const Campaign& c, const std::string& link) {
  const long long page = web::page_param(ctx.req);
  long long total = 0;
  auto waiting = service.not_answered(c.id, page, kPerPage, total);
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("campaign", campaign_data(ctx, c));
  data.set("base", campaign_url(c.id));
  data.set("list_url", list_url(c.questionnaire_id));
  if (c.session_id) data.set("cycle_url", cycle_url(c.session_id));
  set_if(data, "link", link);
  Data rows{Data::type::list};
  for (const auto& i : waiting) {
    Data d{Data::type::object};
    d.set("name", i.name.empty() ? i.email : i.name);
    d.set("email", i.email);
    d.set("reminders", std::to_string(i.reminders));
    rows.push_back(d);
  }
  data.set("waiting", rows);
  data.set("waiting_total", std::to_string(total));
  data.set("none_waiting", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, total, campaign_url(c.id) + "?"));
  return ctx.render("questionnaires/campaigns/show", data, c.title);
}

http::Response action(Context& ctx, Service& service, const std::string& what) {
  std::optional<http::Response> fail;
  auto c = managed_campaign(ctx, service, fail);
  if (!c) return *fail;
  if (c->audience == "study") {  // impact studies manage their own invitations
    ctx.flash("error", ctx.t("campaigns.errors.study"));
    return ctx.redirect(campaign_url(c->id));
  }
  const Actor actor = web::actor_of(ctx);
  std::string link;
  Outcome o;
  const ActingFor scope = scope_of(ctx);
  if (what == "send") o = service.send_now(actor, scope, c->id);
  else if (what == "remind") o = service.remind_now(actor, scope, c->id);
  else if (what == "close") o = service.close(actor, scope, c->id);
  else if (what == "cancel") o = service.cancel(actor, scope, c->id);
  else o = service.regenerate_link(actor, scope, c->id, &link);
  if (o.ok && what == "link") {
    // Shown once: the page is rendered with the link rather than redirected (only its hash is kept).
    auto fresh = service.campaign(scope, c->id);
    ctx.flash("success", ctx.t("campaigns.flash.link"));
    return show_page(ctx, service, *fresh, link);
  }
  return web::finish_with(ctx, o, "campaigns.flash." + what, {{"count", std::to_string(o.id)}}, campaign_url(c->id),
                          // The actions are buttons of the campaign's page: their error is flashed there.
                          web::back_to(ctx, campaign_url(c->id)));
}

// ---- The evaluation cycle of a session --------------------------------------------------------

struct CycleForm {
  long long campaign = 0;
  std::string date, time, questionnaire;
};

http::Response cycle_page(Context& ctx, Service& service, const Outcome* error, const CycleForm& form, int status) {
  const long long sid = ctx.req.int_param("id");
  bool manager = false;
  auto access = service.access(ctx.me(), sid, &manager);
  if (!access || (!manager && !access->trainer)) return ctx.error(404);
  auto s = service.session(sid);
  if (!s) return ctx.error(404);
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("programme", access->programme_title);
  data.set("session", access->session_title);
  data.set("session_url", "/formations/sessions/" + std::to_string(sid));
  data.set("manager", web::flag(manager));
  data.set("action", cycle_url(sid));
  data.set("objectives_url", "/formations/sessions/" + std::to_string(sid) + "/objectifs");
  auto cycle = service.cycle(sid);
  data.set("no_cycle", web::flag(cycle.empty()));
  if (cycle.empty()) {
    const bool will =
        s->status == "open" || s->status == "confirmed" || s->status == "running" || s->status == "completed";
    data.set("pending_text", ctx.t(will ? "campaigns.cycle.pending_soon" : "campaigns.cycle.pending_status"));
  }
  Data rows{Data::type::list};
  for (const auto& c : cycle) {
    Data d = campaign_data(ctx, c);
    d.set("stage_key", c.stage);
    d.set("stage", ctx.t(stage_label_key(c.stage)));
    d.set("when", when_text(c.sent_at ? c.sent_at : c.send_at));
    d.set("send_unix", std::to_string(c.send_at));
    const bool editable = manager && c.status == "scheduled" && c.sent_at == 0;
    d.set("editable", web::flag(editable));
    if (editable) {
      const bool mine = form.campaign == c.id;
      d.set("date", mine ? form.date : format_local(c.send_at, "%Y-%m-%d"));
      d.set("time", mine ? form.time : format_local(c.send_at, "%H:%M"));
      Data qs{Data::type::list};
      const std::string selected =
          mine && !form.questionnaire.empty() ? form.questionnaire : std::to_string(c.questionnaire_id);
      bool found = false;
      for (const auto& q : service.questionnaires_of(s->organiser_id, kind_of_stage(c.stage))) {
        Data o{Data::type::object};
        o.set("value", std::to_string(q.id));
        o.set("label", q.title + (q.status == "draft" ? " (" + ctx.t("campaigns.cycle.draft") + ")" : ""));
        o.set("selected", web::flag(std::to_string(q.id) == selected));
        found = found || std::to_string(q.id) == std::to_string(c.questionnaire_id);
        qs.push_back(o);
      }
      if (!found) {
        Data o{Data::type::object};
        o.set("value", std::to_string(c.questionnaire_id));
        o.set("label", c.questionnaire_title);
        o.set("selected", web::flag(selected == std::to_string(c.questionnaire_id)));
        qs.push_back(o);
      }
      d.set("questionnaires", qs);
      if (error && mine) {
        d.set("stage_error", ctx.t(error->error));
        data.set("error", ctx.t(error->error));
      }
    }
    rows.push_back(d);
  }
  data.set("stages", rows);
  // The mid-course feedback, for the session's staff at once (issue 18).
  if (std::any_of(cycle.begin(), cycle.end(), [](const Campaign& c) { return c.stage == "midcourse"; })) {
    data.set("has_midcourse", web::flag(true));
    data.set("results_css", ctx.app.asset_url("css/results.css"));
    if (auto report = service.mid_course_results(sid)) {
      results::ViewOptions options;
      options.page_url = cycle_url(sid);
      options.heading_level = 3;
      data.set("midcourse_report", results::render_report(ctx, *report, options));
    }
  }
  return ctx.render("questionnaires/campaigns/cycle", data,
                    ctx.t("campaigns.cycle.title", {{"session", access->session_title}}), status);
}

CampaignInput campaign_input(const http::Form& f) {
  CampaignInput in;
  in.title = f.get("title");
  in.audience = f.get("audience");
  in.session_id = f.get("session");
  in.emails = f.get("emails");
  in.recipients_csv = f.get("recipients_csv");
  in.organisations = f.all("organisations");
  in.when = f.get("when");
  in.send_date = f.get("send_date");
  in.send_time = f.get("send_time");
  in.closes_date = f.get("closes_date");
  in.reminder_days = f.get("reminder_days");
  return in;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/questionnaires/{id:int}/envois", web::perm::questionnaires_manage, [&service](Context& ctx) {
    std::optional<http::Response> fail;
    auto q = managed_questionnaire(ctx, service, fail);
    if (!q) return *fail;
    return list_page(ctx, service, *q, CampaignInput{}, nullptr, 200);
  });

  app.post("/questionnaires/{id:int}/envois", web::perm::questionnaires_manage, [&service](Context& ctx) {
    std::optional<http::Response> fail;
    auto q = managed_questionnaire(ctx, service, fail);
    if (!q) return *fail;
    CampaignInput in = campaign_input(ctx.form);
    // A CSV of recipients may come as a file instead of pasted text (UTF-8, bounded).
    for (const auto& part : ctx.files) {
      if (part.name != "recipients_file" || part.data.empty()) continue;
      std::optional<Outcome> refused;
      if (part.data.size() > kMaxCsvBytes)
        refused = Outcome::failure("campaigns.errors.csv.file_large", "recipients_file");
      else if (!http::is_valid_utf8(part.data))
        refused = Outcome::failure("campaigns.errors.csv.encoding", "recipients_file");
      else if (!trim(in.recipients_csv).empty())
        refused = Outcome::failure("campaigns.errors.csv.file_and_text", "recipients_file");
      if (refused) return list_page(ctx, service, *q, in, &*refused, web::status_of(*refused));
      in.recipients_csv = part.data;
    }
    std::string link;
    auto o = service.create(web::actor_of(ctx), scope_of(ctx), *q, in, &link);
    if (o.ok && !link.empty()) {
      // A public link is shown once: the page is rendered with it rather than redirected.
      auto c = service.campaign(scope_of(ctx), o.id);
      ctx.flash("success", ctx.t("campaigns.flash.created_public"));
      return show_page(ctx, service, *c, link);
    }
    return web::finish(
        ctx, o, in.when == "later" ? "campaigns.flash.scheduled" : "campaigns.flash.sent", campaign_url(o.id),
        [&](const Outcome& failed, int status) { return list_page(ctx, service, *q, in, &failed, status); });
  });

  app.get("/questionnaires/envois/{id:int}", web::perm::questionnaires_manage, [&service](Context& ctx) {
    std::optional<http::Response> fail;
    auto c = managed_campaign(ctx, service, fail);
    if (!c) return *fail;
    return show_page(ctx, service, *c, "");
  });
  app.post("/questionnaires/envois/{id:int}/envoyer", web::perm::questionnaires_manage,
           [&service](Context& ctx) { return action(ctx, service, "send"); });
  app.post("/questionnaires/envois/{id:int}/relancer", web::perm::questionnaires_manage,
           [&service](Context& ctx) { return action(ctx, service, "remind"); });
  app.post("/questionnaires/envois/{id:int}/cloturer", web::perm::questionnaires_manage,
           [&service](Context& ctx) { return action(ctx, service, "close"); });
  app.post("/questionnaires/envois/{id:int}/annuler", web::perm::questionnaires_manage,
           [&service](Context& ctx) { return action(ctx, service, "cancel"); });
  app.post("/questionnaires/envois/{id:int}/lien", web::perm::questionnaires_manage,
           [&service](Context& ctx) { return action(ctx, service, "link"); });

  app.get("/formations/sessions/{id:int}/evaluations", web::perm::authenticated,
          [&service](Context& ctx) { return cycle_page(ctx, service, nullptr, CycleForm{}, 200); });
  app.post("/formations/sessions/{id:int}/evaluations", web::perm::authenticated, [&service](Context& ctx) {
    const long long sid = ctx.req.int_param("id");
    CycleForm form;
    form.campaign = web::parse_id(ctx.form.get("campaign"));
    form.date = ctx.form.get("send_date");
    form.time = ctx.form.get("send_time");
    form.questionnaire = ctx.form.get("questionnaire");
    auto o =
        service.edit_stage(web::actor_of(ctx), ctx.me(), sid, form.campaign, form.date, form.time, form.questionnaire);
    return web::finish(ctx, o, "campaigns.flash.rescheduled", cycle_url(sid), [&](const Outcome& failed, int status) {
      return cycle_page(ctx, service, &failed, form, status);
    });
  });

  app.get("/questionnaires/lien/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string token = ctx.req.params.at("token");
    const std::string cookie_name = "trame_q_" + web::sha256_hex("campaign-link:" + token).substr(0, 16);
    Outcome failure;
    auto mine = service.visit_public_link(token, ctx.req.cookie(cookie_name).value_or(""), ctx.client_ip(), &failure);
    if (!mine) return ctx.refused(failure);
    http::Cookie cookie;
    cookie.name = cookie_name;
    cookie.value = *mine;
    cookie.max_age = 180 * 86400;
    cookie.secure = ctx.app.config.https;
    cookie.path = "/questionnaires/";
    ctx.cookies.push_back(cookie);
    return ctx.redirect("/questionnaires/repondre/" + *mine);
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  // Whoever manages questionnaires: the sendings open now in their organisations, last sent first,
  // each with how many answered of how many invited.
  dashboard.add(310, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    const ActingFor scope = ctx.me().acting_for(web::perm::questionnaires_manage);
    if (scope.none()) return std::nullopt;
    long long total = 0;
    auto open = service.open_now(scope, 5, total);
    web::DashboardPanel panel;
    panel.key = "questionnaires-open";
    panel.title = ctx.t("campaigns.dashboard.title");
    panel.empty = ctx.t("campaigns.dashboard.empty");
    for (const auto& c : open) {
      web::DashboardItem item;
      item.label = c.title;
      item.url = "/questionnaires/envois/" + std::to_string(c.id);
      item.detail = ctx.t("campaigns.dashboard.rate", {{"questionnaire", c.questionnaire_title},
                                                       {"answered", std::to_string(c.answered)},
                                                       {"invited", std::to_string(c.invited)},
                                                       {"rate", rate_text(c.answered, c.invited)}});
      if (c.closes_at)
        item.when = ctx.t("campaigns.dashboard.closes", {{"date", format_local(c.closes_at - 1, "%d/%m/%Y")}});
      panel.items.push_back(std::move(item));
    }
    if (total > static_cast<long long>(open.size())) panel.count = total;
    panel.more_url = "/questionnaires";
    panel.more_label = ctx.t("campaigns.dashboard.more");
    return panel;
  });
}

}  // namespace trame::campaigns
