#include "platform/core/calendar.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/enrolments/model.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/quotes/service.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::quotes {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string session_base(long long session_id) {
  return "/formations/sessions/" + std::to_string(session_id) + "/devis";
}
std::string quote_url(long long id) {
  return "/formations/devis/" + std::to_string(id);
}

QuoteInput input_of(const http::Form& f) {
  QuoteInput in;
  in.application = f.get("application");
  in.party_kind = f.get("party_kind");
  in.party_name = f.get("party_name");
  in.party_address = f.get("party_address");
  in.party_email = f.get("party_email");
  in.unit_price = f.get("unit_price");
  in.quantity = f.get("quantity");
  in.extra_label = f.get("extra_label");
  in.extra_price = f.get("extra_price");
  in.extra_quantity = f.get("extra_quantity");
  in.valid_until = f.get("valid_until");
  in.funding = f.get("funding");
  return in;
}

std::string euros_input(long long cents) {
  std::string s = std::to_string(cents / 100);
  if (cents % 100) {
    char frac[4];
    std::snprintf(frac, sizeof frac, "%02lld", cents % 100);
    s += std::string(",") + frac;
  }
  return s;
}

QuoteInput input_of(const Version& v) {
  QuoteInput in;
  in.party_kind = v.party_kind;
  in.party_name = v.party_name;
  in.party_address = v.party_address;
  in.party_email = v.party_email;
  if (!v.lines.empty()) {
    in.unit_price = euros_input(v.lines[0].unit_price_cents);
    in.quantity = std::to_string(v.lines[0].quantity);
  }
  if (v.lines.size() > 1) {
    in.extra_label = v.lines[1].label;
    in.extra_price = euros_input(v.lines[1].unit_price_cents);
    in.extra_quantity = std::to_string(v.lines[1].quantity);
  }
  in.valid_until = v.valid_until;
  in.funding = v.funding;
  return in;
}

// The fields of the quote form (shared by making and changing).
void form_data(Context& ctx, Data& data, const QuoteInput& in, bool making) {
  data.set("f_party_name", in.party_name);
  data.set("f_party_address", in.party_address);
  data.set("f_party_email", in.party_email);
  data.set("f_unit_price", in.unit_price);
  data.set("f_quantity", in.quantity);
  data.set("f_extra_label", in.extra_label);
  data.set("f_extra_price", in.extra_price);
  data.set("f_extra_quantity", in.extra_quantity);
  data.set("f_valid_until", in.valid_until);
  data.set("kind_person", web::flag(in.party_kind != "employer"));
  data.set("kind_employer", web::flag(in.party_kind == "employer"));
  Data funders{Data::type::list};
  auto add = [&](const std::string& value, const std::string& label) {
    Data o{Data::type::object};
    o.set("value", value);
    o.set("label", label);
    o.set("selected", web::flag(value == in.funding));
    funders.push_back(o);
  };
  if (making) add("intended", ctx.t("quotes.form.funding_intended"));
  add("", ctx.t("quotes.form.funding_none"));
  for (const auto& f : enrolments::funders()) add(f, ctx.t("quotes.funders." + f));
  data.set("funders", funders);
}

std::string status_label(Context& ctx, const std::string& status) {
  return ctx.t("quotes.statuses." + status);
}

Data quote_row(Context& ctx, const Quote& q) {
  Data r{Data::type::object};
  r.set("id", std::to_string(q.id));
  r.set("url", quote_url(q.id));
  r.set("number", q.number);
  r.set("trainee", q.trainee_name);
  r.set("party", q.party_name);
  r.set("total", enrolments::format_euros(q.total_cents));
  r.set("status", status_label(ctx, q.status));
  r.set("status_key", q.status);
  r.set("version", std::to_string(q.current_version));
  r.set("valid_until", short_french_date(q.valid_until));
  return r;
}

