#include "network/branches/service.hpp"
#include "platform/web/app.hpp"

namespace trame::branches {

namespace {

using web::Context;
using web::Data;

std::string branch_url(long long id) {
  return "/reseau/antennes/" + std::to_string(id);
}

Data branch_row(const Context& ctx, const Branch& b) {
  Data row{Data::type::object};
  row.set("id", std::to_string(b.id));
  row.set("name", b.name);
  row.set("url", branch_url(b.id));
  row.set("departement", b.departement_code);
  row.set("zone", ctx.t("calendars.zone_value", {{"zone", b.school_zone}}));
  row.set("status", ctx.t("branches.statuses." + b.status));
  row.set("organisations", std::to_string(b.organisation_count));
  if (b.organisation_id) {
    row.set("organisation", b.organisation_name);
    row.set("organisation_url", "/annuaire/structures/" + std::to_string(b.organisation_id));
  }
  return row;
}

Data choices(const std::vector<std::pair<std::string, std::string>>& values, const std::string& selected) {
  Data list{Data::type::list};
  for (const auto& [value, label] : values) {
    Data o{Data::type::object};
    o.set("value", value);
    o.set("label", label);
    o.set("selected", web::flag(value == selected));
    list.push_back(o);
  }
  return list;
}

BranchInput input_of(const Context& ctx) {
  BranchInput in;
  in.name = ctx.form.get("name");
  in.departement_code = ctx.form.get("departement");
  in.school_zone = ctx.form.get("zone");
  in.organisation_id = web::parse_id(ctx.form.get("organisation"));
  in.status = ctx.form.get("status");
  return in;
}

http::Response form_page(Context& ctx, Service& service, long long id, const BranchInput& in, const Outcome& failed,
                         int status) {
  Data data{Data::type::object};
  data.set("action", id ? branch_url(id) : std::string("/reseau/antennes"));
  if (id) data.set("editing", web::flag(true));
  data.set("name", in.name);
  data.set("departement", in.departement_code);
  data.set("zones", choices({{"A", ctx.t("calendars.zone_value", {{"zone", "A"}})},
                             {"B", ctx.t("calendars.zone_value", {{"zone", "B"}})},
                             {"C", ctx.t("calendars.zone_value", {{"zone", "C"}})}},
                            in.school_zone));
  data.set("statuses",
           choices({{"active", ctx.t("branches.statuses.active")}, {"closed", ctx.t("branches.statuses.closed")}},
                   in.status));
  std::vector<std::pair<std::string, std::string>> orgs = {{"0", ctx.t("branches.no_organisation")}};
  if (in.organisation_id) {
    auto b = id ? service.find(organisations::Scope::all(), id) : std::nullopt;
    if (b && b->organisation_id == in.organisation_id)
      orgs.emplace_back(std::to_string(b->organisation_id), b->organisation_name);
  }
  for (const auto& m : service.unplaced()) orgs.emplace_back(std::to_string(m.id), m.name);
  data.set("organisations", choices(orgs, std::to_string(in.organisation_id)));
  web::set_error(data, ctx, failed);
  return ctx.render("network/branches/form", data,
                    id ? ctx.t("branches.edit_title", {{"name", in.name}}) : ctx.t("branches.new_title"), status);
}

http::Response index_page(Context& ctx, Service& service) {
  auto scope = service.scope(ctx.me());
  if (!Service::head_office(scope) && scope.branches.empty()) return ctx.error(403);
  const long long per_page = 50;
  long long page = web::page_param(ctx.req), total = 0;
  Data rows{Data::type::list};
  for (const auto& b : service.list(scope, page, per_page, total)) rows.push_back(branch_row(ctx, b));
  Data data{Data::type::object};
  data.set("branches", rows);
  data.set("empty", web::flag(total == 0));
  data.set("can_manage", web::flag(Service::head_office(scope)));
  data.set("pager", web::pagination(ctx, page, per_page, total, "/reseau/antennes?"));
  return ctx.render("network/branches/index", data, ctx.t("branches.title"));
}

http::Response show_page(Context& ctx, Service& service) {
  long long id = ctx.req.int_param("id");
  auto scope = service.scope(ctx.me());
  auto b = service.find(scope, id);
  if (!b) return ctx.error(404);
  bool manage = Service::head_office(scope);
  Data data = branch_row(ctx, *b);
  data.set("can_manage", web::flag(manage));
  const long long per_page = 50;
  long long page = web::page_param(ctx.req), total = 0;
  Data members{Data::type::list};
  for (const auto& m : service.members(id, page, per_page, total)) {
    Data row{Data::type::object};
    row.set("name", m.name);
    row.set("url", "/annuaire/structures/" + std::to_string(m.id));
    row.set("kind", ctx.t("organisations.kinds." + m.kind));
    row.set("remove_url", branch_url(id) + "/structures/" + std::to_string(m.id) + "/retirer");
    members.push_back(row);
  }
  data.set("members", members);
  data.set("no_members", web::flag(total == 0));
  data.set("pager", web::pagination(ctx, page, per_page, total, branch_url(id) + "?"));
  if (manage) {
    std::vector<std::pair<std::string, std::string>> unplaced;
    for (const auto& m : service.unplaced()) unplaced.emplace_back(std::to_string(m.id), m.name);
    data.set("unplaced", choices(unplaced, ""));
    data.set("has_unplaced", web::flag(!unplaced.empty()));
    std::vector<std::pair<std::string, std::string>> free;
    for (const auto& c : service.coordinators(0))
      free.emplace_back(std::to_string(c.membership_id), c.user_name + " — " + c.organisation_name);
    data.set("free_coordinators", choices(free, ""));
    data.set("has_free_coordinators", web::flag(!free.empty()));
  }
  Data coordinators{Data::type::list};
  for (const auto& c : service.coordinators(id)) {
    Data row{Data::type::object};
    row.set("name", c.user_name);
    row.set("organisation", c.organisation_name);
    row.set("remove_url", branch_url(id) + "/coordinations/" + std::to_string(c.membership_id) + "/retirer");
    coordinators.push_back(row);
  }
  data.set("coordinators", coordinators);
  return ctx.render("network/branches/show", data, b->name);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/reseau/antennes", web::perm::organisations_manage,
          [&service](Context& ctx) { return index_page(ctx, service); });

