#include "questionnaires/campaigns/service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <sstream>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "questionnaires/campaigns/recipients.hpp"
#include "questionnaires/definitions/templates.hpp"
#include "questionnaires/results/service.hpp"
#include "platform/store/settings.hpp"
#include "platform/web/crypto.hpp"
#include "platform/web/i18n.hpp"
#include "platform/store/rate_limits.hpp"

namespace trame::campaigns {

namespace {

constexpr long long kDay = 86400;
constexpr std::size_t kMaxEmails = 500;
// A session whose follow-up is older than this when its cycle would be created gets none (history).
constexpr long long kHistoryDays = 60;
constexpr long long kLinkWindow = 3600;
constexpr int kLinkVisitsPerWindow = 30;

std::string new_token() {
  return web::random_token(24);
}

}  // namespace

// ---- Pure helpers -----------------------------------------------------------------------------

std::optional<std::vector<long long>> parse_reminder_days(const std::string& text) {
  std::vector<long long> out;
  std::string t = trim(text);
  if (t.empty()) return out;
  std::stringstream in(t);
  std::string part;
  while (std::getline(in, part, ',')) {
    part = trim(part);
    if (part.empty() || part.size() > 3) return std::nullopt;
    for (char ch : part)
      if (ch < '0' || ch > '9') return std::nullopt;
    long long d = std::stoll(part);
    if (d < 1 || d > 365) return std::nullopt;
    if (!out.empty() && d <= out.back()) return std::nullopt;
    out.push_back(d);
  }
  if (out.size() > 5) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> parse_emails(const std::string& text, std::string* bad) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  std::string normalised = text;
  for (char& ch : normalised)
    if (ch == ',' || ch == ';') ch = '\n';
  std::stringstream in(normalised);
  std::string line;
  while (std::getline(in, line)) {
    std::string e = trim(line);
    if (e.empty()) continue;
    if (!plausible_email(e)) {
      if (bad) *bad = e;
      return std::nullopt;
    }
    std::string lower = e;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (seen.insert(lower).second) out.push_back(lower);
  }
  return out;
}

std::map<std::string, long long> cycle_dates(long long starts_at, long long ends_at) {
  std::map<std::string, long long> m;
  m["positioning"] = starts_at - 7 * kDay;
  long long last_day = local_time(local_date(ends_at), "09:00");
  if (last_day < 0 || last_day > ends_at) last_day = ends_at;
  m["end"] = last_day;
  m["followup"] = ends_at + 30 * kDay;
  m["trainer"] = ends_at;
  return m;
}

long long mid_course_at(const std::vector<HalfDaySlot>& halfdays, long long starts_at, long long ends_at) {
  if (halfdays.empty()) return starts_at + (ends_at - starts_at) / 2;
  std::vector<long long> seminars;
  for (const auto& h : halfdays)
    if (h.seminar_id && std::find(seminars.begin(), seminars.end(), h.seminar_id) == seminars.end())
      seminars.push_back(h.seminar_id);
  if (seminars.size() >= 2) {
    long long end = 0;
    for (const auto& h : halfdays)
      if (h.seminar_id == seminars.front()) end = std::max(end, h.ends_at);
    return end;
  }
  return halfdays[(halfdays.size() - 1) / 2].ends_at;
}

// ---- Service ----------------------------------------------------------------------------------

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::optional<QuestionnaireRef> Service::questionnaire(const ActingFor& scope, long long id) {
  auto q = db_.read([&](soci::session& sql) { return repo_.questionnaire(sql, id); });
  if (!q || !scope.covers(q->organisation_id)) return std::nullopt;
  return q;
}
std::optional<Campaign> Service::campaign(const ActingFor& scope, long long id) {
  auto c = db_.read([&](soci::session& sql) { return repo_.campaign(sql, id); });
  if (!c || !scope.covers(c->organisation_id)) return std::nullopt;
  return c;
}
std::vector<Campaign> Service::campaigns_of(long long questionnaire_id, long long page, long long per_page,
                                            long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.campaigns_of_questionnaire(sql, questionnaire_id, page, per_page, total);
  });
}
std::vector<Invitation> Service::not_answered(long long campaign_id, long long page, long long per_page,
                                              long long& total) {
  return db_.read([&](soci::session& sql) { return repo_.not_answered(sql, campaign_id, page, per_page, total); });
}
std::vector<Option> Service::organisations() {
  return db_.read([&](soci::session& sql) { return repo_.organisations(sql); });
}
std::vector<Option> Service::sessions_of(long long organiser_id) {
  return db_.read([&](soci::session& sql) { return repo_.sessions_of(sql, organiser_id); });
}
std::vector<Campaign> Service::open_now(const ActingFor& scope, long long limit, long long& total) {
  return db_.read([&](soci::session& sql) { return repo_.open_of(sql, scope.all, scope.organisations, limit, total); });
}
std::optional<SessionRow> Service::session(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.session(sql, id); });
}
std::optional<programmes::SessionAccess> Service::access(const Principal& me, long long session_id, bool* manager) {
  auto a = db_.read([&](soci::session& sql) { return programmes::session_access(sql, &me, session_id); });
  if (a && manager) *manager = a->manager || me.can_in(perm::questionnaires_manage, a->organiser_id);
  return a;
}
std::vector<Campaign> Service::cycle(long long session_id) {
  return db_.read([&](soci::session& sql) { return repo_.cycle_of(sql, session_id); });
}
std::vector<QuestionnaireRef> Service::questionnaires_of(long long organisation_id, const std::string& kind) {
  return db_.read([&](soci::session& sql) { return repo_.questionnaires_of(sql, organisation_id, kind); });
}

