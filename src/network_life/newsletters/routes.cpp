// Pages of newsletters and notices (/communication): the managers' workspace, the form with its
// preview, sending now or at a date, the public archive, the notices, and the unsubscribe link that
// works without logging in.
#include <algorithm>

#include "network_life/newsletters/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::newsletters {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const std::string kBase = "/communication";

std::string newsletter_url(long long id) {
  return kBase + "/lettres/" + std::to_string(id);
}

bool has(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

Data base(Context& ctx) {
  Data data{Data::type::object};
  return data;
}

void set_field_error(Context& ctx, Data& data, const Outcome& outcome) {
  if (outcome.ok) return;
  data.set("error", ctx.t(outcome.error));
  if (!outcome.field.empty()) {
    data.set("invalid_" + outcome.field, web::flag(true));
    data.set("field_error", ctx.t(outcome.error));
    data.set("error_anchor", "nl-" + outcome.field);
  }
}

Data choices(const std::vector<std::pair<long long, std::string>>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& [id, name] : list) {
    Data d{Data::type::object};
    d.set("value", std::to_string(id));
    d.set("label", name);
    d.set("selected", web::flag(std::to_string(id) == selected));
    out.push_back(d);
  }
  return out;
}

std::string segments_label(Context& ctx, const std::vector<std::string>& segments) {
  std::string out;
  for (const auto& s : segments) out += (out.empty() ? "" : ", ") + ctx.t("newsletters.segments." + s);
  return out;
}

std::string status_label(Context& ctx, const Newsletter& n) {
  if (n.status == "scheduled")
    return ctx.t("newsletters.statuses.scheduled", {{"when", format_local(n.scheduled_at, "%d/%m/%Y %H:%M")}});
  if (n.status == "sent")
    return ctx.t("newsletters.statuses.sent",
                 {{"when", format_local(n.sent_at, "%d/%m/%Y")}, {"count", std::to_string(n.recipients_count)}});
  return ctx.t("newsletters.statuses.draft");
}

NewsletterInput input_of(const http::Form& f) {
  NewsletterInput in;
  in.organiser_id = f.get("organiser_id");
  in.subject = f.get("subject");
  in.body = f.get("body");
  in.segments = f.all("segments");
  in.delegation_id = f.get("delegation_id");
  in.member_year = f.get("member_year");
  in.public_archive = f.get("public_archive") == "1";
  return in;
}

NewsletterInput input_of(const Newsletter& n) {
  NewsletterInput in;
  in.organiser_id = std::to_string(n.organiser_id);
  in.subject = n.subject;
  in.body = n.body;
  in.segments = n.segments;
  in.delegation_id = n.delegation_id ? std::to_string(n.delegation_id) : "";
  in.member_year = n.member_year ? std::to_string(n.member_year) : "";
  in.public_archive = n.public_archive;
  return in;
}

http::Response form_page(Context& ctx, Service& service, long long id, const NewsletterInput& in,
                         const Outcome& outcome, int status) {
  Data data = base(ctx);
  data.set("action", id ? newsletter_url(id) : kBase + "/lettres");
  data.set("editing", web::flag(id != 0));
  if (id) data.set("newsletter_url", newsletter_url(id));
  auto organisers = service.organiser_choices(ctx.me());
  std::string organiser = in.organiser_id;
  if (organiser.empty() && !organisers.empty()) organiser = std::to_string(organisers.front().first);
  data.set("organisers", choices(organisers, organiser));
  data.set("delegations", choices(service.delegation_choices(), in.delegation_id));
  Data segments{Data::type::list};
  for (const auto& key : segment_keys()) {
    Data d{Data::type::object};
    d.set("value", key);
    d.set("label", ctx.t("newsletters.segments." + key));
    d.set("help", ctx.t("newsletters.segments_help." + key));
    d.set("checked", web::flag(has(in.segments, key)));
    segments.push_back(d);
  }
  data.set("segments", segments);
  data.set("f_subject", in.subject);
  data.set("f_body", in.body);
  data.set("f_member_year",
           in.member_year.empty() ? std::to_string(local_date(store::now_seconds()).year) : in.member_year);
  data.set("f_public", web::flag(in.public_archive));
  set_field_error(ctx, data, outcome);
  return ctx.render("network_life/newsletters/form", data,
                    ctx.t(id ? "newsletters.form.edit_title" : "newsletters.form.new_title"), status);
}

