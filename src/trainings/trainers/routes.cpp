#include "platform/core/calendar.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"
#include "trainings/trainers/service.hpp"

namespace trame::trainers {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string profile_url(long long user_id) {
  return "/formations/formateurs/" + std::to_string(user_id);
}

const Principal* principal(Context& ctx) {
  return ctx.user ? &ctx.me() : nullptr;
}

std::string size_text(long long bytes) {
  if (bytes < 1024) return std::to_string(bytes) + " o";
  if (bytes < 1024 * 1024) return std::to_string(bytes / 1024) + " Ko";
  long long tenths = bytes * 10 / (1024 * 1024);
  return std::to_string(tenths / 10) + "," + std::to_string(tenths % 10) + " Mo";
}

Data skills_data(Context& ctx, const std::vector<SkillEntry>& skills) {
  Data list{Data::type::list};
  for (const auto& e : skills) {
    Data d{Data::type::object};
    d.set("id", std::to_string(e.id));
    d.set("day", short_french_date(e.day));
    d.set("title", e.title);
    d.set("kind", ctx.t("trainers.kinds." + e.kind));
    d.set("hours", format_hours(e.minutes));
    set_if(d, "note", e.note);
    list.push_back(d);
  }
  return list;
}

void profile_data(Context& ctx, Data& data, const Profile& p) {
  data.set("name", p.name);
  set_if(data, "expertise", p.expertise);
  if (p.years_practice > 0)
    data.set("years", ctx.t("trainers.public.years", {{"n", std::to_string(p.years_practice)}}));
  data.set("consent", web::flag(p.public_consent));
  if (p.cv_size > 0) {
    data.set("cv_url", profile_url(p.user_id) + "/cv");
    data.set("cv_name", p.cv_name);
    data.set("cv_size", size_text(p.cv_size));
    data.set("cv_date", web::format_datetime(p.cv_uploaded_at, ctx.locale));
  }
  data.set("css", ctx.app.asset_url("css/trainings.css"));
}

struct Kept {
  ProfileInput profile;
  SkillInput skill;
};

http::Response mine_page(Context& ctx, Service& service, const Kept* kept = nullptr,
                         const Outcome& outcome = Outcome::success(), int status = 200, const std::string& form = "") {
  auto v = service.mine(ctx.me());
  Data data{Data::type::object};
  profile_data(ctx, data, v.profile);
  data.set("name", ctx.me().name);
  data.set("profile_url", profile_url(ctx.me().id));
  ProfileInput in =
      form == "profile" && kept
          ? kept->profile
          : ProfileInput{v.profile.expertise, v.profile.exists ? std::to_string(v.profile.years_practice) : "",
                         v.profile.public_consent ? "1" : ""};
  data.set("f_expertise", in.expertise);
  data.set("f_years", in.years_practice);
  data.set("f_consent", web::flag(in.consent == "1"));
  SkillInput s =
      form == "skill" && kept ? kept->skill : SkillInput{local_day(store::now_seconds()), "", "course", "", ""};
  data.set("f_skill_day", s.day);
  data.set("f_skill_title", s.title);
  data.set("f_skill_hours", s.hours);
  data.set("f_skill_note", s.note);
  data.set("kinds", web::options(ctx, skill_kinds(), "trainers.kinds.", s.kind));
  data.set("skills", skills_data(ctx, v.skills));
  data.set("no_skills", web::flag(v.skills.empty()));
  web::set_error(data, ctx, outcome, form.empty() ? "profile" : form);
  return ctx.render("trainings/trainers/mine", data, ctx.t("trainers.mine.title"), status);
}

http::Response profile_page(Context& ctx, Service& service, long long user_id) {
  ProfileView v;
  auto seen = service.view(principal(ctx), user_id, v);
  if (!seen.ok) return ctx.refused(seen);
  Data data{Data::type::object};
  profile_data(ctx, data, v.profile);
  data.set("own", web::flag(v.own));
  data.set("manager", web::flag(v.manager));
  data.set("no_profile", web::flag(!v.profile.exists));
  data.set("skills", skills_data(ctx, v.skills));
  data.set("no_skills", web::flag(v.skills.empty()));
  data.set("show_skills", web::flag(v.own || v.manager || !v.skills.empty()));
  return ctx.render("trainings/trainers/profile", data, ctx.t("trainers.profile.title", {{"name", v.profile.name}}));
}

http::Response list_page(Context& ctx, Service& service) {
  auto page = service.list(ctx.me(), static_cast<int>(web::page_param(ctx.req)));
  std::string since = local_day(store::now_seconds() - kStaleDays * 86400);
  Data data{Data::type::object};
  Data items{Data::type::list};
  for (const auto& p : page.items) {
    Data d{Data::type::object};
    d.set("name", p.name);
    d.set("url", profile_url(p.user_id));
    d.set("years", p.exists ? std::to_string(p.years_practice) : std::string("—"));
    d.set("cv", ctx.t(p.cv_size > 0 ? "trainers.list.yes" : "trainers.list.no"));
    d.set("consent", ctx.t(p.public_consent ? "trainers.list.yes" : "trainers.list.no"));
    d.set("last", p.last_skill_day.empty() ? ctx.t("trainers.list.never") : short_french_date(p.last_skill_day));
    d.set("stale", web::flag(p.last_skill_day < since));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(page.items.empty()));
  data.set("summary", ctx.t("trainers.list.summary", {{"total", std::to_string(page.total)},
                                                      {"with", std::to_string(page.with_entries)},
                                                      {"stale", std::to_string(page.stale)}}));
  data.set("pagination", web::pagination(ctx, page.page, Service::kPerPage, page.total, "/formations/formateurs?"));
  data.set("css", ctx.app.asset_url("css/trainings.css"));
  return ctx.render("trainings/trainers/list", data, ctx.t("trainers.list.title"));
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/formations/formateurs", web::perm::trainings_manage,
          [&service](Context& ctx) { return list_page(ctx, service); });
  app.get("/formations/formateurs/moi", web::perm::trainings_teach,
          [&service](Context& ctx) { return mine_page(ctx, service); });
  app.post("/formations/formateurs/moi", web::perm::trainings_teach, [&service](Context& ctx) {
    Kept kept;
    kept.profile = {ctx.form.get("expertise"), ctx.form.get("years_practice"), ctx.form.get("consent")};
    auto outcome = service.save_profile(web::actor_of(ctx), ctx.me(), kept.profile);
    return web::finish(
        ctx, outcome, "trainers.mine.saved", "/formations/formateurs/moi",
        [&](const Outcome& o, int status) { return mine_page(ctx, service, &kept, o, status, "profile"); });
  });
  app.post("/formations/formateurs/moi/cv", web::perm::trainings_teach, [&service](Context& ctx) {
    const http::Part* file = ctx.file("cv");
    auto outcome = service.upload_cv(web::actor_of(ctx), ctx.me(), file ? file->filename.value_or("") : std::string(),
                                     file ? file->data : std::string());
    return web::finish(ctx, outcome, "trainers.mine.cv_saved", "/formations/formateurs/moi#cv",
                       [&](const Outcome& o, int status) { return mine_page(ctx, service, nullptr, o, status, "cv"); });
  });
  app.post("/formations/formateurs/moi/cv/supprimer", web::perm::trainings_teach, [&service](Context& ctx) {
    auto outcome = service.remove_cv(web::actor_of(ctx), ctx.me());
    return web::finish(ctx, outcome, "trainers.mine.cv_removed", "/formations/formateurs/moi#cv",
                       web::back_to(ctx, "/formations/formateurs/moi#cv"));
  });
  app.post("/formations/formateurs/moi/veille", web::perm::trainings_teach, [&service](Context& ctx) {
    Kept kept;
    kept.skill = {ctx.form.get("skill_day"), ctx.form.get("skill_title"), ctx.form.get("skill_kind"),
                  ctx.form.get("skill_hours"), ctx.form.get("skill_note")};
    auto outcome = service.add_skill(web::actor_of(ctx), ctx.me(), kept.skill);
    return web::finish(
        ctx, outcome, "trainers.mine.skill_added", "/formations/formateurs/moi#veille",
        [&](const Outcome& o, int status) { return mine_page(ctx, service, &kept, o, status, "skill"); });
  });
  app.post("/formations/formateurs/moi/veille/{id:int}/supprimer", web::perm::trainings_teach,
           [&service](Context& ctx) {
             auto outcome = service.remove_skill(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
             return web::finish(ctx, outcome, "trainers.mine.skill_removed", "/formations/formateurs/moi#veille",
                                web::back_to(ctx, "/formations/formateurs/moi#veille"));
           });
  app.get("/formations/formateurs/{id:int}", web::perm::public_access,
          [&service](Context& ctx) { return profile_page(ctx, service, ctx.req.int_param("id")); });
  app.get("/formations/formateurs/{id:int}/cv", web::perm::public_access, [&service](Context& ctx) {
    std::string name, bytes;
    auto outcome = service.cv(principal(ctx), ctx.req.int_param("id"), name, bytes);
    if (!outcome.ok) return ctx.refused(outcome);
    http::Response res;
    res.body = std::move(bytes);
    res.set_header("Content-Type", docs::kPdf);
    res.set_header("Content-Disposition", docs::attachment_disposition(name, docs::kPdf));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Cache-Control", "private, no-store");
    return res;
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(216, [&service](Context& ctx) -> std::optional<web::DashboardPanel> {
    if (!ctx.user) return std::nullopt;
    const auto& me = ctx.me();
    bool teaches = me.has_role("trainer");
    bool manages = !me.is_admin() && me.can(perm::trainings_manage);
    if (!teaches && !manages) return std::nullopt;
    std::string since = local_day(store::now_seconds() - kStaleDays * 86400);
    web::DashboardPanel panel;
    panel.key = "trainers-profiles";
    panel.title = ctx.t("trainers.dashboard.title");
    panel.empty = ctx.t("trainers.dashboard.empty");
    if (teaches) {
      auto v = service.mine(me);
      web::DashboardItem item;
      item.label = ctx.t("trainers.mine.title");
      item.url = "/formations/formateurs/moi";
      item.detail = v.profile.last_skill_day.empty() ? ctx.t("trainers.dashboard.no_entry")
                                                     : ctx.t("trainers.dashboard.last_entry",
                                                             {{"date", short_french_date(v.profile.last_skill_day)}});
      item.urgent = v.profile.last_skill_day < since;
      panel.items.push_back(item);
    }
    if (manages) {
      auto page = service.list(me, 1);
      if (page.total > 0) {
        web::DashboardItem item;
        item.label = ctx.t("trainers.list.title");
        item.url = "/formations/formateurs";
        item.detail = ctx.t("trainers.dashboard.stale", {{"n", std::to_string(page.stale)}});
        item.urgent = page.stale > 0;
        panel.items.push_back(item);
      }
    }
    if (panel.items.empty()) return std::nullopt;
    return panel;
  });
}

}  // namespace trame::trainers
