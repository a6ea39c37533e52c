#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "platform/web/sitemap.hpp"
#include "website/legal/service.hpp"

namespace trame::website::legal {

namespace {

using web::Context;
using web::Data;

const char* kAdmin = "/admin/site/mentions";

std::string admin_url(const PageSpec& page) {
  return std::string(kAdmin) + "/" + page.slug;
}

std::string label_key(const PageSpec& page, const std::string& field) {
  return std::string("site_legal.fields.") + page.key + "." + field;
}

std::string status_label(const Context& ctx, const std::string& status) {
  return ctx.t("site_legal.statuses." + (status.empty() ? std::string("non") : status));
}

// "72.5" → "72,5" (French decimal comma).
std::string french_rate(std::string rate) {
  std::replace(rate.begin(), rate.end(), '.', ',');
  return rate;
}

// What a public page's template reads: each markdown field as HTML (<field>_html, absent when empty),
// the other fields as text; and, for the accessibility statement, its status and audit in words.
Data page_data(const Context& ctx, const PageSpec& page, const Values& values) {
  Data d{Data::type::object};
  for (const auto& f : page.fields) {
    const std::string& v = values.at(f.key);
    if (f.kind == FieldKind::markdown) {
      if (!trim(v).empty()) d.set(std::string(f.key) + "_html", docs::markdown_to_html(v));
    } else {
      web::set_if(d, f.key, v);
    }
  }
  if (std::string_view(page.key) == "accessibility") {
    d.set("status_label", status_label(ctx, values.at("status")));
    // « en raison des non-conformités… » only when an audit found them.
    d.set("with_reasons", web::flag(values.at("status") != "total" && !values.at("rate").empty()));
    d.set("public_url", ctx.app.config.public_url);
    if (!values.at("rate").empty() && !values.at("audit_date").empty())
      d.set("audit_result",
            ctx.t("site_legal.accessibility.audit_result",
                  {{"date", short_french_date(values.at("audit_date"))}, {"rate", french_rate(values.at("rate"))}}));
    web::set_if(d, "statement_date_label", short_french_date(values.at("statement_date")));
  }
  return d;
}

std::string view_of(const PageSpec& page) {
  return std::string("website/legal/") + page.key;
}

http::Response public_page(Context& ctx, Service& service, const PageSpec& page) {
  auto values = service.values(page);
  ctx.meta.description = ctx.t(std::string("site_legal.") + page.key + ".description");
  return ctx.render(view_of(page), page_data(ctx, page, values),
                    ctx.t(std::string("site_legal.") + page.key + ".title"));
}

// The administration form of one page: its fields, the error of a refused save, and the preview.
http::Response form_page(Context& ctx, const PageSpec& page, const Values& values, const Outcome& outcome, bool preview,
                         int status) {
  Data d{Data::type::object};
  const std::string title = ctx.t(std::string("site_legal.") + page.key + ".title");
  d.set("page_title", title);
  d.set("action", admin_url(page));
  d.set("public_path", page.path);
  web::set_error(d, ctx, outcome);
  Data fields{Data::type::list};
  for (const auto& f : page.fields) {
    Data fd{Data::type::object};
    const std::string key = f.key;
    const std::string& v = values.at(key);
    fd.set("name", key);
    fd.set("label", ctx.t(label_key(page, key)));
    const std::string help = std::string("site_legal.help.") + page.key + "." + key;
    if (ctx.app.catalogue.has("fr", help)) fd.set("help", ctx.t(help));
    fd.set("value", v);
    fd.set("markdown", web::flag(f.kind == FieldKind::markdown));
    fd.set("line", web::flag(f.kind == FieldKind::line));
    fd.set("percent", web::flag(f.kind == FieldKind::percent));
    fd.set("date", web::flag(f.kind == FieldKind::date));
    fd.set("marked", web::flag(v.find(kMissingMarker) != std::string::npos));
    if (f.kind == FieldKind::status) {
      fd.set("status", web::flag(true));
      Data options{Data::type::list};
      for (const char* s : kStatuses) {
        Data o{Data::type::object};
        o.set("value", s);
        o.set("label", status_label(ctx, s));
        o.set("selected", web::flag(v == s));
        options.push_back(o);
      }
      fd.set("options", options);
    }
    if (!outcome.ok && outcome.field == key) {
      fd.set("invalid", web::flag(true));
      fd.set("field_error", ctx.t(outcome.error));
    }
    fields.push_back(fd);
  }
  d.set("fields", fields);
  if (preview) d.set("preview_html", ctx.render_content(view_of(page), page_data(ctx, page, values)));
  return ctx.render("website/legal/form", d, ctx.t("site_legal.admin.edit_title", {{"page", title}}), status);
}

Values input_of(const Context& ctx, const PageSpec& page) {
  Values v;
  for (const auto& f : page.fields) v[f.key] = ctx.form.get(f.key);
  return v;
}

http::Response overview_page(Context& ctx, Service& service) {
  Data d{Data::type::object};
  Data list{Data::type::list};
  for (const auto& p : pages()) {
    Data pd{Data::type::object};
    pd.set("title", ctx.t(std::string("site_legal.") + p.key + ".title"));
    pd.set("edit_url", admin_url(p));
    pd.set("path", p.path);
    const long long at = service.updated_at(p);
    if (at > 0) pd.set("updated", web::format_datetime(at, ctx.locale));
    list.push_back(pd);
  }
  d.set("pages", list);
  Data missing{Data::type::list};
  for (const auto& m : service.missing()) {
    Data md{Data::type::object};
    md.set("page", ctx.t(std::string("site_legal.") + m.page->key + ".title"));
    md.set("field", ctx.t(label_key(*m.page, m.field)));
    md.set("url", admin_url(*m.page) + "#f-" + m.field);
    md.set("why", ctx.t(m.empty ? "site_legal.admin.empty" : "site_legal.admin.marked"));
    missing.push_back(md);
  }
  d.set("missing_count", std::to_string(missing.list_value().size()));
  d.set("has_missing", web::flag(!missing.list_value().empty()));
  d.set("missing", missing);
  return ctx.render("website/legal/admin", d, ctx.t("site_legal.admin.title"));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  for (const auto& p : pages()) {
    const PageSpec* page = &p;
    app.get(p.path, web::perm::public_access,
            [&service, page](Context& ctx) { return public_page(ctx, service, *page); });
  }

  app.get(kAdmin, web::perm::site_edit, [&service](Context& ctx) { return overview_page(ctx, service); });

  app.get(std::string(kAdmin) + "/{page}", web::perm::site_edit, [&service](Context& ctx) {
    const PageSpec* page = page_by_slug(ctx.req.params.at("page"));
    if (!page) return ctx.error(404);
    return form_page(ctx, *page, service.values(*page), Outcome::success(), false, 200);
  });

  app.post(std::string(kAdmin) + "/{page}", web::perm::site_edit, [&service](Context& ctx) {
    const PageSpec* page = page_by_slug(ctx.req.params.at("page"));
    if (!page) return ctx.error(404);
    Values input = input_of(ctx, *page);
    if (ctx.form.get("action") == "preview") {
      auto checked = check(*page, input);
      return form_page(ctx, *page, input, checked, checked.ok, checked.ok ? 200 : web::status_of(checked));
    }
    auto outcome = service.save(web::actor_of(ctx), *page, input, store::now_seconds());
    return web::finish(ctx, outcome, "site_legal.saved", admin_url(*page),
                       [&](const Outcome& o, int status) { return form_page(ctx, *page, input, o, false, status); });
  });

  // The footer's « Accessibilité : partiellement conforme » (RGAA: the status on every page), formatted once
  // per language and status (the catalogues of messages do not change while serving; issue 22).
  auto footers = std::make_shared<std::pair<std::mutex, std::map<std::string, std::string>>>();
  app.layout_additions.emplace_back([&service, footers](Context& ctx, Data& layout) {
    const std::string status = service.accessibility_status();
    std::string key = status + '|' + ctx.locale;
    {
      std::lock_guard lock(footers->first);
      if (auto it = footers->second.find(key); it != footers->second.end()) {
        layout.set("accessibility_link", it->second);
        return;
      }
    }
    std::string text = ctx.t("site_legal.footer.accessibility_status", {{"status", status_label(ctx, status)}});
    layout.set("accessibility_link", text);
    std::lock_guard lock(footers->first);
    footers->second.emplace(std::move(key), std::move(text));
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(700, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.me().can(web::perm::site_edit)) return std::nullopt;
    web::DashboardPanel panel;
    panel.key = "site-legal";
    panel.title = ctx.t("site_legal.dashboard.title");
    panel.empty = ctx.t("site_legal.dashboard.empty");
    panel.more_url = kAdmin;
    panel.more_label = ctx.t("site_legal.admin.title");
    const auto missing = service.missing();
    for (const auto& p : pages()) {
      const auto n =
          std::count_if(missing.begin(), missing.end(), [&p](const MissingField& m) { return m.page == &p; });
      if (n == 0) continue;
      web::DashboardItem item;
      item.label = ctx.t("site_legal.dashboard.page_missing",
                         {{"page", ctx.t(std::string("site_legal.") + p.key + ".title")}, {"n", std::to_string(n)}});
      item.url = admin_url(p);
      panel.items.push_back(std::move(item));
    }
    return panel;
  });
}

void register_sitemap(web::Sitemap& sitemap, Service& service) {
  sitemap.add("website.legal", [&service] {
    std::vector<web::SitemapUrl> urls;
    for (const auto& p : pages()) urls.push_back({p.path, service.updated_at(p)});
    return urls;
  });
}

}  // namespace trame::website::legal
