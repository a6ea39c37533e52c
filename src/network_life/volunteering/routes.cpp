#include <fstream>
#include <memory>

#include "network_life/volunteering/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/tabular.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::volunteering {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const char* kSpace = "/benevolat";
const char* kManage = "/benevolat/gestion";

std::string mission_url(long long id) {
  return std::string(kManage) + "/missions/" + std::to_string(id);
}

std::string period_text(Context& ctx, const std::string& from, const std::string& to) {
  if (to.empty()) return ctx.t("volunteering.since", {{"from", short_french_date(from)}});
  return ctx.t("volunteering.period", {{"from", short_french_date(from)}, {"to", short_french_date(to)}});
}

std::string month_text(const std::string& month) {
  return month.size() == 7 ? month.substr(5, 2) + "/" + month.substr(0, 4) : month;
}

Data mission_data(Context& ctx, const Mission& m) {
  Data d{Data::type::object};
  d.set("id", std::to_string(m.id));
  d.set("title", m.title);
  d.set("kind_label", ctx.t("volunteering.mission_kinds." + m.kind));
  d.set("organiser", m.organiser_name);
  set_if(d, "place", m.place_name);
  set_if(d, "recurrence", m.recurrence);
  set_if(d, "description", m.description);
  d.set("period", period_text(ctx, m.starts_on, m.ends_on));
  d.set("places", ctx.t("volunteering.places_taken",
                        {{"n", std::to_string(m.assigned_count)}, {"places", std::to_string(m.places)}}));
  d.set("full", web::flag(m.assigned_count >= m.places));
  d.set("url", mission_url(m.id));
  return d;
}

Data hours_data(Context& ctx, const HoursEntry& h) {
  Data d{Data::type::object};
  d.set("id", std::to_string(h.id));
  d.set("person", h.user_name);
  d.set("mission", h.mission_title);
  d.set("day", short_french_date(h.day));
  d.set("hours", format_quarters(h.quarters));
  set_if(d, "note", h.note);
  d.set("status", h.status);
  d.set("status_label", ctx.t("volunteering.hours_statuses." + h.status));
  set_if(d, "reason", h.reason);
  return d;
}

Data engagement_data(Context& ctx, const Engagement& e) {
  Data d{Data::type::object};
  d.set("id", std::to_string(e.id));
  d.set("person", e.user_name);
  d.set("email", e.user_email);
  d.set("organiser", e.organiser_name);
  d.set("kind_label", ctx.t("volunteering.kinds." + e.kind));
  d.set("period", period_text(ctx, e.starts_on, e.ends_on));
  set_if(d, "tutor", e.tutor_name);
  if (e.weekly_quarters) d.set("weekly", format_quarters(e.weekly_quarters));
  d.set("attestation_url", std::string(kSpace) + "/attestations/" + std::to_string(e.id) + "/attestation.pdf");
  return d;
}

// ---- The volunteer's space

