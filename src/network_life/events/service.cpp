#include "network_life/events/service.hpp"

#include <algorithm>
#include <cctype>

#include "cooperation/meetings/ics.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/web/app.hpp"
#include "questionnaires/definitions/repository.hpp"
#include "questionnaires/definitions/templates.hpp"

namespace trame::events {

// ---- Pure rules

bool link_open(long long now, long long starts_at, long long ends_at) {
  Date start = local_date(starts_at);
  long long from = day_start(start);
  if (from < 0) return false;
  from = day_start(local_date(from - 12 * 3600));  // midnight of the day before
  long long until = next_day_start(local_date(std::max(starts_at, ends_at)));
  return now >= from && now < until;
}

std::string registration_refusal(const Event& e, long long now) {
  if (e.status == "cancelled") return "events.errors.cancelled";
  if (now >= e.starts_at) return "events.errors.past";
  if (now >= e.closes_at) return "events.errors.closed";
  return "";
}

long long parse_capacity(const std::string& text) {
  if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  long long n = std::stoll(text);
  return n >= 1 && n <= kMaxCapacity ? n : -1;
}

bool web_address(const std::string& url) {
  return url.size() <= 500 && plausible_web_address(url);
}

namespace {

bool visible(const Principal* me, const Event& e) {
  return e.visibility == "public" || me != nullptr;
}

std::string subject_of(long long id) {
  return "life_event:" + std::to_string(id);
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::when(long long starts_at, long long ends_at) const {
  if (local_day(starts_at) == local_day(ends_at))
    return t("events.when.same_day", {{"day", format_local(starts_at, "%d/%m/%Y")},
                                      {"from", format_local(starts_at, "%H:%M")},
                                      {"to", format_local(ends_at, "%H:%M")}});
  return t("events.when.days",
           {{"from", format_local(starts_at, "%d/%m/%Y %H:%M")}, {"to", format_local(ends_at, "%d/%m/%Y %H:%M")}});
}

// ---- Reading

std::vector<Kind> Service::kinds() {
  return db_.read([&](soci::session& sql) { return repo_.kinds(sql); });
}

EventPage Service::list(const Principal* me, bool past, const std::string& kind, int page) {
  return db_.read([&](soci::session& sql) {
    Filter f;
    f.past = past;
    f.public_only = me == nullptr;  // anonymous people see public events only
    f.kind = kind;
    f.now = store::now_seconds();
    EventPage out;
    out.total = repo_.count(sql, f);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    int offset = (out.page - 1) * kPerPage;
    out.items = repo_.list(sql, f, kPerPage, offset);
    return out;
  });
}

std::optional<EventView> Service::view(const Principal* me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<EventView> {
    auto e = repo_.find(sql, id);
    if (!e || !visible(me, *e)) return std::nullopt;
    EventView v;
    v.event = *e;
    v.manages = me && may_manage(*me, e->organiser_id);
    long long now = store::now_seconds();
    v.refusal = registration_refusal(*e, now);
    auto all = repo_.registrations(sql, id, true);
    if (me) {
      for (const auto& r : all) {
        if (r.user_id == me->id) v.self = r;
        else if (r.beneficiary_id && r.registered_by == me->id) v.for_supported.push_back(r);
      }
    }
    if (v.manages) v.all = all;
    v.link_open = e->mode == "online" && e->status == "planned" && link_open(now, e->starts_at, e->ends_at) &&
                  ((v.self && v.self->status == "registered") || v.manages);
    return v;
  });
}

std::vector<Choice> Service::organiser_choices(const Principal& me) {
  return db_.read([&](soci::session& sql) {
    std::vector<Choice> out;
    if (me.is_admin()) return repo_.active_organisations(sql);
    for (const auto& m : me.memberships)
      if (may_manage(me, m.organisation_id) &&
          std::none_of(out.begin(), out.end(), [&](const Choice& c) { return c.id == m.organisation_id; }))
        out.push_back({m.organisation_id, m.organisation_name});
    return out;
  });
}

std::vector<Choice> Service::places() {
  return db_.read([&](soci::session& sql) { return repo_.active_organisations(sql); });
}

std::vector<Choice> Service::supported_choices(const Principal& me) {
  auto relais = bookings::Service::own_relais(me);
  if (relais.none()) return {};
  Actor actor{me.id, me.email, ""};
  long long total = 0;
  std::vector<Choice> out;
  for (const auto& b : bookings_.beneficiaries(actor, relais.organisations, true, 1, 500, total))
    out.push_back({b.id, b.code + (b.organisation_name.empty() ? "" : " — " + b.organisation_name)});
  return out;
}

RegistrationPage Service::my_registrations(const Principal& me, int page) {
  return db_.read([&](soci::session& sql) {
    RegistrationPage out;
    long long now = store::now_seconds();
    out.total = repo_.count_mine(sql, me.id);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    std::vector<Registration> regs = repo_.mine(sql, me.id, now, kPerPage, (out.page - 1) * kPerPage);
    for (auto& r : regs) {
      auto e = repo_.find(sql, r.event_id);
      if (!e) continue;
      if (r.status == "waiting") r.position = 1 + repo_.waiting_before(sql, r.event_id, r.id);
      out.items.emplace_back(r, *e);
    }
    return out;
  });
}

std::vector<std::pair<Registration, Event>> Service::next_for(const Principal& me, int limit) {
  return db_.read([&](soci::session& sql) {
    std::vector<std::pair<Registration, Event>> out;
    long long now = store::now_seconds();
    std::vector<Registration> regs = repo_.upcoming(sql, me.id, now, limit);
    for (const auto& r : regs)
      if (auto e = repo_.find(sql, r.event_id)) out.emplace_back(r, *e);
    return out;
  });
}

// ---- Managers

Outcome Service::validate(soci::session& sql, const Principal& me, const EventInput& in, Event& e,
                          bool creating) const {
  if (creating) {
    e.organiser_id = web::parse_id(trim(in.organiser));
    if (e.organiser_id <= 0 || !may_manage(me, e.organiser_id))
      return Outcome::failure("events.errors.organiser", "organiser");
    if (!repo_.organisation_active(sql, e.organiser_id))
      return Outcome::failure("events.errors.organiser", "organiser");
  }
  e.kind = trim(in.kind);
  if (!repo_.kind_exists(sql, e.kind)) return Outcome::failure("events.errors.kind", "kind");
  e.title = trim(in.title);
  if (e.title.empty()) return Outcome::failure("events.errors.title", "title");
  if (code_points(e.title) > 200) return Outcome::failure("events.errors.title_long", "title");
  e.description = trim(in.description);
  if (code_points(e.description) > 5000) return Outcome::failure("events.errors.description_long", "description");
  e.starts_at = parse_local(trim(in.starts));
  if (e.starts_at < 0) return Outcome::failure("events.errors.starts", "starts");
  e.ends_at = parse_local(trim(in.ends));
  if (e.ends_at < 0) return Outcome::failure("events.errors.ends", "ends");
  if (e.ends_at <= e.starts_at) return Outcome::failure("events.errors.end_before_start", "ends");
  if (e.ends_at - e.starts_at > 3 * kDay) return Outcome::failure("events.errors.too_long", "ends");
  e.mode = trim(in.mode);
  if (e.mode != "in_person" && e.mode != "online") return Outcome::failure("events.errors.mode", "mode");
  e.place_detail = trim(in.place_detail);
  if (code_points(e.place_detail) > 300) return Outcome::failure("events.errors.place_detail", "place_detail");
  e.online_url = trim(in.online_url);
  e.place_id = 0;
  if (e.mode == "in_person") {
    e.place_id = web::parse_id(trim(in.place));
    bool exists = e.place_id > 0 && repo_.organisation_active(sql, e.place_id);
    if (!exists) return Outcome::failure("events.errors.place", "place");
    e.online_url.clear();
  } else {
    if (!web_address(e.online_url)) return Outcome::failure("events.errors.online_url", "online_url");
  }
  e.capacity = parse_capacity(trim(in.capacity));
  if (e.capacity < 0) return Outcome::failure("events.errors.capacity", "capacity");
  std::string closes = trim(in.closes);
  e.closes_at = closes.empty() ? e.starts_at : parse_local(closes);
  if (e.closes_at < 0) return Outcome::failure("events.errors.closes", "closes");
  if (e.closes_at > e.starts_at) return Outcome::failure("events.errors.closes_after_start", "closes");
  e.visibility = trim(in.visibility);
  if (e.visibility != "network" && e.visibility != "public")
    return Outcome::failure("events.errors.visibility", "visibility");
  return Outcome::success();
}

Outcome Service::create(const Actor& actor, const Principal& me, const EventInput& in) {
  if (!manages_somewhere(me)) return Outcome::forbidden("events.errors.managers_only");
  return db_.attempt([&](soci::session& sql) {
    Event e;
    if (auto bad = validate(sql, me, in, e, true); !bad.ok) roll_back(bad);
    long long now = store::now_seconds();
    if (e.starts_at <= now) refuse("events.errors.starts_past", "starts");
    e.created_by = me.id;
    e.id = repo_.insert(sql, e, now);
    audit_.record(sql, actor, "events.create", subject_of(e.id), e.kind + " " + e.title);
    return Outcome::success(e.id);
  });
}

Outcome Service::update(const Actor& actor, const Principal& me, long long id, const EventInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.find(sql, id);
    if (!old) roll_back(Outcome::not_found());
    if (!may_manage(me, old->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    repo_.hold(sql, id);
    old = repo_.find(sql, id);
    if (old->status != "planned") roll_back(Outcome::conflict("events.errors.cancelled"));
    Event e = *old;
    if (auto bad = validate(sql, me, in, e, false); !bad.ok) roll_back(bad);
    long long now = store::now_seconds();
    if (e.capacity < old->registered) refuse("events.errors.capacity_below", "capacity");
    bool moved = e.starts_at != old->starts_at || e.ends_at != old->ends_at || e.place_id != old->place_id ||
                 e.title != old->title || e.online_url != old->online_url;
    if (moved) e.sequence = old->sequence + 1;
    repo_.update(sql, e, now);
    e = *repo_.find(sql, id);
    if (moved)
      for (const auto& r : repo_.registrations(sql, id, true))
        notify(sql, e, r, "updated", now, r.status == "registered");
    long long promoted = promote(sql, actor, e, now);
    audit_.record(sql, actor, "events.update", subject_of(id),
                  e.title + (promoted ? " (" + std::to_string(promoted) + " promotion(s))" : ""));
    return Outcome::success(id);
  });
}

Outcome Service::cancel(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.find(sql, id);
    if (!e) roll_back(Outcome::not_found());
    if (!may_manage(me, e->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    long long now = store::now_seconds();
    if (!repo_.cancel(sql, id, now)) roll_back(Outcome::conflict("events.errors.cancelled"));
    if (e->ends_at <= now) roll_back(Outcome::conflict("events.errors.past"));
    e = repo_.find(sql, id);
    long long told = 0;
    for (const auto& r : repo_.registrations(sql, id, true)) {
      notify(sql, *e, r, "event_cancelled", now, true);
      ++told;
    }
    audit_.record(sql, actor, "events.cancel", subject_of(id),
                  e->title + " (" + std::to_string(told) + " personne(s) prévenue(s))");
    return Outcome::success(id);
  });
}

Outcome Service::record_attendance(const Actor& actor, const Principal& me, long long id,
                                   const std::map<long long, std::string>& marks) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.find(sql, id);
    if (!e) roll_back(Outcome::not_found());
    if (!may_manage(me, e->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    repo_.hold(sql, id);
    if (e->status == "cancelled") roll_back(Outcome::conflict("events.errors.cancelled"));
    long long now = store::now_seconds();
    if (e->starts_at > now) roll_back(Outcome::conflict("events.errors.not_started", "attendance"));
    auto regs = repo_.registrations(sql, id, true);
    long long present = 0, absent = 0, changed = 0;
    for (const auto& entry : marks) {
      const long long reg_id = entry.first;  // a copy: a lambda below reads it
      std::string mark = trim(entry.second);
      if (mark != "" && mark != "present" && mark != "absent") refuse("events.errors.mark", "attendance");
      auto it = std::find_if(regs.begin(), regs.end(), [&](const Registration& r) { return r.id == reg_id; });
      if (it == regs.end() || it->status != "registered") refuse("events.errors.mark_who", "attendance");
      if (mark == "present") ++present;
      if (mark == "absent") ++absent;
      if (mark == it->attendance) continue;
      repo_.set_attendance(sql, reg_id, mark, now);
      ++changed;
      if (mark == "present" && it->user_id) {
        Attended a{id, e->kind, it->user_id, it->organisation_id, local_day(e->starts_at)};
        for (const auto& listener : attended_listeners_) listener(sql, actor, a);
      }
    }
    audit_.record(sql, actor, "events.attendance", subject_of(id),
                  std::to_string(present) + " présent(s), " + std::to_string(absent) + " absent(s), " +
                      std::to_string(changed) + " changement(s)");
    return Outcome::success(id);
  });
}

Outcome Service::send_evaluation(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.find(sql, id);
    if (!e) roll_back(Outcome::not_found());
    if (!may_manage(me, e->organiser_id)) roll_back(Outcome::forbidden("events.errors.managers_only"));
    repo_.hold(sql, id);
    e = repo_.find(sql, id);
    if (e->status == "cancelled") roll_back(Outcome::conflict("events.errors.cancelled"));
    long long now = store::now_seconds();
    if (e->ends_at > now) roll_back(Outcome::conflict("events.errors.evaluation_early"));
    if (e->evaluation_campaign_id) roll_back(Outcome::conflict("events.errors.evaluation_sent"));
    std::vector<campaigns::Recipient> people;
    for (const auto& r : repo_.registrations(sql, id, true)) {
      if (r.attendance != "present" || !r.user_id || r.user_email.empty()) continue;
      campaigns::Recipient p;
      p.user_id = r.user_id;
      p.email = r.user_email;
      p.name = r.user_name;
      people.push_back(std::move(p));
    }
    if (people.empty()) roll_back(Outcome::conflict("events.errors.evaluation_nobody"));
    // The organiser's latest published satisfaction questionnaire, else a copy of the library's.
    long long questionnaire = repo_.latest_satisfaction(sql, e->organiser_id);
    if (!questionnaire) {
      definitions::ensure_templates(sql, now);
      long long source = definitions::template_id(sql, "satisfaction");
      if (!source) roll_back(Outcome::conflict("events.errors.evaluation_template"));
      questionnaire = definitions::copy_questionnaire(sql, source, e->organiser_id, 0, actor.id, now);
      definitions::Repository().publish(sql, questionnaire);  // the copy was made at `now`
      audit_.record(sql, actor, "questionnaires.create", "questionnaire:" + std::to_string(questionnaire),
                    "évaluation d'événement " + std::to_string(id));
    }
    campaigns::Campaign c;
    c.questionnaire_id = questionnaire;
    c.organisation_id = e->organiser_id;
    c.title = t("events.evaluation.campaign_title", {{"title", e->title}});
    if (code_points(c.title) > 200) c.title = t("events.evaluation.campaign_title_short");
    c.audience = "members";
    c.closes_at = local_time(local_date(now + 21 * kDay), "23:59") + 60;
    c.reminder_days = "3,7";
    long long campaign = campaigns_.send_to(sql, actor, c, people, now);
    repo_.set_evaluation(sql, id, campaign, now);
    audit_.record(sql, actor, "events.evaluation", subject_of(id),
                  "envoi " + std::to_string(campaign) + ", " + std::to_string(people.size()) + " invitation(s)");
    return Outcome::success(static_cast<long long>(people.size()));
  });
}

