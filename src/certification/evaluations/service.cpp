#include "certification/evaluations/service.hpp"

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/file_type.hpp"
#include "platform/docs/ics.hpp"
#include "platform/web/crypto.hpp"

namespace trame::evaluations {

namespace {

std::string hm(long long t) {
  return format_local(t, "%H:%M");
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

Outcome Service::validate(const SessionInput& in, EvaluationSession& s) {
  s.title = trim(in.title);
  if (s.title.empty() || code_points(s.title) > 200) return Outcome::failure("evaluations.errors.title", "title");
  s.day = trim(in.day);
  if (s.day.size() != 10 || !parse_date(s.day)) return Outcome::failure("evaluations.errors.day", "day");
  s.place = trim(in.place);
  if (s.place.empty() || code_points(s.place) > 200) return Outcome::failure("evaluations.errors.place", "place");
  s.address = trim(in.address);
  if (code_points(s.address) > 500) return Outcome::failure("evaluations.errors.address", "address");
  std::string day = trim(in.deadline_day), time = trim(in.deadline_time);
  s.report_deadline = 0;
  if (!day.empty() || !time.empty()) {
    auto date = parse_date(day);
    if (day.size() != 10 || !date) return Outcome::failure("evaluations.errors.deadline", "deadline_day");
    if (time.empty()) time = "23:59";
    if (parse_clock(time) < 0) return Outcome::failure("evaluations.errors.deadline", "deadline_time");
    s.report_deadline = local_time(*date, time);
    // The jury reads the reports before the day: the deadline is before the session's day.
    if (day >= s.day) return Outcome::failure("evaluations.errors.deadline_after_day", "deadline_day");
  }
  return Outcome::success();
}

std::vector<EvaluationSession> Service::sessions(const ActingFor& managed, long long certification_id) {
  return db_.read([&](soci::session& sql) {
    auto target = registrations_.target(sql, certification_id);
    if (!target || !managed.covers(target->owner_id)) return std::vector<EvaluationSession>{};
    return repo_.of_certification(sql, certification_id);
  });
}

std::optional<EvaluationSession> Service::managed_session(const ActingFor& managed, long long id) {
  auto s = session(id);
  if (!s || !managed.covers(s->owner_id)) return std::nullopt;
  return s;
}

std::optional<EvaluationSession> Service::session(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.session(sql, id); });
}

Outcome Service::create_session(const Actor& actor, const ActingFor& managed, long long certification_id,
                                const SessionInput& in) {
  EvaluationSession s;
  auto bad = validate(in, s);
  return db_.attempt([&](soci::session& sql) {
    auto target = registrations_.target(sql, certification_id);
    if (!target || !managed.covers(target->owner_id)) roll_back(Outcome::not_found());
    if (!bad.ok) roll_back(bad);
    s.certification_id = certification_id;
    long long id = repo_.insert_session(sql, s, store::now_seconds());
    audit_.record(sql, actor, "evaluations.session.create", "evaluation_session:" + std::to_string(id), s.title);
    return Outcome::success(id);
  });
}

Outcome Service::update_session(const Actor& actor, const ActingFor& managed, long long id, const SessionInput& in) {
  EvaluationSession s;
  auto bad = validate(in, s);
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.session(sql, id);
    if (!old || !managed.covers(old->owner_id)) roll_back(Outcome::not_found());
    if (!bad.ok) roll_back(bad);
    if (old->status == "closed") refuse("evaluations.errors.closed");
    // Convened candidates keep their times: the day moves only while nobody is convened.
    if (s.day != old->day)
      for (const auto& e : repo_.entries(sql, id))
        if (!e.slots.empty()) refuse("evaluations.errors.day_has_slots", "day");
    s.id = id;
    repo_.update_session(sql, s, store::now_seconds());
    audit_.record(sql, actor, "evaluations.session.update", "evaluation_session:" + std::to_string(id), s.title);
    return Outcome::success(id);
  });
}

std::vector<Case> Service::cases(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.cases(sql, session_id); });
}

std::optional<Case> Service::visible_case(const ActingFor& managed, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<Case> {
    auto c = repo_.case_(sql, id);
    if (!c) return std::nullopt;
    auto s = repo_.session(sql, c->session_id);
    if (!s || !managed.covers(s->owner_id)) return std::nullopt;
    return c;
  });
}

