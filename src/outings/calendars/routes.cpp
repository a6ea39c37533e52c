#include <memory>

#include "outings/calendars/service.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/http/multipart.hpp"
#include "platform/web/app.hpp"

namespace trame::calendars {

namespace {

using web::Context;
using web::Data;

Data holiday_rows(const std::vector<Holiday>& list) {
  Data rows{Data::type::list};
  for (const auto& h : list) {
    Data d{Data::type::object};
    d.set("zone", h.zone);
    d.set("name", h.name);
    d.set("first_day", short_french_date(h.first_day));
    d.set("last_day", short_french_date(h.last_day));
    rows.push_back(d);
  }
  return rows;
}

Data zone_choices(const Context& ctx, const std::string& selected) {
  Data list{Data::type::list};
  Data all{Data::type::object};
  all.set("value", std::string());
  all.set("label", ctx.t("calendars.all_zones"));
  all.set("selected", web::flag(selected.empty()));
  list.push_back(all);
  for (const auto& z : zones()) {
    Data d{Data::type::object};
    d.set("value", z);
    d.set("label", ctx.t("calendars.zone_value", {{"zone", z}}));
    d.set("selected", web::flag(selected == z));
    list.push_back(d);
  }
  return list;
}

http::Response calendar_page(Context& ctx, Service& service, const std::string& error, int status) {
  std::string zone = ctx.req.query_param("zone").value_or("");
  const long long per_page = 60;
  long long page = web::page_param(ctx.req), total = 0;
  Data data{Data::type::object};
  auto list = service.page(zone, page, per_page, total);
  data.set("holidays", holiday_rows(list));
  data.set("empty", web::flag(total == 0));
  data.set("zones", zone_choices(ctx, zone));
  data.set("pager",
           web::pagination(ctx, page, per_page, total, "/sorties/calendrier?zone=" + web::url_encode(zone) + "&"));
  if (!error.empty()) data.set("error", error);
  data.set("can_replace", web::flag(service.may_replace(ctx.me())));
  return ctx.render("outings/calendars/index", data, ctx.t("calendars.title"), status);
}

Data error_list(const Context& ctx, const std::vector<LineError>& errors) {
  Data list{Data::type::list};
  for (const auto& e : errors) {
    Data d{Data::type::object};
    if (e.line) d.set("line", std::to_string(e.line));
    d.set("message", ctx.t(e.key, e.params));
    list.push_back(d);
  }
  return list;
}

http::Response preview_page(Context& ctx, const std::string& content, const std::string& error, int status) {
  Preview p = Service::check(content);
  Data data{Data::type::object};
  data.set("holidays", holiday_rows(p.rows));
  data.set("row_summary", ctx.t("calendars.row_summary", {{"count", std::to_string(p.rows.size())}}));
  data.set("errors", error_list(ctx, p.errors));
  data.set("has_errors", web::flag(!p.errors.empty()));
  data.set("error_summary", ctx.t("calendars.error_summary", {{"count", std::to_string(p.errors.size())}}));
  data.set("can_confirm", web::flag(p.errors.empty()));
  data.set("content", content);
  if (!error.empty()) data.set("error", error);
  return ctx.render("outings/calendars/preview", data, ctx.t("calendars.preview_title"), status);
}

// The calendar as CSV, in the shipped format (zone,name,first_day,last_day), streamed in pieces.
http::Response calendar_csv(Service& service) {
  auto rows = std::make_shared<std::vector<Holiday>>(service.all());
  http::Response res;
  res.set_header("Content-Type", "text/csv; charset=utf-8");
  res.set_header("Content-Disposition", "attachment; filename=\"vacances-scolaires.csv\"");
  std::size_t next = 0;
  bool header = false;
  res.next_chunk = [rows, next, header]() mutable -> std::optional<std::string> {
    std::string piece;
    if (!header) {
      header = true;
      piece = docs::kCsvBom + docs::csv_line(csv_columns());
    }
    for (int i = 0; i < 200 && next < rows->size(); ++i, ++next) {
      const auto& h = (*rows)[next];
      piece += docs::csv_line(std::vector<std::string>{h.zone, h.name, h.first_day, h.last_day});
    }
    if (piece.empty()) return std::nullopt;
    return piece;
  };
  return res;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/sorties/calendrier", web::perm::outings_manage,
          [&service](Context& ctx) { return calendar_page(ctx, service, "", 200); });

  app.get("/sorties/calendrier.csv", web::perm::outings_manage, [&service](Context&) { return calendar_csv(service); });

  // The uploaded file, checked and shown; nothing is written until it is confirmed.
  app.post("/sorties/calendrier/apercu", web::perm::outings_manage, [&service](Context& ctx) {
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
    if (!service.may_replace(ctx.me())) return ctx.error(403);
    if (!file || file->data.empty()) return calendar_page(ctx, service, ctx.t("calendars.errors.no_file"), 422);
    Preview p = Service::check(file->data);
    return preview_page(ctx, file->data, "", p.errors.empty() ? 200 : 422);
  });

  // The previewed file (sent back as it was shown), read again and written in one transaction.
  app.post("/sorties/calendrier", web::perm::outings_manage, [&service](Context& ctx) {
    std::string content = ctx.form.get("contenu");
    auto outcome = service.replace(web::actor_of(ctx), ctx.me(), content);
    return web::finish_with(
        ctx, outcome, "calendars.replaced", {{"count", std::to_string(outcome.id)}}, "/sorties/calendrier",
        [&](const Outcome& failed, int status) { return preview_page(ctx, content, ctx.t(failed.error), status); });
  });
}

}  // namespace trame::calendars