// ---- Registering

Outcome Service::register_one(const Actor& actor, const Principal& me, long long id, Registration r) {
  try {
    return db_.attempt([&](soci::session& sql) {
      auto e = repo_.find(sql, id);
      if (!e || !visible(&me, *e)) roll_back(Outcome::not_found());
      // Hold the event's row: registrations of one event are made one after the other.
      repo_.hold(sql, id);
      e = repo_.find(sql, id);
      long long now = store::now_seconds();
      if (auto why = registration_refusal(*e, now); !why.empty()) roll_back(Outcome::conflict(why));
      if (r.beneficiary_id) {
        if (!e->for_people_supported) roll_back(Outcome::conflict("events.errors.professionals_only", "beneficiary"));
        if (repo_.live_of_beneficiary(sql, id, r.beneficiary_id))
          roll_back(Outcome::conflict("events.errors.twice_supported", "beneficiary"));
      } else {
        if (e->for_people_supported) roll_back(Outcome::conflict("events.errors.supported_only"));
        if (repo_.live_of_user(sql, id, r.user_id)) roll_back(Outcome::conflict("events.errors.twice"));
      }
      r.event_id = id;
      r.registered_by = me.id;
      // A registration made inside the reminder's window counts as reminded (its confirmation has the ICS).
      long long reminded = reminder_due(now, e->starts_at) ? now : 0;
      r.id = repo_.insert_registration(sql, r, e->capacity, reminded, now);
      auto made = repo_.registration(sql, r.id);
      notify(sql, *e, *made, made->status == "registered" ? "confirmed" : "waiting", now, made->status == "registered");
      audit_.record(sql, actor, "events.register", subject_of(id),
                    "inscription " + std::to_string(r.id) + " : " + made->status +
                        (made->beneficiary_code.empty() ? "" : " (" + made->beneficiary_code + ")"));
      return Outcome::success(made->status == "registered" ? 1 : 2);
    });
  } catch (const std::exception& ex) {
    if (store::is_unique_violation(ex))
      return Outcome::conflict(r.beneficiary_id ? "events.errors.twice_supported" : "events.errors.twice");
    throw;
  }
}

