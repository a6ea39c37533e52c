#include <memory>

#include "platform/core/calendar.hpp"
#include "platform/docs/csv_download.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/app.hpp"
#include "privacy/register/service.hpp"

namespace trame::privacy::register_ {

namespace {

using web::Context;
using web::Data;

const std::string kHome = "/admin/vie-privee";
const std::string kRegister = "/admin/vie-privee/registre";

http::Response home_page(Context& ctx) {
  Data data{Data::type::object};
  data.set("register_url", kRegister);
  return ctx.render("privacy/register/home", data, ctx.t("privacy_register.home.title"));
}

http::Response register_page(Context& ctx, Service& service) {
  Register r = service.build(ctx.locale, store::now_seconds());
  Data list{Data::type::list};
  for (const auto& p : r.processings) {
    Data row{Data::type::object};
    row.set("key", p.key);
    row.set("name", p.name);
    row.set("purpose", p.purpose);
    row.set("legal_basis", p.legal_basis);
    row.set("data", p.data);
    row.set("people", p.people);
    row.set("recipients", p.recipients);
    row.set("transfers", p.transfers);
    row.set("retention", p.retention);
    row.set("minimisation", p.minimisation);
    Data measures{Data::type::list};
    for (const auto& m : p.measures) measures.push_back(Data(m));
    row.set("measures", measures);
    list.push_back(row);
  }
  Data data{Data::type::object};
  data.set("processings", list);
  data.set("generated_at", web::format_datetime(r.generated_at, ctx.locale));
  data.set("home_url", kHome);
  data.set("csv_url", kRegister + "/registre.csv");
  data.set("pdf_url", kRegister + "/aipd.pdf");
  return ctx.render("privacy/register/register", data, ctx.t("privacy_register.title"));
}

http::Response register_csv(Context& ctx, Service& service) {
  Register r = service.build(ctx.locale, store::now_seconds());
  auto lines = std::make_shared<std::vector<std::vector<std::string>>>(service.csv_lines(r, ctx.locale));
  http::Response res = docs::csv_download(lines, "registre-des-traitements.csv");
  res.set_header("Cache-Control", "private, no-store");
  return res;
}

http::Response dpia_pdf(Context& ctx, Service& service) {
  Register r = service.build("fr", store::now_seconds());
  const std::string day = local_day(r.generated_at);
  http::Response res;
  res.set_header("Cache-Control", "private, no-store");
  res.set_header("Content-Type", "application/pdf");
  res.set_header("Content-Disposition", "attachment; filename=\"" + docs::pdf_file_name({"support aipd", day}) + "\"");
  res.body = service.dpia_pdf(r);
  return res;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kHome, web::perm::privacy_manage, [](Context& ctx) { return home_page(ctx); });
  app.get(kRegister, web::perm::privacy_manage, [&service](Context& ctx) { return register_page(ctx, service); });
  app.get(kRegister + "/registre.csv", web::perm::privacy_manage,
          [&service](Context& ctx) { return register_csv(ctx, service); });
  app.get(kRegister + "/aipd.pdf", web::perm::privacy_manage,
          [&service](Context& ctx) { return dpia_pdf(ctx, service); });
}

}  // namespace trame::privacy::register_
