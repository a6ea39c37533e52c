#include "network_life/interventions/service.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "network_life/interventions/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"
#include "platform/docs/ics.hpp"
#include "platform/web/app.hpp"

namespace trame::interventions {

namespace {

bool staff_role(const std::string& role) {
  return role != "trainee" && role != "volunteer" && role != "jury_member";
}

std::string limited(const std::string& raw, std::size_t max, const std::string& key, const std::string& field,
                    bool required) {
  std::string text = trim(raw);
  if (required && text.empty()) refuse(key, field);
  if (code_points(text) > max) refuse(key + "_long", field);
  return text;
}

std::string lowered(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

std::string today() {
  return local_day(store::now_seconds());
}

}  // namespace

std::string Service::t(const std::string& key, const web::Params& params) const {
  return catalogue_.t("fr", key, params);
}

bool Service::may_manage(const Principal& me, long long organiser_id) {
  return me.is_admin() || me.can_in(perm::network_life_manage, organiser_id);
}

bool Service::staff_of(const Principal& me, long long organisation_id) {
  if (me.is_admin()) return true;
  return std::any_of(me.memberships.begin(), me.memberships.end(),
                     [&](const Membership& m) { return m.organisation_id == organisation_id && staff_role(m.role); });
}

std::vector<OrgOption> Service::requester_organisations(const Principal& me) {
  std::vector<OrgOption> out;
  for (const auto& m : me.memberships) {
    if (!staff_role(m.role) && m.role != "administrator") continue;
    if (std::any_of(out.begin(), out.end(), [&](const OrgOption& o) { return o.id == m.organisation_id; })) continue;
    out.push_back({m.organisation_id, m.organisation_name});
  }
  return out;
}

bool Service::manages_any(const Principal& me) const {
  return !me.acting_for(perm::network_life_manage).none() || me.is_admin();
}

std::vector<OrgOption> Service::managed_organisers(const Principal& me) {
  auto scope = me.acting_for(perm::network_life_manage);
  return db_.read([&](soci::session& sql) {
    std::vector<OrgOption> out;
    if (scope.all || me.is_admin()) {
      for (const auto& o : repo_.directory(sql, 2000)) out.push_back({o.id, o.name});
      return out;
    }
    for (long long id : scope.organisations)
      if (auto o = repo_.organisation(sql, id)) out.push_back({o->id, o->name});
    return out;
  });
}

std::string Service::when(long long starts_at, long long ends_at) const {
  return t("interventions.when", {{"day", format_local(starts_at, "%d/%m/%Y")},
                                  {"from", format_local(starts_at, "%H:%M")},
                                  {"to", format_local(ends_at, "%H:%M")}});
}

std::string Service::request_url(long long id) const {
  return public_url_ + "/programmes/interventions/demandes/" + std::to_string(id);
}

// ---- Catalogue

std::vector<Offer> Service::catalogue(const Principal* me) {
  return db_.read([&](soci::session& sql) {
    if (me && me->is_admin()) return repo_.offers(sql, {}, true);
    std::vector<long long> managed;
    if (me) {
      auto scope = me->acting_for(perm::network_life_manage);
      if (scope.all) return repo_.offers(sql, {}, true);
      managed = scope.organisations;
    }
    return repo_.offers(sql, managed, false);
  });
}

std::optional<Offer> Service::offer(const Principal* me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<Offer> {
    auto o = repo_.offer(sql, id);
    if (!o) return std::nullopt;
    if (!o->published && !(me && may_manage(*me, o->organiser_id))) return std::nullopt;
    return o;
  });
}

std::vector<OrgChoice> Service::directory() {
  return db_.read([&](soci::session& sql) { return repo_.directory(sql, 2000); });
}

Outcome Service::validate_offer(const OfferInput& in, Offer& o) const {
  o.title = trim(in.title);
  if (o.title.empty()) return Outcome::failure("interventions.errors.offer_title", "title");
  if (code_points(o.title) > kMaxShort) return Outcome::failure("interventions.errors.offer_title_long", "title");
  o.description = trim(in.description);
  if (o.description.empty()) return Outcome::failure("interventions.errors.description", "description");
  if (code_points(o.description) > kMaxText)
    return Outcome::failure("interventions.errors.description_long", "description");
  std::string d = trim(in.duration);
  o.duration_minutes = d.empty() ? 0 : parse_count(d, 24 * 60);
  if (o.duration_minutes < 0) return Outcome::failure("interventions.errors.duration", "duration");
  o.audience = trim(in.audience);
  if (code_points(o.audience) > kMaxShort)
    return Outcome::failure("interventions.errors.audience_text_long", "audience");
  std::string c = trim(in.capacity);
  o.capacity = c.empty() ? 0 : parse_count(c, kMaxParticipants);
  if (o.capacity < 0) return Outcome::failure("interventions.errors.capacity", "capacity");
  o.needs = trim(in.needs);
  if (code_points(o.needs) > kMaxText) return Outcome::failure("interventions.errors.needs_long", "needs");
  o.published = in.published;
  return Outcome::success();
}

Outcome Service::create_offer(const Actor& actor, const Principal& me, const OfferInput& in) {
  return db_.attempt([&](soci::session& sql) {
    long long organiser = web::parse_id(trim(in.organiser));
    if (!manages_any(me)) roll_back(Outcome::forbidden("interventions.errors.managers_only"));
    if (organiser <= 0 || !repo_.organisation(sql, organiser)) refuse("interventions.errors.organiser", "organiser");
    if (!may_manage(me, organiser)) refuse("interventions.errors.organiser", "organiser");
    Offer o;
    if (auto bad = validate_offer(in, o); !bad.ok) roll_back(bad);
    o.organiser_id = organiser;
    o.created_by = me.id;
    long long now = store::now_seconds();
    o.id = repo_.insert_offer(sql, o, now);
    audit_.record(sql, actor, "interventions.offer_create", "life_intervention_offer:" + std::to_string(o.id), o.title);
    return Outcome::success(o.id);
  });
}

Outcome Service::update_offer(const Actor& actor, const Principal& me, long long id, const OfferInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto old = repo_.offer(sql, id);
    if (!old || (!old->published && !may_manage(me, old->organiser_id))) roll_back(Outcome::not_found());
    if (!may_manage(me, old->organiser_id)) roll_back(Outcome::forbidden("interventions.errors.managers_only"));
    Offer o = *old;
    if (auto bad = validate_offer(in, o); !bad.ok) roll_back(bad);
    repo_.update_offer(sql, o, store::now_seconds());
    audit_.record(sql, actor, "interventions.offer_update", "life_intervention_offer:" + std::to_string(id), o.title);
    return Outcome::success(id);
  });
}