Outcome Service::register_self(const Actor& actor, const Principal& me, long long id, const std::string& organisation) {
  Registration r;
  r.user_id = me.id;
  long long wanted = web::parse_id(trim(organisation));
  for (const auto& m : me.memberships)
    if (m.organisation_id == wanted || (wanted <= 0 && !r.organisation_id)) r.organisation_id = m.organisation_id;
  if (!r.organisation_id) {
    bool exists = db_.read([&](soci::session& sql) {
      auto e = repo_.find(sql, id);
      return e && visible(&me, *e);
    });
    if (!exists) return Outcome::not_found();
    return Outcome::failure("events.errors.organisation", "organisation");
  }
  return register_one(actor, me, id, r);
}

Outcome Service::register_supported(const Actor& actor, const Principal& me, long long id,
                                    const std::string& beneficiary) {
  bool exists = db_.read([&](soci::session& sql) {
    auto e = repo_.find(sql, id);
    return e && visible(&me, *e);
  });
  if (!exists) return Outcome::not_found();
  auto relais = bookings::Service::own_relais(me);
  if (relais.none()) return Outcome::forbidden("events.errors.referents_only");
  long long bid = web::parse_id(trim(beneficiary));
  auto b = bid > 0 ? bookings_.find_beneficiary(bid) : std::nullopt;
  if (!b || b->status != "active" || !relais.covers(b->organisation_id))
    return Outcome::failure("events.errors.beneficiary", "beneficiary");
  Registration r;
  r.beneficiary_id = b->id;
  r.organisation_id = b->organisation_id;
  return register_one(actor, me, id, r);
}

