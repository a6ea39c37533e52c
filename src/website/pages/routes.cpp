#include <algorithm>

#include "platform/docs/file_type.hpp"
#include "platform/web/app.hpp"
#include "website/pages/service.hpp"

namespace trame::website::pages {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string admin_url(long long id) {
  return "/admin/pages/" + std::to_string(id);
}

// The data every page of the module starts from: its style sheet.
Data page_data(Context& ctx) {
  Data d{Data::type::object};
  d.set("website_css", ctx.app.asset_url("css/website.css"));
  return d;
}

bool editor(const Context& ctx) {
  return ctx.user && !ctx.user->mfa_pending && Service::may_edit(ctx.me());
}

PageInput input_of(const http::Form& f) {
  PageInput in;
  in.title = f.get("title");
  in.slug = f.get("slug");
  in.description = f.get("description");
  in.parent = f.get("parent");
  in.position = f.get("position");
  in.text = f.get("text");
  in.published = f.get("published") == "1";
  in.show_quotes = f.get("show_quotes") == "1";
  return in;
}

PageInput input_of(const Page& p) {
  return {
      p.title, p.slug,      p.description, p.parent_id ? std::to_string(p.parent_id) : "", std::to_string(p.position),
      p.text,  p.published, p.show_quotes};
}

std::string cover_url(const Page& p, long long width) {
  return "/pages/" + p.slug + "/couverture/" + std::to_string(width) + "?v=" + p.cover_sha256.substr(0, 12);
}

// The cover as an <img>: srcset of its renditions, the widest as src, its size to reserve the room.
void set_cover(Data& d, const Page& p, const std::vector<Cover>& covers) {
  if (covers.empty()) return;
  std::string srcset;
  for (const auto& c : covers) {
    if (!srcset.empty()) srcset += ", ";
    srcset += cover_url(p, c.width) + " " + std::to_string(c.width) + "w";
  }
  const Cover& widest = covers.back();
  Data c{Data::type::object};
  c.set("src", cover_url(p, widest.width));
  c.set("srcset", srcset);
  c.set("sizes", "(min-width: 64rem) 60rem, 100vw");
  c.set("width", std::to_string(widest.width));
  c.set("height", std::to_string(widest.height));
  d.set("cover", c);
}

Data quotes_data(const std::vector<QuoteView>& quotes) {
  Data list{Data::type::list};
  for (const auto& q : quotes) {
    Data d{Data::type::object};
    d.set("text", q.text);
    set_if(d, "author", q.author);
    set_if(d, "context", q.context);
    list.push_back(d);
  }
  return list;
}

// ---- The public page

http::Response public_page(Context& ctx, Service& service) {
  const std::string& slug = ctx.req.params.at("slug");
  bool may_edit = editor(ctx);
  auto v = service.view(slug, may_edit);
  if (!v) return ctx.error(404);
  Data data = page_data(ctx);
  data.set("title", v->page.title);
  data.set("html", v->html);
  data.set("draft", web::flag(!v->page.published));
  set_if(data, "description", v->page.description);
  Data crumbs{Data::type::list};
  for (const auto& l : v->breadcrumb) {
    Data c{Data::type::object};
    c.set("url", l.url);
    c.set("label", l.label);
    crumbs.push_back(c);
  }
  data.set("breadcrumb", crumbs);
  data.set("has_breadcrumb", web::flag(!v->breadcrumb.empty()));
  Data children{Data::type::list};
  for (const auto& c : v->children) {
    Data d{Data::type::object};
    d.set("url", "/pages/" + c.slug);
    d.set("title", c.title);
    set_if(d, "description", c.description);
    d.set("draft", web::flag(!c.published));
    children.push_back(d);
  }
  data.set("children", children);
  data.set("has_children", web::flag(!v->children.empty()));
  set_cover(data, v->page, v->covers);
  data.set("quotes", quotes_data(v->quotes));
  data.set("has_quotes", web::flag(!v->quotes.empty()));
  if (may_edit) data.set("edit_url", admin_url(v->page.id));
  // What search engines and link previews read (website/seo): the page's own description, an article.
  ctx.meta.description = v->page.description;
  ctx.meta.type = "article";
  ctx.meta.noindex = !v->page.published;
  if (!v->covers.empty()) ctx.meta.image = cover_url(v->page, v->covers.back().width);
  auto res = ctx.render("website/pages/page", data, v->page.title);
  if (!v->page.published) res.set_header("X-Robots-Tag", "noindex");
  return res;
}

// ---- The admin list

http::Response list_page(Context& ctx, Service& service) {
  auto page = service.list(static_cast<int>(web::page_param(ctx.req)));
  Data data = page_data(ctx);
  Data items{Data::type::list};
  for (const auto& p : page.items) {
    Data d{Data::type::object};
    d.set("title", p.title);
    d.set("url", admin_url(p.id));
    d.set("public_url", "/pages/" + p.slug);
    d.set("slug", p.slug);
    d.set("depth", std::to_string(std::min<long long>(p.depth, 6)));
    d.set("child", web::flag(p.depth > 0));
    d.set("published", web::flag(p.published));
    d.set("updated", web::format_datetime(p.updated_at, ctx.locale));
    set_if(d, "updated_by", p.updated_by_name);
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(page.items.empty()));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total, "/admin/pages?"));
  return ctx.render("website/pages/list", data, ctx.t("website.pages.admin.title"));
}

