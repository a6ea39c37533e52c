#include <algorithm>
#include <memory>

#include "network_life/members/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::members {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const std::string kBase = "/adherents";

std::string url_of(long long id) {
  return kBase + "/" + std::to_string(id);
}

long long current_year() {
  return std::stoll(format_local(store::now_seconds(), "%Y"));
}

Filter filter_of(const Context& ctx) {
  Filter f;
  std::string status = ctx.req.query_param("statut").value_or("");
  if (is_one_of(status, statuses())) f.status = status;
  std::string year = ctx.req.query_param("annee").value_or("");
  if (year.size() == 4 && year.find_first_not_of("0123456789") == std::string::npos) f.year = std::stoll(year);
  std::string kind = ctx.req.query_param("type").value_or("");
  if (kind == "social" || kind == "cultural" || kind == "sport" || kind == "leisure" || kind == "training" ||
      kind == "certifier" || kind == "funder" || kind == "authority")
    f.kind = kind;
  return f;
}

std::string query_of(const Filter& f) {
  std::string q;
  if (!f.status.empty()) q += "statut=" + f.status + "&";
  if (f.year) q += "annee=" + std::to_string(f.year) + "&";
  if (!f.kind.empty()) q += "type=" + f.kind + "&";
  return q;
}

Data org_options(const std::vector<OrganisationRef>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& o : list) {
    Data d{Data::type::object};
    d.set("value", std::to_string(o.id));
    d.set("label", o.name);
    d.set("selected", web::flag(std::to_string(o.id) == selected));
    out.push_back(d);
  }
  return out;
}

Data year_options(const std::string& selected) {
  Data out{Data::type::list};
  long long y = current_year();
  std::string chosen = selected.empty() ? std::to_string(y) : selected;
  for (long long v = y - 1; v <= y + 1; ++v) {
    Data d{Data::type::object};
    d.set("value", std::to_string(v));
    d.set("label", std::to_string(v));
    d.set("selected", web::flag(std::to_string(v) == chosen));
    out.push_back(d);
  }
  return out;
}

// 1234 → "12,34" (a form's value, the CSV's amount).
std::string plain_euros(long long cents) {
  std::string frac = std::to_string(cents % 100);
  return std::to_string(cents / 100) + "," + (frac.size() < 2 ? "0" : "") + frac;
}

std::string status_label(const Context& ctx, const std::string& status) {
  return ctx.t("members.statuses." + status);
}

std::string fee_text(const Context& ctx, const Membership& m) {
  if (m.fee_cents < 0) return ctx.t("members.fee.none");
  if (m.fee_means == "exonere") return ctx.t("members.fee.exempt_on", {{"day", short_french_date(m.fee_on)}});
  return ctx.t("members.fee.paid", {{"amount", format_euros(m.fee_cents)},
                                    {"means", ctx.t("members.means." + m.fee_means)},
                                    {"day", short_french_date(m.fee_on)}});
}

Data item_of(const Context& ctx, const Membership& m) {
  Data d{Data::type::object};
  d.set("url", url_of(m.id));
  d.set("organisation", m.organisation_name);
  d.set("organiser", m.organiser_name);
  d.set("kind", ctx.t("organisations.kinds." + m.organisation_kind));
  d.set("year", std::to_string(m.year));
  d.set("status", m.status);
  d.set("status_label", status_label(ctx, m.status));
  d.set("fee", fee_text(ctx, m));
  d.set("contact", m.contact_name.empty() ? ctx.t("members.contact.staff") : m.contact_name);
  return d;
}

// ---- The managers' list (with the form to record a membership)