long long Service::promote(soci::session& sql, const Actor& actor, const Event& e, long long now) {
  long long promoted = 0;
  if (e.status != "planned" || e.starts_at <= now) return 0;
  for (;;) {
    long long registered = repo_.registered_count(sql, e.id);
    if (registered >= e.capacity) break;
    long long next = repo_.first_waiting(sql, e.id);
    if (!next) break;
    long long reminded = reminder_due(now, e.starts_at) ? now : 0;
    repo_.promote(sql, next, reminded, now);
    auto r = repo_.registration(sql, next);
    notify(sql, e, *r, "promoted", now, true);
    audit_.record(sql, actor, "events.promote", subject_of(e.id), "inscription " + std::to_string(next));
    ++promoted;
  }
  return promoted;
}

Outcome Service::cancel_registration(const Actor& actor, const Principal& me, long long id, long long registration_id) {
  return db_.attempt([&](soci::session& sql) {
    auto e = repo_.find(sql, id);
    auto r = e && visible(&me, *e) ? repo_.registration(sql, registration_id) : std::nullopt;
    if (!r || r->event_id != id) roll_back(Outcome::not_found());
    bool allowed = r->user_id == me.id || r->registered_by == me.id || may_manage(me, e->organiser_id) ||
                   (r->beneficiary_id && bookings::Service::own_relais(me).covers(r->organisation_id));
    if (!allowed) roll_back(Outcome::not_found());
    repo_.hold(sql, id);
    long long now = store::now_seconds();
    if (e->starts_at <= now) roll_back(Outcome::conflict("events.errors.past_cancel"));
    if (!repo_.cancel_registration(sql, registration_id, now))
      roll_back(Outcome::conflict("events.errors.already_cancelled"));
    r->status = "cancelled";
    notify(sql, *e, *r, "registration_cancelled", now, false);
    e = repo_.find(sql, id);
    long long promoted = promote(sql, actor, *e, now);
    audit_.record(sql, actor, "events.unregister", subject_of(id),
                  "inscription " + std::to_string(registration_id) +
                      (promoted ? ", " + std::to_string(promoted) + " promotion(s)" : ""));
    return Outcome::success(registration_id);
  });
}

