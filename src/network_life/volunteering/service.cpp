#include "network_life/volunteering/service.hpp"

#include <algorithm>
#include <map>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/pdf.hpp"
#include "platform/web/app.hpp"

namespace trame::volunteering {

namespace {

std::string today() {
  return local_day(store::now_seconds());
}

// 'YYYY-MM-DD' typed, or "" when it is not a valid day.
std::string valid_day(const std::string& text) {
  auto d = parse_date(text);
  return d ? iso_date(*d) : std::string();
}

template <class T>
int clamp_page(int page, long long total) {
  long long pages = std::max<long long>(1, (total + Service::kPerPage - 1) / Service::kPerPage);
  return static_cast<int>(std::clamp<long long>(page, 1, pages));
}

}  // namespace

ActingFor Service::managed(const Principal& me) {
  if (me.is_admin()) return ActingFor::everywhere();
  return me.acting_for(perm::network_life_manage);
}

// ---- For the other modules

std::vector<Contact> Service::volunteer_contacts() {
  std::string day = today();
  return db_.read([&](soci::session& sql) { return repo_.volunteers(sql, day); });
}

// ---- The volunteer's space

MySpace Service::my_space(const Principal& me, int hours_page) {
  return db_.read([&](soci::session& sql) {
    MySpace s;
    std::string day = today();
    s.manages = !managed(me).none();
    s.engagements = repo_.engagements_of(sql, me.id);
    s.assignments = repo_.assignments_of(sql, me.id);
    for (auto& x : s.assignments) {
      x.user_id = me.id;
      if (auto m = repo_.find_mission(sql, x.mission_id)) x.mission = *m;
    }
    std::stable_sort(s.assignments.begin(), s.assignments.end(), [](const Assignment& a, const Assignment& b) {
      return a.mission.starts_on > b.mission.starts_on;
    });
    s.open_missions = repo_.open_missions(sql, me.id, day);
    s.slots = repo_.slots(sql, me.id);
    s.unavailable = repo_.unavailabilities(sql, me.id, day);
    s.hours.total = repo_.count_hours_of(sql, me.id);
    s.hours.page = clamp_page<HoursEntry>(hours_page, s.hours.total);
    s.hours.items = repo_.hours_of(sql, me.id, kPerPage, (s.hours.page - 1) * kPerPage);
    s.months = repo_.months_of(sql, me.id);
    s.tutored = repo_.tutored_by(sql, me.id);
    return s;
  });
}

Outcome Service::set_availabilities(const Actor& actor, const Principal& me, const std::vector<std::string>& values) {
  std::vector<Slot> slots;
  for (const auto& v : values) {
    Slot s;
    if (!parse_slot(trim(v), s)) return Outcome::failure("volunteering.errors.slot", "slots");
    if (std::none_of(slots.begin(), slots.end(),
                     [&](const Slot& x) { return x.weekday == s.weekday && x.half == s.half; }))
      slots.push_back(s);
  }
  return db_.attempt([&](soci::session& sql) {
    repo_.set_slots(sql, me.id, slots);
    audit_.record(sql, actor, "volunteering.availabilities", "user:" + std::to_string(me.id),
                  std::to_string(slots.size()));
    return Outcome::success(me.id);
  });
}

Outcome Service::add_unavailability(const Actor& actor, const Principal& me, const std::string& starts_on,
                                    const std::string& ends_on, const std::string& note_typed) {
  std::string from = valid_day(starts_on), to = valid_day(ends_on);
  if (from.empty()) return Outcome::failure("volunteering.errors.day", "unavailable_from");
  if (to.empty()) return Outcome::failure("volunteering.errors.day", "unavailable_to");
  if (to < from) return Outcome::failure("volunteering.errors.period_order", "unavailable_to");
  if (to < today()) return Outcome::failure("volunteering.errors.period_past", "unavailable_to");
  std::string note = trim(note_typed);
  if (note.size() > 300) return Outcome::failure("volunteering.errors.note_long", "unavailable_note");
  return db_.attempt([&](soci::session& sql) {
    Unavailability u;
    u.starts_on = from;
    u.ends_on = to;
    u.note = note;
    long long id = repo_.insert_unavailability(sql, me.id, u, store::now_seconds());
    audit_.record(sql, actor, "volunteering.unavailable", "user:" + std::to_string(me.id), from + " " + to);
    return Outcome::success(id);
  });
}

Outcome Service::apply(const Actor& actor, const Principal& me, long long mission_id) {
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.find_mission(sql, mission_id);
    std::string day = today();
    if (!m) roll_back(Outcome::not_found());
    long long engaged = repo_.engaged(sql, me.id, m->organiser_id, day);
    if (!engaged)
      roll_back(may_manage(me, m->organiser_id) ? Outcome::forbidden("volunteering.errors.not_engaged_self")
                                                : Outcome::not_found());
    if (m->ends_on < day) roll_back(Outcome::conflict("volunteering.errors.mission_over"));
    long long already = repo_.applications(sql, mission_id, me.id);
    if (already) roll_back(Outcome::conflict("volunteering.errors.already_applied"));
    long long id = repo_.insert_application(sql, mission_id, me.id, store::now_seconds());
    audit_.record(sql, actor, "volunteering.apply", "life_volunteer_mission:" + std::to_string(mission_id));
    return Outcome::success(id);
  });
}

