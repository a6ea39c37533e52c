#include <algorithm>
#include <fstream>

#include "platform/core/calendar.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/agreements/service.hpp"
#include "trainings/enrolments/rules.hpp"
#include "trainings/invoices/service.hpp"
#include "trainings/training_documents/french.hpp"

namespace trame::invoices {

namespace {

using web::Context;
using web::Data;

const long long kPerPage = 30;

std::string session_base(long long session_id) {
  return "/formations/sessions/" + std::to_string(session_id) + "/factures";
}
std::string invoice_url(long long id) {
  return "/formations/factures/" + std::to_string(id);
}
std::string money(long long cents) {
  return enrolments::format_euros(cents);
}
std::string key_of(long long line_id) {
  return line_id == 0 ? "rest" : "line_" + std::to_string(line_id);
}

std::string status_label(const Context& ctx, const Invoice& i) {
  if (i.kind == "credit_note") return ctx.t("invoices.credit_status");
  return ctx.t("invoices.statuses." + i.status);
}

Data invoice_row(const Context& ctx, const Invoice& i) {
  Data r{Data::type::object};
  r.set("id", std::to_string(i.id));
  r.set("url", invoice_url(i.id));
  r.set("number", i.number);
  r.set("kind", ctx.t("invoices.kinds." + i.kind));
  r.set("credit", web::flag(i.kind == "credit_note"));
  r.set("trainee", i.trainee_name);
  r.set("buyer", i.buyer_name);
  r.set("payer", ctx.t("invoices.funders." + i.payer));
  r.set("session", i.session_title);
  r.set("issued", short_french_date(i.issued_on));
  r.set("due", short_french_date(i.due_on));
  r.set("ht", money(i.total_ht_cents));
  r.set("ttc", (i.kind == "credit_note" ? "−" : "") + money(i.total_ttc_cents));
  r.set("paid", money(i.paid_cents));
  r.set("status", status_label(ctx, i));
  r.set("status_code", i.kind == "credit_note" ? "credit_note" : i.status);
  return r;
}

// Errors of the « Facturer » form, for the application it concerns.
struct BillError {
  long long application_id = 0;
  Outcome outcome = Outcome::success();
};

std::string error_message(const Context& ctx, Service& service, const Outcome& o, long long application_id) {
  if (o.error == "invoices.errors.withdrawal") {
    auto from = service.payment_allowed_from(application_id);
    return ctx.t(o.error, {{"date", from ? training_documents::french_date(*from) : ""}});
  }
  return ctx.t(o.error);
}

std::string withdrawal_text(const Context& ctx, const std::optional<long long>& from) {
  if (!from) return "";
  if (*from == agreements::kNoPayment) return ctx.t("invoices.session.no_payment");
  return ctx.t("invoices.session.withdrawal", {{"date", training_documents::french_date(*from)}});
}

http::Response session_page(Context& ctx, Service& service, const programmes::SessionAccess& a, const BillError& err,
                            int status) {
  Data trainees{Data::type::list};
  auto proposals = service.proposals(a.session_id);
  for (const auto& p : proposals) {
    const bool mine = err.application_id == p.who.application_id && !err.outcome.ok;
    auto typed = [&](const std::string& field, const std::string& fallback) {
      return mine ? ctx.form.get(field) : fallback;
    };
    Data t{Data::type::object};
    const std::string app = std::to_string(p.who.application_id);
    t.set("application", app);
    t.set("name", p.who.name);
    t.set("status", ctx.t("invoices.application_statuses." + p.who.status));
    t.set("organisation", p.who.organisation_name.empty() ? "—" : p.who.organisation_name);
    t.set("price", money(p.who.price_cents));
    t.set("attended", training_documents::french_hours(p.attended_minutes));
    t.set("planned", training_documents::french_hours(p.planned_minutes));
    t.set("nothing_attended", web::flag(p.attended_minutes == 0));
    t.set("has_withdrawal", web::flag(p.payment_allowed_from.has_value()));
    t.set("withdrawal", withdrawal_text(ctx, p.payment_allowed_from));
    const std::string payer = typed("payer", p.rest_payer);
    Data payers{Data::type::list};
    for (const std::string v : {"employer", "self"}) {
      Data o{Data::type::object};
      o.set("value", v);
      o.set("label", ctx.t("invoices.payers." + v));
      o.set("selected", web::flag(v == payer));
      payers.push_back(o);
    }
    t.set("payers", payers);
    t.set("buyer_name", typed("buyer_name", p.rest_name));
    t.set("buyer_invalid", web::flag(mine && err.outcome.field == "buyer_name"));
    t.set("payer_invalid", web::flag(mine && err.outcome.field == "payer"));
    Data parts{Data::type::list};
    for (const auto& part : p.parts) {
      Data d{Data::type::object};
      const std::string key = key_of(part.line_id);
      d.set("key", key);
      d.set("id", app + "-" + key);
      d.set("rest", web::flag(part.line_id == 0));
      d.set("label", part.line_id
                         ? ctx.t("invoices.funders." + part.payer) + (part.name.empty() ? "" : " — " + part.name)
                         : ctx.t("invoices.session.rest"));
      d.set("target", money(part.target_cents));
      d.set("billed", money(part.billed_cents));
      const std::string proposed =
          part.proposed_cents > 0 ? enrolments::format_euros(part.proposed_cents) : std::string();
      // The amount field holds a plain number ("1500,00"), not the formatted one.
      std::string plain;
      if (part.proposed_cents > 0) {
        plain = std::to_string(part.proposed_cents / 100) + "," + (part.proposed_cents % 100 < 10 ? "0" : "") +
                std::to_string(part.proposed_cents % 100);
      }
      d.set("amount", typed("amount_" + key, plain));
      d.set("email", typed("email_" + key, part.line_id == 0 ? p.rest_email : ""));
      d.set("address", typed("address_" + key, part.line_id == 0 ? p.rest_address : ""));
      d.set("amount_invalid", web::flag(mine && err.outcome.field == "amount_" + key));
      d.set("email_invalid", web::flag(mine && err.outcome.field == "email_" + key));
      d.set("address_invalid", web::flag(mine && err.outcome.field == "address_" + key));
      (void)proposed;
      parts.push_back(d);
    }
    t.set("parts", parts);
    t.set("has_error", web::flag(mine));
    t.set("error", mine ? error_message(ctx, service, err.outcome, p.who.application_id) : "");
    trainees.push_back(t);
  }
  long long page = web::page_param(ctx.req);
  long long total = 0;
  Data rows{Data::type::list};
  for (const auto& i : service.of_session(a.session_id, page, kPerPage, total)) rows.push_back(invoice_row(ctx, i));
  Data data{Data::type::object};
  data.set("session_title", a.session_title);
  data.set("programme_title", a.programme_title);
  data.set("organiser", a.organiser_name);
  data.set("base", session_base(a.session_id));
  data.set("session_url", "/formations/sessions/" + std::to_string(a.session_id));
  data.set("year_url", "/formations/factures?annee=" + local_day(store::now_seconds()).substr(0, 4) +
                           "&organisme=" + std::to_string(a.organiser_id));
  data.set("trainees", trainees);
  data.set("no_trainees", web::flag(proposals.empty()));
  data.set("invoices", rows);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, total, session_base(a.session_id) + "?"));
  data.set("css", ctx.app.asset_url("css/quality.css"));
  if (!err.outcome.ok) data.set("error", error_message(ctx, service, err.outcome, err.application_id));
  return ctx.render("trainings/invoices/session", data,
                    ctx.t("invoices.session.title_of", {{"session", a.session_title}}), status);
}