http::Response session_page(Context& ctx, Service& service, const programmes::SessionAccess& a, const QuoteInput& in,
                            const Outcome& outcome, int status) {
  auto t = service.training(a.session_id);
  Data data{Data::type::object};
  data.set("session_title", a.session_title);
  data.set("programme_title", a.programme_title);
  data.set("organiser", a.organiser_name);
  data.set("base", session_base(a.session_id));
  data.set("session_url", "/formations/sessions/" + std::to_string(a.session_id));
  data.set("price", t && t->price_cents > 0 ? enrolments::format_euros(t->price_cents) : ctx.t("quotes.form.no_price"));
  Data applicants{Data::type::list};
  for (const auto& ap : service.applicants(a.session_id)) {
    Data o{Data::type::object};
    o.set("value", std::to_string(ap.application_id));
    o.set("label", ap.name + " (" + ctx.t("quotes.application_statuses." + ap.status) + ")" +
                       (ap.organisation_name.empty() ? "" : " — " + ap.organisation_name));
    o.set("selected", web::flag(std::to_string(ap.application_id) == in.application));
    applicants.push_back(o);
  }
  data.set("applicants", applicants);
  data.set("no_applicants", web::flag(applicants.is_empty_list()));
  form_data(ctx, data, in, true);
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto quotes = service.of_session(a.session_id, page, total);
  Data rows{Data::type::list};
  for (const auto& q : quotes) rows.push_back(quote_row(ctx, q));
  data.set("quotes", rows);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, total, session_base(a.session_id) + "?"));
  data.set("css", ctx.app.asset_url("css/quality.css"));
  web::set_error(data, ctx, outcome);
  return ctx.render("trainings/quotes/session", data, ctx.t("quotes.session.title_of", {{"session", a.session_title}}),
                    status);
}

Data version_data(Context& ctx, const Version& v) {
  Data d{Data::type::object};
  d.set("version", std::to_string(v.version));
  d.set("party", v.party_name);
  d.set("party_kind", ctx.t("quotes.party_kinds." + v.party_kind));
  set_if(d, "party_address", v.party_address);
  d.set("party_email", v.party_email);
  d.set("valid_until", training_documents::french_day(v.valid_until));
  d.set("net", enrolments::format_euros(v.totals.net_cents));
  d.set("vat", enrolments::format_euros(v.totals.vat_cents));
  d.set("has_vat", web::flag(!v.vat_exempt && v.totals.vat_cents > 0));
  d.set("vat_rate", rate_text(v.vat_rate_per_mille));
  d.set("total", enrolments::format_euros(v.totals.total_cents));
  set_if(d, "funding", v.funding.empty() ? "" : ctx.t("quotes.funders." + v.funding));
  d.set("sha256", v.sha256);
  d.set("file_name", v.file_name);
  d.set("size", std::to_string((v.size_bytes + 1023) / 1024) + " Ko");
  d.set("created", web::format_datetime(v.created_at, ctx.locale));
  d.set("superseded", web::flag(v.superseded_at > 0));
  if (v.superseded_at > 0) d.set("superseded_at", web::format_datetime(v.superseded_at, ctx.locale));
  Data lines{Data::type::list};
  for (const auto& l : v.lines) {
    Data o{Data::type::object};
    o.set("label", l.label);
    set_if(o, "detail", l.detail);
    o.set("unit_price", enrolments::format_euros(l.unit_price_cents));
    o.set("quantity", std::to_string(l.quantity));
    o.set("total", enrolments::format_euros(l.total_cents));
    lines.push_back(o);
  }
  d.set("lines", lines);
  return d;
}