Outcome Service::declare_hours(const Actor& actor, const Principal& me, const HoursInput& in) {
  if (!trim(in.user).empty() && web::parse_id(trim(in.user)) != me.id)
    return Outcome::forbidden("volunteering.errors.not_yours");
  long long mission_id = web::parse_id(trim(in.mission));
  if (mission_id <= 0) return Outcome::failure("volunteering.errors.mission_choice", "mission");
  std::string day = valid_day(in.day);
  if (day.empty()) return Outcome::failure("volunteering.errors.day", "day");
  if (day > today()) return Outcome::failure("volunteering.errors.future", "day");
  long long quarters = parse_quarters(in.hours);
  if (quarters <= 0) return Outcome::failure("volunteering.errors.hours", "hours");
  if (quarters > kMaxQuartersPerDay) return Outcome::failure("volunteering.errors.daily_limit", "hours");
  std::string note = trim(in.note);
  if (note.size() > 500) return Outcome::failure("volunteering.errors.note_long", "note");
  return db_.attempt([&](soci::session& sql) {
    // Holds this person's assignments: two declarations at once are counted one after the other.
    repo_.hold_assignments_of(sql, me.id);
    auto m = repo_.find_mission(sql, mission_id);
    long long assigned = m ? repo_.assignments(sql, mission_id, me.id) : 0;
    if (!assigned) refuse("volunteering.errors.mission_not_assigned", "mission");
    if (day < m->starts_on) refuse("volunteering.errors.before_mission", "day");
    if (day > m->ends_on) refuse("volunteering.errors.after_mission", "day");
    long long already = repo_.quarters_declared(sql, me.id, day);
    if (already + quarters > kMaxQuartersPerDay) refuse("volunteering.errors.daily_limit", "hours");
    HoursEntry h;
    h.user_id = me.id;
    h.mission_id = mission_id;
    h.day = day;
    h.quarters = quarters;
    h.note = note;
    long long id = repo_.insert_hours(sql, h, store::now_seconds());
    audit_.record(sql, actor, "volunteering.hours.declare", "life_volunteer_hours:" + std::to_string(id),
                  day + " " + std::to_string(quarters));
    return Outcome::success(id);
  });
}

// ---- Coordinators