void Service::mail_invitation(soci::session& sql, const Campaign& c, const Invitation& inv, const std::string& token,
                              bool reminder) {
  if (inv.email.empty()) return;
  web::Params p{{"title", c.questionnaire_title.empty() ? c.title : c.questionnaire_title},
                {"campaign", c.title},
                {"url", public_url_ + "/questionnaires/repondre/" + token}};
  std::string hello =
      inv.name.empty() ? t("campaigns.mail.hello") : t("campaigns.mail.hello_name", {{"name", inv.name}});
  std::string extra;
  if (c.anonymous) extra += t("campaigns.mail.anonymous");
  if (inv.user_id) extra += t("campaigns.mail.account", {{"url", public_url_ + "/questionnaires/a-remplir"}});
  if (c.closes_at > 0) extra += t("campaigns.mail.closes", {{"date", format_local(c.closes_at - 1, "%d/%m/%Y")}});
  p.push_back({"hello", hello});
  p.push_back({"extra", extra});
  const std::string kind = reminder ? "reminder" : "invitation";
  mail_.enqueue(sql, inv.email, t("campaigns.mail." + kind + ".subject", p), t("campaigns.mail." + kind + ".body", p));
}

long long Service::send(soci::session& sql, const Campaign& sending, long long now) {
  Campaign c = sending;
  if (c.session_id) {
    auto s = repo_.session(sql, c.session_id);
    if (!s || s->status == "cancelled") {
      repo_.set_status(sql, c.id, "open", "scheduled", "cancelled", now);
      return 0;
    }
    // The session's own objectives and its trainers, asked in a copy made now (issue 18).
    expand_for_session(sql, c, now);
  }
  long long sent = 0;
  if (c.audience == "trainees" || c.audience == "trainers") {
    auto people = c.audience == "trainers" ? repo_.session_trainers(sql, c.session_id)
                                           : repo_.session_trainees(sql, c.session_id, c.stage == "followup");
    for (const auto& r : people) {
      if (repo_.invited(sql, c.id, r.user_id, r.email)) continue;
      std::string token = new_token();
      Invitation inv;
      inv.id = repo_.insert_invitation(sql, c.id, r, web::sha256_hex(token), now, now, c.closes_at);
      inv.campaign_id = c.id;
      inv.user_id = r.user_id;
      inv.email = r.email;
      inv.name = r.name;
      mail_invitation(sql, c, inv, token, false);
      ++sent;
    }
  }
  for (auto& inv : repo_.unsent(sql, c.id)) {
    std::string token = new_token();
    if (!repo_.mark_sent(sql, inv.id, web::sha256_hex(token), now, c.closes_at)) continue;
    mail_invitation(sql, c, inv, token, false);
    ++sent;
  }
  audit_.record(sql, Actor{0, "système", ""}, "campaigns.send", "campaign:" + std::to_string(c.id),
                std::to_string(sent) + " invitation(s)");
  return sent;
}

