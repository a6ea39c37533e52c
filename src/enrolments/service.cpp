#include "enrolments/service.hpp"

#include <algorithm>
#include <cstdio>

#include "core/calendar.hpp"
#include "core/text.hpp"
#include "enrolments/funding.hpp"
#include "outings/service.hpp"
#include "store/settings.hpp"
#include "web/crypto.hpp"
#include "web/i18n.hpp"

namespace trame::enrolments {

namespace {

constexpr long long kDay = 86400;
constexpr std::size_t kMaxText = 5000;
constexpr long long kPasswordLinkSeconds = 7 * kDay;

// Thrown inside a write transaction to roll it back with a user-facing outcome.
struct Refusal {
  Outcome outcome;
};
[[noreturn]] void refuse(const std::string& key, const std::string& field = {}) {
  throw Refusal{Outcome::failure(key, field)};
}

bool is_one_of(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

// Days since 1970-01-01 of a civil date (H. Hinnant's algorithm) and back.
long long days_from_civil(long long y, unsigned m, unsigned d) {
  y -= m <= 2;
  const long long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long long>(doe) - 719468;
}
void civil_from_days(long long z, int& y, int& m, int& d) {
  z += 719468;
  const long long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  y = static_cast<int>(static_cast<long long>(yoe) + era * 400 + (m <= 2));
}
// The Paris day of a unix time, as days since the epoch.
long long local_days(long long t) {
  int y = 1970, m = 1, d = 1;
  std::sscanf(local_day(t).c_str(), "%d-%d-%d", &y, &m, &d);
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}
long long easter_days(int y) {
  int a = y % 19, b = y / 100, c = y % 100, d = b / 4, e = b % 4, f = (b + 8) / 25, g = (b - f + 1) / 3;
  int h = (19 * a + b - d - g + 15) % 30, i = c / 4, k = c % 4, l = (32 + 2 * e + 2 * i - h - k) % 7;
  int m = (a + 11 * h + 22 * l) / 451;
  int month = (h + l - 7 * m + 114) / 31, day = ((h + l - 7 * m + 114) % 31) + 1;
  return days_from_civil(y, static_cast<unsigned>(month), static_cast<unsigned>(day));
}

std::string str(long long n) { return std::to_string(n); }

// Why nobody may apply to the session now ("" when applications are open).
std::string closed_key(soci::session& sql, const SessionInfo& s, long long now) {
  if (s.status == "cancelled") return "enrolments.errors.cancelled";
  if (s.status == "completed" || s.status == "running") return "enrolments.errors.completed";
  if (s.status != "open" && s.status != "confirmed") return "enrolments.errors.not_open";
  if (now > deadline_of(s, store::setting_int(sql, "trainings.deadline_days", 7))) return "enrolments.errors.deadline";
  if (s.seats_taken >= s.max_trainees) return "enrolments.errors.full";
  return {};
}

}  // namespace

bool french_public_holiday(int year, int month, int day) {
  static const int fixed[][2] = {{1, 1}, {5, 1}, {5, 8}, {7, 14}, {8, 15}, {11, 1}, {11, 11}, {12, 25}};
  for (const auto& f : fixed)
    if (f[0] == month && f[1] == day) return true;
  const long long z = days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
  const long long easter = easter_days(year);
  return z == easter + 1 || z == easter + 39 || z == easter + 50;
}

long long working_days_between(long long from, long long to) {
  long long first = local_days(from) + 1, last = local_days(to) - 1, n = 0;
  for (long long z = first; z <= last; ++z) {
    const long long weekday = z >= -4 ? (z + 4) % 7 : (z + 5) % 7 + 6;  // 0: Sunday
    if (weekday == 0 || weekday == 6) continue;
    int y = 0, m = 0, d = 0;
    civil_from_days(z, y, m, d);
    if (!french_public_holiday(y, m, d)) ++n;
  }
  return n;
}

int access_delay_days(long long now, long long start) {
  if (start <= now) return 0;
  return static_cast<int>((start - now + kDay - 1) / kDay);
}

bool early_request(long long now, long long start) {
  int y = 0, m = 0, d = 0;
  civil_from_days(local_days(now), y, m, d);
  m += 4;
  if (m > 12) {
    m -= 12;
    ++y;
  }
  static const int lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int length = lengths[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 1 : 0);
  d = std::min(d, length);
  return local_days(start) > days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

long long deadline_of(const SessionInfo& s, long long deadline_days) {
  return s.application_deadline > 0 ? s.application_deadline : s.starts_at - deadline_days * kDay;
}

long long parse_euros(const std::string& text) {
  std::string t;
  for (std::size_t i = 0; i < text.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == ' ') continue;
    if (c == 0xC2 && i + 1 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xA0) { ++i; continue; }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x80 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAF) { i += 2; continue; }
    if (c == 0xE2 && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0x82 &&
        static_cast<unsigned char>(text[i + 2]) == 0xAC) { i += 2; continue; }  // €
    t += static_cast<char>(c == ',' ? '.' : c);
  }
  if (t.empty() || t.size() > 13) return -1;
  auto dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (frac.size() > 2 || frac.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (dot != std::string::npos && frac.empty()) return -1;
  while (frac.size() < 2) frac += '0';
  return std::stoll(whole) * 100 + std::stoll(frac);
}

long long parse_hours(const std::string& text) {
  std::string t = trim(text);
  if (t.empty()) return 0;
  if (t.size() > 9) return -1;
  auto h = t.find_first_of("hH");
  if (h != std::string::npos) {
    std::string hours = trim(t.substr(0, h)), minutes = trim(t.substr(h + 1));
    if (hours.empty() || hours.find_first_not_of("0123456789") != std::string::npos) return -1;
    if (!minutes.empty() && (minutes.size() > 2 || minutes.find_first_not_of("0123456789") != std::string::npos))
      return -1;
    long long mm = minutes.empty() ? 0 : std::stoll(minutes);
    if (mm >= 60) return -1;
    return std::stoll(hours) * 60 + mm;
  }
  for (char& c : t)
    if (c == ',') c = '.';
  auto dot = t.find('.');
  std::string whole = t.substr(0, dot), frac = dot == std::string::npos ? "" : t.substr(dot + 1);
  if (whole.empty() || whole.find_first_not_of("0123456789") != std::string::npos) return -1;
  if (frac.size() > 2 || frac.find_first_not_of("0123456789") != std::string::npos) return -1;
  long long minutes = std::stoll(whole) * 60;
  if (!frac.empty()) minutes += (std::stoll(frac) * 60 + (frac.size() == 1 ? 5 : 50)) / (frac.size() == 1 ? 10 : 100);
  return minutes;
}

std::string format_euros(long long cents) {
  std::string whole = str(cents / 100), out;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += "\u202F";
    out += whole[i];
  }
  char frac[4];
  std::snprintf(frac, sizeof frac, "%02lld", cents % 100);
  return out + "," + frac + "\u00A0€";
}

std::string format_hours(long long minutes) {
  std::string out = str(minutes / 60) + "\u00A0h";
  if (minutes % 60) {
    char m[4];
    std::snprintf(m, sizeof m, "%02lld", minutes % 60);
    out += std::string("\u00A0") + m;
  }
  return out;
}

// ---- Service ---------------------------------------------------------------------------

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

void Service::notify(soci::session& sql, const Application& a, const std::string& kind, web::Params params) {
  params.push_back({"name", a.user_name});
  params.push_back({"session", a.session_title});
  params.push_back({"programme", a.programme_title});
  params.push_back({"url", public_url_ + "/formations/candidatures/" + str(a.id)});
  mail_.enqueue(sql, a.user_email, t("enrolments.mail." + kind + ".subject", params),
                t("enrolments.mail." + kind + ".body", params));
}

std::optional<SessionInfo> Service::session(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.session(sql, id); });
}