std::optional<Management> Service::management(const Principal& me, int engagements_page, int missions_page,
                                              int pending_page, int year) {
  ActingFor scope = managed(me);
  if (scope.none()) return std::nullopt;
  return db_.read([&](soci::session& sql) -> std::optional<Management> {
    Management g;
    g.year = year;
    g.organisers = repo_.organisers(sql, scope);
    g.places = repo_.places(sql);
    g.engagements.total = repo_.count_engagements(sql, scope);
    g.engagements.page = clamp_page<Engagement>(engagements_page, g.engagements.total);
    g.engagements.items = repo_.engagements(sql, scope, kPerPage, (g.engagements.page - 1) * kPerPage);
    g.missions.total = repo_.count_missions(sql, scope);
    g.missions.page = clamp_page<Mission>(missions_page, g.missions.total);
    g.missions.items = repo_.missions(sql, scope, kPerPage, (g.missions.page - 1) * kPerPage);
    g.pending.total = repo_.count_pending(sql, scope);
    g.pending.page = clamp_page<HoursEntry>(pending_page, g.pending.total);
    g.pending.items = repo_.pending(sql, scope, kPerPage, (g.pending.page - 1) * kPerPage);
    g.totals = repo_.totals(sql, scope, year);
    return g;
  });
}

Outcome Service::create_engagement(const Actor& actor, const Principal& me, const EngagementInput& in) {
  long long organiser_id = web::parse_id(trim(in.organiser));
  if (organiser_id <= 0 || !may_manage(me, organiser_id))
    return Outcome::failure("volunteering.errors.organiser", "organiser");
  std::string email = trim(in.email);
  if (email.empty() || email.size() > 254) return Outcome::failure("volunteering.errors.email", "email");
  if (std::find(engagement_kinds().begin(), engagement_kinds().end(), in.kind) == engagement_kinds().end())
    return Outcome::failure("volunteering.errors.kind", "kind");
  std::string from = valid_day(in.starts_on);
  if (from.empty()) return Outcome::failure("volunteering.errors.day", "starts_on");
  std::string to;
  if (!trim(in.ends_on).empty()) {
    to = valid_day(in.ends_on);
    if (to.empty()) return Outcome::failure("volunteering.errors.day", "ends_on");
    if (to < from) return Outcome::failure("volunteering.errors.period_order", "ends_on");
  }
  long long weekly = 0;
  if (!trim(in.weekly_hours).empty()) {
    std::string w = trim(in.weekly_hours);
    if (w.size() > 2 || w.find_first_not_of("0123456789") != std::string::npos || std::stoll(w) < 1 ||
        std::stoll(w) > 48)
      return Outcome::failure("volunteering.errors.weekly_hours", "weekly_hours");
    weekly = std::stoll(w) * 4;
  }
  std::string tutor_email = trim(in.tutor_email);
  if (in.kind == "service_civique" && tutor_email.empty())
    return Outcome::failure("volunteering.errors.tutor_required", "tutor_email");
  return db_.attempt([&](soci::session& sql) {
    long long user_id = repo_.active_user(sql, email);
    if (user_id == 0) refuse("volunteering.errors.no_account", "email");
    long long tutor_id = 0;
    if (!tutor_email.empty()) {
      tutor_id = repo_.tutor(sql, tutor_email, organiser_id);
      if (tutor_id == 0) refuse("volunteering.errors.tutor", "tutor_email");
      if (tutor_id == user_id) refuse("volunteering.errors.tutor_self", "tutor_email");
    }
    long long overlapping = repo_.overlapping(sql, user_id, organiser_id, from, to);
    if (overlapping) refuse("volunteering.errors.already_engaged", "email");
    Engagement e;
    e.organiser_id = organiser_id;
    e.user_id = user_id;
    e.kind = in.kind;
    e.starts_on = from;
    e.ends_on = to;
    e.tutor_id = tutor_id;
    e.weekly_quarters = weekly;
    long long id = repo_.insert_engagement(sql, e, me.id, store::now_seconds());
    audit_.record(sql, actor, "volunteering.engage", "life_volunteer_engagement:" + std::to_string(id),
                  "user:" + std::to_string(user_id) + " " + in.kind);
    return Outcome::success(id);
  });
}