http::Response quote_page(Context& ctx, Service& service, long long id, const Outcome& outcome, int status,
                          const std::string& form, const QuoteInput* typed) {
  auto v = service.view(ctx.me(), id);
  if (!v) return ctx.error(404);
  const Quote& q = v->quote;
  Data data{Data::type::object};
  data.set("id", std::to_string(q.id));
  data.set("url", quote_url(q.id));
  data.set("number", q.number);
  data.set("status", status_label(ctx, q.status));
  data.set("status_key", q.status);
  data.set("trainee", q.trainee_name);
  data.set("session_title", q.session_title);
  data.set("programme_title", q.programme_title);
  data.set("organiser", q.organisation_name);
  data.set("session_url", session_base(q.session_id));
  data.set("current_version", std::to_string(q.current_version));
  data.set("may_send", web::flag(q.status == "draft" || q.status == "sent"));
  data.set("resend", web::flag(q.status == "sent"));
  bool open = q.status == "draft" || q.status == "sent" || q.status == "expired";
  data.set("may_revise", web::flag(open));
  data.set("may_cancel", web::flag(open));
  data.set("may_accept", web::flag(open));
  if (q.status == "accepted") {
    Data acc{Data::type::object};
    acc.set("name", q.accepted_name);
    acc.set("at", web::format_datetime(q.accepted_at, ctx.locale));
    acc.set("version", std::to_string(q.accepted_version));
    acc.set("sha256", q.accepted_sha256);
    set_if(acc, "ip", q.accepted_ip);
    set_if(acc, "day", q.accepted_day.empty() ? "" : training_documents::french_day(q.accepted_day));
    set_if(acc, "note", q.accepted_note);
    acc.set("by_staff", web::flag(q.accepted_by != 0));
    set_if(acc, "by", v->accepted_by_name);
    data.set("accepted", acc);
  }
  if (q.status == "declined") {
    Data dec{Data::type::object};
    dec.set("at", web::format_datetime(q.declined_at, ctx.locale));
    set_if(dec, "reason", q.declined_reason);
    data.set("declined", dec);
  }
  if (q.status == "expired" && q.expired_at > 0) data.set("expired_at", web::format_datetime(q.expired_at, ctx.locale));
  if (q.status == "cancelled") data.set("cancelled_at", web::format_datetime(q.cancelled_at, ctx.locale));
  Data versions{Data::type::list};
  for (std::size_t i = 0; i < v->versions.size(); ++i) {
    const Version& ver = v->versions[i];
    Data d = version_data(ctx, ver);
    d.set("pdf_url", quote_url(q.id) + "/versions/" + std::to_string(ver.version));
    if (ver.outbox_id) {
      Data proof{Data::type::object};
      proof.set("outbox_id", std::to_string(ver.outbox_id));
      proof.set("to", ver.sent_to);
      proof.set("queued", web::format_datetime(ver.sent_at, ctx.locale));
      const auto& m = v->proofs[i];
      std::string st = m ? m->status : "pending";
      proof.set("status", ctx.t("quotes.mail_statuses." + st));
      proof.set("status_key", st);
      if (m && m->sent_at > 0) proof.set("sent_at", web::format_datetime(m->sent_at, ctx.locale));
      d.set("proof", proof);
    }
    versions.push_back(d);
  }
  data.set("versions", versions);
  if (!v->versions.empty()) {
    Data cur = version_data(ctx, v->versions.front());
    data.set("current", cur);
    form_data(ctx, data, typed ? *typed : input_of(v->versions.front()), false);
  }
  data.set("today", local_day(store::now_seconds()));
  data.set("f_day", form == "accept" ? ctx.form.get("day") : local_day(store::now_seconds()));
  data.set("f_note", form == "accept" ? ctx.form.get("note") : "");
  data.set("css", ctx.app.asset_url("css/quality.css"));
  web::set_error(data, ctx, outcome, form.empty() ? "page" : form);
  return ctx.render("trainings/quotes/quote", data, ctx.t("quotes.quote.title_of", {{"number", q.number}}), status);
}

http::Response pdf_response(const Version& v) {
  http::Response res;
  res.body = v.data;
  res.set_header("Content-Type", docs::kPdf);
  res.set_header("Content-Disposition", docs::attachment_disposition(v.file_name, docs::kPdf));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "private, no-store");
  return res;
}

// ---- The party's page (no account)

http::Response public_page(Context& ctx, Service& service, const std::string& token, const Outcome& outcome, int status,
                           const std::string& form) {
  auto v = service.by_token(token);
  if (!v) return ctx.error(404);
  const Quote& q = v->quote;
  Data data = version_data(ctx, v->shown);
  data.set("number", q.number);
  data.set("organiser", q.organisation_name);
  data.set("trainee", q.trainee_name);
  data.set("programme_title", q.programme_title);
  data.set("session_title", q.session_title);
  data.set("status", status_label(ctx, q.status));
  data.set("base", "/devis/" + token);
  data.set("pdf_url", "/devis/" + token + "/pdf");
  std::string today = local_day(store::now_seconds());
  bool expired = q.status == "expired" || (q.status == "sent" && expired_on(v->shown.valid_until, today));
  bool modified = v->current.version != v->shown.version;
  web::Params params{{"date", training_documents::french_day(add_days(v->current.valid_until, 1))},
                     {"modified", training_documents::french_date(v->current.created_at)},
                     {"accepted", q.accepted_at ? training_documents::french_date(q.accepted_at) : ""},
                     {"declined", q.declined_at ? training_documents::french_date(q.declined_at) : ""}};
  // Why it may not be accepted any more (shown instead of the forms).
  std::string closed;
  if (q.status == "cancelled") closed = "quotes.errors.cancelled";
  else if (q.status == "accepted") closed = "quotes.errors.already_accepted";
  else if (q.status == "declined") closed = "quotes.errors.already_declined";
  else if (modified) closed = "quotes.errors.modified";
  else if (expired) closed = "quotes.errors.expired";
  else if (q.status != "sent") closed = "quotes.errors.not_sent";
  if (!closed.empty()) data.set("closed", ctx.t(closed, params));
  data.set("open", web::flag(closed.empty()));
  data.set("may_decline", web::flag(closed.empty() || closed == "quotes.errors.expired"));
  if (q.status == "accepted") {
    data.set("accepted_name", q.accepted_name);
    data.set("accepted_at", web::format_datetime(q.accepted_at, ctx.locale));
  }
  data.set("f_name", form == "accept" ? ctx.form.get("name") : "");
  data.set("f_reason", form == "decline" ? ctx.form.get("reason") : "");
  web::set_error(data, ctx, outcome, form.empty() ? "page" : form);
  if (!outcome.ok) data.set("error", ctx.t(outcome.error, params));
  data.set("css", ctx.app.asset_url("css/quality.css"));
  return ctx.render("trainings/quotes/public", data, ctx.t("quotes.public.title_of", {{"number", q.number}}), status);
}

