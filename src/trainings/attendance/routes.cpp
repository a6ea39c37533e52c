#include "trainings/attendance/rules.hpp"
#include "trainings/attendance/service.hpp"
#include "trainings/attendance/sheet_pdf.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/qr.hpp"
#include "platform/web/app.hpp"
#include "platform/web/dashboard.hpp"

namespace trame::attendance {

namespace {

using web::Context;
using web::Data;
using web::set_if;

const long long kPerPage = 40;

std::string halfday_url(long long id) {
  return "/formations/demi-journees/" + std::to_string(id);
}
std::string session_url(long long id) {
  return "/formations/sessions/" + std::to_string(id) + "/emargement";
}
std::string followup_url(long long id) {
  return "/formations/candidatures/" + std::to_string(id) + "/suivi";
}

std::string status_label(const Context& ctx, const std::string& status) {
  return status.empty() ? ctx.t("attendance.statuses.none") : ctx.t("attendance.statuses." + status);
}

std::string recorded_text(const Context& ctx, const std::string& status, const std::string& signature, long long at) {
  if (status.empty()) return "";
  if (signature == "self")
    return ctx.t("attendance.pdf.signed",
                 {{"date", format_local(at, "%d/%m/%Y")}, {"time", format_local(at, "%H:%M")}});
  return ctx.t("attendance.pdf.marked");
}

Data halfday_data(const Context& ctx, const Halfday& h) {
  Data d{Data::type::object};
  d.set("id", std::to_string(h.id));
  d.set("url", halfday_url(h.id));
  d.set("starts_at", std::to_string(h.starts_at));
  d.set("date", format_local(h.starts_at, "%d/%m/%Y"));
  d.set("period", ctx.t("attendance.periods." + h.period));
  d.set("hours", format_local(h.starts_at, "%H:%M") + " – " + format_local(h.ends_at, "%H:%M"));
  d.set("duration", hours_text(h.minutes));
  set_if(d, "module", h.module_title);
  d.set("sheet_status", h.sheet_status);
  d.set("sheet_label", ctx.t("attendance.sheet_statuses." + h.sheet_status));
  d.set("present", std::to_string(h.present));
  d.set("absent", std::to_string(h.absent + h.excused));
  d.set("locked", web::flag(h.sheet_status == "locked"));
  d.set("open", web::flag(h.sheet_status == "open"));
  if (h.sheet_status == "locked")
    d.set("countersigned",
          ctx.t("attendance.pdf.countersigned", {{"name", h.countersigned_name},
                                                 {"date", format_local(h.countersigned_at, "%d/%m/%Y")},
                                                 {"time", format_local(h.countersigned_at, "%H:%M")}}));
  return d;
}

Data session_data(const SessionInfo& s, const programmes::SessionAccess& a) {
  Data d{Data::type::object};
  d.set("id", std::to_string(s.id));
  d.set("title", s.title);
  d.set("programme", s.programme_title);
  d.set("organiser", s.organiser_name);
  d.set("url", session_url(s.id));
  set_if(d, "place", s.place);
  std::string trainers;
  for (const auto& t : s.trainers) trainers += (trainers.empty() ? "" : ", ") + t;
  set_if(d, "trainers", trainers);
  (void)a;
  return d;
}

void add_common(Context& ctx, Data& data) {
  data.set("attendance_css", ctx.app.asset_url("css/attendance.css"));
}

// ---- Pages --------------------------------------------------------------------------------------------

http::Response sessions_page(Context& ctx, Service& service) {
  const long long session_id = ctx.req.int_param("id");
  const long long page = web::page_param(ctx.req);
  SessionSheets found;
  if (auto read = service.session_sheets(ctx.me(), session_id, page, kPerPage, found); !read.ok)
    return ctx.refused(read);
  const SessionSheets* s = &found;
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("session", session_data(s->session, s->access));
  data.set("staff", web::flag(s->access.staff()));
  Data list{Data::type::list};
  if (s->access.staff()) {
    for (const auto& h : s->halfdays) list.push_back(halfday_data(ctx, h));
  } else {
    for (const auto& o : s->own) {
      Data d = halfday_data(ctx, o.halfday);
      d.set("own_status", status_label(ctx, o.status));
      set_if(d, "own_recorded", recorded_text(ctx, o.status, o.signature, o.signed_at));
      d.set("own_present", web::flag(o.status == "present"));
      list.push_back(d);
    }
    data.set("attended", hours_text(s->attended_minutes));
    data.set("planned", hours_text(s->planned_minutes));
    data.set("hours_summary", ctx.t("attendance.session.hours_summary", {{"attended", hours_text(s->attended_minutes)},
                                                                         {"planned", hours_text(s->planned_minutes)}}));
    data.set("followup_url", followup_url(s->access.application_id));
  }
  data.set("halfdays", list);
  data.set("empty", web::flag(s->total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, s->total, session_url(session_id) + "?"));
  return ctx.render("trainings/attendance/session", data,
                    ctx.t("attendance.session.title", {{"session", s->session.title}}));
}

struct SheetExtras {
  std::string code;   // just opened: the code in clear
  std::string typed;  // the trainee's typed code
  std::string error;  // catalogue key
  std::string field;
  std::string reason;  // kept correction reason
  long long application = 0;
};

// The sheet's extras after a refused form: its message and field, with the values kept in `x`.
SheetExtras sheet_error(const Outcome& failed) {
  SheetExtras x;
  x.error = failed.error;
  x.field = failed.field;
  return x;
}

http::Response sheet_page(Context& ctx, Service& service, const SheetExtras& x, int status) {
  SheetView found;
  if (auto read = service.sheet(ctx.me(), ctx.req.int_param("id"), found); !read.ok) return ctx.refused(read);
  const SheetView* v = &found;
  const bool staff = v->access.staff();
  const Halfday& h = v->halfday;
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("halfday", halfday_data(ctx, h));
  data.set("session", session_data(v->session, v->access));
  data.set("staff", web::flag(staff));
  data.set("base", halfday_url(h.id));
  if (!x.error.empty()) {
    data.set("error", ctx.t(x.error, {{"max", std::to_string(kMaxCodeAttempts)}}));
    set_if(data, "error_field", x.field);
  }
  const long long now = store::now_seconds();
  if (staff) {
    Window w = sign_window(now, h.starts_at, h.ends_at);
    data.set("can_open", web::flag(h.sheet_status != "locked" && w == Window::open));
    if (h.sheet_status != "locked" && w == Window::too_early)
      data.set("window_note", ctx.t("attendance.errors.not_yet_open"));
    if (h.sheet_status != "locked" && w == Window::ended) data.set("window_note", ctx.t("attendance.errors.ended"));
    data.set("reopen", web::flag(h.sheet_status == "open"));
    if (!x.code.empty()) {
      std::string url = ctx.app.config.public_url + halfday_url(h.id) + "/signer?code=" + x.code;
      data.set("code", x.code.substr(0, 3) + " " + x.code.substr(3));
      data.set("code_raw", x.code);
      data.set("sign_url", url);
      data.set("qr", docs::qr_svg(url, ctx.t("attendance.sheet.qr_title"), 6));
      data.set("code_until", format_local(h.ends_at, "%H:%M"));
    }
    Data lines{Data::type::list};
    Data choices{Data::type::list};
    for (const auto& l : v->lines) {
      Data d{Data::type::object};
      d.set("application", std::to_string(l.application_id));
      d.set("name", l.name);
      d.set("status", status_label(ctx, l.status));
      set_if(d, "recorded", recorded_text(ctx, l.status, l.signature, l.signed_at));
      d.set("is_present", web::flag(l.status == "present"));
      d.set("is_absent", web::flag(l.status == "absent"));
      d.set("is_excused", web::flag(l.status == "excused"));
      d.set("followup_url", followup_url(l.application_id));
      lines.push_back(d);
      Data c{Data::type::object};
      c.set("value", std::to_string(l.application_id));
      c.set("label", l.name + " (" + status_label(ctx, l.status) + ")");
      c.set("selected", web::flag(l.application_id == x.application));
      choices.push_back(c);
    }
    data.set("lines", lines);
    data.set("no_lines", web::flag(v->lines.empty()));
    data.set("trainees", choices);
    data.set("statuses", web::options(ctx, {"present", "absent", "excused"}, "attendance.statuses.", ""));
    data.set("reason", x.reason);
    data.set("pdf_url", halfday_url(h.id) + "/feuille.pdf");
  } else {
    const Line* own = v->own ? &*v->own : nullptr;
    const bool present = own && own->status == "present";
    data.set("own_status", status_label(ctx, own ? own->status : ""));
    set_if(data, "own_recorded", own ? recorded_text(ctx, own->status, own->signature, own->signed_at) : "");
    data.set("can_sign", web::flag(h.sheet_status == "open" && !present && now < h.ends_at &&
                                   may_sign(v->access.application_status)));
    if (h.sheet_status == "closed") data.set("sign_note", ctx.t("attendance.errors.sheet_closed"));
    if (h.sheet_status == "locked") data.set("sign_note", ctx.t("attendance.errors.locked"));
    std::string typed = x.typed;
    if (typed.empty() && x.error.empty()) typed = normalise_code(ctx.req.query_param("code").value_or(""));
    if (typed.size() > 12) typed.resize(12);
    data.set("typed", typed);
  }
  Data corrections{Data::type::list};
  for (const auto& c : v->corrections) {
    Data d{Data::type::object};
    d.set("text", ctx.t("attendance.corrections.line", {{"trainee", c.trainee_name},
                                                        {"old", status_label(ctx, c.old_status)},
                                                        {"new", status_label(ctx, c.new_status)},
                                                        {"by", c.corrected_by_name},
                                                        {"at", web::format_datetime(c.corrected_at, ctx.locale)},
                                                        {"reason", c.reason}}));
    corrections.push_back(d);
  }
  data.set("corrections", corrections);
  data.set("has_corrections", web::flag(!v->corrections.empty()));
  auto res = ctx.render("trainings/attendance/sheet", data,
                        ctx.t("attendance.sheet.title_of", {{"date", format_local(h.starts_at, "%d/%m/%Y")},
                                                            {"period", ctx.t("attendance.periods." + h.period)}}),
                        status);
  res.set_header("Cache-Control", "no-store");
  return res;
}

Data followup_item(const Context& ctx, const Followup& f, bool staff) {
  Data d{Data::type::object};
  d.set("id", std::to_string(f.id));
  d.set("when", web::format_datetime(f.meeting_at, ctx.locale));
  d.set("meeting_at", format_local(f.meeting_at, "%Y-%m-%dT%H:%M"));
  d.set("mode", ctx.t("attendance.modes." + f.mode));
  d.set("modes", web::options(ctx, {"meeting", "phone", "visio"}, "attendance.modes.", f.mode));
  d.set("trainer", f.trainer_name);
  d.set("objective", f.objective);
  set_if(d, "progress", f.progress);
  set_if(d, "next_step", f.next_step);
  d.set("progress_raw", f.progress);
  d.set("next_step_raw", f.next_step);
  d.set("staff", web::flag(staff));
  return d;
}

struct FollowupForms {
  std::string error;
  std::string field;
  std::string form;  // which form failed: followup, dropout, contact
  FollowupInput followup;
  DropoutInput dropout;
  ContactInput contact;
};

// The follow-up page's forms after a refused one: which form, its message and field, the values kept in `x`.
FollowupForms followup_error(const Outcome& failed, const std::string& form) {
  FollowupForms x;
  x.error = failed.error;
  x.field = failed.field;
  x.form = form;
  return x;
}

http::Response followup_page(Context& ctx, Service& service, long long application_id, const FollowupForms& f,
                             int status) {
  const long long page = web::page_param(ctx.req);
  FollowupView found;
  if (auto read = service.followup(ctx.me(), application_id, page, kPerPage, found); !read.ok) return ctx.refused(read);
  const FollowupView* v = &found;
  Data data{Data::type::object};
  add_common(ctx, data);
  data.set("base", "/formations/candidatures/" + std::to_string(application_id));
  data.set("trainee", v->application.name);
  data.set("application_status", ctx.t("attendance.application_statuses." + v->application.status));
  data.set("session_title", v->access.session_title);
  data.set("session_url", session_url(v->access.session_id));
  data.set("staff", web::flag(v->staff));
  data.set("manager", web::flag(v->access.manager));
  data.set("follow_up_contact", web::flag(v->follow_up_contact));
  // The trainee's attendance per half-day (present / absent), read by everyone who reads the follow-up.
  Data presence{Data::type::list};
  long long present = 0, recorded = 0;
  for (const auto& o : v->attendance) {
    Data d{Data::type::object};
    d.set("date", format_local(o.halfday.starts_at, "%d/%m/%Y"));
    d.set("period", ctx.t("attendance.periods." + o.halfday.period));
    d.set("status", status_label(ctx, o.status));
    d.set("is_present", web::flag(o.status == "present"));
    if (!o.status.empty()) ++recorded;
    if (o.status == "present") ++present;
    presence.push_back(d);
  }
  data.set("presence", presence);
  data.set("has_presence", web::flag(!v->attendance.empty()));
  data.set("presence_summary",
           ctx.t("coaching.followup.presence_summary", {{"present", std::to_string(present)},
                                                        {"recorded", std::to_string(recorded)},
                                                        {"planned", std::to_string(v->attendance.size())}}));
  Data items{Data::type::list};
  for (const auto& x : v->followups) items.push_back(followup_item(ctx, x, v->staff));
  data.set("followups", items);
  data.set("no_followups", web::flag(v->followups_total == 0));
  data.set("pagination", web::pagination(ctx, page, kPerPage, std::max(v->followups_total, v->contacts_total),
                                         followup_url(application_id) + "?"));
  if (!f.error.empty()) {
    data.set("error_" + f.form, ctx.t(f.error));
    set_if(data, "error_field", f.field);
  }
  // The new-note form, values kept after an error.
  const bool kept = f.form == "followup";
  data.set("f_meeting_at", kept ? f.followup.meeting_at : format_local(store::now_seconds(), "%Y-%m-%dT%H:%M"));
  data.set("f_modes",
           web::options(ctx, {"meeting", "phone", "visio"}, "attendance.modes.", kept ? f.followup.mode : "meeting"));
  data.set("f_objective", kept ? f.followup.objective : "");
  data.set("f_progress", kept ? f.followup.progress : "");
  data.set("f_next_step", kept ? f.followup.next_step : "");
  if (v->access.manager) {
    const auto& a = v->application;
    if (a.status == "dropped_out") {
      data.set("dropout",
               ctx.t("attendance.dropout.recorded",
                     {{"date", format_local(a.dropout_at, "%d/%m/%Y")},
                      {"cause", ctx.t("attendance.causes." + (a.dropout_cause.empty() ? "other" : a.dropout_cause))}}));
      set_if(data, "dropout_detail", a.dropout_detail);
    }
    data.set("can_drop", web::flag(may_drop_out(a.status)));
    const bool d = f.form == "dropout";
    data.set("d_date", d ? f.dropout.date : local_day(store::now_seconds()));
    data.set("d_causes", web::options(ctx, {"health", "work", "personal", "content", "funding", "other"},
                                      "attendance.causes.", d ? f.dropout.cause : ""));
    data.set("d_detail", d ? f.dropout.detail : "");
    const bool c = f.form == "contact";
    data.set("c_date", c ? f.contact.date : local_day(store::now_seconds()));
    data.set("c_channels", web::options(ctx, {"phone", "email", "meeting", "letter"}, "attendance.channels.",
                                        c ? f.contact.channel : "phone"));
    data.set("c_summary", c ? f.contact.summary : "");
    Data contacts{Data::type::list};
    for (const auto& x : v->contacts) {
      Data d2{Data::type::object};
      d2.set("date", format_local(x.contacted_at, "%d/%m/%Y"));
      d2.set("channel", ctx.t("attendance.channels." + x.channel));
      d2.set("summary", x.summary);
      d2.set("by", x.recorded_by_name);
      contacts.push_back(d2);
    }
    data.set("contacts", contacts);
    data.set("no_contacts", web::flag(v->contacts_total == 0));
  }
  return ctx.render("trainings/attendance/followup", data,
                    ctx.t("attendance.followup.title_of", {{"name", v->application.name}}), status);
}

FollowupInput followup_input(const Context& ctx) {
  return {ctx.form.get("meeting_at"), ctx.form.get("mode"), ctx.form.get("objective"), ctx.form.get("progress"),
          ctx.form.get("next_step")};
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/formations/sessions/{id:int}/emargement", web::perm::authenticated,
          [&service](Context& ctx) { return sessions_page(ctx, service); });

