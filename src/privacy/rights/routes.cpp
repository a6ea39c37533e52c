#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "privacy/rights/rules.hpp"
#include "privacy/rights/service.hpp"

namespace trame::privacy::rights {

namespace {

using web::Context;
using web::Data;

constexpr long long kPerPage = 25;
const char* kAdminList = "/admin/vie-privee/demandes";

std::string day(long long t) {
  return format_local(t, "%d/%m/%Y");
}

// The deadline as read on a page: the date, the days left or overdue in words (not by colour alone).
void set_deadline(Data& row, const Context& ctx, const Request& r, long long now) {
  row.set("due", day(r.due_at));
  if (!open_status(r.status)) return;
  long long left = days_left(r.due_at, now);
  if (left < 0) {
    row.set("overdue", web::flag(true));
    row.set("left", ctx.t("rights.overdue", {{"n", std::to_string(-left)}}));
  } else {
    row.set("left", ctx.t("rights.days_left", {{"n", std::to_string(left)}}));
    if (left <= kReminderDays) row.set("soon", web::flag(true));
  }
}

Data request_row(const Context& ctx, const Request& r, long long now) {
  Data row{Data::type::object};
  row.set("id", std::to_string(r.id));
  row.set("kind", ctx.t("rights.kinds." + r.kind));
  row.set("status", ctx.t("rights.statuses." + r.status));
  row.set("received", day(r.received_at));
  row.set("name", r.person_name);
  row.set("email", r.person_email);
  web::set_if(row, "message", r.message);
  web::set_if(row, "answer", r.answer);
  web::set_if(row, "reason", r.refusal_reason);
  if (r.extended_at) {
    row.set("extended", ctx.t("rights.extended_on", {{"date", day(r.extended_at)}}));
    row.set("extension_reason", r.extension_reason);
  }
  row.set("url", std::string(kAdminList) + "/" + std::to_string(r.id));
  set_deadline(row, ctx, r, now);
  return row;
}

http::Response mine_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(),
                         int status = 200) {
  long long now = store::now_seconds();
  Data data{Data::type::object};
  Data rows{Data::type::list};
  auto mine = service.mine(ctx.me().id);
  for (const auto& r : mine) rows.push_back(request_row(ctx, r, now));
  data.set("requests", rows);
  data.set("has_requests", web::flag(!mine.empty()));
  data.set("kinds", web::options(ctx, {"rectification", "erasure"}, "rights.kinds.", ctx.form.get("kind")));
  data.set("f_message", ctx.form.get("message"));
  web::set_error(data, ctx, outcome);
  return ctx.render("privacy/rights/mine", data, ctx.t("rights.mine.title"), status);
}

http::Response download(Context& ctx, Service& service, bool pdf) {
  auto h = service.holdings(ctx.me().id, store::now_seconds());
  http::Response res;
  res.set_header("Cache-Control", "private, no-store");
  std::string stamp = format_local(h.generated_at, "%Y-%m-%d");
  if (pdf) {
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "attachment; filename=\"mes-donnees-trame-" + stamp + ".pdf\"");
    res.body = service.pdf(web::actor_of(ctx), h);
    return res;
  }
  res.set_header("Content-Type", "application/json; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"mes-donnees-trame-" + stamp + ".json\"");
  res.body = service.json(web::actor_of(ctx), h);
  return res;
}

http::Response admin_list(Context& ctx, Service& service) {
  long long now = store::now_seconds();
  long long page = web::page_param(ctx.req);
  long long total = 0;
  Data rows{Data::type::list};
  for (const auto& r : service.page(page, kPerPage, total)) rows.push_back(request_row(ctx, r, now));
  Data data{Data::type::object};
  data.set("requests", rows);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, total, std::string(kAdminList) + "?"));
  return ctx.render("privacy/rights/admin_list", data, ctx.t("rights.admin.title"));
}

http::Response admin_request(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(),
                             int status = 200) {
  auto r = service.find(ctx.req.int_param("id"));
  if (!r) return ctx.error(404);
  Data data = request_row(ctx, *r, store::now_seconds());
  data.set("open", web::flag(open_status(r->status)));
  std::vector<std::string> moves;
  for (const char* s : {"in_progress", "done", "refused"})
    if (allowed_move(r->status, s)) moves.emplace_back(s);
  data.set("statuses", web::options(ctx, moves, "rights.statuses.", ctx.form.get("status")));
  data.set("erasure", web::flag(r->kind == "erasure"));
  data.set("f_answer", ctx.form.get("answer"));
  data.set("f_reason", ctx.form.get("reason"));
  data.set("action", std::string(kAdminList) + "/" + std::to_string(r->id));
  if (extendable(*r, store::now_seconds())) {
    data.set("extendable", web::flag(true));
    data.set("extend_action", std::string(kAdminList) + "/" + std::to_string(r->id) + "/prolonger");
    data.set("extended_due", day(extended_due_at(r->received_at)));
    data.set("f_extension_reason", ctx.form.get("extension_reason"));
  }
  web::set_error(data, ctx, outcome);
  return ctx.render("privacy/rights/admin_request", data,
                    ctx.t("rights.admin.request_title", {{"id", std::to_string(r->id)}}), status);
}