std::optional<trainings::SessionAccess> Service::access(const web::CurrentUser* me, long long session_id) {
  return db_.read([&](soci::session& sql) { return trainings::session_access(sql, me, session_id); });
}

std::string Service::closed_reason(long long session_id) {
  const long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    return s ? closed_key(sql, *s, now) : std::string("errors.404.message");
  });
}

std::vector<std::pair<long long, std::string>> Service::organisations() {
  return db_.read([&](soci::session& sql) { return repo_.organisations(sql); });
}

Outcome Service::apply(const Actor& actor, long long session_id, long long user_id, const ApplicationInput& raw) {
  ApplicationInput in = raw;
  for (auto* f : {&in.sector, &in.organisation, &in.organisation_name, &in.job_role, &in.funding, &in.name, &in.email})
    *f = trim(*f);
  in.email = [&] {
    std::string e = in.email;
    std::transform(e.begin(), e.end(), e.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return e;
  }();
  if (user_id == 0) {
    if (in.name.empty() || in.name.size() > 200) return Outcome::failure("enrolments.errors.name", "name");
    if (!plausible_email(in.email)) return Outcome::failure("enrolments.errors.email", "email");
  }
  if (!is_one_of(sectors(), in.sector)) return Outcome::failure("enrolments.errors.sector", "sector");
  long long organisation_id = in.organisation.empty() || in.organisation.size() > 18 ||
                                      in.organisation.find_first_not_of("0123456789") != std::string::npos
                                  ? 0
                                  : std::stoll(in.organisation);
  if (!in.organisation.empty() && organisation_id == 0)
    return Outcome::failure("enrolments.errors.organisation", "organisation");
  if (in.organisation_name.size() > 200) return Outcome::failure("enrolments.errors.organisation", "organisation_name");
  if (in.job_role.size() > 200) return Outcome::failure("enrolments.errors.job_role", "job_role");
  if (trim(in.motivation).empty() || in.motivation.size() > kMaxText)
    return Outcome::failure("enrolments.errors.motivation", "motivation");
  if (in.project.size() > kMaxText) return Outcome::failure("enrolments.errors.project", "project");
  if (!is_one_of(funders(), in.funding)) return Outcome::failure("enrolments.errors.funding", "funding");
  if (in.adaptation.size() > kMaxText) return Outcome::failure("enrolments.errors.adaptation", "adaptation");
  const long long now = store::now_seconds();
  try {
    return db_.write([&](soci::session& sql) {
      auto s = repo_.session(sql, session_id);
      if (!s) refuse("errors.404.message");
      if (auto closed = closed_key(sql, *s, now); !closed.empty()) refuse(closed);
      if (in.funding == "cpf" &&
          working_days_between(now, s->starts_at) < store::setting_int(sql, "trainings.cpf_working_days", 11))
        refuse("enrolments.errors.cpf_delay", "funding");
      Application a;
      a.user_id = user_id;
      if (user_id == 0) {
        if (repo_.user_by_email(sql, in.email)) refuse("enrolments.errors.email_taken", "email");
        a.user_id = repo_.insert_user(sql, in.email, in.name, now);
        std::string token = web::random_token(32);
        repo_.insert_password_link(sql, a.user_id, web::sha256_hex(token), now, now + kPasswordLinkSeconds);
        web::Params p = {{"name", in.name}, {"link", public_url_ + "/reinitialisation/" + token},
                         {"session", s->title}, {"programme", s->programme_title}};
        mail_.enqueue(sql, in.email, t("enrolments.mail.account.subject", p), t("enrolments.mail.account.body", p));
        audit_.record(sql, actor, "enrolments.account_created", "user:" + str(a.user_id), in.email);
      } else {
        long long open = 0;
        sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_applications WHERE session_id = :s AND user_id = :u "
               "AND status NOT IN ('withdrawn','refused')",
            soci::into(open), soci::use(session_id), soci::use(user_id);
        if (open > 0) refuse("enrolments.errors.already_applied");
      }
      a.organisation_id = organisation_id;
      if (organisation_id) {
        if (repo_.organisation_name(sql, organisation_id).empty()) refuse("enrolments.errors.organisation", "organisation");
      } else {
        a.organisation_name = in.organisation_name;
      }
      a.session_id = session_id;
      a.sector = in.sector;
      a.job_role = in.job_role;
      a.motivation = in.motivation;
      a.project = in.project;
      a.funding_intended = in.funding;
      a.adaptation_request = trim(in.adaptation);
      a.requested_at = now;
      a.access_delay_days = access_delay_days(now, s->starts_at);
      a.early_request = early_request(now, s->starts_at) ? 1 : 0;
      a.id = repo_.insert_application(sql, a);
      audit_.record(sql, actor, "enrolments.applied", "application:" + str(a.id), "session:" + str(session_id));
      auto saved = repo_.application(sql, a.id);
      notify(sql, *saved, "received", {});
      web::Params p = {{"applicant", saved->user_name}, {"session", s->title}, {"programme", s->programme_title},
                       {"url", public_url_ + "/formations/sessions/" + str(session_id) + "/candidatures"}};
      for (const auto& email : repo_.staff_emails(sql, s->organiser_id))
        mail_.enqueue(sql, email, t("enrolments.mail.staff_new.subject", p), t("enrolments.mail.staff_new.body", p));
      return Outcome::success(a.id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::failure("enrolments.errors.already_applied");
    throw;
  }
}

std::optional<Application> Service::application(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.application(sql, id); });
}

std::vector<Application> Service::applications_of_user(long long user_id, long long page, long long per_page,
                                                        long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_user(sql, user_id);
    return repo_.applications_of_user(sql, user_id, (page - 1) * per_page, per_page);
  });
}