// ---- The form (new or edit), with its preview

http::Response form_page(Context& ctx, Service& service, const Page* existing, const PageInput& in,
                         const Outcome& outcome, int status, bool preview) {
  Data data = page_data(ctx);
  data.set("editing", web::flag(existing != nullptr));
  data.set("action", existing ? admin_url(existing->id) : std::string("/admin/pages"));
  data.set("preview_url", "/admin/pages/apercu");
  data.set("preview_js", ctx.app.asset_url("js/pages.js"));
  if (existing) {
    data.set("page_title", existing->title);
    data.set("public_url", "/pages/" + existing->slug);
    data.set("versions_url", admin_url(existing->id) + "/versions");
    data.set("cover_action", admin_url(existing->id) + "/couverture");
    data.set("delete_action", admin_url(existing->id) + "/supprimer");
    set_if(data, "cover_name", existing->cover_name);
    set_if(data, "source", existing->source);
    data.set("max_cover_mb", std::to_string(Service::kMaxCoverBytes / (1024 * 1024)));
  }
  Data parents{Data::type::list};
  for (const auto& p : service.outline()) {
    if (existing && p.id == existing->id) continue;
    Data o{Data::type::object};
    o.set("value", std::to_string(p.id));
    // The tree in a <select>: a dash per level (spaces would be collapsed).
    std::string prefix;
    for (long long level = 0; level < std::min<long long>(p.depth, 6); ++level) prefix += "— ";
    o.set("label", prefix + p.title);
    o.set("selected", web::flag(std::to_string(p.id) == in.parent));
    parents.push_back(o);
  }
  data.set("parents", parents);
  data.set("f_title", in.title);
  data.set("f_slug", in.slug);
  data.set("f_description", in.description);
  data.set("f_position", in.position.empty() ? "0" : in.position);
  data.set("f_text", in.text);
  data.set("f_published", web::flag(in.published));
  data.set("f_show_quotes", web::flag(in.show_quotes));
  data.set("max_description", std::to_string(kMaxDescription));
  data.set("preview_html", Service::render(in.text));
  data.set("previewing", web::flag(preview));
  web::set_error(data, ctx, outcome);
  std::string title = existing ? ctx.t("website.pages.form.edit_title", {{"title", existing->title}})
                               : ctx.t("website.pages.form.new_title");
  return ctx.render("website/pages/form", data, title, status);
}

bool wants_preview(const Context& ctx) {
  return ctx.form.get("action") == "preview";
}

// ---- Revisions

http::Response versions_page(Context& ctx, Service& service, long long id) {
  auto page = service.find(id);
  if (!page) return ctx.error(404);
  auto list = service.revisions(id, static_cast<int>(web::page_param(ctx.req)));
  Data data = page_data(ctx);
  data.set("page_title", page->title);
  data.set("edit_url", admin_url(id));
  data.set("current_at", web::format_datetime(page->updated_at, ctx.locale));
  set_if(data, "current_by", page->updated_by_name);
  Data items{Data::type::list};
  for (const auto& r : list.items) {
    Data d{Data::type::object};
    d.set("url", admin_url(id) + "/versions/" + std::to_string(r.id));
    d.set("at", web::format_datetime(r.at, ctx.locale));
    set_if(d, "author", r.author_name);
    d.set("title", r.title);
    d.set("published", web::flag(r.published));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(list.items.empty()));
  data.set("pagination", web::pagination(ctx, list.page, Service::kPerPage, list.total, admin_url(id) + "/versions?"));
  return ctx.render("website/pages/versions", data, ctx.t("website.pages.versions.title", {{"title", page->title}}));
}