// ---- Requests

Outcome Service::create_request(const Actor& actor, const Principal& me, long long offer_id, const RequestInput& in) {
  return db_.attempt([&](soci::session& sql) {
    auto o = repo_.offer(sql, offer_id);
    if (!o || (!o->published && !may_manage(me, o->organiser_id))) roll_back(Outcome::not_found());
    if (!o->published) roll_back(Outcome::conflict("interventions.errors.offer_closed"));
    auto mine = requester_organisations(me);
    if (mine.empty()) roll_back(Outcome::forbidden("interventions.errors.staff_only"));
    Request r;
    r.offer_id = offer_id;
    r.organiser_id = o->organiser_id;
    r.requester_org_id = web::parse_id(trim(in.requester_org));
    if (mine.size() == 1 && trim(in.requester_org).empty()) r.requester_org_id = mine.front().id;
    if (r.requester_org_id <= 0 || !staff_of(me, r.requester_org_id) || !repo_.organisation(sql, r.requester_org_id))
      refuse("interventions.errors.requester_org", "requester_org");
    std::string bad_field, error;
    auto dates = wanted_dates({in.date1, in.date2, in.date3}, today(), bad_field, error);
    if (!bad_field.empty()) refuse("interventions.errors." + error, bad_field);
    r.date1 = dates[0];
    r.date2 = dates.size() > 1 ? dates[1] : "";
    r.date3 = dates.size() > 2 ? dates[2] : "";
    r.audience = trim(in.audience);
    if (!is_one_of(r.audience, audiences())) refuse("interventions.errors.audience", "audience");
    r.expected_count = parse_count(in.expected_count, kMaxParticipants);
    if (r.expected_count < 1) refuse("interventions.errors.expected_count", "expected_count");
    r.place_org_id = web::parse_id(trim(in.place_org));
    auto place = r.place_org_id > 0 ? repo_.organisation(sql, r.place_org_id) : std::nullopt;
    if (!place) refuse("interventions.errors.place", "place_org");
    r.place_address = limited(in.place_address, 300, "interventions.errors.address", "place_address", false);
    if (r.place_address.empty()) r.place_address = place->address;
    if (r.place_address.empty()) refuse("interventions.errors.address", "place_address");
    r.neighbourhood =
        limited(in.neighbourhood, kMaxShort, "interventions.errors.neighbourhood", "neighbourhood", false);
    r.priority_area = in.priority_area;
    r.contact_name = limited(in.contact_name, kMaxShort, "interventions.errors.contact_name", "contact_name", true);
    r.contact_email = trim(in.contact_email);
    if (r.contact_email.empty() || r.contact_email.size() > 254 || !plausible_email(r.contact_email))
      refuse("interventions.errors.contact_email", "contact_email");
    r.contact_phone = limited(in.contact_phone, 40, "interventions.errors.contact_phone", "contact_phone", false);
    r.message = limited(in.message, kMaxText, "interventions.errors.message", "message", false);
    r.requested_by = me.id;
    long long now = store::now_seconds();
    r.id = repo_.insert(sql, r, now);
    audit_.record(sql, actor, "interventions.request", "life_intervention_request:" + std::to_string(r.id),
                  o->title + " — " + std::to_string(r.expected_count) + " participant(s)");
    return Outcome::success(r.id);
  });
}

