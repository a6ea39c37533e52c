#include <algorithm>

#include "network_life/assembly/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::assembly {

namespace {

using web::Context;
using web::Data;
using web::set_if;

constexpr const char* kBase = "/adherents/assemblees";

std::string assembly_url(long long id) {
  return std::string(kBase) + "/" + std::to_string(id);
}

std::string fraction_text(const Fraction& f) {
  return std::to_string(f.num) + "/" + std::to_string(f.den);
}

Data choices(const std::vector<members::MemberOrganisation>& list, long long selected, long long skip = 0) {
  Data out{Data::type::list};
  for (const auto& m : list) {
    if (m.organisation_id == skip) continue;
    Data d{Data::type::object};
    d.set("value", std::to_string(m.organisation_id));
    d.set("label", m.name);
    d.set("selected", web::flag(m.organisation_id == selected));
    out.push_back(d);
  }
  return out;
}

Data status_choices(Context& ctx, const std::string& selected) {
  return web::options(ctx, attendance_statuses(), "assembly.statuses.", selected);
}

http::Response list_page(Context& ctx, Service& service, const AssemblyInput* typed, const Outcome& outcome,
                         int status) {
  auto page = service.list(ctx.me(), static_cast<int>(web::page_param(ctx.req)));
  if (!page) return ctx.error(404);
  Data data{Data::type::object};
  data.set("base_url", kBase);
  Data items{Data::type::list};
  for (const auto& a : page->items) {
    Data d{Data::type::object};
    d.set("url", assembly_url(a.id));
    d.set("title", a.title);
    d.set("organiser", a.organiser_name);
    d.set("kind", ctx.t("assembly.kinds." + a.kind));
    d.set("when", service.when(a.starts_at, a.ends_at));
    d.set("state", ctx.t(a.published()     ? "assembly.states.published"
                         : a.notice_sent() ? "assembly.states.convened"
                                           : "assembly.states.preparing"));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("pagination", web::pagination(ctx, page->page, Service::kPerPage, page->total, std::string(kBase) + "?"));
  auto organisers = service.organisers(ctx.me());
  if (!organisers.empty()) {
    data.set("may_create", web::flag(true));
    AssemblyInput blank;
    blank.kind = "ordinary";
    blank.year = format_local(store::now_seconds(), "%Y");
    const AssemblyInput& in = typed ? *typed : blank;
    Data orgs{Data::type::list};
    for (const auto& [id, name] : organisers) {
      Data d{Data::type::object};
      d.set("value", std::to_string(id));
      d.set("label", name);
      d.set("selected", web::flag(std::to_string(id) == in.organiser));
      orgs.push_back(d);
    }
    data.set("organisers", orgs);
    data.set("kinds", web::options(ctx, kinds(), "assembly.kinds.", in.kind));
    data.set("f_title", in.title);
    data.set("f_starts", in.starts);
    data.set("f_ends", in.ends);
    data.set("f_place", in.place);
    data.set("f_video_url", in.video_url);
    data.set("f_year", in.year);
    data.set("f_agenda", in.agenda);
    data.set("open_form", web::flag(typed != nullptr));
  }
  web::set_error(data, ctx, outcome);
  return ctx.render("network_life/assembly/list", data, ctx.t("assembly.list.title"), status);
}

http::Response assembly_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                             int status = 200, const http::Form* typed = nullptr, const std::string& form = "") {
  auto v = service.view(ctx.me(), id);
  if (!v) return ctx.error(404);
  const Assembly& a = v->assembly;
  long long now = store::now_seconds();
  bool locked = a.published();
  Data data{Data::type::object};
  std::string url = assembly_url(id);
  data.set("base_url", kBase);
  data.set("url", url);
  data.set("title", a.title);
  data.set("organiser", a.organiser_name);
  data.set("kind", ctx.t("assembly.kinds." + a.kind));
  data.set("when", service.when(a.starts_at, a.ends_at));
  set_if(data, "place", a.place);
  set_if(data, "video_url", a.video_url);
  data.set("year", std::to_string(a.member_year));
  data.set("manages", web::flag(v->manages));
  data.set("locked", web::flag(locked));
  data.set("state", ctx.t(locked            ? "assembly.states.published"
                          : a.notice_sent() ? "assembly.states.convened"
                                            : "assembly.states.preparing"));
  if (a.notice_sent())
    data.set("notice_info", ctx.t("assembly.notice.sent", {{"when", web::format_datetime(a.notice_sent_at, ctx.locale)},
                                                           {"n", std::to_string(a.notice_count)}}));
  data.set("notice_days", std::to_string(v->rules.notice_days));
  data.set("proxy_limit", std::to_string(v->rules.proxy_limit));

  Data agenda{Data::type::list};
  for (const auto& item : v->agenda) {
    Data d{Data::type::object};
    d.set("title", item.title);
    agenda.push_back(d);
  }
  data.set("agenda", agenda);

  // Quorum
  long long member_count = static_cast<long long>(v->members.size());
  data.set("quorum_summary", ctx.t("assembly.quorum.page", {{"members", std::to_string(member_count)},
                                                            {"voters", std::to_string(v->voters)},
                                                            {"needed", std::to_string(v->needed)},
                                                            {"fraction", fraction_text(v->rules.quorum)}}));
  data.set("quorum", web::flag(v->quorum));
  data.set("quorum_label", ctx.t(v->quorum ? "assembly.quorum.reached" : "assembly.quorum.not_reached"));

  // Resolutions
  bool started = a.starts_at <= now;
  bool may_vote = v->manages && !locked && started && v->quorum;
  Data resolutions{Data::type::list};
  long long n = 0;
  for (const auto& r : v->resolutions) {
    Data d{Data::type::object};
    d.set("id", std::to_string(r.id));
    d.set("n", std::to_string(++n));
    d.set("title", r.title);
    set_if(d, "body", r.body);
    d.set("majority", r.majority == "qualified" ? ctx.t("assembly.majorities.qualified_with",
                                                        {{"fraction", fraction_text(v->rules.qualified)}})
                                                : ctx.t("assembly.majorities.simple"));
    if (!r.result.empty()) {
      d.set("voted", web::flag(true));
      d.set("votes", ctx.t("assembly.resolutions.votes", {{"for", std::to_string(r.votes_for)},
                                                          {"against", std::to_string(r.votes_against)},
                                                          {"abstain", std::to_string(r.votes_abstain)}}));
      d.set("result", ctx.t("assembly.results." + r.result));
      d.set("result_key", r.result);
    }
    d.set("may_vote", web::flag(may_vote));
    if (may_vote) {
      bool retyped = typed && form == "votes_" + std::to_string(r.id);
      d.set("f_for", retyped ? typed->get("for") : (r.result.empty() ? "" : std::to_string(r.votes_for)));
      d.set("f_against", retyped ? typed->get("against") : (r.result.empty() ? "" : std::to_string(r.votes_against)));
      d.set("f_abstain", retyped ? typed->get("abstain") : (r.result.empty() ? "" : std::to_string(r.votes_abstain)));
      if (retyped && !outcome.ok) {
        d.set("row_error", ctx.t(outcome.error));
        d.set("row_error_" + (outcome.field.empty() ? std::string("for") : outcome.field), web::flag(true));
      }
    }
    resolutions.push_back(d);
  }
  data.set("resolutions", resolutions);
  data.set("no_resolutions", web::flag(resolutions.is_empty_list()));
  data.set("may_add_resolution", web::flag(v->manages && !locked));
  if (v->manages && !locked) {
    bool retyped = typed && form == "resolution";
    data.set("f_res_title", retyped ? typed->get("title") : "");
    data.set("f_res_body", retyped ? typed->get("body") : "");
    data.set("majorities",
             web::options(ctx, majorities(), "assembly.majorities.", retyped ? typed->get("majority") : "simple"));
  }
  data.set("votes_waiting", web::flag(v->manages && !locked && (!started || !v->quorum)));
  data.set("votes_waiting_text",
           ctx.t(!started ? "assembly.resolutions.wait_start" : "assembly.resolutions.wait_quorum"));

  // Attendance: one row per member organisation of the year.
  Data rows{Data::type::list};
  for (const auto& m : v->members) {
    Data d{Data::type::object};
    d.set("id", std::to_string(m.organisation_id));
    d.set("name", m.name);
    std::string st = "absent";
    long long holder = 0;
    std::string holder_name;
    for (const auto& row : v->attendance)
      if (row.organisation_id == m.organisation_id) {
        st = row.status;
        holder = row.holder_id;
        holder_name = row.holder_name;
      }
    long long held = std::count_if(v->attendance.begin(), v->attendance.end(), [&](const Attendance& x) {
      return x.status == "represented" && x.holder_id == m.organisation_id;
    });
    d.set("status", ctx.t("assembly.statuses." + st));
    d.set("status_key", st);
    set_if(d, "holder", holder_name);
    if (held) d.set("held", ctx.t("assembly.attendance.held", {{"n", std::to_string(held)}}));
    bool retyped = typed && form == "attendance" && typed->get("organisation") == std::to_string(m.organisation_id);
    if (v->manages && !locked) {
      d.set("statuses", status_choices(ctx, retyped ? typed->get("status") : st));
      d.set("holders", choices(v->members, retyped ? web::parse_id(typed->get("holder")) : holder, m.organisation_id));
      if (retyped && !outcome.ok) {
        d.set("row_error", ctx.t(outcome.error));
        d.set("row_error_" + (outcome.field.empty() ? std::string("status") : outcome.field), web::flag(true));
      }
    }
    rows.push_back(d);
  }
  data.set("members", rows);
  data.set("no_members", web::flag(rows.is_empty_list()));
  data.set("may_record", web::flag(v->manages && !locked));

  // My organisations: own attendance or proxy, before the day.
  Data mine{Data::type::list};
  for (const auto& m : v->mine) {
    Data d{Data::type::object};
    d.set("id", std::to_string(m.organisation_id));
    d.set("name", m.name);
    std::string st = "absent";
    long long holder = 0;
    std::string holder_name;
    bool known = false;
    for (const auto& row : v->attendance)
      if (row.organisation_id == m.organisation_id) {
        st = row.status;
        holder = row.holder_id;
        holder_name = row.holder_name;
        known = true;
      }
    d.set("current", known ? ctx.t("assembly.statuses." + st) : ctx.t("assembly.mine.unknown"));
    set_if(d, "holder_name", holder_name);
    bool retyped = typed && form == "mine" && typed->get("organisation") == std::to_string(m.organisation_id);
    if (v->may_give_proxy) {
      std::string chosen = retyped ? typed->get("status") : st;
      Data radios{Data::type::list};
      for (const auto& s : attendance_statuses()) {
        Data r{Data::type::object};
        r.set("value", s);
        r.set("label", ctx.t("assembly.mine.choices." + s));
        r.set("checked", web::flag(s == chosen));
        radios.push_back(r);
      }
      d.set("radios", radios);
      d.set("may_change", web::flag(true));
      d.set("holders", choices(v->members, retyped ? web::parse_id(typed->get("holder")) : holder, m.organisation_id));
      if (retyped && !outcome.ok) {
        d.set("row_error", ctx.t(outcome.error));
        d.set("row_error_" + (outcome.field.empty() ? std::string("status") : outcome.field), web::flag(true));
      }
    }
    mine.push_back(d);
  }
  data.set("mine", mine);
  data.set("has_mine", web::flag(!v->mine.empty()));
  data.set("may_give_proxy", web::flag(v->may_give_proxy));

  // Editing the details and the agenda, until the notice leaves.
  bool may_edit = v->manages && !locked && !a.notice_sent();
  data.set("may_edit", web::flag(may_edit));
  if (may_edit) {
    bool retyped = typed && form == "edit";
    std::string agenda_text;
    for (const auto& item : v->agenda) agenda_text += (agenda_text.empty() ? "" : "\n") + item.title;
    data.set("edit_kinds", web::options(ctx, kinds(), "assembly.kinds.", retyped ? typed->get("kind") : a.kind));
    data.set("e_title", retyped ? typed->get("title") : a.title);
    data.set("e_starts", retyped ? typed->get("starts") : local_input(a.starts_at));
    data.set("e_ends", retyped ? typed->get("ends") : local_input(a.ends_at));
    data.set("e_place", retyped ? typed->get("place") : a.place);
    data.set("e_video_url", retyped ? typed->get("video_url") : a.video_url);
    data.set("e_year", retyped ? typed->get("year") : std::to_string(a.member_year));
    data.set("e_agenda", retyped ? typed->get("agenda") : agenda_text);
  }

  // Notice and publication
  data.set("may_send_notice", web::flag(v->manages && !locked && !a.notice_sent()));
  data.set("may_publish", web::flag(v->manages && !locked && started));
  data.set("pdf_url", url + "/proces-verbal.pdf");
  if (locked)
    data.set("published_info",
             ctx.t("assembly.minutes.published_on", {{"when", web::format_datetime(a.published_at, ctx.locale)}}));

  if (!form.empty() && form != "attendance" && form != "mine" && form.rfind("votes_", 0) != 0)
    web::set_error(data, ctx, outcome, form);
  else if (!outcome.ok) data.set("error", ctx.t(outcome.error));
  return ctx.render("network_life/assembly/assembly", data, a.title, status);
}

web::FormAgain again(Context& ctx, Service& service, long long id, const std::string& form) {
  return [&ctx, &service, id, form](const Outcome& o, int status) {
    return assembly_page(ctx, service, id, o, status, &ctx.form, form);
  };
}

std::optional<web::DashboardPanel> panel(Context& ctx, Service& service) {
  if (ctx.me().id == 0) return std::nullopt;
  auto v = service.next_for(ctx.me());
  if (!v) return std::nullopt;
  web::DashboardPanel p;
  p.key = "network-life-assembly";
  p.title = ctx.t("assembly.dashboard.title");
  p.empty = ctx.t("assembly.dashboard.empty");
  p.more_url = kBase;
  p.more_label = ctx.t("assembly.dashboard.more");
  const Assembly& a = v->assembly;
  std::string label = v->manages ? ctx.t("assembly.dashboard.prepare", {{"title", a.title}})
                                 : ctx.t("assembly.dashboard.answer", {{"title", a.title}});
  std::string detail = v->manages
                           ? ctx.t(a.notice_sent() ? "assembly.dashboard.convened" : "assembly.dashboard.to_convene")
                           : ctx.t("assembly.dashboard.member_detail", {{"organiser", a.organiser_name}});
  p.items.push_back({label, assembly_url(a.id), detail, web::format_datetime(a.starts_at, ctx.locale),
                     v->manages && !a.notice_sent()});
  return p;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kBase, web::perm::authenticated,
          [&service](Context& ctx) { return list_page(ctx, service, nullptr, Outcome::success(), 200); });
  app.post(kBase, web::perm::authenticated, [&service](Context& ctx) {
    const auto& f = ctx.form;
    AssemblyInput in{f.get("organiser"), f.get("kind"),      f.get("title"), f.get("starts"), f.get("ends"),
                     f.get("place"),     f.get("video_url"), f.get("year"),  f.get("agenda")};
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "assembly.list.created", assembly_url(outcome.id),
                       [&](const Outcome& o, int status) { return list_page(ctx, service, &in, o, status); });
  });
  app.get(std::string(kBase) + "/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return assembly_page(ctx, service, ctx.req.int_param("id")); });
  app.post(std::string(kBase) + "/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    const auto& f = ctx.form;
    AssemblyInput in{"",
                     f.get("kind"),
                     f.get("title"),
                     f.get("starts"),
                     f.get("ends"),
                     f.get("place"),
                     f.get("video_url"),
                     f.get("year"),
                     f.get("agenda")};
    auto outcome = service.update(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "assembly.page.updated", assembly_url(id), again(ctx, service, id, "edit"));
  });
  app.post(std::string(kBase) + "/{id:int}/resolutions", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    ResolutionInput in{ctx.form.get("title"), ctx.form.get("body"), ctx.form.get("majority")};
    auto outcome = service.add_resolution(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, outcome, "assembly.resolutions.added", assembly_url(id) + "#resolutions",
                       again(ctx, service, id, "resolution"));
  });
  app.post(std::string(kBase) + "/{id:int}/resolutions/{resolution:int}/votes", web::perm::authenticated,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id"), resolution = ctx.req.int_param("resolution");
             VotesInput in{ctx.form.get("for"), ctx.form.get("against"), ctx.form.get("abstain")};
             auto outcome = service.record_votes(web::actor_of(ctx), ctx.me(), id, resolution, in);
             return web::finish(ctx, outcome, "assembly.resolutions.voted",
                                assembly_url(id) + "#resolution-" + std::to_string(resolution),
                                again(ctx, service, id, "votes_" + std::to_string(resolution)));
           });
  app.post(std::string(kBase) + "/{id:int}/convocation", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.send_notice(web::actor_of(ctx), ctx.me(), id);
    return web::finish_with(ctx, outcome, "assembly.notice.done", {{"n", std::to_string(outcome.id)}}, assembly_url(id),
                            again(ctx, service, id, "notice"));
  });
  app.post(std::string(kBase) + "/{id:int}/presences", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    AttendanceInput in{ctx.form.get("organisation"), ctx.form.get("status"), ctx.form.get("holder")};
    auto outcome = service.record_attendance(web::actor_of(ctx), ctx.me(), id, in);
    bool own = ctx.form.get("form") == "mine";
    return web::finish(ctx, outcome, "assembly.attendance.saved",
                       assembly_url(id) + (own ? "#ma-participation" : "#presences"),
                       again(ctx, service, id, own ? "mine" : "attendance"));
  });
  app.post(std::string(kBase) + "/{id:int}/publication", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.publish(web::actor_of(ctx), ctx.me(), id);
    return web::finish(ctx, outcome, "assembly.minutes.done", assembly_url(id), again(ctx, service, id, "publish"));
  });
  app.get(std::string(kBase) + "/{id:int}/proces-verbal.pdf", web::perm::authenticated, [&service](Context& ctx) {
    std::string pdf, name;
    auto outcome = service.minutes_pdf(ctx.me(), ctx.req.int_param("id"), pdf, name);
    if (!outcome.ok) return ctx.refused(outcome);
    http::Response res;
    res.status = 200;
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "inline; filename=\"" + name + "\"");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(pdf);
    return res;
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(430, [&service](Context& ctx) { return panel(ctx, service); });
}

}  // namespace trame::assembly
