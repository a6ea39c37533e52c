// Pages of a project's actions (docs/cooperation/actions.md): the tree with its filters, an action's
// page (details, children, links, status, move, delete) and the action's form. Who may see or do what
// is the service's (projects::Access); every route is for signed-in people.
#include <algorithm>
#include <charconv>

#include "cooperation/actions/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"

namespace trame::actions {

namespace {

using web::Context;
using web::Data;

std::string tree_url(long long project_id) {
  return projects::url_of(project_id) + "/actions";
}
std::string action_url(long long project_id, long long action_id) {
  return tree_url(project_id) + "/" + std::to_string(action_id);
}

std::string day(const std::string& iso) {
  return iso.empty() ? std::string() : short_french_date(iso);
}

// A whole number typed in a form; `empty` when blank, `bad` when not a number.
int number(const std::string& text, int empty, int bad) {
  std::string t = trim(text);
  if (t.empty()) return empty;
  int v = 0;
  auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || end != t.data() + t.size()) return bad;
  return v;
}

ActionInput input_of(const http::Form& f) {
  ActionInput in;
  in.title = f.get("title");
  in.description = f.get("description");
  in.owner_id = web::parse_id(f.get("owner"));
  in.parent_id = web::parse_id(f.get("parent"));
  in.starts_on = f.get("starts_on");
  in.due_on = f.get("due_on");
  in.weight = number(f.get("weight"), 1, 0);
  return in;
}

std::string link_target_url(long long project_id, const Link& l) {
  if (l.kind == "offer") return "/sorties/offres/" + std::to_string(l.target_id);
  if (l.kind == "session") return "/formations/sessions/" + std::to_string(l.target_id);
  if (l.kind == "meeting") return projects::url_of(project_id) + "/reunions/" + std::to_string(l.target_id);
  return l.url;
}

Data links_data(const Context& ctx, long long project_id, long long action_id, const std::vector<Link>& links) {
  Data list{Data::type::list};
  for (const auto& l : links) {
    Data d{Data::type::object};
    d.set("id", std::to_string(l.id));
    d.set("kind", ctx.t("actions.link_kinds." + l.kind));
    d.set("label", l.label);
    d.set("url", link_target_url(project_id, l));
    d.set("external", web::flag(l.kind == "url"));
    d.set("remove_url", action_url(project_id, action_id) + "/liens/" + std::to_string(l.id) + "/retirer");
    list.push_back(d);
  }
  return list;
}

// The facts every view of an action shows: status, owner, days, late, progress.
void set_facts(Data& d, const Context& ctx, long long project_id, const Action& a, int progress, bool late) {
  d.set("id", std::to_string(a.id));
  d.set("title", a.title);
  d.set("url", action_url(project_id, a.id));
  d.set("status", ctx.t("actions.statuses." + a.status));
  d.set("status_key", a.status);
  d.set("owner", a.owner_name);
  web::set_if(d, "starts_on", day(a.starts_on));
  web::set_if(d, "due_on", day(a.due_on));
  web::set_if(d, "done_on", day(a.done_on));
  d.set("progress", std::to_string(progress));
  d.set("progress_text", ctx.t("actions.fields.progress_value", {{"n", std::to_string(progress)}}));
  d.set("weight", std::to_string(a.weight));
  d.set("late", web::flag(late));
  d.set("cancelled", web::flag(a.status == "cancelled"));
}

// ---- The tree

// The tree flattened in order, with what closes the nested lists after each item (mustache has no
// recursion): an item followed by its first child opens a <ul>; otherwise its <li> closes, then one
// </ul></li> per level the next item goes up.
void flatten(const Context& ctx, long long project_id, const TreeItem& item, std::vector<Data>& out,
             std::vector<int>& depths) {
  Data d{Data::type::object};
  set_facts(d, ctx, project_id, item.action, item.progress, item.late);
  d.set("heading", std::to_string(std::min(6, 3 + item.depth)));
  d.set("context_only", web::flag(!item.matches));
  d.set("links", links_data(ctx, project_id, item.action.id, item.links));
  d.set("has_links", web::flag(!item.links.empty()));
  d.set("children_count", item.children.empty()
                              ? std::string()
                              : ctx.t("actions.tree.children", {{"n", std::to_string(item.children.size())}}));
  out.push_back(d);
  depths.push_back(item.depth);
  for (const auto& c : item.children) flatten(ctx, project_id, c, out, depths);
}

http::Response tree_page(Context& ctx, Service& service) {
  long long project_id = ctx.req.int_param("id");
  TreeFilter filter;
  filter.late = ctx.req.query_param("retard").value_or("") == "1";
  filter.mine = ctx.req.query_param("miennes").value_or("") == "1";
  filter.page = static_cast<int>(std::min<long long>(web::page_param(ctx.req), 1000000));
  auto view = service.tree(ctx.me(), project_id, filter);
  if (!view) return ctx.error(404);
  std::vector<Data> flat;
  std::vector<int> depths;
  for (const auto& r : view->roots) flatten(ctx, project_id, r, flat, depths);
  Data items{Data::type::list};
  for (std::size_t i = 0; i < flat.size(); ++i) {
    int next = i + 1 < flat.size() ? depths[i + 1] : 0;
    flat[i].set("opens", web::flag(next == depths[i] + 1));
    Data closes{Data::type::list};
    for (int k = next; k < depths[i]; ++k) closes.push_back(Data{Data::type::object});
    flat[i].set("closes", closes);
    items.push_back(flat[i]);
  }
  Data data{Data::type::object};
  data.set("project", view->access.project.title);
  data.set("project_url", projects::url_of(project_id));
  data.set("tree_url", tree_url(project_id));
  data.set("new_url", tree_url(project_id) + "/nouvelle");
  data.set("may_create", web::flag(view->may_create));
  data.set("items", items);
  data.set("empty", web::flag(flat.empty()));
  data.set("filtered", web::flag(filter.late || filter.mine));
  data.set("filter_late", web::flag(filter.late));
  data.set("filter_mine", web::flag(filter.mine));
  data.set("count", ctx.t("actions.tree.count", {{"n", std::to_string(view->total_actions)}}));
  data.set("late_count", ctx.t("actions.tree.late_count", {{"n", std::to_string(view->late_actions)}}));
  std::string base = tree_url(project_id) + "?";
  if (filter.late) base += "retard=1&";
  if (filter.mine) base += "miennes=1&";
  data.set("pagination", web::pagination(ctx, view->page, 10, view->total_roots, base));
  data.set("css", ctx.app.asset_url("css/actions.css"));
  return ctx.render("cooperation/actions/tree", data,
                    ctx.t("actions.tree.title", {{"project", view->access.project.title}}));
}

// ---- The form (new and edit)

http::Response form_page(Context& ctx, Service& service, long long project_id, long long action_id,
                         const ActionInput& in, const Outcome& outcome, int status) {
  auto access = service.access(ctx.me(), project_id);
  if (!access || !access->reads()) return ctx.error(404);
  if (!access->contributes()) return ctx.error(403);
  auto choices = service.choices(ctx.me(), project_id, action_id);
  if (!choices) return ctx.error(404);
  Data data{Data::type::object};
  data.set("project", access->project.title);
  data.set("project_url", projects::url_of(project_id));
  data.set("tree_url", tree_url(project_id));
  data.set("editing", web::flag(action_id != 0));
  data.set("action_url", action_id ? action_url(project_id, action_id) : tree_url(project_id));
  data.set("back_url", action_id ? action_url(project_id, action_id) : tree_url(project_id));
  data.set("title", in.title);
  data.set("description", in.description);
  data.set("starts_on", in.starts_on);
  data.set("due_on", in.due_on);
  data.set("weight", std::to_string(in.weight));
  long long owner = in.owner_id ? in.owner_id : ctx.me().id;
  Data owners{Data::type::list};
  for (const auto& m : choices->owners) {
    Data o{Data::type::object};
    o.set("value", std::to_string(m.user_id));
    o.set("label", m.name + " (" + ctx.t("projects.roles." + m.role) + ")");
    o.set("selected", web::flag(m.user_id == owner));
    owners.push_back(o);
  }
  data.set("owners", owners);
  Data parents{Data::type::list};
  for (const auto& p : choices->parents) {
    Data o{Data::type::object};
    o.set("value", std::to_string(p.id));
    std::string indent;
    for (int i = 0; i < p.level; ++i) indent += "— ";
    o.set("label", indent + p.title);
    o.set("selected", web::flag(p.id == in.parent_id));
    parents.push_back(o);
  }
  data.set("parents", parents);
  data.set("root_selected", web::flag(in.parent_id == 0));
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/actions.css"));
  std::string title =
      action_id ? ctx.t("actions.form.edit_title", {{"title", in.title}}) : ctx.t("actions.form.new_title");
  return ctx.render("cooperation/actions/form", data, title, status);
}

// ---- An action's page

http::Response action_page(Context& ctx, Service& service, long long project_id, long long action_id,
                           const Outcome& outcome, const std::string& form, int status) {
  auto v = service.view(ctx.me(), project_id, action_id);
  if (!v) return ctx.error(404);
  const Action& a = v->action;
  Data data{Data::type::object};
  set_facts(data, ctx, project_id, a, v->progress, v->late);
  data.set("project", v->access.project.title);
  data.set("project_url", projects::url_of(project_id));
  data.set("tree_url", tree_url(project_id));
  data.set("edit_url", action_url(project_id, a.id) + "/modifier");
  data.set("new_child_url", tree_url(project_id) + "/nouvelle?parent=" + std::to_string(a.id));
  web::set_if(data, "description", a.description);
  data.set("leaf", web::flag(v->leaf));
  if (!v->parent_title.empty()) {
    data.set("parent_title", v->parent_title);
    data.set("parent_url", action_url(project_id, a.parent_id));
  }
  if (!v->decision_title.empty()) {
    data.set("decision_title", v->decision_title);
    data.set("decision_url", projects::url_of(project_id) + "/decisions/" + std::to_string(a.decision_id));
  }
  Data children{Data::type::list};
  for (const auto& c : v->children) {
    Data d{Data::type::object};
    d.set("title", c.title);
    d.set("url", action_url(project_id, c.id));
    d.set("status", ctx.t("actions.statuses." + c.status));
    d.set("progress_text", ctx.t("actions.fields.progress_value", {{"n", std::to_string(c.progress)}}));
    d.set("late", web::flag(c.late));
    children.push_back(d);
  }
  data.set("children", children);
  data.set("has_children", web::flag(!v->children.empty()));
  data.set("links", links_data(ctx, project_id, a.id, v->links));
  data.set("has_links", web::flag(!v->links.empty()));
  data.set("may_update", web::flag(v->may_update));
  data.set("may_set_status", web::flag(v->may_set_status));
  data.set("may_delete", web::flag(v->may_delete));
  // The statuses the action may move to (its own first).
  Data statuses{Data::type::list};
  for (const auto& s : actions::statuses()) {
    if (!transition_allowed(a.status, s)) continue;
    Data o{Data::type::object};
    o.set("value", s);
    o.set("label", ctx.t("actions.statuses." + s));
    o.set("selected", web::flag(s == a.status));
    statuses.push_back(o);
  }
  data.set("statuses", statuses);
  data.set("stored_progress", std::to_string(a.progress));
  if (v->may_update) {
    auto choices = service.choices(ctx.me(), project_id, a.id);
    Data parents{Data::type::list};
    Data targets{Data::type::list};
    if (choices) {
      for (const auto& p : choices->parents) {
        Data o{Data::type::object};
        o.set("value", std::to_string(p.id));
        std::string indent;
        for (int i = 0; i < p.level; ++i) indent += "— ";
        o.set("label", indent + p.title);
        o.set("selected", web::flag(p.id == a.parent_id));
        parents.push_back(o);
      }
      // One group of options per kind of target.
      for (const auto& kind : link_kinds()) {
        if (kind == "url") continue;
        Data group{Data::type::object};
        group.set("label", ctx.t("actions.link_kinds." + kind));
        Data options{Data::type::list};
        for (const auto& c : choices->links) {
          if (c.kind != kind) continue;
          Data o{Data::type::object};
          o.set("value", kind + ":" + std::to_string(c.id));
          o.set("label", c.label);
          options.push_back(o);
        }
        if (options.is_empty_list()) continue;
        group.set("options", options);
        targets.push_back(group);
      }
    }
    data.set("parents", parents);
    data.set("root_selected", web::flag(a.parent_id == 0));
    data.set("targets", targets);
    data.set("has_targets", web::flag(!targets.is_empty_list()));
  }
  if (!outcome.ok) web::set_error(data, ctx, outcome, form);
  data.set("css", ctx.app.asset_url("css/actions.css"));
  return ctx.render("cooperation/actions/action", data, ctx.t("actions.page.title", {{"title", a.title}}), status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/projets/{id:int}/actions", web::perm::authenticated,
          [&service](Context& ctx) { return tree_page(ctx, service); });

  app.get("/cooperation/projets/{id:int}/actions/nouvelle", web::perm::authenticated, [&service](Context& ctx) {
    ActionInput in;
    in.parent_id = web::parse_id(ctx.req.query_param("parent").value_or(""));
    return form_page(ctx, service, ctx.req.int_param("id"), 0, in, Outcome::success(), 200);
  });

  app.post("/cooperation/projets/{id:int}/actions", web::perm::authenticated, [&service](Context& ctx) {
    long long project_id = ctx.req.int_param("id");
    ActionInput in = input_of(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), project_id, in);
    return web::finish(
        ctx, outcome, "actions.form.created", action_url(project_id, outcome.id),
        [&](const Outcome& o, int status) { return form_page(ctx, service, project_id, 0, in, o, status); });
  });