long long Service::remind(soci::session& sql, const Campaign& c, long long now, bool force) {
  auto days = parse_reminder_days(c.reminder_days);
  std::vector<long long> d = days ? *days : std::vector<long long>{3, 7};
  long long done = 0;
  for (const auto& inv : repo_.to_remind(sql, c.id)) {
    long long to = 0;
    if (force) {
      to = inv.reminders + 1;
    } else {
      for (std::size_t k = static_cast<std::size_t>(inv.reminders); k < d.size(); ++k)
        if (now >= inv.sent_at + d[k] * kDay) to = static_cast<long long>(k) + 1;
      if (to == 0) continue;
    }
    std::string token = new_token();
    if (!repo_.claim_reminder(sql, inv.id, inv.reminders, to, web::sha256_hex(token), now)) continue;
    mail_invitation(sql, c, inv, token, true);
    ++done;
  }
  return done;
}

long long Service::questionnaire_for_stage(soci::session& sql, const SessionRow& s, const std::string& stage,
                                           long long now) {
  const std::string kind = kind_of_stage(stage);
  if (stage == "midcourse") {
    // Kind 'other': the organiser's published copy of the library's « Évaluation à chaud » for the programme.
    definitions::ensure_templates(sql, now);
    long long tpl = definitions::template_id(sql, "midcourse");
    if (!tpl) throw std::runtime_error("no template for midcourse");
    long long id = repo_.published_copy_of(sql, s.organiser_id, s.programme_id, tpl);
    if (id) return id;
    id = definitions::copy_questionnaire(sql, tpl, s.organiser_id, s.programme_id, 0, now);
    repo_.publish_draft(sql, id, now);
    return id;
  }
  long long id = repo_.published_for(sql, s.organiser_id, s.programme_id, kind);
  if (id) return id;
  definitions::ensure_templates(sql, now);
  long long tpl = definitions::template_id(sql, kind);
  if (!tpl) throw std::runtime_error("no template for " + kind);
  id = definitions::copy_questionnaire(sql, tpl, s.organiser_id, s.programme_id, 0, now);
  // Published at once so that the programme's next sessions use the same questionnaire.
  repo_.publish_draft(sql, id, now);
  return id;
}

long long Service::create_cycle(soci::session& sql, const SessionRow& s, long long now) {
  std::string days = store::setting(sql, "questionnaires.reminder_days");
  if (trim(days).empty() || !parse_reminder_days(days)) days = "3,7";
  auto dates = cycle_dates(s.starts_at, s.ends_at);
  long long made = 0;
  for (const auto& stage : stages()) {
    if (stage == "midcourse") {
      made += add_mid_course(sql, s, days, now) ? 1 : 0;
      continue;
    }
    Campaign c;
    c.questionnaire_id = questionnaire_for_stage(sql, s, stage, now);
    c.organisation_id = s.organiser_id;
    c.session_id = s.id;
    c.stage = stage;
    c.audience = stage == "trainer" ? "trainers" : "trainees";
    c.title = t(stage_label_key(stage)) + " — " + s.title;
    c.send_at = std::max<long long>(dates[stage], 1);
    c.reminder_days = days;
    c.status = "scheduled";
    repo_.insert_campaign(sql, c, 0, now);
    ++made;
  }
  audit_.record(sql, Actor{0, "système", ""}, "campaigns.cycle", "session:" + std::to_string(s.id),
                std::to_string(made) + " envois programmés");
  return made;
}