http::Response space_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(), int status = 200,
                          const std::string& form = "") {
  auto s = service.my_space(ctx.me(), static_cast<int>(web::page_param(ctx.req)));
  Data data{Data::type::object};
  data.set("css", ctx.app.asset_url("css/meetings.css"));
  data.set("manages", web::flag(s.manages));
  Data engagements{Data::type::list};
  for (const auto& e : s.engagements) engagements.push_back(engagement_data(ctx, e));
  data.set("engagements", engagements);
  data.set("no_engagement", web::flag(s.engagements.empty()));
  Data mine{Data::type::list}, applied{Data::type::list}, choices{Data::type::list};
  std::string typed_mission = form == "hours" ? ctx.form.get("mission") : "";
  for (const auto& a : s.assignments) {
    Data d = mission_data(ctx, a.mission);
    if (a.status == "assigned") {
      mine.push_back(d);
      Data c{Data::type::object};
      c.set("value", std::to_string(a.mission_id));
      c.set("label", a.mission.title);
      c.set("selected", web::flag(typed_mission == std::to_string(a.mission_id)));
      choices.push_back(c);
    } else {
      applied.push_back(d);
    }
  }
  data.set("assigned", mine);
  data.set("no_assigned", web::flag(mine.is_empty_list()));
  data.set("applied", applied);
  data.set("has_applied", web::flag(!applied.is_empty_list()));
  data.set("mission_choices", choices);
  data.set("may_declare", web::flag(!choices.is_empty_list()));
  Data open{Data::type::list};
  for (const auto& m : s.open_missions) {
    Data d = mission_data(ctx, m);
    d.set("apply_url", std::string(kSpace) + "/missions/" + std::to_string(m.id) + "/candidature");
    open.push_back(d);
  }
  data.set("open_missions", open);
  data.set("no_open", web::flag(open.is_empty_list()));

  // Availabilities: a grid of weekdays × half-days.
  std::vector<std::string> checked;
  if (form == "slots") checked = ctx.form.all("slots");
  else
    for (const auto& sl : s.slots) checked.push_back(std::to_string(sl.weekday) + sl.half);
  Data days{Data::type::list};
  for (int w = 1; w <= 7; ++w) {
    Data d{Data::type::object};
    d.set("label", ctx.t("volunteering.weekdays.d" + std::to_string(w)));
    Data halves{Data::type::list};
    for (const char* half : {"am", "pm"}) {
      std::string value = std::to_string(w) + half;
      Data h{Data::type::object};
      h.set("value", value);
      h.set("label", ctx.t(std::string("volunteering.halves.") + half));
      h.set("checked", web::flag(std::find(checked.begin(), checked.end(), value) != checked.end()));
      halves.push_back(h);
    }
    d.set("halves", halves);
    days.push_back(d);
  }
  data.set("weekdays", days);
  Data periods{Data::type::list};
  for (const auto& u : s.unavailable) {
    Data d{Data::type::object};
    d.set("period", period_text(ctx, u.starts_on, u.ends_on));
    set_if(d, "note", u.note);
    periods.push_back(d);
  }
  data.set("unavailable", periods);
  data.set("no_unavailable", web::flag(periods.is_empty_list()));
  data.set("f_unavailable_from", form == "unavailable" ? ctx.form.get("unavailable_from") : "");
  data.set("f_unavailable_to", form == "unavailable" ? ctx.form.get("unavailable_to") : "");
  data.set("f_unavailable_note", form == "unavailable" ? ctx.form.get("unavailable_note") : "");

  // Hours
  std::string today = local_day(store::now_seconds());
  data.set("today", today);
  data.set("f_day", form == "hours" ? ctx.form.get("day") : today);
  data.set("f_hours", form == "hours" ? ctx.form.get("hours") : "");
  data.set("f_note", form == "hours" ? ctx.form.get("note") : "");
  Data hours{Data::type::list};
  for (const auto& h : s.hours.items) hours.push_back(hours_data(ctx, h));
  data.set("hours", hours);
  data.set("no_hours", web::flag(hours.is_empty_list()));
  data.set("pagination", web::pagination(ctx, s.hours.page, Service::kPerPage, s.hours.total, "/benevolat?"));
  Data months{Data::type::list};
  for (const auto& m : s.months) {
    Data d{Data::type::object};
    d.set("month", month_text(m.month));
    d.set("hours", format_quarters(m.quarters));
    months.push_back(d);
  }
  data.set("months", months);
  data.set("has_months", web::flag(!months.is_empty_list()));
  Data tutored{Data::type::list};
  for (const auto& e : s.tutored) tutored.push_back(engagement_data(ctx, e));
  data.set("tutored", tutored);
  data.set("has_tutored", web::flag(!tutored.is_empty_list()));

  if (!form.empty()) web::set_error(data, ctx, outcome, form);
  return ctx.render("network_life/volunteering/space", data, ctx.t("volunteering.space.title"), status);
}

