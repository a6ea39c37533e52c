// The home page (`/`, public) and its administration (`/admin/accueil`, site.edit): enable or disable,
// reorder with up/down buttons, heading overrides, the presentation's markdown with a preview button.
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"
#include "platform/web/page_cache.hpp"
#include "website/home/rules.hpp"
#include "website/home/service.hpp"

namespace trame::website::home {

namespace {

using web::Context;
using web::Data;

// The figures of the year are the home page's costliest part: their HTML is kept a few minutes per
// language and heading, and computed again at once after any change of the blocks (generation).
constexpr long long kFiguresSeconds = 300;
// Small counts of people supported are not shown exactly (pseudonymity).
constexpr long long kSmallPeople = 5;

std::string heading_of(const Context& ctx, const Block& b) {
  return b.title.empty() ? ctx.t("home.blocks." + b.kind) : b.title;
}

std::string day_of(long long t, const std::string& locale) {
  return web::format_datetime(t, locale).substr(0, 10);
}

std::string people(long long n) {
  if (n > 0 && n < kSmallPeople) return "< " + std::to_string(kSmallPeople);
  return std::to_string(n);
}

// The figures' block as HTML ('' when every figure is zero: the block is not shown).
std::string figures_html(Context& ctx, Service& service, const Block& b) {
  static web::PageCache cache(kFiguresSeconds, 16);
  long long now = store::now_seconds();
  const std::string key = ctx.locale + "|" + b.title;
  if (auto html = cache.get(key, service.generation(), now)) return *html;
  // The generation read before computing: a change made meanwhile is not hidden under the old one.
  auto generation = service.generation();
  auto f = service.figures(now);
  std::string html;
  if (!f.empty()) {
    Data d{Data::type::object};
    d.set("heading", heading_of(ctx, b));
    d.set("year", std::to_string(f.year));
    Data items{Data::type::list};
    // A figure at zero says nothing of the year: only the others are shown.
    auto add = [&](const std::string& name, const std::string& value) {
      if (value == "0") return;
      Data i{Data::type::object};
      i.set("key", name);
      i.set("value", value);
      i.set("label", ctx.t("home.figures." + name));
      items.push_back(i);
    };
    add("sessions_held", std::to_string(f.sessions_held));
    add("trainee_hours", std::to_string(f.trainee_hours));
    add("places_used", std::to_string(f.places_used));
    add("people_reached", people(f.people_reached));
    add("partners", std::to_string(f.partners));
    add("events_held", std::to_string(f.events_held));
    d.set("figures", items);
    html = ctx.render_content("website/home/figures", d);
  }
  cache.put(key, generation, now, html);
  return html;
}

Data trainings_data(Context& ctx, Service& service, const Block& b) {
  Data list{Data::type::list};
  for (const auto& t : service.upcoming_trainings(b.items, store::now_seconds())) {
    Data d{Data::type::object};
    d.set("title", t.programme.title);
    d.set("url", "/formations/programmes/" + std::to_string(t.programme.id));
    d.set("organiser", t.programme.organiser_name);
    d.set("next", web::flag(false));
    if (t.next && t.next->starts_at > 0) {
      d.set("next", ctx.t("home.trainings.next",
                          {{"date", day_of(t.next->starts_at, ctx.locale)}, {"session", t.next->title}}));
    }
    list.push_back(d);
  }
  return list;
}

Data events_data(Context& ctx, Service& service, const Block& b) {
  Data list{Data::type::list};
  for (const auto& e : service.upcoming_public_events(b.items)) {
    Data d{Data::type::object};
    d.set("title", e.title);
    d.set("url", "/evenements/" + std::to_string(e.id));
    d.set("when", web::format_datetime(e.starts_at, ctx.locale));
    d.set("where", web::flag(false));
    web::set_if(d, "where", e.mode == "online" ? ctx.t("home.events.online") : e.place_name);
    list.push_back(d);
  }
  return list;
}

Data quotes_data(const Service& service, const Block& b) {
  Data list{Data::type::list};
  for (const auto& q : service.quotes(b.items)) {
    if (q.text.empty()) continue;
    Data d{Data::type::object};
    d.set("text", q.text);
    d.set("author", web::flag(false));
    d.set("context", web::flag(false));
    web::set_if(d, "author", q.author);
    web::set_if(d, "context", q.context);
    list.push_back(d);
  }
  return list;
}

http::Response home_page(Context& ctx, Service& service) {
  Data blocks{Data::type::list};
  for (const auto& b : service.blocks()) {
    if (!b.enabled) continue;
    Data d{Data::type::object};
    d.set("kind", b.kind);
    d.set("heading", heading_of(ctx, b));
    bool shown = false;
    if (b.kind == "presentation") {
      shown = !b.body.empty();
      d.set("html", docs::markdown_to_html(b.body));
    } else if (b.kind == "trainings") {
      Data list = trainings_data(ctx, service, b);
      shown = !list.is_empty_list();
      d.set("trainings", list);
    } else if (b.kind == "events") {
      Data list = events_data(ctx, service, b);
      shown = !list.is_empty_list();
      d.set("events", list);
    } else if (b.kind == "directory") {
      auto c = service.directory();
      shown = true;
      d.set("listed", ctx.t("home.directory.listed", {{"n", std::to_string(c.listed)}}));
      d.set("social", web::flag(false));
      d.set("cultural", web::flag(false));
      if (c.social > 0) d.set("social", ctx.t("home.directory.social", {{"n", std::to_string(c.social)}}));
      if (c.cultural > 0) d.set("cultural", ctx.t("home.directory.cultural", {{"n", std::to_string(c.cultural)}}));
    } else if (b.kind == "quotes") {
      Data list = quotes_data(service, b);
      shown = !list.is_empty_list();
      d.set("quotes", list);
    } else if (b.kind == "figures") {
      std::string html = figures_html(ctx, service, b);
      shown = !html.empty();
      d.set("figures_html", html);
    }
    if (!shown) continue;
    d.set("is_" + b.kind, web::flag(true));
    blocks.push_back(d);
  }
  Data data{Data::type::object};
  data.set("blocks", blocks);
  return ctx.render("website/home/home", data, ctx.t("home.title"));
}

// The administration page; after a refused save, the form of that block again with its message and
// what was typed; with a preview, the presentation as the home page will show it (nothing saved).
http::Response admin_page(Context& ctx, Service& service, const std::string& failed_kind = "",
                          const Outcome& failed = Outcome::success(), const BlockInput& typed = {},
                          const std::string& preview = "", int status = 200) {
  auto list = service.blocks();
  Data blocks{Data::type::list};
  for (std::size_t i = 0; i < list.size(); ++i) {
    const auto& b = list[i];
    bool again = b.kind == failed_kind;
    Data d{Data::type::object};
    d.set("kind", b.kind);
    d.set("heading", heading_of(ctx, b));
    d.set("default_heading", ctx.t("home.blocks." + b.kind));
    d.set("enabled", web::flag(b.enabled));
    d.set("state", ctx.t(b.enabled ? "home.admin.shown" : "home.admin.hidden"));
    d.set("position", std::to_string(i + 1));
    d.set("first", web::flag(i == 0));
    d.set("last", web::flag(i + 1 == list.size()));
    d.set("f_title", again ? typed.title : b.title);
    d.set("is_presentation", web::flag(b.kind == "presentation"));
    d.set("has_items", web::flag(b.kind == "trainings" || b.kind == "events" || b.kind == "quotes"));
    d.set("f_body", again ? typed.body : b.body);
    d.set("f_items", again ? typed.items : std::to_string(b.items));
    for (const char* field : {"error_title", "error_items", "error_body"}) d.set(field, web::flag(false));
    if (again && !failed.ok) web::set_error(d, ctx, failed);
    d.set("preview", web::flag(false));
    if (again && !preview.empty()) d.set("preview", preview);
    blocks.push_back(d);
  }
  Data data{Data::type::object};
  data.set("blocks", blocks);
  data.set("max_title", std::to_string(kMaxTitle));
  data.set("max_body", std::to_string(kMaxBody));
  data.set("max_items", std::to_string(kMaxItems));
  data.set("error", web::flag(false));
  if (!failed.ok) data.set("error", ctx.t(failed.error));
  return ctx.render("website/home/admin", data, ctx.t("home.admin.title"), status);
}

std::string kind_of(const Context& ctx) {
  auto it = ctx.req.params.find("kind");
  return it == ctx.req.params.end() ? std::string() : it->second;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/", web::perm::public_access, [&service](Context& ctx) { return home_page(ctx, service); });

  app.get("/admin/accueil", web::perm::site_edit, [&service](Context& ctx) { return admin_page(ctx, service); });

  app.post("/admin/accueil/{kind}", web::perm::site_edit, [&service](Context& ctx) {
    std::string kind = kind_of(ctx);
    BlockInput in{ctx.form.get("title"), ctx.form.get("body"), ctx.form.get("items")};
    if (ctx.form.has("preview")) {
      // The preview checks the length as a save would, and saves nothing.
      if (auto checked = check_block(kind, in); !checked.ok) {
        if (checked.denied()) return ctx.refused(checked);
        return admin_page(ctx, service, kind, checked, in, "", web::status_of(checked));
      }
      return admin_page(ctx, service, kind, Outcome::success(), in, docs::markdown_to_html(in.body));
    }
    auto outcome = service.save(web::actor_of(ctx), kind, in);
    return web::finish(ctx, outcome, "home.admin.saved", "/admin/accueil#bloc-" + kind,
                       [&](const Outcome& f, int status) { return admin_page(ctx, service, kind, f, in, "", status); });
  });

  auto toggle = [&service](bool enabled) {
    return [&service, enabled](Context& ctx) {
      std::string kind = kind_of(ctx);
      auto outcome = service.set_enabled(web::actor_of(ctx), kind, enabled);
      return web::finish(ctx, outcome, enabled ? "home.admin.enabled" : "home.admin.disabled",
                         "/admin/accueil#bloc-" + kind, web::back_to(ctx, "/admin/accueil"));
    };
  };
  app.post("/admin/accueil/{kind}/afficher", web::perm::site_edit, toggle(true));
  app.post("/admin/accueil/{kind}/masquer", web::perm::site_edit, toggle(false));

  auto move = [&service](bool up) {
    return [&service, up](Context& ctx) {
      std::string kind = kind_of(ctx);
      auto outcome = service.move(web::actor_of(ctx), kind, up);
      return web::finish(ctx, outcome, "home.admin.moved", "/admin/accueil#bloc-" + kind,
                         web::back_to(ctx, "/admin/accueil"));
    };
  };
  app.post("/admin/accueil/{kind}/monter", web::perm::site_edit, move(true));
  app.post("/admin/accueil/{kind}/descendre", web::perm::site_edit, move(false));
}

}  // namespace trame::website::home
