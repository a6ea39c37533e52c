#include "platform/mail/service.hpp"
#include "platform/web/app.hpp"

namespace trame::mail {

// The development mailbox: when no SMTP server is configured, administrators read the
// outbox here (the invitation or reset links a demo needs). Never in production (behind HTTPS
// without development mode): there it answers 404, see Config::serves_dev_mailbox.
void register_routes(web::App& app, Service& service) {
  app.get("/dev/courriels", web::perm::mailbox_read, [&service](web::Context& ctx) {
    if (service.delivers() || !ctx.app.config.serves_dev_mailbox()) return ctx.error(404);
    const long long per_page = 30;
    long long page = web::page_param(ctx.req);
    long long total = 0;
    web::Data rows{web::Data::type::list};
    for (const auto& m : service.page(page, per_page, total)) {
      web::Data row{web::Data::type::object};
      row.set("id", std::to_string(m.id));
      row.set("recipient", m.recipient);
      row.set("subject", m.subject);
      row.set("at", web::format_datetime(m.created_at, ctx.locale));
      row.set("url", "/dev/courriels/" + std::to_string(m.id));
      rows.push_back(row);
    }
    web::Data data{web::Data::type::object};
    data.set("messages", rows);
    data.set("empty", total == 0 ? web::Data::type::bool_true : web::Data::type::bool_false);
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/dev/courriels?"));
    return ctx.render("platform/mail/mailbox", data, ctx.t("mail.mailbox_title"));
  });

  app.get("/dev/courriels/{id:int}", web::perm::mailbox_read, [&service](web::Context& ctx) {
    if (service.delivers() || !ctx.app.config.serves_dev_mailbox()) return ctx.error(404);
    auto m = service.find(ctx.req.int_param("id"));
    if (!m) return ctx.error(404);
    web::Data data{web::Data::type::object};
    data.set("recipient", m->recipient);
    data.set("subject", m->subject);
    data.set("body", m->body);
    data.set("at", web::format_datetime(m->created_at, ctx.locale));
    if (!m->attachment.filename.empty())
      data.set("attachment", ctx.t("mail.attachment_size", {{"name", m->attachment.filename},
                                                            {"n", std::to_string(m->attachment.data.size())}}));
    return ctx.render("platform/mail/message", data, m->subject);
  });
}

}  // namespace trame::mail