Outcome Service::create_mission(const Actor& actor, const Principal& me, const MissionInput& in) {
  long long organiser_id = web::parse_id(trim(in.organiser));
  if (organiser_id <= 0 || !may_manage(me, organiser_id))
    return Outcome::failure("volunteering.errors.organiser", "organiser");
  std::string title = trim(in.title);
  if (title.empty()) return Outcome::failure("volunteering.errors.title", "title");
  if (title.size() > 200) return Outcome::failure("volunteering.errors.title_long", "title");
  if (std::find(mission_kinds().begin(), mission_kinds().end(), in.kind) == mission_kinds().end())
    return Outcome::failure("volunteering.errors.mission_kind", "kind");
  long long place_id = 0;
  if (!trim(in.place).empty()) {
    place_id = web::parse_id(trim(in.place));
    if (place_id <= 0) return Outcome::failure("volunteering.errors.place", "place");
  }
  if (in.kind == "permanence" && place_id == 0) return Outcome::failure("volunteering.errors.place_required", "place");
  std::string from = valid_day(in.starts_on), to = valid_day(in.ends_on);
  if (from.empty()) return Outcome::failure("volunteering.errors.day", "starts_on");
  if (to.empty()) return Outcome::failure("volunteering.errors.day", "ends_on");
  if (to < from) return Outcome::failure("volunteering.errors.period_order", "ends_on");
  std::string p = trim(in.places);
  if (p.empty() || p.size() > 4 || p.find_first_not_of("0123456789") != std::string::npos || std::stoll(p) < 1 ||
      std::stoll(p) > 1000)
    return Outcome::failure("volunteering.errors.places", "places");
  long long places = std::stoll(p);
  std::string recurrence = trim(in.recurrence), description = trim(in.description);
  if (recurrence.size() > 300) return Outcome::failure("volunteering.errors.recurrence_long", "recurrence");
  if (description.size() > 4000) return Outcome::failure("volunteering.errors.description_long", "description");
  return db_.attempt([&](soci::session& sql) {
    if (place_id && !repo_.active_organisation(sql, place_id)) refuse("volunteering.errors.place", "place");
    Mission m;
    m.organiser_id = organiser_id;
    m.title = title;
    m.kind = in.kind;
    m.place_id = place_id;
    m.description = description;
    m.starts_on = from;
    m.ends_on = to;
    m.recurrence = recurrence;
    m.places = places;
    long long id = repo_.insert_mission(sql, m, me.id, store::now_seconds());
    audit_.record(sql, actor, "volunteering.mission.create", "life_volunteer_mission:" + std::to_string(id), title);
    return Outcome::success(id);
  });
}

std::optional<MissionView> Service::mission(const Principal& me, long long mission_id) {
  return db_.read([&](soci::session& sql) -> std::optional<MissionView> {
    auto m = repo_.find_mission(sql, mission_id);
    if (!m || !may_manage(me, m->organiser_id)) return std::nullopt;
    MissionView v;
    v.mission = *m;
    v.people = repo_.people(sql, mission_id);
    v.candidates = repo_.candidates(sql, *m);
    return v;
  });
}

Outcome Service::assign(const Actor& actor, const Principal& me, long long mission_id, long long user_id) {
  return db_.attempt([&](soci::session& sql) {
    auto m = repo_.find_mission(sql, mission_id);
    if (!m || !may_manage(me, m->organiser_id)) roll_back(Outcome::not_found());
    if (user_id <= 0) refuse("volunteering.errors.person", "person");
    long long engaged = repo_.engaged_for(sql, user_id, *m);
    if (!engaged) refuse("volunteering.errors.not_engaged", "person");
    // Holds the mission's row: concurrent assignments are counted one after the other.
    long long now = store::now_seconds();
    repo_.hold_mission(sql, mission_id, now);
    std::string mid = std::to_string(mission_id), uid = std::to_string(user_id);
    long long taken = repo_.assigned(sql, mission_id);
    auto status = repo_.assignment_status(sql, mission_id, user_id);
    bool exists = status.has_value();
    if (exists && *status == "assigned") roll_back(Outcome::conflict("volunteering.errors.already_assigned", "person"));
    if (taken >= m->places) roll_back(Outcome::conflict("volunteering.errors.full", "person"));
    if (exists) repo_.confirm_assignment(sql, mission_id, user_id, me.id, now);
    else repo_.insert_assignment(sql, mission_id, user_id, me.id, now);
    repo_.set_assigned_count(sql, mission_id, taken + 1);
    audit_.record(sql, actor, "volunteering.assign", "life_volunteer_mission:" + mid, "user:" + uid);
    return Outcome::success(mission_id);
  });
}

