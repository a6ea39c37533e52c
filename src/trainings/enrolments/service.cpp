#include "trainings/enrolments/service.hpp"

#include <algorithm>
#include <cstdio>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "trainings/enrolments/funding.hpp"
#include "platform/store/rate_limits.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"

namespace trame::enrolments {

namespace {

constexpr long long kDay = 86400;
constexpr std::size_t kMaxText = 5000;
constexpr long long kPasswordLinkSeconds = 7 * kDay;
// The public application form e-mails the address typed in it: at most this many applications per
// address a day, and per IP address an hour (a training day's group may apply from one network).
constexpr long long kPublicPerAddress = 3;
constexpr long long kPublicPerIp = 30;

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

// ---- Service ---------------------------------------------------------------------------

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

void Service::notify(soci::session& sql, const Application& a, const std::string& kind, web::Params params) {
  params.push_back({"name", a.user_name});
  params.push_back({"session", a.session_title});
  params.push_back({"programme", a.programme_title});
  params.push_back({"url", public_url_ + "/formations/candidatures/" + std::to_string(a.id)});
  mail_.enqueue(sql, a.user_email, t("enrolments.mail." + kind + ".subject", params),
                t("enrolments.mail." + kind + ".body", params));
}

std::optional<SessionInfo> Service::session(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.session(sql, id); });
}

std::optional<programmes::SessionAccess> Service::access(const Principal* me, long long session_id) {
  return db_.read([&](soci::session& sql) { return programmes::session_access(sql, me, session_id); });
}

std::string Service::closed_reason(long long session_id) {
  const long long now = store::now_seconds();
  return db_.read([&](soci::session& sql) {
    auto s = repo_.session(sql, session_id);
    return s ? closed_key(sql, *s, now) : std::string("errors.404.message");
  });
}

long long Service::cpf_working_days() {
  return db_.read([&](soci::session& sql) { return store::setting_int(sql, "trainings.cpf_working_days", 11); });
}

std::vector<std::pair<long long, std::string>> Service::organisations() {
  return db_.read([&](soci::session& sql) { return repo_.organisations(sql); });
}