http::Response invoice_page(Context& ctx, Service& service, const Invoice& i, const std::string& form,
                            const Outcome& err, int status) {
  Data data = invoice_row(ctx, i);
  data.set("organiser", i.organisation_name);
  data.set("programme", i.programme_title);
  data.set("session_url", session_base(i.session_id));
  data.set("pdf", invoice_url(i.id) + "/pdf");
  data.set("sha256", i.sha256);
  data.set("size", std::to_string((i.size_bytes + 1023) / 1024) + " Ko");
  data.set("address", i.buyer_address);
  data.set("has_address", web::flag(!i.buyer_address.empty()));
  data.set("vat", money(i.vat_cents));
  data.set("remaining", money(std::max(0LL, i.total_ttc_cents - i.paid_cents)));
  data.set("is_invoice", web::flag(i.kind == "invoice"));
  data.set("cancelled", web::flag(i.status == "cancelled"));
  data.set("has_credit", web::flag(!i.credit_number.empty()));
  data.set("credit_number", i.credit_number);
  data.set("has_reason", web::flag(!i.reason.empty()));
  data.set("reason", i.reason);
  data.set("recipient", i.recipient);
  data.set("is_credit_note", web::flag(i.credit_of != 0));
  data.set("credit_of_url", invoice_url(i.credit_of));
  auto m = service.sending(i.outbox_id);
  data.set("has_sending", web::flag(m.has_value()));
  data.set("outbox_id", std::to_string(i.outbox_id));
  data.set("mail_status", m ? ctx.t("invoices.mail_statuses." + m->status) : "");
  data.set("mail_created", m ? web::format_datetime(m->created_at, ctx.locale) : "");
  data.set("mail_delivered", web::flag(m && m->sent_at > 0));
  data.set("mail_sent", m && m->sent_at > 0 ? web::format_datetime(m->sent_at, ctx.locale) : "");
  data.set("has_reminded_7", web::flag(i.reminded_7_at > 0));
  data.set("reminded_7", i.reminded_7_at ? web::format_datetime(i.reminded_7_at, ctx.locale) : "");
  data.set("has_reminded_30", web::flag(i.reminded_30_at > 0));
  data.set("reminded_30", i.reminded_30_at ? web::format_datetime(i.reminded_30_at, ctx.locale) : "");
  const bool may_pay = i.kind == "invoice" && i.status != "cancelled" && i.status != "paid";
  data.set("may_pay", web::flag(may_pay));
  data.set("may_credit", web::flag(i.kind == "invoice" && i.status != "cancelled" && i.paid_cents == 0));
  data.set("may_send", web::flag(i.status != "cancelled"));
  std::optional<long long> from;
  if (i.payer == "self" && i.kind == "invoice") from = service.payment_allowed_from(i.application_id);
  data.set("has_withdrawal", web::flag(from.has_value()));
  data.set("withdrawal", withdrawal_text(ctx, from));
  Data payments{Data::type::list};
  auto recorded = service.payments(i.id);
  for (const auto& p : recorded) {
    Data r{Data::type::object};
    r.set("on", short_french_date(p.paid_on));
    r.set("amount", money(p.amount_cents));
    r.set("method", ctx.t("invoices.methods." + p.method));
    r.set("reference", p.reference.empty() ? "—" : p.reference);
    payments.push_back(r);
  }
  data.set("payments", payments);
  data.set("no_payments", web::flag(recorded.empty()));
  const bool pay_form = form == "payment" && !err.ok;
  std::string method = pay_form ? ctx.form.get("method") : "transfer";
  data.set("methods", web::options(ctx, payment_methods(), "invoices.methods.", method));
  data.set("paid_on", pay_form ? ctx.form.get("paid_on") : local_day(store::now_seconds()));
  data.set("amount", pay_form ? ctx.form.get("amount")
                              : std::to_string(std::max(0LL, i.total_ttc_cents - i.paid_cents) / 100) + "," +
                                    ((std::max(0LL, i.total_ttc_cents - i.paid_cents) % 100) < 10 ? "0" : "") +
                                    std::to_string(std::max(0LL, i.total_ttc_cents - i.paid_cents) % 100));
  data.set("reference_value", pay_form ? ctx.form.get("reference") : "");
  data.set("email_value", form == "send" && !err.ok ? ctx.form.get("email") : i.recipient);
  data.set("reason_value", form == "credit" && !err.ok ? ctx.form.get("reason") : "");
  data.set("css", ctx.app.asset_url("css/quality.css"));
  for (const char* f :
       {"send_email", "payment_paid_on", "payment_amount", "payment_method", "payment_reference", "credit_reason"})
    data.set(std::string("error_") + f, web::flag(!err.ok && form + "_" + err.field == f));
  if (!err.ok) {
    data.set("error", error_message(ctx, service, err, i.application_id));
    data.set("error_anchor", form + "-" + err.field);
  }
  return ctx.render("trainings/invoices/invoice", data,
                    ctx.t(i.kind == "credit_note" ? "invoices.invoice.credit_title" : "invoices.invoice.title",
                          {{"number", i.number}}),
                    status);
}

