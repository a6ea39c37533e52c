#include "platform/docs/file_type.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/alumni/service.hpp"

namespace trame::alumni {

namespace {

using web::Context;
using web::Data;

constexpr const char* kAccept = ".pdf,.png,.jpg,.jpeg,.webp,.odt,.ods,.odp,.docx,.xlsx,.pptx,.txt,.csv";

std::string space_url(long long programme_id) {
  return "/formations/programmes/" + std::to_string(programme_id) + "/anciens";
}
std::string thread_url(long long id) {
  return "/formations/anciens/fils/" + std::to_string(id);
}

struct Failed {
  std::string error, field, form, title, body;
};

Data base_data(Context& ctx, const Access& a) {
  Data data{Data::type::object};
  data.set("programme_title", a.programme.title);
  data.set("organiser", a.programme.organiser_name);
  data.set("programme_url", "/formations/programmes/" + std::to_string(a.programme.id));
  data.set("space_url", space_url(a.programme.id));
  data.set("css", ctx.app.asset_url("css/training_space.css"));
  data.set("accept", kAccept);
  return data;
}

void set_failed(Data& data, const Context& ctx, const Failed& f) {
  if (!f.error.empty()) web::set_error(data, ctx, Outcome::failure(f.error, f.field), f.form);
  data.set("form_title", f.title);
  data.set("form_body", f.body);
}

http::Response render_space(Context& ctx, Service& service, const Access& a, const Failed& failed, int status) {
  Data data = base_data(ctx, a);
  data.set("members", ctx.t("alumni.members", {{"n", std::to_string(service.members(a.programme.id))}}));
  data.set("member", web::flag(a.member));
  data.set("can_join", web::flag(a.eligible && !a.member));
  data.set("join_url", space_url(a.programme.id) + "/adhesion");
  data.set("leave_url", space_url(a.programme.id) + "/depart");
  // Why one may not join: staff read without joining; others did not complete a session.
  if (!a.eligible && !a.member)
    data.set("explanation", ctx.t(a.staff() ? "alumni.space.staff_reads" : "alumni.space.not_eligible"));
  if (a.reads()) {
    data.set("reads", web::flag(true));
    long long page = web::page_param(ctx.req), total = 0;
    Data list{Data::type::list};
    for (const auto& t : service.threads(a.programme.id, page, total)) {
      Data d{Data::type::object};
      d.set("url", thread_url(t.id));
      d.set("title", t.title);
      d.set("author", t.author_name);
      d.set("posts", ctx.t("alumni.posts", {{"n", std::to_string(t.posts)}}));
      d.set("last", web::format_datetime(t.last_post_at, ctx.locale));
      list.push_back(d);
    }
    data.set("threads", list);
    data.set("has_threads", web::flag(total > 0));
    data.set("pagination",
             web::pagination(ctx, page, training_space::kThreadsPerPage, total, space_url(a.programme.id) + "?"));
    data.set("mail_off", web::flag(!service.mail_on(a, ctx.me().id)));
    data.set("mail_url", space_url(a.programme.id) + "/courriels");
    data.set("new_thread_url", space_url(a.programme.id) + "/fils");
  }
  set_failed(data, ctx, failed);
  return ctx.render("trainings/alumni/space", data, ctx.t("alumni.space.title", {{"programme", a.programme.title}}),
                    status);
}

http::Response render_thread(Context& ctx, Service& service, const Access& a, const training_space::Thread& t,
                             const Failed& failed, int status) {
  Data data = base_data(ctx, a);
  data.set("thread_title", t.title);
  data.set("thread_url", thread_url(t.id));
  long long page = web::page_param(ctx.req), total = 0;
  Data list{Data::type::list};
  for (const auto& p : service.posts(t.id, page, total)) {
    Data d{Data::type::object};
    d.set("id", std::to_string(p.id));
    d.set("author", p.author_name.empty() ? ctx.t("alumni.unknown_author") : p.author_name);
    d.set("at", web::format_datetime(p.created_at, ctx.locale));
    if (p.deleted) {
      d.set("removed", web::flag(true));
    } else {
      d.set("html", docs::markdown_to_html(p.body));
      if (a.manager) d.set("remove_url", "/formations/anciens/messages/" + std::to_string(p.id) + "/suppression");
    }
    if (p.resource_id && !p.deleted) {
      d.set("has_file", web::flag(true));
      d.set("file_name", docs::clean_file_name(p.resource_name));
      if (p.resource_deleted) d.set("file_removed", web::flag(true));
      else d.set("file_url", "/formations/anciens/fichiers/" + std::to_string(p.resource_id));
    }
    list.push_back(d);
  }
  data.set("posts", list);
  data.set("pagination", web::pagination(ctx, page, training_space::kPostsPerPage, total, thread_url(t.id) + "?"));
  set_failed(data, ctx, failed);
  return ctx.render("trainings/alumni/thread", data, t.title + " — " + a.programme.title, status);
}

training_space::Attachment attachment_of(const Context& ctx) {
  training_space::Attachment file;
  if (const http::Part* part = ctx.file("file")) {
    file.file_name = part->filename ? *part->filename : std::string();
    file.bytes = part->data;
  }
  return file;
}

// The space page for who may see it, else the refusal (404).
std::optional<Access> visible(Context& ctx, Service& service, long long programme_id) {
  auto a = service.access(ctx.me(), programme_id);
  if (!a || !a->sees()) return std::nullopt;
  return a;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/formations/programmes/{id:int}/anciens", web::perm::authenticated, [&service](Context& ctx) {
    auto a = visible(ctx, service, ctx.req.int_param("id"));
    if (!a) return ctx.error(404);
    return render_space(ctx, service, *a, {}, 200);
  });