Outcome Service::apply(const Actor& actor, long long session_id, long long user_id, const ApplicationInput& raw) {
  ApplicationInput in = raw;
  for (auto* f :
       {&in.sector, &in.organisation, &in.organisation_name, &in.job_role, &in.funding, &in.name, &in.email, &in.phone})
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
  if (!plausible_phone(in.phone)) return Outcome::failure("enrolments.errors.phone", "phone");
  if (!is_one_of(in.sector, sectors())) return Outcome::failure("enrolments.errors.sector", "sector");
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
  if (!is_one_of(in.funding, funders())) return Outcome::failure("enrolments.errors.funding", "funding");
  in.trainee_status = trim(in.trainee_status);
  in.employer_type = trim(in.employer_type);
  if (!is_one_of(in.trainee_status, trainee_statuses()))
    return Outcome::failure("trainee_status.errors.status", "trainee_status");
  if (!is_one_of(in.employer_type, employer_types()))
    return Outcome::failure("trainee_status.errors.employer_type", "employer_type");
  if (in.adaptation.size() > kMaxText) return Outcome::failure("enrolments.errors.adaptation", "adaptation");
  const long long now = store::now_seconds();
  try {
    return db_.attempt([&](soci::session& sql) {
      auto s = repo_.session(sql, session_id);
      if (!s) roll_back(Outcome::not_found());
      if (auto closed = closed_key(sql, *s, now); !closed.empty()) refuse(closed);
      if (in.funding == "cpf" &&
          working_days_between(now, s->starts_at) < store::setting_int(sql, "trainings.cpf_working_days", 11))
        refuse("enrolments.errors.cpf_delay", "funding");
      // Every refusal that depends on the form comes before the address is looked up, so that a
      // known and an unknown address get the same answers.
      if (organisation_id && repo_.organisation_name(sql, organisation_id).empty())
        refuse("enrolments.errors.organisation", "organisation");
      Application a;
      a.user_id = user_id;
      std::string link;  // for a new account: the link to choose a password
      if (user_id == 0) {
        // The address typed is not verified: each e-mail sent to it is counted (address and IP,
        // checked and counted in one statement each) and holds no text typed in the form.
        if (!store::take_rates(
                sql,
                {{"apply:ip:" + actor.ip, kPublicPerIp, 3600}, {"apply:email:" + in.email, kPublicPerAddress, kDay}},
                now)) {
          audit_.record(sql, actor, "enrolments.apply_rate_limited", "session:" + std::to_string(session_id), in.email);
          return Outcome::limited("enrolments.errors.rate_limited");
        }
        if (auto known = repo_.account_by_email(sql, in.email)) {
          // Same answer as for a new address; the owner is told instead, and nothing is recorded.
          if (!known->disabled) {
            web::Params p = {
                {"name", known->name},
                {"session", s->title},
                {"programme", s->programme_title},
                {"url", public_url_ + "/formations/sessions/" + std::to_string(session_id) + "/candidater"},
                {"reset", public_url_ + "/mot-de-passe-oublie"}};
            mail_.enqueue(sql, in.email, t("enrolments.mail.existing.subject", p),
                          t("enrolments.mail.existing.body", p));
          }
          audit_.record(sql, actor, "enrolments.apply_known_address", "user:" + std::to_string(known->id),
                        "session:" + std::to_string(session_id));
          return Outcome::success(0);
        }
        a.user_id = repo_.insert_user(sql, in.email, in.name, now);
        std::string token = web::random_token(32);
        repo_.insert_password_link(sql, a.user_id, web::sha256_hex(token), now, now + kPasswordLinkSeconds);
        link = public_url_ + "/reinitialisation/" + token;
        audit_.record(sql, actor, "enrolments.account_created", "user:" + std::to_string(a.user_id), in.email);
      } else {
        if (repo_.open_applications(sql, session_id, user_id) > 0) refuse("enrolments.errors.already_applied");
      }
      a.organisation_id = organisation_id;
      if (!organisation_id) a.organisation_name = in.organisation_name;
      a.session_id = session_id;
      a.sector = in.sector;
      a.job_role = in.job_role;
      a.phone = in.phone;
      a.motivation = in.motivation;
      a.project = in.project;
      a.funding_intended = in.funding;
      a.trainee_status = in.trainee_status;
      a.employer_type = in.employer_type;
      a.adaptation_request = trim(in.adaptation);
      a.requested_at = now;
      a.access_delay_days = access_delay_days(now, s->starts_at);
      a.early_request = early_request(now, s->starts_at) ? 1 : 0;
      a.id = repo_.insert_application(sql, a);
      audit_.record(sql, actor, "enrolments.applied", "application:" + std::to_string(a.id),
                    "session:" + std::to_string(session_id));
      auto saved = repo_.application(sql, a.id);
      if (user_id == 0) {
        // One e-mail to the new, unverified address: the password link, without the typed name.
        web::Params p = {{"link", link},
                         {"session", s->title},
                         {"programme", s->programme_title},
                         {"url", public_url_ + "/formations/candidatures/" + std::to_string(a.id)}};
        mail_.enqueue(sql, in.email, t("enrolments.mail.account.subject", p), t("enrolments.mail.account.body", p));
      } else {
        notify(sql, *saved, "received", {});
      }
      web::Params p = {{"applicant", saved->user_name},
                       {"session", s->title},
                       {"programme", s->programme_title},
                       {"url", public_url_ + "/formations/sessions/" + std::to_string(session_id) + "/candidatures"}};
      for (const auto& email : repo_.staff_emails(sql, s->organiser_id))
        mail_.enqueue(sql, email, t("enrolments.mail.staff_new.subject", p), t("enrolments.mail.staff_new.body", p));
      return Outcome::success(a.id);
    });
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
    audit_.record(sql, Actor{0, "système", ""}, "enrolments.promoted", "application:" + std::to_string(*next),
                  "session:" + std::to_string(session_id));
    notify(sql, *a, "promoted", {});
    ++done;
  }
  return done;
}

