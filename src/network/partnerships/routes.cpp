#include <algorithm>
#include <cctype>
#include <cstdio>
#include <ctime>

#include <boost/json.hpp>

#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "network/partnerships/service.hpp"
#include "platform/web/app.hpp"

namespace trame::partnerships {

namespace {

using web::Context;
using web::Data;

const char* kBase = "/annuaire/partenariats";

std::string url_of(long long id) {
  return std::string(kBase) + "/" + std::to_string(id);
}

// 'YYYY-MM-DD' shown as 'DD/MM/YYYY' in French, as is in English.
std::string show_date(const Context& ctx, const std::string& iso) {
  if (iso.size() != 10 || ctx.locale == "en") return iso;
  return iso.substr(8, 2) + "/" + iso.substr(5, 2) + "/" + iso.substr(0, 4);
}

using web::set_if;

int current_year() {
  std::time_t t = static_cast<std::time_t>(store::now_seconds());
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

std::string choice_label(const OrganisationChoice& c) {
  return c.commune.empty() ? c.name : c.name + " (" + c.commune + ")";
}

// "Votre périmètre : …" for coordinators.
void set_scope_notice(const Context& ctx, Data& data, const organisations::Scope& scope) {
  if (ctx.me().is_admin() || !ctx.me().has_role("coordinator")) return;
  std::string names;
  for (const auto& n : scope.names()) names += (names.empty() ? "" : ", ") + n;
  data.set("scope_notice",
           scope.limited() ? ctx.t("annuaire.scope.limited", {{"names", names}}) : ctx.t("annuaire.scope.everywhere"));
}

constexpr long long kPickerResults = 20;

// 2 Kio, 1,5 Mio.
std::string size_text(long long bytes) {
  if (bytes < 1024 * 1024) return std::to_string((bytes + 1023) / 1024) + " Kio";
  long long tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
  return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " Mio";
}

// One side of the organisation picker: a search field and, after a search, the matching organisations
// as radio buttons (the one chosen stays listed and checked).
Data picker_side(Context& ctx, Service& service, const std::string& prefix, const std::string& legend,
                 const std::string& q, long long selected, bool searched, bool invalid) {
  Data d{Data::type::object};
  d.set("prefix", prefix);
  d.set("legend", legend);
  d.set("q", q);
  if (invalid) d.set("invalid", web::flag(true));
  Data results{Data::type::list};
  bool selected_listed = false;
  bool any_result = false;
  auto add = [&](const OrganisationChoice& c) {
    any_result = true;
    Data o{Data::type::object};
    o.set("value", std::to_string(c.id));
    o.set("label", choice_label(c));
    o.set("selected", web::flag(c.id == selected));
    if (c.id == selected) selected_listed = true;
    results.push_back(o);
  };
  long long total = 0;
  std::vector<OrganisationChoice> found;
  if (searched && !q.empty()) {
    found = service.find_organisations(q, kPickerResults, total);
    if (fold_for_search(trim(q)).size() < 2) d.set("message", ctx.t("annuaire.picker.too_short"));
    else if (total == 0) d.set("message", ctx.t("annuaire.picker.none_found", {{"q", q}}));
    else if (total > kPickerResults)
      d.set("message",
            ctx.t("annuaire.picker.more", {{"n", std::to_string(kPickerResults)}, {"total", std::to_string(total)}}));
  }
  if (selected)
    if (auto c = service.organisation_choice(selected)) {
      bool in_found = std::any_of(found.begin(), found.end(), [&](const auto& f) { return f.id == c->id; });
      if (!in_found) add(*c);
    }
  for (const auto& c : found) add(c);
  (void)selected_listed;
  d.set("results", results);
  d.set("has_results", web::flag(any_result));
  return d;
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
                        const std::string& field, int status, bool searched = false) {
  Data data{Data::type::object};
  Data pickers{Data::type::list};
  pickers.push_back(picker_side(ctx, service, "organisation", ctx.t("partnerships.organisation"),
                                ctx.form.get("organisation_q"), p.organisation_id, searched, field == "organisation"));
  pickers.push_back(picker_side(ctx, service, "partner", ctx.t("partnerships.partner"), ctx.form.get("partner_q"),
                                p.partner_id, searched, field == "partner"));
  data.set("pickers", pickers);
  data.set("picker_js", ctx.app.asset_url("js/picker.js"));
  set_scope_notice(ctx, data, service.scope(ctx.me()));
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
  return ctx.render("network/partnerships/new", data, ctx.t("partnerships.new_title"), status);
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
  std::string q =
      "statut=" + web::url_encode(f.status) + "&type=" + web::url_encode(f.kind) + "&q=" + web::url_encode(f.text);
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
  d.set("remaining",
        ctx.t("partnerships.target.remaining", {{"n", std::to_string(std::max(0LL, y.target - y.count))}}));
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

// A partnership's page: its details, documents (for who may see them), status forms and history.
http::Response show_page(Context& ctx, Service& service) {
  long long id = ctx.req.int_param("id");
  auto p = service.find(id);
  if (!p) return ctx.error(404);
  Data data = partnership_data(ctx, *p);
  auto scope = service.scope(ctx.me());
  bool can_manage = ctx.me().can(web::perm::partnerships_manage) && service.in_scope(scope, id);
  data.set("can_manage", web::flag(can_manage));
  set_scope_notice(ctx, data, scope);
  // Documents: for the members of either organisation, and those who manage partnerships in scope.
  bool can_see_documents = service.may_see_documents(ctx.me(), id);
  if (can_see_documents) {
    data.set("can_see_documents", web::flag(true));
    Data docs{Data::type::list};
    auto documents = service.documents(id, ctx.me());
    for (const auto& d : documents) {
      Data row{Data::type::object};
      row.set("file_name", d.file_name);
      row.set("size", size_text(d.size));
      row.set("added", web::format_datetime(d.uploaded_at, ctx.locale));
      set_if(row, "by", d.uploaded_by_name);
      row.set("download_url", url_of(id) + "/documents/" + std::to_string(d.id));
      row.set("remove_url", url_of(id) + "/documents/" + std::to_string(d.id) + "/supprimer");
      docs.push_back(row);
    }
    data.set("has_documents", web::flag(!documents.empty()));
    data.set("documents", docs);
  }
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
      what = ctx.t("partnerships.history.status_changed", {{"from", ctx.t("partnerships.statuses." + e.from_status)},
                                                           {"to", ctx.t("partnerships.statuses." + e.to_status)}});
      if (!e.detail.empty()) what += " " + ctx.t("partnerships.history.ended_on", {{"date", show_date(ctx, e.detail)}});
    } else if (e.action == "document_added" || e.action == "document_removed") {
      // The file's name only for those who may see the documents.
      what = can_see_documents ? ctx.t("annuaire.documents.history_" + e.action.substr(9), {{"name", e.detail}})
                               : ctx.t("annuaire.documents.history_" + e.action.substr(9) + "_anonymous");
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
  return ctx.render("network/partnerships/show", data, title);
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
    return ctx.render("network/partnerships/list", data, ctx.t("partnerships.title"));
  });

  app.get(std::string(kBase) + "/nouveau", web::perm::partnerships_manage, [&service](Context& ctx) {
    Partnership p;
    p.kind = "social_relay";
    p.start_date = today_iso();
    return new_page(ctx, service, p, "", "", 200);
  });

  // The picker's progressive enhancement: active organisations matching q, for a datalist.
  app.get(std::string(kBase) + "/structures.json", web::perm::partnerships_manage, [&service](Context& ctx) {
    std::string q = ctx.req.query_param("q").value_or("");
    if (q.size() > 200) q.resize(200);
    long long total = 0;
    boost::json::array list;
    for (const auto& c : service.find_organisations(q, kPickerResults, total))
      list.push_back(boost::json::object{{"id", c.id}, {"name", c.name}, {"commune", c.commune}});
    boost::json::object body{{"total", total}, {"organisations", std::move(list)}};
    auto res = http::Response::json(boost::json::serialize(body));
    res.set_header("Cache-Control", "no-store");
    return res;
  });

  app.post(kBase, web::perm::partnerships_manage, [&service](Context& ctx) {
    Partnership p = from_form(ctx.form);
    // Without a choice among the results, a name typed exactly (or picked from the datalist) is enough.
    if (!p.organisation_id)
      if (auto c = service.organisation_named(ctx.form.get("organisation_q"))) p.organisation_id = c->id;
    if (!p.partner_id)
      if (auto c = service.organisation_named(ctx.form.get("partner_q"))) p.partner_id = c->id;
    if (ctx.form.get("step") == "search") return new_page(ctx, service, p, "", "", 200, true);
    if (!p.organisation_id)
      return new_page(ctx, service, p, ctx.t("annuaire.picker.choose_organisation"), "organisation", 422, true);
    if (!p.partner_id) return new_page(ctx, service, p, ctx.t("annuaire.picker.choose_partner"), "partner", 422, true);
    auto outcome = service.create(web::actor_of(ctx), p, service.scope(ctx.me()));
    return web::finish(ctx, outcome, "partnerships.created", url_of(outcome.id),
                       [&](const Outcome& failed, int status) {
                         return new_page(ctx, service, p, ctx.t(failed.error), failed.field, status, true);
                       });
  });

  // The yearly target of new social-relay partnerships: administrators only.
  app.post(std::string(kBase) + "/objectif", web::perm::partnerships_manage, [&service](Context& ctx) {
    if (!ctx.me().is_admin()) return ctx.error(403);
    auto outcome = service.set_yearly_target(web::actor_of(ctx), ctx.form.get("target"));
    return web::finish(ctx, outcome, "partnerships.target.saved", kBase, web::back_to(ctx, kBase));
  });

  app.get(std::string(kBase) + "/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return show_page(ctx, service); });

  app.post(std::string(kBase) + "/{id:int}", web::perm::partnerships_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Partnership changes = from_form(ctx.form);
    auto outcome = service.update(web::actor_of(ctx), id, changes, service.scope(ctx.me()));
    return web::finish(ctx, outcome, "partnerships.updated", url_of(id), web::back_to(ctx, url_of(id)));
  });

  app.post(std::string(kBase) + "/{id:int}/statut", web::perm::partnerships_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.change_status(web::actor_of(ctx), id, ctx.form.get("status"), ctx.form.get("end_date"),
                                         ctx.form.get("note"), service.scope(ctx.me()));
    return web::finish_with(ctx, outcome, "partnerships.status_changed",
                            {{"status", ctx.t("partnerships.statuses." + ctx.form.get("status"))}}, url_of(id),
                            web::back_to(ctx, url_of(id)));
  });

