#include "network/territory/service.hpp"
#include "platform/web/app.hpp"

namespace trame::territory {

namespace {

using web::Context;
using web::Data;

std::string thousands(long long n) {
  // 12345 → "12 345" (French grouping with a narrow no-break space).
  std::string digits = std::to_string(n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += "\u202f";
    out += digits[i];
  }
  return out;
}

Data delegation_row(const Delegation& d) {
  Data row{Data::type::object};
  row.set("id", std::to_string(d.id));
  row.set("name", d.name);
  row.set("url", "/territoires/delegations/" + std::to_string(d.id));
  row.set("population", thousands(d.population));
  row.set("communes", std::to_string(d.commune_count));
  row.set("epcis", std::to_string(d.epci_count));
  return row;
}

Data epci_row(const Epci& e) {
  Data row{Data::type::object};
  row.set("siren", e.siren);
  row.set("name", e.name);
  row.set("kind", e.kind);
  row.set("url", "/territoires/epci/" + e.siren);
  row.set("population", thousands(e.population));
  row.set("communes", std::to_string(e.commune_count));
  // Optional links are only set when present: mustache treats "" as true.
  if (e.delegation_id) {
    row.set("delegation", e.delegation_name);
    row.set("delegation_url", "/territoires/delegations/" + std::to_string(e.delegation_id));
  }
  return row;
}

Data commune_row(const Commune& c) {
  Data row{Data::type::object};
  row.set("code", c.code);
  row.set("name", c.name);
  row.set("url", "/territoires/communes/" + c.code);
  row.set("population", thousands(c.population));
  row.set("postal_codes", c.postal_codes);
  if (!c.epci_siren.empty()) {
    row.set("epci", c.epci_name);
    row.set("epci_url", "/territoires/epci/" + c.epci_siren);
  }
  if (c.delegation_id) {
    row.set("delegation", c.delegation_name);
    row.set("delegation_url", "/territoires/delegations/" + std::to_string(c.delegation_id));
  }
  return row;
}

// Organisations by kind, each linked to the directory filtered on the same territory.
Data organisations_by_kind(const Context& ctx, const std::vector<std::pair<std::string, long long>>& counts,
                           const std::string& filter) {
  Data list{Data::type::list};
  for (const auto& [kind, n] : counts) {
    Data row{Data::type::object};
    row.set("label", ctx.t("organisations.kinds." + kind));
    row.set("count", std::to_string(n));
    row.set("url", "/annuaire?type=" + kind + "&" + filter);
    list.push_back(row);
  }
  return list;
}

bool is_siren(const std::string& s) {
  return s.size() == 9 && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

// The territories: départements, their délégations and the EPCI not yet in one.
http::Response index_page(Context& ctx, Service& service) {
  bool can_manage = Service::may_change(service.scope(ctx.me()));
  Data departements{Data::type::list};
  bool any = false;
  for (const auto& dep : service.departements()) {
    any = true;
    Data d{Data::type::object};
    d.set("code", dep.code);
    d.set("name", dep.name);
    Data delegations{Data::type::list};
    for (const auto& del : service.delegations(dep.code)) delegations.push_back(delegation_row(del));
    d.set("delegations", delegations);
    Data unassigned{Data::type::list};
    bool has_unassigned = false;
    long long total = 0;
    for (const auto& e : service.epcis_of_departement(dep.code)) {
      total += e.population;
      if (e.delegation_id) continue;
      unassigned.push_back(epci_row(e));
      has_unassigned = true;
    }
    d.set("unassigned", unassigned);
    d.set("has_unassigned", web::flag(has_unassigned));
    d.set("population", thousands(total));
    departements.push_back(d);
  }
  Data data{Data::type::object};
  data.set("departements", departements);
  data.set("empty", web::flag(!any));
  data.set("can_manage", web::flag(can_manage));
  return ctx.render("network/territory/index", data, ctx.t("territory.title"));
}
// A délégation: its EPCI, communes and organisations.
http::Response delegation_page(Context& ctx, Service& service) {
  long long id = ctx.req.int_param("id");
  auto d = service.find_delegation(id);
  if (!d) return ctx.error(404);
  bool can_manage = Service::may_change(service.scope(ctx.me()));
  Data data = delegation_row(*d);
  auto dep = service.find_departement(d->departement_code);
  data.set("departement", dep ? dep->name : d->departement_code);
  Data epcis{Data::type::list};
  for (const auto& e : service.epcis_of_delegation(id)) {
    Data row = epci_row(e);
    row.set("remove_url", "/territoires/delegations/" + std::to_string(id) + "/epci/" + e.siren + "/retirer");
    epcis.push_back(row);
  }
  data.set("epci_list", epcis);
  Data communes{Data::type::list};
  for (const auto& c : service.communes_of_delegation(id)) communes.push_back(commune_row(c));
  data.set("commune_list", communes);
  Data choices{Data::type::list};
  for (const auto& e : service.epcis_of_departement(d->departement_code)) {
    if (e.delegation_id == id) continue;
    Data o{Data::type::object};
    o.set("value", e.siren);
    o.set("label", e.delegation_name.empty() ? e.name : e.name + " (" + e.delegation_name + ")");
    choices.push_back(o);
  }
  data.set("choices", choices);
  data.set("can_manage", web::flag(can_manage));
  auto counts = service.organisations_by_kind_in_delegation(id);
  data.set("organisations", organisations_by_kind(ctx, counts, "delegation=" + std::to_string(id)));
  data.set("has_organisations", web::flag(!counts.empty()));
  data.set("directory_url", "/annuaire?delegation=" + std::to_string(id));
  return ctx.render("network/territory/delegation", data, d->name);
}
}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/territoires", web::perm::authenticated, [&service](Context& ctx) { return index_page(ctx, service); });