http::Response newsletter_page(Context& ctx, Service& service, long long id, const Outcome& outcome,
                               const std::string& typed_when, int status) {
  const Principal* me = ctx.user && !ctx.user->mfa_pending ? &ctx.me() : nullptr;
  auto n = service.readable(me, id);
  if (!n) return ctx.error(404);
  bool manager = me && service.may_manage(*me, n->organiser_id);
  Data data = base(ctx);
  data.set("id", std::to_string(n->id));
  data.set("url", newsletter_url(n->id));
  data.set("subject", n->subject);
  data.set("organiser", n->organiser_name);
  data.set("html", Service::html_of(n->body));
  data.set("manager", web::flag(manager));
  if (n->sent_at) data.set("sent_on", format_local(n->sent_at, "%d/%m/%Y"));
  if (manager) {
    data.set("status_label", status_label(ctx, *n));
    data.set("segments_label", segments_label(ctx, n->segments));
    data.set("text", Service::text_of(n->body));
    data.set("draft", web::flag(n->status == "draft"));
    data.set("scheduled", web::flag(n->status == "scheduled"));
    data.set("sent", web::flag(n->status == "sent"));
    data.set("public_archive", web::flag(n->public_archive));
    if (n->status != "sent") {
      long long count = static_cast<long long>(service.recipients(*n).size());
      data.set("count", std::to_string(count));
      data.set("count_label", ctx.t("newsletters.preview.count", {{"count", std::to_string(count)}}));
    }
    data.set("unsubscribed", ctx.t("newsletters.preview.unsubscribed",
                                   {{"count", std::to_string(service.unsubscribed_count(n->organiser_id))}}));
    data.set("f_when", typed_when.empty() ? local_input(n->scheduled_at) : typed_when);
    set_field_error(ctx, data, outcome);
  }
  return ctx.render("network_life/newsletters/newsletter", data, n->subject, status);
}

http::Response index_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto list = service.managed(ctx.me(), page, total);
  Data data = base(ctx);
  Data items{Data::type::list};
  for (const auto& n : list) {
    Data d{Data::type::object};
    d.set("url", newsletter_url(n.id));
    d.set("subject", n.subject);
    d.set("organiser", n.organiser_name);
    d.set("status", n.status);
    d.set("status_label", status_label(ctx, n));
    d.set("segments", segments_label(ctx, n.segments));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(list.empty()));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, total, kBase + "?"));
  Data organisers{Data::type::list};
  for (const auto& [id, name] : service.organiser_choices(ctx.me())) {
    Data d{Data::type::object};
    d.set("name", name);
    d.set("unsubscribed",
          ctx.t("newsletters.index.unsubscribed", {{"count", std::to_string(service.unsubscribed_count(id))}}));
    organisers.push_back(d);
  }
  data.set("organisers", organisers);
  return ctx.render("network_life/newsletters/index", data, ctx.t("newsletters.index.title"));
}

http::Response archive_page(Context& ctx, Service& service) {
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto list = service.archive(page, total);
  Data data = base(ctx);
  Data items{Data::type::list};
  for (const auto& n : list) {
    Data d{Data::type::object};
    d.set("url", newsletter_url(n.id));
    d.set("subject", n.subject);
    d.set("organiser", n.organiser_name);
    d.set("sent_on", format_local(n.sent_at, "%d/%m/%Y"));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(list.empty()));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, total, kBase + "/lettres?"));
  return ctx.render("network_life/newsletters/archive", data, ctx.t("newsletters.archive.title"));
}

