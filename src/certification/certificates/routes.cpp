#include <cctype>
#include <memory>

#include "certification/certificates/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::certificates {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string session_certificates_url(long long id) {
  return "/certifications/sessions/" + std::to_string(id) + "/parchemins";
}

ActingFor managed_by(const Context& ctx) {
  return ctx.me().acting_for(web::perm::certifications_manage);
}

// "28 mars 2024" from 'YYYY-MM-DD'.
std::string day_label(const Context& ctx, const std::string& day) {
  auto d = parse_date(day);
  if (!d) return day;
  return std::to_string(d->day) + " " + ctx.t("trainings.months." + std::to_string(d->month)) + " " +
         std::to_string(d->year);
}

std::string percent(long long part, long long whole) {
  if (whole <= 0) return "—";
  return std::to_string((part * 100 + whole / 2) / whole) + " %";
}

Data blocks_data(const std::string& list) {
  Data out{Data::type::list};
  for (const auto& code : block_codes(list)) {
    Data d{Data::type::object};
    d.set("code", code);
    out.push_back(d);
  }
  return out;
}

http::Response session_page(Context& ctx, Service& service, long long id, const Outcome& outcome, int status) {
  auto s = service.managed_session(managed_by(ctx), id);
  if (!s) return ctx.error(404);
  Data data{Data::type::object};
  data.set("id", std::to_string(s->id));
  data.set("heading", ctx.t("certificates.session.heading", {{"session", s->title}}));
  data.set("session", s->title);
  data.set("session_url", "/certifications/sessions/" + std::to_string(s->id));
  data.set("certification", s->certification_title);
  data.set("export_url", "/certifications/" + std::to_string(s->certification_id) + "/titulaires.csv");
  data.set("figures_url", "/certifications/" + std::to_string(s->certification_id) + "/chiffres");
  data.set("locked", web::flag(s->minutes_locked_at != 0));
  if (s->minutes_locked_at)
    data.set("minutes",
             ctx.t("certificates.session.minutes_locked", {{"when", format_local(s->minutes_locked_at, "%d/%m/%Y")}}));
  Data items{Data::type::list};
  for (const auto& c : service.of_session(id)) {
    Data d{Data::type::object};
    d.set("id", std::to_string(c.id));
    d.set("name", c.holder_name);
    d.set("code", c.registration_code);
    d.set("kind", ctx.t(c.complete ? "certificates.complete" : "certificates.partial"));
    d.set("blocks", blocks_data(c.blocks));
    d.set("issued", format_local(c.issued_at, "%d/%m/%Y"));
    d.set("pdf_url", "/certifications/parchemins/" + std::to_string(c.id));
    std::string code = service.code_of(c);
    if (!code.empty()) d.set("verify_url", "/verifier/" + code);
    set_if(d, "verify_code", code);
    d.set("revoked", web::flag(c.revoked_at != 0));
    if (c.revoked_at) {
      d.set("revoked_when", format_local(c.revoked_at, "%d/%m/%Y"));
      d.set("revoked_reason", c.revoked_reason);
    }
    d.set("exported", c.exported_at ? format_local(c.exported_at, "%d/%m/%Y") : ctx.t("certificates.not_exported"));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/certificates/session", data,
                    ctx.t("certificates.session.title", {{"session", s->title}}), status);
}