  const std::string sheet = "/formations/demi-journees/{id:int}";
  auto show = [&service](Context& ctx) { return sheet_page(ctx, service, SheetExtras{}, 200); };
  app.get(sheet, web::perm::authenticated, show);
  // The QR code's link: the same page, the code pre-filled.
  app.get(sheet + "/signer", web::perm::authenticated, show);

  app.post(sheet + "/ouvrir", web::perm::authenticated, [&service](Context& ctx) {
    Opened r = service.open(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    // Not web::finish: the code is shown once, in this answer (only its hash is kept), so no redirect.
    SheetExtras x;
    if (r.outcome.ok) {
      x.code = r.code;
      return sheet_page(ctx, service, x, 200);
    }
    if (r.outcome.denied()) return ctx.refused(r.outcome);
    x.error = r.outcome.error;
    return sheet_page(ctx, service, x, web::status_of(r.outcome));
  });

  app.post(sheet + "/signer", web::perm::authenticated, [&service](Context& ctx) {
    std::string typed = ctx.form.get("code");
    if (typed.size() > 32) typed.resize(32);
    Outcome o = service.sign(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), typed);
    return web::finish(ctx, o, "attendance.sheet.signed_done", halfday_url(ctx.req.int_param("id")),
                       [&](const Outcome& failed, int status) {
                         SheetExtras x = sheet_error(failed);
                         x.typed = typed;
                         return sheet_page(ctx, service, x, status);
                       });
  });