// The requests a reader sees: every one for whoever manages everywhere, else those organised by an
// organisation they manage or requested by one of theirs.
RequestFilter Service::visible_to(const Principal& me) const {
  RequestFilter f;
  auto scope = me.acting_for(perm::network_life_manage);
  f.all = me.is_admin() || scope.all;
  if (f.all) return f;
  f.organisers = scope.organisations;
  for (const auto& o : requester_organisations(me)) f.requesters.push_back(o.id);
  return f;
}

RequestPage Service::list(const Principal& me, const std::string& filter, int page) {
  return db_.read([&](soci::session& sql) {
    RequestFilter f = visible_to(me);
    if (is_one_of(filter, statuses())) f.statuses = {filter};
    RequestPage out;
    out.total = repo_.count(sql, f);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.requests(sql, f, RequestOrder::newest_first, kPerPage, (out.page - 1) * kPerPage);
    return out;
  });
}

RequestPage Service::calendar(const Principal& me, bool past, int page) {
  return db_.read([&](soci::session& sql) {
    RequestFilter f = visible_to(me);
    f.scheduled = true;
    if (past) {
      f.statuses = {"done"};
    } else {
      f.statuses = {"accepted", "scheduled"};
      f.starts_from = day_start(today());
    }
    RequestPage out;
    out.total = repo_.count(sql, f);
    out.pages = static_cast<int>(std::max<long long>(1, (out.total + kPerPage - 1) / kPerPage));
    out.page = std::clamp(page, 1, out.pages);
    out.items = repo_.requests(sql, f, past ? RequestOrder::latest_first : RequestOrder::soonest_first, kPerPage,
                               (out.page - 1) * kPerPage);
    return out;
  });
}

