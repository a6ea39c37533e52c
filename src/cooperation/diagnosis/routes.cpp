#include "cooperation/diagnosis/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"

namespace trame::diagnosis {

namespace {

using web::Context;
using web::Data;

std::string diagnosis_url(long long id) {
  return projects::url_of(id) + "/diagnostic";
}
std::string section_url(long long project_id, long long section_id) {
  return diagnosis_url(project_id) + "/" + std::to_string(section_id);
}

// Markdown rendered under a heading of level `below`: its own headings start one level lower
// (a "# Titre" in a section shown under an h2 becomes an h3), so that the page's outline holds.
std::string markdown_under(const std::string& markdown, int below) {
  std::string html = docs::markdown_to_html(markdown);
  for (int level = 6; level >= 1; --level) {
    std::string to = std::to_string(std::min(6, level + below));
    for (const char* open : {"<h", "</h"}) {
      std::string from_tag = std::string(open) + std::to_string(level);
      std::string to_tag = std::string(open) + to;
      for (std::size_t pos = html.find(from_tag); pos != std::string::npos;
           pos = html.find(from_tag, pos + to_tag.size())) {
        char next = pos + from_tag.size() < html.size() ? html[pos + from_tag.size()] : '\0';
        if (next != '>' && next != ' ') continue;
        html.replace(pos, from_tag.size(), to_tag);
      }
    }
  }
  return html;
}

DiffLabels labels(const Context& ctx) {
  return DiffLabels{ctx.t("diagnosis.diff.added"), ctx.t("diagnosis.diff.removed"), ctx.t("diagnosis.diff.end")};
}

// What every page of the diagnosis shows of its project.
Data page_data(Context& ctx, const projects::Access& access) {
  Data data{Data::type::object};
  data.set("project_id", std::to_string(access.project.id));
  data.set("project_title", access.project.title);
  data.set("project_url", projects::url_of(access.project.id));
  data.set("diagnosis_url", diagnosis_url(access.project.id));
  data.set("may_write", web::flag(access.contributes()));
  data.set("may_facilitate", web::flag(access.facilitates()));
  data.set("css", ctx.app.asset_url("css/diagnosis.css"));
  return data;
}

// "Révision 3, par Camille Martin, le 12/03/2026 10:05" or "Pas encore écrite".
std::string written_label(const Context& ctx, const Section& s) {
  if (s.revision == 0) return ctx.t("diagnosis.section.never_written");
  return ctx.t("diagnosis.section.written", {{"n", std::to_string(s.revision)},
                                             {"name", s.updated_by_name},
                                             {"when", web::format_datetime(s.updated_at, ctx.locale)}});
}

Data section_data(Context& ctx, const Section& s, int heading_level) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("title", s.title);
  d.set("url", section_url(s.project_id, s.id));
  d.set("edit_url", section_url(s.project_id, s.id) + "/modifier");
  d.set("history_url", section_url(s.project_id, s.id) + "/historique");
  d.set("written", written_label(ctx, s));
  d.set("empty", web::flag(s.body.empty()));
  d.set("body_html", s.body.empty() ? std::string() : markdown_under(s.body, heading_level));
  d.set("has_revisions", web::flag(s.revision > 0));
  d.set("revision", std::to_string(s.revision));
  return d;
}

http::Response overview_page(Context& ctx, Service& service, long long project_id, const std::string& typed_title,
                             const Outcome& outcome, int status) {
  Overview v;
  auto read = service.overview(ctx.me(), project_id, v);
  if (!read.ok) return ctx.refused(read);
  Data data = page_data(ctx, v.access);
  Data sections{Data::type::list};
  for (const auto& s : v.sections) sections.push_back(section_data(ctx, s, 2));
  data.set("sections", sections);
  data.set("new_title", typed_title);
  data.set("add_url", diagnosis_url(project_id) + "/sections");
  web::set_error(data, ctx, outcome);
  return ctx.render("cooperation/diagnosis/overview", data,
                    ctx.t("diagnosis.overview.title", {{"project", v.access.project.title}}), status);
}

http::Response section_page(Context& ctx, Service& service, long long project_id, long long section_id,
                            const std::string* typed_title, const Outcome& outcome, int status) {
  SectionView v;
  auto read = service.section(ctx.me(), project_id, section_id, v);
  if (!read.ok) return ctx.refused(read);
  Data data = page_data(ctx, v.access);
  data.set("section", section_data(ctx, v.section, 1));
  data.set("rename_url", section_url(project_id, section_id) + "/titre");
  data.set("typed_title", typed_title ? *typed_title : v.section.title);
  Data linked{Data::type::list};
  for (const auto& c : service.linked_contributions(project_id, section_id)) {
    Data d{Data::type::object};
    d.set("url", c.url);
    d.set("kind", ctx.t(c.kind_key));
    d.set("people", ctx.t("diagnosis.linked.people", {{"count", std::to_string(c.people)}}));
    d.set("place", c.place);
    d.set("held_on", short_french_date(c.held_on));
    d.set("excerpt", c.excerpt);
    linked.push_back(d);
  }
  data.set("no_linked", web::flag(linked.is_empty_list()));
  data.set("linked", linked);
  data.set("contributions_url", projects::url_of(project_id) + "/contributions?section=" + std::to_string(section_id));
  web::set_error(data, ctx, outcome);
  return ctx.render(
      "cooperation/diagnosis/section", data,
      ctx.t("diagnosis.section.title", {{"section", v.section.title}, {"project", v.access.project.title}}), status);
}

// The edit form: the section's latest text; after a refused save, the text that was sent; after a
// stale save (409), the merge view: the version that won, the text that was sent (in the form, based
// on the version that won), and what differs.
http::Response edit_page(Context& ctx, Service& service, long long project_id, long long section_id,
                         const SaveInput* sent, const Outcome& outcome, int status) {
  SectionView v;
  auto read = service.section(ctx.me(), project_id, section_id, v);
  if (!read.ok) return ctx.refused(read);
  if (!v.access.contributes()) return ctx.refused(Outcome::forbidden());
  Data data = page_data(ctx, v.access);
  const Section& s = v.section;
  data.set("section", section_data(ctx, s, 2));
  data.set("action", section_url(project_id, section_id));
  bool merge = !outcome.ok && outcome.code == Failure::conflict && sent;
  data.set("merge", web::flag(merge));
  std::string body = sent ? normalise_newlines(sent->body) : s.body;
  long long base = merge || !sent ? s.revision : sent->base;
  data.set("body", body);
  data.set("base", std::to_string(base));
  if (merge) {
    auto lbl = labels(ctx);
    data.set("theirs_label",
             ctx.t("diagnosis.merge.theirs", {{"n", std::to_string(s.revision)},
                                              {"name", s.updated_by_name},
                                              {"when", web::format_datetime(s.updated_at, ctx.locale)}}));
    data.set("theirs", s.body);
    data.set("theirs_html", s.body.empty() ? std::string() : markdown_under(s.body, 3));
    auto yours = diff_text(s.body, body);
    data.set("yours_diff_html", diff_html(yours, lbl));
    data.set("yours_same", web::flag(diff_empty(yours)));
    // What the others changed since the version this person started from.
    std::string started;
    if (sent->base > 0) {
      SectionView ignored;
      Revision r;
      if (service.revision(ctx.me(), project_id, section_id, sent->base, ignored, r).ok) started = r.body;
    }
    data.set("theirs_diff_html", diff_html(diff_text(started, s.body), lbl));
    data.set("started_from", sent->base > 0 ? ctx.t("diagnosis.merge.started_from", {{"n", std::to_string(sent->base)}})
                                            : ctx.t("diagnosis.merge.started_empty"));
  }
  web::set_error(data, ctx, outcome);
  return ctx.render("cooperation/diagnosis/edit", data,
                    ctx.t("diagnosis.edit.title", {{"section", s.title}, {"project", v.access.project.title}}), status);
}

http::Response history_page(Context& ctx, Service& service, long long project_id, long long section_id) {
  History h;
  auto read = service.history(ctx.me(), project_id, section_id, static_cast<int>(web::page_param(ctx.req)), h);
  if (!read.ok) return ctx.refused(read);
  Data data = page_data(ctx, h.access);
  data.set("section", section_data(ctx, h.section, 2));
  std::string url = section_url(project_id, section_id);
  Data rows{Data::type::list};
  for (const auto& r : h.revisions) {
    Data d{Data::type::object};
    d.set("number", std::to_string(r.number));
    d.set("author", r.author_name);
    d.set("when", web::format_datetime(r.created_at, ctx.locale));
    d.set("url", url + "/versions/" + std::to_string(r.number));
    d.set("compare_url", url + "/comparer?de=" + std::to_string(r.number - 1) + "&a=" + std::to_string(r.number));
    d.set("first", web::flag(r.number == 1));
    d.set("latest", web::flag(r.number == h.section.revision));
    rows.push_back(d);
  }
  data.set("revisions", rows);
  data.set("no_revisions", web::flag(rows.is_empty_list()));
  data.set("compare_action", url + "/comparer");
  data.set("latest", std::to_string(h.section.revision));
  data.set("previous", std::to_string(std::max(0LL, h.section.revision - 1)));
  data.set("can_compare", web::flag(h.section.revision > 1));
  data.set("pagination", web::pagination(ctx, h.page, Service::kPerPage, h.total, url + "/historique?"));
  return ctx.render("cooperation/diagnosis/history", data,
                    ctx.t("diagnosis.history.title", {{"section", h.section.title}}));
}

http::Response revision_page(Context& ctx, Service& service, long long project_id, long long section_id,
                             long long number) {
  SectionView v;
  Revision r;
  auto read = service.revision(ctx.me(), project_id, section_id, number, v, r);
  if (!read.ok) return ctx.refused(read);
  Data data = page_data(ctx, v.access);
  data.set("section", section_data(ctx, v.section, 2));
  std::string url = section_url(project_id, section_id);
  data.set("number", std::to_string(r.number));
  data.set("written", ctx.t("diagnosis.revision.written",
                            {{"name", r.author_name}, {"when", web::format_datetime(r.created_at, ctx.locale)}}));
  data.set("empty", web::flag(r.body.empty()));
  data.set("body_html", r.body.empty() ? std::string() : markdown_under(r.body, 1));
  data.set("source", r.body);
  data.set("compare_url", url + "/comparer?de=" + std::to_string(r.number - 1) + "&a=" + std::to_string(r.number));
  data.set("history_url", url + "/historique");
  return ctx.render("cooperation/diagnosis/revision", data,
                    ctx.t("diagnosis.revision.title", {{"n", std::to_string(r.number)}, {"section", v.section.title}}));
}

long long query_number(const Context& ctx, const char* name) {
  auto value = ctx.req.query_param(name);
  return value ? web::parse_id(*value) : 0;
}

http::Response compare_page(Context& ctx, Service& service, long long project_id, long long section_id) {
  Comparison c;
  auto read = service.compare(ctx.me(), project_id, section_id, query_number(ctx, "de"), query_number(ctx, "a"), c);
  if (!read.ok) return ctx.refused(read);
  Data data = page_data(ctx, c.access);
  data.set("section", section_data(ctx, c.section, 2));
  std::string url = section_url(project_id, section_id);
  auto describe = [&](const std::optional<Revision>& r, long long n) {
    if (!r) return ctx.t("diagnosis.compare.empty_start");
    return ctx.t("diagnosis.compare.revision", {{"n", std::to_string(n)},
                                                {"name", r->author_name},
                                                {"when", web::format_datetime(r->created_at, ctx.locale)}});
  };
  data.set("from_label", describe(c.from_revision, c.from));
  data.set("to_label", describe(c.to_revision, c.to));
  data.set("heading",
           ctx.t("diagnosis.compare.heading", {{"from", std::to_string(c.from)}, {"to", std::to_string(c.to)}}));
  data.set("same", web::flag(diff_empty(c.diff)));
  data.set("diff_html", diff_html(c.diff, labels(ctx)));
  data.set("history_url", url + "/historique");
  return ctx.render("cooperation/diagnosis/compare", data,
                    ctx.t("diagnosis.compare.title", {{"section", c.section.title}}));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/projets/{id:int}/diagnostic", web::perm::authenticated, [&service](Context& ctx) {
    return overview_page(ctx, service, ctx.req.int_param("id"), "", Outcome::success(), 200);
  });
  app.post("/cooperation/projets/{id:int}/diagnostic/sections", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    std::string title = ctx.form.get("title");
    auto outcome = service.add_section(web::actor_of(ctx), ctx.me(), id, title);
    return web::finish(ctx, outcome, "diagnosis.overview.added", section_url(id, outcome.id) + "/modifier",
                       [&](const Outcome& o, int status) { return overview_page(ctx, service, id, title, o, status); });
  });
  app.get("/cooperation/projets/{id:int}/diagnostic/{section:int}", web::perm::authenticated, [&service](Context& ctx) {
    return section_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("section"), nullptr,
                        Outcome::success(), 200);
  });
  app.get("/cooperation/projets/{id:int}/diagnostic/{section:int}/modifier", web::perm::authenticated,
          [&service](Context& ctx) {
            return edit_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("section"), nullptr,
                             Outcome::success(), 200);
          });
  app.post("/cooperation/projets/{id:int}/diagnostic/{section:int}", web::perm::authenticated,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id"), section = ctx.req.int_param("section");
             SaveInput in{web::parse_id(ctx.form.get("base")), ctx.form.get("body")};
             auto outcome = service.save(web::actor_of(ctx), ctx.me(), id, section, in);
             return web::finish(
                 ctx, outcome, "diagnosis.edit.saved", section_url(id, section),
                 [&](const Outcome& o, int status) { return edit_page(ctx, service, id, section, &in, o, status); });
           });
  app.post("/cooperation/projets/{id:int}/diagnostic/{section:int}/titre", web::perm::authenticated,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id"), section = ctx.req.int_param("section");
             std::string title = ctx.form.get("title");
             auto outcome = service.rename(web::actor_of(ctx), ctx.me(), id, section, title);
             return web::finish(ctx, outcome, "diagnosis.section.renamed", section_url(id, section),
                                [&](const Outcome& o, int status) {
                                  return section_page(ctx, service, id, section, &title, o, status);
                                });
           });
  app.get("/cooperation/projets/{id:int}/diagnostic/{section:int}/historique", web::perm::authenticated,
          [&service](Context& ctx) {
            return history_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("section"));
          });
  app.get("/cooperation/projets/{id:int}/diagnostic/{section:int}/versions/{number:int}", web::perm::authenticated,
          [&service](Context& ctx) {
            return revision_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("section"),
                                 ctx.req.int_param("number"));
          });
  app.get("/cooperation/projets/{id:int}/diagnostic/{section:int}/comparer", web::perm::authenticated,
          [&service](Context& ctx) {
            return compare_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("section"));
          });
}

}  // namespace trame::diagnosis
