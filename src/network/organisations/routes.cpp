#include <boost/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>

#include "platform/docs/markdown.hpp"
#include "platform/docs/tabular.hpp"
#include "network/organisations/service.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::organisations {

namespace {

using web::Context;
using web::Data;

using web::set_if;

// Coordinates as typed in the form and sent to the map: shortest exact decimal text.
std::string coordinate_text(double v) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

// A coordinate from the edit form: empty means none; a decimal comma is accepted; anything unreadable
// becomes NaN, which the service refuses with a French message.
std::optional<double> coordinate_from(std::string text) {
  text.erase(0, text.find_first_not_of(" \t"));
  text.erase(text.find_last_not_of(" \t") + 1);
  if (text.empty()) return std::nullopt;
  std::replace(text.begin(), text.end(), ',', '.');
  double v = 0;
  const char* begin = text.data() + (text[0] == '+' ? 1 : 0);
  auto r = std::from_chars(begin, text.data() + text.size(), v);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(v)) return std::nan("");
  return v;
}

Data org_data(const Context& ctx, const Organisation& o) {
  Data d{Data::type::object};
  d.set("id", std::to_string(o.id));
  d.set("name", o.name);
  d.set("kind", o.kind);
  d.set("kind_label", ctx.t("organisations.kinds." + o.kind));
  d.set("sector_label", ctx.t("organisations.sectors." + o.sector));
  d.set("status_label", ctx.t("organisations.statuses." + o.status));
  d.set("archived", web::flag(o.status == "archived"));
  d.set("members", std::to_string(o.member_count));
  d.set("url", "/admin/organisations/" + std::to_string(o.id));
  d.set("profile_url", "/annuaire/structures/" + std::to_string(o.id));
  set_if(d, "subtype", o.subtype);
  set_if(d, "siret", o.siret);
  set_if(d, "address", o.address);
  set_if(d, "commune_code", o.commune_code);
  set_if(d, "commune", o.commune_name);
  if (!o.commune_code.empty()) d.set("commune_url", "/territoires/communes/" + o.commune_code);
  set_if(d, "delegation", o.delegation_name);
  if (o.delegation_id) d.set("delegation_url", "/territoires/delegations/" + std::to_string(o.delegation_id));
  set_if(d, "website", o.website);
  set_if(d, "phone", o.phone);
  set_if(d, "public_email", o.public_email);
  set_if(d, "description", o.description);
  if (!o.description.empty()) d.set("description_html", docs::markdown_to_html(o.description));
  d.set("access_motor", web::flag(o.accessibility.motor));
  d.set("access_visual", web::flag(o.accessibility.visual));
  d.set("access_hearing", web::flag(o.accessibility.hearing));
  d.set("access_mental", web::flag(o.accessibility.mental));
  d.set("any_access", web::flag(o.accessibility.motor || o.accessibility.visual || o.accessibility.hearing ||
                                o.accessibility.mental || !o.accessibility.note.empty()));
  set_if(d, "accessibility_note", o.accessibility.note);
  set_if(d, "opening_hours", o.opening_hours);
  if (o.latitude) d.set("latitude", coordinate_text(*o.latitude));
  if (o.longitude) d.set("longitude", coordinate_text(*o.longitude));
  d.set("public_listing", web::flag(o.public_listing));
  set_if(d, "priority_area_code", o.priority_area_code);
  set_if(d, "priority_area", o.priority_area_name);
  return d;
}

// "Votre périmètre : …" for coordinators (and nothing for others).
void set_scope_notice(const Context& ctx, Data& data, const Scope& scope) {
  if (ctx.me().is_admin() || !ctx.me().has_role("coordinator")) return;
  if (scope.limited()) {
    std::string names;
    for (const auto& n : scope.names()) names += (names.empty() ? "" : ", ") + n;
    data.set("scope_notice", ctx.t("annuaire.scope.limited", {{"names", names}}));
  } else {
    data.set("scope_notice", ctx.t("annuaire.scope.everywhere"));
  }
}

