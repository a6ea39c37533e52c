#include "certification/candidates/service.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/rate_limits.hpp"
#include "platform/web/crypto.hpp"

namespace trame::candidates {

namespace {

constexpr long long kDay = 86400;
constexpr long long kPasswordLinkSeconds = 7 * kDay;
constexpr long long kPublicPerAddress = 3;
constexpr long long kPublicPerIp = 30;
constexpr std::size_t kMaxText = 5000;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

}  // namespace

bool may_change(const std::string& from, const std::string& to) {
  if (from == "submitted") return to == "eligible" || to == "ineligible" || to == "withdrawn";
  if (from == "eligible") return to == "withdrawn";
  return false;
}

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

Outcome Service::register_candidate(const Actor& actor, const Principal* me, long long certification_id,
                                    const RegistrationInput& raw) {
  RegistrationInput in = raw;
  for (auto* f : {&in.name, &in.email, &in.job, &in.birth_date, &in.experience}) *f = trim(*f);
  in.email = lower(in.email);
  if (!me) {
    if (in.name.empty() || code_points(in.name) > 200) return Outcome::failure("candidates.errors.name", "name");
    if (!plausible_email(in.email)) return Outcome::failure("candidates.errors.email", "email");
  }
  if (!is_one_of(in.employer_type, employer_types()))
    return Outcome::failure("candidates.errors.employer_type", "employer_type");
  if (in.job.empty() || code_points(in.job) > 200) return Outcome::failure("candidates.errors.job", "job");
  auto birth = parse_birth_date(in.birth_date);
  // Born in 1920 or later, and 16 at least this year.
  int this_year = std::stoi(local_day(store::now_seconds()).substr(0, 4));
  if (in.birth_date.size() != 10 || !birth || birth->year < 1920 || birth->year > this_year - 16)
    return Outcome::failure("candidates.errors.birth_date", "birth_date");
  if (in.experience.empty() || code_points(in.experience) > kMaxText)
    return Outcome::failure("candidates.errors.experience", "experience");
  const long long now = store::now_seconds();
  try {
    return db_.attempt([&](soci::session& sql) {
      repo_.hold(sql, certification_id);  // the code below counts the registrations: one at a time
      auto target = repo_.target(sql, certification_id);
      if (!target || target->status != "published") roll_back(Outcome::not_found());
      Registration r;
      r.certification_id = certification_id;
      r.version_id = target->version_id;
      r.employer_type = in.employer_type;
      r.job = in.job;
      r.birth_date = in.birth_date;
      r.experience = in.experience;
      if (in.training_session_id) {
        if (!me || !repo_.follows_preparing_session(sql, me->id, in.training_session_id, certification_id))
          refuse("candidates.errors.training_session", "training_session");
        r.origin = "session";
        r.training_session_id = in.training_session_id;
      }
      std::string link;
      if (me) {
        r.user_id = me->id;
        if (repo_.active_exists(sql, certification_id, me->id))
          roll_back(Outcome::conflict("candidates.errors.already_registered"));  // as the unique index's 409
      } else {
        // As for a training application: the typed address is not verified, so every e-mail sent to
        // it is counted, and a known address gets the same answer as a new one.
        if (!store::take_rates(sql,
                               {{"certify:ip:" + actor.ip, kPublicPerIp, 3600},
                                {"certify:email:" + in.email, kPublicPerAddress, kDay}},
                               now)) {
          audit_.record(sql, actor, "candidates.register_rate_limited",
                        "certification:" + std::to_string(certification_id), in.email);
          return Outcome::limited("candidates.errors.rate_limited");
        }
        if (auto known = accounts_.account_by_email(sql, in.email)) {
          if (!known->disabled) {
            web::Params p = {
                {"name", known->name},
                {"certification", target->title},
                {"url", public_url_ + "/certifications/" + std::to_string(certification_id) + "/inscription"},
                {"reset", public_url_ + "/mot-de-passe-oublie"}};
            mail_.enqueue(sql, in.email, t("candidates.mail.existing.subject", p),
                          t("candidates.mail.existing.body", p));
          }
          audit_.record(sql, actor, "candidates.register_known_address", "user:" + std::to_string(known->id),
                        "certification:" + std::to_string(certification_id));
          return Outcome::success(0);
        }
        r.user_id = accounts_.insert_user(sql, in.email, in.name, now);
        std::string token = web::random_token(32);
        accounts_.insert_password_link(sql, r.user_id, web::sha256_hex(token), now, now + kPasswordLinkSeconds);
        link = public_url_ + "/reinitialisation/" + token;
        audit_.record(sql, actor, "candidates.account_created", "user:" + std::to_string(r.user_id), in.email);
      }
      r.code = repo_.next_code(sql, certification_id);
      r.id = repo_.insert(sql, r, now);
      // From now on the version is the one this candidate is assessed against: it no longer changes.
      repo_.lock_version(sql, r.version_id, now);
      audit_.record(sql, actor, "candidates.registered", "registration:" + std::to_string(r.id),
                    "certification:" + std::to_string(certification_id));
      std::string url = public_url_ + "/certifications/inscriptions/" + std::to_string(r.id);
      web::Params p = {{"certification", target->title}, {"code", r.code}, {"url", url}, {"link", link}};
      if (me)
        mail_.enqueue(sql, me->email, t("candidates.mail.received.subject", p), t("candidates.mail.received.body", p));
      else mail_.enqueue(sql, in.email, t("candidates.mail.account.subject", p), t("candidates.mail.account.body", p));
      web::Params staff = {{"certification", target->title},
                           {"code", r.code},
                           {"url", public_url_ + "/certifications/" + std::to_string(certification_id) + "/candidats"}};
      for (const auto& email : accounts_.staff_emails(sql, target->owner_id))
        mail_.enqueue(sql, email, t("candidates.mail.staff_new.subject", staff),
                      t("candidates.mail.staff_new.body", staff));
      return Outcome::success(r.id);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex)) return Outcome::conflict("candidates.errors.already_registered");
    throw;
  }
}

bool Service::manages(const Principal& me, const Registration& r) const {
  return me.acting_for(perm::certifications_manage).covers(r.owner_id);
}

std::optional<Registration> Service::visible(const Principal& me, long long id) {
  auto r = db_.read([&](soci::session& sql) { return repo_.registration(sql, id); });
  if (!r || (r->user_id != me.id && !manages(me, *r))) return std::nullopt;
  return r;
}

std::vector<Registration> Service::of_certification(const ActingFor& managed, long long certification_id,
                                                    const std::string& status, long long page, long long per_page,
                                                    long long& total) {
  return db_.read([&](soci::session& sql) {
    auto target = repo_.target(sql, certification_id);
    if (!target || !managed.covers(target->owner_id)) {
      total = 0;
      return std::vector<Registration>{};
    }
    return repo_.of_certification(sql, certification_id, is_one_of(status, statuses()) ? status : "", per_page,
                                  (page - 1) * per_page, total);
  });
}

std::vector<StatusCount> Service::counts(long long certification_id) {
  return db_.read([&](soci::session& sql) { return repo_.counts(sql, certification_id); });
}

std::vector<Registration> Service::of_user(long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.of_user(sql, user_id); });
}

