#include "trainings/coaching/service.hpp"

#include <algorithm>
#include <set>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/store/row.hpp"
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

constexpr const char* kRequestColumns =
    "SELECT r.id, r.session_id, r.application_id, r.trainee_id, COALESCE(u.name, ''), COALESCE(u.email, ''), "
    "r.trainer_id, COALESCE(t.name, ''), r.subject, r.message, r.preferred_mode, r.preferred_slots, r.status, "
    "r.appointment_at, r.appointment_mode, r.appointment_place, r.appointment_by, COALESCE(b.name, ''), "
    "r.answered_at, r.reminded_at, r.closed_at, r.created_at, r.updated_at "
    "FROM training_coaching_requests r LEFT JOIN users u ON u.id = r.trainee_id "
    "LEFT JOIN users t ON t.id = r.trainer_id LEFT JOIN users b ON b.id = r.appointment_by ";

Request request_of(const soci::row& row) {
  Request r;
  int i = 0;
  r.id = store::as_id(row, i++);
  r.session_id = store::as_id(row, i++);
  r.application_id = store::as_id(row, i++);
  r.trainee_id = store::as_id(row, i++);
  r.trainee_name = store::as_text(row, i++);
  r.trainee_email = store::as_text(row, i++);
  r.trainer_id = store::as_id(row, i++);
  r.trainer_name = store::as_text(row, i++);
  r.subject = store::as_text(row, i++);
  r.message = store::as_text(row, i++);
  r.preferred_mode = store::as_text(row, i++);
  r.preferred_slots = store::as_text(row, i++);
  r.status = store::as_text(row, i++);
  r.appointment_at = store::as_id(row, i++);
  r.appointment_mode = store::as_text(row, i++);
  r.appointment_place = store::as_text(row, i++);
  r.appointment_by = store::as_id(row, i++);
  r.appointment_by_name = store::as_text(row, i++);
  r.answered_at = store::as_id(row, i++);
  r.reminded_at = store::as_id(row, i++);
  r.closed_at = store::as_id(row, i++);
  r.created_at = store::as_id(row, i++);
  r.updated_at = store::as_id(row, i++);
  return r;
}

std::optional<Request> find_request(soci::session& sql, long long id) {
  soci::rowset<soci::row> rs = (sql.prepare << std::string(kRequestColumns) + "WHERE r.id = :id", soci::use(id));
  for (const auto& row : rs) return request_of(row);
  return std::nullopt;
}

std::vector<Person> session_trainers(soci::session& sql, long long session_id) {
  std::vector<Person> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT u.id, u.name, u.email FROM training_session_trainers t JOIN users u ON u.id = t.user_id "
                      "WHERE t.session_id = :s AND u.disabled = 0 ORDER BY t.lead DESC, u.name, u.id",
       soci::use(session_id));
  for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_text(r, 1), store::as_text(r, 2)});
  return out;
}

// A user id as sent in a form: digits only (at most 18), else 0.
long long id_of(const std::string& text) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(text);
}

// Waiting for the staff first (open, another time asked), then proposed and accepted, then closed; newest first.
constexpr const char* kOrder =
    " ORDER BY CASE r.status WHEN 'open' THEN 0 WHEN 'reschedule' THEN 0 WHEN 'proposed' THEN 1 "
    "WHEN 'accepted' THEN 1 ELSE 2 END, r.created_at DESC, r.id DESC";

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
    out.trainers = session_trainers(sql, session_id);
    // Managers: every request; trainers: those addressed to them or to anyone; trainees: their own.
    const long long who = me.id;
    std::string where = "WHERE r.session_id = :s ";
    if (access->manager) where += "AND :u > 0 ";
    else if (access->trainer) where += "AND (r.trainer_id = 0 OR r.trainer_id = :u) ";
    else where += "AND r.trainee_id = :u ";
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_coaching_requests r " + where, soci::use(session_id),
        soci::use(who), soci::into(out.total);
    const long long offset = (std::max<long long>(page, 1) - 1) * kPerPage;
    soci::rowset<soci::row> rs = (sql.prepare << std::string(kRequestColumns) + where + kOrder + " LIMIT :l OFFSET :o",
                                  soci::use(session_id), soci::use(who), soci::use(kPerPage), soci::use(offset));
    for (const auto& row : rs) out.requests.push_back(request_of(row));
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
      for (const auto& p : session_trainers(sql, session_id)) known = known || (trainer != 0 && p.id == trainer);
      if (!known) return Outcome::failure("coaching.errors.trainer", "trainer");
    }
    const std::string mode = in.preferred_mode.empty() ? "any" : in.preferred_mode;
    if (!valid_preference(mode)) return Outcome::failure("coaching.errors.mode", "preferred_mode");
    if (slots.size() > kShortText) return Outcome::failure("coaching.errors.slots_long", "preferred_slots");
    const long long now = store::now_seconds();
    long long id = 0;
    sql << "INSERT INTO training_coaching_requests (session_id, application_id, trainee_id, trainer_id, subject, "
           "message, preferred_mode, preferred_slots, status, created_at, updated_at) VALUES (:s, :a, :u, :t, :sub, "
           ":m, :mode, :slots, 'open', :c, :c2) RETURNING id",
        soci::use(session_id), soci::use(access->application_id), soci::use(me.id), soci::use(trainer),
        soci::use(subject), soci::use(message), soci::use(mode), soci::use(slots), soci::use(now), soci::use(now),
        soci::into(id);
    audit_.record(sql, actor, "coaching.request_created", request_subject(id), session_subject(session_id));
    auto r = find_request(sql, id);
    notify_staff(sql, *r, "created", message);
    return Outcome::success(id);
  });
}