Request Service::visible(soci::session& sql, const Principal& me, long long id, bool& manages, bool& requester) const {
  auto r = repo_.find(sql, id);
  if (!r) roll_back(Outcome::not_found());
  manages = may_manage(me, r->organiser_id);
  requester = staff_of(me, r->requester_org_id) && !me.is_admin();
  if (me.is_admin())
    requester = std::any_of(me.memberships.begin(), me.memberships.end(),
                            [&](const Membership& m) { return m.organisation_id == r->requester_org_id; });
  if (!manages && !requester) roll_back(Outcome::not_found());
  return *r;
}

std::optional<RequestView> Service::view(const Principal& me, long long id) {
  return db_.read([&](soci::session& sql) -> std::optional<RequestView> {
    try {
      RequestView v;
      v.request = visible(sql, me, id, v.manages, v.requester);
      return v;
    } catch (const Rollback&) {
      return std::nullopt;
    }
  });
}

void Service::notify(soci::session& sql, const Request& r, const std::string& kind, const web::Params& extra,
                     const std::string& ics, long long now) {
  web::Params p = {{"offer", r.offer_title},
                   {"organiser", r.organiser_name},
                   {"requester", r.requester_org_name},
                   {"place", r.place_org_name + (r.place_address.empty() ? "" : ", " + r.place_address)},
                   {"url", request_url(r.id)},
                   {"contact", r.contact_name}};
  if (r.starts_at > 0) p.emplace_back("when", when(r.starts_at, r.ends_at));
  for (const auto& kv : extra) p.push_back(kv);
  std::string subject = t("interventions.mail." + kind + ".subject", p);
  std::string body = t("interventions.mail." + kind + ".body", p);
  mail::Attachment file;
  if (!ics.empty() && r.starts_at > 0) {
    docs::CalendarEvent e;
    std::string host = public_url_;
    if (auto s = host.find("://"); s != std::string::npos) host = host.substr(s + 3);
    if (auto end = host.find_first_of(":/?#"); end != std::string::npos) host = host.substr(0, end);
    e.uid = "life-intervention-" + std::to_string(r.id) + "@" + (host.empty() ? std::string("trame") : host);
    e.starts_at = r.starts_at;
    e.ends_at = r.ends_at;
    e.stamp = now;
    e.sequence = r.sequence;
    e.summary = r.offer_title + " — " + r.requester_org_name;
    e.description = t("interventions.mail.ics_description", p);
    e.location = r.place_org_name + (r.place_address.empty() ? "" : ", " + r.place_address);
    e.url = request_url(r.id);
    e.cancelled = ics == "cancel";
    file = {ics == "cancel" ? "annulation.ics" : "intervention.ics", "text/calendar; method=PUBLISH; charset=UTF-8",
            docs::ics_calendar({e}, "-//Trame//Interventions//FR")};
  }
  std::set<std::string> sent;
  for (const auto& to : {r.requested_by_email, r.contact_email}) {
    if (to.empty() || !sent.insert(lowered(to)).second) continue;
    if (file.filename.empty()) mail_.enqueue(sql, to, subject, body);
    else mail_.enqueue(sql, to, subject, body, file);
  }
}

Outcome Service::accept(const Actor& actor, const Principal& me, long long id, const AcceptInput& in) {
  return db_.attempt([&](soci::session& sql) {
    bool manages = false, requester = false;
    Request r = visible(sql, me, id, manages, requester);
    if (!manages) roll_back(Outcome::forbidden("interventions.errors.managers_only"));
    if (!may_decide(r.status)) roll_back(Outcome::conflict("interventions.errors.already_decided"));
    std::string chosen = trim(in.date);
    bool proposed = false;
    if (chosen.empty()) refuse("interventions.errors.choose_date", "date");
    if (chosen == "other") {
      auto d = parse_date(in.other_date);
      if (!d) refuse("interventions.errors.other_date", "other_date");
      chosen = iso_date(*d);
    }
    auto wanted = r.wanted_dates();
    proposed = std::find(wanted.begin(), wanted.end(), chosen) == wanted.end();
    if (!parse_date(chosen)) refuse("interventions.errors.choose_date", "date");
    long long starts = local_time(*parse_date(chosen), trim(in.starts));
    if (starts < 0) refuse("interventions.errors.starts", "starts");
    long long ends = local_time(*parse_date(chosen), trim(in.ends));
    if (ends < 0) refuse("interventions.errors.ends", "ends");
    if (ends <= starts) refuse("interventions.errors.end_before_start", "ends");
    long long now = store::now_seconds();
    if (starts <= now) refuse("interventions.errors.date_past_decision", proposed ? "other_date" : "date");
    std::string note = limited(in.note, kMaxText, "interventions.errors.note", "note", false);
    std::string status = proposed ? "accepted" : "scheduled";
    if (!repo_.decide_schedule(sql, id, status, starts, ends, note, me.id, now))
      roll_back(Outcome::conflict("interventions.errors.already_decided"));
    r = *repo_.find(sql, id);
    notify(sql, r, proposed ? "proposed" : "scheduled", {{"note", note.empty() ? "" : "\n" + note + "\n"}},
           proposed ? "" : "request", now);
    audit_.record(sql, actor, "interventions.accept", "life_intervention_request:" + std::to_string(id),
                  status + " " + local_input(starts));
    return Outcome::success(id);
  });
}