std::vector<Offer> Service::offers(long long user_id) {
  return db_.read([&](soci::session& sql) { return repo_.offers(sql, user_id); });
}

Outcome Service::decide(const Actor& actor, const ActingFor& managed, long long id, const std::string& decision,
                        const std::string& raw_reason) {
  std::string reason = trim(raw_reason);
  return db_.attempt([&](soci::session& sql) {
    auto r = repo_.registration(sql, id);
    if (!r || !managed.covers(r->owner_id)) roll_back(Outcome::not_found());
    if (decision != "eligible" && decision != "ineligible") refuse("candidates.errors.decision", "decision");
    if (reason.empty() || code_points(reason) > kMaxText) refuse("candidates.errors.reason", "reason");
    if (!may_change(r->status, decision) ||
        !repo_.set_status(sql, id, "submitted", decision, reason, actor.id, store::now_seconds()))
      roll_back(Outcome::conflict("candidates.errors.already_decided"));
    audit_.record(sql, actor, "candidates.decided", "registration:" + std::to_string(id), decision);
    web::Params p = {{"certification", r->certification_title},
                     {"code", r->code},
                     {"reason", reason},
                     {"url", public_url_ + "/certifications/inscriptions/" + std::to_string(id)}};
    mail_.enqueue(sql, r->user_email, t("candidates.mail." + decision + ".subject", p),
                  t("candidates.mail." + decision + ".body", p));
    return Outcome::success(id);
  });
}

Outcome Service::withdraw(const Actor& actor, long long user_id, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto r = repo_.registration(sql, id);
    if (!r || r->user_id != user_id) roll_back(Outcome::not_found());
    if (!may_change(r->status, "withdrawn") ||
        !repo_.set_status(sql, id, r->status, "withdrawn", "", 0, store::now_seconds()))
      roll_back(Outcome::conflict("candidates.errors.not_withdrawable"));
    audit_.record(sql, actor, "candidates.withdrawn", "registration:" + std::to_string(id), r->status);
    return Outcome::success(id);
  });
}

}  // namespace trame::candidates
