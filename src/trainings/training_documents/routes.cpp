#include "platform/docs/file_type.hpp"
#include "trainings/training_documents/french.hpp"
#include "trainings/training_documents/service.hpp"
#include "platform/web/app.hpp"
#include "platform/web/crypto.hpp"

namespace trame::training_documents {

namespace {

using web::Context;
using web::Data;

const long long kPerPage = 30;

std::string base_of(long long session_id) {
  return "/formations/sessions/" + std::to_string(session_id) + "/documents";
}

Data document_row(const Context& ctx, const Document& d) {
  Data r{Data::type::object};
  r.set("id", std::to_string(d.id));
  r.set("url", "/formations/documents/" + std::to_string(d.id));
  r.set("kind", ctx.t("training_documents.kinds." + d.kind));
  web::set_if(r, "trainee", d.trainee_name);
  r.set("session", d.session_title);
  r.set("programme", d.programme_title);
  r.set("sha256", d.sha256);
  r.set("size", std::to_string((d.size_bytes + 1023) / 1024) + " Ko");
  r.set("created", web::format_datetime(d.created_at, ctx.locale));
  if (d.sent_at > 0) r.set("sent", web::format_datetime(d.sent_at, ctx.locale));
  return r;
}

http::Response session_page(Context& ctx, Service& service, const programmes::SessionAccess& a,
                            const std::string& error, const std::string& kind, int status) {
  long long chosen = web::parse_id(ctx.form.get("application"));
  Data trainees{Data::type::list};
  for (const auto& t : service.enrolled(a.session_id)) {
    Data o{Data::type::object};
    o.set("value", std::to_string(t.application_id));
    o.set("label", t.name + " (" + ctx.t("training_documents.statuses." + t.status) + ")");
    o.set("selected", web::flag(t.application_id == chosen));
    trainees.push_back(o);
  }
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto docs = service.of_session(a.session_id, page, kPerPage, total);
  Data data{Data::type::object};
  data.set("session_title", a.session_title);
  data.set("programme_title", a.programme_title);
  data.set("organiser", a.organiser_name);
  data.set("base", base_of(a.session_id));
  data.set("completed", web::flag(a.session_status == "completed"));
  data.set("starts", web::format_datetime(a.starts_at, ctx.locale));
  data.set("starts_unix", std::to_string(a.starts_at));
  data.set("kinds",
           web::options(ctx, generated_kinds(), "training_documents.kinds.", kind.empty() ? "convocation" : kind));
  Data rows{Data::type::list};
  for (const auto& d : docs) rows.push_back(document_row(ctx, d));
  data.set("documents", rows);
  data.set("trainees", trainees);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, total, base_of(a.session_id) + "?"));
  data.set("css", ctx.app.asset_url("css/quality.css"));
  web::set_if(data, "error", error);
  return ctx.render("trainings/training_documents/session", data,
                    ctx.t("training_documents.title_of", {{"session", a.session_title}}), status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  const std::string base = "/formations/sessions/{id:int}/documents";

  app.get(base, web::perm::trainings_manage, [&service](Context& ctx) {
    auto a = service.access(&ctx.me(), ctx.req.int_param("id"));
    if (!a || !a->manager) return ctx.error(404);  // another organiser's session: as if missing
    return session_page(ctx, service, *a, "", "", 200);
  });

  // Generate (and send) one kind of document for the cohort, or for one application.
  app.post(base, web::perm::trainings_manage, [&service](Context& ctx) {
    const long long session_id = ctx.req.int_param("id");
    std::string kind = ctx.form.get("kind");
    bool send = ctx.form.get("send") == "1";
    long long application = web::parse_id(ctx.form.get("application"));
    auto outcome = service.generate(web::actor_of(ctx), ctx.me(), session_id, kind, send, application);
    return web::finish_with(
        ctx, outcome, send ? "training_documents.sent" : "training_documents.generated",
        {{"count", std::to_string(outcome.id)}, {"kind", ctx.t("training_documents.kinds." + kind)}},
        base_of(session_id), [&](const Outcome& o, int status) {
          auto a = service.access(&ctx.me(), session_id);
          if (!a) return ctx.error(404);
          return session_page(ctx, service, *a, ctx.t(o.error), kind, status);
        });
  });

  // Download: the session's manager or the trainee concerned.
  app.get("/formations/documents/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    // Not web::finish: a file download. Not theirs answers as if missing.
    auto d = service.document(ctx.me(), ctx.req.int_param("id"));
    if (!d) return ctx.error(404);
    service.record_download(web::actor_of(ctx), *d);
    http::Response res;
    res.body = std::move(d->data);
    res.set_header("Content-Type", docs::kPdf);
    res.set_header("Content-Disposition", docs::attachment_disposition(d->file_name, docs::kPdf));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "private, no-store");
    return res;
  });

  // The signed-in trainee's own documents.
  app.get("/formations/mes-documents", web::perm::authenticated, [&service](Context& ctx) {
    long long page = web::page_param(ctx.req);
    long long total = 0;
    auto docs = service.of_user(ctx.me().id, page, kPerPage, total);
    Data data{Data::type::object};
    Data rows{Data::type::list};
    for (const auto& d : docs) rows.push_back(document_row(ctx, d));
    data.set("documents", rows);
    data.set("empty", web::flag(total == 0));
    data.set("pagination", web::pagination(ctx, page, kPerPage, total, "/formations/mes-documents?"));
    data.set("css", ctx.app.asset_url("css/quality.css"));
    return ctx.render("trainings/training_documents/mine", data, ctx.t("training_documents.mine.title"));
  });
}

}  // namespace trame::training_documents