Outcome Service::withdraw(const Actor& actor, long long application_id, const std::string& raw_reason) {
  std::string reason = trim(raw_reason);
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.application(sql, application_id);
    if (!a) roll_back(Outcome::not_found());
    if (a->user_id != actor.id) roll_back(Outcome::forbidden());
    if (reason.size() > kMaxText) refuse("enrolments.errors.reason_long", "reason");
    if (!withdrawable(a->status)) refuse("enrolments.errors.transition");
    if (!repo_.withdraw(sql, a->id, a->status, reason, now)) refuse("enrolments.errors.transition");
    audit_.record(sql, actor, "enrolments.withdrawn", "application:" + std::to_string(a->id), a->status);
    if (a->status == "admitted" || a->status == "confirmed") {
      repo_.release_seat(sql, a->session_id, now);
      promote(sql, a->session_id, now);
    }
    notify(sql, *a, "withdrawn", {});
    auto s = repo_.session(sql, a->session_id);
    web::Params p = {{"applicant", a->user_name},
                     {"session", a->session_title},
                     {"programme", a->programme_title},
                     {"url", public_url_ + "/formations/sessions/" + std::to_string(a->session_id) + "/candidatures"}};
    for (const auto& email : repo_.staff_emails(sql, s->organiser_id))
      mail_.enqueue(sql, email, t("enrolments.mail.staff_withdrawn.subject", p),
                    t("enrolments.mail.staff_withdrawn.body", p));
    return Outcome::success(a->id);
  });
}

Outcome Service::confirm(const Actor& actor, long long application_id) {
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = repo_.application(sql, application_id);
    if (!a) roll_back(Outcome::not_found());
    if (a->user_id != actor.id) roll_back(Outcome::forbidden());
    if (!repo_.confirm(sql, a->id, now)) refuse("enrolments.errors.transition");
    audit_.record(sql, actor, "enrolments.confirmed", "application:" + std::to_string(a->id), "");
    notify(sql, *a, "confirmed", {});
    return Outcome::success(a->id);
  });
}

std::optional<Application> Service::managed_application(soci::session& sql, const ActingFor& m,
                                                        long long application_id) {
  auto a = repo_.application(sql, application_id);
  if (!a) roll_back(Outcome::not_found());
  auto s = repo_.session(sql, a->session_id);
  if (!s || !m.covers(s->organiser_id)) roll_back(Outcome::not_found());
  return a;
}

Outcome Service::check_manager(const Principal& me, long long application_id) {
  auto a = application(application_id);
  if (!a) return Outcome::not_found();
  auto acc = access(&me, a->session_id);
  if (acc && acc->manager) return Outcome::success(a->id);
  const bool sees = acc && (a->user_id == me.id || acc->disability_referent(me.id));
  return sees ? Outcome::forbidden() : Outcome::not_found();
}

Outcome Service::propose_interview(const Actor& actor, const Principal& me, long long application_id,
                                   const InterviewInput& in) {
  if (auto o = check_manager(me, application_id); !o.ok) return o;
  const ActingFor m = me.acting_for(perm::trainings_manage);
  Interview i;
  i.scheduled_at = parse_local(in.scheduled);
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
  return db_.attempt([&](soci::session& sql) {
    auto a = managed_application(sql, m, application_id);
    if (a->status == "submitted") {
      if (!repo_.move(sql, a->id, "submitted", "interview", now)) refuse("enrolments.errors.transition");
    } else if (a->status != "interview") {
      refuse("enrolments.errors.transition");
    }
    i.id = repo_.insert_interview(sql, i);
    audit_.record(sql, actor, "enrolments.interview_proposed", "application:" + std::to_string(a->id),
                  "interview:" + std::to_string(i.id));
    notify(sql, *a, "interview",
           {{"when", format_local(i.scheduled_at, "%d/%m/%Y %H:%M")},
            {"minutes", std::to_string(i.minutes)},
            {"place", i.place}});
    return Outcome::success(i.id);
  });
}