  app.post(sheet + "/marquer", web::perm::authenticated, [&service](Context& ctx) {
    Outcome o = service.mark(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"),
                             web::parse_id(ctx.form.get("application")), ctx.form.get("status"));
    return web::finish(
        ctx, o, "attendance.sheet.marked_done", halfday_url(ctx.req.int_param("id")) + "#ligne-" + std::to_string(o.id),
        [&](const Outcome& failed, int status) { return sheet_page(ctx, service, sheet_error(failed), status); });
  });

  app.post(sheet + "/contresigner", web::perm::authenticated, [&service](Context& ctx) {
    Outcome o = service.countersign(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"));
    return web::finish(ctx, o, "attendance.sheet.countersigned_done", halfday_url(ctx.req.int_param("id")),
                       [&](const Outcome& failed, int status) {
                         SheetExtras x;
                         x.error = failed.error;
                         return sheet_page(ctx, service, x, status);
                       });
  });

  app.post(sheet + "/corriger", web::perm::authenticated, [&service](Context& ctx) {
    const long long application = web::parse_id(ctx.form.get("application"));
    std::string reason = ctx.form.get("reason");
    Outcome o = service.correct(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), application,
                                ctx.form.get("status"), reason);
    return web::finish(ctx, o, "attendance.corrections.done", halfday_url(ctx.req.int_param("id")),
                       [&](const Outcome& failed, int status) {
                         SheetExtras x = sheet_error(failed);
                         x.reason = reason;
                         x.application = application;
                         return sheet_page(ctx, service, x, status);
                       });
  });