Outcome Service::decline(const Actor& actor, const Principal& me, long long id, const std::string& raw) {
  return db_.attempt([&](soci::session& sql) {
    bool manages = false, requester = false;
    Request r = visible(sql, me, id, manages, requester);
    if (!manages) roll_back(Outcome::forbidden("interventions.errors.managers_only"));
    if (!may_decide(r.status)) roll_back(Outcome::conflict("interventions.errors.already_decided"));
    std::string reason = limited(raw, kMaxText, "interventions.errors.decline_reason", "reason", true);
    long long now = store::now_seconds();
    if (!repo_.decline(sql, id, reason, me.id, now))
      roll_back(Outcome::conflict("interventions.errors.already_decided"));
    r = *repo_.find(sql, id);
    notify(sql, r, "declined", {{"reason", reason}}, "", now);
    audit_.record(sql, actor, "interventions.decline", "life_intervention_request:" + std::to_string(id), reason);
    return Outcome::success(id);
  });
}

Outcome Service::confirm(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    bool manages = false, requester = false;
    Request r = visible(sql, me, id, manages, requester);
    if (!requester) roll_back(Outcome::forbidden("interventions.errors.requesters_only"));
    if (!may_confirm(r.status)) roll_back(Outcome::conflict("interventions.errors.not_proposed"));
    long long now = store::now_seconds();
    if (r.starts_at <= now) roll_back(Outcome::conflict("interventions.errors.date_passed"));
    if (!repo_.confirm(sql, id, now)) roll_back(Outcome::conflict("interventions.errors.not_proposed"));
    r = *repo_.find(sql, id);
    notify(sql, r, "scheduled", {{"note", ""}}, "request", now);
    audit_.record(sql, actor, "interventions.confirm", "life_intervention_request:" + std::to_string(id),
                  local_input(r.starts_at));
    return Outcome::success(id);
  });
}

Outcome Service::cancel(const Actor& actor, const Principal& me, long long id, const std::string& raw) {
  return db_.attempt([&](soci::session& sql) {
    bool manages = false, requester = false;
    Request r = visible(sql, me, id, manages, requester);
    if (!may_cancel(r.status)) roll_back(Outcome::conflict("interventions.errors.not_cancellable"));
    long long now = store::now_seconds();
    if (r.starts_at > 0 && r.starts_at <= now) roll_back(Outcome::conflict("interventions.errors.date_passed"));
    std::string reason = limited(raw, kMaxText, "interventions.errors.cancel_reason", "cancel_reason", true);
    bool was_scheduled = r.status == "scheduled";
    if (!repo_.cancel(sql, id, reason, me.id, now))
      roll_back(Outcome::conflict("interventions.errors.not_cancellable"));
    r = *repo_.find(sql, id);
    notify(sql, r, "cancelled", {{"reason", reason}}, was_scheduled ? "cancel" : "", now);
    audit_.record(sql, actor, "interventions.cancel", "life_intervention_request:" + std::to_string(id), reason);
    return Outcome::success(id);
  });
}