http::Response version_page(Context& ctx, Service& service, long long id, long long revision_id,
                            const Outcome& outcome = Outcome::success(), int status = 200) {
  auto page = service.find(id);
  if (!page) return ctx.error(404);
  auto r = service.revision(id, revision_id);
  if (!r) return ctx.error(404);
  Data data = page_data(ctx);
  data.set("page_title", page->title);
  data.set("edit_url", admin_url(id));
  data.set("versions_url", admin_url(id) + "/versions");
  data.set("restore_action", admin_url(id) + "/versions/" + std::to_string(r->id) + "/restaurer");
  data.set("at", web::format_datetime(r->at, ctx.locale));
  set_if(data, "author", r->author_name);
  data.set("title", r->title);
  data.set("title_changed", web::flag(r->title != page->title));
  data.set("current_title", page->title);
  data.set("description", r->description);
  data.set("published", web::flag(r->published));
  Data lines{Data::type::list};
  long long added = 0, removed = 0;
  for (const auto& l : line_diff(r->text, page->text)) {
    Data d{Data::type::object};
    d.set("text", l.text);
    d.set("added", web::flag(l.kind == DiffLine::Kind::added));
    d.set("removed", web::flag(l.kind == DiffLine::Kind::removed));
    d.set("same", web::flag(l.kind == DiffLine::Kind::same));
    added += l.kind == DiffLine::Kind::added;
    removed += l.kind == DiffLine::Kind::removed;
    lines.push_back(d);
  }
  data.set("lines", lines);
  data.set("identical", web::flag(added == 0 && removed == 0));
  data.set("summary", ctx.t("website.pages.version.summary",
                            {{"added", std::to_string(added)}, {"removed", std::to_string(removed)}}));
  web::set_error(data, ctx, outcome);
  return ctx.render("website/pages/version", data, ctx.t("website.pages.version.title", {{"title", page->title}}),
                    status);
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/pages/{slug}", web::perm::public_access, [&service](Context& ctx) { return public_page(ctx, service); });
  // A cover's rendition: its URL carries ?v= (the picture's digest), so it may be kept long.
  app.get("/pages/{slug}/couverture/{width:int}", web::perm::public_access, [&service](Context& ctx) {
    auto c = service.cover(ctx.req.params.at("slug"), ctx.req.int_param("width"), editor(ctx));
    if (!c) return ctx.error(404);
    return web::stored_picture(ctx, c->content_type, std::move(c->bytes), c->sha256, 30 * 86400);
  });

  app.get("/admin/pages", web::perm::site_edit, [&service](Context& ctx) { return list_page(ctx, service); });
  app.get("/admin/pages/nouvelle", web::perm::site_edit, [&service](Context& ctx) {
    PageInput in;
    return form_page(ctx, service, nullptr, in, Outcome::success(), 200, false);
  });
  app.post("/admin/pages", web::perm::site_edit, [&service](Context& ctx) {
    PageInput in = input_of(ctx.form);
    if (wants_preview(ctx)) return form_page(ctx, service, nullptr, in, Outcome::success(), 200, true);
    auto outcome = service.create(web::actor_of(ctx), in);
    return web::finish(
        ctx, outcome, "website.pages.form.created", admin_url(outcome.id),
        [&](const Outcome& o, int status) { return form_page(ctx, service, nullptr, in, o, status, false); });
  });
  // The live preview (pages.js): the text rendered as the page would show it, an HTML fragment.
  app.post("/admin/pages/apercu", web::perm::site_edit, [](Context& ctx) {
    auto res = http::Response::html(Service::render(ctx.form.get("text")));
    res.set_header("Cache-Control", "no-store");
    return res;
  });
  app.get("/admin/pages/{id:int}", web::perm::site_edit, [&service](Context& ctx) {
    auto page = service.find(ctx.req.int_param("id"));
    if (!page) return ctx.error(404);
    return form_page(ctx, service, &*page, input_of(*page), Outcome::success(), 200, false);
  });
  app.post("/admin/pages/{id:int}", web::perm::site_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto page = service.find(id);
    if (!page) return ctx.error(404);
    PageInput in = input_of(ctx.form);
    if (wants_preview(ctx)) return form_page(ctx, service, &*page, in, Outcome::success(), 200, true);
    auto outcome = service.update(web::actor_of(ctx), id, in);
    return web::finish(ctx, outcome, "website.pages.form.saved", admin_url(id), [&](const Outcome& o, int status) {
      return form_page(ctx, service, &*page, in, o, status, false);
    });
  });
  app.post("/admin/pages/{id:int}/couverture", web::perm::site_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    const http::Part* file = ctx.file("cover");
    auto outcome = service.set_cover(web::actor_of(ctx), id, file ? file->data : std::string(),
                                     file && file->filename ? docs::clean_file_name(*file->filename) : std::string());
    return web::finish(ctx, outcome, "website.pages.form.cover_saved", admin_url(id),
                       [&](const Outcome& o, int status) {
                         auto page = service.find(id);
                         if (!page) return ctx.error(404);
                         return form_page(ctx, service, &*page, input_of(*page), o, status, false);
                       });
  });
  app.post("/admin/pages/{id:int}/supprimer", web::perm::site_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.remove(web::actor_of(ctx), id);
    return web::finish(ctx, outcome, "website.pages.form.deleted", "/admin/pages", web::back_to(ctx, admin_url(id)));
  });
  app.get("/admin/pages/{id:int}/versions", web::perm::site_edit,
          [&service](Context& ctx) { return versions_page(ctx, service, ctx.req.int_param("id")); });
  app.get("/admin/pages/{id:int}/versions/{revision:int}", web::perm::site_edit, [&service](Context& ctx) {
    return version_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("revision"));
  });
  app.post("/admin/pages/{id:int}/versions/{revision:int}/restaurer", web::perm::site_edit, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long revision = ctx.req.int_param("revision");
    auto outcome = service.restore(web::actor_of(ctx), id, revision);
    return web::finish(
        ctx, outcome, "website.pages.version.restored", admin_url(id),
        [&](const Outcome& o, int status) { return version_page(ctx, service, id, revision, o, status); });
  });
}

}  // namespace trame::website::pages
