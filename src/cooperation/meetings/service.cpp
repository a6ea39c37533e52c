#include "cooperation/meetings/service.hpp"

#include <algorithm>
#include <set>

#include "cooperation/meetings/ics.hpp"
#include "cooperation/meetings/minutes.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/app.hpp"

namespace trame::meetings {

namespace {

long long parse_count(const std::string& text) {
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  return std::stoll(text);
}

// The ids sent by a form (checkboxes), each once; -1 in the list when one is not a number.
std::vector<long long> ids_of(const std::vector<std::string>& values, bool& bad) {
  std::vector<long long> out;
  bad = false;
  for (const auto& v : values) {
    std::string s = trim(v);
    if (s.empty()) continue;
    long long id = web::parse_id(s);
    if (id <= 0) {
      bad = true;
      continue;
    }
    if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
  }
  return out;
}

bool invitable(const projects::Member& m) {
  return m.role == "facilitator" || m.role == "member";
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::when(long long starts_at, long long ends_at) const {
  if (local_day(starts_at) == local_day(ends_at))
    return t("meetings.when.same_day", {{"day", format_local(starts_at, "%d/%m/%Y")},
                                        {"from", format_local(starts_at, "%H:%M")},
                                        {"to", format_local(ends_at, "%H:%M")}});
  return t("meetings.when.days",
           {{"from", format_local(starts_at, "%d/%m/%Y %H:%M")}, {"to", format_local(ends_at, "%d/%m/%Y %H:%M")}});
}

std::string Service::meeting_url(const Meeting& m) const {
  return public_url_ + projects::url_of(m.project_id) + "/reunions/" + std::to_string(m.id);
}

std::string Service::report_file_name(const Meeting& m) {
  return docs::pdf_file_name({"compte-rendu", m.title, format_local(m.starts_at, "%Y-%m-%d")});
}

// ---- For the other modules

std::vector<Summary> Service::summaries(long long project_id) {
  return db_.read([&](soci::session& sql) {
    std::vector<Summary> out;
    for (const auto& m : repo_.of_project(sql, project_id, 1000, 0))
      out.push_back({m.id, m.project_id, m.title, m.starts_at, m.ends_at, m.status});
    return out;
  });
}

std::optional<Summary> Service::summary(long long project_id, long long meeting_id) {
  return db_.read([&](soci::session& sql) -> std::optional<Summary> {
    auto m = repo_.find(sql, meeting_id);
    if (!m || m->project_id != project_id) return std::nullopt;
    return Summary{m->id, m->project_id, m->title, m->starts_at, m->ends_at, m->status};
  });
}

// ---- Pages

std::optional<MeetingPage> Service::list(const Principal& me, long long project_id, int page) {
  return db_.read([&](soci::session& sql) -> std::optional<MeetingPage> {
    auto a = projects_.access(sql, me, project_id);
    if (!a || !a->reads()) return std::nullopt;
    MeetingPage out;
    out.total = repo_.count_of_project(sql, project_id);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.of_project(sql, project_id, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

std::optional<MeetingView> Service::view(const Principal& me, long long project_id, long long meeting_id) {
  return db_.read([&](soci::session& sql) -> std::optional<MeetingView> {
    auto a = projects_.access(sql, me, project_id);
    if (!a || !a->reads()) return std::nullopt;
    auto m = repo_.find(sql, meeting_id);
    if (!m || m->project_id != project_id) return std::nullopt;
    MeetingView v;
    v.access = *a;
    v.meeting = *m;
    v.agenda = repo_.agenda(sql, meeting_id, Repository::has_table(sql, "cooperation_methods"));
    v.invitations = repo_.invitations(sql, meeting_id);
    v.attendees = repo_.attendees(sql, meeting_id);
    v.organisations = repo_.organisations(sql, meeting_id);
    v.decisions = repo_.decisions(sql, meeting_id);
    for (const auto& i : v.invitations)
      if (i.user_id == me.id) v.mine = i;
    v.may_answer = v.mine && a->contributes() && m->status == "planned" && m->ends_at > store::now_seconds();
    return v;
  });
}

std::vector<MethodChoice> Service::methods() {
  return db_.read([&](soci::session& sql) { return repo_.methods(sql); });
}

std::vector<OrganisationPresent> Service::suggested_organisations(long long project_id) {
  return db_.read([&](soci::session& sql) {
    projects::Repository projects;
    std::vector<long long> ids;
    for (const auto& p : projects.partners(sql, project_id)) ids.push_back(p.organisation_id);
    for (const auto& m : projects.members(sql, project_id))
      if (m.organisation_id) ids.push_back(m.organisation_id);
    return repo_.named_organisations(sql, ids);
  });
}

std::vector<OrganisationPresent> Service::directory_organisations() {
  return db_.read([&](soci::session& sql) { return repo_.directory(sql, 2000); });
}

// ---- Facilitators

Outcome Service::validate(const MeetingInput& in, Meeting& m, std::vector<AgendaItem>& agenda,
                          soci::session& sql) const {
  m.title = trim(in.title);
  if (m.title.empty()) return Outcome::failure("meetings.errors.title", "title");
  if (code_points(m.title) > 200) return Outcome::failure("meetings.errors.title_long", "title");
  m.starts_at = parse_local(trim(in.starts));
  if (m.starts_at < 0) return Outcome::failure("meetings.errors.starts", "starts");
  m.ends_at = parse_local(trim(in.ends));
  if (m.ends_at < 0) return Outcome::failure("meetings.errors.ends", "ends");
  if (m.ends_at <= m.starts_at) return Outcome::failure("meetings.errors.end_before_start", "ends");
  if (m.ends_at - m.starts_at > kMaxDurationSeconds) return Outcome::failure("meetings.errors.too_long", "ends");
  m.place = trim(in.place);
  if (code_points(m.place) > 300) return Outcome::failure("meetings.errors.place_long", "place");
  m.video_url = trim(in.video_url);
  if (!m.video_url.empty() && (m.video_url.size() > 500 || !plausible_web_address(m.video_url)))
    return Outcome::failure("meetings.errors.video_url", "video_url");
  if (m.place.empty() && m.video_url.empty()) return Outcome::failure("meetings.errors.where", "place");
  agenda.clear();
  bool methods_there = Repository::has_table(sql, "cooperation_methods");
  for (std::size_t i = 0; i < in.agenda.size(); ++i) {
    const auto& row = in.agenda[i];
    AgendaItem a;
    a.title = trim(row.title);
    std::string duration = trim(row.duration), method = trim(row.method);
    if (a.title.empty() && duration.empty() && (method.empty() || method == "0")) continue;
    std::string field = "agenda_" + std::to_string(i + 1);
    if (a.title.empty()) return Outcome::failure("meetings.errors.agenda_title", field);
    if (code_points(a.title) > 200) return Outcome::failure("meetings.errors.agenda_title_long", field);
    if (!duration.empty()) {
      a.duration_minutes = parse_count(duration);
      if (a.duration_minutes < 1 || a.duration_minutes > 600)
        return Outcome::failure("meetings.errors.agenda_duration", field + "_duration");
    }
    if (!method.empty() && method != "0") {
      a.method_id = web::parse_id(method);
      if (a.method_id <= 0 || !methods_there || !repo_.method_exists(sql, a.method_id))
        return Outcome::failure("meetings.errors.agenda_method", field + "_method");
    }
    agenda.push_back(a);
    if (agenda.size() > kMaxAgendaItems) return Outcome::failure("meetings.errors.agenda_many", field);
  }
  return Outcome::success();
}

Outcome Service::create(const Actor& actor, const Principal& me, long long project_id, const MeetingInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    if (!a || !a->reads()) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden("meetings.errors.facilitators_only"));
    Meeting m;
    std::vector<AgendaItem> agenda;
    if (auto bad = validate(in, m, agenda, sql); !bad.ok) roll_back(bad);
    m.project_id = project_id;
    m.created_by = me.id;
    long long now = store::now_seconds();
    m.id = repo_.insert(sql, m, now);
    repo_.set_agenda(sql, m.id, agenda);
    audit_.record(sql, actor, "meetings.create", "cooperation_meeting:" + std::to_string(m.id),
                  "cooperation_project:" + std::to_string(project_id) + " " + m.title);
    return Outcome::success(m.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                        const MeetingInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    auto old = a && a->reads() ? repo_.find(sql, meeting_id) : std::nullopt;
    if (!old || old->project_id != project_id) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden("meetings.errors.facilitators_only"));
    repo_.hold(sql, meeting_id);
    old = repo_.find(sql, meeting_id);
    if (old->status != "planned") roll_back(Outcome::conflict("meetings.errors.not_planned"));
    Meeting m = *old;
    std::vector<AgendaItem> agenda;
    if (auto bad = validate(in, m, agenda, sql); !bad.ok) roll_back(bad);
    bool moved = m.title != old->title || m.starts_at != old->starts_at || m.ends_at != old->ends_at ||
                 m.place != old->place || m.video_url != old->video_url;
    long long now = store::now_seconds();
    if (moved) m.sequence = old->sequence + 1;
    repo_.update(sql, m, now);
    repo_.set_agenda(sql, m.id, agenda);
    long long sent = 0;
    if (moved) {
      // The invited people's calendars follow the change: the same UID with a higher SEQUENCE.
      for (const auto& i : repo_.invitations(sql, m.id)) {
        send(sql, m, agenda, i, "update", now);
        repo_.set_sent_sequence(sql, m.id, i.user_id, m.sequence);
        ++sent;
      }
    }
    audit_.record(sql, actor, "meetings.update", "cooperation_meeting:" + std::to_string(m.id),
                  m.title + (moved ? " (séquence " + std::to_string(m.sequence) + ", " + std::to_string(sent) +
                                         " mise(s) à jour envoyée(s))"
                                   : ""));
    return Outcome::success(m.id);
  });
}

void Service::send(soci::session& sql, const Meeting& m, const std::vector<AgendaItem>& agenda, const Invitation& to,
                   const std::string& kind, long long now) {
  auto project = projects::Repository().find(sql, m.project_id);
  std::string agenda_text;
  long long n = 0;
  for (const auto& a : agenda) {
    agenda_text += std::to_string(++n) + ". " + a.title;
    if (a.duration_minutes)
      agenda_text += " (" + t("meetings.agenda.minutes", {{"n", std::to_string(a.duration_minutes)}}) + ")";
    agenda_text += "\n";
  }
  if (agenda_text.empty()) agenda_text = t("meetings.mail.no_agenda") + "\n";
  std::string where = m.place;
  if (!m.video_url.empty()) where += (where.empty() ? "" : " — ") + t("meetings.mail.video", {{"url", m.video_url}});
  std::string when_text = when(m.starts_at, m.ends_at);
  web::Params p = {{"name", to.name},       {"organizer", m.created_by_name},
                   {"title", m.title},      {"project", project ? project->title : std::string()},
                   {"when", when_text},     {"where", where},
                   {"agenda", agenda_text}, {"url", meeting_url(m)}};
  CalendarInvite ics;
  ics.uid = meeting_uid(m.id, public_url_);
  ics.starts_at = m.starts_at;
  ics.ends_at = m.ends_at;
  ics.stamp = now;
  ics.sequence = m.sequence;
  ics.summary = m.title;
  ics.description = t("meetings.mail.ics_description", p);
  ics.location = m.place.empty() ? m.video_url : m.place;
  ics.url = meeting_url(m);
  ics.organizer_name = m.created_by_name;
  ics.organizer_email = m.created_by_email;
  ics.attendee_name = to.name;
  ics.attendee_email = to.email;
  ics.cancel = kind == "cancel";
  mail::Attachment file{kind == "cancel" ? "annulation.ics" : "invitation.ics", invitation_content_type(ics.cancel),
                        invitation_ics(ics)};
  mail_.enqueue(sql, to.email, t("meetings.mail." + kind + ".subject", p), t("meetings.mail." + kind + ".body", p),
                file);
}

Outcome Service::invite(const Actor& actor, const Principal& me, long long project_id, long long meeting_id, bool all,
                        const std::vector<std::string>& chosen) {
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    auto found = a && a->reads() ? repo_.find(sql, meeting_id) : std::nullopt;
    if (!found || found->project_id != project_id) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden("meetings.errors.facilitators_only"));
    repo_.hold(sql, meeting_id);
    Meeting m = *repo_.find(sql, meeting_id);
    if (m.status != "planned") roll_back(Outcome::conflict("meetings.errors.not_planned"));
    long long now = store::now_seconds();
    if (m.starts_at <= now) roll_back(Outcome::conflict("meetings.errors.started"));
    auto members = projects::Repository().members(sql, project_id);
    auto invited = repo_.invitations(sql, meeting_id);
    auto already = [&](long long user_id) {
      return std::any_of(invited.begin(), invited.end(), [&](const Invitation& i) { return i.user_id == user_id; });
    };
    std::vector<projects::Member> to;
    if (all) {
      for (const auto& mb : members)
        if (invitable(mb) && !already(mb.user_id)) to.push_back(mb);
      if (to.empty()) refuse("meetings.errors.everyone_invited", "invitees");
    } else {
      bool bad = false;
      auto ids = ids_of(chosen, bad);
      if (bad) refuse("meetings.errors.not_member", "invitees");
      if (ids.empty()) refuse("meetings.errors.nobody", "invitees");
      for (long long id : ids) {
        auto it =
            std::find_if(members.begin(), members.end(), [&](const projects::Member& x) { return x.user_id == id; });
        if (it == members.end() || !invitable(*it)) refuse("meetings.errors.not_member", "invitees");
        to.push_back(*it);
      }
    }
    auto agenda = repo_.agenda(sql, meeting_id, false);
    for (const auto& mb : to) {
      repo_.upsert_invitation(sql, meeting_id, mb.user_id, m.sequence, now);
      Invitation i;
      i.user_id = mb.user_id;
      i.name = mb.name;
      i.email = mb.email;
      send(sql, m, agenda, i, "invitation", now);
    }
    audit_.record(sql, actor, "meetings.invite", "cooperation_meeting:" + std::to_string(meeting_id),
                  std::to_string(to.size()) + " invitation(s), séquence " + std::to_string(m.sequence));
    return Outcome::success(static_cast<long long>(to.size()));
  });
}

Outcome Service::cancel(const Actor& actor, const Principal& me, long long project_id, long long meeting_id) {
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    auto found = a && a->reads() ? repo_.find(sql, meeting_id) : std::nullopt;
    if (!found || found->project_id != project_id) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden("meetings.errors.facilitators_only"));
    repo_.hold(sql, meeting_id);
    Meeting m = *repo_.find(sql, meeting_id);
    if (m.status != "planned") roll_back(Outcome::conflict("meetings.errors.not_planned"));
    long long now = store::now_seconds();
    m.sequence += 1;
    m.status = "cancelled";
    repo_.set_cancelled(sql, meeting_id, m.sequence, now);
    auto agenda = repo_.agenda(sql, meeting_id, false);
    long long sent = 0;
    for (const auto& i : repo_.invitations(sql, meeting_id)) {
      send(sql, m, agenda, i, "cancel", now);
      repo_.set_sent_sequence(sql, meeting_id, i.user_id, m.sequence);
      ++sent;
    }
    audit_.record(sql, actor, "meetings.cancel", "cooperation_meeting:" + std::to_string(meeting_id),
                  m.title + " (" + std::to_string(sent) + " annulation(s) envoyée(s))");
    return Outcome::success(meeting_id);
  });
}