std::optional<results::Report> Service::mid_course_results(long long session_id) {
  return db_.read([&](soci::session& sql) -> std::optional<results::Report> {
    for (const auto& c : repo_.cycle_of(sql, session_id)) {
      if (c.stage != "midcourse" || c.sent_at == 0) continue;
      results::Filter f;
      f.questionnaire_id = c.questionnaire_id;
      f.campaign_ids = {c.id};
      auto report = results::build_report(sql, f);
      for (auto& q : report.questions) std::sort(q.texts.begin(), q.texts.end());
      return report;
    }
    return std::nullopt;
  });
}

long long Service::add_mid_course(soci::session& sql, const SessionRow& s, const std::string& /*reminder_days*/,
                                  long long now) {
  // Not applicable to a session already over: an "à chaud" evaluation after the end is not one.
  if (s.ends_at <= now) return 0;
  Campaign c;
  c.questionnaire_id = questionnaire_for_stage(sql, s, "midcourse", now);
  c.organisation_id = s.organiser_id;
  c.session_id = s.id;
  c.stage = "midcourse";
  c.audience = "trainees";
  c.title = t(stage_label_key("midcourse")) + " — " + s.title;
  c.send_at = std::max<long long>(mid_course_at(repo_.halfdays(sql, s.id), s.starts_at, s.ends_at), 1);
  // The trainees are in the room: one reminder the next day, never more.
  c.reminder_days = "1";
  c.status = "scheduled";
  return repo_.insert_campaign(sql, c, 0, now);
}

void Service::expand_for_session(soci::session& sql, Campaign& c, long long now) {
  if (!c.session_id || (c.stage != "positioning" && c.stage != "followup")) return;
  auto s = repo_.session(sql, c.session_id);
  if (!s) return;
  auto objectives = repo_.session_objectives(sql, c.session_id);
  std::vector<std::string> trainers;
  if (c.stage == "followup") trainers = repo_.trainer_names(sql, c.session_id);
  if (objectives.empty() && trainers.empty()) return;
  long long q =
      definitions::copy_for_session(sql, c.questionnaire_id, c.session_id, s->title, objectives, trainers, now);
  if (q == c.questionnaire_id) return;
  repo_.set_questionnaire(sql, c.id, q);
  if (auto fresh = repo_.campaign(sql, c.id)) c = *fresh;
}

long long Service::run_due(long long now) {
  long long done = 0;
  // 1. The evaluation cycle of every session that has none yet.
  auto sessions = db_.read([&](soci::session& sql) { return repo_.sessions_without_cycle(sql); });
  for (const auto& s : sessions) {
    if (s.ends_at + (30 + kHistoryDays) * kDay < now) continue;
    try {
      done += db_.write([&](soci::session& sql) {
        if (!repo_.cycle_of(sql, s.id).empty()) return 0LL;
        return create_cycle(sql, s, now) > 0 ? 1LL : 0LL;
      });
    } catch (const std::exception& ex) {
      // Another instance created it first (unique index): nothing to do. Anything else (no
      // template, a database failure) is logged and counted; tried again at the next run.
      if (!store::is_unique_violation(ex)) {
        ++job_errors_;
        spdlog::error("campagnes : cycle d'évaluation de la session {} non créé : {}", s.id, ex.what());
      }
    }
  }
  // 1a. Cycles made before the mid-course stage existed get it once, while their session is not over.
  auto without_mid = db_.read([&](soci::session& sql) { return repo_.sessions_without_mid_course(sql, now); });
  for (const auto& s : without_mid) {
    try {
      done += db_.write([&](soci::session& sql) { return add_mid_course(sql, s, "", now) ? 1LL : 0LL; });
    } catch (const std::exception& ex) {
      if (!store::is_unique_violation(ex)) {
        ++job_errors_;
        spdlog::error("campagnes : évaluation à chaud de la session {} non créée : {}", s.id, ex.what());
      }
    }
  }
  // 1b. Stages never edited by hand follow their session's dates (half-days added or moved).
  auto untouched = db_.read([&](soci::session& sql) { return repo_.untouched_stages(sql); });
  for (const auto& u : untouched) {
    long long want = 0;
    if (u.stage == "midcourse") {
      auto slots = db_.read([&](soci::session& sql) { return repo_.halfdays(sql, u.session_id); });
      want = std::max<long long>(mid_course_at(slots, u.starts_at, u.ends_at), 1);
    } else {
      want = std::max<long long>(cycle_dates(u.starts_at, u.ends_at)[u.stage], 1);
    }
    if (want == u.send_at) continue;
    done += db_.write([&](soci::session& sql) { return repo_.move_untouched(sql, u.id, want) ? 1LL : 0LL; });
  }
  // 2. Campaigns whose closing time passed.
  done += db_.write([&](soci::session& sql) { return repo_.close_expired(sql, now); });
  // 3. Sendings that fell due (each claimed once by the conditional UPDATE on sent_at).
  auto due = db_.read([&](soci::session& sql) { return repo_.due_campaigns(sql, now); });
  for (long long id : due) {
    done += db_.write([&](soci::session& sql) -> long long {
      if (!repo_.claim_send(sql, id, now)) return 0;
      auto c = repo_.campaign(sql, id);
      if (!c) return 0;
      send(sql, *c, now);
      return 1;
    });
  }
  // 3b. Certification holders six months after their certificate (holders.cpp), each claimed once.
  done += follow_up_holders(now);
  // 4. Reminders of open campaigns (each claimed once by the conditional UPDATE on reminders).
  auto open = db_.read([&](soci::session& sql) { return repo_.open_campaigns(sql, now); });
  for (const auto& c : open) {
    done += db_.write([&](soci::session& sql) { return remind(sql, c, now, false); });
  }
  return done;
}