  app.get("/cooperation/projets/{id:int}/actions/{action:int}", web::perm::authenticated, [&service](Context& ctx) {
    return action_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("action"), Outcome::success(), "", 200);
  });

  app.get("/cooperation/projets/{id:int}/actions/{action:int}/modifier", web::perm::authenticated,
          [&service](Context& ctx) {
            long long project_id = ctx.req.int_param("id");
            auto v = service.view(ctx.me(), project_id, ctx.req.int_param("action"));
            if (!v) return ctx.error(404);
            if (!v->may_update) return ctx.error(403);
            ActionInput in;
            in.title = v->action.title;
            in.description = v->action.description;
            in.owner_id = v->action.owner_id;
            in.parent_id = v->action.parent_id;
            in.starts_on = v->action.starts_on;
            in.due_on = v->action.due_on;
            in.weight = v->action.weight;
            return form_page(ctx, service, project_id, v->action.id, in, Outcome::success(), 200);
          });

  app.post("/cooperation/projets/{id:int}/actions/{action:int}", web::perm::authenticated, [&service](Context& ctx) {
    long long project_id = ctx.req.int_param("id");
    long long action_id = ctx.req.int_param("action");
    ActionInput in = input_of(ctx.form);
    auto outcome = service.update(web::actor_of(ctx), ctx.me(), project_id, action_id, in);
    return web::finish(
        ctx, outcome, "actions.form.updated", action_url(project_id, action_id),
        [&](const Outcome& o, int status) { return form_page(ctx, service, project_id, action_id, in, o, status); });
  });

  app.post(
      "/cooperation/projets/{id:int}/actions/{action:int}/statut", web::perm::authenticated, [&service](Context& ctx) {
        long long project_id = ctx.req.int_param("id");
        long long action_id = ctx.req.int_param("action");
        // Blank keeps the stored progress; anything typed below 0 (kKeepProgress included) is refused.
        int progress = number(ctx.form.get("progress"), kKeepProgress, 1000);
        if (progress < 0 && !trim(ctx.form.get("progress")).empty()) progress = 1000;
        auto outcome =
            service.set_status(web::actor_of(ctx), ctx.me(), project_id, action_id, ctx.form.get("status"), progress);
        return web::finish(ctx, outcome, "actions.page.status_saved", action_url(project_id, action_id),
                           [&](const Outcome& o, int status) {
                             return action_page(ctx, service, project_id, action_id, o, "status", status);
                           });
      });

  app.post("/cooperation/projets/{id:int}/actions/{action:int}/deplacer", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id");
             long long action_id = ctx.req.int_param("action");
             std::string parent = trim(ctx.form.get("parent"));
             // 0 is a root; anything else must be an id (a malformed one is refused as an unknown parent).
             long long parent_id = parent == "0" || parent.empty() ? 0 : web::parse_id(parent);
             if (parent_id == 0 && parent != "0" && !parent.empty()) parent_id = -1;
             auto outcome = service.move(web::actor_of(ctx), ctx.me(), project_id, action_id, parent_id);
             return web::finish(ctx, outcome, "actions.page.moved", action_url(project_id, action_id),
                                [&](const Outcome& o, int status) {
                                  return action_page(ctx, service, project_id, action_id, o, "move", status);
                                });
           });

  app.post("/cooperation/projets/{id:int}/actions/{action:int}/supprimer", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id");
             long long action_id = ctx.req.int_param("action");
             auto outcome =
                 service.remove(web::actor_of(ctx), ctx.me(), project_id, action_id, ctx.form.get("reattach") == "1");
             std::string next = outcome.ok && outcome.id ? action_url(project_id, outcome.id) : tree_url(project_id);
             return web::finish(ctx, outcome, "actions.page.deleted", next, [&](const Outcome& o, int status) {
               return action_page(ctx, service, project_id, action_id, o, "delete", status);
             });
           });

  app.post("/cooperation/projets/{id:int}/actions/{action:int}/liens", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id");
             long long action_id = ctx.req.int_param("action");
             LinkInput in;
             std::string target = ctx.form.get("target");
             std::string form = "link";
             if (ctx.form.get("kind") == "url") {
               in.kind = "url";
               in.label = ctx.form.get("label");
               in.url = ctx.form.get("url");
               form = "url";
             } else if (auto colon = target.find(':'); colon != std::string::npos) {
               in.kind = target.substr(0, colon);
               in.target_id = web::parse_id(target.substr(colon + 1));
             }
             auto outcome = service.add_link(web::actor_of(ctx), ctx.me(), project_id, action_id, in);
             return web::finish(ctx, outcome, "actions.page.linked", action_url(project_id, action_id),
                                [&](const Outcome& o, int status) {
                                  return action_page(ctx, service, project_id, action_id, o, form, status);
                                });
           });

  app.post("/cooperation/projets/{id:int}/actions/{action:int}/liens/{link:int}/retirer", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id");
             long long action_id = ctx.req.int_param("action");
             auto outcome =
                 service.remove_link(web::actor_of(ctx), ctx.me(), project_id, action_id, ctx.req.int_param("link"));
             return web::finish(ctx, outcome, "actions.page.unlinked", action_url(project_id, action_id),
                                web::back_to(ctx, action_url(project_id, action_id)));
           });
}

}  // namespace trame::actions