Outcome Service::add_case(const Actor& actor, const ActingFor& managed, long long session_id,
                          const std::string& raw_title, const std::string& raw_body) {
  Case c;
  c.session_id = session_id;
  c.title = trim(raw_title);
  c.body = trim(raw_body);
  return db_.attempt([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
    if (c.title.empty() || code_points(c.title) > 200) refuse("evaluations.errors.case_title", "case_title");
    if (c.body.empty() || code_points(c.body) > 20000) refuse("evaluations.errors.case_body", "case_body");
    long long id = repo_.insert_case(sql, c, store::now_seconds());
    audit_.record(sql, actor, "evaluations.case.add", "evaluation_session:" + std::to_string(session_id),
                  std::to_string(id));
    return Outcome::success(session_id);
  });
}

Outcome Service::delete_case(const Actor& actor, const ActingFor& managed, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto c = repo_.case_(sql, id);
    auto s = c ? repo_.session(sql, c->session_id) : std::nullopt;
    if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
    if (s->status != "planned") refuse("evaluations.errors.held");
    repo_.delete_case(sql, id);
    audit_.record(sql, actor, "evaluations.case.delete", "evaluation_session:" + std::to_string(s->id),
                  std::to_string(id));
    return Outcome::success(s->id);
  });
}

std::vector<Entry> Service::entries(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.entries(sql, session_id); });
}

std::vector<candidates::Registration> Service::addable(const ActingFor& managed, long long session_id) {
  return db_.read([&](soci::session& sql) {
    std::vector<candidates::Registration> out;
    auto s = repo_.session(sql, session_id);
    if (!s || !managed.covers(s->owner_id)) return out;
    long long total = 0;
    auto in_session = repo_.entries(sql, session_id);
    for (auto& r : registrations_.of_certification(sql, s->certification_id, "eligible", 500, 0, total)) {
      bool there = false;
      for (const auto& e : in_session) there = there || e.registration_id == r.id;
      if (!there && !repo_.open_entry_elsewhere(sql, r.id, session_id)) out.push_back(r);
    }
    return out;
  });
}