Outcome Service::online_link(const Principal& me, long long id, std::string& url) {
  return db_.read([&](soci::session& sql) -> Outcome {
    auto e = repo_.find(sql, id);
    if (!e || !visible(&me, *e)) return Outcome::not_found();
    if (e->mode != "online") return Outcome::not_found();
    if (e->status == "cancelled") return Outcome::gone("events.errors.cancelled");
    bool manages = may_manage(me, e->organiser_id);
    long long registered = repo_.registered_user(sql, id, me.id);
    if (!registered && !manages) return Outcome::forbidden("events.errors.link_registered_only");
    if (!manages && !link_open(store::now_seconds(), e->starts_at, e->ends_at))
      return Outcome::forbidden("events.errors.link_not_yet");
    url = e->online_url;
    return Outcome::success(id);
  });
}

// ---- E-mails

void Service::notify(soci::session& sql, const Event& e, const Registration& r, const std::string& kind, long long now,
                     bool ics) {
  std::string to = r.user_id ? r.user_email : r.registered_by_email;
  if (to.empty()) return;
  std::string where = e.mode == "online" ? t("events.mail.online")
                                         : e.place_name + (e.place_address.empty() ? "" : ", " + e.place_address) +
                                               (e.place_detail.empty() ? "" : " (" + e.place_detail + ")");
  std::string url = public_url_ + "/evenements/" + std::to_string(e.id);
  web::Params p = {{"title", e.title},
                   {"when", when(e.starts_at, e.ends_at)},
                   {"where", where},
                   {"url", url},
                   {"organiser", e.organiser_name},
                   {"who", r.beneficiary_code.empty() ? t("events.mail.you") : r.beneficiary_code}};
  std::string subject = t("events.mail." + kind + ".subject", p);
  std::string body = t("events.mail." + kind + ".body", p);
  if (!ics) {
    mail_.enqueue(sql, to, subject, body);
    return;
  }
  bool cancel = kind == "event_cancelled";
  meetings::CalendarInvite inv;
  inv.uid = meetings::meeting_uid(e.id, public_url_);
  inv.uid.replace(0, std::string("cooperation-meeting-").size(), "network-event-");
  if (r.beneficiary_id) inv.uid = "b" + std::to_string(r.beneficiary_id) + "-" + inv.uid;
  inv.starts_at = e.starts_at;
  inv.ends_at = e.ends_at;
  inv.stamp = now;
  inv.sequence = e.sequence;
  inv.summary = e.title;
  inv.description = t("events.mail.ics_description", p);
  inv.location = e.mode == "online" ? url : where;
  inv.url = url;
  inv.organizer_name = e.organiser_name;
  if (auto email = repo_.user_email(sql, e.created_by)) inv.organizer_email = *email;
  inv.attendee_name = r.user_id ? r.user_name : r.registered_by_name;
  inv.attendee_email = to;
  inv.cancel = cancel;
  mail::Attachment file{cancel ? "annulation.ics" : "evenement.ics", meetings::invitation_content_type(cancel),
                        meetings::invitation_ics(inv)};
  mail_.enqueue(sql, to, subject, body, file);
}

long long Service::run_due(long long now) {
  // The reminder, two days before: each live registered person once (claimed by a conditional UPDATE).
  std::vector<long long> due =
      db_.read([&](soci::session& sql) { return repo_.due_reminders(sql, now, now + kReminderBefore); });
  long long done = 0;
  for (long long id : due) {
    done += db_.write([&](soci::session& sql) -> long long {
      if (!repo_.claim_reminder(sql, id, now)) return 0;
      auto r = repo_.registration(sql, id);
      auto e = r ? repo_.find(sql, r->event_id) : std::nullopt;
      if (!e) return 0;
      notify(sql, *e, *r, "reminder", now, true);
      return 1;
    });
  }
  return done;
}

}  // namespace trame::events