http::Response notices_page(Context& ctx, Service& service, const NoticeInput& in, const Outcome& outcome, int status) {
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto list = service.managed_notices(ctx.me(), page, total);
  Data data = base(ctx);
  Data items{Data::type::list};
  for (const auto& n : list) {
    Data d{Data::type::object};
    d.set("id", std::to_string(n.id));
    d.set("title", n.title);
    d.set("body", n.body);
    set_if(d, "link", n.link);
    d.set("organiser", n.organiser_name);
    d.set("segment", ctx.t("newsletters.segments." + n.segment));
    d.set("until", ctx.t("newsletters.notices.until", {{"day", short_french_date(n.ends_on)}}));
    d.set("delete_url", kBase + "/annonces/" + std::to_string(n.id) + "/supprimer");
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(list.empty()));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, total, kBase + "/annonces?"));
  auto organisers = service.organiser_choices(ctx.me());
  std::string organiser = in.organiser_id;
  if (organiser.empty() && !organisers.empty()) organiser = std::to_string(organisers.front().first);
  data.set("organisers", choices(organisers, organiser));
  data.set("delegations", choices(service.delegation_choices(), in.delegation_id));
  data.set("segment_options",
           web::options(ctx, segment_keys(), "newsletters.segments.", in.segment.empty() ? "referents" : in.segment));
  data.set("f_title", in.title);
  data.set("f_body", in.body);
  data.set("f_link", in.link);
  data.set("f_ends_on", in.ends_on.empty() ? local_day(store::now_seconds() + 30 * 86400LL) : in.ends_on);
  set_field_error(ctx, data, outcome);
  return ctx.render("network_life/newsletters/notices", data, ctx.t("newsletters.notices.title"), status);
}

NoticeInput notice_input(const http::Form& f) {
  return NoticeInput{f.get("organiser_id"), f.get("title"),         f.get("body"),   f.get("link"),
                     f.get("segment"),      f.get("delegation_id"), f.get("ends_on")};
}