  app.get("/reseau/antennes/nouvelle", web::perm::organisations_manage, [&service](Context& ctx) {
    if (!Service::head_office(service.scope(ctx.me()))) return ctx.error(403);
    BranchInput in;
    in.school_zone = "C";
    return form_page(ctx, service, 0, in, Outcome::success(), 200);
  });

  app.post("/reseau/antennes", web::perm::organisations_manage, [&service](Context& ctx) {
    BranchInput in = input_of(ctx);
    auto outcome = service.create(web::actor_of(ctx), service.scope(ctx.me()), in);
    return web::finish(
        ctx, outcome, "branches.created", branch_url(outcome.id),
        [&](const Outcome& failed, int status) { return form_page(ctx, service, 0, in, failed, status); });
  });

  app.get("/reseau/antennes/{id:int}", web::perm::organisations_manage,
          [&service](Context& ctx) { return show_page(ctx, service); });

  app.get("/reseau/antennes/{id:int}/modifier", web::perm::organisations_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto scope = service.scope(ctx.me());
    auto b = service.find(scope, id);
    if (!b) return ctx.error(404);
    if (!Service::head_office(scope)) return ctx.error(403);
    BranchInput in{b->name, b->departement_code, b->school_zone, b->organisation_id, b->status};
    return form_page(ctx, service, id, in, Outcome::success(), 200);
  });

  app.post("/reseau/antennes/{id:int}", web::perm::organisations_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    BranchInput in = input_of(ctx);
    auto outcome = service.update(web::actor_of(ctx), service.scope(ctx.me()), id, in);
    return web::finish(ctx, outcome, "branches.updated", branch_url(id), [&](const Outcome& failed, int status) {
      return form_page(ctx, service, id, in, failed, status);
    });
  });

  app.post("/reseau/antennes/{id:int}/structures", web::perm::organisations_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.place(web::actor_of(ctx), service.scope(ctx.me()), id,
                                 web::parse_id(ctx.form.get("organisation")), true);
    return web::finish(ctx, outcome, "branches.organisation_added", branch_url(id), web::back_to(ctx, branch_url(id)));
  });

  app.post("/reseau/antennes/{id:int}/structures/{organisation:int}/retirer", web::perm::organisations_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.place(web::actor_of(ctx), service.scope(ctx.me()), id,
                                          ctx.req.int_param("organisation"), false);
             return web::finish(ctx, outcome, "branches.organisation_removed", branch_url(id),
                                web::back_to(ctx, branch_url(id)));
           });

  app.post("/reseau/antennes/{id:int}/coordinations", web::perm::organisations_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.assign(web::actor_of(ctx), service.scope(ctx.me()), id,
                                  web::parse_id(ctx.form.get("membership")), true);
    return web::finish(ctx, outcome, "branches.coordinator_added", branch_url(id), web::back_to(ctx, branch_url(id)));
  });

  app.post("/reseau/antennes/{id:int}/coordinations/{membership:int}/retirer", web::perm::organisations_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             auto outcome = service.assign(web::actor_of(ctx), service.scope(ctx.me()), id,
                                           ctx.req.int_param("membership"), false);
             return web::finish(ctx, outcome, "branches.coordinator_removed", branch_url(id),
                                web::back_to(ctx, branch_url(id)));
           });
}

}  // namespace trame::branches