Outcome Service::add_entry(const Actor& actor, const ActingFor& managed, long long session_id,
                           long long registration_id) {
  try {
    return db_.attempt([&](soci::session& sql) {
      auto s = repo_.session(sql, session_id);
      if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
      if (s->status != "planned") refuse("evaluations.errors.held");
      auto r = registrations_.registration(sql, registration_id);
      if (!r || r->certification_id != s->certification_id) refuse("evaluations.errors.registration", "registration");
      if (r->status != "eligible") refuse("evaluations.errors.not_eligible", "registration");
      if (repo_.open_entry_elsewhere(sql, registration_id, session_id))
        refuse("evaluations.errors.other_session", "registration");
      long long id = repo_.insert_entry(sql, session_id, registration_id, store::now_seconds());
      audit_.record(sql, actor, "evaluations.entry.add", "evaluation_session:" + std::to_string(session_id),
                    r->code + " (" + std::to_string(id) + ")");
      return Outcome::success(session_id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("evaluations.errors.already_in_session");
    throw;
  }
}

Outcome Service::remove_entry(const Actor& actor, const ActingFor& managed, long long entry_id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.entry(sql, entry_id);
    auto s = e ? repo_.session(sql, e->session_id) : std::nullopt;
    if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
    if (s->status != "planned") refuse("evaluations.errors.held");
    if (!e->reports.empty()) refuse("evaluations.errors.has_report");
    repo_.delete_entry(sql, entry_id);
    audit_.record(sql, actor, "evaluations.entry.remove", "evaluation_session:" + std::to_string(s->id), e->code);
    return Outcome::success(s->id);
  });
}

Outcome Service::set_slots(const Actor& actor, const ActingFor& managed, long long entry_id,
                           const std::string& exercise_from, const std::string& exercise_to,
                           const std::string& defence_from, const std::string& defence_to) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.entry(sql, entry_id);
    auto s = e ? repo_.session(sql, e->session_id) : std::nullopt;
    if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
    repo_.hold_session(sql, s->id);  // the overlaps below are checked one request at a time
    if (s->status != "planned") refuse("evaluations.errors.held");
    auto day = parse_date(s->day);
    struct Asked {
      const char* kind;
      std::string from, to;
      long long starts = 0, ends = 0;
    };
    std::vector<Asked> asked = {{"exercise", trim(exercise_from), trim(exercise_to)},
                                {"defence", trim(defence_from), trim(defence_to)}};
    for (auto& a : asked) {
      std::string field = std::string(a.kind) + "_from";
      if (a.from.empty() && a.to.empty()) continue;
      if (parse_clock(a.from) < 0 || parse_clock(a.to) < 0) refuse("evaluations.errors.slot_time", field);
      a.starts = local_time(*day, a.from);
      a.ends = local_time(*day, a.to);
      long long minutes = (a.ends - a.starts) / 60;
      if (minutes < kMinSlotMinutes || minutes > kMaxSlotMinutes) refuse("evaluations.errors.slot_length", field);
    }
    // A candidate who withdrew keeps no time of the jury's: their slots may only be cleared.
    if ((asked[0].starts || asked[1].starts) && e->registration_status != "eligible")
      refuse("evaluations.errors.not_eligible");
    if (asked[0].starts && asked[1].starts && overlaps(asked[0].starts, asked[0].ends, asked[1].starts, asked[1].ends))
      refuse("evaluations.errors.slot_self", "defence_from");
    for (const auto& a : asked) {
      if (!a.starts) continue;
      std::string field = std::string(a.kind) + "_from";
      // The session's jury sits one candidate at a time.
      auto jury = repo_.jury_overlaps(sql, s->id, entry_id, a.starts, a.ends);
      if (!jury.empty()) roll_back(Outcome::conflict("evaluations.errors.slot_jury", field));
      // A candidate cannot be in two places at once (another session, the same day).
      auto own = repo_.candidate_overlaps(sql, e->user_id, entry_id, a.starts, a.ends);
      if (!own.empty()) roll_back(Outcome::conflict("evaluations.errors.slot_candidate", field));
    }
    for (const auto& a : asked) repo_.set_slot(sql, entry_id, a.kind, a.starts, a.ends);
    audit_.record(sql, actor, "evaluations.slots", "evaluation_session:" + std::to_string(s->id), e->code);
    return Outcome::success(s->id);
  });
}

Outcome Service::convene(const Actor& actor, const ActingFor& managed, long long entry_id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.entry(sql, entry_id);
    auto s = e ? repo_.session(sql, e->session_id) : std::nullopt;
    if (!s || !managed.covers(s->owner_id)) roll_back(Outcome::not_found());
    if (s->status != "planned") refuse("evaluations.errors.held");
    if (e->registration_status != "eligible") refuse("evaluations.errors.not_eligible");
    if (e->slots.empty()) refuse("evaluations.errors.no_slots");
    long long now = store::now_seconds();
    std::vector<docs::CalendarEvent> events;
    std::string times;
    for (const auto& slot : e->slots) {
      docs::CalendarEvent ev;
      ev.uid = "certification-slot-" + std::to_string(slot.id) + "@trame";
      ev.starts_at = slot.starts_at;
      ev.ends_at = slot.ends_at;
      ev.stamp = now;
      ev.sequence = docs::ics_sequence(now);
      ev.summary = t("evaluations.kinds." + slot.kind) + " — " + s->certification_title;
      ev.location = s->place + (s->address.empty() ? "" : ", " + s->address);
      ev.url = public_url_ + "/certifications/inscriptions/" + std::to_string(e->registration_id);
      events.push_back(ev);
      times +=
          "- " + t("evaluations.kinds." + slot.kind) + " : " + hm(slot.starts_at) + " – " + hm(slot.ends_at) + "\n";
    }
    web::Params p = {{"name", e->name},
                     {"code", e->code},
                     {"certification", s->certification_title},
                     {"day", format_local(e->slots.front().starts_at, "%d/%m/%Y")},
                     {"place", s->place + (s->address.empty() ? "" : ", " + s->address)},
                     {"times", times},
                     {"deadline", s->report_deadline ? format_local(s->report_deadline, "%d/%m/%Y %H:%M")
                                                     : t("evaluations.mail.no_report")},
                     {"url", public_url_ + "/certifications/inscriptions/" + std::to_string(e->registration_id)}};
    mail::Attachment ics{"convocation.ics", "text/calendar; method=PUBLISH; charset=UTF-8",
                         docs::ics_calendar(events, "-//Trame//Certifications//FR")};
    mail_.enqueue(sql, e->email, t("evaluations.mail.convocation.subject", p),
                  t("evaluations.mail.convocation.body", p), ics);
    repo_.set_convened(sql, entry_id, now);
    audit_.record(sql, actor, "evaluations.convened", "evaluation_session:" + std::to_string(s->id), e->code);
    return Outcome::success(s->id);
  });
}