http::Response unsubscribe_page(Context& ctx, const Service::TokenView& v, const std::string& token, bool done,
                                const Outcome& outcome) {
  Data data = base(ctx);
  int status = 200;
  if (!outcome.ok) {
    status = web::status_of(outcome);
    data.set("invalid", web::flag(outcome.code == Failure::not_found));
    data.set("limited", web::flag(outcome.code == Failure::limited));
    data.set("message", ctx.t(outcome.error));
    std::string title = ctx.t(outcome.code == Failure::limited ? "newsletters.unsubscribe.limited_title"
                                                               : "newsletters.unsubscribe.invalid_title");
    data.set("heading", title);
    return ctx.render("network_life/newsletters/unsubscribe", data, title, status);
  }
  web::Params p{{"organiser", v.organiser_name}};
  data.set("organiser", v.organiser_name);
  data.set("done", web::flag(done));
  data.set("already", web::flag(!done && v.already));
  data.set("ask", web::flag(!done && !v.already));
  data.set("action", kBase + "/desabonnement/" + token);
  data.set("done_text", ctx.t("newsletters.unsubscribe.done", p));
  data.set("already_text", ctx.t("newsletters.unsubscribe.already", p));
  data.set("ask_text", ctx.t("newsletters.unsubscribe.ask", p));
  std::string title = ctx.t("newsletters.unsubscribe.title");
  data.set("heading", title);
  return ctx.render("network_life/newsletters/unsubscribe", data, title, status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string manage = web::perm::network_life_manage;

  app.get(kBase, manage, [&service](Context& ctx) { return index_page(ctx, service); });

  app.get(kBase + "/nouvelle", manage, [&service](Context& ctx) {
    NewsletterInput in;
    in.segments = {"referents"};
    return form_page(ctx, service, 0, in, Outcome::success(), 200);
  });

  app.post(kBase + "/lettres", manage, [&service](Context& ctx) {
    NewsletterInput in = input_of(ctx.form);
    Outcome o = service.create(web::actor_of(ctx), ctx.me(), in);
    return web::finish(
        ctx, o, "newsletters.flash.created", o.ok ? newsletter_url(o.id) : kBase,
        [&](const Outcome& failed, int status) { return form_page(ctx, service, 0, in, failed, status); });
  });

  app.get(kBase + "/lettres", web::perm::public_access,
          [&service](Context& ctx) { return archive_page(ctx, service); });

  app.get(kBase + "/lettres/{id:int}", web::perm::public_access, [&service](Context& ctx) {
    return newsletter_page(ctx, service, ctx.req.int_param("id"), Outcome::success(), "", 200);
  });

  app.get(kBase + "/lettres/{id:int}/modifier", manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto n = service.readable(&ctx.me(), id);
    if (!n || !service.may_manage(ctx.me(), n->organiser_id)) return ctx.error(404);
    if (n->status != "draft") return ctx.refused(Outcome::conflict("newsletters.errors.not_draft"));
    return form_page(ctx, service, id, input_of(*n), Outcome::success(), 200);
  });

  app.post(kBase + "/lettres/{id:int}", manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    NewsletterInput in = input_of(ctx.form);
    Outcome o = service.update(web::actor_of(ctx), ctx.me(), id, in);
    if (o.code == Failure::conflict) return ctx.refused(o);
    return web::finish(ctx, o, "newsletters.flash.updated", newsletter_url(id), [&](const Outcome& failed, int status) {
      return form_page(ctx, service, id, in, failed, status);
    });
  });

  app.post(kBase + "/lettres/{id:int}/envoyer", manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Outcome o = service.send_now(web::actor_of(ctx), ctx.me(), id);
    return web::finish_with(
        ctx, o, "newsletters.flash.sent", {{"count", std::to_string(o.id)}}, newsletter_url(id),
        [&](const Outcome& failed, int status) { return newsletter_page(ctx, service, id, failed, "", status); });
  });

  app.post(kBase + "/lettres/{id:int}/programmer", manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::string when = ctx.form.get("scheduled_at");
    Outcome o = service.schedule(web::actor_of(ctx), ctx.me(), id, when);
    return web::finish(
        ctx, o, "newsletters.flash.scheduled", newsletter_url(id),
        [&](const Outcome& failed, int status) { return newsletter_page(ctx, service, id, failed, when, status); });
  });

  app.post(kBase + "/lettres/{id:int}/deprogrammer", manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Outcome o = service.unschedule(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, o, "newsletters.flash.unscheduled", newsletter_url(id),
                       web::back_to(ctx, newsletter_url(id)));
  });

  app.get(kBase + "/annonces", manage,
          [&service](Context& ctx) { return notices_page(ctx, service, NoticeInput{}, Outcome::success(), 200); });

  app.post(kBase + "/annonces", manage, [&service](Context& ctx) {
    NoticeInput in = notice_input(ctx.form);
    Outcome o = service.create_notice(web::actor_of(ctx), ctx.me(), in);
    return web::finish(
        ctx, o, "newsletters.flash.notice_created", kBase + "/annonces",
        [&](const Outcome& failed, int status) { return notices_page(ctx, service, in, failed, status); });
  });

  app.post(kBase + "/annonces/{id:int}/supprimer", manage, [&service](Context& ctx) {
    Outcome o = service.delete_notice(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, o, "newsletters.flash.notice_deleted", kBase + "/annonces",
                       web::back_to(ctx, kBase + "/annonces"));
  });

  // The unsubscribe link of every newsletter (no login). GET only shows the button; POST unsubscribes.
  app.get(kBase + "/desabonnement/{token}", web::perm::public_access, [&service](Context& ctx) {
    std::string token = ctx.req.params.at("token");
    auto v = service.check_token(ctx.client_ip(), token);
    return unsubscribe_page(ctx, v, token, false, v.outcome);
  });

  app.post(
      kBase + "/desabonnement/{token}", web::perm::public_access,
      [&service](Context& ctx) {
        std::string token = ctx.req.params.at("token");
        Outcome o = service.unsubscribe(ctx.client_ip(), token);
        Service::TokenView v;
        if (o.ok) v = service.check_token(ctx.client_ip(), token);
        return unsubscribe_page(ctx, v, token, o.ok, o);
      },
      web::RouteOptions{.csrf_exempt = true});  // RFC 8058: the mail provider posts without cookie nor token
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(450, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    auto notices = service.notices_for(ctx.me(), store::now_seconds());
    if (notices.empty()) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "annonces";
    panel.title = ctx.t("newsletters.dashboard.title");
    panel.empty = ctx.t("newsletters.dashboard.empty");
    for (const auto& n : notices) {
      web::DashboardItem item;
      item.label = n.title;
      item.url = n.link;
      item.detail = n.body;
      item.when = ctx.t("newsletters.notices.until", {{"day", short_french_date(n.ends_on)}});
      panel.items.push_back(item);
    }
    return panel;
  });
}

}  // namespace trame::newsletters
