#include "trainings/attendance/service.hpp"

#include <sodium.h>

#include "trainings/attendance/rules.hpp"
#include "trainings/attendance/sheet_pdf.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "trainings/enrolments/funding.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"
#include "platform/store/rate_limits.hpp"

namespace trame::attendance {

namespace {

const std::size_t kLongText = 4000;

std::string halfday_subject(long long id) {
  return "halfday:" + std::to_string(id);
}
std::string application_subject(long long id) {
  return "application:" + std::to_string(id);
}

std::string code_hash(long long halfday_id, const std::string& code) {
  return web::sha256_hex("trame-attendance:" + std::to_string(halfday_id) + ":" + code);
}

std::string new_code() {
  std::string code = std::to_string(randombytes_uniform(1000000));
  return std::string(6 - code.size(), '0') + code;
}

bool trainee_of(const programmes::SessionAccess& a) {
  return a.trainee() && may_sign(a.application_status);
}

}  // namespace

// ---- Reads ----------------------------------------------------------------------------------------

Outcome Service::session_sheets(const Principal& me, long long session_id, long long page, long long per_page,
                                SessionSheets& s) {
  return db_.read([&](soci::session& sql) {
    auto access = programmes::session_access(sql, &me, session_id);
    if (!access) return Outcome::not_found();
    if (!access->staff() && !access->trainee()) return Outcome::forbidden();
    s.access = *access;
    s.session = repo_.session_info(sql, session_id);
    s.total = repo_.count_halfdays(sql, session_id);
    const long long offset = (page - 1) * per_page;
    if (access->staff()) s.halfdays = repo_.halfdays(sql, session_id, offset, per_page);
    else if (access->trainee()) s.own = repo_.own_halfdays(sql, session_id, access->application_id, offset, per_page);
    if (access->trainee()) s.attended_minutes = enrolments::attended_minutes(sql, access->application_id);
    s.planned_minutes = enrolments::planned_minutes(sql, session_id);
    return Outcome::success();
  });
}

Outcome Service::sheet(const Principal& me, long long halfday_id, SheetView& v) {
  return db_.read([&](soci::session& sql) {
    auto h = repo_.find_halfday(sql, halfday_id);
    if (!h) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, h->session_id);
    if (!access) return Outcome::not_found();
    if (!access->staff() && !access->trainee()) return Outcome::forbidden();
    v.halfday = *h;
    v.access = *access;
    v.session = repo_.session_info(sql, h->session_id);
    if (access->staff()) {
      v.lines = repo_.roster(sql, *h);
      v.corrections = repo_.corrections(sql, halfday_id);
    } else if (access->trainee()) {
      v.own = repo_.line(sql, *h, access->application_id);
      for (auto& c : repo_.corrections(sql, halfday_id))
        if (c.application_id == access->application_id) v.corrections.push_back(c);
    }
    return Outcome::success();
  });
}

Outcome Service::sheet_pdf(const Principal& me, long long halfday_id, const std::string& locale, SheetView& v,
                           std::string& pdf) {
  if (auto read = sheet(me, halfday_id, v); !read.ok) return read;
  if (!v.access.staff()) return Outcome::forbidden();
  if (v.halfday.sheet_status == "locked") {
    auto stored = db_.read([&](soci::session& sql) { return repo_.latest_document(sql, v.halfday.id); });
    if (stored) {
      pdf = stored->data;
      return Outcome::success();
    }
  }
  pdf = render_sheet_pdf(catalogue_, locale, v.session, v.halfday, v.lines, v.corrections);
  return Outcome::success();
}