// A public form's ending: on success, flash and back to the page; else the page with the message.
http::Response public_finish(Context& ctx, Service& service, const std::string& token, const Outcome& outcome,
                             const std::string& done, const std::string& form) {
  if (outcome.ok) {
    ctx.flash("success", ctx.t(done));
    return ctx.redirect("/devis/" + token);
  }
  if (outcome.code == Failure::not_found) return ctx.error(404);
  return public_page(ctx, service, token, outcome, web::status_of(outcome), form);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string base = "/formations/sessions/{id:int}/devis";

  app.get(base, web::perm::trainings_manage, [&service](Context& ctx) {
    auto a = service.access(&ctx.me(), ctx.req.int_param("id"));
    if (!a || !a->manager) return ctx.error(404);  // another organiser's session: as if missing
    QuoteInput in;
    in.party_kind = "person";
    in.funding = "intended";
    return session_page(ctx, service, *a, in, Outcome::success(), 200);
  });

  app.post(base, web::perm::trainings_manage, [&service](Context& ctx) {
    const long long session_id = ctx.req.int_param("id");
    QuoteInput in = input_of(ctx.form);
    auto outcome = service.make(web::actor_of(ctx), ctx.me(), session_id, in);
    return web::finish(ctx, outcome, "quotes.made", quote_url(outcome.id), [&](const Outcome& o, int status) {
      auto a = service.access(&ctx.me(), session_id);
      if (!a || !a->manager) return ctx.error(404);
      return session_page(ctx, service, *a, in, o, status);
    });
  });

  app.get("/formations/devis/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    return quote_page(ctx, service, ctx.req.int_param("id"), Outcome::success(), 200, "", nullptr);
  });

  app.post("/formations/devis/{id:int}/modifier", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    QuoteInput in = input_of(ctx.form);
    auto outcome = service.revise(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "quotes.revised", quote_url(id), [&](const Outcome& o, int status) {
      return quote_page(ctx, service, id, o, status, "revise", &in);
    });
  });

  app.post("/formations/devis/{id:int}/envoi", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.send(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "quotes.sent", quote_url(id), [&](const Outcome& o, int status) {
      return quote_page(ctx, service, id, o, status, "send", nullptr);
    });
  });

  app.post("/formations/devis/{id:int}/annulation", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.cancel(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "quotes.cancelled", quote_url(id), [&](const Outcome& o, int status) {
      return quote_page(ctx, service, id, o, status, "cancel", nullptr);
    });
  });

  app.post("/formations/devis/{id:int}/acceptation", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.mark_accepted(web::actor_of(ctx), ctx.me(), id, ctx.form.get("day"), ctx.form.get("note"));
    return web::finish(ctx, outcome, "quotes.marked_accepted", quote_url(id), [&](const Outcome& o, int status) {
      return quote_page(ctx, service, id, o, status, "accept", nullptr);
    });
  });

  app.get("/formations/devis/{id:int}/versions/{n:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto v = service.version_pdf(ctx.me(), id, ctx.req.int_param("n"));
    if (!v) return ctx.error(404);
    service.record_download(web::actor_of(ctx), id, *v);
    return pdf_response(*v);
  });

  // ---- The party's link: no account; the token is the only key (its hash is stored).
  app.get("/devis/{token}", web::perm::public_access, [&service](Context& ctx) {
    return public_page(ctx, service, ctx.req.params.at("token"), Outcome::success(), 200, "");
  });
  app.get("/devis/{token}/pdf", web::perm::public_access, [&service](Context& ctx) {
    auto v = service.public_pdf(ctx.req.params.at("token"));
    if (!v) return ctx.error(404);
    return pdf_response(*v);
  });
  app.post("/devis/{token}/acceptation", web::perm::public_access, [&service](Context& ctx) {
    std::string token = ctx.req.params.at("token");
    auto outcome = service.accept_online(web::actor_of(ctx), token, ctx.form.get("name"), ctx.form.get("agree") == "1",
                                         ctx.form.get("sha256"));
    return public_finish(ctx, service, token, outcome, "quotes.public.accepted_done", "accept");
  });
  app.post("/devis/{token}/refus", web::perm::public_access, [&service](Context& ctx) {
    std::string token = ctx.req.params.at("token");
    auto outcome = service.decline_online(web::actor_of(ctx), token, ctx.form.get("reason"));
    return public_finish(ctx, service, token, outcome, "quotes.public.declined_done", "decline");
  });
}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::quotes
