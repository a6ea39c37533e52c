#include <algorithm>
#include <map>

#include "cooperation/meetings/service.hpp"
#include "platform/core/calendar.hpp"
#include "platform/docs/markdown.hpp"
#include "platform/web/app.hpp"

namespace trame::meetings {

namespace {

using web::Context;
using web::Data;
using web::set_if;

constexpr int kBlankAgendaRows = 3;

std::string meetings_url(long long project_id) {
  return projects::url_of(project_id) + "/reunions";
}
std::string meeting_url(long long project_id, long long meeting_id) {
  return meetings_url(project_id) + "/" + std::to_string(meeting_id);
}

// Markdown under an h2: its headings become h3 and below ("#" and "##" both h3, "###" h4…), so that
// the page's outline holds.
std::string markdown_under_h2(const std::string& markdown) {
  std::string html = docs::markdown_to_html(markdown);
  for (int level = 6; level >= 1; --level) {
    std::string to = std::to_string(std::min(6, std::max(3, level + 1)));
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

MeetingInput meeting_input(const http::Form& f) {
  MeetingInput in{f.get("title"), f.get("starts"), f.get("ends"), f.get("place"), f.get("video_url"), {}};
  auto titles = f.all("agenda_title");
  auto durations = f.all("agenda_duration");
  auto methods = f.all("agenda_method");
  for (std::size_t i = 0; i < titles.size() && i < 100; ++i)
    in.agenda.push_back({titles[i], i < durations.size() ? durations[i] : "", i < methods.size() ? methods[i] : ""});
  return in;
}

MeetingInput input_of(const Meeting& m, const std::vector<AgendaItem>& agenda) {
  MeetingInput in{m.title, local_input(m.starts_at), local_input(m.ends_at), m.place, m.video_url, {}};
  for (const auto& a : agenda)
    in.agenda.push_back({a.title, a.duration_minutes ? std::to_string(a.duration_minutes) : "",
                         a.method_id ? std::to_string(a.method_id) : ""});
  return in;
}

// The meeting form's fields (new or edit), with the agenda's rows and blank ones to add.
void set_form(Context& ctx, Data& data, const MeetingInput& in, const std::vector<MethodChoice>& methods,
              const Outcome& outcome) {
  data.set("f_title", in.title);
  data.set("f_starts", in.starts);
  data.set("f_ends", in.ends);
  data.set("f_place", in.place);
  data.set("f_video_url", in.video_url);
  Data rows{Data::type::list};
  std::size_t count = in.agenda.size() + kBlankAgendaRows;
  for (std::size_t i = 0; i < count; ++i) {
    AgendaInput row = i < in.agenda.size() ? in.agenda[i] : AgendaInput{};
    std::string n = std::to_string(i + 1);
    Data d{Data::type::object};
    d.set("n", n);
    d.set("title", row.title);
    d.set("duration", row.duration);
    bool invalid = !outcome.ok && outcome.field.rfind("agenda_" + n, 0) == 0 &&
                   (outcome.field.size() == 7 + n.size() || outcome.field[7 + n.size()] == '_');
    d.set("invalid", web::flag(invalid));
    if (invalid) d.set("row_error", ctx.t(outcome.error));
    Data options{Data::type::list};
    for (const auto& m : methods) {
      Data o{Data::type::object};
      o.set("value", std::to_string(m.id));
      o.set("label", m.title);
      o.set("selected", web::flag(std::to_string(m.id) == row.method));
      options.push_back(o);
    }
    d.set("methods", options);
    rows.push_back(d);
  }
  data.set("agenda_rows", rows);
  data.set("has_methods", web::flag(!methods.empty()));
  if (!outcome.ok && !outcome.field.empty() && outcome.field.rfind("agenda_", 0) != 0) {
    data.set("invalid_" + outcome.field, web::flag(true));
    data.set("field_error", ctx.t(outcome.error));
  }
}

// The id of the element a refused field's message links to: the field's input ("m-title"), or the
// agenda row of an agenda field ("agenda_2_duration" → "m-agenda_2").
std::string anchor_of(const std::string& field) {
  if (field.rfind("agenda_", 0) == 0) {
    std::size_t end = field.find('_', 7);
    return "m-" + field.substr(0, end);
  }
  return "m-" + field;
}

Data base(Context& ctx, const projects::Access& a) {
  Data data{Data::type::object};
  data.set("project_id", std::to_string(a.project.id));
  data.set("project_title", a.project.title);
  data.set("project_url", projects::url_of(a.project.id));
  data.set("meetings_url", meetings_url(a.project.id));
  data.set("may_facilitate", web::flag(a.facilitates()));
  data.set("css", ctx.app.asset_url("css/meetings.css"));
  return data;
}

http::Response list_page(Context& ctx, Service& service, const MeetingInput* typed, const Outcome& outcome,
                         int status) {
  long long project_id = ctx.req.int_param("id");
  auto a = service.access(ctx.me(), project_id);
  auto page = a ? service.list(ctx.me(), project_id, static_cast<int>(web::page_param(ctx.req))) : std::nullopt;
  if (!page) return ctx.error(404);
  Data data = base(ctx, *a);
  Data items{Data::type::list};
  for (const auto& m : page->items) {
    Data d{Data::type::object};
    d.set("url", meeting_url(project_id, m.id));
    d.set("title", m.title);
    d.set("when", service.when(m.starts_at, m.ends_at));
    d.set("where", m.place.empty() ? ctx.t("meetings.fields.video_only") : m.place);
    d.set("status", m.status);
    d.set("status_label", ctx.t("meetings.statuses." + m.status));
    d.set("invited", ctx.t("meetings.list.invited", {{"n", std::to_string(m.invited)}}));
    items.push_back(d);
  }
  data.set("items", items);
  data.set("empty", web::flag(items.is_empty_list()));
  data.set("pagination",
           web::pagination(ctx, page->page, Service::kPerPage, page->total, meetings_url(project_id) + "?"));
  if (a->facilitates()) {
    MeetingInput blank;
    set_form(ctx, data, typed ? *typed : blank, service.methods(), outcome);
    data.set("open_form", web::flag(typed != nullptr));
  }
  web::set_error(data, ctx, outcome);
  if (!outcome.ok && !outcome.field.empty()) data.set("error_anchor", anchor_of(outcome.field));
  return ctx.render("cooperation/meetings/list", data, ctx.t("meetings.list.title", {{"project", a->project.title}}),
                    status);
}

http::Response meeting_page(Context& ctx, Service& service, long long project_id, long long meeting_id,
                            const Outcome& outcome = Outcome::success(), int status = 200,
                            const http::Form* typed = nullptr, const std::string& form = "") {
  auto v = service.view(ctx.me(), project_id, meeting_id);
  if (!v) return ctx.error(404);
  const Meeting& m = v->meeting;
  long long now = store::now_seconds();
  bool facilitates = v->access.facilitates();
  bool planned = m.status == "planned";
  Data data = base(ctx, v->access);
  std::string url = meeting_url(project_id, meeting_id);
  data.set("url", url);
  data.set("title", m.title);
  data.set("status", m.status);
  data.set("status_label", ctx.t("meetings.statuses." + m.status));
  data.set("when", service.when(m.starts_at, m.ends_at));
  set_if(data, "place", m.place);
  set_if(data, "video_url", m.video_url);
  data.set("organizer", m.created_by_name);
  data.set("planned", web::flag(planned));
  data.set("held", web::flag(m.status == "held"));
  data.set("cancelled", web::flag(m.status == "cancelled"));
  if (m.cancelled_at) data.set("cancelled_when", web::format_datetime(m.cancelled_at, ctx.locale));

  // Agenda
  Data agenda{Data::type::list};
  long long total_minutes = 0;
  for (const auto& a : v->agenda) {
    Data d{Data::type::object};
    d.set("title", a.title);
    if (a.duration_minutes)
      d.set("duration", ctx.t("meetings.agenda.minutes", {{"n", std::to_string(a.duration_minutes)}}));
    total_minutes += a.duration_minutes;
    if (!a.method_title.empty()) {
      d.set("method", a.method_title);
      d.set("method_url", "/cooperation/methodes/" + std::to_string(a.method_id));
    }
    agenda.push_back(d);
  }
  data.set("agenda", agenda);
  data.set("no_agenda", web::flag(agenda.is_empty_list()));
  if (total_minutes) data.set("agenda_total", ctx.t("meetings.agenda.total", {{"n", std::to_string(total_minutes)}}));

  // My answer
  if (v->mine) {
    data.set("invited", web::flag(true));
    data.set("my_answer",
             v->mine->answer.empty() ? ctx.t("meetings.answers.none") : ctx.t("meetings.answers." + v->mine->answer));
    data.set("may_answer", web::flag(v->may_answer));
    Data choices{Data::type::list};
    std::string selected = typed && form == "answer" ? typed->get("answer") : v->mine->answer;
    for (const auto& value : answers()) {
      Data c{Data::type::object};
      c.set("value", value);
      c.set("label", ctx.t("meetings.answers." + value));
      c.set("checked", web::flag(value == selected));
      choices.push_back(c);
    }
    data.set("answer_choices", choices);
  }

  // Invitations and answers
  Data invitations{Data::type::list};
  std::map<std::string, long long> counts;
  for (const auto& i : v->invitations) {
    Data d{Data::type::object};
    d.set("name", i.name);
    d.set("answer", i.answer.empty() ? ctx.t("meetings.answers.none") : ctx.t("meetings.answers." + i.answer));
    d.set("answer_key", i.answer.empty() ? std::string("none") : i.answer);
    d.set("invited_when", web::format_datetime(i.invited_at, ctx.locale));
    invitations.push_back(d);
    ++counts[i.answer.empty() ? "none" : i.answer];
  }
  data.set("invitations", invitations);
  data.set("no_invitations", web::flag(invitations.is_empty_list()));
  data.set("answers_summary", ctx.t("meetings.invitations.summary", {{"yes", std::to_string(counts["yes"])},
                                                                     {"maybe", std::to_string(counts["maybe"])},
                                                                     {"no", std::to_string(counts["no"])},
                                                                     {"none", std::to_string(counts["none"])}}));

  std::vector<projects::Member> members;
  if (facilitates) members = service.members(project_id);

  // Facilitators: invite, edit, cancel (planned meetings)
  bool may_invite = facilitates && planned && m.starts_at > now;
  data.set("may_invite", web::flag(may_invite));
  if (may_invite) {
    Data invitable{Data::type::list};
    auto chosen = typed && form == "invite" ? typed->all("invitees") : std::vector<std::string>{};
    for (const auto& mb : members) {
      if (mb.role != "facilitator" && mb.role != "member") continue;
      Data d{Data::type::object};
      d.set("id", std::to_string(mb.user_id));
      d.set("name", mb.name);
      d.set("role", ctx.t("meetings.roles." + mb.role));
      bool already = std::any_of(v->invitations.begin(), v->invitations.end(),
                                 [&](const Invitation& i) { return i.user_id == mb.user_id; });
      if (already) d.set("already", ctx.t("meetings.invitations.already"));
      d.set("checked", web::flag(std::find(chosen.begin(), chosen.end(), std::to_string(mb.user_id)) != chosen.end()));
      invitable.push_back(d);
    }
    data.set("invitable", invitable);
  }
  bool may_edit = facilitates && planned;
  data.set("may_edit", web::flag(may_edit));
  if (may_edit) {
    MeetingInput in = typed && form == "edit" ? meeting_input(*typed) : input_of(m, v->agenda);
    set_form(ctx, data, in, service.methods(), form == "edit" ? outcome : Outcome::success());
    data.set("open_edit", web::flag(form == "edit"));
  }

  // Attendance: who was present (shown once held), the form for facilitators after the start.
  Data attendees{Data::type::list};
  for (const auto& at : v->attendees) {
    Data d{Data::type::object};
    d.set("name", at.name);
    attendees.push_back(d);
  }
  data.set("attendees", attendees);
  data.set("no_attendees", web::flag(attendees.is_empty_list()));
  Data organisations{Data::type::list};
  for (const auto& o : v->organisations) {
    Data d{Data::type::object};
    d.set("name", o.name);
    organisations.push_back(d);
  }
  data.set("organisations", organisations);
  data.set("no_organisations", web::flag(organisations.is_empty_list()));
  if (m.others_count > 0)
    data.set("others",
             ctx.t("meetings.attendance.others_shown",
                   {{"n", std::to_string(m.others_count)},
                    {"label", m.others_label.empty() ? ctx.t("meetings.report.others_default") : m.others_label}}));
  bool may_attend = facilitates && m.status != "cancelled" && m.starts_at <= now;
  data.set("may_attend", web::flag(may_attend));
  data.set("not_started", web::flag(facilitates && planned && m.starts_at > now));
  if (may_attend) {
    bool retyped = typed && form == "attendance";
    auto present = retyped ? typed->all("present") : std::vector<std::string>{};
    if (!retyped)
      for (const auto& at : v->attendees) present.push_back(std::to_string(at.user_id));
    Data people{Data::type::list};
    for (const auto& mb : members) {
      Data d{Data::type::object};
      d.set("id", std::to_string(mb.user_id));
      d.set("name", mb.name);
      set_if(d, "organisation", mb.organisation_name);
      d.set("checked",
            web::flag(std::find(present.begin(), present.end(), std::to_string(mb.user_id)) != present.end()));
      people.push_back(d);
    }
    data.set("attendance_members", people);
    auto chosen = retyped ? typed->all("organisations") : std::vector<std::string>{};
    if (!retyped)
      for (const auto& o : v->organisations) chosen.push_back(std::to_string(o.organisation_id));
    auto suggested = service.suggested_organisations(project_id);
    for (const auto& o : v->organisations)
      if (std::none_of(suggested.begin(), suggested.end(),
                       [&](const OrganisationPresent& s) { return s.organisation_id == o.organisation_id; }))
        suggested.push_back(o);
    Data orgs{Data::type::list};
    for (const auto& o : suggested) {
      Data d{Data::type::object};
      d.set("id", std::to_string(o.organisation_id));
      d.set("name", o.name);
      d.set("checked",
            web::flag(std::find(chosen.begin(), chosen.end(), std::to_string(o.organisation_id)) != chosen.end()));
      orgs.push_back(d);
    }
    data.set("suggested_organisations", orgs);
    Data directory{Data::type::list};
    for (const auto& o : service.directory_organisations()) {
      if (std::any_of(suggested.begin(), suggested.end(),
                      [&](const OrganisationPresent& s) { return s.organisation_id == o.organisation_id; }))
        continue;
      Data d{Data::type::object};
      d.set("id", std::to_string(o.organisation_id));
      d.set("name", o.name);
      directory.push_back(d);
    }
    data.set("directory", directory);
    data.set("f_others_count", retyped ? typed->get("others_count") : std::to_string(m.others_count));
    data.set("f_others_label", retyped ? typed->get("others_label") : m.others_label);
  }

  // The report
  if (!m.minutes.empty()) data.set("minutes_html", markdown_under_h2(m.minutes));
  if (m.minutes_at)
    data.set("minutes_written",
             ctx.t("meetings.report.written_by",
                   {{"name", m.minutes_by_name}, {"when", web::format_datetime(m.minutes_at, ctx.locale)}}));
  Data decisions{Data::type::list};
  for (const auto& d : v->decisions) {
    Data x{Data::type::object};
    x.set("title", d.title);
    x.set("url", projects::url_of(project_id) + "/decisions/" + std::to_string(d.id));
    x.set("status_label", ctx.t("meetings.decision_statuses." + d.status));
    set_if(x, "outcome", d.outcome_statement);
    decisions.push_back(x);
  }
  data.set("decisions", decisions);
  data.set("no_decisions", web::flag(decisions.is_empty_list()));
  data.set("may_write_minutes", web::flag(facilitates && m.status == "held"));
  data.set("f_minutes", typed && form == "minutes" ? typed->get("minutes") : m.minutes);
  data.set("pdf_url", url + "/compte-rendu.pdf");

  if (!form.empty()) web::set_error(data, ctx, outcome, form);
  if (!outcome.ok && !outcome.field.empty()) data.set("error_anchor", anchor_of(outcome.field));
  return ctx.render("cooperation/meetings/meeting", data, m.title, status);
}

// The meeting's page again after a refused form of it (its message at that form).
web::FormAgain again(Context& ctx, Service& service, long long project_id, long long meeting_id,
                     const std::string& form) {
  return [&ctx, &service, project_id, meeting_id, form](const Outcome& o, int status) {
    return meeting_page(ctx, service, project_id, meeting_id, o, status, &ctx.form, form);
  };
}

}  // namespace

void register_routes(web::App& app, Service& service) {
  app.get("/cooperation/projets/{id:int}/reunions", web::perm::authenticated,
          [&service](Context& ctx) { return list_page(ctx, service, nullptr, Outcome::success(), 200); });
  app.post("/cooperation/projets/{id:int}/reunions", web::perm::authenticated, [&service](Context& ctx) {
    long long project_id = ctx.req.int_param("id");
    MeetingInput in = meeting_input(ctx.form);
    auto outcome = service.create(web::actor_of(ctx), ctx.me(), project_id, in);
    return web::finish(ctx, outcome, "meetings.list.created", meeting_url(project_id, outcome.id),
                       [&](const Outcome& o, int status) { return list_page(ctx, service, &in, o, status); });
  });
  app.get("/cooperation/projets/{id:int}/reunions/{meeting:int}", web::perm::authenticated, [&service](Context& ctx) {
    return meeting_page(ctx, service, ctx.req.int_param("id"), ctx.req.int_param("meeting"));
  });
  app.post("/cooperation/projets/{id:int}/reunions/{meeting:int}", web::perm::authenticated, [&service](Context& ctx) {
    long long project_id = ctx.req.int_param("id"), meeting_id = ctx.req.int_param("meeting");
    auto outcome = service.update(web::actor_of(ctx), ctx.me(), project_id, meeting_id, meeting_input(ctx.form));
    return web::finish(ctx, outcome, "meetings.meeting.updated", meeting_url(project_id, meeting_id),
                       again(ctx, service, project_id, meeting_id, "edit"));
  });
  app.post("/cooperation/projets/{id:int}/reunions/{meeting:int}/invitations", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), meeting_id = ctx.req.int_param("meeting");
             auto outcome = service.invite(web::actor_of(ctx), ctx.me(), project_id, meeting_id,
                                           ctx.form.get("all") == "1", ctx.form.all("invitees"));
             return web::finish_with(ctx, outcome, "meetings.invitations.sent", {{"n", std::to_string(outcome.id)}},
                                     meeting_url(project_id, meeting_id) + "#invitations",
                                     again(ctx, service, project_id, meeting_id, "invite"));
           });
  app.post("/cooperation/projets/{id:int}/reunions/{meeting:int}/reponse", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), meeting_id = ctx.req.int_param("meeting");
             auto outcome =
                 service.answer(web::actor_of(ctx), ctx.me(), project_id, meeting_id, ctx.form.get("answer"));
             return web::finish(ctx, outcome, "meetings.answers.saved", meeting_url(project_id, meeting_id),
                                again(ctx, service, project_id, meeting_id, "answer"));
           });
  app.post("/cooperation/projets/{id:int}/reunions/{meeting:int}/annulation", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), meeting_id = ctx.req.int_param("meeting");
             auto outcome = service.cancel(web::actor_of(ctx), ctx.me(), project_id, meeting_id);
             return web::finish(ctx, outcome, "meetings.meeting.cancelled_done", meeting_url(project_id, meeting_id),
                                again(ctx, service, project_id, meeting_id, "cancel"));
           });
  app.post("/cooperation/projets/{id:int}/reunions/{meeting:int}/presences", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), meeting_id = ctx.req.int_param("meeting");
             AttendanceInput in{ctx.form.all("present"), ctx.form.all("organisations"), ctx.form.get("others_count"),
                                ctx.form.get("others_label")};
             auto outcome = service.record_attendance(web::actor_of(ctx), ctx.me(), project_id, meeting_id, in);
             return web::finish(ctx, outcome, "meetings.attendance.saved",
                                meeting_url(project_id, meeting_id) + "#presences",
                                again(ctx, service, project_id, meeting_id, "attendance"));
           });
  app.post("/cooperation/projets/{id:int}/reunions/{meeting:int}/compte-rendu", web::perm::authenticated,
           [&service](Context& ctx) {
             long long project_id = ctx.req.int_param("id"), meeting_id = ctx.req.int_param("meeting");
             auto outcome =
                 service.write_minutes(web::actor_of(ctx), ctx.me(), project_id, meeting_id, ctx.form.get("minutes"));
             return web::finish(ctx, outcome, "meetings.report.saved",
                                meeting_url(project_id, meeting_id) + "#compte-rendu",
                                again(ctx, service, project_id, meeting_id, "minutes"));
           });
  app.get("/cooperation/projets/{id:int}/reunions/{meeting:int}/compte-rendu.pdf", web::perm::authenticated,
          [&service](Context& ctx) {
            long long project_id = ctx.req.int_param("id"), meeting_id = ctx.req.int_param("meeting");
            std::string pdf;
            auto outcome = service.report_pdf(ctx.me(), project_id, meeting_id, pdf);
            if (!outcome.ok) return ctx.refused(outcome);
            auto summary = service.summary(project_id, meeting_id);
            Meeting m;
            m.title = summary ? summary->title : std::string("reunion");
            m.starts_at = summary ? summary->starts_at : 0;
            http::Response res;
            res.status = 200;
            res.set_header("Content-Type", "application/pdf");
            res.set_header("Content-Disposition", "inline; filename=\"" + Service::report_file_name(m) + "\"");
            res.set_header("Cache-Control", "private, no-store");
            res.body = std::move(pdf);
            return res;
          });
}

}  // namespace trame::meetings