Outcome Service::load(soci::session& sql, const Principal& me, long long request_id, Request& r,
                      programmes::SessionAccess& access, Side& side) const {
  auto found = find_request(sql, request_id);
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
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_coaching_entries WHERE request_id = :r",
        soci::use(request_id), soci::into(out.entries_total);
    const long long offset = (std::max<long long>(page, 1) - 1) * kEntriesPerPage;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT e.id, e.author_id, COALESCE(u.name, ''), e.kind, e.body, e.created_at "
                        "FROM training_coaching_entries e LEFT JOIN users u ON u.id = e.author_id "
                        "WHERE e.request_id = :r ORDER BY e.created_at, e.id LIMIT :l OFFSET :o",
         soci::use(request_id), soci::use(kEntriesPerPage), soci::use(offset));
    for (const auto& row : rs)
      out.entries.push_back({store::as_id(row, 0), store::as_id(row, 1), store::as_text(row, 2), store::as_text(row, 3),
                             store::as_text(row, 4), store::as_id(row, 5)});
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
    soci::statement st =
        action == Action::propose
            ? (sql.prepare << "UPDATE training_coaching_requests SET status = :to, appointment_at = :at, "
                              "appointment_mode = :mode, appointment_place = :place, appointment_by = :by, "
                              "answered_at = CASE WHEN answered_at = 0 THEN :now ELSE answered_at END, "
                              "updated_at = :now2 WHERE id = :id AND status = :from",
               soci::use(to), soci::use(at), soci::use(mode), soci::use(place), soci::use(me.id), soci::use(now),
               soci::use(now), soci::use(r.id), soci::use(r.status))
        : (action == Action::resolve || action == Action::drop)
            ? (sql.prepare << "UPDATE training_coaching_requests SET status = :to, closed_at = :now, closed_by = :by, "
                              "answered_at = CASE WHEN answered_at = 0 AND :staff = 1 THEN :now2 ELSE answered_at END, "
                              "updated_at = :now3 WHERE id = :id AND status = :from",
               soci::use(to), soci::use(now), soci::use(me.id), soci::use(side == Side::staff ? 1 : 0), soci::use(now),
               soci::use(now), soci::use(r.id), soci::use(r.status))
            : (sql.prepare << "UPDATE training_coaching_requests SET status = :to, "
                              "answered_at = CASE WHEN answered_at = 0 AND :staff = 1 THEN :now ELSE answered_at END, "
                              "updated_at = :now2 WHERE id = :id AND status = :from",
               soci::use(to), soci::use(side == Side::staff ? 1 : 0), soci::use(now), soci::use(now), soci::use(r.id),
               soci::use(r.status));
    st.execute(true);
    if (st.get_affected_rows() != 1) {
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
    sql << "INSERT INTO training_coaching_entries (request_id, author_id, kind, body, created_at) "
           "VALUES (:r, :a, :k, :b, :c)",
        soci::use(r.id), soci::use(me.id), soci::use(kind), soci::use(entry), soci::use(now);
    audit_.record(sql, actor, "coaching.request_" + kind, request_subject(r.id), r.status + " -> " + to);
    auto fresh = find_request(sql, r.id);
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
  auto trainers = session_trainers(sql, r.session_id);
  for (const auto& p : trainers)
    if (r.trainer_id == 0 || p.id == r.trainer_id || p.id == r.appointment_by) to.push_back(p);
  if (r.appointment_by != 0 &&
      std::none_of(to.begin(), to.end(), [&](const Person& p) { return p.id == r.appointment_by; })) {
    std::string email, name;
    sql << "SELECT email, name FROM users WHERE id = :id AND disabled = 0", soci::use(r.appointment_by),
        soci::into(email), soci::into(name);
    if (sql.got_data()) to.push_back({r.appointment_by, name, email});
  }
  std::string session_title;
  sql << "SELECT title FROM training_sessions WHERE id = :id", soci::use(r.session_id), soci::into(session_title);
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
  std::string session_title;
  sql << "SELECT title FROM training_sessions WHERE id = :id", soci::use(r.session_id), soci::into(session_title);
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
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT r.id, r.subject, COALESCE(u.name, ''), s.title, r.status, r.created_at, r.trainer_id, "
                        "p.organiser_id, (SELECT CAST(COUNT(*) AS BIGINT) FROM training_session_trainers x "
                        "WHERE x.session_id = r.session_id AND x.user_id = :me) "
                        "FROM training_coaching_requests r JOIN training_sessions s ON s.id = r.session_id "
                        "JOIN training_programmes p ON p.id = s.programme_id LEFT JOIN users u ON u.id = r.trainee_id "
                        "WHERE r.status IN ('open','reschedule') ORDER BY r.created_at, r.id LIMIT 500",
         soci::use(me.id));
    for (const auto& row : rs) {
      const long long trainer = store::as_id(row, 6);
      const bool teaches = store::as_id(row, 8) > 0 && (trainer == 0 || trainer == me.id);
      const bool manages = programmes::manages_organiser(&me, store::as_id(row, 7));
      if (!teaches && !manages) continue;
      ++total;
      if (static_cast<long long>(out.size()) < limit)
        out.push_back({store::as_id(row, 0), store::as_text(row, 1), store::as_text(row, 2), store::as_text(row, 3),
                       store::as_text(row, 4), store::as_id(row, 5)});
    }
    return out;
  });
}