std::vector<Application> Service::applications_of_session(long long session_id, const std::string& status,
                                                          long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_of_session(sql, session_id, status);
    return repo_.applications_of_session(sql, session_id, status, (page - 1) * per_page, per_page);
  });
}

std::vector<StatusCount> Service::status_counts(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.status_counts(sql, session_id); });
}

long long Service::promote(soci::session& sql, long long session_id, long long now) {
  auto s = repo_.session(sql, session_id);
  if (!s || (s->status != "open" && s->status != "confirmed" && s->status != "running")) return 0;
  long long done = 0;
  // One released seat, one admission: the loop only skips an application changed meanwhile.
  for (int guard = 0; guard < 10 && done == 0; ++guard) {
    auto next = repo_.oldest_waiting(sql, session_id);
    if (!next) break;
    if (!repo_.take_seat(sql, session_id, now)) break;
    if (!repo_.decide(sql, *next, "waiting", "admitted", "", 0, now)) {
      repo_.release_seat(sql, session_id, now);
      continue;
    }
    auto a = repo_.application(sql, *next);
    audit_.record(sql, Actor{0, "système", ""}, "enrolments.promoted", "application:" + str(*next),
                  "session:" + str(session_id));
    notify(sql, *a, "promoted", {});
    ++done;
  }
  return done;
}

