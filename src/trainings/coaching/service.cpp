#include "trainings/coaching/service.hpp"

#include <algorithm>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/settings.hpp"
#include "trainings/enrolments/rules.hpp"

namespace trame::coaching {

namespace {

const std::size_t kSubjectMax = 200;
const std::size_t kLongText = 4000;
const std::size_t kShortText = 500;

std::string request_subject(long long id) {
  return "coaching_request:" + std::to_string(id);
}
std::string session_subject(long long id) {
  return "session:" + std::to_string(id);
}

// A user id as sent in a form: digits only (at most 18), else 0.
long long id_of(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(text);
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

std::string Service::request_url(long long id) const {
  return public_url_ + "/formations/accompagnement/" + std::to_string(id);
}

// ---- Coaching requests

Outcome Service::session_coaching(const Principal& me, long long session_id, long long page, SessionCoaching& out) {
  return db_.read([&](soci::session& sql) {
    auto access = programmes::session_access(sql, &me, session_id);
    if (!access || (!access->staff() && !access->trainee())) return Outcome::not_found();
    out.access = *access;
    out.staff = access->staff();
    out.trainee = access->trainee();
    out.may_ask = access->application_status == "admitted" || access->application_status == "confirmed" ||
                  access->application_status == "completed";
    out.trainers = repo_.trainers(sql, session_id);
    // Managers: every request; trainers: those addressed to them or to anyone; trainees: their own.
    const Visible visible = access->manager ? Visible::every : access->trainer ? Visible::addressed : Visible::own;
    out.total = repo_.count_requests(sql, session_id, visible, me.id);
    const long long offset = (std::max<long long>(page, 1) - 1) * kPerPage;
    out.requests = repo_.requests(sql, session_id, visible, me.id, kPerPage, offset);
    return Outcome::success();
  });
}

Outcome Service::create(const Actor& actor, const Principal& me, long long session_id, const RequestInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto access = programmes::session_access(sql, &me, session_id);
    if (!access || (!access->staff() && !access->trainee())) return Outcome::not_found();
    const std::string st = access->application_status;
    if (!access->trainee()) return Outcome::forbidden();
    if (st != "admitted" && st != "confirmed" && st != "completed")
      return Outcome::conflict("coaching.errors.not_enrolled");
    const std::string subject = trim(in.subject);
    const std::string message = trim(in.message);
    const std::string slots = trim(in.preferred_slots);
    if (subject.empty()) return Outcome::failure("coaching.errors.subject", "subject");
    if (subject.size() > kSubjectMax) return Outcome::failure("coaching.errors.subject_long", "subject");
    if (message.empty()) return Outcome::failure("coaching.errors.message", "message");
    if (message.size() > kLongText) return Outcome::failure("coaching.errors.too_long", "message");
    long long trainer = 0;
    const std::string typed = trim(in.trainer);
    if (!typed.empty() && typed != "0") {
      trainer = id_of(typed);
      bool known = false;
      for (const auto& p : repo_.trainers(sql, session_id)) known = known || (trainer != 0 && p.id == trainer);
      if (!known) return Outcome::failure("coaching.errors.trainer", "trainer");
    }
    const std::string mode = in.preferred_mode.empty() ? "any" : in.preferred_mode;
    if (!valid_preference(mode)) return Outcome::failure("coaching.errors.mode", "preferred_mode");
    if (slots.size() > kShortText) return Outcome::failure("coaching.errors.slots_long", "preferred_slots");
    const long long now = store::now_seconds();
    Request request;
    request.session_id = session_id;
    request.application_id = access->application_id;
    request.trainee_id = me.id;
    request.trainer_id = trainer;
    request.subject = subject;
    request.message = message;
    request.preferred_mode = mode;
    request.preferred_slots = slots;
    const long long id = repo_.insert(sql, request, now);
    audit_.record(sql, actor, "coaching.request_created", request_subject(id), session_subject(session_id));
    auto r = repo_.find(sql, id);
    notify_staff(sql, *r, "created", message);
    return Outcome::success(id);
  });
}

Outcome Service::load(soci::session& sql, const Principal& me, long long request_id, Request& r,
                      programmes::SessionAccess& access, Side& side) const {
  auto found = repo_.find(sql, request_id);
  if (!found) return Outcome::not_found();
  auto a = programmes::session_access(sql, &me, found->session_id);
  if (!a) return Outcome::not_found();
  if (found->trainee_id == me.id) side = Side::trainee;
  else if (a->manager || (a->trainer && (found->trainer_id == 0 || found->trainer_id == me.id))) side = Side::staff;
  else return Outcome::not_found();
  r = *found;
  access = *a;
  return Outcome::success(r.id);
}

Outcome Service::view(const Principal& me, long long request_id, long long page, RequestView& out) {
  return db_.read([&](soci::session& sql) {
    if (auto o = load(sql, me, request_id, out.request, out.access, out.side); !o.ok) return o;
    out.entries_total = repo_.count_entries(sql, request_id);
    const long long offset = (std::max<long long>(page, 1) - 1) * kEntriesPerPage;
    out.entries = repo_.entries(sql, request_id, kEntriesPerPage, offset);
    return Outcome::success(request_id);
  });
}

Outcome Service::move(const Actor& actor, const Principal& me, long long request_id, Action action,
                      const std::string& raw_body, const ProposalInput* proposal) {
  return db_.attempt([&](soci::session& sql) {
    Request r;
    programmes::SessionAccess access;
    Side side = Side::trainee;
    if (auto o = load(sql, me, request_id, r, access, side); !o.ok) return o;
    // A trainee may not act as the staff (propose) and the staff may not answer for the trainee.
    if (action == Action::propose && side != Side::staff) return Outcome::forbidden();
    if ((action == Action::accept || action == Action::reschedule) && side != Side::trainee)
      return Outcome::forbidden();
    if (auto why = refusal(r.status, action, side); !why.empty()) {
      Outcome o = Outcome::conflict(why);
      o.id = r.id;
      return o;
    }
    const std::string body = trim(raw_body);
    const long long now = store::now_seconds();
    const std::string to = next_status(r.status, action, side);
    std::string kind;
    long long at = 0;
    std::string mode, place;
    switch (action) {
      case Action::propose: {
        kind = "proposal";
        at = parse_local(trim(proposal->at));
        if (at < 0) return Outcome::failure("coaching.errors.appointment_at", "appointment_at");
        if (at < now) return Outcome::failure("coaching.errors.appointment_past", "appointment_at");
        mode = proposal->mode;
        if (!valid_mode(mode)) return Outcome::failure("coaching.errors.mode", "appointment_mode");
        place = trim(proposal->place);
        if (needs_place(mode) && place.empty())
          return Outcome::failure(mode == "visio" ? "coaching.errors.link" : "coaching.errors.place",
                                  "appointment_place");
        if (place.size() > kShortText) return Outcome::failure("coaching.errors.place_long", "appointment_place");
        if (body.size() > kLongText) return Outcome::failure("coaching.errors.too_long", "proposal_message");
        break;
      }
      case Action::accept:
        kind = "accepted";
        if (body.size() > kLongText) return Outcome::failure("coaching.errors.too_long", "body");
        break;
      case Action::reschedule:
        kind = "reschedule";
        if (body.empty()) return Outcome::failure("coaching.errors.reschedule_message", "reschedule_message");
        if (body.size() > kLongText) return Outcome::failure("coaching.errors.too_long", "reschedule_message");
        break;
      case Action::note:
        kind = "note";
        if (body.empty()) return Outcome::failure("coaching.errors.note", "note");
        if (body.size() > kLongText) return Outcome::failure("coaching.errors.too_long", "note");
        break;
      case Action::resolve:
      case Action::drop:
        kind = "closed";
        if (body.size() > kLongText) return Outcome::failure("coaching.errors.too_long", "close_note");
        break;
    }
    // The move itself, conditional on the status read: a concurrent move makes this one change nothing.
    const bool staff = side == Side::staff;
    const bool moved = action == Action::propose ? repo_.propose(sql, r.id, r.status, to, at, mode, place, me.id, now)
                       : (action == Action::resolve || action == Action::drop)
                           ? repo_.close(sql, r.id, r.status, to, me.id, staff, now)
                           : repo_.set_status(sql, r.id, r.status, to, staff, now);
    if (!moved) {
      Outcome o = Outcome::conflict("coaching.errors.changed");
      o.id = r.id;
      return o;
    }
    std::string entry = body;
    if (action == Action::propose) {
      entry = t("coaching.entries.proposal_text", {{"date", format_local(at, "%d/%m/%Y")},
                                                   {"time", format_local(at, "%H:%M")},
                                                   {"mode", t("coaching.modes." + mode)},
                                                   {"place", place.empty() ? t("coaching.entries.no_place") : place}});
      if (!body.empty()) entry += "\n" + body;
    } else if (action == Action::resolve || action == Action::drop) {
      entry = t("coaching.statuses." + to) + (body.empty() ? "" : " — " + body);
    }
    repo_.add_entry(sql, r.id, me.id, kind, entry, now);
    audit_.record(sql, actor, "coaching.request_" + kind, request_subject(r.id), r.status + " -> " + to);
    auto fresh = repo_.find(sql, r.id);
    if (side == Side::staff) notify_trainee(sql, *fresh, kind, entry);
    else notify_staff(sql, *fresh, kind, entry);
    return Outcome::success(r.id);
  });
}

Outcome Service::propose(const Actor& actor, const Principal& me, long long request_id, const ProposalInput& in) {
  return move(actor, me, request_id, Action::propose, in.message, &in);
}
Outcome Service::accept(const Actor& actor, const Principal& me, long long request_id) {
  return move(actor, me, request_id, Action::accept, "", nullptr);
}
Outcome Service::reschedule(const Actor& actor, const Principal& me, long long request_id, const std::string& message) {
  return move(actor, me, request_id, Action::reschedule, message, nullptr);
}
Outcome Service::add_note(const Actor& actor, const Principal& me, long long request_id, const std::string& body) {
  return move(actor, me, request_id, Action::note, body, nullptr);
}
Outcome Service::close(const Actor& actor, const Principal& me, long long request_id, const std::string& outcome,
                       const std::string& body) {
  if (outcome != "resolved" && outcome != "no_follow_up") {
    // Who may not see the request learns nothing from a bad outcome: the access is checked first.
    Outcome seen = db_.read([&](soci::session& sql) {
      Request r;
      programmes::SessionAccess access;
      Side side = Side::trainee;
      return load(sql, me, request_id, r, access, side);
    });
    if (!seen.ok) return seen;
    Outcome o = Outcome::failure("coaching.errors.outcome", "outcome");
    o.id = request_id;
    return o;
  }
  return move(actor, me, request_id, outcome == "resolved" ? Action::resolve : Action::drop, body, nullptr);
}

// The trainee's side acted: the trainer it is addressed to (or who proposed the appointment), else every
// trainer of the session.
void Service::notify_staff(soci::session& sql, const Request& r, const std::string& event, const std::string& body) {
  std::vector<Person> to;
  auto trainers = repo_.trainers(sql, r.session_id);
  for (const auto& p : trainers)
    if (r.trainer_id == 0 || p.id == r.trainer_id || p.id == r.appointment_by) to.push_back(p);
  if (r.appointment_by != 0 &&
      std::none_of(to.begin(), to.end(), [&](const Person& p) { return p.id == r.appointment_by; })) {
    if (auto p = repo_.active_user(sql, r.appointment_by)) to.push_back(*p);
  }
  const std::string session_title = repo_.session_title(sql, r.session_id);
  for (const auto& p : to) {
    web::Params params{{"name", p.name},       {"trainee", r.trainee_name},
                       {"subject", r.subject}, {"session", session_title},
                       {"text", body},         {"url", request_url(r.id)}};
    mail_.enqueue(sql, p.email, t("coaching.mail.staff." + event + ".subject", params),
                  t("coaching.mail.staff." + event + ".body", params));
  }
}

void Service::notify_trainee(soci::session& sql, const Request& r, const std::string& event, const std::string& body) {
  if (r.trainee_email.empty()) return;
  const std::string session_title = repo_.session_title(sql, r.session_id);
  web::Params params{{"name", r.trainee_name},
                     {"subject", r.subject},
                     {"session", session_title},
                     {"text", body},
                     {"url", request_url(r.id)}};
  mail_.enqueue(sql, r.trainee_email, t("coaching.mail.trainee." + event + ".subject", params),
                t("coaching.mail.trainee." + event + ".body", params));
}

std::vector<Waiting> Service::waiting_for(const Principal& me, long long limit, long long& total) {
  return db_.read([&](soci::session& sql) {
    std::vector<Waiting> out;
    total = 0;
    // Requests waiting for the staff on sessions `me` trains (addressed to them or to anyone), or on
    // sessions of organisers `me` manages.
    for (const auto& o : repo_.waiting(sql, me.id)) {
      const bool teaches = o.trains && (o.trainer_id == 0 || o.trainer_id == me.id);
      const bool manages = programmes::manages_organiser(&me, o.organiser_id);
      if (!teaches && !manages) continue;
      ++total;
      if (static_cast<long long>(out.size()) < limit) out.push_back(o.waiting);
    }
    return out;
  });
}

// ---- Follow-up contacts

namespace {

Outcome manager_access(soci::session& sql, const Principal& me, long long session_id, programmes::SessionAccess& out) {
  auto access = programmes::session_access(sql, &me, session_id);
  if (!access) return Outcome::not_found();
  if (!access->manager) return access->staff() || access->trainee() ? Outcome::forbidden() : Outcome::not_found();
  out = *access;
  return Outcome::success();
}

}  // namespace

Outcome Service::contacts(const Principal& me, long long session_id, const std::string& email, ContactsView& out) {
  return db_.read([&](soci::session& sql) {
    if (auto o = manager_access(sql, me, session_id, out.access); !o.ok) return o;
    out.trainees = repo_.enrolled_trainees(sql, session_id);
    out.contacts = repo_.contacts(sql, session_id);
    for (auto& c : out.contacts) {
      c.organisations = repo_.organisation_names(sql, c.person.id);
      const std::set<long long> followed = repo_.followed_applications(sql, session_id, c.person.id);
      for (const auto& tr : out.trainees)
        if (followed.count(tr.application_id)) c.trainees.push_back(tr);
    }
    const std::string typed = trim(email);
    if (!typed.empty()) {
      out.found = repo_.user_by_email(sql, typed);
      if (out.found) {
        const auto orgs = repo_.organisations_of(sql, out.found->id);
        bool existing = false;
        for (const auto& c : out.contacts)
          if (c.person.id == out.found->id) {
            existing = true;
            for (const auto& tr : c.trainees) out.suggested.push_back(tr.application_id);
          }
        if (!existing)
          for (const auto& tr : out.trainees)
            if (tr.organisation_id != 0 && orgs.count(tr.organisation_id)) out.suggested.push_back(tr.application_id);
      }
    }
    return Outcome::success();
  });
}

Outcome Service::set_contact(const Actor& actor, const Principal& me, long long session_id, const std::string& email,
                             const std::vector<long long>& applications) {
  return db_.attempt([&](soci::session& sql) {
    programmes::SessionAccess access;
    if (auto o = manager_access(sql, me, session_id, access); !o.ok) return o;
    const std::string typed = trim(email);
    if (typed.empty()) return Outcome::failure("coaching.errors.email", "email");
    auto person = repo_.user_by_email(sql, typed);
    if (!person) return Outcome::failure("coaching.errors.no_account", "email");
    if (applications.empty()) return Outcome::failure("coaching.errors.no_trainee", "trainees");
    const auto trainees = repo_.enrolled_trainees(sql, session_id);
    std::set<long long> chosen;
    for (long long id : applications) {
      const bool known =
          std::any_of(trainees.begin(), trainees.end(), [&](const Trainee& tr) { return tr.application_id == id; });
      if (!known) return Outcome::failure("coaching.errors.trainee", "trainees");
      chosen.insert(id);
    }
    for (const auto& tr : trainees)
      if (tr.user_id == person->id && chosen.count(tr.application_id))
        return Outcome::failure("coaching.errors.self", "trainees");
    const long long before = repo_.count_contact_rows(sql, session_id, person->id);
    repo_.remove_contact(sql, session_id, person->id);
    const long long now = store::now_seconds();
    std::string ids;
    for (long long id : chosen) {
      repo_.add_contact(sql, session_id, person->id, id, me.id, now);
      ids += (ids.empty() ? "" : ",") + std::to_string(id);
    }
    audit_.record(sql, actor, before == 0 ? "coaching.contact_added" : "coaching.contact_changed",
                  session_subject(session_id), "user:" + std::to_string(person->id) + " applications:" + ids);
    return Outcome::success(person->id);
  });
}

Outcome Service::remove_contact(const Actor& actor, const Principal& me, long long session_id, long long user_id) {
  return db_.attempt([&](soci::session& sql) {
    programmes::SessionAccess access;
    if (auto o = manager_access(sql, me, session_id, access); !o.ok) return o;
    if (repo_.remove_contact(sql, session_id, user_id) == 0) return Outcome::not_found();
    audit_.record(sql, actor, "coaching.contact_removed", session_subject(session_id),
                  "user:" + std::to_string(user_id));
    return Outcome::success(user_id);
  });
}

FollowedPage Service::followed(const Principal& me, long long page) {
  return db_.read([&](soci::session& sql) {
    FollowedPage out;
    out.total = repo_.count_followed(sql, me.id);
    const long long offset = (std::max<long long>(page, 1) - 1) * kPerPage;
    out.items = repo_.followed(sql, me.id, kPerPage, offset);
    return out;
  });
}

// ---- Reminders

long long Service::run_due(long long now) {
  long long days = 3;
  std::vector<Unanswered> candidates = db_.read([&](soci::session& sql) {
    days = store::setting_int(sql, "trainings.coaching_answer_days", 3);
    const long long before = now - 86400;  // at least a day old: a cheap bound before counting working days
    return repo_.unanswered(sql, before);
  });
  long long done = 0;
  const Actor system{0, "système", ""};
  for (const auto& d : candidates) {
    if (enrolments::working_days_between(d.created_at, now) < days) continue;
    done += db_.write([&](soci::session& sql) -> long long {
      if (!repo_.claim_reminder(sql, d.id, now)) return 0;
      auto r = repo_.find(sql, d.id);
      if (!r) return 0;
      notify_staff(sql, *r, "reminder", r->message);
      audit_.record(sql, system, "coaching.reminder_sent", request_subject(d.id), std::to_string(days) + " jours");
      return 1;
    });
  }
  return done;
}

}  // namespace trame::coaching