Outcome Service::record_attendance(const Actor& actor, const Principal& me, long long id, const AttendanceInput& in) {
  return db_.attempt([&](soci::session& sql) {
    bool manages = false, requester = false;
    Request r = visible(sql, me, id, manages, requester);
    if (!manages) roll_back(Outcome::forbidden("interventions.errors.managers_only"));
    if (!may_record_attendance(r.status)) roll_back(Outcome::conflict("interventions.errors.not_scheduled"));
    long long now = store::now_seconds();
    if (r.starts_at <= 0 || r.starts_at > now) roll_back(Outcome::conflict("interventions.errors.not_started"));
    Request c;
    const std::pair<const std::string*, long long*> fields[] = {{&in.children, &c.attended_children},
                                                                {&in.youth, &c.attended_youth},
                                                                {&in.adults, &c.attended_adults},
                                                                {&in.seniors, &c.attended_seniors}};
    const char* names[] = {"children", "youth", "adults", "seniors"};
    for (std::size_t i = 0; i < 4; ++i) {
      std::string text = trim(*fields[i].first);
      long long n = text.empty() ? 0 : parse_count(text, kMaxParticipants);
      if (n < 0) refuse("interventions.errors.count", std::string("count_") + names[i]);
      *fields[i].second = n;
    }
    if (c.participants() < 1) refuse("interventions.errors.nobody", "count_children");
    if (c.participants() > kMaxParticipants) refuse("interventions.errors.too_many", "count_children");
    if (!repo_.set_attendance(sql, id, c, now)) roll_back(Outcome::conflict("interventions.errors.not_scheduled"));
    audit_.record(sql, actor, "interventions.attendance", "life_intervention_request:" + std::to_string(id),
                  std::to_string(c.participants()) + " participant(s)");
    return Outcome::success(id);
  });
}

Outcome Service::team_feedback(const Actor& actor, const Principal& me, long long id, const std::string& raw) {
  return db_.attempt([&](soci::session& sql) {
    bool manages = false, requester = false;
    Request r = visible(sql, me, id, manages, requester);
    if (!manages) roll_back(Outcome::forbidden("interventions.errors.managers_only"));
    if (!may_give_feedback(r.status)) roll_back(Outcome::conflict("interventions.errors.not_done"));
    std::string text = limited(raw, 2000, "interventions.errors.feedback", "feedback", true);
    if (!repo_.set_team_feedback(sql, id, text, store::now_seconds()))
      roll_back(Outcome::conflict("interventions.errors.not_done"));
    audit_.record(sql, actor, "interventions.feedback", "life_intervention_request:" + std::to_string(id),
                  std::to_string(code_points(text)) + " caractères");
    return Outcome::success(id);
  });
}

Outcome Service::satisfaction(const Actor& actor, const Principal& me, long long id, const std::string& value,
                              const std::string& raw_comment) {
  return db_.attempt([&](soci::session& sql) {
    bool manages = false, requester = false;
    Request r = visible(sql, me, id, manages, requester);
    if (!requester) roll_back(Outcome::forbidden("interventions.errors.requesters_only"));
    if (!may_give_feedback(r.status)) roll_back(Outcome::conflict("interventions.errors.not_done"));
    long long n = parse_satisfaction(value);
    if (n == 0) refuse("interventions.errors.satisfaction", "satisfaction");
    std::string comment = limited(raw_comment, 1000, "interventions.errors.comment", "comment", false);
    if (!repo_.set_satisfaction(sql, id, n, comment, store::now_seconds()))
      roll_back(Outcome::conflict("interventions.errors.not_done"));
    audit_.record(sql, actor, "interventions.satisfaction", "life_intervention_request:" + std::to_string(id),
                  std::to_string(n) + "/5");
    return Outcome::success(id);
  });
}