Outcome Service::answer_interview(const Actor& actor, long long interview_id, bool accept) {
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto i = repo_.interview(sql, interview_id);
    if (!i) roll_back(Outcome::not_found());
    auto a = repo_.application(sql, i->application_id);
    if (!a || a->user_id != actor.id) roll_back(Outcome::forbidden());
    if (!repo_.answer_interview(sql, i->id, accept ? "confirmed" : "declined", now))
      refuse("enrolments.errors.interview_answered");
    audit_.record(sql, actor, accept ? "enrolments.interview_confirmed" : "enrolments.interview_declined",
                  "application:" + std::to_string(a->id), "interview:" + std::to_string(i->id));
    auto s = repo_.session(sql, a->session_id);
    web::Params p = {
        {"applicant", a->user_name},
        {"when", format_local(i->scheduled_at, "%d/%m/%Y %H:%M")},
        {"answer", t(accept ? "enrolments.interview.answers.confirmed" : "enrolments.interview.answers.declined")},
        {"url", public_url_ + "/formations/candidatures/" + std::to_string(a->id)}};
    for (const auto& email : repo_.staff_emails(sql, s->organiser_id))
      mail_.enqueue(sql, email, t("enrolments.mail.staff_answer.subject", p),
                    t("enrolments.mail.staff_answer.body", p));
    return Outcome::success(i->id);
  });
}

Outcome Service::record_notes(const Actor& actor, const Principal& me, long long interview_id,
                              const InterviewNotes& raw) {
  auto found = interview(interview_id);
  if (!found) return Outcome::not_found();
  if (auto o = check_manager(me, found->application_id); !o.ok) return o;
  const ActingFor m = me.acting_for(perm::trainings_manage);
  InterviewNotes n = raw;
  for (auto* f : {&n.motivation, &n.project, &n.availability, &n.funding}) {
    *f = trim(*f);
    if (f->size() > kMaxText) return Outcome::failure("enrolments.errors.notes_long");
  }
  if (n.adaptation != "" && n.adaptation != "yes" && n.adaptation != "no")
    return Outcome::failure("enrolments.errors.notes_adaptation", "note_adaptation");
  if (!n.recommendation.empty() && !is_one_of(n.recommendation, recommendations()))
    return Outcome::failure("enrolments.errors.recommendation", "recommendation");
  return db_.attempt([&](soci::session& sql) {
    auto i = repo_.interview(sql, interview_id);
    if (!i) roll_back(Outcome::not_found());
    managed_application(sql, m, i->application_id);
    if (!repo_.save_notes(sql, i->id, n, actor.id)) refuse("enrolments.errors.interview_closed");
    audit_.record(sql, actor, "enrolments.interview_notes", "application:" + std::to_string(i->application_id),
                  "interview:" + std::to_string(i->id));
    return Outcome::success(i->application_id);
  });
}

Outcome Service::decide(const Actor& actor, const Principal& me, long long application_id, const std::string& decision,
                        const std::string& raw_reason) {
  if (auto o = check_manager(me, application_id); !o.ok) return o;
  const ActingFor m = me.acting_for(perm::trainings_manage);
  std::string reason = trim(raw_reason);
  if (decision.empty()) return Outcome::failure("enrolments.errors.decision_missing", "decision");
  if (decision != "admitted" && decision != "waiting" && decision != "refused")
    return Outcome::failure("enrolments.errors.decision", "decision");
  if (decision == "refused" && reason.empty()) return Outcome::failure("enrolments.errors.reason_required", "reason");
  if (reason.size() > kMaxText) return Outcome::failure("enrolments.errors.reason_long", "reason");
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = managed_application(sql, m, application_id);
    bool from_ok =
        a->status == "submitted" || a->status == "interview" || (a->status == "waiting" && decision != "waiting");
    if (!from_ok) refuse("enrolments.errors.transition");
    if (decision == "admitted" && !repo_.take_seat(sql, a->session_id, now)) refuse("enrolments.errors.admit_full");
    if (!repo_.decide(sql, a->id, a->status, decision, reason, actor.id, now)) refuse("enrolments.errors.transition");
    audit_.record(sql, actor, "enrolments.decision", "application:" + std::to_string(a->id), decision);
    notify(sql, *a, decision, {{"reason", reason}});
    return Outcome::success(a->id);
  });
}

