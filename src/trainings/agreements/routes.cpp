#include "platform/core/calendar.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/agreements/document.hpp"
#include "trainings/agreements/rules.hpp"
#include "trainings/agreements/service.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::agreements {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string session_url(long long session_id) {
  return "/formations/sessions/" + std::to_string(session_id) + "/conventions";
}
std::string agreement_url(long long id) {
  return "/formations/conventions/" + std::to_string(id);
}

std::string when(long long t) {
  return t ? format_local(t, "%d/%m/%Y %H:%M") : "";
}

// The last day of a withdrawal period ending at `end` (exclusive midnight), in French.
std::string last_day_text(long long end) {
  return training_documents::french_day(local_day(end - 3600));
}

http::Response pdf_response(std::string bytes, const std::string& name) {
  http::Response res;
  res.body = std::move(bytes);
  res.set_header("Content-Type", docs::kPdf);
  res.set_header("Content-Disposition", docs::attachment_disposition(name, docs::kPdf));
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("Cache-Control", "private, no-store");
  return res;
}

AgreementInput input_of(const Context& ctx) {
  const auto& f = ctx.form;
  return {f.get("kind"),        f.get("application"), f.get("party_name"), f.get("party_representative"),
          f.get("party_email"), f.get("title"),       f.get("objectives"), f.get("programme"),
          f.get("action_type"), f.get("duration"),    f.get("place"),      f.get("mode"),
          f.get("sanction"),    f.get("trainers"),    f.get("price"),      f.get("advance_percent")};
}

// Cents as typed in the form: "1500,00".
std::string price_input(long long cents) {
  std::string frac = std::to_string(cents % 100);
  return std::to_string(cents / 100) + "," + (frac.size() < 2 ? "0" : "") + frac;
}

// Minutes as typed in the form: "70", "3h30".
std::string hours_input(long long minutes) {
  std::string out = std::to_string(minutes / 60);
  if (minutes % 60) out += "h" + std::string(minutes % 60 < 10 ? "0" : "") + std::to_string(minutes % 60);
  return out;
}

AgreementInput input_of(const Agreement& a) {
  return {a.kind,
          std::to_string(a.application_id),
          a.party_name,
          a.party_representative,
          a.party_email,
          a.title,
          a.objectives,
          a.programme,
          a.action_type,
          hours_input(a.duration_minutes),
          a.place,
          a.mode,
          a.sanction,
          a.trainers,
          price_input(a.price_cents),
          std::to_string(a.advance_percent)};
}

Data input_data(const Context& ctx, const AgreementInput& in) {
  Data d{Data::type::object};
  d.set("party_name", in.party_name);
  d.set("party_representative", in.party_representative);
  d.set("party_email", in.party_email);
  d.set("title", in.title);
  d.set("objectives", in.objectives);
  d.set("programme", in.programme);
  d.set("duration", in.duration);
  d.set("place", in.place);
  d.set("sanction", in.sanction);
  d.set("trainers", in.trainers);
  d.set("price", in.price);
  d.set("advance_percent", in.advance_percent);
  d.set("kinds", web::options(ctx, kinds(), "agreements.kinds.", in.kind));
  d.set("modes", web::options(ctx, modes(), "agreements.pdf.modes.", in.mode.empty() ? "presentiel" : in.mode));
  d.set("action_types", web::options(ctx, action_types(), "agreements.pdf.action_types.", in.action_type));
  return d;
}

Data row_of(const Context& ctx, const Agreement& a) {
  Data d{Data::type::object};
  d.set("id", std::to_string(a.id));
  d.set("url", agreement_url(a.id));
  d.set("kind", ctx.t("agreements.kinds." + a.kind));
  d.set("trainee", a.trainee_name);
  d.set("party", a.party_name);
  d.set("status", ctx.t("agreements.statuses." + a.status));
  d.set("status_code", a.status);
  d.set("version", std::to_string(a.current_version));
  d.set("created", when(a.created_at));
  d.set("sha256", a.current_sha256);
  if (a.kind == "contract" && a.status == "signed" && a.withdrawal_ends_at)
    d.set("withdrawal", ctx.t("agreements.withdrawal_until", {{"date", last_day_text(a.withdrawal_ends_at)}}));
  return d;
}