http::Response list_page(Context& ctx, Service& service, const ApplyInput* typed = nullptr,
                         const Outcome& outcome = Outcome::success(), int status = 200) {
  Filter f = filter_of(ctx);
  auto page = service.list(ctx.me(), f, static_cast<int>(web::page_param(ctx.req)));
  if (!page) return ctx.error(403);
  Data data{Data::type::object};
  Data items{Data::type::list};
  for (const auto& m : page->items) items.push_back(item_of(ctx, m));
  data.set("items", items);
  data.set("empty", web::flag(page->items.empty()));
  data.set("total", ctx.t("members.list.total", {{"n", std::to_string(page->total)}}));
  data.set("pagination", web::pagination(ctx, page->page, Service::kPerPage, page->total, kBase + "?" + query_of(f)));
  data.set("export_url", kBase + "/export.csv?" + query_of(f));
  data.set("statuses", web::options(ctx, statuses(), "members.statuses.", f.status));
  data.set("kinds", web::options(ctx, {"social", "cultural", "sport", "leisure", "funder", "authority"},
                                 "organisations.kinds.", f.kind));
  Data years{Data::type::list};
  for (long long y = current_year() + 1; y >= 2020; --y) {
    Data d{Data::type::object};
    d.set("value", std::to_string(y));
    d.set("label", std::to_string(y));
    d.set("selected", web::flag(f.year == y));
    years.push_back(d);
  }
  data.set("years", years);
  ApplyInput in = typed ? *typed : ApplyInput{};
  auto organisers = service.managed_organisers(ctx.me());
  if (in.organiser.empty() && !organisers.empty()) in.organiser = std::to_string(organisers.front().id);
  data.set("organisers", org_options(organisers, in.organiser));
  data.set("many_organisers", web::flag(organisers.size() > 1));
  if (organisers.size() == 1) data.set("organiser_id", std::to_string(organisers.front().id));
  data.set("organisations", org_options(service.organisations(), in.organisation));
  data.set("record_years", year_options(in.year));
  data.set("f_note", in.note);
  data.set("open_form", web::flag(typed != nullptr));
  data.set("as_member", web::flag(typed && ctx.form.get("as_member") == "1"));
  web::set_error(data, ctx, outcome);
  return ctx.render("network_life/members/list", data, ctx.t("members.list.title"), status);
}

// ---- A membership's page

http::Response membership_page(Context& ctx, Service& service, long long id,
                               const Outcome& outcome = Outcome::success(), int status = 200,
                               const std::string& form = "") {
  auto v = service.view(ctx.me(), id);
  if (!v) return ctx.error(404);
  const Membership& m = v->membership;
  Data data = item_of(ctx, m);
  data.set("id", std::to_string(m.id));
  data.set("manages", web::flag(v->manages));
  data.set("applied", web::flag(m.status == "applied"));
  data.set("applied_on", short_french_date(m.applied_on));
  set_if(data, "decided_on", m.decided_on.empty() ? "" : short_french_date(m.decided_on));
  set_if(data, "decided_by", m.decided_by_name);
  set_if(data, "refusal_reason", m.refusal_reason);
  set_if(data, "lapsed_on", m.lapsed_on.empty() ? "" : short_french_date(m.lapsed_on));
  set_if(data, "note", m.note);
  if (!v->charter_signed_on.empty())
    data.set("charter", ctx.t("members.charter.signed", {{"day", short_french_date(v->charter_signed_on)}}));
  else data.set("charter", ctx.t("members.charter.not_signed"));
  Data staff{Data::type::list};
  std::string chosen = form == "contact" ? ctx.form.get("contact") : std::to_string(m.contact_user_id);
  for (const auto& p : v->staff_choices) {
    Data d{Data::type::object};
    d.set("value", std::to_string(p.user_id));
    d.set("label", p.name + " (" + p.email + ")");
    d.set("selected", web::flag(std::to_string(p.user_id) == chosen));
    staff.push_back(d);
  }
  data.set("staff", staff);
  data.set("has_staff", web::flag(!v->staff_choices.empty()));
  if (!m.contact_email.empty()) data.set("contact_email", m.contact_email);
  data.set("may_renew", web::flag(v->may_renew));
  data.set("next_year", std::to_string(m.year + 1));
  if (v->next) {
    data.set("next_url", url_of(v->next->id));
    data.set("next_label", ctx.t("members.membership.next", {{"year", std::to_string(v->next->year)},
                                                             {"status", status_label(ctx, v->next->status)}}));
  }
  data.set("may_fee", web::flag(v->manages && m.status != "refused"));
  data.set("means",
           web::options(ctx, fee_means(), "members.means.", form == "fee" ? ctx.form.get("fee_means") : m.fee_means));
  data.set("f_fee_amount",
           form == "fee" ? ctx.form.get("fee_amount") : (m.fee_cents > 0 ? plain_euros(m.fee_cents) : ""));
  data.set("f_fee_date",
           form == "fee" ? ctx.form.get("fee_date") : (m.fee_on.empty() ? local_day(store::now_seconds()) : m.fee_on));
  data.set("f_reason", form == "decision" ? ctx.form.get("reason") : "");
  data.set("list_url", kBase);
  data.set("own_url", kBase + "/notre-adhesion?organisation=" + std::to_string(m.organisation_id));
  if (!form.empty()) web::set_error(data, ctx, outcome, form);
  return ctx.render(
      "network_life/members/membership", data,
      ctx.t("members.membership.title", {{"organisation", m.organisation_name}, {"year", std::to_string(m.year)}}),
      status);
}

web::FormAgain again(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return membership_page(ctx, service, id, o, status, form);
  };
}

// ---- The member's application