Data qpv_options(const std::vector<std::pair<std::string, std::string>>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& [code, name] : list) {
    Data o{Data::type::object};
    o.set("value", code);
    o.set("label", name + " (" + code + ")");
    o.set("selected", web::flag(code == selected));
    out.push_back(o);
  }
  return out;
}

Organisation from_form(const http::Form& f) {
  Organisation o;
  o.name = f.get("name");
  o.kind = f.get("kind");
  o.status = f.has("status") ? f.get("status") : "active";
  o.sector = f.get("sector");
  o.subtype = f.get("subtype");
  o.siret = f.get("siret");
  o.address = f.get("address");
  o.commune_code = f.get("commune");
  o.website = f.get("website");
  o.phone = f.get("phone");
  o.public_email = f.get("public_email");
  o.description = f.get("description");
  o.accessibility.motor = f.has("access_motor");
  o.accessibility.visual = f.has("access_visual");
  o.accessibility.hearing = f.has("access_hearing");
  o.accessibility.mental = f.has("access_mental");
  o.accessibility.note = f.get("accessibility_note");
  o.opening_hours = f.get("opening_hours");
  o.public_listing = f.has("public_listing");
  o.latitude = coordinate_from(f.get("latitude"));
  o.longitude = coordinate_from(f.get("longitude"));
  o.priority_area_code = f.get("priority_area");
  return o;
}

http::Response list_page(Context& ctx, Service& service, const std::string& error, const std::string& name,
                         const std::string& kind, const std::string& commune, int status) {
  const long long per_page = 25;
  long long page = web::page_param(ctx.req);
  std::string query = ctx.req.query_param("q").value_or("");
  long long total = 0;
  Data rows{Data::type::list};
  for (const auto& o : service.page(query, page, per_page, total)) rows.push_back(org_data(ctx, o));
  Data data{Data::type::object};
  data.set("organisations", rows);
  data.set("q", query);
  data.set("empty", web::flag(total == 0));
  data.set("pagination", web::pagination(ctx, page, per_page, total, "/admin/organisations?q=" + query + "&"));
  Scope scope = service.scope(ctx.me());
  data.set("can_create", web::flag(scope.may_create()));
  set_scope_notice(ctx, data, scope);
  if (scope.limited()) data.set("commune_required", web::flag(true));
  data.set("kinds", web::options(ctx, kinds(), "organisations.kinds.", kind));
  data.set("form_name", name);
  data.set("form_commune", commune);
  if (!error.empty()) data.set("error", error);
  return ctx.render("network/organisations/list", data, ctx.t("organisations.title"), status);
}

Search search_from(const http::Request& req) {
  Search s;
  s.text = req.query_param("q").value_or("");
  s.kind = req.query_param("type").value_or("");
  s.sector = req.query_param("secteur").value_or("");
  s.commune_code = req.query_param("commune").value_or("");
  s.epci_siren = req.query_param("epci").value_or("");
  s.delegation_id = web::parse_id(req.query_param("delegation").value_or(""));
  s.motor = req.query_param("moteur").has_value();
  s.visual = req.query_param("visuel").has_value();
  s.hearing = req.query_param("auditif").has_value();
  s.mental = req.query_param("mental").has_value();
  s.priority_area = req.query_param("qpv").value_or("");
  if (s.priority_area.size() > 20) s.priority_area.clear();
  s.partnership = req.query_param("partenariat").value_or("");
  const auto& pf = partnership_filters();
  if (std::find(pf.begin(), pf.end(), s.partnership) == pf.end()) s.partnership.clear();
  return s;
}

std::string query_string(const Search& s) {
  auto enc = [](const std::string& v) { return web::url_encode(v); };
  std::string q = "q=" + enc(s.text) + "&type=" + enc(s.kind) + "&secteur=" + enc(s.sector) +
                  "&commune=" + enc(s.commune_code) + "&epci=" + enc(s.epci_siren) +
                  "&delegation=" + std::to_string(s.delegation_id);
  if (s.motor) q += "&moteur=1";
  if (s.visual) q += "&visuel=1";
  if (s.hearing) q += "&auditif=1";
  if (s.mental) q += "&mental=1";
  if (!s.priority_area.empty()) q += "&qpv=" + enc(s.priority_area);
  if (!s.partnership.empty()) q += "&partenariat=" + enc(s.partnership);
  return q;
}