namespace {
// The hours' row for a decision: 404 when not seen, 403 when it is one's own.
HoursEntry decidable(soci::session& sql, const Repository& repo, const Principal& me, long long hours_id) {
  auto h = repo.find_hours(sql, hours_id);
  if (!h) roll_back(Outcome::not_found());
  bool manages = Service::may_manage(me, h->organiser_id);
  if (!manages && h->user_id != me.id) roll_back(Outcome::not_found());
  if (h->user_id == me.id) roll_back(Outcome::forbidden("volunteering.errors.own_hours"));
  repo.hold_hours(sql, hours_id);
  std::string status = repo.hours_status(sql, hours_id);
  if (status != "pending") roll_back(Outcome::conflict("volunteering.errors.already_decided"));
  return *h;
}
}  // namespace

Outcome Service::validate_hours(const Actor& actor, const Principal& me, long long hours_id) {
  return db_.attempt([&](soci::session& sql) {
    decidable(sql, repo_, me, hours_id);
    repo_.validate_hours(sql, hours_id, me.id, store::now_seconds());
    audit_.record(sql, actor, "volunteering.hours.validate", "life_volunteer_hours:" + std::to_string(hours_id));
    return Outcome::success(hours_id);
  });
}

Outcome Service::refuse_hours(const Actor& actor, const Principal& me, long long hours_id,
                              const std::string& reason_typed) {
  std::string reason = trim(reason_typed);
  return db_.attempt([&](soci::session& sql) {
    decidable(sql, repo_, me, hours_id);
    if (reason.empty()) refuse("volunteering.errors.reason", "reason");
    if (reason.size() > 500) refuse("volunteering.errors.reason_long", "reason");
    repo_.refuse_hours(sql, hours_id, reason, me.id, store::now_seconds());
    audit_.record(sql, actor, "volunteering.hours.refuse", "life_volunteer_hours:" + std::to_string(hours_id));
    return Outcome::success(hours_id);
  });
}

std::optional<std::vector<HoursEntry>> Service::validated_hours(const Principal& me, int year) {
  ActingFor scope = managed(me);
  if (scope.none()) return std::nullopt;
  return db_.read(
      [&](soci::session& sql) -> std::optional<std::vector<HoursEntry>> { return repo_.validated(sql, scope, year); });
}

// ---- Attestation

