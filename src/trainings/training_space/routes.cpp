#include "platform/docs/file_type.hpp"
#include "platform/docs/markdown.hpp"
#include "trainings/training_space/service.hpp"
#include "platform/web/app.hpp"

namespace trame::training_space {

namespace {

// What the file inputs suggest to the browser; the server checks the bytes (accepted_types()).
constexpr const char* kAccept = ".pdf,.png,.jpg,.jpeg,.webp,.odt,.ods,.odp,.docx,.xlsx,.pptx,.txt,.csv";

using programmes::SessionAccess;
using web::Context;
using web::Data;
using web::set_if;

std::string session_url(long long id) {
  return "/formations/sessions/" + std::to_string(id);
}
std::string toolbox_url(long long id) {
  return session_url(id) + "/boite-a-outils";
}
std::string group_url(long long id) {
  return session_url(id) + "/groupe";
}
std::string thread_url(long long id) {
  return "/formations/fils/" + std::to_string(id);
}
std::string resource_url(long long id) {
  return "/formations/ressources/" + std::to_string(id);
}

// What a form sent back with its error, to re-render it (HTTP 422) with the values kept.
struct Failed {
  std::string error;
  std::string field;
  std::string form;  // which form: file, link, note (toolbox), thread, reply
  std::string title;
  std::string url;
  std::string body;
  long long module_id = 0;
};

void set_error(Data& data, const Context& ctx, const Failed& f) {
  if (!f.error.empty()) web::set_error(data, ctx, Outcome::failure(f.error, f.field), f.form);
}

std::string human_size(const Context& ctx, long long bytes) {
  if (bytes < 1024) return ctx.t("training_space.size.bytes", {{"n", std::to_string(bytes)}});
  auto one_decimal = [](double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (auto dot = s.find('.'); dot != std::string::npos) s[dot] = ',';
    return s;
  };
  if (bytes < 1024 * 1024) return ctx.t("training_space.size.kib", {{"n", one_decimal(bytes / 1024.0)}});
  return ctx.t("training_space.size.mib", {{"n", one_decimal(bytes / (1024.0 * 1024.0))}});
}

// Markdown rendered under a heading of level `below`: its own headings start one level lower.
std::string markdown_under(const std::string& markdown, int below) {
  std::string html = docs::markdown_to_html(markdown);
  for (int level = 6; level >= 1; --level) {
    std::string to = std::to_string(std::min(6, level + below));
    for (const char* fmt : {"<h", "</h"}) {
      std::string from_tag = std::string(fmt) + std::to_string(level);
      std::string to_tag = std::string(fmt) + to;
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

Data session_data(const SessionAccess& a) {
  Data d{Data::type::object};
  d.set("session_id", std::to_string(a.session_id));
  d.set("session_title", a.session_title);
  d.set("programme_title", a.programme_title);
  d.set("organiser", a.organiser_name);
  d.set("session_url", session_url(a.session_id));
  d.set("toolbox_url", toolbox_url(a.session_id));
  d.set("group_url", group_url(a.session_id));
  d.set("is_staff", web::flag(a.staff()));
  return d;
}

Data resource_data(const Context& ctx, const Resource& r, bool staff) {
  Data d{Data::type::object};
  d.set("id", std::to_string(r.id));
  d.set("title", r.title);
  d.set("kind_label", ctx.t("training_space.kinds." + r.kind));
  d.set("is_file", web::flag(r.kind == "file"));
  d.set("is_link", web::flag(r.kind == "link"));
  d.set("is_note", web::flag(r.kind == "note"));
  if (r.kind == "file") {
    d.set("download_url", resource_url(r.id));
    d.set("file_name", docs::stored_file_name(r.file_name, r.content_type));  // rows kept before the rules too
    d.set("size", human_size(ctx, r.size_bytes));
    std::string ext = docs::file_extension(r.content_type);
    for (auto& c : ext) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    d.set("format", ext);
  }
  if (r.kind == "link") d.set("url", r.url);
  if (r.kind == "note") d.set("html", markdown_under(r.body, 3));
  d.set("added", web::format_datetime(r.created_at, ctx.locale));
  set_if(d, "by", r.created_by_name);
  if (staff) d.set("remove_url", resource_url(r.id) + "/supprimer");
  return d;
}

Data module_options(const std::vector<Module>& modules, const Context& ctx, long long selected) {
  Data list{Data::type::list};
  Data general{Data::type::object};
  general.set("value", "");
  general.set("label", ctx.t("training_space.general"));
  general.set("selected", web::flag(selected == 0));
  list.push_back(general);
  for (const auto& m : modules) {
    Data o{Data::type::object};
    o.set("value", std::to_string(m.id));
    o.set("label", m.title);
    o.set("selected", web::flag(m.id == selected));
    list.push_back(o);
  }
  return list;
}

// The toolbox: the page's resources grouped under their heading (Général, each module, shared by the group).
http::Response render_toolbox(Context& ctx, Service& service, const SessionAccess& a, const Failed& failed,
                              int status) {
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto resources = service.resources(a.session_id, page, total);
  auto modules = service.modules(a.programme_id);
  Data data = session_data(a);
  Data sections{Data::type::list};
  Data current{Data::type::object};
  Data items{Data::type::list};
  std::string current_key;
  auto close = [&]() {
    if (current_key.empty()) return;
    current.set("resources", items);
    sections.push_back(current);
  };
  for (const auto& r : resources) {
    std::string key = r.shared ? "shared" : r.module_id ? "m" + std::to_string(r.module_id) : "general";
    if (key != current_key) {
      close();
      current = Data{Data::type::object};
      items = Data{Data::type::list};
      current_key = key;
      current.set("heading", r.shared      ? ctx.t("training_space.shared")
                             : r.module_id ? r.module_title
                                           : ctx.t("training_space.general"));
      current.set("section_id", "section-" + key);
    }
    items.push_back(resource_data(ctx, r, a.staff()));
  }
  close();
  data.set("sections", sections);
  data.set("has_resources", web::flag(!resources.empty()));
  data.set("pagination", web::pagination(ctx, page, kResourcesPerPage, total, toolbox_url(a.session_id) + "?"));
  if (a.staff()) {
    data.set("modules", module_options(modules, ctx, failed.module_id));
    data.set("form_title", failed.title);
    data.set("form_url", failed.url);
    data.set("form_body", failed.body);
    data.set("accept", kAccept);
  }
  set_error(data, ctx, failed);
  data.set("css", ctx.app.asset_url("css/training_space.css"));
  return ctx.render("trainings/training_space/toolbox", data,
                    ctx.t("training_space.toolbox.title") + " — " + a.session_title, status);
}

http::Response render_group(Context& ctx, Service& service, const SessionAccess& a, const Failed& failed, int status) {
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto threads = service.threads(a.session_id, page, total);
  Data data = session_data(a);
  Data list{Data::type::list};
  for (const auto& t : threads) {
    Data d{Data::type::object};
    d.set("url", thread_url(t.id));
    d.set("title", t.title);
    set_if(d, "author", t.author_name);
    d.set("posts", ctx.t("training_space.group.messages", {{"n", std::to_string(t.posts)}}));
    d.set("last", web::format_datetime(t.last_post_at, ctx.locale));
    list.push_back(d);
  }
  data.set("threads", list);
  data.set("has_threads", web::flag(!threads.empty()));
  data.set("pagination", web::pagination(ctx, page, kThreadsPerPage, total, group_url(a.session_id) + "?"));
  bool muted = service.muted(a.session_id, ctx.me().id);
  data.set("muted", web::flag(muted));
  data.set("notifications_url", group_url(a.session_id) + "/notifications");
  data.set("form_title", failed.title);
  data.set("form_body", failed.body);
  data.set("accept", kAccept);
  set_error(data, ctx, failed);
  data.set("css", ctx.app.asset_url("css/training_space.css"));
  return ctx.render("trainings/training_space/group", data,
                    ctx.t("training_space.group.title") + " — " + a.session_title, status);
}

http::Response render_thread(Context& ctx, Service& service, const SessionAccess& a, const Thread& t,
                             const Failed& failed, int status) {
  long long page = web::page_param(ctx.req);
  long long total = 0;
  auto posts = service.posts(t.id, page, total);
  Data data = session_data(a);
  data.set("thread_title", t.title);
  data.set("thread_url", thread_url(t.id));
  Data list{Data::type::list};
  for (const auto& p : posts) {
    Data d{Data::type::object};
    d.set("id", std::to_string(p.id));
    d.set("author", p.author_name.empty() ? ctx.t("training_space.group.unknown_author") : p.author_name);
    d.set("at", web::format_datetime(p.created_at, ctx.locale));
    d.set("html", markdown_under(p.body, 2));
    if (p.resource_id) {
      d.set("has_file", web::flag(true));
      d.set("file_name", docs::clean_file_name(p.resource_name));
      if (p.resource_deleted) d.set("file_removed", web::flag(true));
      else d.set("file_url", resource_url(p.resource_id));
    }
    list.push_back(d);
  }
  data.set("posts", list);
  data.set("pagination", web::pagination(ctx, page, kPostsPerPage, total, thread_url(t.id) + "?"));
  data.set("form_body", failed.body);
  data.set("accept", kAccept);
  set_error(data, ctx, failed);
  data.set("css", ctx.app.asset_url("css/training_space.css"));
  return ctx.render("trainings/training_space/thread", data, t.title + " — " + a.session_title, status);
}

// The session's access for a member of the group space (staff or enrolled trainee); nullopt with the
// answer to send otherwise.
std::optional<SessionAccess> member_access(Context& ctx, Service& service, long long session_id,
                                           http::Response& refusal) {
  SessionAccess a;
  if (auto allowed = service.check_access(ctx.me(), session_id, false, a); !allowed.ok) {
    refusal = ctx.refused(allowed);
    return std::nullopt;
  }
  return a;
}

// Where a new reply shows: the thread's last page, at the message.
std::string reply_url(Service& service, long long thread_id, long long post_id) {
  long long total = 0;
  service.posts(thread_id, 1, total);
  long long last_page = std::max(1LL, (total + kPostsPerPage - 1) / kPostsPerPage);
  return thread_url(thread_id) + (last_page > 1 ? "?page=" + std::to_string(last_page) : std::string()) + "#message-" +
         std::to_string(post_id);
}

Attachment attachment_of(const Context& ctx) {
  Attachment file;
  if (const http::Part* part = ctx.file("file")) {
    file.file_name = part->filename ? *part->filename : std::string();
    file.bytes = part->data;
  }
  return file;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  // ---- Toolbox
  app.get("/formations/sessions/{id:int}/boite-a-outils", web::perm::authenticated, [&service](Context& ctx) {
    http::Response refusal;
    auto a = member_access(ctx, service, ctx.req.int_param("id"), refusal);
    if (!a) return refusal;
    return render_toolbox(ctx, service, *a, {}, 200);
  });

  app.post("/formations/sessions/{id:int}/boite-a-outils", web::perm::authenticated, [&service](Context& ctx) {
    const long long session_id = ctx.req.int_param("id");
    NewResource r;
    r.kind = ctx.form.get("kind");
    r.module_id = web::parse_id(ctx.form.get("module"));
    r.title = ctx.form.get("title");
    r.url = ctx.form.get("url");
    r.body = ctx.form.get("body");
    if (const http::Part* part = ctx.file("file")) {
      r.file_name = part->filename ? *part->filename : std::string();
      r.bytes = part->data;
    }
    if (ctx.form.has("module") && !ctx.form.get("module").empty() && r.module_id == 0) r.module_id = -1;
    auto outcome = service.add_resource(web::actor_of(ctx), ctx.me(), session_id, r);
    return web::finish(ctx, outcome, "training_space.toolbox.added", toolbox_url(session_id),
                       [&](const Outcome& o, int status) {
                         auto a = service.access(ctx.me(), session_id);
                         if (!a) return ctx.error(404);
                         Failed f{o.error, o.field, r.kind, r.title, r.url, r.body, std::max(0LL, r.module_id)};
                         return render_toolbox(ctx, service, *a, f, status);
                       });
  });

  app.get("/formations/ressources/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long session_id = service.session_of_resource(id);
    if (!session_id) return ctx.error(404);
    http::Response refusal;
    auto a = member_access(ctx, service, session_id, refusal);
    if (!a) return refusal;
    auto r = service.resource(id);
    if (!r || r->deleted || r->kind != "file") return ctx.error(404);
    http::Response res;
    res.set_header("Content-Type", r->content_type);
    res.set_header("Content-Disposition", docs::attachment_disposition(r->file_name, r->content_type));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(r->bytes);
    return res;
  });

  app.post("/formations/ressources/{id:int}/supprimer", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.remove_resource(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "training_space.toolbox.removed",
                       toolbox_url(outcome.ok ? service.session_of_resource(id) : 0),
                       [&](const Outcome& o, int) { return ctx.refused(o); });
  });

  // ---- Group space
  app.get("/formations/sessions/{id:int}/groupe", web::perm::authenticated, [&service](Context& ctx) {
    http::Response refusal;
    auto a = member_access(ctx, service, ctx.req.int_param("id"), refusal);
    if (!a) return refusal;
    return render_group(ctx, service, *a, {}, 200);
  });

  app.post("/formations/sessions/{id:int}/groupe", web::perm::authenticated, [&service](Context& ctx) {
    const long long session_id = ctx.req.int_param("id");
    std::string title = ctx.form.get("title"), body = ctx.form.get("body");
    auto outcome = service.create_thread(web::actor_of(ctx), ctx.me(), session_id, title, body, attachment_of(ctx));
    return web::finish(
        ctx, outcome, "training_space.group.created", thread_url(outcome.id), [&](const Outcome& o, int status) {
          auto a = service.access(ctx.me(), session_id);
          if (!a) return ctx.error(404);
          return render_group(ctx, service, *a, Failed{o.error, o.field, "thread", title, "", body, 0}, status);
        });
  });

  app.post("/formations/sessions/{id:int}/groupe/notifications", web::perm::authenticated, [&service](Context& ctx) {
    const long long session_id = ctx.req.int_param("id");
    auto outcome = service.toggle_mail(web::actor_of(ctx), ctx.me(), session_id);
    return web::finish(ctx, outcome, outcome.id ? "training_space.group.mail_off" : "training_space.group.mail_on",
                       group_url(session_id), [&](const Outcome& o, int) { return ctx.refused(o); });
  });

  app.get("/formations/fils/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto t = service.thread(ctx.req.int_param("id"));
    if (!t) return ctx.error(404);
    http::Response refusal;
    auto a = member_access(ctx, service, t->session_id, refusal);
    if (!a) return refusal;
    return render_thread(ctx, service, *a, *t, {}, 200);
  });

  app.post("/formations/fils/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    const long long thread_id = ctx.req.int_param("id");
    std::string body = ctx.form.get("body");
    auto outcome = service.reply(web::actor_of(ctx), ctx.me(), thread_id, body, attachment_of(ctx));
    return web::finish(
        ctx, outcome, "training_space.group.replied",
        outcome.ok ? reply_url(service, thread_id, outcome.id) : std::string(), [&](const Outcome& o, int status) {
          auto t = service.thread(thread_id);
          auto a = t ? service.access(ctx.me(), t->session_id) : std::nullopt;
          if (!a) return ctx.error(404);
          return render_thread(ctx, service, *a, *t, Failed{o.error, o.field, "reply", "", "", body, 0}, status);
        });
  });
}

}  // namespace trame::training_space