Outcome Service::create(const Actor& actor, const ActingFor& scope, const QuestionnaireRef& q, const CampaignInput& in,
                        std::string* link) {
  const long long now = store::now_seconds();
  if (!scope.covers(q.organisation_id)) return Outcome::not_found();
  if (q.is_template || q.organisation_id == 0) return Outcome::failure("campaigns.errors.template");
  if (q.status == "archived") return Outcome::failure("campaigns.errors.archived");
  Campaign c;
  c.questionnaire_id = q.id;
  c.organisation_id = q.organisation_id;
  c.title = trim(in.title);
  if (c.title.empty() || c.title.size() > 200) return Outcome::failure("campaigns.errors.title", "title");
  c.audience = in.audience;
  static const std::vector<std::string> audiences{"trainees", "trainers", "funders", "members", "public"};
  if (std::find(audiences.begin(), audiences.end(), c.audience) == audiences.end())
    return Outcome::failure("campaigns.errors.audience", "audience");
  std::vector<Recipient> listed;  // funders: the addresses, with their row's attributes from a CSV
  std::vector<long long> orgs;
  if (c.audience == "trainees" || c.audience == "trainers") {
    long long sid = 0;
    try {
      sid = trim(in.session_id).empty() ? 0 : std::stoll(trim(in.session_id));
    } catch (const std::logic_error&) {  // not a number, or out of range (std::stoll)
      sid = 0;
    }
    auto s = sid ? session(sid) : std::nullopt;
    if (!s || s->organiser_id != q.organisation_id || s->status == "cancelled")
      return Outcome::failure("campaigns.errors.session", "session");
    c.session_id = sid;
  } else if (c.audience == "funders" && !trim(in.recipients_csv).empty()) {
    // A CSV table: every row's attributes go to its invitation; any refusal names its line.
    if (!trim(in.emails).empty()) return Outcome::failure("campaigns.errors.csv.both", "recipients_csv");
    TableError error;
    auto table = parse_recipient_table(in.recipients_csv, &error);
    if (!table) return Outcome::failure(error.key, "recipients_csv");
    if (table->rows.empty()) return Outcome::failure("campaigns.errors.csv.empty", "recipients_csv");
    if (table->rows.size() > kMaxEmails) return Outcome::failure("campaigns.errors.emails_many", "recipients_csv");
    for (const auto& row : table->rows) {
      Recipient r;
      r.email = row.email;
      r.attributes = row.attributes;
      listed.push_back(std::move(r));
    }
    c.attribute_labels = table->labels_json();
  } else if (c.audience == "funders") {
    std::string bad;
    auto list = parse_emails(in.emails, &bad);
    if (!list) return Outcome::failure("campaigns.errors.email_invalid", "emails");
    if (list->empty()) return Outcome::failure("campaigns.errors.emails_empty", "emails");
    if (list->size() > kMaxEmails) return Outcome::failure("campaigns.errors.emails_many", "emails");
    for (const auto& e : *list) {
      Recipient r;
      r.email = e;
      listed.push_back(std::move(r));
    }
  } else if (c.audience == "members") {
    auto known = organisations();
    for (const auto& o : in.organisations) {
      long long id = 0;
      try {
        id = std::stoll(o);
      } catch (const std::logic_error&) {  // not a number, or out of range (std::stoll)
        return Outcome::failure("campaigns.errors.organisations", "organisations");
      }
      if (std::none_of(known.begin(), known.end(), [&](const Option& k) { return k.id == id; }))
        return Outcome::failure("campaigns.errors.organisations", "organisations");
      if (std::find(orgs.begin(), orgs.end(), id) == orgs.end()) orgs.push_back(id);
    }
    if (orgs.empty()) return Outcome::failure("campaigns.errors.organisations", "organisations");
  }
  const bool later = in.when == "later";
  if (!later && in.when != "now") return Outcome::failure("campaigns.errors.when", "when");
  if (later) {
    auto day = parse_date(in.send_date);
    c.send_at = day ? local_time(*day, trim(in.send_time).empty() ? "09:00" : trim(in.send_time)) : -1;
    if (c.send_at < 0) return Outcome::failure("campaigns.errors.send_at", "send_date");
    if (c.send_at <= now) return Outcome::failure("campaigns.errors.send_past", "send_date");
  } else {
    c.send_at = now;
  }
  if (!trim(in.closes_date).empty()) {
    auto day = parse_date(in.closes_date);
    long long closes = day ? local_time(*day, "23:59") : -1;
    if (closes < 0) return Outcome::failure("campaigns.errors.closes_invalid", "closes_date");
    c.closes_at = closes + 60;
    if (c.closes_at <= c.send_at) return Outcome::failure("campaigns.errors.closes", "closes_date");
  }
  auto days = parse_reminder_days(in.reminder_days);
  if (!days) return Outcome::failure("campaigns.errors.reminder_days", "reminder_days");
  c.reminder_days.clear();
  for (long long d : *days) c.reminder_days += (c.reminder_days.empty() ? "" : ",") + std::to_string(d);
  std::string public_token;
  if (c.audience == "public") {
    public_token = new_token();
    c.public_token_hash = web::sha256_hex(public_token);
  }
  return db_.attempt([&](soci::session& sql) {
    c.id = repo_.insert_campaign(sql, c, actor.id, now);
    long long people = 0;
    auto add = [&](const Recipient& r) {
      if (repo_.invited(sql, c.id, r.user_id, r.email)) return;
      repo_.insert_invitation(sql, c.id, r, web::sha256_hex(new_token()), now, 0, c.closes_at);
      ++people;
    };
    if (c.audience == "funders") {
      for (auto r : listed) {
        r.user_id = repo_.user_by_email(sql, r.email, r.name);
        add(r);
      }
    } else if (c.audience == "members") {
      for (const auto& r : repo_.organisation_members(sql, orgs)) add(r);
      if (people == 0) refuse("campaigns.errors.nobody", "organisations");
    }
    audit_.record(sql, actor, "campaigns.create", "campaign:" + std::to_string(c.id),
                  c.audience + (later ? " programmé" : " envoyé"));
    if (!later && repo_.claim_send(sql, c.id, now)) {
      auto full = repo_.campaign(sql, c.id);
      send(sql, *full, now);
    }
    if (link && !public_token.empty()) *link = public_url_ + "/questionnaires/lien/" + public_token;
    return Outcome::success(c.id);
  });
}