web::FormAgain space_again(Context& ctx, Service& service, const std::string& form) {
  return [&ctx, &service, form](const Outcome& o, int status) { return space_page(ctx, service, o, status, form); };
}

// ---- The coordinator's space

int year_param(const Context& ctx) {
  auto y = ctx.req.query_param("annee");
  int now_year = local_date(store::now_seconds()).year;
  if (!y || y->size() != 4 || y->find_first_not_of("0123456789") != std::string::npos) return now_year;
  int year = std::stoi(*y);
  return year < 2000 || year > 2100 ? now_year : year;
}

long long named_page(const Context& ctx, const char* name) {
  auto p = ctx.req.query_param(name);
  if (!p || p->empty() || p->size() > 6 || p->find_first_not_of("0123456789") != std::string::npos) return 1;
  return std::max(1LL, std::stoll(*p));
}

Data choices_of(const std::vector<Choice>& list, const std::string& selected) {
  Data out{Data::type::list};
  for (const auto& c : list) {
    Data d{Data::type::object};
    d.set("value", std::to_string(c.id));
    d.set("label", c.name);
    d.set("selected", web::flag(selected == std::to_string(c.id)));
    out.push_back(d);
  }
  return out;
}

http::Response manage_page(Context& ctx, Service& service, const Outcome& outcome = Outcome::success(),
                           int status = 200, const std::string& form = "") {
  int year = year_param(ctx);
  int epage = static_cast<int>(named_page(ctx, "epage")), mpage = static_cast<int>(named_page(ctx, "mpage")),
      hpage = static_cast<int>(named_page(ctx, "hpage"));
  auto g = service.management(ctx.me(), epage, mpage, hpage, year);
  if (!g) return ctx.error(403);
  Data data{Data::type::object};
  data.set("css", ctx.app.asset_url("css/meetings.css"));
  data.set("year", std::to_string(year));
  data.set("prev_year", std::to_string(year - 1));
  data.set("next_year", std::to_string(year + 1));
  std::string base = std::string(kManage) + "?annee=" + std::to_string(year);
  std::string e = "&epage=" + std::to_string(g->engagements.page), m = "&mpage=" + std::to_string(g->missions.page),
              h = "&hpage=" + std::to_string(g->pending.page);
  // pagination() appends "page=N": the base ends with the parameter's prefix letter.
  data.set("engagements_pagination",
           web::pagination(ctx, g->engagements.page, Service::kPerPage, g->engagements.total, base + m + h + "&e"));
  data.set("missions_pagination",
           web::pagination(ctx, g->missions.page, Service::kPerPage, g->missions.total, base + e + h + "&m"));
  data.set("pending_pagination",
           web::pagination(ctx, g->pending.page, Service::kPerPage, g->pending.total, base + e + m + "&h"));
  Data engagements{Data::type::list};
  for (const auto& x : g->engagements.items) engagements.push_back(engagement_data(ctx, x));
  data.set("engagements", engagements);
  data.set("no_engagements", web::flag(engagements.is_empty_list()));
  Data missions{Data::type::list};
  for (const auto& x : g->missions.items) missions.push_back(mission_data(ctx, x));
  data.set("missions", missions);
  data.set("no_missions", web::flag(missions.is_empty_list()));
  std::string refused_id = form == "decide" ? ctx.form.get("hours_id") : "";
  Data pending{Data::type::list};
  for (const auto& x : g->pending.items) {
    Data d = hours_data(ctx, x);
    bool own = x.user_id == ctx.me().id;
    d.set("own", web::flag(own));
    d.set("validate_url", std::string(kManage) + "/heures/" + std::to_string(x.id) + "/validation");
    d.set("refuse_url", std::string(kManage) + "/heures/" + std::to_string(x.id) + "/refus");
    if (refused_id == std::to_string(x.id) && !outcome.ok) {
      d.set("row_error", ctx.t(outcome.error));
      d.set("f_reason", ctx.form.get("reason"));
    }
    pending.push_back(d);
  }
  data.set("pending", pending);
  data.set("no_pending", web::flag(pending.is_empty_list()));
  Data totals{Data::type::list};
  long long sum = 0;
  for (const auto& t : g->totals) {
    Data d{Data::type::object};
    d.set("person", t.user_name);
    d.set("month", month_text(t.month));
    d.set("hours", format_quarters(t.quarters));
    sum += t.quarters;
    totals.push_back(d);
  }
  data.set("totals", totals);
  data.set("no_totals", web::flag(totals.is_empty_list()));
  data.set("totals_sum", format_quarters(sum));
  data.set("xlsx_url", std::string(kManage) + "/heures.xlsx?annee=" + std::to_string(year));

  // The forms (their values kept when refused).
  bool en = form == "engagement", mi = form == "mission";
  std::string organiser = en || mi ? ctx.form.get("organiser") : "";
  if (organiser.empty() && g->organisers.size() == 1) organiser = std::to_string(g->organisers.front().id);
  data.set("organisers", choices_of(g->organisers, organiser));
  data.set("places", choices_of(g->places, mi ? ctx.form.get("place") : ""));
  data.set("kinds", web::options(ctx, engagement_kinds(), "volunteering.kinds.", en ? ctx.form.get("kind") : ""));
  data.set("mission_kinds",
           web::options(ctx, mission_kinds(), "volunteering.mission_kinds.", mi ? ctx.form.get("kind") : ""));
  for (const char* f : {"email", "starts_on", "ends_on", "tutor_email", "weekly_hours"})
    data.set(std::string("fe_") + f, en ? ctx.form.get(f) : "");
  for (const char* f : {"title", "description", "starts_on", "ends_on", "recurrence", "places"})
    data.set(std::string("fm_") + f, mi ? ctx.form.get(f) : "");
  if (form == "engagement" || form == "mission") web::set_error(data, ctx, outcome, form);
  return ctx.render("network_life/volunteering/manage", data, ctx.t("volunteering.manage.title"), status);
}