  app.get(sheet + "/feuille.pdf", web::perm::authenticated, [&service](Context& ctx) {
    // Not web::finish: a file download.
    SheetView v;
    http::Response res;
    if (auto made = service.sheet_pdf(ctx.me(), ctx.req.int_param("id"), ctx.locale, v, res.body); !made.ok)
      return ctx.refused(made);
    res.set_header("Content-Type", "application/pdf");
    res.set_header("Content-Disposition", "attachment; filename=\"" + sheet_file_name(v.halfday) + "\"");
    res.set_header("Cache-Control", "no-store");
    return res;
  });

  const std::string app_base = "/formations/candidatures/{id:int}";
  app.get(app_base + "/suivi", web::perm::authenticated, [&service](Context& ctx) {
    return followup_page(ctx, service, ctx.req.int_param("id"), FollowupForms{}, 200);
  });

  app.post(app_base + "/suivi", web::perm::authenticated, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    FollowupInput in = followup_input(ctx);
    Outcome o = service.add_followup(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, o, "attendance.followup.added", followup_url(id), [&](const Outcome& failed, int status) {
      FollowupForms x = followup_error(failed, "followup");
      x.followup = in;
      return followup_page(ctx, service, id, x, status);
    });
  });

  app.post("/formations/suivis/{id:int}", web::perm::authenticated, [&service](Context& ctx) {
    FollowupInput in = followup_input(ctx);
    Outcome o = service.edit_followup(web::actor_of(ctx), ctx.me(), ctx.req.int_param("id"), in);
    return web::finish(ctx, o, "attendance.followup.edited", followup_url(o.id),
                       [&](const Outcome& failed, int status) {
                         return followup_page(ctx, service, o.id, followup_error(failed, "edit"), status);
                       });
  });

