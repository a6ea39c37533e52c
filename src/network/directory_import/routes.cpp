#include "network/directory_import/service.hpp"
#include "platform/http/multipart.hpp"
#include "platform/web/app.hpp"

namespace trame::directory_import {

namespace {

using web::Context;
using web::Data;

Data error_list(const Context& ctx, const std::vector<LineError>& errors) {
  Data list{Data::type::list};
  for (const auto& e : errors) {
    web::Params params = e.params;
    Data d{Data::type::object};
    if (e.line) d.set("line", std::to_string(e.line));
    d.set("message", ctx.t(e.key, params));
    list.push_back(d);
  }
  return list;
}

// "Votre périmètre : …" for coordinators.
void set_scope_notice(const Context& ctx, Data& data, const organisations::Scope& scope) {
  if (ctx.me().is_admin() || !ctx.me().has_role("coordinator")) return;
  std::string names;
  for (const auto& n : scope.names()) names += (names.empty() ? "" : ", ") + n;
  data.set("scope_notice",
           scope.limited() ? ctx.t("annuaire.scope.limited", {{"names", names}}) : ctx.t("annuaire.scope.everywhere"));
}

http::Response form_page(Context& ctx, Service& service, const std::string& error, int status) {
  Data data{Data::type::object};
  set_scope_notice(ctx, data, service.scope(ctx.me()));
  if (!error.empty()) data.set("error", error);
  Data cols{Data::type::list};
  for (const auto& c : columns()) {
    Data d{Data::type::object};
    d.set("name", c);
    d.set("help", ctx.t("directory_import.columns." + c));
    cols.push_back(d);
  }
  data.set("columns", cols);
  return ctx.render("network/directory_import/form", data, ctx.t("directory_import.title"), status);
}

http::Response preview_page(Context& ctx, Service& service, const Preview& p, const std::string& error, int status) {
  Data data{Data::type::object};
  set_scope_notice(ctx, data, service.scope(ctx.me()));
  data.set("file_name", p.batch.file_name);
  data.set("token", p.batch.token);
  bool imported = p.batch.status == "imported";
  data.set("imported", web::flag(imported));
  if (imported) {
    data.set("imported_summary", ctx.t("directory_import.imported_summary",
                                       {{"count", std::to_string(p.batch.imported_count)},
                                        {"date", web::format_datetime(p.batch.imported_at, ctx.locale)}}));
  }
  if (!error.empty()) data.set("error", error);
  Data rows{Data::type::list};
  for (const auto& r : p.rows) {
    const auto& o = r.organisation;
    Data d{Data::type::object};
    d.set("line", std::to_string(r.line));
    d.set("name", o.name);
    d.set("kind_label", ctx.t("organisations.kinds." + o.kind));
    d.set("sector_label", ctx.t("organisations.sectors." + o.sector));
    d.set("siret", o.siret);
    d.set("commune", o.commune_name.empty() ? o.commune_code : o.commune_name + " (" + o.commune_code + ")");
    rows.push_back(d);
  }
  data.set("rows", rows);
  data.set("has_rows", web::flag(!p.rows.empty()));
  data.set("row_summary", ctx.t("directory_import.row_summary", {{"count", std::to_string(p.rows.size())}}));
  data.set("errors", error_list(ctx, p.errors));
  data.set("has_errors", web::flag(!p.errors.empty()));
  data.set("error_summary", ctx.t("directory_import.error_summary", {{"count", std::to_string(p.errors.size())}}));
  data.set("can_confirm", web::flag(!imported && p.errors.empty() && !p.rows.empty()));
  return ctx.render("network/directory_import/preview", data, ctx.t("directory_import.preview_title"), status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/annuaire/import", web::perm::organisations_manage, [&service](Context& ctx) {
    if (!service.scope(ctx.me()).may_create()) return ctx.error(403);
    return form_page(ctx, service, "", 200);
  });

  app.get("/annuaire/import/modele.csv", web::perm::organisations_manage, [](Context&) {
    http::Response res = http::Response::text(template_csv());
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"modele-import-annuaire.csv\"");
    return res;
  });

  app.post("/annuaire/import", web::perm::organisations_manage, [&service](Context& ctx) {
    // The web layer keeps only the text fields of a multipart body: the file is read here.
    std::string content_type = ctx.req.header("content-type");
    const http::Part* file = nullptr;
    std::optional<std::vector<http::Part>> parts;
    if (content_type.rfind("multipart/form-data", 0) == 0) {
      auto boundary = http::multipart_boundary(content_type);
      if (boundary) parts = http::parse_multipart(ctx.req.body, *boundary);
      if (parts)
        for (const auto& part : *parts)
          if (part.name == "fichier" && part.filename) file = &part;
    }
    if (!service.scope(ctx.me()).may_create()) return ctx.error(403);
    if (!file || file->data.empty()) return form_page(ctx, service, ctx.t("directory_import.errors.no_file"), 422);
    std::string token;
    auto outcome = service.upload(web::actor_of(ctx), *file->filename, file->data, token);
    return web::finish(ctx, outcome, "", "/annuaire/import/" + token, [&](const Outcome& failed, int status) {
      return form_page(ctx, service, ctx.t(failed.error), status);
    });
  });

  app.get("/annuaire/import/{token}", web::perm::organisations_manage, [&service](Context& ctx) {
    auto p = service.preview(ctx.req.params.at("token"), ctx.me().id, ctx.me().is_admin(), service.scope(ctx.me()));
    if (!p) return ctx.error(404);
    return preview_page(ctx, service, *p, "", 200);
  });

  app.post("/annuaire/import/{token}/confirmer", web::perm::organisations_manage, [&service](Context& ctx) {
    auto scope = service.scope(ctx.me());
    auto p = service.preview(ctx.req.params.at("token"), ctx.me().id, ctx.me().is_admin(), scope);
    if (!p) return ctx.error(404);
    auto outcome = service.confirm(web::actor_of(ctx), *p, scope);
    return web::finish_with(
        ctx, outcome, "directory_import.created", {{"count", std::to_string(outcome.id)}, {"file", p->batch.file_name}},
        "/annuaire", [&](const Outcome& failed, int status) {
          if (failed.code == Failure::conflict) {  // imported meanwhile: the batch as it is now
            p->batch.status = "imported";
            auto again = service.preview(p->batch.token, ctx.me().id, ctx.me().is_admin(), scope);
            return preview_page(ctx, service, again ? *again : *p, ctx.t(failed.error), status);
          }
          return preview_page(ctx, service, *p, ctx.t("directory_import.errors.not_imported"), status);
        });
  });
}

}  // namespace trame::directory_import