long long Service::send_to(soci::session& sql, const Actor& actor, Campaign c, const std::vector<Recipient>& people,
                           long long now) {
  c.send_at = now;
  c.status = "scheduled";
  c.id = repo_.insert_campaign(sql, c, actor.id, now);
  for (const auto& r : people) {
    if (repo_.invited(sql, c.id, r.user_id, r.email)) continue;
    repo_.insert_invitation(sql, c.id, r, web::sha256_hex(new_token()), now, 0, c.closes_at);
  }
  audit_.record(sql, actor, "campaigns.create", "campaign:" + std::to_string(c.id), c.audience + " envoyé");
  if (repo_.claim_send(sql, c.id, now)) {
    auto full = repo_.campaign(sql, c.id);
    send(sql, *full, now);
  }
  return c.id;
}

Outcome Service::send_now(const Actor& actor, const ActingFor& scope, long long campaign_id) {
  const long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto c = repo_.campaign(sql, campaign_id);
    if (!c || !scope.covers(c->organisation_id)) return Outcome::not_found();
    if (c->sent_at == 0 && c->status != "scheduled") return Outcome::failure("campaigns.errors.not_open");
    if (!repo_.claim_send(sql, c->id, now)) return Outcome::failure("campaigns.errors.already_sent");
    c = repo_.campaign(sql, campaign_id);
    long long n = send(sql, *c, now);
    audit_.record(sql, actor, "campaigns.send_now", "campaign:" + std::to_string(c->id), "");
    return Outcome::success(n);
  });
}