  app.post(app_base + "/abandon", web::perm::trainings_manage, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    DropoutInput in{ctx.form.get("date"), ctx.form.get("cause"), ctx.form.get("detail")};
    Outcome o = service.drop_out(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, o, "attendance.dropout.done", followup_url(id), [&](const Outcome& failed, int status) {
      FollowupForms x = followup_error(failed, "dropout");
      x.dropout = in;
      return followup_page(ctx, service, id, x, status);
    });
  });

  app.post(app_base + "/contacts", web::perm::trainings_manage, [&service](Context& ctx) {
    const long long id = ctx.req.int_param("id");
    ContactInput in{ctx.form.get("date"), ctx.form.get("channel"), ctx.form.get("summary")};
    Outcome o = service.add_contact(web::actor_of(ctx), ctx.me(), id, in);
    return web::finish(ctx, o, "attendance.contacts.done", followup_url(id), [&](const Outcome& failed, int status) {
      FollowupForms x = followup_error(failed, "contact");
      x.contact = in;
      return followup_page(ctx, service, id, x, status);
    });
  });
}

namespace {

const long long kPanelItems = 5;

// "mardi 9 mars 2027, 14:00 – 17:30" style: the date and the hours of a half-day.
std::string halfday_when(const Context& ctx, const DashboardHalfday& h) {
  return web::format_datetime(h.starts_at, ctx.locale) + " – " + format_local(h.ends_at, "%H:%M");
}

std::string halfday_place(const DashboardHalfday& h) {
  if (h.address.empty() || h.address == h.place) return h.place;
  return h.place.empty() ? h.address : h.place + ", " + h.address;
}

// A trainee: the place to confirm, the sheets to sign, the next half-day (date, place), the documents.
std::optional<web::DashboardPanel> trainee_panel(Context& ctx, Service& service) {
  if (!ctx.user) return std::nullopt;
  const TraineeDashboard d = service.trainee_dashboard(ctx.me().id, kPanelItems);
  if (!d.trainee) return std::nullopt;
  web::DashboardPanel p;
  p.key = "trainings-trainee";
  p.title = ctx.t("attendance.panels.trainee_title");
  p.empty = ctx.t("attendance.panels.trainee_empty");
  for (const auto& c : d.to_confirm) {
    web::DashboardItem i;
    i.label = ctx.t("attendance.panels.to_confirm", {{"session", c.programme_title + " — " + c.session_title}});
    i.url = "/formations/candidatures/" + std::to_string(c.application_id);
    if (c.starts_at > 0) i.when = ctx.t("attendance.panels.starts", {{"date", format_local(c.starts_at, "%d/%m/%Y")}});
    i.urgent = true;
    p.items.push_back(i);
  }
  for (const auto& h : d.to_sign) {
    web::DashboardItem i;
    i.label = ctx.t("attendance.panels.to_sign", {{"session", h.session_title}});
    i.url = halfday_url(h.id);
    i.when = halfday_when(ctx, h);
    i.detail = halfday_place(h);
    i.urgent = true;
    p.items.push_back(i);
  }
  if (d.next) {
    web::DashboardItem i;
    i.label = ctx.t("attendance.panels.next", {{"session", d.next->programme_title + " — " + d.next->session_title}});
    i.url = session_url(d.next->session_id);
    i.when = halfday_when(ctx, *d.next);
    i.detail = halfday_place(*d.next);
    p.items.push_back(i);
  }
  if (d.documents > 0) {
    web::DashboardItem i;
    i.label = ctx.t("attendance.panels.documents", {{"count", std::to_string(d.documents)}});
    i.url = "/formations/mes-documents";
    p.items.push_back(i);
  }
  p.more_url = "/formations/candidatures";
  p.more_label = ctx.t("attendance.panels.trainee_more");
  return p;
}

// Trainers and training staff: the sheets still open, to countersign.
std::optional<web::DashboardPanel> countersign_panel(Context& ctx, Service& service) {
  if (!ctx.user) return std::nullopt;
  const auto& me = ctx.me();
  if (!me.has_role("trainer") && me.acting_for(web::perm::trainings_manage).none()) return std::nullopt;
  const SheetsToCountersign d = service.sheets_to_countersign(me, kPanelItems);
  web::DashboardPanel p;
  p.key = "trainings-countersign";
  p.title = ctx.t("attendance.panels.countersign_title");
  p.empty = ctx.t("attendance.panels.countersign_empty");
  for (const auto& h : d.first) {
    web::DashboardItem i;
    i.label = h.programme_title + " — " + h.session_title;
    i.url = halfday_url(h.id);
    i.when = halfday_when(ctx, h);
    i.detail = halfday_place(h);
    i.urgent = h.ends_at < store::now_seconds();
    p.items.push_back(i);
  }
  if (d.total > static_cast<long long>(d.first.size())) p.count = d.total;
  p.more_url = "/formations/agenda";
  p.more_label = ctx.t("attendance.panels.countersign_more");
  return p;
}

}  // namespace

void register_dashboard(web::Dashboard& dashboard, Service& service) {
  dashboard.add(200, [&service](Context& ctx) { return trainee_panel(ctx, service); });
  dashboard.add(220, [&service](Context& ctx) { return countersign_panel(ctx, service); });
}

}  // namespace trame::attendance
