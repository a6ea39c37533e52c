#include <fstream>
#include <memory>

#include "plans/reports/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"

namespace trame::plans::reports {

namespace {

using web::Context;

// A positive whole number of at most 9 digits, else 0.
long long whole(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(text);
}

http::Response report(Context& ctx, Service& service) {
  long long organisation = whole(ctx.req.query_param("organisation").value_or(""));
  // Another organisation's report answers as if it did not exist (as the plans).
  if (organisation <= 0 || !Service::may_read(ctx.me(), organisation)) return ctx.error(404);
  long long now = store::now_seconds();
  std::string year_text = ctx.req.query_param("annee").value_or("");
  long long year = whole(year_text);
  if (!valid_year(year, now))
    return ctx.error(400, ctx.t("reports.errors.year", {{"max", std::to_string(local_date(now).year + 1)}}));
  std::string format = ctx.req.query_param("format").value_or("pdf");
  if (format != "pdf" && format != "xlsx") return ctx.error(400, ctx.t("reports.errors.format"));
  auto r = service.build(organisation, static_cast<int>(year), now);
  if (!r) return ctx.error(404);
  http::Response res;
  res.set_header("Cache-Control", "private, no-store");
  if (format == "pdf") {
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(*r, ".pdf") + "\"");
    res.body = service.pdf(*r);
    return res;
  }
  std::shared_ptr<docs::XlsxFile> book = service.xlsx(*r);
  auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
  res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  res.set_header("Content-Disposition", "attachment; filename=\"" + file_name(*r, ".xlsx") + "\"");
  res.next_chunk = [book, file]() -> std::optional<std::string> {
    std::string piece(64 * 1024, '\0');
    file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
    piece.resize(static_cast<std::size_t>(file->gcount()));
    if (piece.empty()) return std::nullopt;
    return piece;
  };
  return res;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/plans/rapport-annuel", web::perm::plans_manage, [&service](Context& ctx) { return report(ctx, service); });
}

}  // namespace trame::plans::reports