// The commune filter as typed: an INSEE code or a name. One commune: the search uses its code; several
// of that name: the choices, and the search finds nothing until one is chosen; none: a French message.
struct CommuneFilter {
  std::string typed;  // shown back in the field
  std::vector<CommuneChoice> choices;
  std::string error;
};

CommuneFilter resolve_commune(const Context& ctx, Service& service, Search& s) {
  CommuneFilter f;
  f.typed = trim(s.commune_code);
  s.commune_code = f.typed;
  if (f.typed.empty() || f.typed.size() > 100) {
    s.commune_code.clear();
    f.typed.clear();
    return f;
  }
  auto found = service.communes_named(f.typed);
  if (found.size() == 1) {
    s.commune_code = found.front().code;
  } else if (found.empty()) {
    f.error = ctx.t("directory.commune_filter.unknown", {{"name", f.typed}});
  } else {
    f.choices = std::move(found);
  }
  return f;
}

// The commune field of the create and edit forms takes a name too: one town's name becomes its code; a
// name several towns share is refused with its own message; anything else is left to the service's check.
std::optional<Outcome> resolve_commune_field(Service& service, Organisation& o) {
  o.commune_code = trim(o.commune_code);
  if (o.commune_code.empty() || o.commune_code.size() > 100) return std::nullopt;
  auto found = service.communes_named(o.commune_code);
  if (found.size() == 1) o.commune_code = found.front().code;
  if (found.size() > 1) return Outcome::failure("directory.commune_filter.ambiguous_field", "commune");
  return std::nullopt;
}

// The search of the request with its commune filter resolved (exports, map).
Search resolved_search(const Context& ctx, Service& service) {
  Search s = search_from(ctx.req);
  resolve_commune(ctx, service, s);
  return s;
}

// Sets the commune field, its message and the communes to choose from ("/annuaire?…&commune=CODE").
void set_commune_filter(const Context& ctx, Data& data, const CommuneFilter& f, Search s, const std::string& page,
                        const std::function<std::string(const Search&)>& query) {
  data.set("commune_typed", f.typed);
  if (!f.error.empty()) data.set("commune_error", f.error);
  if (f.choices.empty()) return;
  const std::size_t shown = std::min<std::size_t>(f.choices.size(), 20);
  data.set("commune_ambiguous", ctx.t("directory.commune_filter.ambiguous",
                                      {{"name", f.typed}, {"count", std::to_string(f.choices.size())}}));
  if (f.choices.size() > shown) data.set("commune_more", ctx.t("directory.commune_filter.more"));
  Data list{Data::type::list};
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& c = f.choices[i];
    s.commune_code = c.code;
    Data o{Data::type::object};
    o.set("label", c.name + " (" + c.departement + ", " + c.code + ")");
    o.set("url", page + "?" + query(s));
    list.push_back(o);
  }
  data.set("commune_choices", list);
}

// Exports run on after the handler returns: they translate with the catalogue, not the context.
std::vector<std::string> export_headers(const web::Catalogue& catalogue, const std::string& locale) {
  std::vector<std::string> h;
  for (const char* key : {"name",
                          "kind",
                          "sector",
                          "subtype",
                          "siret",
                          "address",
                          "commune_code",
                          "commune",
                          "delegation",
                          "website",
                          "phone",
                          "public_email",
                          "access_motor",
                          "access_visual",
                          "access_hearing",
                          "access_mental",
                          "accessibility_note",
                          "opening_hours",
                          "status",
                          "public_listing"})
    h.push_back(catalogue.t(locale, std::string("directory.columns.") + key));
  h.push_back(catalogue.t(locale, "annuaire.qpv.field"));
  return h;
}