Outcome Service::figures(const Principal& me, long long organiser_id, int year, YearFigures& out) {
  return db_.read([&](soci::session& sql) -> Outcome {
    if (!repo_.organisation(sql, organiser_id)) return Outcome::not_found();
    if (!may_manage(me, organiser_id)) return Outcome::forbidden("interventions.errors.managers_only");
    if (year < 2000 || year > 2100) return Outcome::not_found();
    out = YearFigures{};
    out.year = year;
    long long from = month_start(year, 1), to = next_month_start(year, 12);
    RequestFilter in_year;
    in_year.organisers = {organiser_id};
    in_year.created_from = from;
    in_year.created_to = to;
    out.requests = repo_.count(sql, in_year);
    in_year.statuses = {"declined"};
    out.declined = repo_.count(sql, in_year);
    in_year.statuses = {"cancelled"};
    out.cancelled = repo_.count(sql, in_year);
    RequestFilter done;
    done.organisers = {organiser_id};
    done.statuses = {"done"};
    done.starts_from = from;
    done.starts_to = to;
    std::set<std::string> communes, neighbourhoods;
    long long satisfaction_sum = 0;
    for (const auto& r : repo_.requests(sql, done, RequestOrder::soonest_first, 100000, 0)) {
      ++out.done;
      out.participants += r.participants();
      out.children += r.attended_children;
      out.youth += r.attended_youth;
      out.adults += r.attended_adults;
      out.seniors += r.attended_seniors;
      if (r.priority_area) ++out.in_priority_areas;
      if (!r.commune_name.empty()) communes.insert(r.commune_name);
      if (!r.neighbourhood.empty()) neighbourhoods.insert(r.neighbourhood);
      if (r.satisfaction > 0) {
        satisfaction_sum += r.satisfaction;
        ++out.satisfaction_count;
      }
    }
    out.communes.assign(communes.begin(), communes.end());
    out.neighbourhoods.assign(neighbourhoods.begin(), neighbourhoods.end());
    if (out.satisfaction_count)
      out.satisfaction_average = static_cast<double>(satisfaction_sum) / static_cast<double>(out.satisfaction_count);
    return Outcome::success();
  });
}

std::vector<Request> Service::awaiting(const Principal& me, int limit, long long& total) {
  return db_.read([&](soci::session& sql) {
    std::vector<Request> out;
    total = 0;
    auto scope = me.acting_for(perm::network_life_manage);
    if (!scope.all && scope.organisations.empty()) return out;
    RequestFilter f;
    f.all = scope.all;
    f.organisers = scope.organisations;
    f.statuses = {"requested"};
    total = repo_.count(sql, f);
    return repo_.requests(sql, f, RequestOrder::oldest_first, limit, 0);
  });
}

std::optional<Request> Service::next_for(const Principal& me) {
  auto mine = requester_organisations(me);
  if (mine.empty()) return std::nullopt;
  std::vector<long long> ids;
  ids.reserve(mine.size());
  for (const auto& o : mine) ids.push_back(o.id);
  return db_.read([&](soci::session& sql) -> std::optional<Request> {
    RequestFilter f;
    f.requesters = ids;
    f.statuses = {"accepted", "scheduled"};
    f.ends_from = store::now_seconds();
    auto list = repo_.requests(sql, f, RequestOrder::soonest_first, 1, 0);
    if (list.empty()) return std::nullopt;
    return list.front();
  });
}

long long Service::run_due(long long now) {
  // The reminder two days before a scheduled intervention, with its calendar file again; claimed in
  // the write that queues it (two servers running the jobs at once send it once).
  auto due = db_.read([&](soci::session& sql) { return repo_.due_reminders(sql, now, now + kReminderAhead, 200); });
  long long sent = 0;
  for (long long id : due) {
    auto outcome = db_.attempt([&](soci::session& sql) {
      if (!repo_.claim_reminder(sql, id, now)) return Outcome::success(0);
      auto r = repo_.find(sql, id);
      notify(sql, *r, "reminder", {}, "request", now);
      return Outcome::success(1);
    });
    if (outcome.ok) sent += outcome.id;
  }
  return sent;
}

}  // namespace trame::interventions