struct YearQuery {
  long long year = 0;
  long long organisation_id = 0;
};

YearQuery year_query(const Context& ctx) {
  YearQuery q;
  std::string y = ctx.req.query_param("annee").value_or("");
  q.year = (y.size() == 4 && std::all_of(y.begin(), y.end(), ::isdigit)) ? std::stoll(y) : 0;
  if (q.year < 2000 || q.year > 2100) q.year = std::stoll(local_day(store::now_seconds()).substr(0, 4));
  q.organisation_id = web::parse_id(ctx.req.query_param("organisme").value_or(""));
  return q;
}

http::Response stream_file(const std::shared_ptr<docs::XlsxFile>& book, const std::string& name) {
  auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
  http::Response res;
  res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
  res.set_header("Cache-Control", "private, no-store");
  res.next_chunk = [book, file]() -> std::optional<std::string> {
    std::string piece(64 * 1024, '\0');
    file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
    piece.resize(static_cast<std::size_t>(file->gcount()));
    if (piece.empty()) return std::nullopt;
    return piece;
  };
  return res;
}

docs::Cell cents_cell(long long cents) {
  return docs::Cell::decimal(static_cast<double>(cents) / 100.0, 2, enrolments::format_euros(cents));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string base = "/formations/sessions/{id:int}/factures";

  app.get(base, web::perm::trainings_manage, [&service](Context& ctx) {
    auto a = service.access(ctx.me(), ctx.req.int_param("id"));
    if (!a || !a->manager) return ctx.error(404);  // another organiser's session: as if missing
    return session_page(ctx, service, *a, {}, 200);
  });

  // « Facturer »: the invoices of one trainee, numbered in one transaction.
  app.post(base, web::perm::trainings_manage, [&service](Context& ctx) {
    const long long session_id = ctx.req.int_param("id");
    BillInput in;
    in.application_id = web::parse_id(ctx.form.get("application"));
    in.payer = ctx.form.get("payer");
    in.buyer_name = ctx.form.get("buyer_name");
    for (const auto& [name, value] : ctx.form.fields()) {
      for (const std::string prefix : {"amount_", "email_", "address_"}) {
        if (name.rfind(prefix, 0) != 0) continue;
        const std::string key = name.substr(prefix.size());
        auto& target = prefix == "amount_" ? in.amounts : prefix == "email_" ? in.emails : in.addresses;
        target[key] = value;
      }
    }
    auto outcome = service.bill(web::actor_of(ctx), ctx.me(), session_id, in);
    return web::finish_with(ctx, outcome, "invoices.session.done", {{"count", std::to_string(outcome.id)}},
                            session_base(session_id), [&](const Outcome& o, int status) {
                              auto a = service.access(ctx.me(), session_id);
                              if (!a || !a->manager) return ctx.error(404);
                              return session_page(ctx, service, *a, {in.application_id, o}, status);
                            });
  });

  app.get("/formations/factures/{id:int}", web::perm::trainings_manage, [&service](Context& ctx) {
    auto i = service.invoice(ctx.me(), ctx.req.int_param("id"));
    if (!i) return ctx.error(404);
    return invoice_page(ctx, service, *i, "", Outcome::success(), 200);
  });

  app.get("/formations/factures/{id:int}/pdf", web::perm::trainings_manage, [&service](Context& ctx) {
    auto i = service.invoice(ctx.me(), ctx.req.int_param("id"), true);
    if (!i) return ctx.error(404);
    service.record_download(web::actor_of(ctx), *i);
    http::Response res;
    res.body = std::move(i->data);
    res.set_header("Content-Type", docs::kPdf);
    res.set_header("Content-Disposition", docs::attachment_disposition(i->file_name, docs::kPdf));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "private, no-store");
    return res;
  });

  auto again = [&service](Context& ctx, long long id, const std::string& form) {
    return [&service, &ctx, id, form](const Outcome& o, int status) {
      auto i = service.invoice(ctx.me(), id);
      if (!i) return ctx.error(404);
      return invoice_page(ctx, service, *i, form, o, status);
    };
  };

  app.post("/formations/factures/{id:int}/envoi", web::perm::trainings_manage, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    auto outcome = service.send(web::actor_of(ctx), ctx.me(), id, ctx.form.get("email"));
    return web::finish(ctx, outcome, "invoices.invoice.sent", invoice_url(id), again(ctx, id, "send"));
  });

  app.post("/formations/factures/{id:int}/paiements", web::perm::trainings_manage, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    PaymentInput in{ctx.form.get("paid_on"), ctx.form.get("amount"), ctx.form.get("method"), ctx.form.get("reference")};
    auto outcome = service.record_payment(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "invoices.invoice.payment_recorded", invoice_url(id), again(ctx, id, "payment"));
  });

  app.post("/formations/factures/{id:int}/avoir", web::perm::trainings_manage, [&service, again](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    auto outcome = service.credit(web::actor_of(ctx), ctx.me(), id, ctx.form.get("reason"));
    return web::finish(ctx, outcome, "invoices.invoice.credited",
                       outcome.ok ? invoice_url(outcome.id) : invoice_url(id), again(ctx, id, "credit"));
  });

  // The year's invoices of the organisations the user manages.
  app.get("/formations/factures", web::perm::trainings_manage, [&service](Context& ctx) {
    YearQuery q = year_query(ctx);
    ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
    if (q.organisation_id != 0 && !scope.covers(q.organisation_id)) return ctx.error(404);
    long long page = web::page_param(ctx.req);
    long long total = 0;
    Data rows{Data::type::list};
    for (const auto& i : service.of_year(scope, q.organisation_id, q.year, page, kPerPage, total))
      rows.push_back(invoice_row(ctx, i));
    const std::string query = "annee=" + std::to_string(q.year) +
                              (q.organisation_id ? "&organisme=" + std::to_string(q.organisation_id) : "");
    Data orgs{Data::type::list};
    for (const auto& [id, name] : service.organisations(scope)) {
      Data o{Data::type::object};
      o.set("value", std::to_string(id));
      o.set("label", name);
      o.set("selected", web::flag(id == q.organisation_id));
      orgs.push_back(o);
    }
    Data data{Data::type::object};
    data.set("year", std::to_string(q.year));
    data.set("organisations", orgs);
    data.set("invoices", rows);
    data.set("empty", web::flag(total == 0));
    data.set("total", std::to_string(total));
    data.set("xlsx", "/formations/factures.xlsx?" + query);
    data.set("pagination", web::pagination(ctx, page, kPerPage, total, "/formations/factures?" + query + "&"));
    data.set("css", ctx.app.asset_url("css/quality.css"));
    return ctx.render("trainings/invoices/year", data,
                      ctx.t("invoices.year.title_of", {{"year", std::to_string(q.year)}}));
  });

  app.get("/formations/factures.xlsx", web::perm::trainings_manage, [&service](Context& ctx) {
    YearQuery q = year_query(ctx);
    ActingFor scope = ctx.me().acting_for(web::perm::trainings_manage);
    if (q.organisation_id != 0 && !scope.covers(q.organisation_id)) return ctx.error(404);
    std::vector<std::string> headers;
    for (const char* h : {"number", "kind", "date", "buyer", "funder", "trainee", "session", "ht", "vat", "ttc", "paid",
                          "status", "due", "organisation"})
      headers.push_back(ctx.t(std::string("invoices.xlsx.") + h));
    auto book = std::make_shared<docs::XlsxFile>(ctx.t("invoices.xlsx.sheet"), headers);
    service.each_of_year(scope, q.organisation_id, q.year, [&](const Invoice& i) {
      const long long sign = i.kind == "credit_note" ? -1 : 1;
      book->add_row({docs::Cell(i.number), docs::Cell(ctx.t("invoices.kinds." + i.kind)), docs::Cell::day(i.issued_on),
                     docs::Cell(i.buyer_name), docs::Cell(ctx.t("invoices.funders." + i.payer)),
                     docs::Cell(i.trainee_name), docs::Cell(i.programme_title + " — " + i.session_title),
                     cents_cell(sign * i.total_ht_cents), cents_cell(sign * i.vat_cents),
                     cents_cell(sign * i.total_ttc_cents), cents_cell(i.paid_cents), docs::Cell(status_label(ctx, i)),
                     docs::Cell::day(i.due_on), docs::Cell(i.organisation_name)});
    });
    return stream_file(book, "factures-" + std::to_string(q.year) + ".xlsx");
  });
}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::invoices