std::string Service::render_attestation(soci::session& sql, const Engagement& e) {
  std::string title = t("volunteering.attestation.title");
  docs::PdfDocument pdf(title + " — " + e.user_name);
  pdf.set_author(e.organiser_name);
  pdf.set_subject(t("volunteering.kinds." + e.kind));
  pdf.set_language("fr-FR");
  pdf.set_page_label(t("volunteering.attestation.page"));
  pdf.heading(title);
  std::string period = e.ends_on.empty()
                           ? t("volunteering.attestation.since", {{"from", short_french_date(e.starts_on)}})
                           : t("volunteering.attestation.period",
                               {{"from", short_french_date(e.starts_on)}, {"to", short_french_date(e.ends_on)}});
  std::string text = t("volunteering.attestation.statement", {{"organiser", e.organiser_name},
                                                              {"name", e.user_name},
                                                              {"kind", t("volunteering.kinds." + e.kind)},
                                                              {"period", period}});
  if (!e.tutor_name.empty()) text += "\n" + t("volunteering.attestation.tutor", {{"name", e.tutor_name}});
  if (e.weekly_quarters)
    text += "\n" + t("volunteering.attestation.weekly", {{"hours", format_quarters(e.weekly_quarters)}});
  pdf.paragraph(text);

  std::string end = e.ends_on.empty() ? std::string("9999-12-31") : e.ends_on;
  auto list = repo_.missions_assigned(sql, e.user_id, e.organiser_id);
  pdf.subheading(t("volunteering.attestation.missions"));
  if (list.empty()) {
    pdf.paragraph(t("volunteering.attestation.no_missions"));
  } else {
    docs::PdfTable table{{t("volunteering.fields.title"), t("volunteering.fields.kind"), t("volunteering.fields.place"),
                          t("volunteering.fields.period")},
                         {4, 2, 3, 3},
                         {}};
    for (const auto& m : list)
      table.rows.push_back({m.title, t("volunteering.mission_kinds." + m.kind),
                            m.place_name.empty() ? std::string("—") : m.place_name,
                            short_french_date(m.starts_on) + " – " + short_french_date(m.ends_on)});
    pdf.table(table);
  }
  auto validated = repo_.validated_of(sql, e.user_id, e.organiser_id, e.starts_on, end);
  pdf.subheading(t("volunteering.attestation.hours"));
  if (validated.empty()) {
    pdf.paragraph(t("volunteering.attestation.no_hours"));
  } else {
    std::map<std::pair<std::string, std::string>, long long> by_month;  // (month, mission) → quarters
    long long total = 0;
    for (const auto& h : validated) {
      by_month[{h.day.substr(0, 7), h.mission_title}] += h.quarters;
      total += h.quarters;
    }
    docs::PdfTable table{
        {t("volunteering.fields.month"), t("volunteering.fields.mission"), t("volunteering.fields.hours")},
        {2, 5, 2},
        {}};
    for (const auto& [key, q] : by_month)
      table.rows.push_back({key.first.substr(5, 2) + "/" + key.first.substr(0, 4), key.second, format_quarters(q)});
    pdf.table(table);
    pdf.paragraph(t("volunteering.attestation.total", {{"hours", format_quarters(total)}}));
  }
  pdf.paragraph(t("volunteering.attestation.signed",
                  {{"organiser", e.organiser_name}, {"day", format_local(store::now_seconds(), "%d/%m/%Y")}}));
  return pdf.render();
}

Outcome Service::attestation_pdf(const Principal& me, long long engagement_id, std::string& pdf,
                                 std::string& file_name) {
  return db_.read([&](soci::session& sql) -> Outcome {
    auto e = repo_.find_engagement(sql, engagement_id);
    if (!e || !(e->user_id == me.id || (e->tutor_id && e->tutor_id == me.id) || may_manage(me, e->organiser_id)))
      return Outcome::not_found();
    pdf = render_attestation(sql, *e);
    file_name = docs::pdf_file_name({"attestation", e->user_name, e->starts_on});
    return Outcome::success(engagement_id);
  });
}

// ---- Dashboard

std::optional<Assignment> Service::next_assignment(const Principal& me) {
  return db_.read([&](soci::session& sql) -> std::optional<Assignment> {
    auto m = repo_.next_mission(sql, me.id, today());
    if (!m) return std::nullopt;
    Assignment a;
    a.user_id = me.id;
    a.mission_id = m->id;
    a.status = "assigned";
    a.mission = *m;
    return a;
  });
}

long long Service::assigned_missions(const Principal& me) {
  return db_.read([&](soci::session& sql) { return repo_.count_assigned_missions(sql, me.id, today()); });
}

long long Service::pending_to_validate(const Principal& me) {
  ActingFor scope = managed(me);
  if (scope.none()) return -1;
  return db_.read([&](soci::session& sql) { return repo_.count_pending_of_others(sql, scope, me.id); });
}

long long Service::run_due(long long) {
  return 0;
}

}  // namespace trame::volunteering