  app.post(std::string(kBase) + "/{id:int}/charte", web::perm::partnerships_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.record_charter(web::actor_of(ctx), id, ctx.form.get("charter_date"), service.scope(ctx.me()));
    return web::finish(ctx, outcome, "partnerships.charter_recorded", url_of(id), web::back_to(ctx, url_of(id)));
  });

  // Documents of a partnership.
  app.post(std::string(kBase) + "/{id:int}/documents", web::perm::partnerships_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    const http::Part* file = ctx.file("document");
    auto outcome =
        service.add_document(web::actor_of(ctx), id, file && file->filename ? *file->filename : std::string(),
                             file ? file->data : std::string(), service.scope(ctx.me()));
    return web::finish(ctx, outcome, "annuaire.documents.uploaded", url_of(id), web::back_to(ctx, url_of(id)));
  });

  app.get(std::string(kBase) + "/{id:int}/documents/{document:int}", web::perm::authenticated,
          [&service](Context& ctx) {
            long long id = ctx.req.int_param("id");
            auto p = service.find(id);
            if (!p) return ctx.error(404);
            if (!service.may_see_documents(ctx.me(), id)) return ctx.error(403);
            auto d = service.document(id, ctx.req.int_param("document"), ctx.me());
            if (!d) return ctx.error(404);
            http::Response res;
            res.set_header("Content-Type", d->content_type);
            res.set_header("Content-Disposition", docs::attachment_disposition(d->file_name, d->content_type));
            res.set_header("X-Content-Type-Options", "nosniff");
            res.set_header("Cache-Control", "private, no-store");
            res.body = std::move(d->bytes);
            return res;
          });

  app.post(std::string(kBase) + "/{id:int}/documents/{document:int}/supprimer", web::perm::partnerships_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.remove_document(web::actor_of(ctx), id, ctx.req.int_param("document"),
                                                    service.scope(ctx.me()));
             return web::finish(ctx, outcome, "annuaire.documents.removed", url_of(id), web::back_to(ctx, url_of(id)));
           });
}

}  // namespace trame::partnerships