http::Response session_page(Context& ctx, Service& service, const programmes::SessionAccess& s,
                            const AgreementInput& in, const Outcome& outcome, int status) {
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto items = service.of_session(s.session_id, page, total);
  Data data{Data::type::object};
  data.set("programme_title", s.programme_title);
  data.set("session_title", s.session_title);
  data.set("organiser", s.organiser_name);
  data.set("session_url", "/formations/sessions/" + std::to_string(s.session_id));
  data.set("action", session_url(s.session_id));
  data.set("css", ctx.app.asset_url("css/quality.css"));
  Data rows{Data::type::list};
  for (const auto& a : items) rows.push_back(row_of(ctx, a));
  data.set("agreements", rows);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, Service::kPerPage, total, session_url(s.session_id) + "?"));
  Data candidates{Data::type::list};
  for (const auto& c : service.candidates(s.session_id)) {
    Data o{Data::type::object};
    o.set("value", std::to_string(c.application_id));
    std::string label = c.name + " — " + ctx.t("agreements.application_statuses." + c.status);
    if (!c.organisation_name.empty()) label += " — " + c.organisation_name;
    o.set("label", label);
    o.set("selected", web::flag(std::to_string(c.application_id) == in.application));
    candidates.push_back(o);
  }
  data.set("candidates", candidates);
  data.set("form", input_data(ctx, in));
  web::set_error(data, ctx, outcome);
  return ctx.render("trainings/agreements/session", data,
                    ctx.t("agreements.session.title_of", {{"session", s.session_title}}), status);
}

// The sections of a version as the page shows them.
Data sections_data(const std::string& content) {
  Data list{Data::type::list};
  for (const auto& s : parse_sections(content)) {
    Data d{Data::type::object};
    d.set("heading", s.heading);
    Data paras{Data::type::list};
    for (const auto& p : s.paragraphs) {
      Data lines{Data::type::list};
      std::size_t at = 0;
      while (at <= p.size()) {
        std::size_t end = p.find('\n', at);
        Data l{Data::type::object};
        l.set("line", p.substr(at, end == std::string::npos ? std::string::npos : end - at));
        lines.push_back(l);
        if (end == std::string::npos) break;
        at = end + 1;
      }
      Data pd{Data::type::object};
      pd.set("lines", lines);
      paras.push_back(pd);
    }
    d.set("paragraphs", paras);
    list.push_back(d);
  }
  return list;
}

http::Response agreement_page(Context& ctx, Service& service, const Agreement& a, const Outcome& outcome,
                              const std::string& form, int status) {
  Data data = row_of(ctx, a);
  data.set("programme_title", a.programme_title);
  data.set("session_title", a.session_title);
  data.set("organiser", a.organiser_name);
  data.set("session_url", session_url(a.session_id));
  data.set("party_email", a.party_email);
  data.set("css", ctx.app.asset_url("css/quality.css"));
  set_if(data, "party_representative", a.party_representative);
  data.set("is_contract", web::flag(a.kind == "contract"));
  const bool open = a.status == "draft" || a.status == "sent";
  data.set("editable", web::flag(open));
  data.set("sendable", web::flag(open));
  data.set("cancellable", web::flag(open || a.status == "signed"));
  data.set("signed", web::flag(a.status == "signed" || a.status == "withdrawn"));
  data.set("sent_status", web::flag(a.status == "sent"));
  if (a.signed_at) {
    Data s{Data::type::object};
    s.set("online", web::flag(a.signature_kind == "online"));
    s.set("name", a.signer_name);
    s.set("at", when(a.signed_at));
    s.set("version", std::to_string(a.signed_version));
    s.set("sha256", a.signed_sha256);
    set_if(s, "ip", a.signer_ip);
    set_if(s, "agent", a.signer_agent);
    if (!a.upload_sha256.empty()) {
      s.set("upload_url", agreement_url(a.id) + "/document-signe");
      s.set("upload_name", a.upload_name);
      s.set("upload_sha256", a.upload_sha256);
    }
    data.set("signature", s);
  }
  if (a.withdrawn_at) data.set("withdrawn_at", when(a.withdrawn_at));
  if (a.cancelled_at) {
    data.set("cancelled_at", when(a.cancelled_at));
    data.set("cancel_reason", a.cancel_reason);
  }
  Data versions{Data::type::list};
  for (const auto& v : service.versions(a.id)) {
    Data d{Data::type::object};
    d.set("number", std::to_string(v.number));
    d.set("url", agreement_url(a.id) + "/versions/" + std::to_string(v.number));
    d.set("file_name", v.file_name);
    d.set("created", when(v.created_at));
    d.set("sha256", v.sha256);
    d.set("current", web::flag(v.number == a.current_version));
    if (v.outbox_id) {
      d.set("sent_to", v.sent_to);
      d.set("outbox_id", std::to_string(v.outbox_id));
      auto m = service.outbox(v.outbox_id);
      if (m) {
        d.set("mail_status", ctx.t("agreements.mail_statuses." + m->status));
        set_if(d, "mail_sent_at", when(m->sent_at));
      }
    }
    versions.push_back(d);
  }
  data.set("versions", versions);
  AgreementInput in = form == "edit" ? input_of(ctx) : input_of(a);
  data.set("form", input_data(ctx, in));
  data.set("signer_name", form == "upload" ? ctx.form.get("signer_name") : "");
  data.set("signed_on", form == "upload" ? ctx.form.get("signed_on") : local_day(store::now_seconds()));
  data.set("reason", form == "cancel" ? ctx.form.get("reason") : "");
  data.set("letter_sent_on", form == "withdraw" ? ctx.form.get("letter_sent_on") : local_day(store::now_seconds()));
  data.set("may_record_withdrawal", web::flag(a.kind == "contract" && a.status == "signed"));
  if (a.kind == "contract") {
    if (a.status == "signed")
      data.set("payment_from", ctx.t("agreements.page.payment_from",
                                     {{"date", training_documents::french_day(local_day(a.withdrawal_ends_at))}}));
    else if (a.status != "cancelled") data.set("payment_from", ctx.t("agreements.page.no_payment"));
  }
  if (!form.empty()) web::set_error(data, ctx, outcome, form);
  std::string title = ctx.t("agreements.kinds." + a.kind) + " — " + a.trainee_name;
  return ctx.render("trainings/agreements/agreement", data, title, status);
}