Outcome Service::followup(const Principal& me, long long application_id, long long page, long long per_page,
                          FollowupView& v) {
  return db_.read([&](soci::session& sql) {
    auto app = repo_.find_application(sql, application_id);
    if (!app) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, app->session_id);
    if (!access) return Outcome::not_found();
    if (!access->staff() && app->user_id != me.id) {
      // A follow-up contact reads the trainees they follow; other trainees of the session do not exist for them.
      if (access->follows(application_id)) v.follow_up_contact = true;
      else if (access->follow_up_contact()) return Outcome::not_found();
      else return Outcome::forbidden();
    }
    v.application = *app;
    v.access = *access;
    v.staff = access->staff();
    v.attendance = repo_.own_halfdays(sql, app->session_id, application_id, 0, 200);
    const long long offset = (page - 1) * per_page;
    v.followups = repo_.followups(sql, application_id, offset, per_page);
    v.followups_total = repo_.count_followups(sql, application_id);
    if (access->manager) {
      v.contacts = repo_.contacts(sql, application_id, offset, per_page);
      v.contacts_total = repo_.count_contacts(sql, application_id);
    }
    return Outcome::success();
  });
}

// ---- Sheets -----------------------------------------------------------------------------------------

Opened Service::open(const Actor& actor, const Principal& me, long long halfday_id) {
  Opened result;
  return db_.write([&](soci::session& sql) {
    auto h = repo_.find_halfday(sql, halfday_id);
    if (!h) return result.outcome = Outcome::not_found(), result;
    auto access = programmes::session_access(sql, &me, h->session_id);
    if (!access || !access->staff()) return result.outcome = Outcome::forbidden(), result;
    if (h->sheet_status == "locked") return result.outcome = Outcome::failure("attendance.errors.locked"), result;
    const long long now = store::now_seconds();
    switch (sign_window(now, h->starts_at, h->ends_at)) {
      case Window::too_early: return result.outcome = Outcome::failure("attendance.errors.not_yet_open"), result;
      case Window::ended: return result.outcome = Outcome::failure("attendance.errors.ended"), result;
      case Window::open: break;
    }
    std::string code = new_code();
    if (!repo_.open_sheet(sql, halfday_id, code_hash(halfday_id, code), now, me.id))
      return result.outcome = Outcome::failure("attendance.errors.locked"), result;
    audit_.record(sql, actor, h->sheet_status == "open" ? "attendance.code_renewed" : "attendance.opened",
                  halfday_subject(halfday_id), h->day + " " + h->period);
    result.outcome = Outcome::success(halfday_id);
    result.code = code;
    return result;
  });
}

Outcome Service::sign(const Actor& actor, const Principal& me, long long halfday_id, const std::string& typed_code) {
  const std::string code = normalise_code(typed_code);
  return db_.write([&](soci::session& sql) {
    auto h = repo_.find_halfday(sql, halfday_id);
    if (!h) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, h->session_id);
    if (!access || !trainee_of(*access)) return Outcome::forbidden("attendance.errors.not_enrolled");
    if (h->sheet_status == "locked") return Outcome::failure("attendance.errors.locked");
    if (h->sheet_status != "open") return Outcome::failure("attendance.errors.sheet_closed");
    const long long now = store::now_seconds();
    if (now >= h->sign_code_expires_at || now >= h->ends_at)
      return Outcome::failure("attendance.errors.expired", "code");
    auto line = repo_.line(sql, *h, access->application_id);
    if (line && line->status == "present") return Outcome::failure("attendance.errors.already_signed");
    if (!valid_code(code)) return Outcome::failure("attendance.errors.code_format", "code");
    // One attempt is reserved before the code is compared (one conditional upsert, shared by every
    // instance), so that parallel guesses cannot all read "4 failures" and all be checked.
    const std::string bucket = "attendance.code:" + std::to_string(halfday_id) + ":" + std::to_string(me.id);
    if (!store::take_rate(sql, bucket, kMaxCodeAttempts, kCodeAttemptsWindow, now))
      return Outcome::failure("attendance.errors.too_many", "code");
    if (!web::constant_time_equal(code_hash(halfday_id, code), h->sign_code_hash)) {
      audit_.record(sql, actor, "attendance.code_refused", halfday_subject(halfday_id));
      return Outcome::failure("attendance.errors.wrong_code", "code");
    }
    store::give_back_rate(sql, bucket);
    if (line && !line->status.empty())
      repo_.update_attendance(sql, halfday_id, access->application_id, "present", "self", now, me.id);
    else repo_.insert_attendance(sql, halfday_id, access->application_id, "present", "self", now, me.id);
    audit_.record(sql, actor, "attendance.signed", halfday_subject(halfday_id),
                  application_subject(access->application_id));
    return Outcome::success(access->application_id);
  });
}