web::FormAgain manage_again(Context& ctx, Service& service, const std::string& form) {
  return [&ctx, &service, form](const Outcome& o, int status) { return manage_page(ctx, service, o, status, form); };
}

http::Response mission_page(Context& ctx, Service& service, long long id, const Outcome& outcome = Outcome::success(),
                            int status = 200) {
  auto v = service.mission(ctx.me(), id);
  if (!v) return ctx.error(404);
  Data data = mission_data(ctx, v->mission);
  data.set("css", ctx.app.asset_url("css/meetings.css"));
  Data people{Data::type::list};
  for (const auto& a : v->people) {
    Data d{Data::type::object};
    d.set("person", a.user_name);
    d.set("status_label", ctx.t("volunteering.assignment_statuses." + a.status));
    d.set("assigned", web::flag(a.status == "assigned"));
    people.push_back(d);
  }
  data.set("people", people);
  data.set("no_people", web::flag(people.is_empty_list()));
  data.set("candidates", choices_of(v->candidates, ctx.form.get("person")));
  data.set("has_candidates", web::flag(!v->candidates.empty()));
  data.set("assign_url", mission_url(id) + "/affectations");
  web::set_error(data, ctx, outcome);
  return ctx.render("network_life/volunteering/mission", data, v->mission.title, status);
}

std::optional<web::DashboardPanel> volunteer_panel(Context& ctx, Service& service) {
  const auto& me = ctx.me();
  auto next = service.next_assignment(me);
  long long ongoing = service.assigned_missions(me);
  if (!next && ongoing == 0) return std::nullopt;
  web::DashboardPanel p;
  p.key = "volunteering-mine";
  p.title = ctx.t("volunteering.dashboard.mine");
  if (next) {
    web::DashboardItem item;
    item.label = ctx.t("volunteering.dashboard.next", {{"title", next->mission.title}});
    item.url = kSpace;
    item.detail = next->mission.place_name.empty()
                      ? next->mission.recurrence
                      : next->mission.place_name +
                            (next->mission.recurrence.empty() ? std::string() : " — " + next->mission.recurrence);
    item.when = period_text(ctx, next->mission.starts_on, next->mission.ends_on);
    p.items.push_back(item);
  }
  if (ongoing > 0) {
    web::DashboardItem item;
    item.label = ctx.t("volunteering.dashboard.declare");
    item.url = std::string(kSpace) + "#heures";
    p.items.push_back(item);
  }
  p.more_url = kSpace;
  p.more_label = ctx.t("volunteering.dashboard.more");
  return p;
}