std::vector<std::string> export_fields(const web::Catalogue& catalogue, const std::string& locale,
                                       const Organisation& o) {
  auto t = [&](const std::string& key) { return catalogue.t(locale, key); };
  auto yes_no = [&](int v) { return t(v ? "common.yes" : "common.no"); };
  return {o.name,
          t("organisations.kinds." + o.kind),
          t("organisations.sectors." + o.sector),
          o.subtype,
          o.siret,
          o.address,
          o.commune_code,
          o.commune_name,
          o.delegation_name,
          o.website,
          o.phone,
          o.public_email,
          yes_no(o.accessibility.motor),
          yes_no(o.accessibility.visual),
          yes_no(o.accessibility.hearing),
          yes_no(o.accessibility.mental),
          o.accessibility.note,
          o.opening_hours,
          t("organisations.statuses." + o.status),
          yes_no(o.public_listing),
          o.priority_area_code.empty() ? std::string() : o.priority_area_name + " (" + o.priority_area_code + ")"};
}

// The map of the edit form where a click sets the coordinates (map.js; the fields work without it):
// centred on the organisation, else on a placed organisation of its commune, else on the country.
void set_pick_map(const Context& ctx, Service& service, Data& data, const Organisation& o) {
  data.set("tiles_url", ctx.app.config.map_tiles_url);
  if (ctx.app.config.map_tiles_url.find("openstreetmap.org") != std::string::npos)
    data.set("attribution", ctx.t("map.attribution_osm"));
  data.set("leaflet_css", "/static/vendor/leaflet/leaflet.css?v=1.9.4");
  data.set("leaflet_js", "/static/vendor/leaflet/leaflet.js?v=1.9.4");
  data.set("map_js", ctx.app.asset_url("js/map.js"));
  std::optional<double> lat = o.latitude, lng = o.longitude;
  std::string zoom = "16";
  if (!(lat && lng) && !o.commune_code.empty()) {
    Search near;
    near.commune_code = o.commune_code;
    near.with_coordinates = true;
    long long total = 0;
    for (const auto& other : service.search(near, 1, 1, total)) {
      lat = other.latitude;
      lng = other.longitude;
      zoom = "13";
    }
  }
  if (!(lat && lng)) {
    lat = 46.6;
    lng = 2.4;
    zoom = "5";
  }
  data.set("center_lat", coordinate_text(*lat));
  data.set("center_lng", coordinate_text(*lng));
  data.set("center_zoom", zoom);
}