Outcome Service::mark(const Actor& actor, const Principal& me, long long halfday_id, long long application_id,
                      const std::string& status) {
  return db_.write([&](soci::session& sql) {
    auto h = repo_.find_halfday(sql, halfday_id);
    if (!h) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, h->session_id);
    if (!access || !access->staff()) return Outcome::forbidden();
    if (h->sheet_status == "locked") return Outcome::failure("attendance.errors.locked_mark");
    if (h->sheet_status != "open") return Outcome::failure("attendance.errors.not_open_mark");
    if (!valid_status(status)) return Outcome::failure("attendance.errors.status", "status");
    auto line = repo_.line(sql, *h, application_id);
    if (!line) return Outcome::failure("attendance.errors.trainee");
    if (line->status == status) return Outcome::success(application_id);
    const long long now = store::now_seconds();
    if (line->status.empty()) repo_.insert_attendance(sql, halfday_id, application_id, status, "trainer", now, me.id);
    else repo_.update_attendance(sql, halfday_id, application_id, status, "trainer", now, me.id);
    audit_.record(
        sql, actor, "attendance.marked", halfday_subject(halfday_id),
        application_subject(application_id) + " " + (line->status.empty() ? "—" : line->status) + " → " + status);
    return Outcome::success(application_id);
  });
}

// Once a sheet is locked: unmarked trainees are absent, funders' dues follow the attended hours, and
// the sheet's PDF is stored.
void Service::lock_effects(soci::session& sql, const Actor& actor, long long halfday_id, long long now) {
  auto h = repo_.find_halfday(sql, halfday_id);
  if (!h) return;
  for (const auto& l : repo_.roster(sql, *h)) {
    if (l.status.empty())
      repo_.insert_attendance(sql, halfday_id, l.application_id, "absent", "trainer", now, actor.id);
    enrolments::recompute_due(sql, l.application_id);
  }
  store_sheet(sql, halfday_id, now, actor.id);
}

void Service::store_sheet(soci::session& sql, long long halfday_id, long long now, long long by) {
  auto h = repo_.find_halfday(sql, halfday_id);
  if (!h) return;
  std::string pdf = render_sheet_pdf(catalogue_, "fr", repo_.session_info(sql, h->session_id), *h,
                                     repo_.roster(sql, *h), repo_.corrections(sql, halfday_id));
  repo_.insert_document(sql, h->session_id, halfday_id, sheet_file_name(*h), web::sha256_hex(pdf), pdf,
                        static_cast<long long>(pdf.size()), now, by);
}

Outcome Service::countersign(const Actor& actor, const Principal& me, long long halfday_id) {
  return db_.write([&](soci::session& sql) {
    auto h = repo_.find_halfday(sql, halfday_id);
    if (!h) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, h->session_id);
    if (!access || !access->staff()) return Outcome::forbidden();
    if (h->sheet_status == "locked") return Outcome::failure("attendance.errors.already_locked");
    const long long now = store::now_seconds();
    if (h->sheet_status != "open" || !repo_.lock_sheet(sql, halfday_id, now, me.id))
      return Outcome::failure("attendance.errors.countersign_closed");
    lock_effects(sql, actor, halfday_id, now);
    audit_.record(sql, actor, "attendance.countersigned", halfday_subject(halfday_id), h->day + " " + h->period);
    return Outcome::success(halfday_id);
  });
}