http::Response public_page(Context& ctx, Service& service, const std::string& token, const Agreement& a,
                           const Outcome& outcome, const std::string& form, int status) {
  auto v = service.current_version(a);
  Data data{Data::type::object};
  data.set("action", "/conventions/" + token);
  data.set("pdf_url", "/conventions/" + token + "/pdf");
  data.set("withdraw_action", "/conventions/" + token + "/retractation");
  data.set("css", ctx.app.asset_url("css/quality.css"));
  data.set("kind", ctx.t("agreements.kinds." + a.kind));
  data.set("is_contract", web::flag(a.kind == "contract"));
  data.set("organiser", a.organiser_name);
  data.set("programme_title", a.programme_title);
  data.set("session_title", a.session_title);
  data.set("party", a.party_name);
  data.set("trainee", a.trainee_name);
  data.set("version", std::to_string(a.current_version));
  data.set("sha256", a.current_sha256);
  data.set("sections", sections_data(v ? v->content : ""));
  data.set("signable", web::flag(a.status == "sent"));
  data.set("cancelled", web::flag(a.status == "cancelled"));
  data.set("withdrawn", web::flag(a.status == "withdrawn"));
  const long long now = store::now_seconds();
  if (a.status == "signed" || a.status == "withdrawn") {
    data.set("signed_by", a.signer_name);
    data.set("signed_at", when(a.signed_at));
  }
  if (a.kind == "contract" && a.withdrawal_ends_at && (a.status == "signed" || a.status == "withdrawn")) {
    data.set("withdrawal_until", ctx.t("agreements.withdrawal_until", {{"date", last_day_text(a.withdrawal_ends_at)}}));
    data.set("may_withdraw", web::flag(a.status == "signed" && now < a.withdrawal_ends_at));
  }
  if (a.withdrawn_at) data.set("withdrawn_at", when(a.withdrawn_at));
  data.set("signer_name", form == "sign" ? ctx.form.get("signer_name") : "");
  if (!form.empty() && !outcome.ok) {
    web::Params p{{"date", a.withdrawal_ends_at ? last_day_text(a.withdrawal_ends_at) : ""}};
    web::set_error(data, ctx, outcome, form);
    data.set("error", ctx.t(outcome.error, p));
  }
  auto res = ctx.render("trainings/agreements/public", data,
                        ctx.t("agreements.public.title", {{"kind", ctx.t("agreements.kinds." + a.kind)}}), status);
  // The address holds the secret token: kept by no cache.
  res.set_header("Cache-Control", "no-store");
  return res;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string base = "/formations/sessions/{id:int}/conventions";

  app.get(base, web::perm::trainings_manage, [&service](Context& ctx) {
    auto s = service.managed_session(ctx.me(), ctx.req.int_param("id"));
    if (!s) return ctx.error(404);
    AgreementInput in;
    in.kind = ctx.req.query_param("type").value_or("convention");
    in.application = ctx.req.query_param("candidature").value_or("");
    return session_page(ctx, service, *s, in, Outcome::success(), 200);
  });

  app.post(base, web::perm::trainings_manage, [&service](Context& ctx) {
    const long long session_id = ctx.req.int_param("id");
    AgreementInput in = input_of(ctx);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), session_id, in);
    return web::finish(ctx, outcome, "agreements.created", agreement_url(outcome.id),
                       [&](const Outcome& o, int status) {
                         auto s = service.managed_session(ctx.me(), session_id);
                         if (!s) return ctx.error(404);
                         return session_page(ctx, service, *s, in, o, status);
                       });
  });

  app.get("/formations/conventions/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    auto a = service.managed(ctx.me(), ctx.req.int_param("id"));
    if (!a) return ctx.error(404);
    return agreement_page(ctx, service, *a, Outcome::success(), "", 200);
  });

  // A form of the agreement's page: the page again with its error, or back to it.
  auto action = [&service](Context& ctx, const std::string& form, const std::string& done, const Outcome& outcome) {
    const long long id = ctx.req.int_param("id");
    return web::finish_with(ctx, outcome, done, {{"n", std::to_string(outcome.id)}}, agreement_url(id),
                            [&](const Outcome& o, int status) {
                              auto a = service.managed(ctx.me(), id);
                              if (!a) return ctx.error(404);
                              return agreement_page(ctx, service, *a, o, form, status);
                            });
  };

  app.post("/formations/conventions/{id:int}/modifier", web::perm::trainings_manage, [&service, action](Context& ctx) {
    auto outcome = service.edit(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), input_of(ctx));
    return action(ctx, "edit", "agreements.edited", outcome);
  });

  app.post("/formations/conventions/{id:int}/envoi", web::perm::trainings_manage, [&service, action](Context& ctx) {
    auto outcome = service.send(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return action(ctx, "send", "agreements.sent", outcome);
  });

  app.post("/formations/conventions/{id:int}/signature", web::perm::trainings_manage, [&service, action](Context& ctx) {
    std::string name, bytes;
    if (const http::Part* part = ctx.file("signed_file")) {
      name = part->filename ? *part->filename : std::string();
      bytes = part->data;
    }
    auto outcome = service.upload_signed(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"),
                                         ctx.form.get("signer_name"), ctx.form.get("signed_on"), name, bytes);
    return action(ctx, "upload", "agreements.uploaded", outcome);
  });

  app.post(
      "/formations/conventions/{id:int}/annulation", web::perm::trainings_manage, [&service, action](Context& ctx) {
        auto outcome = service.cancel(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), ctx.form.get("reason"));
        return action(ctx, "cancel", "agreements.cancelled", outcome);
      });

  app.post("/formations/conventions/{id:int}/retractation", web::perm::trainings_manage,
           [&service, action](Context& ctx) {
             auto outcome = service.record_withdrawal(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"),
                                                      ctx.form.get("letter_sent_on"));
             return action(ctx, "withdraw", "agreements.withdrawal_recorded", outcome);
           });

  app.get("/formations/conventions/{id:int}/versions/{number:int}", web::perm::trainings_manage,
          [&service](Context& ctx) {
            auto v = service.version_file(ctx.me(), ctx.req.int_param("id"), ctx.req.int_param("number"));
            if (!v) return ctx.error(404);
            return pdf_response(std::move(v->data), v->file_name);
          });

  app.get("/formations/conventions/{id:int}/document-signe", web::perm::trainings_manage, [&service](Context& ctx) {
    auto f = service.signed_file(ctx.me(), ctx.req.int_param("id"));
    if (!f) return ctx.error(404);
    return pdf_response(std::move(f->second), f->first);
  });

  // ---- The signing link (no account)
  app.get("/conventions/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string& token = ctx.req.params.at("token");
    auto a = service.by_token(token);
    if (!a) return ctx.error(404, ctx.t("agreements.errors.link_invalid"));
    return public_page(ctx, service, token, *a, Outcome::success(), "", 200);
  });

  app.get("/conventions/{token}/pdf", web::perm::public_access, [&service](Context& ctx) {
    auto a = service.by_token(ctx.req.params.at("token"));
    if (!a) return ctx.error(404, ctx.t("agreements.errors.link_invalid"));
    auto v = service.current_version(*a);
    if (!v) return ctx.error(404);
    return pdf_response(std::move(v->data), v->file_name);
  });

  app.post("/conventions/{token}", web::perm::public_access, [&service](Context& ctx) {
    const std::string token = ctx.req.params.at("token");
    auto outcome = service.sign(web::actor_of(ctx), token, ctx.form.get("signer_name"), ctx.form.get("approved") == "1",
                                ctx.form.get("document_sha256"), ctx.req.header("user-agent"));
    return web::finish(ctx, outcome, "agreements.public.signed", "/conventions/" + token,
                       [&](const Outcome& o, int status) {
                         auto a = service.by_token(token);
                         if (!a) return ctx.error(404, ctx.t("agreements.errors.link_invalid"));
                         return public_page(ctx, service, token, *a, o, "sign", status);
                       });
  });

  app.post("/conventions/{token}/retractation", web::perm::public_access, [&service](Context& ctx) {
    const std::string token = ctx.req.params.at("token");
    auto outcome = service.withdraw(web::actor_of(ctx), token, ctx.form.get("confirm") == "1");
    return web::finish(ctx, outcome, "agreements.public.withdrawn", "/conventions/" + token,
                       [&](const Outcome& o, int status) {
                         auto a = service.by_token(token);
                         if (!a) return ctx.error(404, ctx.t("agreements.errors.link_invalid"));
                         return public_page(ctx, service, token, *a, o, "withdraw", status);
                       });
  });
}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::agreements