  app.post("/territoires/delegations", web::perm::territories_manage, [&service](Context& ctx) {
    auto outcome = service.create_delegation(web::actor_of(ctx), ctx.form.get("departement"), ctx.form.get("name"),
                                             service.scope(ctx.me()));
    return web::finish(ctx, outcome, "territory.delegation_created",
                       "/territoires/delegations/" + std::to_string(outcome.id), web::back_to(ctx, "/territoires"));
  });

  app.get("/territoires/delegations/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return delegation_page(ctx, service); });

  app.post("/territoires/delegations/{id:int}/epci", web::perm::territories_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_epci(web::actor_of(ctx), id, ctx.form.get("epci"), service.scope(ctx.me()));
    return web::finish(ctx, outcome, "territory.epci_added", "/territoires/delegations/" + std::to_string(id),
                       web::back_to(ctx, "/territoires/delegations/" + std::to_string(id)));
  });

  app.post(
      "/territoires/delegations/{id:int}/epci/{siren}/retirer", web::perm::territories_manage,
      [&service](Context& ctx) {
        long long id = ctx.req.int_param("id");
        auto outcome = service.remove_epci(web::actor_of(ctx), id, ctx.req.params.at("siren"), service.scope(ctx.me()));
        return web::finish(ctx, outcome, "territory.epci_removed", "/territoires/delegations/" + std::to_string(id),
                           web::back_to(ctx, "/territoires/delegations/" + std::to_string(id)));
      });

  app.get("/territoires/epci/{siren}", web::perm::authenticated, [&service](Context& ctx) {
    const std::string& siren = ctx.req.params.at("siren");
    if (!is_siren(siren)) return ctx.error(404);
    auto communes = service.communes_of_epci(siren);
    if (communes.empty()) return ctx.error(404);
    auto e = service.find_epci(siren, communes.front().departement_code);
    if (!e) return ctx.error(404);
    Data data = epci_row(*e);
    Data rows{Data::type::list};
    for (const auto& c : communes) rows.push_back(commune_row(c));
    data.set("commune_list", rows);
    return ctx.render("network/territory/epci", data, e->name);
  });

  app.get("/territoires/communes/{code}", web::perm::authenticated, [&service](Context& ctx) {
    auto c = service.find_commune(ctx.req.params.at("code"));
    if (!c) return ctx.error(404);
    Data data = commune_row(*c);
    data.set("siren", c->siren);
    auto counts = service.organisations_by_kind_in_commune(c->code);
    data.set("organisations", organisations_by_kind(ctx, counts, "commune=" + c->code));
    data.set("has_organisations", web::flag(!counts.empty()));
    data.set("directory_url", "/annuaire?commune=" + c->code);
    Data qpv_list{Data::type::list};
    bool has_qpv = false;
    for (const auto& q : service.priority_areas_of_commune(c->code)) {
      Data row{Data::type::object};
      row.set("code", q.code);
      row.set("name", q.name);
      qpv_list.push_back(row);
      has_qpv = true;
    }
    data.set("qpv_list", qpv_list);
    data.set("has_qpv", web::flag(has_qpv));
    return ctx.render("network/territory/commune", data, c->name);
  });
}

}  // namespace trame::territory