Outcome Service::correct(const Actor& actor, const Principal& me, long long halfday_id, long long application_id,
                         const std::string& status, const std::string& typed_reason) {
  const std::string reason = trim(typed_reason);
  return db_.write([&](soci::session& sql) {
    auto h = repo_.find_halfday(sql, halfday_id);
    if (!h) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, h->session_id);
    if (!access || !access->staff()) return Outcome::forbidden();
    if (h->sheet_status != "locked") return Outcome::failure("attendance.errors.not_locked");
    auto line = repo_.line(sql, *h, application_id);
    if (!line) return Outcome::failure("attendance.errors.trainee", "application");
    if (!valid_status(status)) return Outcome::failure("attendance.errors.status", "status");
    if (reason.empty()) return Outcome::failure("attendance.errors.reason", "reason");
    if (reason.size() > 1000) return Outcome::failure("attendance.errors.too_long", "reason");
    if (line->status == status) return Outcome::failure("attendance.errors.same_status", "status");
    const long long now = store::now_seconds();
    if (line->status.empty()) repo_.insert_attendance(sql, halfday_id, application_id, status, "trainer", now, me.id);
    else repo_.update_attendance(sql, halfday_id, application_id, status, "trainer", now, me.id);
    repo_.insert_correction(sql, halfday_id, application_id, line->status, status, reason, me.id, now);
    enrolments::recompute_due(sql, application_id);
    audit_.record(sql, actor, "attendance.corrected", halfday_subject(halfday_id),
                  application_subject(application_id) + " " + line->status + " → " + status + " : " + reason);
    store_sheet(sql, halfday_id, now, me.id);
    return Outcome::success(application_id);
  });
}

// ---- Dropouts, contacts, follow-up ------------------------------------------------------------------

Outcome Service::drop_out(const Actor& actor, const Principal& me, long long application_id, const DropoutInput& in) {
  const long long at = day_start(trim(in.date));
  const std::string detail = trim(in.detail);
  return db_.write([&](soci::session& sql) {
    auto app = repo_.find_application(sql, application_id);
    if (!app) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, app->session_id);
    if (!access || !access->manager) return Outcome::forbidden();
    if (!may_drop_out(app->status)) return Outcome::failure("attendance.errors.dropout_status");
    const long long now = store::now_seconds();
    if (at < 0 || at > now + 86400) return Outcome::failure("attendance.errors.date", "date");
    if (!valid_cause(in.cause)) return Outcome::failure("attendance.errors.cause", "cause");
    if (detail.size() > kLongText) return Outcome::failure("attendance.errors.too_long", "detail");
    if (!repo_.drop_out(sql, application_id, at, in.cause, detail, now))
      return Outcome::failure("attendance.errors.dropout_status");
    repo_.release_seat(sql, app->session_id);
    audit_.record(sql, actor, "attendance.dropped_out", application_subject(application_id),
                  app->status + " → dropped_out, " + in.cause + (detail.empty() ? "" : " : " + detail));
    return Outcome::success(application_id);
  });
}

Outcome Service::add_contact(const Actor& actor, const Principal& me, long long application_id,
                             const ContactInput& in) {
  const long long at = day_start(trim(in.date));
  const std::string summary = trim(in.summary);
  return db_.write([&](soci::session& sql) {
    auto app = repo_.find_application(sql, application_id);
    if (!app) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, app->session_id);
    if (!access || !access->manager) return Outcome::forbidden();
    const long long now = store::now_seconds();
    if (at < 0 || at > now + 86400) return Outcome::failure("attendance.errors.date", "contact_date");
    if (!valid_channel(in.channel)) return Outcome::failure("attendance.errors.channel", "channel");
    if (summary.empty()) return Outcome::failure("attendance.errors.summary", "summary");
    if (summary.size() > kLongText) return Outcome::failure("attendance.errors.too_long", "summary");
    repo_.insert_contact(sql, application_id, at, in.channel, summary, me.id, now);
    audit_.record(sql, actor, "attendance.contact_recorded", application_subject(application_id), in.channel);
    return Outcome::success(application_id);
  });
}

Outcome Service::check_followup_input(const FollowupInput& in, long long& meeting_at) const {
  meeting_at = parse_local(trim(in.meeting_at));
  if (meeting_at < 0) return Outcome::failure("attendance.errors.meeting_at", "meeting_at");
  if (!valid_mode(in.mode)) return Outcome::failure("attendance.errors.mode", "mode");
  if (trim(in.objective).empty()) return Outcome::failure("attendance.errors.objective", "objective");
  for (const auto* text : {&in.objective, &in.progress, &in.next_step})
    if (text->size() > kLongText) return Outcome::failure("attendance.errors.too_long", "objective");
  return Outcome::success();
}