http::Response apply_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(),
                          int status = 200) {
  Data data{Data::type::object};
  auto own = service.own_organisations(ctx.me());
  data.set("no_organisation", web::flag(own.empty()));
  std::string org = ctx.form.get("organisation");
  if (org.empty() && !ctx.req.query_param("organisation").value_or("").empty())
    org = ctx.req.query_param("organisation").value_or("");
  if (org.empty() && !own.empty()) org = std::to_string(own.front().id);
  data.set("organisations", org_options(own, org));
  data.set("many_organisations", web::flag(own.size() > 1));
  if (own.size() == 1) {
    data.set("organisation_id", std::to_string(own.front().id));
    data.set("organisation_name", own.front().name);
  }
  long long org_id = web::parse_id(org);
  std::vector<OrganisationRef> networks;
  std::vector<Person> staff;
  for (const auto& o : own)
    if (o.id == org_id) networks = service.networks_for(o.id);
  std::string organiser = ctx.form.get("organiser");
  if (organiser.empty() && !networks.empty()) organiser = std::to_string(networks.front().id);
  data.set("networks", org_options(networks, organiser));
  data.set("no_network", web::flag(networks.empty()));
  data.set("years", year_options(ctx.form.get("year")));
  data.set("f_note", ctx.form.get("note"));
  data.set("me_id", std::to_string(ctx.me().id));
  data.set("contact_me",
           web::flag(ctx.form.get("contact") == std::to_string(ctx.me().id) || (ctx.req.method == "GET")));
  data.set("own_url", kBase + "/notre-adhesion");
  web::set_error(data, ctx, outcome);
  return ctx.render("network_life/members/apply", data, ctx.t("members.apply.title"), status);
}

// ---- « Notre adhésion »

http::Response own_page(Context& ctx, Service& service) {
  auto own = service.own_organisations(ctx.me());
  if (own.empty()) return ctx.error(404);
  long long org_id = web::parse_id(ctx.req.query_param("organisation").value_or(""));
  if (!org_id) org_id = own.front().id;
  auto v = service.own(ctx.me(), org_id);
  if (!v) return ctx.error(404);
  Data data{Data::type::object};
  data.set("organisation", v->organisation.name);
  data.set("organisation_id", std::to_string(v->organisation.id));
  data.set("others", org_options(own, std::to_string(org_id)));
  data.set("many", web::flag(own.size() > 1));
  if (!v->charter_signed_on.empty())
    data.set("charter", ctx.t("members.charter.signed", {{"day", short_french_date(v->charter_signed_on)}}));
  else data.set("charter", ctx.t("members.charter.not_signed"));
  Data items{Data::type::list};
  for (const auto& m : v->memberships) {
    Data d = item_of(ctx, m);
    bool renew = std::find(v->renewable.begin(), v->renewable.end(), m.id) != v->renewable.end();
    d.set("renewable", web::flag(renew));
    d.set("renew_url", url_of(m.id) + "/renouvellement");
    d.set("next_year", std::to_string(m.year + 1));
    set_if(d, "refusal_reason", m.refusal_reason);
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(v->memberships.empty()));
  data.set("apply_url", kBase + "/adhesion?organisation=" + std::to_string(org_id));
  return ctx.render("network_life/members/own", data, ctx.t("members.own.title"));
}