Outcome Service::remind_now(const Actor& actor, const ActingFor& scope, long long campaign_id) {
  const long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto c = repo_.campaign(sql, campaign_id);
    if (!c || !scope.covers(c->organisation_id)) return Outcome::not_found();
    if (c->status != "open" || (c->closes_at && c->closes_at <= now))
      return Outcome::failure("campaigns.errors.not_open");
    long long n = remind(sql, *c, now, true);
    audit_.record(sql, actor, "campaigns.remind", "campaign:" + std::to_string(c->id),
                  std::to_string(n) + " relance(s)");
    return Outcome::success(n);
  });
}

Outcome Service::close(const Actor& actor, const ActingFor& scope, long long campaign_id) {
  const long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto c = repo_.campaign(sql, campaign_id);
    if (!c || !scope.covers(c->organisation_id)) return Outcome::not_found();
    if (!repo_.set_status(sql, campaign_id, "open", "scheduled", "closed", now))
      return Outcome::failure("campaigns.errors.not_open");
    audit_.record(sql, actor, "campaigns.close", "campaign:" + std::to_string(campaign_id), "");
    return Outcome::success(campaign_id);
  });
}

Outcome Service::cancel(const Actor& actor, const ActingFor& scope, long long campaign_id) {
  const long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto c = repo_.campaign(sql, campaign_id);
    if (!c || !scope.covers(c->organisation_id)) return Outcome::not_found();
    if (!repo_.set_status(sql, campaign_id, "open", "scheduled", "cancelled", now))
      return Outcome::failure("campaigns.errors.not_open");
    audit_.record(sql, actor, "campaigns.cancel", "campaign:" + std::to_string(campaign_id), "");
    return Outcome::success(campaign_id);
  });
}

Outcome Service::regenerate_link(const Actor& actor, const ActingFor& scope, long long campaign_id, std::string* link) {
  const long long now = store::now_seconds();
  return db_.write([&](soci::session& sql) {
    auto c = repo_.campaign(sql, campaign_id);
    if (!c || !scope.covers(c->organisation_id)) return Outcome::not_found();
    if (c->audience != "public") return Outcome::failure("campaigns.errors.not_public");
    if (c->status == "closed" || c->status == "cancelled") return Outcome::failure("campaigns.errors.not_open");
    std::string token = new_token();
    repo_.set_public_hash(sql, c->id, web::sha256_hex(token), now);
    audit_.record(sql, actor, "campaigns.link", "campaign:" + std::to_string(c->id), "nouveau lien public");
    if (link) *link = public_url_ + "/questionnaires/lien/" + token;
    return Outcome::success(c->id);
  });
}