Outcome Service::add_followup(const Actor& actor, const Principal& me, long long application_id,
                              const FollowupInput& in) {
  return db_.write([&](soci::session& sql) {
    auto app = repo_.find_application(sql, application_id);
    if (!app) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, app->session_id);
    if (!access || !access->staff()) return Outcome::forbidden();
    long long meeting_at = 0;
    if (auto bad = check_followup_input(in, meeting_at); !bad.ok) return bad;
    FollowupInput clean{in.meeting_at, in.mode, trim(in.objective), trim(in.progress), trim(in.next_step)};
    long long id = repo_.insert_followup(sql, application_id, me.id, meeting_at, clean, store::now_seconds());
    audit_.record(sql, actor, "attendance.followup_added", application_subject(application_id),
                  "followup:" + std::to_string(id));
    return Outcome::success(application_id);
  });
}

Outcome Service::edit_followup(const Actor& actor, const Principal& me, long long followup_id,
                               const FollowupInput& in) {
  return db_.write([&](soci::session& sql) {
    auto f = repo_.find_followup(sql, followup_id);
    if (!f) return Outcome::not_found();
    auto app = repo_.find_application(sql, f->application_id);
    if (!app) return Outcome::not_found();
    auto access = programmes::session_access(sql, &me, app->session_id);
    if (!access || !access->staff()) return Outcome::forbidden();
    long long meeting_at = 0;
    if (auto bad = check_followup_input(in, meeting_at); !bad.ok) {
      bad.id = f->application_id;
      return bad;
    }
    FollowupInput clean{in.meeting_at, in.mode, trim(in.objective), trim(in.progress), trim(in.next_step)};
    repo_.update_followup(sql, followup_id, meeting_at, clean, store::now_seconds());
    audit_.record(sql, actor, "attendance.followup_edited", application_subject(f->application_id),
                  "followup:" + std::to_string(followup_id));
    return Outcome::success(f->application_id);
  });
}

// Reminds the trainers of a half-day that ended more than 24 h ago (and less than 30 days ago) whose
// sheet is still not countersigned; once per half-day (claimed by a conditional UPDATE of reminded_at).
long long Service::run_due(long long now) {
  auto due = db_.read([&](soci::session& sql) { return repo_.unlocked_ended(sql, now - 30 * 86400, now - 86400); });
  long long done = 0;
  const Actor system{0, "système", ""};
  for (const auto& h : due) {
    done += db_.write([&](soci::session& sql) -> long long {
      auto trainers = repo_.trainer_contacts(sql, h.session_id);
      if (!repo_.claim_reminder(sql, h.id, now) || trainers.empty()) return 0;
      SessionInfo s = repo_.session_info(sql, h.session_id);
      for (const auto& [email, name, user_locale] : trainers) {
        const std::string locale = catalogue_.normalise(user_locale);
        web::Params params{{"name", name},
                           {"session", s.title},
                           {"date", format_local(h.starts_at, "%d/%m/%Y")},
                           {"period", catalogue_.t(locale, "attendance.periods." + h.period)},
                           {"url", public_url_ + "/formations/demi-journees/" + std::to_string(h.id)}};
        mail_.enqueue(sql, email, catalogue_.t(locale, "attendance.mail.reminder.subject", params),
                      catalogue_.t(locale, "attendance.mail.reminder.body", params));
      }
      audit_.record(sql, system, "attendance.reminder_sent", halfday_subject(h.id),
                    std::to_string(trainers.size()) + " formateur(s)");
      return 1;
    });
  }
  return done;
}

TraineeDashboard Service::trainee_dashboard(long long user_id, long long limit) {
  const long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) { return repo_.trainee_dashboard(sql, user_id, now, limit); });
}

SheetsToCountersign Service::sheets_to_countersign(const Principal& me, long long limit) {
  const ActingFor managed = me.acting_for(perm::trainings_manage);
  return db_.read([&](soci::session& sql) { return repo_.sheets_to_countersign(sql, me.id, managed, limit); });
}

}  // namespace trame::attendance