// An organisation's administration page: its details, members, logo and edit form (if allowed).
http::Response show_page(Context& ctx, Service& service) {
  long long id = ctx.req.int_param("id");
  bool can_edit = service.may_manage(ctx.me(), id);
  if (!can_edit && !ctx.me().can_in(web::perm::organisations_view, id)) return ctx.error(403);
  auto o = service.find(id);
  if (!o) return ctx.error(404);
  Data data = org_data(ctx, *o);
  Data members{Data::type::list};
  for (const auto& m : service.members(id)) {
    Data row{Data::type::object};
    row.set("name", m.name);
    row.set("email", m.email);
    row.set("role_label", ctx.t("roles." + m.role));
    row.set("disabled", web::flag(m.disabled != 0));
    members.push_back(row);
  }
  data.set("member_list", members);
  data.set("can_edit", web::flag(can_edit));
  set_scope_notice(ctx, data, service.scope(ctx.me()));
  data.set("priority_areas", qpv_options(service.priority_areas_of_commune(o->commune_code), o->priority_area_code));
  data.set("can_list", web::flag(ctx.me().is_admin() || service.scope(ctx.me()).may_create()));
  if (auto logo = service.logo(id)) data.set("logo_url", "/annuaire/structures/" + std::to_string(id) + "/logo");
  data.set("max_logo_mb", std::to_string(Service::kMaxLogoBytes / (1024 * 1024)));
  data.set("kinds", web::options(ctx, kinds(), "organisations.kinds.", o->kind));
  data.set("sectors", web::options(ctx, sectors(), "organisations.sectors.", o->sector));
  data.set("statuses", web::options(ctx, {"active", "archived"}, "organisations.statuses.", o->status));
  if (can_edit) set_pick_map(ctx, service, data, *o);
  return ctx.render("network/organisations/show", data, o->name);
}
// The directory: every signed-in person may search it.
http::Response directory_page(Context& ctx, Service& service) {
  const long long per_page = 25;
  long long page = web::page_param(ctx.req);
  Search s = search_from(ctx.req);
  CommuneFilter commune = resolve_commune(ctx, service, s);
  long long total = 0;
  Data rows{Data::type::list};
  for (const auto& o : service.search(s, page, per_page, total)) rows.push_back(org_data(ctx, o));
  Data data{Data::type::object};
  data.set("organisations", rows);
  data.set("empty", web::flag(total == 0));
  data.set("q", s.text);
  set_commune_filter(ctx, data, commune, s, "/annuaire", query_string);
  data.set("epci", s.epci_siren);
  data.set("kinds", web::options(ctx, kinds(), "organisations.kinds.", s.kind));
  data.set("sectors", web::options(ctx, sectors(), "organisations.sectors.", s.sector));
  Data delegations{Data::type::list};
  for (const auto& [id, label] : service.delegation_choices()) {
    Data o{Data::type::object};
    o.set("value", std::to_string(id));
    o.set("label", label);
    o.set("selected", web::flag(id == s.delegation_id));
    delegations.push_back(o);
  }
  data.set("delegations", delegations);
  data.set("motor", web::flag(s.motor));
  data.set("visual", web::flag(s.visual));
  data.set("hearing", web::flag(s.hearing));
  data.set("mental", web::flag(s.mental));
  data.set("priority_areas", qpv_options(service.priority_area_choices(), s.priority_area));
  data.set("qpv_any", web::flag(s.priority_area == "*"));
  data.set("partnership_filters",
           web::options(ctx, partnership_filters(), "annuaire.partnership_filter.", s.partnership));
  Scope scope = service.scope(ctx.me());
  set_scope_notice(ctx, data, scope);
  data.set("can_import", web::flag(scope.may_create()));
  data.set("pagination", web::pagination(ctx, page, per_page, total, "/annuaire?" + query_string(s) + "&"));
  data.set("export_query", query_string(s));
  data.set("can_export", web::flag(ctx.me().can(web::perm::organisations_view)));
  return ctx.render("network/organisations/directory", data, ctx.t("directory.title"));
}
// The directory's map.
http::Response map_page(Context& ctx, Service& service) {
  const long long per_page = 100;
  long long page = web::page_param(ctx.req);
  Search s = resolved_search(ctx, service);
  long long total = 0;
  Data rows{Data::type::list};
  for (const auto& o : service.search(s, page, per_page, total)) {
    Data row = org_data(ctx, o);
    row.set("placed", web::flag(o.latitude && o.longitude));
    rows.push_back(row);
  }
  Search placed = s;
  placed.with_coordinates = true;
  long long placed_total = 0;
  service.search(placed, 1, 1, placed_total);
  Data data{Data::type::object};
  data.set("organisations", rows);
  data.set("empty", web::flag(total == 0));
  data.set("total", std::to_string(total));
  data.set("placed_total", std::to_string(placed_total));
  data.set("summary",
           ctx.t("map.summary", {{"total", std::to_string(total)}, {"placed", std::to_string(placed_total)}}));
  data.set("tiles_url", ctx.app.config.map_tiles_url);
  data.set("points_url", "/annuaire/carte.json?" + query_string(s));
  data.set("directory_url", "/annuaire?" + query_string(s));
  data.set("leaflet_css", "/static/vendor/leaflet/leaflet.css?v=1.9.4");
  data.set("leaflet_js", "/static/vendor/leaflet/leaflet.js?v=1.9.4");
  data.set("map_js", ctx.app.asset_url("js/map.js"));
  if (ctx.app.config.map_tiles_url.find("openstreetmap.org") != std::string::npos)
    data.set("attribution", ctx.t("map.attribution_osm"));
  data.set("pagination", web::pagination(ctx, page, per_page, total, "/annuaire/carte?" + query_string(s) + "&"));
  return ctx.render("network/organisations/map", data, ctx.t("map.title"));
}
}  // namespace