Outcome Service::record_attendance(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                                   const AttendanceInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    auto found = a && a->reads() ? repo_.find(sql, meeting_id) : std::nullopt;
    if (!found || found->project_id != project_id) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden("meetings.errors.facilitators_only"));
    repo_.hold(sql, meeting_id);
    Meeting m = *repo_.find(sql, meeting_id);
    if (m.status == "cancelled") roll_back(Outcome::conflict("meetings.errors.cancelled"));
    long long now = store::now_seconds();
    if (m.starts_at > now) roll_back(Outcome::conflict("meetings.errors.not_started"));
    bool bad = false;
    auto present = ids_of(in.present, bad);
    if (bad) refuse("meetings.errors.not_member", "present");
    auto members = projects::Repository().members(sql, project_id);
    for (long long id : present)
      if (std::none_of(members.begin(), members.end(), [&](const projects::Member& x) { return x.user_id == id; }))
        refuse("meetings.errors.not_member", "present");
    auto organisations = ids_of(in.organisations, bad);
    if (bad) refuse("meetings.errors.organisation", "organisations");
    if (repo_.existing_organisations(sql, organisations).size() != organisations.size())
      refuse("meetings.errors.organisation", "organisations");
    std::string count = trim(in.others_count);
    long long others = count.empty() ? 0 : parse_count(count);
    if (others < 0 || others > kMaxOthers) refuse("meetings.errors.others_count", "others_count");
    std::string label = trim(in.others_label);
    if (code_points(label) > 200) refuse("meetings.errors.others_label", "others_label");
    if (others == 0) label.clear();
    if (present.empty() && organisations.empty() && others == 0) refuse("meetings.errors.nobody_present", "present");
    repo_.set_attendees(sql, meeting_id, present);
    repo_.set_organisations(sql, meeting_id, organisations);
    repo_.set_held(sql, meeting_id, others, label, now);
    audit_.record(sql, actor, "meetings.attendance", "cooperation_meeting:" + std::to_string(meeting_id),
                  std::to_string(present.size()) + " membre(s), " + std::to_string(organisations.size()) +
                      " organisation(s), " + std::to_string(others) + " autre(s)");
    return Outcome::success(meeting_id);
  });
}