std::optional<std::string> Service::visit_public_link(const std::string& link_token, const std::string& cookie_token,
                                                      const std::string& ip, Outcome* failure) {
  const long long now = store::now_seconds();
  auto refuse_with = [&](Outcome o) -> std::optional<std::string> {
    if (failure) *failure = std::move(o);
    return std::nullopt;
  };
  if (link_token.empty() || link_token.size() > 200)
    return refuse_with(Outcome::not_found("campaigns.errors.link_unknown"));
  auto c =
      db_.read([&](soci::session& sql) { return repo_.campaign_by_public_hash(sql, web::sha256_hex(link_token)); });
  if (!c) return refuse_with(Outcome::not_found("campaigns.errors.link_unknown"));
  if (c->status == "scheduled") return refuse_with(Outcome::gone("campaigns.errors.link_not_open"));
  if (c->status != "open" || (c->closes_at && c->closes_at <= now))
    return refuse_with(Outcome::gone("campaigns.errors.link_closed"));
  if (!cookie_token.empty() && cookie_token.size() <= 200) {
    auto inv =
        db_.read([&](soci::session& sql) { return repo_.invitation_by_hash(sql, web::sha256_hex(cookie_token)); });
    if (inv && inv->campaign_id == c->id) return cookie_token;
  }
  // Visits that create an invitation are limited per address in the database, so that every
  // instance shares the budget; the unit is taken in the same transaction as the invitation.
  std::string token = new_token();
  bool created = db_.write([&](soci::session& sql) {
    if (!store::take_rate(sql, "campaigns.link:" + ip, kLinkVisitsPerWindow, kLinkWindow, now)) return false;
    repo_.insert_invitation(sql, c->id, Recipient{}, web::sha256_hex(token), now, now, c->closes_at);
    return true;
  });
  if (!created) return refuse_with(Outcome::limited("campaigns.errors.rate_limited"));
  return token;
}

Outcome Service::edit_stage(const Actor& actor, const Principal& me, long long session_id, long long campaign_id,
                            const std::string& date, const std::string& time, const std::string& questionnaire_id) {
  const long long now = store::now_seconds();
  bool manager = false;
  auto seen = access(me, session_id, &manager);
  if (!seen || (!manager && !seen->trainer)) return Outcome::not_found();
  if (!manager) return Outcome::forbidden();  // trainers read the schedule, never change it
  auto s = session(session_id);
  if (!s) return Outcome::not_found();
  auto c = db_.read([&](soci::session& sql) { return repo_.campaign(sql, campaign_id); });
  if (!c || c->session_id != session_id || c->stage.empty()) return Outcome::not_found();
  if (c->status != "scheduled" || c->sent_at != 0) return Outcome::failure("campaigns.errors.already_sent");
  auto day = parse_date(date);
  long long send_at = day ? local_time(*day, trim(time).empty() ? "09:00" : trim(time)) : -1;
  if (send_at < 0) return Outcome::failure("campaigns.errors.send_at", "send_date");
  long long qid = c->questionnaire_id;
  if (!trim(questionnaire_id).empty()) {
    auto list = questionnaires_of(s->organiser_id, kind_of_stage(c->stage));
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const QuestionnaireRef& q) { return std::to_string(q.id) == trim(questionnaire_id); });
    if (it == list.end() && trim(questionnaire_id) != std::to_string(c->questionnaire_id))
      return Outcome::failure("campaigns.errors.questionnaire", "questionnaire");
    if (it != list.end()) qid = it->id;
  }
  return db_.write([&](soci::session& sql) {
    if (!repo_.reschedule(sql, campaign_id, send_at, qid, now))
      return Outcome::failure("campaigns.errors.already_sent");
    audit_.record(sql, actor, "campaigns.reschedule", "campaign:" + std::to_string(campaign_id),
                  c->stage + " " + format_local(send_at, "%d/%m/%Y %H:%M"));
    return Outcome::success(campaign_id);
  });
}

}  // namespace trame::campaigns