void register_routes(web::App& app, Service& service) {
  // Exports of the filtered directory: streamed, and recorded in the audit log.
  // Exports are for people who work with the network (organisations.view), not for a trainee or a volunteer.
  app.get("/annuaire/export.csv", web::perm::organisations_view, [&service](Context& ctx) {
    std::shared_ptr<Cursor> cursor = service.export_search(web::actor_of(ctx), resolved_search(ctx, service), "csv");
    const web::Catalogue* catalogue = &ctx.app.catalogue;
    std::string locale = ctx.locale;
    http::Response res;
    res.set_header("Content-Type", "text/csv; charset=utf-8");
    res.set_header("Content-Disposition", "attachment; filename=\"annuaire-trame.csv\"");
    bool header_sent = false;
    res.next_chunk = [cursor, catalogue, locale, header_sent]() mutable -> std::optional<std::string> {
      if (!header_sent) {
        header_sent = true;
        return std::string(docs::kCsvBom) + docs::csv_line(export_headers(*catalogue, locale));
      }
      std::string piece;
      Organisation o;
      for (int i = 0; i < 200 && cursor->next(o); ++i) piece += docs::csv_line(export_fields(*catalogue, locale, o));
      if (piece.empty()) return std::nullopt;
      return piece;
    };
    return res;
  });

  app.get("/annuaire/export.xlsx", web::perm::organisations_view, [&service](Context& ctx) {
    auto cursor = service.export_search(web::actor_of(ctx), resolved_search(ctx, service), "xlsx");
    // libxlsxwriter writes the workbook (constant memory) to a temporary file, which is streamed.
    auto book =
        std::make_shared<docs::XlsxFile>(ctx.t("directory.title"), export_headers(ctx.app.catalogue, ctx.locale));
    Organisation o;
    while (cursor->next(o)) book->add_row(export_fields(ctx.app.catalogue, ctx.locale, o));
    auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
    http::Response res;
    res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set_header("Content-Disposition", "attachment; filename=\"annuaire-trame.xlsx\"");
    res.next_chunk = [book, file]() -> std::optional<std::string> {
      std::string piece(64 * 1024, '\0');
      file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
      piece.resize(static_cast<std::size_t>(file->gcount()));
      if (piece.empty()) return std::nullopt;
      return piece;
    };
    return res;
  });

  app.get("/admin/organisations", web::perm::organisations_view, [&service](Context& ctx) {
    if (!ctx.me().is_admin() && !service.scope(ctx.me()).may_create()) {
      // A member sees their own organisations only.
      for (const auto& m : ctx.me().memberships)
        if (ctx.me().can_in(web::perm::organisations_view, m.organisation_id))
          return ctx.redirect("/admin/organisations/" + std::to_string(m.organisation_id));
      return ctx.error(403);
    }
    return list_page(ctx, service, "", "", "social", "", 200);
  });

  app.post("/admin/organisations", web::perm::organisations_manage, [&service](Context& ctx) {
    Scope scope = service.scope(ctx.me());
    if (!scope.may_create()) return ctx.error(403);
    Organisation o = from_form(ctx.form);
    auto refused = resolve_commune_field(service, o);
    auto outcome = refused ? *refused : service.create(web::actor_of(ctx), o, scope);
    return web::finish_with(
        ctx, outcome, "organisations.created", {{"name", o.name}}, "/admin/organisations/" + std::to_string(outcome.id),
        [&](const Outcome& failed, int status) {
          return list_page(ctx, service, ctx.t(failed.error), o.name, o.kind, o.commune_code, status);
        });
  });

  app.get("/admin/organisations/{id:int}", web::perm::organisations_view,
          [&service](Context& ctx) { return show_page(ctx, service); });

  app.post("/admin/organisations/{id:int}", web::perm::organisations_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    Scope scope = service.scope(ctx.me());
    if (!service.may_manage(ctx.me(), id)) return ctx.error(403);
    Organisation changes = from_form(ctx.form);
    auto refused = resolve_commune_field(service, changes);
    auto outcome = refused ? *refused : service.update(web::actor_of(ctx), id, changes, scope);
    const std::string page = "/admin/organisations/" + std::to_string(id);
    return web::finish(ctx, outcome, "organisations.updated", page, web::back_to(ctx, page));
  });

  // The directory: every signed-in person may search it.
  app.get("/annuaire", web::perm::authenticated, [&service](Context& ctx) { return directory_page(ctx, service); });

  // The délégation a coordinator membership is limited to: set by administrators on the user page.
  app.post("/admin/utilisateurs/{id:int}/roles/{membership:int}/delegation", web::perm::users_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.set_coordinator_delegation(web::actor_of(ctx), id, ctx.req.int_param("membership"),
                                                               web::parse_id(ctx.form.get("delegation")));
             return web::finish(ctx, outcome, "annuaire.scope.saved", "/admin/utilisateurs/" + std::to_string(id),
                                web::back_to(ctx, "/admin/utilisateurs/" + std::to_string(id)));
           });

  // Logos: uploaded by those who manage the organisation, shown on its entry.
  app.post("/admin/organisations/{id:int}/logo", web::perm::organisations_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (!service.may_manage(ctx.me(), id)) return ctx.error(403);
    const http::Part* file = ctx.file("logo");
    auto outcome = service.set_logo(web::actor_of(ctx), id, file ? file->data : std::string());
    return web::finish(ctx, outcome, "organisations.logo_saved", "/admin/organisations/" + std::to_string(id),
                       web::back_to(ctx, "/admin/organisations/" + std::to_string(id)));
  });

  app.post("/admin/organisations/{id:int}/logo/supprimer", web::perm::organisations_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (!service.may_manage(ctx.me(), id)) return ctx.error(403);
    auto outcome = service.remove_logo(web::actor_of(ctx), id);
    return web::finish(ctx, outcome, "organisations.logo_removed", "/admin/organisations/" + std::to_string(id),
                       web::back_to(ctx, "/admin/organisations/" + std::to_string(id)));
  });

  // Signed-in people see every logo; visitors only those of published organisations.
  app.get("/annuaire/structures/{id:int}/logo", web::perm::public_access, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    if (!ctx.user || ctx.user->mfa_pending) {
      auto o = service.find(id);
      if (!o || !o->public_listing || o->status != "active") return ctx.error(404);
    }
    auto logo = service.logo(id);
    if (!logo) return ctx.error(404);
    return web::stored_picture(ctx, logo->content_type, std::move(logo->bytes), logo->sha256, 300);
  });

  // The public directory: only the organisations that chose to be listed (off by default).
  app.get("/annuaire/public", web::perm::public_access, [&service](Context& ctx) {
    const long long per_page = 25;
    long long page = web::page_param(ctx.req);
    Search s;
    s.text = ctx.req.query_param("q").value_or("");
    s.commune_code = ctx.req.query_param("commune").value_or("");
    s.public_only = true;
    CommuneFilter commune = resolve_commune(ctx, service, s);
    auto public_query = [](const Search& q) {
      return "q=" + web::url_encode(q.text) + "&commune=" + web::url_encode(q.commune_code);
    };
    long long total = 0;
    Data rows{Data::type::list};
    for (const auto& o : service.search(s, page, per_page, total)) {
      Data row = org_data(ctx, o);
      row.set("public_url", "/annuaire/public/" + std::to_string(o.id));
      rows.push_back(row);
    }
    Data data{Data::type::object};
    data.set("organisations", rows);
    data.set("empty", web::flag(total == 0));
    data.set("q", s.text);
    set_commune_filter(ctx, data, commune, s, "/annuaire/public", public_query);
    data.set("pagination", web::pagination(ctx, page, per_page, total, "/annuaire/public?" + public_query(s) + "&"));
    return ctx.render("network/organisations/public_list", data, ctx.t("directory.public_title"));
  });

  app.get("/annuaire/public/{id:int}", web::perm::public_access, [&service](Context& ctx) {
    auto o = service.find(ctx.req.int_param("id"));
    if (!o || !o->public_listing || o->status != "active") return ctx.error(404);
    Data data = org_data(ctx, *o);
    data.set("public_view", web::flag(true));
    if (auto logo = service.logo(o->id))
      data.set("logo_url", "/annuaire/structures/" + std::to_string(o->id) + "/logo");
    return ctx.render("network/organisations/profile", data, o->name);
  });

  app.get("/annuaire/structures/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto o = service.find(ctx.req.int_param("id"));
    if (!o) return ctx.error(404);
    Data data = org_data(ctx, *o);
    data.set("can_edit", web::flag(service.may_manage(ctx.me(), o->id)));
    if (auto logo = service.logo(o->id))
      data.set("logo_url", "/annuaire/structures/" + std::to_string(o->id) + "/logo");
    return ctx.render("network/organisations/profile", data, o->name);
  });

  // The directory's map: the same filters as /annuaire. The page always lists the organisations, so it
  // stays useful when tiles, the network or JavaScript fail; map.js reads the points from carte.json.
  app.get("/annuaire/carte", web::perm::authenticated, [&service](Context& ctx) { return map_page(ctx, service); });

  // The points of the map (organisations having coordinates), capped: the page says when some are left out.
  app.get("/annuaire/carte.json", web::perm::authenticated, [&service](Context& ctx) {
    const long long cap = 5000;
    Search s = resolved_search(ctx, service);
    s.with_coordinates = true;
    long long total = 0;
    boost::json::array points;
    for (const auto& o : service.search(s, 1, cap, total)) {
      points.push_back(boost::json::object{{"id", o.id},
                                           {"name", o.name},
                                           {"kind", o.kind},
                                           {"kind_label", ctx.t("organisations.kinds." + o.kind)},
                                           {"commune", o.commune_name},
                                           {"lat", *o.latitude},
                                           {"lng", *o.longitude},
                                           {"url", "/annuaire/structures/" + std::to_string(o.id)}});
    }
    boost::json::object body{{"total", total}, {"truncated", total > cap}, {"organisations", std::move(points)}};
    auto res = http::Response::json(boost::json::serialize(body));
    res.set_header("Cache-Control", "no-store");
    return res;
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  // A coordinator's network alerts, within their délégations: relais without a referent,
  // organisations not placed on the map, partnerships proposed and not yet decided.
  dashboard.add(400, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    const long long per_list = 3;
    auto alerts = service.network_alerts(ctx.me(), per_list);
    if (!alerts) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "network-alerts";
    panel.title = ctx.t("network_dashboard.title");
    panel.empty = ctx.t("network_dashboard.empty");
    auto where = [&](const Organisation& o) {
      return o.commune_name.empty() ? ctx.t("network_dashboard.no_commune") : o.commune_name;
    };
    for (const auto& o : alerts->relais_without_referent)
      panel.items.push_back({ctx.t("network_dashboard.relais_without_referent", {{"name", o.name}}),
                             "/admin/organisations/" + std::to_string(o.id), where(o), "", false});
    if (alerts->relais_without_referent_count > per_list)
      panel.items.push_back({ctx.t("network_dashboard.more_relais",
                                   {{"count", std::to_string(alerts->relais_without_referent_count - per_list)}}),
                             "/annuaire?type=social", "", "", false});
    for (const auto& o : alerts->not_placed)
      panel.items.push_back({ctx.t("network_dashboard.not_placed", {{"name", o.name}}),
                             "/admin/organisations/" + std::to_string(o.id) + "#org-latitude", where(o), "", false});
    if (alerts->not_placed_count > per_list)
      panel.items.push_back(
          {ctx.t("network_dashboard.more_not_placed", {{"count", std::to_string(alerts->not_placed_count - per_list)}}),
           "/annuaire/carte", "", "", false});
    if (alerts->proposed_partnerships > 0)
      panel.items.push_back(
          {ctx.t("network_dashboard.proposed", {{"count", std::to_string(alerts->proposed_partnerships)}}),
           "/annuaire/partenariats?statut=proposed", "", "", false});
    panel.count = alerts->relais_without_referent_count + alerts->not_placed_count + alerts->proposed_partnerships;
    panel.more_url = "/annuaire/carte";
    panel.more_label = ctx.t("network_dashboard.more");
    return panel;
  });
}

}  // namespace trame::organisations
