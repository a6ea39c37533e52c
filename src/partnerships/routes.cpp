#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include "partnerships/service.hpp"
#include "web/app.hpp"

namespace trame::partnerships {

namespace {

using web::Context;
using web::Data;

const char* kBase = "/annuaire/partenariats";

std::string url_of(long long id) { return std::string(kBase) + "/" + std::to_string(id); }

// 'YYYY-MM-DD' shown as 'DD/MM/YYYY' in French, as is in English.
std::string show_date(const Context& ctx, const std::string& iso) {
  if (iso.size() != 10 || ctx.locale == "en") return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

// Mustache treats an empty string as true in {{#section}}: optional fields are only set when present.
void set_if(Data& d, const std::string& key, const std::string& value) {
  if (!value.empty()) d.set(key, value);
}

std::string encode(const std::string& v) {
  std::string out;
  for (unsigned char c : v) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
      out += static_cast<char>(c);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      out += buf;
    }
  }
  return out;
}

int current_year() {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  localtime_r(&t, &tm);
  return tm.tm_year + 1900;
}

Data partnership_data(const Context& ctx, const Partnership& p) {
  Data d{Data::type::object};
  d.set("id", std::to_string(p.id));
  d.set("url", url_of(p.id));
  d.set("organisation", p.organisation_name);
  d.set("organisation_url", "/annuaire/structures/" + std::to_string(p.organisation_id));
  d.set("partner", p.partner_name);
  d.set("partner_url", "/annuaire/structures/" + std::to_string(p.partner_id));
  d.set("kind", p.kind);
  d.set("kind_label", ctx.t("partnerships.kinds." + p.kind));
  d.set("status", p.status);
  d.set("status_label", ctx.t("partnerships.statuses." + p.status));
  d.set("start_date", p.start_date);
  d.set("start", show_date(ctx, p.start_date));
  set_if(d, "end_date", p.end_date);
  set_if(d, "end", show_date(ctx, p.end_date));
  set_if(d, "charter_date", p.charter_signed_on);
  set_if(d, "charter", show_date(ctx, p.charter_signed_on));
  set_if(d, "charter_by", p.charter_recorded_by_name);
  set_if(d, "contact_name", p.contact_name);
  set_if(d, "contact_email", p.contact_email);
  set_if(d, "notes", p.notes);
  return d;
}

Data choices_data(const std::vector<OrganisationChoice>& choices, long long selected) {
  Data list{Data::type::list};
  for (const auto& c : choices) {
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", c.name);
    o.set("selected", web::flag(c.id == selected));
    list.push_back(o);
  }
  return list;
}

Partnership from_form(const http::Form& f) {
  Partnership p;
  p.organisation_id = web::parse_id(f.get("organisation"));
  p.partner_id = web::parse_id(f.get("partner"));
  p.kind = f.get("kind");
  p.status = f.has("status") ? f.get("status") : "proposed";
  p.start_date = f.get("start_date");
  p.end_date = f.get("end_date");
  p.charter_signed_on = f.get("charter_date");
  p.contact_name = f.get("contact_name");
  p.contact_email = f.get("contact_email");
  p.notes = f.get("notes");
  return p;
}

http::Response new_page(Context& ctx, Service& service, const Partnership& p, const std::string& error,
                        const std::string& field, int status) {
  Data data{Data::type::object};
  auto choices = service.organisation_choices();
  data.set("organisations", choices_data(choices, p.organisation_id));
  data.set("partners", choices_data(choices, p.partner_id));
  data.set("kinds", web::options(ctx, kinds(), "partnerships.kinds.", p.kind));
  data.set("statuses", web::options(ctx, {"proposed", "active"}, "partnerships.statuses.", p.status));
  data.set("start_date", p.start_date);
  data.set("end_date", p.end_date);
  data.set("charter_date", p.charter_signed_on);
  data.set("contact_name", p.contact_name);
  data.set("contact_email", p.contact_email);
  data.set("notes", p.notes);
  if (!error.empty()) {
    data.set("error", error);
    if (!field.empty()) data.set("error_" + field, web::flag(true));
  }
  return ctx.render("partnerships/new", data, ctx.t("partnerships.new_title"), status);
}

Filter filter_from(const http::Request& req) {
  Filter f;
  f.status = req.query_param("statut").value_or("");
  f.kind = req.query_param("type").value_or("");
  f.text = req.query_param("q").value_or("");
  f.organisation_id = web::parse_id(req.query_param("structure").value_or(""));
  // Unknown values filter nothing rather than everything.
  auto known = [](const std::string& v, const std::vector<std::string>& list) {
    return std::find(list.begin(), list.end(), v) != list.end();
  };
  if (!known(f.status, statuses())) f.status.clear();
  if (!known(f.kind, kinds())) f.kind.clear();
  if (f.text.size() > 200) f.text.resize(200);
  return f;
}

std::string query_string(const Filter& f) {
  std::string q = "statut=" + encode(f.status) + "&type=" + encode(f.kind) + "&q=" + encode(f.text);
  if (f.organisation_id) q += "&structure=" + std::to_string(f.organisation_id);
  return q;
}

Data yearly_data(const Context& ctx, const YearlyCount& y) {
  Data d{Data::type::object};
  d.set("year", std::to_string(y.year));
  d.set("count", std::to_string(y.count));
  d.set("target", std::to_string(y.target));
  d.set("proposed", std::to_string(y.proposed));
  d.set("summary", ctx.t("partnerships.target.summary", {{"count", std::to_string(y.count)},
                                                         {"target", std::to_string(y.target)},
                                                         {"year", std::to_string(y.year)}}));
  d.set("reached", web::flag(y.count >= y.target));
  d.set("remaining", ctx.t("partnerships.target.remaining",
                           {{"n", std::to_string(std::max(0LL, y.target - y.count))}}));
  d.set("progress_max", std::to_string(std::max(1LL, y.target)));
  d.set("progress_value", std::to_string(std::min(y.count, std::max(1LL, y.target))));
  Data rows{Data::type::list};
  for (const auto& c : y.by_delegation) {
    Data row{Data::type::object};
    row.set("name", c.delegation_id ? c.delegation_name : ctx.t("partnerships.target.no_delegation"));
    if (c.delegation_id) row.set("url", "/territoires/delegations/" + std::to_string(c.delegation_id));
    row.set("count", std::to_string(c.count));
    rows.push_back(row);
  }
  d.set("by_delegation", rows);
  d.set("has_delegations", web::flag(!y.by_delegation.empty()));
  return d;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // The list: everyone signed in; filters, pagination, and this year's count against the target.
  app.get(kBase, web::perm::authenticated, [&service](Context& ctx) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    Filter f = filter_from(ctx.req);
    long long total = 0;
    Data rows{Data::type::list};
    for (const auto& p : service.search(f, page, per_page, total)) rows.push_back(partnership_data(ctx, p));
    Data data{Data::type::object};
    data.set("partnerships", rows);
    data.set("empty", web::flag(total == 0));
    data.set("q", f.text);
    if (f.organisation_id) data.set("structure", std::to_string(f.organisation_id));
    data.set("kinds", web::options(ctx, kinds(), "partnerships.kinds.", f.kind));
    data.set("statuses", web::options(ctx, statuses(), "partnerships.statuses.", f.status));
    data.set("pagination",
             web::pagination(ctx, page, per_page, total, std::string(kBase) + "?" + query_string(f) + "&"));
    data.set("can_manage", web::flag(ctx.me().can(web::perm::partnerships_manage)));
    data.set("can_set_target", web::flag(ctx.me().is_admin()));
    data.set("yearly", yearly_data(ctx, service.yearly_count(current_year())));
    return ctx.render("partnerships/list", data, ctx.t("partnerships.title"));
  });