Outcome Service::set_trainee_status(const Actor& actor, const Principal& me, long long application_id,
                                    const std::string& raw_status, const std::string& raw_employer) {
  if (auto o = check_manager(me, application_id); !o.ok) return o;
  const ActingFor m = me.acting_for(perm::trainings_manage);
  const std::string status = trim(raw_status), employer = trim(raw_employer);
  if (!is_one_of(status, trainee_statuses())) return Outcome::failure("trainee_status.errors.status", "trainee_status");
  if (!is_one_of(employer, employer_types()))
    return Outcome::failure("trainee_status.errors.employer_type", "employer_type");
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = managed_application(sql, m, application_id);
    if (a->trainee_status == status && a->employer_type == employer) return Outcome::success(a->id);
    if (!repo_.set_trainee_status(sql, a->id, status, employer, now)) roll_back(Outcome::not_found());
    audit_.record(sql, actor, "enrolments.trainee_status", "application:" + std::to_string(a->id),
                  (a->trainee_status.empty() ? "-" : a->trainee_status) + "/" +
                      (a->employer_type.empty() ? "-" : a->employer_type) + " -> " + status + "/" + employer);
    return Outcome::success(a->id);
  });
}

Outcome Service::save_line(const Actor& actor, const Principal& me, long long application_id, long long line_id,
                           const FundingInput& in) {
  if (line_id) {
    auto existing = line(line_id);
    if (!existing || existing->application_id != application_id) return Outcome::not_found();
  }
  if (auto o = check_manager(me, application_id); !o.ok) return o;
  const ActingFor m = me.acting_for(perm::trainings_manage);
  FundingLine l;
  l.id = line_id;
  l.application_id = application_id;
  l.funder = trim(in.funder);
  if (!is_one_of(l.funder, funders())) return Outcome::failure("enrolments.errors.funder", "funder");
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
  if (!is_one_of(l.status, funding_statuses())) return Outcome::failure("enrolments.errors.funding_status", "status");
  const long long now = store::now_seconds();
  return db_.attempt([&](soci::session& sql) {
    auto a = managed_application(sql, m, application_id);
    if (a->status == "withdrawn" || a->status == "refused") refuse("enrolments.errors.funding_closed");
    if (line_id) {
      auto existing = repo_.line(sql, line_id);
      if (!existing || existing->application_id != application_id) roll_back(Outcome::not_found());
    }
    auto s = repo_.session(sql, a->session_id);
    if (l.minutes_covered > enrolments::planned_minutes(sql, a->session_id))
      refuse("enrolments.errors.hours_beyond", "hours");
    long long total =
        repo_.amount_of_others(sql, application_id, line_id) + (l.status == "refused" ? 0 : l.amount_cents);
    if (total > s->price_cents) refuse("enrolments.errors.over_price", "amount");
    if (line_id) {
      repo_.update_line(sql, l, now);
    } else {
      l.id = repo_.insert_line(sql, l, now);
    }
    recompute_due(sql, application_id);
    audit_.record(sql, actor, line_id ? "enrolments.funding_updated" : "enrolments.funding_added",
                  "application:" + std::to_string(application_id), l.funder + " " + std::to_string(l.amount_cents));
    return Outcome::success(l.id);
  });
}

std::vector<Application> Service::to_handle(const Principal& me, long long limit, long long& total) {
  const ActingFor scope = me.acting_for(perm::trainings_manage);
  return db_.read([&](soci::session& sql) {
    total = repo_.count_to_handle(sql, scope);
    return repo_.to_handle(sql, scope, limit);
  });
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

}  // namespace trame::enrolments
