#include "platform/audit/redaction.hpp"
#include "platform/audit/service.hpp"
#include "platform/web/app.hpp"

namespace trame::audit {

void register_routes(web::App& app, Service& service) {
  app.get("/admin/journal", web::perm::audit_read, [&service](web::Context& ctx) {
    const long long per_page = 50;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    auto entries = service.page(page, per_page, "", total);
    web::Data rows{web::Data::type::list};
    for (const auto& e : entries) {
      web::Data row{web::Data::type::object};
      row.set("id", std::to_string(e.id));
      row.set("at", web::format_datetime(e.at, ctx.locale));
      row.set("actor", e.actor_label.empty() ? "—" : e.actor_label);
      row.set("action", e.action);
      row.set("subject", e.subject);
      // Past its retention an entry keeps its hashes only (privacy/retention): say so rather than show blanks.
      const bool redacted = e.detail.rfind(kRedactedPrefix, 0) == 0;
      row.set("detail", redacted ? ctx.t("audit.redacted") : e.detail);
      row.set("redacted", redacted);
      row.set("ip", e.ip);
      rows.push_back(row);
    }
    web::Data data{web::Data::type::object};
    data.set("entries", rows);
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/admin/journal?"));
    return ctx.render("platform/audit/journal", data, ctx.t("audit.title"));
  });
}

}  // namespace trame::audit