  app.get(std::string(kBase) + "/nouveau", web::perm::partnerships_manage, [&service](Context& ctx) {
    Partnership p;
    p.kind = "social_relay";
    p.start_date = today_iso();
    return new_page(ctx, service, p, "", "", 200);
  });

  app.post(kBase, web::perm::partnerships_manage, [&service](Context& ctx) {
    Partnership p = from_form(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), p);
    if (!outcome.ok) return new_page(ctx, service, p, ctx.t(outcome.error), outcome.field, 422);
    ctx.flash("success", ctx.t("partnerships.created"));
    return ctx.redirect(url_of(outcome.id));
  });

  // The yearly target of new social-relay partnerships: administrators only.
  app.post(std::string(kBase) + "/objectif", web::perm::partnerships_manage, [&service](Context& ctx) {
    if (!ctx.me().is_admin()) return ctx.error(403);
    auto outcome = service.set_yearly_target(web::actor_of(ctx), ctx.form.get("target"));
    ctx.flash(outcome.ok ? "success" : "error", ctx.t(outcome.ok ? "partnerships.target.saved" : outcome.error));
    return ctx.redirect(kBase);
  });

  app.get(std::string(kBase) + "/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto p = service.find(id);
    if (!p) return ctx.error(404);
    Data data = partnership_data(ctx, *p);
    bool can_manage = ctx.me().can(web::perm::partnerships_manage);
    data.set("can_manage", web::flag(can_manage));
    data.set("today", today_iso());
    // One form per allowed transition.
    Data transitions{Data::type::list};
    for (const auto& to : next_statuses(p->status)) {
      Data t{Data::type::object};
      t.set("to", to);
      t.set("label", ctx.t("partnerships.transitions." + to));
      t.set("ending", web::flag(to == "ended"));
      t.set("end_default", p->end_date.empty() ? today_iso() : p->end_date);
      transitions.push_back(t);
    }
    data.set("transitions", transitions);
    data.set("can_change_status", web::flag(can_manage && !next_statuses(p->status).empty()));
    data.set("can_sign_charter", web::flag(can_manage && p->charter_signed_on.empty() && p->status != "ended"));
    data.set("is_social_relay", web::flag(p->kind == "social_relay"));
    Data events{Data::type::list};
    for (const auto& e : service.history(id)) {
      Data row{Data::type::object};
      row.set("at", web::format_datetime(e.at, ctx.locale));
      row.set("who", e.actor_name.empty() ? ctx.t("partnerships.history.system") : e.actor_name);
      std::string what;
      if (e.action == "created") {
        what = ctx.t("partnerships.history.created", {{"status", ctx.t("partnerships.statuses." + e.to_status)}});
      } else if (e.action == "status_changed") {
        what = ctx.t("partnerships.history.status_changed",
                     {{"from", ctx.t("partnerships.statuses." + e.from_status)},
                      {"to", ctx.t("partnerships.statuses." + e.to_status)}});
        if (!e.detail.empty())
          what += " " + ctx.t("partnerships.history.ended_on", {{"date", show_date(ctx, e.detail)}});
      } else if (e.action == "charter_signed") {
        what = ctx.t("partnerships.history.charter_signed", {{"date", show_date(ctx, e.detail)}});
      } else if (e.action == "updated") {
        std::string fields;
        std::size_t start = 0;
        while (start <= e.detail.size()) {
          auto comma = e.detail.find(',', start);
          std::string key = e.detail.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
          if (!key.empty()) fields += (fields.empty() ? "" : ", ") + ctx.t("partnerships.fields." + key);
          if (comma == std::string::npos) break;
          start = comma + 1;
        }
        what = ctx.t("partnerships.history.updated", {{"fields", fields}});
      } else {
        what = e.action;
      }
      row.set("what", what);
      set_if(row, "note", e.note);
      events.push_back(row);
    }
    data.set("events", events);
    std::string title = p->organisation_name + " — " + p->partner_name;
    return ctx.render("partnerships/show", data, title);
  });

  app.post(std::string(kBase) + "/{id:int}", web::perm::partnerships_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Partnership changes = from_form(ctx.form);
    auto outcome = service.update(web::actor_of(ctx), id, changes);
    if (!outcome.ok && outcome.error == "errors.404.message") return ctx.error(404);
    ctx.flash(outcome.ok ? "success" : "error", ctx.t(outcome.ok ? "partnerships.updated" : outcome.error));
    return ctx.redirect(url_of(id));
  });

  app.post(std::string(kBase) + "/{id:int}/statut", web::perm::partnerships_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.change_status(web::actor_of(ctx), id, ctx.form.get("status"), ctx.form.get("end_date"),
                                         ctx.form.get("note"));
    if (!outcome.ok && outcome.error == "errors.404.message") return ctx.error(404);
    if (outcome.ok) {
      ctx.flash("success", ctx.t("partnerships.status_changed",
                                 {{"status", ctx.t("partnerships.statuses." + ctx.form.get("status"))}}));
    } else {
      ctx.flash("error", ctx.t(outcome.error));
    }
    return ctx.redirect(url_of(id));
  });

  app.post(std::string(kBase) + "/{id:int}/charte", web::perm::partnerships_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.record_charter(web::actor_of(ctx), id, ctx.form.get("charter_date"));
    if (!outcome.ok && outcome.error == "errors.404.message") return ctx.error(404);
    ctx.flash(outcome.ok ? "success" : "error", ctx.t(outcome.ok ? "partnerships.charter_recorded" : outcome.error));
    return ctx.redirect(url_of(id));
  });
}

}  // namespace trame::partnerships