http::Response verify_page(Context& ctx, Service& service, const std::string& code) {
  Data data{Data::type::object};
  data.set("typed", code);
  int status = 200;
  if (!code.empty()) {
    auto v = service.verify(ctx.client_ip(), code);
    using S = Verification::Status;
    if (v.status == S::limited) {
      data.set("limited", web::flag(true));
      status = 429;
    } else if (v.status == S::invalid) {
      data.set("invalid", web::flag(true));
      status = 404;
    } else {
      const auto& c = v.certificate;
      data.set("found", web::flag(true));
      data.set("revoked", web::flag(v.status == S::revoked));
      if (c.revoked_at) data.set("revoked_when", format_local(c.revoked_at, "%d/%m/%Y"));
      data.set("holder", c.holder_name);
      data.set("certification", c.certification_title);
      data.set("certifier", c.owner_name);
      data.set("kind", ctx.t(c.complete ? "certificates.complete" : "certificates.partial"));
      data.set("blocks", blocks_data(c.blocks));
      data.set("issued", day_label(ctx, local_day(c.issued_at)));
      data.set("jury_day", day_label(ctx, c.session_day));
      if (!c.registration_number.empty())
        data.set("registered",
                 ctx.t("certificates.verify.registered." + std::string(c.register_ == "rncp" ? "rncp" : "rs"),
                       {{"number", c.registration_number}, {"decision", day_label(ctx, c.decision_date)}}));
    }
  }
  data.set("css", ctx.app.asset_url("css/certification.css"));
  auto res = ctx.render("certification/certificates/verify", data, ctx.t("certificates.verify.title"), status);
  res.set_header("X-Robots-Tag", "noindex");
  res.set_header("Cache-Control", "no-store");
  return res;
}

http::Response figures_page(Context& ctx, Service& service) {
  long long id = ctx.req.int_param("id");
  // Public figures of published certifications only (any other answers like a missing id).
  auto r = service.evaluations().candidates().referential().referential(ActingFor{}, id);
  if (!r || r->certification.status != "published") return ctx.error(404);
  Data data{Data::type::object};
  data.set("certification", r->version.title);
  data.set("certification_url", "/certifications/" + std::to_string(id));
  Data years{Data::type::list};
  for (const auto& y : service.figures(id)) {
    Data d{Data::type::object};
    d.set("year", y.year);
    d.set("assessed", std::to_string(y.assessed));
    d.set("complete", std::to_string(y.complete));
    d.set("rate", percent(y.complete, y.assessed));
    Data blocks{Data::type::list};
    for (const auto& b : y.blocks) {
      Data bd{Data::type::object};
      bd.set("code", b.code);
      bd.set("title", b.title);
      bd.set("decided", std::to_string(b.decided));
      bd.set("validated", std::to_string(b.validated));
      bd.set("rate", percent(b.validated, b.decided));
      blocks.push_back(bd);
    }
    d.set("blocks", blocks);
    years.push_back(d);
  }
  data.set("years", years);
  data.set("empty", web::flag(years.is_empty_list()));
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/certificates/figures", data,
                    ctx.t("certificates.figures.title", {{"certification", r->version.title}}));
}

std::vector<std::string> export_headers(const Context& ctx) {
  std::vector<std::string> h;
  for (const char* k : {"last_name", "first_name", "birth_date", "register", "registration_number", "date", "kind",
                        "blocks", "candidate_code", "certificate"})
    h.push_back(ctx.t(std::string("certificates.export.") + k));
  return h;
}