// « Ce que Trame conserve »: a beneficiary's code, printable, for a referent of their structure.
http::Response beneficiary_page(Context& ctx, Service& service, bool pdf) {
  long long id = ctx.req.int_param("id");
  auto h = service.beneficiary_holdings(ctx.me(), id, store::now_seconds());
  if (!h) return ctx.error(404);
  if (pdf) {
    http::Response res;
    res.set_header("Cache-Control", "private, no-store");
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "attachment; filename=\"ce-que-trame-conserve-" + h->name + ".pdf\"");
    res.body = service.beneficiary_pdf(web::actor_of(ctx), *h);
    return res;
  }
  Data tables{Data::type::list};
  for (const auto& [domain, list] : h->domains)
    for (const auto& t : list) {
      Data table{Data::type::object};
      table.set("table", t.table);
      table.set("title", ctx.t("rights.pdf.table", {{"table", t.table}, {"n", std::to_string(t.rows.size())}}));
      Data rows{Data::type::list};
      for (const auto& r : t.rows) {
        Data fields{Data::type::list};
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
          Data f{Data::type::object};
          f.set("name", t.columns[i]);
          f.set("value", r[i]);
          fields.push_back(f);
        }
        Data row{Data::type::object};
        row.set("fields", fields);
        rows.push_back(row);
      }
      table.set("rows", rows);
      tables.push_back(table);
    }
  Data data{Data::type::object};
  data.set("code", h->name);
  data.set("tables", tables);
  data.set("date", format_local(h->generated_at, "%d/%m/%Y %H:%M"));
  data.set("pdf_url", "/sorties/beneficiaires/" + std::to_string(id) + "/ce-que-trame-conserve.pdf");
  return ctx.render("privacy/rights/beneficiary", data, ctx.t("rights.beneficiary.title", {{"code", h->name}}));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/compte/mes-donnees", web::perm::authenticated,
          [&service](Context& ctx) { return mine_page(ctx, service); });
  app.get("/compte/mes-donnees.json", web::perm::authenticated,
          [&service](Context& ctx) { return download(ctx, service, false); });
  app.get("/compte/mes-donnees.pdf", web::perm::authenticated,
          [&service](Context& ctx) { return download(ctx, service, true); });
  app.post("/compte/mes-donnees/demandes", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.ask(web::actor_of(ctx), ctx.form.get("kind"), ctx.form.get("message"), store::now_seconds());
    return web::finish(ctx, outcome, "rights.mine.sent", "/compte/mes-donnees",
                       [&](const Outcome& failed, int status) { return mine_page(ctx, service, failed, status); });
  });

  app.get("/sorties/beneficiaires/{id:int}/ce-que-trame-conserve", web::perm::outings_book,
          [&service](Context& ctx) { return beneficiary_page(ctx, service, false); });
  app.get("/sorties/beneficiaires/{id:int}/ce-que-trame-conserve.pdf", web::perm::outings_book,
          [&service](Context& ctx) { return beneficiary_page(ctx, service, true); });

  app.get(kAdminList, web::perm::privacy_manage, [&service](Context& ctx) { return admin_list(ctx, service); });
  app.get(std::string(kAdminList) + "/{id:int}", web::perm::privacy_manage,
          [&service](Context& ctx) { return admin_request(ctx, service); });
  app.post(std::string(kAdminList) + "/{id:int}", web::perm::privacy_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.handle(web::actor_of(ctx), id, ctx.form.get("status"), ctx.form.get("answer"),
                                  ctx.form.get("reason"), store::now_seconds());
    return web::finish(ctx, outcome, "rights.admin.saved", std::string(kAdminList) + "/" + std::to_string(id),
                       [&](const Outcome& failed, int status) { return admin_request(ctx, service, failed, status); });
  });
  app.post(std::string(kAdminList) + "/{id:int}/prolonger", web::perm::privacy_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.extend(web::actor_of(ctx), id, ctx.form.get("extension_reason"), store::now_seconds());
    return web::finish(ctx, outcome, "rights.admin.extended", std::string(kAdminList) + "/" + std::to_string(id),
                       [&](const Outcome& failed, int status) { return admin_request(ctx, service, failed, status); });
  });
}

}  // namespace trame::privacy::rights