std::optional<web::DashboardPanel> coordinator_panel(Context& ctx, Service& service) {
  long long n = service.pending_to_validate(ctx.me());
  if (n < 0) return std::nullopt;
  web::DashboardPanel p;
  p.key = "volunteering-validate";
  p.title = ctx.t("volunteering.dashboard.validate");
  p.empty = ctx.t("volunteering.dashboard.nothing");
  if (n > 0) {
    web::DashboardItem item;
    item.label = ctx.t("volunteering.dashboard.pending", {{"n", std::to_string(n)}});
    item.url = std::string(kManage) + "#a-valider";
    p.items.push_back(item);
  }
  p.more_url = kManage;
  p.more_label = ctx.t("volunteering.dashboard.manage");
  return p;
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get(kSpace, web::perm::authenticated, [&service](Context& ctx) { return space_page(ctx, service); });
  app.post("/benevolat/disponibilites", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.set_availabilities(web::actor_of(ctx), ctx.me(), ctx.form.all("slots"));
    return web::finish(ctx, outcome, "volunteering.space.slots_saved", "/benevolat#disponibilites",
                       space_again(ctx, service, "slots"));
  });
  app.post("/benevolat/indisponibilites", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.add_unavailability(web::actor_of(ctx), ctx.me(), ctx.form.get("unavailable_from"),
                                              ctx.form.get("unavailable_to"), ctx.form.get("unavailable_note"));
    return web::finish(ctx, outcome, "volunteering.space.unavailable_saved", "/benevolat#disponibilites",
                       space_again(ctx, service, "unavailable"));
  });
  app.post("/benevolat/missions/{id:int}/candidature", web::perm::authenticated, [&service](Context& ctx) {
    auto outcome = service.apply(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, outcome, "volunteering.space.applied_done", "/benevolat#missions",
                       web::back_to(ctx, "/benevolat#missions"));
  });
  app.post("/benevolat/heures", web::perm::authenticated, [&service](Context& ctx) {
    HoursInput in{ctx.form.get("user"), ctx.form.get("mission"), ctx.form.get("day"), ctx.form.get("hours"),
                  ctx.form.get("note")};
    auto outcome = service.declare_hours(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "volunteering.space.hours_saved", "/benevolat#heures",
                       space_again(ctx, service, "hours"));
  });
  app.get("/benevolat/attestations/{id:int}/attestation.pdf", web::perm::authenticated, [&service](Context& ctx) {
    std::string pdf, name;
    auto outcome = service.attestation_pdf(ctx.me(), ctx.req.int_param("id"), pdf, name);
    if (!outcome.ok) return ctx.refused(outcome);
    http::Response res;
    res.status = 200;
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "inline; filename=\"" + name + "\"");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(pdf);
    return res;
  });

  app.get(kManage, perm::network_life_manage, [&service](Context& ctx) { return manage_page(ctx, service); });
  app.post("/benevolat/gestion/engagements", perm::network_life_manage, [&service](Context& ctx) {
    EngagementInput in{ctx.form.get("organiser"),   ctx.form.get("email"),   ctx.form.get("kind"),
                       ctx.form.get("starts_on"),   ctx.form.get("ends_on"), ctx.form.get("tutor_email"),
                       ctx.form.get("weekly_hours")};
    auto outcome = service.create_engagement(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "volunteering.manage.engaged", "/benevolat/gestion#engagements",
                       manage_again(ctx, service, "engagement"));
  });
  app.post("/benevolat/gestion/missions", perm::network_life_manage, [&service](Context& ctx) {
    MissionInput in{ctx.form.get("organiser"), ctx.form.get("title"),       ctx.form.get("kind"),
                    ctx.form.get("place"),     ctx.form.get("description"), ctx.form.get("starts_on"),
                    ctx.form.get("ends_on"),   ctx.form.get("recurrence"),  ctx.form.get("places")};
    auto outcome = service.create_mission(web::actor_of(ctx), ctx.me(), in);
    return web::finish(ctx, outcome, "volunteering.manage.mission_created", mission_url(outcome.id),
                       manage_again(ctx, service, "mission"));
  });
  app.get("/benevolat/gestion/missions/{id:int}", perm::network_life_manage,
          [&service](Context& ctx) { return mission_page(ctx, service, ctx.req.int_param("id")); });
  app.post("/benevolat/gestion/missions/{id:int}/affectations", perm::network_life_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.assign(web::actor_of(ctx), ctx.me(), id, web::parse_id(ctx.form.get("person")));
    return web::finish(
        ctx, outcome, "volunteering.mission.assigned", mission_url(id),
        [&ctx, &service, id](const Outcome& o, int status) { return mission_page(ctx, service, id, o, status); });
  });
  app.post("/benevolat/gestion/heures/{id:int}/validation", perm::network_life_manage, [&service](Context& ctx) {
    auto outcome = service.validate_hours(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, outcome, "volunteering.manage.validated", "/benevolat/gestion#a-valider",
                       web::back_to(ctx, "/benevolat/gestion#a-valider"));
  });
  app.post("/benevolat/gestion/heures/{id:int}/refus", perm::network_life_manage, [&service](Context& ctx) {
    auto outcome = service.refuse_hours(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), ctx.form.get("reason"));
    return web::finish(ctx, outcome, "volunteering.manage.refused", "/benevolat/gestion#a-valider",
                       manage_again(ctx, service, "decide"));
  });
  app.get("/benevolat/gestion/heures.xlsx", perm::network_life_manage, [&service](Context& ctx) {
    long long year = year_param(ctx);
    auto rows = service.validated_hours(ctx.me(), static_cast<int>(year));
    if (!rows) return ctx.error(403);
    std::vector<std::string> headers = {ctx.t("volunteering.xlsx.person"), ctx.t("volunteering.xlsx.mission"),
                                        ctx.t("volunteering.xlsx.day"),    ctx.t("volunteering.xlsx.hours"),
                                        ctx.t("volunteering.xlsx.note"),   ctx.t("volunteering.xlsx.validated_at")};
    auto book = std::make_shared<docs::XlsxFile>(ctx.t("volunteering.xlsx.sheet"), headers);
    for (const auto& h : *rows)
      book->add_row({docs::Cell(h.user_name), docs::Cell(h.mission_title), docs::Cell::day(h.day),
                     docs::Cell::decimal(hours_of(h.quarters), 2), docs::Cell(h.note),
                     docs::Cell::date_time(h.decided_at)});
    auto file = std::make_shared<std::ifstream>(book->close(), std::ios::binary);
    http::Response res;
    res.set_header("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    res.set_header("Content-Disposition",
                   "attachment; filename=\"heures-benevolat-" + std::to_string(year) + ".xlsx\"");
    res.set_header("Cache-Control", "private, no-store");
    res.next_chunk = [book, file]() -> std::optional<std::string> {
      std::string piece(64 * 1024, '\0');
      file->read(piece.data(), static_cast<std::streamsize>(piece.size()));
      piece.resize(static_cast<std::size_t>(file->gcount()));
      if (piece.empty()) return std::nullopt;
      return piece;
    };
    return res;
  });
}

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(420, [&service](Context& ctx) { return volunteer_panel(ctx, service); });
  dashboard.add(421, [&service](Context& ctx) { return coordinator_panel(ctx, service); });
}

}  // namespace trame::volunteering