// 'YYYY-MM-DD' as dd/mm/yyyy, the way the export writes every date (a text cell: birth dates are
// out of the spreadsheet date cells' range).
std::string dd_mm_yyyy(const std::string& iso) {
  bool shaped = iso.size() == 10 && iso[4] == '-' && iso[7] == '-';
  for (std::size_t i = 0; shaped && i < iso.size(); ++i)
    shaped = i == 4 || i == 7 || std::isdigit(static_cast<unsigned char>(iso[i]));
  if (!shaped) return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

docs::Row export_row(const web::Catalogue& cat, const std::string& locale, const Certificate& c) {
  Name n = split_name(c.holder_name);
  std::string blocks;
  for (const auto& code : block_codes(c.blocks)) blocks += (blocks.empty() ? "" : " ") + code;
  return {n.last,
          n.first,
          dd_mm_yyyy(c.birth_date),
          c.register_ == "rncp" ? "RNCP" : "RS",
          c.registration_number,
          docs::Cell::day(c.session_day),
          cat.t(locale, c.complete ? "certificates.export.complete" : "certificates.export.partial"),
          blocks,
          c.registration_code,
          docs::Cell::integer(c.id)};
}

std::optional<web::DashboardPanel> export_panel(Context& ctx, Service& service) {
  auto managed = managed_by(ctx);
  if (managed.none()) return std::nullopt;
  auto reminders = service.reminders(managed);
  if (reminders.empty()) return std::nullopt;
  web::DashboardPanel panel;
  panel.key = "certification-holders-export";
  panel.title = ctx.t("certificates.dashboard.title");
  panel.empty = ctx.t("certificates.dashboard.empty");
  for (const auto& r : reminders)
    panel.items.push_back({ctx.t("certificates.dashboard.item", {{"certification", r.title}}),
                           "/certifications/" + std::to_string(r.certification_id) + "/titulaires.csv",
                           ctx.t("certificates.dashboard.detail",
                                 {{"n", std::to_string(r.count)}, {"since", format_local(r.oldest, "%d/%m/%Y")}}),
                           "", true});
  return panel;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // ---- Public verification
  app.get("/verifier", web::perm::public_access, [&service](Context& ctx) {
    std::string typed = trim(ctx.req.query_param("code").value_or(""));
    if (!typed.empty() && typed.size() <= 80) return ctx.redirect("/verifier/" + web::url_encode(typed));
    return verify_page(ctx, service, "");
  });
  app.get("/verifier/{code}", web::perm::public_access,
          [&service](Context& ctx) { return verify_page(ctx, service, ctx.req.params.at("code")); });

  // ---- The certifier's staff
  app.get("/certifications/sessions/{id:int}/parchemins", web::perm::certifications_manage, [&service](Context& ctx) {
    return session_page(ctx, service, ctx.req.int_param("id"), Outcome::success(), 200);
  });
  app.post("/certifications/sessions/{id:int}/parchemins", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.issue(web::actor_of(ctx), managed_by(ctx), id);
    return web::finish_with(ctx, outcome, "certificates.session.issued", {{"n", std::to_string(outcome.id)}},
                            session_certificates_url(id),
                            [&](const Outcome& o, int status) { return session_page(ctx, service, id, o, status); });
  });
  app.post("/certifications/parchemins/{id:int}/revoquer", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto managed = managed_by(ctx);
    long long session = service.session_of(managed, id);
    auto outcome = service.revoke(web::actor_of(ctx), managed, id, ctx.form.get("reason"));
    return web::finish(ctx, outcome, "certificates.revoked", session_certificates_url(session),
                       [&](const Outcome& o, int status) { return session_page(ctx, service, session, o, status); });
  });
  app.get("/certifications/parchemins/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto r = service.pdf(ctx.me(), ctx.req.int_param("id"));
    if (!r) return ctx.error(404);
    http::Response res;
    res.status = 200;
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition",
                   "attachment; filename=\"" +
                       docs::pdf_file_name({"parchemin", r->first.holder_name, r->first.certification_title}) + "\"");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(r->second);
    return res;
  });

  // The holders for the national training-account system, streamed by pages of 200.
  app.get("/certifications/{id:int}/titulaires.csv", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto max_id = service.start_export(web::actor_of(ctx), managed_by(ctx), id);
    if (!max_id) return ctx.error(404);
    struct State {
      long long certification = 0, max_id = 0, after = 0;
      bool header = true, done = false;
    };
    auto state = std::make_shared<State>(State{id, *max_id, 0, true, false});
    const web::Catalogue* cat = &ctx.app.catalogue;
    std::string locale = ctx.locale;
    std::string header = std::string(docs::kCsvBom) + docs::csv_line(export_headers(ctx));
    http::Response res;
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"titulaires-" + std::to_string(id) + ".csv\"");
    res.set_header("Cache-Control", "private, no-store");
    res.next_chunk = [state, cat, locale, header, &service]() -> std::optional<std::string> {
      if (state->done) return std::nullopt;
      std::string chunk;
      if (state->header) {
        chunk = header;
        state->header = false;
      }
      auto page = service.export_page(state->certification, state->max_id, state->after, 200);
      for (const auto& c : page) {
        chunk += docs::csv_line(export_row(*cat, locale, c));
        state->after = c.id;
      }
      if (page.size() < 200) state->done = true;
      if (chunk.empty()) return std::nullopt;
      return chunk;
    };
    return res;
  });

  app.get("/certifications/{id:int}/chiffres", web::perm::public_access,
          [&service](Context& ctx) { return figures_page(ctx, service); });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(255, [&service](Context& ctx) { return export_panel(ctx, service); });
}

}  // namespace trame::certificates