long long Service::session_of_entry(const ActingFor& managed, long long entry_id) {
  return db_.read([&](soci::session& sql) -> long long {
    auto e = repo_.entry(sql, entry_id);
    auto s = e ? repo_.session(sql, e->session_id) : std::nullopt;
    return s && managed.covers(s->owner_id) ? s->id : 0;
  });
}

std::optional<Entry> Service::own_entry(long long user_id, long long entry_id) {
  auto e = db_.read([&](soci::session& sql) { return repo_.entry(sql, entry_id); });
  if (!e || e->user_id != user_id) return std::nullopt;
  return e;
}

std::vector<Entry> Service::entries_of_registration(long long registration_id) {
  return db_.read([&](soci::session& sql) { return repo_.entries_of_registration(sql, registration_id); });
}

Outcome Service::upload_report(const Actor& actor, long long user_id, long long entry_id,
                               const std::string& raw_filename, const std::string& bytes) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.entry(sql, entry_id);
    if (!e || e->user_id != user_id) roll_back(Outcome::not_found());
    auto s = repo_.session(sql, e->session_id);
    if (!s->report_deadline) refuse("evaluations.errors.no_report_expected");
    long long now = store::now_seconds();
    if (now > s->report_deadline)
      roll_back(Outcome::conflict("evaluations.errors.late", "report"));  // the page shows the deadline
    if (e->registration_status != "eligible") refuse("evaluations.errors.not_eligible");
    if (bytes.empty()) refuse("evaluations.errors.report_missing", "report");
    if (bytes.size() > kMaxReportBytes) refuse("evaluations.errors.report_size", "report");
    if (docs::accepted_file_type(bytes, {"application/pdf"}).empty())
      refuse("evaluations.errors.report_type", "report");
    repo_.hold_entry(sql, entry_id);  // two uploads at once: one replaces the other
    Report r;
    r.entry_id = entry_id;
    r.filename = trim(raw_filename);
    if (r.filename.empty() || code_points(r.filename) > 200) r.filename = "rapport.pdf";
    r.size = static_cast<long long>(bytes.size());
    r.sha256 = web::sha256_hex(bytes);
    long long id = repo_.insert_report(sql, r, bytes, now);
    audit_.record(sql, actor, "evaluations.report", "registration:" + std::to_string(e->registration_id),
                  r.sha256 + (e->reports.empty() ? "" : " (remplace)"));
    web::Params p = {{"certification", s->certification_title},
                     {"code", e->code},
                     {"filename", r.filename},
                     {"size", std::to_string((r.size + 1023) / 1024)},
                     {"sha256", r.sha256},
                     {"received", format_local(now, "%d/%m/%Y %H:%M:%S")},
                     {"deadline", format_local(s->report_deadline, "%d/%m/%Y %H:%M")},
                     {"url", public_url_ + "/certifications/inscriptions/" + std::to_string(e->registration_id)}};
    mail_.enqueue(sql, e->email, t("evaluations.mail.report.subject", p), t("evaluations.mail.report.body", p));
    return Outcome::success(id);
  });
}

std::optional<std::pair<Report, std::string>> Service::report(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<std::pair<Report, std::string>> {
    auto r = repo_.report(sql, id);
    auto e = r ? repo_.entry(sql, r->entry_id) : std::nullopt;
    auto s = e ? repo_.session(sql, e->session_id) : std::nullopt;
    if (!s) return std::nullopt;
    if (e->user_id != me.id && !me.acting_for(perm::certifications_manage).covers(s->owner_id)) return std::nullopt;
    return std::pair{*r, repo_.report_bytes(sql, id)};
  });
}

}  // namespace trame::evaluations