Outcome Service::write_minutes(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                               const std::string& raw) {
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    auto found = a && a->reads() ? repo_.find(sql, meeting_id) : std::nullopt;
    if (!found || found->project_id != project_id) roll_back(Outcome::not_found());
    if (!a->facilitates()) roll_back(Outcome::forbidden("meetings.errors.facilitators_only"));
    repo_.hold(sql, meeting_id);
    Meeting m = *repo_.find(sql, meeting_id);
    if (m.status != "held") roll_back(Outcome::conflict("meetings.errors.not_held", "minutes"));
    std::string minutes = trim(raw);
    if (minutes.empty()) refuse("meetings.errors.minutes_empty", "minutes");
    if (code_points(minutes) > kMaxMinutesChars) refuse("meetings.errors.minutes_long", "minutes");
    repo_.set_minutes(sql, meeting_id, minutes, me.id, store::now_seconds());
    audit_.record(sql, actor, "meetings.minutes", "cooperation_meeting:" + std::to_string(meeting_id),
                  std::to_string(code_points(minutes)) + " caractères");
    return Outcome::success(meeting_id);
  });
}

// ---- Members

Outcome Service::answer(const Actor& actor, const Principal& me, long long project_id, long long meeting_id,
                        const std::string& raw) {
  return db_.attempt([&](soci::session& sql) {
    auto a = projects_.access(sql, me, project_id);
    auto m = a && a->reads() ? repo_.find(sql, meeting_id) : std::nullopt;
    if (!m || m->project_id != project_id) roll_back(Outcome::not_found());
    if (!a->contributes()) roll_back(Outcome::forbidden("meetings.errors.answer_who"));
    auto mine = repo_.invitation(sql, meeting_id, me.id);
    if (!mine) roll_back(Outcome::forbidden("meetings.errors.not_invited"));
    if (m->status != "planned") roll_back(Outcome::conflict("meetings.errors.not_planned"));
    long long now = store::now_seconds();
    if (m->ends_at <= now) roll_back(Outcome::conflict("meetings.errors.over"));
    std::string answer = trim(raw);
    if (!is_one_of(answer, answers())) refuse("meetings.errors.answer", "answer");
    repo_.set_answer(sql, meeting_id, me.id, answer, now);
    audit_.record(sql, actor, "meetings.answer", "cooperation_meeting:" + std::to_string(meeting_id), answer);
    return Outcome::success(meeting_id);
  });
}