Outcome Service::withdraw(const Actor& actor, long long application_id, const std::string& raw_reason) {
  std::string reason = trim(raw_reason);
  const long long now = store::now_seconds();
  try {
    return db_.write([&](soci::session& sql) {
      auto a = repo_.application(sql, application_id);
      if (!a) refuse("errors.404.message");
      if (a->user_id != actor.id) refuse("errors.403.message");
      if (reason.size() > kMaxText) refuse("enrolments.errors.reason_long", "reason");
      if (!withdrawable(a->status)) refuse("enrolments.errors.transition");
      if (!repo_.withdraw(sql, a->id, a->status, reason, now)) refuse("enrolments.errors.transition");
      audit_.record(sql, actor, "enrolments.withdrawn", "application:" + str(a->id), a->status);
      if (a->status == "admitted" || a->status == "confirmed") {
        repo_.release_seat(sql, a->session_id, now);
        promote(sql, a->session_id, now);
      }
      notify(sql, *a, "withdrawn", {});
      return Outcome::success(a->id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  }
}

Outcome Service::confirm(const Actor& actor, long long application_id) {
  const long long now = store::now_seconds();
  try {
    return db_.write([&](soci::session& sql) {
      auto a = repo_.application(sql, application_id);
      if (!a) refuse("errors.404.message");
      if (a->user_id != actor.id) refuse("errors.403.message");
      if (!repo_.confirm(sql, a->id, now)) refuse("enrolments.errors.transition");
      audit_.record(sql, actor, "enrolments.confirmed", "application:" + str(a->id), "");
      notify(sql, *a, "confirmed", {});
      return Outcome::success(a->id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  }
}

Outcome Service::propose_interview(const Actor& actor, long long application_id, const InterviewInput& in) {
  Interview i;
  i.scheduled_at = outings::parse_local(in.scheduled);
  const long long now = store::now_seconds();
  if (i.scheduled_at <= now) return Outcome::failure("enrolments.errors.interview_date", "scheduled");
  std::string minutes = trim(in.minutes);
  if (minutes.empty() || minutes.size() > 3 || minutes.find_first_not_of("0123456789") != std::string::npos ||
      std::stoi(minutes) < 10 || std::stoi(minutes) > 480)
    return Outcome::failure("enrolments.errors.interview_minutes", "minutes");
  i.minutes = std::stoi(minutes);
  i.place = trim(in.place);
  if (i.place.empty() || i.place.size() > 300) return Outcome::failure("enrolments.errors.interview_place", "place");
  i.application_id = application_id;
  i.interviewer_id = actor.id;
  i.created_at = now;
  try {
    return db_.write([&](soci::session& sql) {
      auto a = repo_.application(sql, application_id);
      if (!a) refuse("errors.404.message");
      if (a->status == "submitted") {
        if (!repo_.move(sql, a->id, "submitted", "interview", now)) refuse("enrolments.errors.transition");
      } else if (a->status != "interview") {
        refuse("enrolments.errors.transition");
      }
      i.id = repo_.insert_interview(sql, i);
      audit_.record(sql, actor, "enrolments.interview_proposed", "application:" + str(a->id),
                    "interview:" + str(i.id));
      notify(sql, *a, "interview",
             {{"when", format_local(i.scheduled_at, "%d/%m/%Y %H:%M")}, {"minutes", str(i.minutes)}, {"place", i.place}});
      return Outcome::success(i.id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  }
}

Outcome Service::answer_interview(const Actor& actor, long long interview_id, bool accept) {
  const long long now = store::now_seconds();
  try {
    return db_.write([&](soci::session& sql) {
      auto i = repo_.interview(sql, interview_id);
      if (!i) refuse("errors.404.message");
      auto a = repo_.application(sql, i->application_id);
      if (!a || a->user_id != actor.id) refuse("errors.403.message");
      if (!repo_.answer_interview(sql, i->id, accept ? "confirmed" : "declined", now))
        refuse("enrolments.errors.interview_answered");
      audit_.record(sql, actor, accept ? "enrolments.interview_confirmed" : "enrolments.interview_declined",
                    "application:" + str(a->id), "interview:" + str(i->id));
      auto s = repo_.session(sql, a->session_id);
      web::Params p = {{"applicant", a->user_name}, {"when", format_local(i->scheduled_at, "%d/%m/%Y %H:%M")},
                       {"answer", t(accept ? "enrolments.interview.answers.confirmed" : "enrolments.interview.answers.declined")},
                       {"url", public_url_ + "/formations/candidatures/" + str(a->id)}};
      for (const auto& email : repo_.staff_emails(sql, s->organiser_id))
        mail_.enqueue(sql, email, t("enrolments.mail.staff_answer.subject", p), t("enrolments.mail.staff_answer.body", p));
      return Outcome::success(i->id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  }
}

Outcome Service::record_notes(const Actor& actor, long long interview_id, const InterviewNotes& raw) {
  InterviewNotes n = raw;
  for (auto* f : {&n.motivation, &n.project, &n.availability, &n.funding}) {
    *f = trim(*f);
    if (f->size() > kMaxText) return Outcome::failure("enrolments.errors.notes_long");
  }
  if (n.adaptation != "" && n.adaptation != "yes" && n.adaptation != "no")
    return Outcome::failure("enrolments.errors.notes_adaptation", "note_adaptation");
  if (!n.recommendation.empty() && !is_one_of(recommendations(), n.recommendation))
    return Outcome::failure("enrolments.errors.recommendation", "recommendation");
  try {
    return db_.write([&](soci::session& sql) {
      auto i = repo_.interview(sql, interview_id);
      if (!i) refuse("errors.404.message");
      if (!repo_.save_notes(sql, i->id, n, actor.id)) refuse("enrolments.errors.interview_closed");
      audit_.record(sql, actor, "enrolments.interview_notes", "application:" + str(i->application_id),
                    "interview:" + str(i->id));
      return Outcome::success(i->application_id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  }
}

Outcome Service::decide(const Actor& actor, long long application_id, const std::string& decision,
                        const std::string& raw_reason) {
  std::string reason = trim(raw_reason);
  if (decision != "admitted" && decision != "waiting" && decision != "refused")
    return Outcome::failure("enrolments.errors.decision", "decision");
  if (decision == "refused" && reason.empty()) return Outcome::failure("enrolments.errors.reason_required", "reason");
  if (reason.size() > kMaxText) return Outcome::failure("enrolments.errors.reason_long", "reason");
  const long long now = store::now_seconds();
  try {
    return db_.write([&](soci::session& sql) {
      auto a = repo_.application(sql, application_id);
      if (!a) refuse("errors.404.message");
      bool from_ok = a->status == "submitted" || a->status == "interview" ||
                     (a->status == "waiting" && decision != "waiting");
      if (!from_ok) refuse("enrolments.errors.transition");
      if (decision == "admitted" && !repo_.take_seat(sql, a->session_id, now)) refuse("enrolments.errors.admit_full");
      if (!repo_.decide(sql, a->id, a->status, decision, reason, actor.id, now)) refuse("enrolments.errors.transition");
      audit_.record(sql, actor, "enrolments.decision", "application:" + str(a->id), decision);
      notify(sql, *a, decision, {{"reason", reason}});
      return Outcome::success(a->id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  }
}

Outcome Service::save_line(const Actor& actor, long long application_id, long long line_id, const FundingInput& in) {
  FundingLine l;
  l.id = line_id;
  l.application_id = application_id;
  l.funder = trim(in.funder);
  if (!is_one_of(funders(), l.funder)) return Outcome::failure("enrolments.errors.funder", "funder");
  l.funder_name = trim(in.funder_name);
  if (l.funder_name.size() > 200) return Outcome::failure("enrolments.errors.funder_name", "funder_name");
  l.amount_cents = parse_euros(in.amount);
  if (l.amount_cents < 0 || l.amount_cents > 100000000) return Outcome::failure("enrolments.errors.amount", "amount");
  long long minutes = parse_hours(in.hours);
  if (minutes < 0 || minutes > 100000) return Outcome::failure("enrolments.errors.hours", "hours");
  l.minutes_covered = static_cast<int>(minutes);
  l.agreement_ref = trim(in.agreement_ref);
  if (l.agreement_ref.size() > 200) return Outcome::failure("enrolments.errors.agreement_ref", "agreement_ref");
  l.status = in.status.empty() ? "requested" : in.status;
  if (!is_one_of(funding_statuses(), l.status)) return Outcome::failure("enrolments.errors.funding_status", "status");
  const long long now = store::now_seconds();
  try {
    return db_.write([&](soci::session& sql) {
      auto a = repo_.application(sql, application_id);
      if (!a) refuse("errors.404.message");
      if (a->status == "withdrawn" || a->status == "refused") refuse("enrolments.errors.funding_closed");
      if (line_id) {
        auto existing = repo_.line(sql, line_id);
        if (!existing || existing->application_id != application_id) refuse("errors.404.message");
      }
      auto s = repo_.session(sql, a->session_id);
      if (l.minutes_covered > enrolments::planned_minutes(sql, a->session_id))
        refuse("enrolments.errors.hours_beyond", "hours");
      long long total = repo_.amount_of_others(sql, application_id, line_id) + (l.status == "refused" ? 0 : l.amount_cents);
      if (total > s->price_cents) refuse("enrolments.errors.over_price", "amount");
      if (line_id) {
        repo_.update_line(sql, l, now);
      } else {
        l.id = repo_.insert_line(sql, l, now);
      }
      recompute_due(sql, application_id);
      audit_.record(sql, actor, line_id ? "enrolments.funding_updated" : "enrolments.funding_added",
                    "application:" + str(application_id), l.funder + " " + str(l.amount_cents));
      return Outcome::success(l.id);
    });
  } catch (const Refusal& r) {
    return r.outcome;
  }
}

std::optional<Interview> Service::interview(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.interview(sql, id); });
}
std::vector<Interview> Service::interviews_of(long long application_id) {
  return db_.read([&](soci::session& sql) { return repo_.interviews_of(sql, application_id); });
}
std::optional<FundingLine> Service::line(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.line(sql, id); });
}
std::vector<FundingLine> Service::lines_of(long long application_id) {
  return db_.read([&](soci::session& sql) { return repo_.lines_of(sql, application_id); });
}
long long Service::planned_minutes(long long session_id) {
  return db_.read([&](soci::session& sql) { return enrolments::planned_minutes(sql, session_id); });
}
long long Service::attended_minutes(long long application_id) {
  return db_.read([&](soci::session& sql) { return enrolments::attended_minutes(sql, application_id); });
}

long long Service::run_due(long long now) {
  auto sessions = db_.read([&](soci::session& sql) { return repo_.sessions_to_promote(sql); });
  long long done = 0;
  for (long long id : sessions) done += db_.write([&](soci::session& sql) { return promote(sql, id, now); });
  return done;
}

// ---- Demo ------------------------------------------------------------------------------

namespace {

struct DemoPerson {
  const char* email;
  const char* name;
  const char* sector;
  const char* status;
};

long long demo_session(soci::session& sql, const std::string& programme, const std::string& session) {
  long long id = 0;
  sql << "SELECT s.id FROM training_sessions s JOIN training_programmes p ON p.id = s.programme_id "
         "WHERE p.title = :p AND s.title = :s ORDER BY s.id LIMIT 1",
      soci::into(id), soci::use(programme), soci::use(session);
  return sql.got_data() ? id : 0;
}

long long demo_user(soci::session& sql, Repository& repo, const std::string& email, const std::string& name,
                    long long now) {
  if (auto id = repo.user_by_email(sql, email)) return *id;
  return repo.insert_user(sql, email, name, now);
}

long long demo_organisation(soci::session& sql, const std::string& kind, int index) {
  std::vector<long long> ids(50);
  sql << "SELECT id FROM organisations WHERE kind = :k AND status = 'active' ORDER BY id LIMIT 50", soci::into(ids),
      soci::use(kind);
  return ids.empty() ? 0 : ids[static_cast<std::size_t>(index) % ids.size()];
}

// One application in its final state, with the seat it holds taken through the conditional UPDATE
// (skipped when the session has no seat left). Returns its id, or 0.
long long demo_application(soci::session& sql, Repository& repo, const SessionInfo& s, long long user_id,
                           const std::string& sector, long long organisation_id, const std::string& organisation_name,
                           const std::string& status, long long requested_at, const std::string& funding) {
  const bool holds_seat = status == "admitted" || status == "confirmed" || status == "completed";
  if (holds_seat && !repo.take_seat(sql, s.id, requested_at)) return 0;
  Application a;
  a.session_id = s.id;
  a.user_id = user_id;
  a.sector = sector;
  a.organisation_id = organisation_id;
  a.organisation_name = organisation_id ? "" : organisation_name;
  a.job_role = sector == "social" ? "Travailleur·se social·e" : sector == "cultural" ? "Médiateur·rice culturel·le"
                                                                                      : "Animateur·rice";
  a.motivation = "Croiser les pratiques des secteurs social et culturel sur mon territoire.";
  a.project = "Un projet de lecture publique et de spectacle vivant avec les habitants du quartier.";
  a.funding_intended = funding;
  a.requested_at = requested_at;
  a.access_delay_days = access_delay_days(requested_at, s.starts_at);
  a.early_request = early_request(requested_at, s.starts_at) ? 1 : 0;
  long long id = repo.insert_application(sql, a);
  const long long decided = requested_at + 10 * kDay;
  const long long decided_at = status == "submitted" || status == "interview" ? 0LL : decided;
  const long long waiting_since = status == "waiting" ? decided : 0LL;
  const long long confirmed_at =
      status == "confirmed" || status == "completed" || status == "dropped_out" ? decided + kDay : 0LL;
  sql << "UPDATE training_applications SET status = :st, decided_at = :d, waiting_since = :w, confirmed_at = :c, "
         "updated_at = :u WHERE id = :id",
      soci::use(status), soci::use(decided_at), soci::use(waiting_since), soci::use(confirmed_at), soci::use(decided),
      soci::use(id);
  return id;
}

}  // namespace

void Service::load_demo(const Actor& /*actor*/) {
  const long long now = store::now_seconds();
  db_.write([&](soci::session& sql) {
    // Sagiterre's open session: applicants at every stage.
    long long sid = demo_session(sql, "Pouvoir d'agir et coopération à l'épreuve du territoire", "Session printemps 2027");
    auto s = sid ? repo_.session(sql, sid) : std::nullopt;
    if (s && repo_.count_of_session(sql, sid, "") == 0) {
      struct Row {
        const char* email;
        const char* name;
        const char* sector;
        const char* status;
        int days_ago;
        const char* funding;
      };
      const Row rows[] = {
          {"stagiaire@paul-guimard.local", "", "cultural", "admitted", 12, "employer"},
          {"camille.martin@demo.trame.local", "Camille Martin", "social", "submitted", 2, "opco"},
          {"yanis.benali@demo.trame.local", "Yanis Benali", "other", "interview", 6, "france_travail"},
          {"lea.durand@demo.trame.local", "Léa Durand", "social", "waiting", 20, "opco"},
          {"hugo.leroy@demo.trame.local", "Hugo Leroy", "cultural", "refused", 25, "self"},
          {"nadia.cherif@demo.trame.local", "Nadia Chérif", "social", "confirmed", 70, "opco"},
          {"thomas.guerin@demo.trame.local", "Thomas Guérin", "other", "confirmed", 30, "france_travail"},
      };
      int i = 0;
      for (const auto& r : rows) {
        long long uid = 0;
        if (std::string(r.name).empty()) {
          uid = repo_.user_by_email(sql, r.email).value_or(0);
          if (!uid) continue;
        } else {
          uid = demo_user(sql, repo_, r.email, r.name, now);
        }
        long long org = std::string(r.email).find("paul-guimard") != std::string::npos
                            ? demo_organisation(sql, "cultural", 1)
                            : demo_organisation(sql, r.sector == std::string("other") ? "social" : r.sector, i);
        long long id = demo_application(sql, repo_, *s, uid, r.sector, r.sector == std::string("other") ? 0 : org,
                                        "Association Les Liens du Quartier (fictive)", r.status,
                                        now - r.days_ago * kDay, r.funding);
        ++i;
        if (!id) continue;
        if (std::string(r.status) == "refused") {
          const std::string reason =
              "Le projet ne correspond pas encore aux prérequis (expérience d'une action de territoire) : nous vous "
              "invitons à candidater à la prochaine session.";
          sql << "UPDATE training_applications SET decision_reason = :r WHERE id = :id", soci::use(reason),
              soci::use(id);
        }
        if (std::string(r.status) == "interview") {
          Interview iv;
          iv.application_id = id;
          iv.scheduled_at = now + 10 * kDay;
          iv.minutes = 45;
          iv.place = "Sagiterre, salle de réunion — ou par téléphone";
          iv.created_at = now - kDay;
          repo_.insert_interview(sql, iv);
        }
        if (std::string(r.status) == "confirmed") {
          FundingLine l;
          l.application_id = id;
          l.funder = r.funding;
          l.funder_name = l.funder == "opco" ? "Uniformation" : "France Travail Pays de la Loire";
          l.amount_cents = s->price_cents;
          l.agreement_ref = l.funder == "opco" ? "UNIF-2027-0412" : "FT-AIF-2027-118";
          l.status = "agreed";
          repo_.insert_line(sql, l, now - 5 * kDay);
          recompute_due(sql, id);
        }
      }
    }
    // The Département's completed sessions: mixed cohorts who followed the training.
    const char* programme = "Formation-action culture/social";
    const char* first[] = {"Amandine", "Bruno", "Chloé", "David", "Émilie", "Fatou", "Gaël", "Hélène", "Inès", "Julien"};
    const char* last[] = {"Morel", "Girard", "Lambert", "Bonnet", "Fontaine", "Rousseau", "Vincent", "Muller",
                          "Faure", "Blanc"};
    const char* sectors_mix[] = {"social", "cultural", "social", "cultural", "other",
                                 "social", "cultural", "social", "cultural", "other"};
    const std::pair<const char*, const char*> cohorts[] = {
        {"Pays de Retz 2019", "retz"}, {"Pays d'Ancenis 2022-2023", "ancenis"}, {"Nantes – Chantenay 2023", "chantenay"}};
    int shift = 0;
    for (const auto& [title, slug] : cohorts) {
      long long id = demo_session(sql, programme, title);
      auto cs = id ? repo_.session(sql, id) : std::nullopt;
      if (!cs || repo_.count_of_session(sql, id, "") > 0) {
        shift += 3;
        continue;
      }
      const bool ancenis = std::string(slug) == "ancenis";
      const int size = ancenis ? 10 : 9;
      for (int k = 0; k < size; ++k) {
        int f = (k + shift) % 10, l = (k * 3 + shift) % 10;
        std::string email = std::string(slug) + "." + fold_for_search(first[f]) + "." + fold_for_search(last[l]) +
                            "@demo.trame.local";
        std::string name = std::string(first[f]) + " " + last[l];
        long long uid = demo_user(sql, repo_, email, name, now);
        std::string sector = sectors_mix[k];
        long long org = sector == "other" ? 0 : demo_organisation(sql, sector, k / 2);
        const bool dropout = ancenis && k == 9;
        long long app = demo_application(sql, repo_, *cs, uid, sector, org, "EHPAD Les Tilleuls (fictif)",
                                         dropout ? "dropped_out" : "completed",
                                         cs->starts_at - (45 + k) * kDay, "departement");
        if (app && dropout) {
          const long long at = cs->starts_at + 60 * kDay;
          const std::string detail = "Changement de poste en cours de formation : plus disponible pour les séminaires.";
          sql << "UPDATE training_applications SET dropout_at = :d, dropout_cause = 'work', dropout_detail = :t "
                 "WHERE id = :id",
              soci::use(at), soci::use(detail), soci::use(app);
        }
      }
      shift += 3;
    }
  });
}

}  // namespace trame::enrolments
