#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/legal/service.hpp"

namespace trame::legal {

namespace {

using web::Context;
using web::Data;

std::string page_url(long long organisation_id) {
  return "/formations/organismes/" + std::to_string(organisation_id) + "/mentions-legales";
}

LegalInput input_of(const http::Form& f) {
  LegalInput in;
  in.address = f.get("address");
  in.siret = f.get("siret");
  in.nda_number = f.get("nda_number");
  in.nda_region = f.get("nda_region");
  in.qualiopi_number = f.get("qualiopi_number");
  in.qualiopi_certifier = f.get("qualiopi_certifier");
  in.qualiopi_valid_until = f.get("qualiopi_valid_until");
  in.qualiopi_categories = f.all("qualiopi_categories");
  in.vat_exempt = f.get("vat_exempt");
  in.vat_number = f.get("vat_number");
  in.vat_rate = f.get("vat_rate");
  in.legal_mentions = f.get("legal_mentions");
  return in;
}

LegalInput input_of(const std::optional<LegalData>& d) {
  LegalInput in;
  in.vat_exempt = "1";
  in.vat_rate = "20";
  if (!d) return in;
  in.address = d->address;
  in.siret = format_siret(d->siret);
  in.nda_number = format_nda(d->nda_number);
  in.nda_region = d->nda_region;
  in.qualiopi_number = d->qualiopi_number;
  in.qualiopi_certifier = d->qualiopi_certifier;
  in.qualiopi_valid_until = d->qualiopi_valid_until;
  in.qualiopi_categories = d->qualiopi_categories;
  in.vat_exempt = d->vat_exempt ? "1" : "0";
  in.vat_number = d->vat_number;
  std::string rate = format_rate(d->vat_rate_per_mille);
  in.vat_rate = rate.substr(0, rate.size() - 2);
  in.legal_mentions = d->legal_mentions;
  return in;
}

// The certificate's state for a page: ok, soon (within 60 days), expired.
std::string expiry_state(const std::string& valid_until, long long now) {
  if (valid_until.empty()) return "";
  long long left = days_between(local_day(now), valid_until);
  return left < 0 ? "expired" : left <= kExpiryWarningDays ? "soon" : "ok";
}

http::Response form_page(Context& ctx, const LegalView& v, const LegalInput& in, const Outcome& outcome, int status) {
  long long now = store::now_seconds();
  Data data{Data::type::object};
  data.set("organisation", v.organisation_name);
  data.set("action", page_url(v.organisation_id));
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  data.set("f_address", in.address);
  data.set("f_siret", in.siret);
  data.set("f_nda_number", in.nda_number);
  data.set("f_qualiopi_number", in.qualiopi_number);
  data.set("f_qualiopi_certifier", in.qualiopi_certifier);
  data.set("f_qualiopi_valid_until", in.qualiopi_valid_until);
  data.set("f_vat_number", in.vat_number);
  data.set("f_vat_rate", in.vat_rate);
  data.set("f_legal_mentions", in.legal_mentions);
  data.set("vat_exempt", web::flag(in.vat_exempt != "0"));
  data.set("vat_liable", web::flag(in.vat_exempt == "0"));
  Data regions_list{Data::type::list};
  for (const auto& r : regions()) {
    Data o{Data::type::object};
    o.set("value", r.key);
    o.set("label", r.label);
    o.set("selected", web::flag(in.nda_region == r.key));
    regions_list.push_back(o);
  }
  data.set("regions", regions_list);
  Data cats{Data::type::list};
  for (const auto& [key, label] : categories()) {
    Data o{Data::type::object};
    o.set("value", key);
    o.set("label", ctx.t("legal.categories." + key));
    o.set("checked", web::flag(std::find(in.qualiopi_categories.begin(), in.qualiopi_categories.end(), key) !=
                               in.qualiopi_categories.end()));
    cats.push_back(o);
  }
  data.set("categories", cats);
  if (v.data) {
    Data lines{Data::type::list};
    for (const auto& line : document_lines(*v.data)) {
      Data l{Data::type::object};
      l.set("line", line);
      lines.push_back(l);
    }
    data.set("lines", lines);
    data.set("has_lines", web::flag(true));
    data.set("updated", web::format_datetime(v.data->updated_at, ctx.locale));
    std::string state = expiry_state(v.data->qualiopi_valid_until, now);
    if (state == "soon" || state == "expired") {
      long long left = days_between(local_day(now), v.data->qualiopi_valid_until);
      data.set("expiry_warning",
               ctx.t("legal.page.expiry_" + state, {{"date", short_french_date(v.data->qualiopi_valid_until)},
                                                    {"days", std::to_string(std::max<long long>(0, left))}}));
    }
  }
  web::set_error(data, ctx, outcome);
  return ctx.render("trainings/legal/edit", data, ctx.t("legal.page.title", {{"organisation", v.organisation_name}}),
                    status);
}

http::Response show(Context& ctx, Service& service, long long organisation_id) {
  LegalView v;
  auto outcome = service.view(ctx.me(), organisation_id, v);
  if (!outcome.ok) return ctx.refused(outcome);
  return form_page(ctx, v, input_of(v.data), Outcome::success(), 200);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // The copy the PDF writers read; a database without the table yet (`trame routes`) leaves it empty.
  try {
    service.refresh_cache();
  } catch (const std::exception&) {
  }
  app.get("/formations/organismes/{id:int}/mentions-legales", web::perm::trainings_manage,
          [&service](Context& ctx) { return show(ctx, service, ctx.req.int_param("id")); });
  app.post("/formations/organismes/{id:int}/mentions-legales", web::perm::trainings_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    LegalInput in = input_of(ctx.form);
    auto outcome = service.save(web::actor_of(ctx), ctx.me(), id, in);
    if (outcome.ok) {
      // Accepted, but said: a certificate that has ended or ends within 60 days.
      LegalView v;
      if (service.view(ctx.me(), id, v).ok && v.data) {
        long long now = store::now_seconds();
        std::string state = expiry_state(v.data->qualiopi_valid_until, now);
        if (state == "soon" || state == "expired") {
          long long left = days_between(local_day(now), v.data->qualiopi_valid_until);
          ctx.flash("info",
                    ctx.t("legal.page.expiry_" + state, {{"date", short_french_date(v.data->qualiopi_valid_until)},
                                                         {"days", std::to_string(std::max<long long>(0, left))}}));
        }
      }
    }
    return web::finish(ctx, outcome, "legal.page.saved", page_url(id), [&](const Outcome& o, int status) {
      LegalView v;
      auto seen = service.view(ctx.me(), id, v);
      if (!seen.ok) return ctx.refused(seen);
      return form_page(ctx, v, in, o, status);
    });
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(215, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user || !ctx.me().can(perm::trainings_manage)) return std::nullopt;
    auto list = service.expiring_for(ctx.me(), store::now_seconds());
    if (list.empty()) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "legal-qualiopi-expiry";
    panel.title = ctx.t("legal.dashboard.title");
    panel.empty = ctx.t("legal.dashboard.empty");
    for (const auto& e : list) {
      web::DashboardItem item;
      item.label = e.organisation_name;
      item.url = page_url(e.organisation_id);
      item.when = short_french_date(e.valid_until);
      item.detail = e.days_left < 0 ? ctx.t("legal.dashboard.expired", {{"number", e.qualiopi_number}})
                                    : ctx.t("legal.dashboard.expiring",
                                            {{"number", e.qualiopi_number}, {"days", std::to_string(e.days_left)}});
      item.urgent = true;
      panel.items.push_back(item);
    }
    return panel;
  });
}

}  // namespace trame::legal