std::vector<std::string> export_headers(const Context& ctx) {
  std::vector<std::string> h;
  for (const char* k : {"organisation", "kind", "organiser", "year", "status", "applied_on", "decided_on", "contact",
                        "contact_email", "fee_amount", "fee_means", "fee_date", "refusal_reason"})
    h.push_back(ctx.t(std::string("members.export.") + k));
  return h;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kBase, perm::network_life_manage, [&service](Context& ctx) { return list_page(ctx, service); });
  app.post(kBase, perm::network_life_manage, [&service](Context& ctx) {
    ApplyInput in{ctx.form.get("organiser"), ctx.form.get("organisation"), ctx.form.get("year"), "",
                  ctx.form.get("note")};
    auto outcome = service.apply(web::actor_of(ctx), ctx.me(), in, true, ctx.form.get("as_member") == "1");
    return web::finish(ctx, outcome, "members.list.recorded", url_of(outcome.id),
                       [&](const Outcome& o, int status) { return list_page(ctx, service, &in, o, status); });
  });
  // The filtered list as CSV, streamed slice by slice.
  app.get(kBase + "/export.csv", perm::network_life_manage, [&service](Context& ctx) {
    Filter f = filter_of(ctx);
    Principal me = ctx.me();
    auto headers = export_headers(ctx);
    const web::Catalogue* catalogue = &ctx.app.catalogue;
    std::string locale = ctx.locale;
    http::Response res;
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"adherents.csv\"");
    auto offset = std::make_shared<long long>(-1);
    res.next_chunk = [&service, f, me, headers, catalogue, locale, offset]() -> std::optional<std::string> {
      if (*offset < 0) {
        *offset = 0;
        return std::string(docs::kCsvBom) + docs::csv_line(headers);
      }
      const long long batch = 200;
      auto rows = service.rows(me, f, *offset, batch);
      if (rows.empty()) return std::nullopt;
      *offset += batch;
      std::string piece;
      for (const auto& m : rows) {
        std::string amount = m.fee_cents < 0 ? "" : plain_euros(m.fee_cents);
        piece += docs::csv_line(std::vector<std::string>{
            m.organisation_name, catalogue->t(locale, "organisations.kinds." + m.organisation_kind), m.organiser_name,
            std::to_string(m.year), catalogue->t(locale, "members.statuses." + m.status), m.applied_on, m.decided_on,
            m.contact_name, m.contact_email, amount,
            m.fee_means.empty() ? "" : catalogue->t(locale, "members.means." + m.fee_means), m.fee_on,
            m.refusal_reason});
      }
      return piece;
    };
    return res;
  });
  app.get(kBase + "/adhesion", web::perm::authenticated, [&service](Context& ctx) { return apply_page(ctx, service); });
  app.post(kBase + "/adhesion", web::perm::authenticated, [&service](Context& ctx) {
    ApplyInput in{ctx.form.get("organiser"), ctx.form.get("organisation"), ctx.form.get("year"),
                  ctx.form.get("contact"), ctx.form.get("note")};
    auto outcome = service.apply(web::actor_of(ctx), ctx.me(), in, false, false);
    return web::finish(ctx, outcome, "members.apply.done",
                       kBase + "/notre-adhesion?organisation=" + std::to_string(web::parse_id(in.organisation)),
                       [&](const Outcome& o, int status) { return apply_page(ctx, service, o, status); });
  });
  app.get(kBase + "/notre-adhesion", web::perm::authenticated,
          [&service](Context& ctx) { return own_page(ctx, service); });
  app.get(kBase + "/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return membership_page(ctx, service, ctx.req.int_param("id")); });
  app.post(kBase + "/{id:int}/decision", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.decide(web::actor_of(ctx), ctx.me(), id, ctx.form.get("decision"), ctx.form.get("reason"));
    return web::finish(ctx, outcome, "members.membership.decided", url_of(id), again(ctx, service, id, "decision"));
  });
  app.post(kBase + "/{id:int}/cotisation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    FeeInput in{ctx.form.get("fee_amount"), ctx.form.get("fee_date"), ctx.form.get("fee_means")};
    auto outcome = service.record_fee(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "members.membership.fee_saved", url_of(id), again(ctx, service, id, "fee"));
  });
  app.post(kBase + "/{id:int}/contact", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.set_contact(web::actor_of(ctx), ctx.me(), id, ctx.form.get("contact"));
    return web::finish(ctx, outcome, "members.membership.contact_saved", url_of(id),
                       again(ctx, service, id, "contact"));
  });
  app.post(kBase + "/{id:int}/renouvellement", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.renew(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "members.membership.renewed", outcome.ok ? url_of(outcome.id) : url_of(id),
                       web::back_to(ctx, url_of(id)));
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(460, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    auto organisers = service.managed_organisers(ctx.me());
    if (organisers.empty() && !ctx.me().is_admin()) return std::nullopt;
    web::DashboardPanel p;
    p.key = "members-manage";
    p.title = ctx.t("members.dashboard.manage_title");
    long long awaiting = service.awaiting_count(ctx.me());
    long long due = service.renewals_due_count(ctx.me());
    if (awaiting)
      p.items.push_back({ctx.t("members.dashboard.awaiting", {{"n", std::to_string(awaiting)}}),
                         kBase + "?statut=applied", "", "", false});
    if (due)
      p.items.push_back({ctx.t("members.dashboard.renewals", {{"n", std::to_string(due)}}), kBase, "", "", false});
    p.empty = ctx.t("members.dashboard.manage_empty");
    p.more_url = kBase;
    p.more_label = ctx.t("members.dashboard.more");
    return p;
  });
  dashboard.add(461, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    long long n = service.own_renewals_count(ctx.me());
    if (!n) return std::nullopt;
    web::DashboardPanel p;
    p.key = "members-renew";
    p.title = ctx.t("members.dashboard.own_title");
    p.items.push_back(
        {ctx.t("members.dashboard.own_renew", {{"n", std::to_string(n)}}), kBase + "/notre-adhesion", "", "", true});
    p.empty = "";
    return p;
  });
}

}  // namespace trame::members