// ---- The report

std::string Service::render_report(soci::session& sql, const Meeting& m, const projects::Project& project) {
  std::string title = t("meetings.report.pdf_title", {{"title", m.title}});
  docs::PdfDocument pdf(title);
  pdf.set_author(project.organisation_name.empty() ? std::string("Trame") : project.organisation_name);
  pdf.set_subject(project.title);
  pdf.set_language("fr-FR");
  pdf.set_page_label(t("meetings.report.page"));
  pdf.heading(title);
  std::string when_text = when(m.starts_at, m.ends_at);
  std::string where = m.place;
  if (!m.video_url.empty()) where += (where.empty() ? "" : " — ") + m.video_url;
  pdf.paragraph(t("meetings.report.project", {{"project", project.title}}) + "\n" +
                t("meetings.report.when", {{"when", when_text}}) + "\n" +
                t("meetings.report.where", {{"where", where}}));

  auto agenda = repo_.agenda(sql, m.id, Repository::has_table(sql, "cooperation_methods"));
  pdf.subheading(t("meetings.report.agenda"));
  if (agenda.empty()) {
    pdf.paragraph(t("meetings.agenda.none"));
  } else {
    docs::PdfTable table{
        {t("meetings.agenda.item"), t("meetings.agenda.duration"), t("meetings.agenda.method")}, {5, 2, 3}, {}};
    for (const auto& a : agenda)
      table.rows.push_back({a.title,
                            a.duration_minutes
                                ? t("meetings.agenda.minutes", {{"n", std::to_string(a.duration_minutes)}})
                                : std::string("—"),
                            a.method_title.empty() ? std::string("—") : a.method_title});
    pdf.table(table);
  }

  pdf.subheading(t("meetings.report.present"));
  auto attendees = repo_.attendees(sql, m.id);
  auto members = projects::Repository().members(sql, m.project_id);
  if (attendees.empty()) {
    pdf.paragraph(t("meetings.report.no_members"));
  } else {
    docs::PdfTable table{{t("meetings.report.member"), t("meetings.report.organisation")}, {1, 1}, {}};
    for (const auto& at : attendees) {
      std::string org;
      for (const auto& mb : members)
        if (mb.user_id == at.user_id) org = mb.organisation_name;
      table.rows.push_back({at.name, org.empty() ? std::string("—") : org});
    }
    pdf.table(table);
  }
  auto organisations = repo_.organisations(sql, m.id);
  pdf.subheading(t("meetings.report.organisations"));
  if (organisations.empty()) {
    pdf.paragraph(t("meetings.report.no_organisations"));
  } else {
    std::string list;
    for (const auto& o : organisations) list += (list.empty() ? "" : "\n") + ("• " + o.name);
    pdf.paragraph(list);
  }
  if (m.others_count > 0)
    pdf.paragraph(t("meetings.report.others",
                    {{"n", std::to_string(m.others_count)},
                     {"label", m.others_label.empty() ? t("meetings.report.others_default") : m.others_label}}));

  pdf.subheading(t("meetings.report.minutes"));
  auto blocks = minutes_blocks(m.minutes);
  if (blocks.empty()) pdf.paragraph(t("meetings.report.no_minutes"));
  for (const auto& b : blocks) {
    if (b.heading) pdf.subheading(b.text);
    else pdf.paragraph(b.text);
  }

  pdf.subheading(t("meetings.report.decisions"));
  auto decisions = repo_.decisions(sql, m.id);
  if (decisions.empty()) {
    pdf.paragraph(t("meetings.report.no_decisions"));
  } else {
    docs::PdfTable table{
        {t("meetings.report.decision"), t("meetings.report.decision_status"), t("meetings.report.outcome")},
        {3, 1, 4},
        {}};
    for (const auto& d : decisions)
      table.rows.push_back({d.title, t("meetings.decision_statuses." + d.status),
                            d.outcome_statement.empty() ? std::string("—") : d.outcome_statement});
    pdf.table(table);
  }
  if (m.minutes_at)
    pdf.paragraph(t("meetings.report.written_by",
                    {{"name", m.minutes_by_name}, {"when", format_local(m.minutes_at, "%d/%m/%Y %H:%M")}}));
  return pdf.render();
}

Outcome Service::report_pdf(const Principal& me, long long project_id, long long meeting_id, std::string& pdf) {
  return db_.read([&](soci::session& sql) -> Outcome {
    auto a = projects_.access(sql, me, project_id);
    auto m = a && a->reads() ? repo_.find(sql, meeting_id) : std::nullopt;
    if (!m || m->project_id != project_id) return Outcome::not_found();
    if (m->status != "held") return Outcome::conflict("meetings.errors.not_held_report");
    pdf = render_report(sql, *m, a->project);
    return Outcome::success(meeting_id);
  });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::meetings