// ---- Follow-up contacts

namespace {

std::vector<Trainee> enrolled_trainees(soci::session& sql, long long session_id) {
  std::vector<Trainee> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT a.id, a.user_id, u.name, COALESCE(o.name, a.organisation_name), "
                      "COALESCE(a.organisation_id, 0) FROM training_applications a JOIN users u ON u.id = a.user_id "
                      "LEFT JOIN organisations o ON o.id = a.organisation_id WHERE a.session_id = :s "
                      "AND a.status IN ('admitted','confirmed','completed','dropped_out') ORDER BY u.name, a.id",
       soci::use(session_id));
  for (const auto& r : rs)
    out.push_back(
        {store::as_id(r, 0), store::as_id(r, 1), store::as_text(r, 2), store::as_text(r, 3), store::as_id(r, 4)});
  return out;
}

std::optional<Person> user_by_email(soci::session& sql, const std::string& email) {
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT id, name, email FROM users WHERE lower(email) = lower(:e) AND disabled = 0",
       soci::use(email));
  for (const auto& r : rs) return Person{store::as_id(r, 0), store::as_text(r, 1), store::as_text(r, 2)};
  return std::nullopt;
}

std::set<long long> organisations_of(soci::session& sql, long long user_id) {
  std::set<long long> out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT DISTINCT organisation_id FROM memberships WHERE user_id = :u", soci::use(user_id));
  for (const auto& r : rs) out.insert(store::as_id(r, 0));
  return out;
}

std::string organisation_names(soci::session& sql, long long user_id) {
  std::string out;
  soci::rowset<soci::row> rs =
      (sql.prepare << "SELECT DISTINCT o.name FROM memberships m JOIN organisations o ON o.id = m.organisation_id "
                      "WHERE m.user_id = :u ORDER BY o.name",
       soci::use(user_id));
  for (const auto& r : rs) out += (out.empty() ? "" : ", ") + store::as_text(r, 0);
  return out;
}

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
    out.trainees = enrolled_trainees(sql, session_id);
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT c.user_id, u.name, u.email, MIN(c.created_at) FROM training_followup_contacts c "
                        "JOIN users u ON u.id = c.user_id WHERE c.session_id = :s GROUP BY c.user_id, u.name, u.email "
                        "ORDER BY u.name, c.user_id",
         soci::use(session_id));
    for (const auto& r : rs) {
      Contact c;
      c.person = {store::as_id(r, 0), store::as_text(r, 1), store::as_text(r, 2)};
      c.added_at = store::as_id(r, 3);
      out.contacts.push_back(c);
    }
    for (auto& c : out.contacts) {
      c.organisations = organisation_names(sql, c.person.id);
      std::set<long long> followed;
      soci::rowset<soci::row> apps =
          (sql.prepare
               << "SELECT application_id FROM training_followup_contacts WHERE session_id = :s AND user_id = :u",
           soci::use(session_id), soci::use(c.person.id));
      for (const auto& r : apps) followed.insert(store::as_id(r, 0));
      for (const auto& tr : out.trainees)
        if (followed.count(tr.application_id)) c.trainees.push_back(tr);
    }
    const std::string typed = trim(email);
    if (!typed.empty()) {
      out.found = user_by_email(sql, typed);
      if (out.found) {
        const auto orgs = organisations_of(sql, out.found->id);
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
    auto person = user_by_email(sql, typed);
    if (!person) return Outcome::failure("coaching.errors.no_account", "email");
    if (applications.empty()) return Outcome::failure("coaching.errors.no_trainee", "trainees");
    const auto trainees = enrolled_trainees(sql, session_id);
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
    long long before = 0;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_followup_contacts WHERE session_id = :s AND user_id = :u",
        soci::use(session_id), soci::use(person->id), soci::into(before);
    sql << "DELETE FROM training_followup_contacts WHERE session_id = :s AND user_id = :u", soci::use(session_id),
        soci::use(person->id);
    const long long now = store::now_seconds();
    std::string ids;
    for (long long id : chosen) {
      sql << "INSERT INTO training_followup_contacts (session_id, user_id, application_id, added_by, created_at) "
             "VALUES (:s, :u, :a, :b, :c)",
          soci::use(session_id), soci::use(person->id), soci::use(id), soci::use(me.id), soci::use(now);
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
    soci::statement st =
        (sql.prepare << "DELETE FROM training_followup_contacts WHERE session_id = :s AND user_id = :u",
         soci::use(session_id), soci::use(user_id));
    st.execute(true);
    if (st.get_affected_rows() == 0) return Outcome::not_found();
    audit_.record(sql, actor, "coaching.contact_removed", session_subject(session_id),
                  "user:" + std::to_string(user_id));
    return Outcome::success(user_id);
  });
}