  auto space_post = [&service](Context& ctx, const Outcome& o, const std::string& success_key) {
    const long long id = ctx.req.int_param("id");
    return web::finish(ctx, o, success_key, space_url(id), [&](const Outcome& failed, int status) {
      auto a = visible(ctx, service, id);
      if (!a) return ctx.error(404);
      return render_space(ctx, service, *a, Failed{failed.error, failed.field, "", "", ""}, status);
    });
  };

  app.post("/formations/programmes/{id:int}/anciens/adhesion", web::perm::authenticated,
           [&service, space_post](Context& ctx) {
             auto o = service.join(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
             return space_post(ctx, o, "alumni.flash.joined");
           });

  app.post("/formations/programmes/{id:int}/anciens/depart", web::perm::authenticated,
           [&service, space_post](Context& ctx) {
             auto o = service.leave(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
             return space_post(ctx, o, "alumni.flash.left");
           });

  app.post("/formations/programmes/{id:int}/anciens/courriels", web::perm::authenticated,
           [&service, space_post](Context& ctx) {
             auto o = service.toggle_mail(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
             return space_post(ctx, o, o.ok && o.id ? "alumni.flash.mail_off" : "alumni.flash.mail_on");
           });

  app.post("/formations/programmes/{id:int}/anciens/fils", web::perm::authenticated, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    std::string title = ctx.form.get("title"), body = ctx.form.get("body");
    auto o = service.create_thread(web::actor_of(ctx), ctx.me(), id, title, body, attachment_of(ctx));
    return web::finish(ctx, o, "alumni.flash.thread_created", thread_url(o.id), [&](const Outcome& f, int status) {
      auto a = visible(ctx, service, id);
      if (!a) return ctx.error(404);
      return render_space(ctx, service, *a, Failed{f.error, f.field, "thread", title, body}, status);
    });
  });

  app.get("/formations/anciens/fils/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto t = service.thread(ctx.req.int_param("id"));
    auto a = t ? visible(ctx, service, t->session_id) : std::nullopt;
    if (!a) return ctx.error(404);
    if (!a->reads()) return ctx.error(403);
    return render_thread(ctx, service, *a, *t, {}, 200);
  });

  app.post("/formations/anciens/fils/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    std::string body = ctx.form.get("body");
    auto o = service.reply(web::actor_of(ctx), ctx.me(), id, body, attachment_of(ctx));
    return web::finish(
        ctx, o, "alumni.flash.replied", thread_url(id) + "#message-" + std::to_string(o.id),
        [&](const Outcome& f, int status) {
          auto t = service.thread(id);
          auto a = t ? visible(ctx, service, t->session_id) : std::nullopt;
          if (!a) return ctx.error(404);
          return render_thread(ctx, service, *a, *t, Failed{f.error, f.field, "reply", "", body}, status);
        });
  });

  app.post("/formations/anciens/messages/{id:int}/suppression", web::perm::trainings_manage, [&service](Context& ctx) {
    auto o = service.remove_post(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, o, "alumni.flash.removed", o.ok ? thread_url(o.id) : std::string(),
                       [&](const Outcome& f, int) { return ctx.refused(f); });
  });

  app.get("/formations/anciens/fichiers/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto f = service.file(ctx.me(), ctx.req.int_param("id"));
    if (!f) return ctx.error(404);
    http::Response res;
    res.set_header("Content-Type", f->content_type);
    res.set_header("Content-Disposition", docs::attachment_disposition(f->file_name, f->content_type));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(f->bytes);
    return res;
  });
}

void register_dashboard(web::Dashboard&, Service&) {}

}  // namespace trame::alumni
