#include "certification/evaluations/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/web/app.hpp"

namespace trame::evaluations {

namespace {

using web::Context;
using web::Data;
using web::set_if;

std::string session_url(long long id) {
  return "/certifications/sessions/" + std::to_string(id);
}
std::string registration_url(long long id) {
  return "/certifications/inscriptions/" + std::to_string(id);
}

ActingFor managed_by(const Context& ctx) {
  return ctx.me().acting_for(web::perm::certifications_manage);
}

std::string when(long long t) {
  return format_local(t, "%d/%m/%Y %H:%M");
}

SessionInput session_input(const http::Form& f) {
  return SessionInput{f.get("title"),   f.get("day"),          f.get("place"),
                      f.get("address"), f.get("deadline_day"), f.get("deadline_time")};
}

SessionInput input_of(const EvaluationSession& s) {
  SessionInput in{s.title, s.day, s.place, s.address, "", ""};
  if (s.report_deadline) {
    in.deadline_day = local_day(s.report_deadline);
    in.deadline_time = format_local(s.report_deadline, "%H:%M");
  }
  return in;
}

void set_session_fields(Data& data, const SessionInput& in) {
  data.set("title", in.title);
  data.set("day", in.day);
  data.set("place", in.place);
  data.set("address", in.address);
  data.set("deadline_day", in.deadline_day);
  data.set("deadline_time", in.deadline_time);
}

Data reports_data(const std::vector<Report>& reports) {
  Data list{Data::type::list};
  for (const auto& r : reports) {
    Data d{Data::type::object};
    d.set("url", "/certifications/rapports/" + std::to_string(r.id));
    d.set("filename", r.filename);
    d.set("size", std::to_string((r.size + 1023) / 1024));
    d.set("sha256", r.sha256);
    d.set("received", format_local(r.received_at, "%d/%m/%Y %H:%M:%S"));
    d.set("current", web::flag(r.replaced_at == 0));
    list.push_back(d);
  }
  return list;
}

Data slots_data(const Context& ctx, const Entry& e) {
  Data list{Data::type::list};
  for (const auto& s : e.slots) {
    Data d{Data::type::object};
    d.set("kind", ctx.t("evaluations.kinds." + s.kind));
    d.set("from", format_local(s.starts_at, "%H:%M"));
    d.set("to", format_local(s.ends_at, "%H:%M"));
    list.push_back(d);
  }
  return list;
}

http::Response sessions_page(Context& ctx, Service& service, const SessionInput& in, const Outcome& outcome,
                             int status) {
  long long id = ctx.req.int_param("id");
  auto r = service.candidates().referential().managed(managed_by(ctx), id);
  if (!r) return ctx.error(404);
  Data data{Data::type::object};
  data.set("certification", r->version.title);
  data.set("certification_url", "/certifications/" + std::to_string(id));
  data.set("candidates_url", "/certifications/" + std::to_string(id) + "/candidats");
  data.set("action", "/certifications/" + std::to_string(id) + "/sessions");
  Data items{Data::type::list};
  for (const auto& s : service.sessions(managed_by(ctx), id)) {
    Data d{Data::type::object};
    d.set("url", session_url(s.id));
    d.set("title", s.title);
    d.set("day", short_french_date(s.day));
    d.set("place", s.place);
    d.set("status_label", ctx.t("evaluations.statuses." + s.status));
    d.set("entries", ctx.t("evaluations.sessions.entries", {{"n", std::to_string(s.entries)}}));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  set_session_fields(data, in);
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/evaluations/sessions", data,
                    ctx.t("evaluations.sessions.title", {{"certification", r->version.title}}), status);
}

http::Response session_page(Context& ctx, Service& service, long long id, const SessionInput* typed,
                            const Outcome& outcome, int status) {
  auto s = service.managed_session(managed_by(ctx), id);
  if (!s) return ctx.error(404);
  Data data{Data::type::object};
  data.set("id", std::to_string(s->id));
  data.set("session_id", std::to_string(s->id));
  data.set("certification", s->certification_title);
  data.set("sessions_url", "/certifications/" + std::to_string(s->certification_id) + "/sessions");
  data.set("heading", s->title);
  data.set("status_label", ctx.t("evaluations.statuses." + s->status));
  data.set("planned", web::flag(s->status == "planned"));
  set_session_fields(data, typed ? *typed : input_of(*s));
  if (s->report_deadline) data.set("deadline", when(s->report_deadline));
  Data cases{Data::type::list};
  for (const auto& c : service.cases(id)) {
    Data d{Data::type::object};
    d.set("id", std::to_string(c.id));
    d.set("title", c.title);
    d.set("url", "/certifications/cas/" + std::to_string(c.id));
    cases.push_back(d);
  }
  data.set("cases", cases);
  data.set("no_cases", web::flag(cases.is_empty_list()));
  Data entries{Data::type::list};
  for (const auto& e : service.entries(id)) {
    Data d{Data::type::object};
    d.set("id", std::to_string(e.id));
    d.set("code", e.code);
    d.set("name", e.name);
    d.set("url", registration_url(e.registration_id));
    d.set("slots", slots_data(ctx, e));
    for (const auto& kind : slot_kinds()) {
      if (const Slot* slot = e.slot(kind)) {
        d.set(kind + "_from", format_local(slot->starts_at, "%H:%M"));
        d.set(kind + "_to", format_local(slot->ends_at, "%H:%M"));
      }
    }
    d.set("convened", e.convened_at ? ctx.t("evaluations.entries.convened", {{"when", when(e.convened_at)}})
                                    : ctx.t("evaluations.entries.not_convened"));
    d.set("can_convene", web::flag(!e.slots.empty() && e.registration_status == "eligible"));
    d.set("report",
          e.reports.empty()
              ? ctx.t(s->report_deadline ? "evaluations.entries.no_report" : "evaluations.entries.no_report_expected")
              : ctx.t("evaluations.entries.report",
                      {{"when", format_local(e.reports.front().received_at, "%d/%m/%Y %H:%M")}}));
    if (!e.reports.empty()) d.set("report_url", "/certifications/rapports/" + std::to_string(e.reports.front().id));
    d.set("removable", web::flag(e.reports.empty()));
    entries.push_back(d);
  }
  data.set("entries", entries);
  data.set("no_entries", web::flag(entries.is_empty_list()));
  Data addable{Data::type::list};
  for (const auto& r : service.addable(managed_by(ctx), id)) {
    Data d{Data::type::object};
    d.set("value", std::to_string(r.id));
    d.set("label", r.code + " — " + r.user_name);
    addable.push_back(d);
  }
  data.set("addable", addable);
  data.set("has_addable", web::flag(!addable.is_empty_list()));
  web::set_error(data, ctx, outcome);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/evaluations/session", data, s->title, status);
}

// The registration, for its candidate or the certifier's staff: the decision, the sessions the
// candidate is convened to with their times, the written report.
// A refused form of the page (a decision, a report) shows the message with its status, and the
// reason as typed.
http::Response registration_page(Context& ctx, Service& service, long long id,
                                 const Outcome& outcome = Outcome::success(), int status = 200,
                                 const web::Params& params = {}, const std::string& reason = "") {
  auto r = service.candidates().visible(ctx.me(), id);
  if (!r) return ctx.error(404);
  bool staff = service.candidates().manages(ctx.me(), *r);
  bool own = r->user_id == ctx.me().id;
  Data data{Data::type::object};
  data.set("id", std::to_string(r->id));
  data.set("registration_id", std::to_string(r->id));
  data.set("code", r->code);
  data.set("name", r->user_name);
  data.set("certification", r->certification_title);
  data.set("certification_url",
           "/certifications/" + std::to_string(r->certification_id) + "/versions/" + std::to_string(r->version_number));
  data.set("version", std::to_string(r->version_number));
  data.set("status_label", ctx.t("candidates.statuses." + r->status));
  data.set("employer_type", ctx.t("candidates.employer_types." + r->employer_type));
  data.set("job", r->job);
  data.set("origin", r->origin == "session"
                         ? ctx.t("candidates.origin.session", {{"session", r->training_session_title}})
                         : ctx.t("candidates.origin.direct"));
  data.set("created", format_local(r->created_at, "%d/%m/%Y"));
  set_if(data, "decision_reason", r->decision_reason);
  if (r->decided_at)
    data.set("decided", ctx.t("candidates.decision.by",
                              {{"name", r->decided_by_name}, {"when", format_local(r->decided_at, "%d/%m/%Y")}}));
  data.set("staff", web::flag(staff));
  if (staff) {
    data.set("email", r->user_email);
    set_if(data, "birth_date", short_french_date(r->birth_date));
    data.set("experience", r->experience);
    data.set("candidates_url", "/certifications/" + std::to_string(r->certification_id) + "/candidats");
  }
  data.set("can_decide", web::flag(staff && r->status == "submitted"));
  data.set("can_withdraw", web::flag(own && candidates::may_change(r->status, "withdrawn")));
  Data entries{Data::type::list};
  long long now = store::now_seconds();
  for (const auto& e : service.entries_of_registration(id)) {
    auto s = service.session(e.session_id);
    if (!s) continue;
    Data d{Data::type::object};
    d.set("id", std::to_string(e.id));
    d.set("session", s->title);
    if (staff) d.set("session_url", session_url(s->id));
    d.set("day", short_french_date(s->day));
    d.set("place", s->place);
    set_if(d, "address", s->address);
    d.set("slots", slots_data(ctx, e));
    d.set("convened", web::flag(e.convened_at != 0));
    if (s->report_deadline) {
      d.set("deadline", when(s->report_deadline));
      d.set("can_upload", web::flag(own && now <= s->report_deadline && r->status == "eligible"));
      d.set("late", web::flag(now > s->report_deadline));
    }
    d.set("reports", reports_data(e.reports));
    d.set("has_reports", web::flag(!e.reports.empty()));
    entries.push_back(d);
  }
  data.set("entries", entries);
  data.set("no_entries", web::flag(entries.is_empty_list()));
  if (!outcome.ok && !outcome.error.empty()) {
    data.set("error", ctx.t(outcome.error, params));
    if (!outcome.field.empty()) data.set("error_" + outcome.field, web::flag(true));
  }
  data.set("reason", reason);
  data.set("css", ctx.app.asset_url("css/certification.css"));
  return ctx.render("certification/evaluations/registration", data,
                    ctx.t("evaluations.registration.title", {{"code", r->code}}), status);
}

// The session page again after a refused form about one of its entries or cases: 404 when the
// object is not the user's to manage (as a missing id), the page with the message otherwise.
web::FormAgain session_again(Context& ctx, Service& service, long long session_id) {
  return [&ctx, &service, session_id](const Outcome& o, int status) {
    if (o.code == Failure::not_found || !session_id) return ctx.error(404);
    return session_page(ctx, service, session_id, nullptr, o, status);
  };
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/certifications/{id:int}/sessions", web::perm::certifications_manage,
          [&service](Context& ctx) { return sessions_page(ctx, service, SessionInput{}, Outcome::success(), 200); });
  app.post("/certifications/{id:int}/sessions", web::perm::certifications_manage, [&service](Context& ctx) {
    SessionInput in = session_input(ctx.form);
    auto outcome = service.create_session(web::actor_of(ctx), managed_by(ctx), ctx.req.int_param("id"), in);
    return web::finish(ctx, outcome, "evaluations.sessions.created", session_url(outcome.id),
                       [&](const Outcome& o, int status) { return sessions_page(ctx, service, in, o, status); });
  });
  app.get("/certifications/sessions/{id:int}", web::perm::certifications_manage, [&service](Context& ctx) {
    return session_page(ctx, service, ctx.req.int_param("id"), nullptr, Outcome::success(), 200);
  });
  app.post("/certifications/sessions/{id:int}", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    SessionInput in = session_input(ctx.form);
    auto outcome = service.update_session(web::actor_of(ctx), managed_by(ctx), id, in);
    return web::finish(ctx, outcome, "evaluations.sessions.updated", session_url(id),
                       [&](const Outcome& o, int status) { return session_page(ctx, service, id, &in, o, status); });
  });
  app.post("/certifications/sessions/{id:int}/cas", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.add_case(web::actor_of(ctx), managed_by(ctx), id, ctx.form.get("case_title"),
                                    ctx.form.get("case_body"));
    return web::finish(ctx, outcome, "evaluations.cases.added", session_url(id) + "#cas",
                       session_again(ctx, service, id));
  });
  app.get("/certifications/cas/{id:int}", web::perm::certifications_manage, [&service](Context& ctx) {
    auto c = service.visible_case(managed_by(ctx), ctx.req.int_param("id"));
    if (!c) return ctx.error(404);
    Data data{Data::type::object};
    data.set("title", c->title);
    data.set("body", c->body);
    data.set("session_url", session_url(c->session_id));
    data.set("css", ctx.app.asset_url("css/certification.css"));
    auto res = ctx.render("certification/evaluations/case", data, c->title);
    res.set_header("Cache-Control", "no-store");
    return res;
  });
  app.post("/certifications/cas/{id:int}/supprimer", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto c = service.visible_case(managed_by(ctx), id);
    auto outcome = service.delete_case(web::actor_of(ctx), managed_by(ctx), id);
    return web::finish(ctx, outcome, "evaluations.cases.deleted", session_url(outcome.id) + "#cas",
                       session_again(ctx, service, c ? c->session_id : 0));
  });
  app.post("/certifications/sessions/{id:int}/candidats", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome =
        service.add_entry(web::actor_of(ctx), managed_by(ctx), id, web::parse_id(ctx.form.get("registration")));
    return web::finish(ctx, outcome, "evaluations.entries.added", session_url(id) + "#candidats",
                       session_again(ctx, service, id));
  });
  app.post("/certifications/entrees/{id:int}/creneaux", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    const auto& f = ctx.form;
    auto outcome = service.set_slots(web::actor_of(ctx), managed_by(ctx), id, f.get("exercise_from"),
                                     f.get("exercise_to"), f.get("defence_from"), f.get("defence_to"));
    return web::finish(ctx, outcome, "evaluations.entries.slots_saved", session_url(outcome.id) + "#candidats",
                       session_again(ctx, service, service.session_of_entry(managed_by(ctx), id)));
  });
  app.post("/certifications/entrees/{id:int}/convoquer", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.convene(web::actor_of(ctx), managed_by(ctx), id);
    return web::finish(ctx, outcome, "evaluations.entries.convened_done", session_url(outcome.id) + "#candidats",
                       session_again(ctx, service, service.session_of_entry(managed_by(ctx), id)));
  });
  app.post("/certifications/entrees/{id:int}/retirer", web::perm::certifications_manage, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    long long session_id = service.session_of_entry(managed_by(ctx), id);
    auto outcome = service.remove_entry(web::actor_of(ctx), managed_by(ctx), id);
    return web::finish(ctx, outcome, "evaluations.entries.removed", session_url(outcome.id) + "#candidats",
                       session_again(ctx, service, session_id));
  });

  // ---- The registration's page: its candidate and the certifier's staff. A refused decision,
  // withdrawal or report shows the page again with the message (422, 409), 404 to anyone else.
  app.get("/certifications/inscriptions/{id:int}", web::perm::authenticated,
          [&service](Context& ctx) { return registration_page(ctx, service, ctx.req.int_param("id")); });
  app.post("/certifications/inscriptions/{id:int}/decision", web::perm::certifications_manage,
           [&service](Context& ctx) {
             long long id = ctx.req.int_param("id");
             std::string reason = ctx.form.get("reason");
             auto outcome =
                 service.candidates().decide(web::actor_of(ctx), managed_by(ctx), id, ctx.form.get("decision"), reason);
             return web::finish(ctx, outcome, "candidates.decision.done", registration_url(id),
                                [&](const Outcome& o, int status) {
                                  if (o.code == Failure::not_found) return ctx.error(404);
                                  return registration_page(ctx, service, id, o, status, {}, reason);
                                });
           });
  app.post("/certifications/inscriptions/{id:int}/retrait", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    auto outcome = service.candidates().withdraw(web::actor_of(ctx), ctx.me().id, id);
    return web::finish(ctx, outcome, "candidates.withdrawn", "/certifications/inscriptions",
                       [&](const Outcome& o, int status) {
                         if (o.code == Failure::not_found) return ctx.error(404);
                         return registration_page(ctx, service, id, o, status);
                       });
  });
  app.post("/certifications/entrees/{id:int}/rapport", web::perm::authenticated, [&service](Context& ctx) {
    long long id = ctx.req.int_param("id");
    const http::Part* file = ctx.file("report");
    auto outcome =
        service.upload_report(web::actor_of(ctx), ctx.me().id, id, file ? file->filename.value_or("") : std::string(),
                              file ? file->data : std::string());
    auto entry = service.own_entry(ctx.me().id, id);
    long long registration = entry ? entry->registration_id : 0;
    std::string next =
        registration ? registration_url(registration) + "#rapport" : std::string("/certifications/inscriptions");
    return web::finish(ctx, outcome, "evaluations.reports.received", next, [&](const Outcome& o, int status) {
      if (o.code == Failure::not_found || !entry) return ctx.error(404);
      web::Params params;
      if (auto s = service.session(entry->session_id)) params = {{"deadline", when(s->report_deadline)}};
      return registration_page(ctx, service, registration, o, status, params);
    });
  });
  app.get("/certifications/rapports/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    auto r = service.report(ctx.me(), ctx.req.int_param("id"));
    if (!r) return ctx.error(404);
    // Its content was erased after the appeal period (privacy/retention, issue 23); the entry's result stays.
    if (r->second.empty()) return ctx.error(410);
    // A sensitive read (issue 23) unless the candidate downloads their own report.
    if (!service.own_entry(ctx.me().id, r->first.entry_id))
      service.record_read(web::actor_of(ctx), {audit::kReadReport, "report:" + std::to_string(r->first.id), {}});
    http::Response res;
    res.status = 200;
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "attachment; filename=\"rapport-" + std::to_string(r->first.id) + ".pdf\"");
    res.set_header("Cache-Control", "private, no-store");
    res.body = std::move(r->second);
    return res;
  });
}

}  // namespace trame::evaluations