FollowedPage Service::followed(const Principal& me, long long page) {
  return db_.read([&](soci::session& sql) {
    FollowedPage out;
    long long me_id = me.id;
    sql << "SELECT CAST(COUNT(*) AS BIGINT) FROM training_followup_contacts WHERE user_id = :u", soci::use(me_id),
        soci::into(out.total);
    const long long offset = (std::max<long long>(page, 1) - 1) * kPerPage;
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT a.id, u.name, a.status, s.id, s.title, p.title, o.name, s.starts_at, s.ends_at "
                        "FROM training_followup_contacts c JOIN training_applications a ON a.id = c.application_id "
                        "JOIN users u ON u.id = a.user_id JOIN training_sessions s ON s.id = c.session_id "
                        "JOIN training_programmes p ON p.id = s.programme_id JOIN organisations o ON o.id = "
                        "p.organiser_id WHERE c.user_id = :u ORDER BY s.starts_at DESC, s.id, u.name, a.id "
                        "LIMIT :l OFFSET :o",
         soci::use(me_id), soci::use(kPerPage), soci::use(offset));
    for (const auto& r : rs) {
      Followed f;
      f.application_id = store::as_id(r, 0);
      f.trainee_name = store::as_text(r, 1);
      f.application_status = store::as_text(r, 2);
      f.session_id = store::as_id(r, 3);
      f.session_title = store::as_text(r, 4);
      f.programme_title = store::as_text(r, 5);
      f.organiser_name = store::as_text(r, 6);
      f.starts_at = store::as_id(r, 7);
      f.ends_at = store::as_id(r, 8);
      out.items.push_back(f);
    }
    return out;
  });
}

// ---- Reminders

long long Service::run_due(long long now) {
  struct Due {
    long long id = 0;
    long long created_at = 0;
  };
  long long days = 3;
  std::vector<Due> candidates = db_.read([&](soci::session& sql) {
    days = store::setting_int(sql, "trainings.coaching_answer_days", 3);
    std::vector<Due> out;
    const long long before = now - 86400;  // at least a day old: a cheap bound before counting working days
    soci::rowset<soci::row> rs =
        (sql.prepare << "SELECT id, created_at FROM training_coaching_requests WHERE status = 'open' "
                        "AND answered_at = 0 AND reminded_at = 0 AND created_at <= :b ORDER BY id LIMIT 200",
         soci::use(before));
    for (const auto& r : rs) out.push_back({store::as_id(r, 0), store::as_id(r, 1)});
    return out;
  });
  long long done = 0;
  const Actor system{0, "système", ""};
  for (const auto& d : candidates) {
    if (enrolments::working_days_between(d.created_at, now) < days) continue;
    done += db_.write([&](soci::session& sql) -> long long {
      soci::statement st = (sql.prepare << "UPDATE training_coaching_requests SET reminded_at = :n "
                                           "WHERE id = :id AND reminded_at = 0 AND status = 'open' AND answered_at = 0",
                            soci::use(now), soci::use(d.id));
      st.execute(true);
      if (st.get_affected_rows() != 1) return 0;
      auto r = find_request(sql, d.id);
      if (!r) return 0;
      notify_staff(sql, *r, "reminder", r->message);
      audit_.record(sql, system, "coaching.reminder_sent", request_subject(d.id), std::to_string(days) + " jours");
      return 1;
    });
  }
  return done;
}

}  // namespace trame::coaching
