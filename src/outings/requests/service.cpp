#include "outings/requests/service.hpp"

#include <algorithm>

#include "network/organisations/scope.hpp"
#include "outings/bookings/rules.hpp"
#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::outing_requests {

namespace {

constexpr long long kDaySeconds = 86400;

std::string subject_of(long long id) {
  return "outing_request:" + std::to_string(id);
}

std::string show_time(long long t) {
  return format_local(t, "%d/%m/%Y à %H:%M");
}

// A date typed in a datetime-local field: its time (Europe/Paris), or -1.
long long parse_when(const std::string& typed) {
  std::string v = trim(typed);
  if (v.empty()) return -1;
  return parse_local(v);
}

// An id as typed in a form (digits only), or 0.
long long parse_id_text(const std::string& typed) {
  std::string v = trim(typed);
  if (v.empty() || v.size() > 15 || v.find_first_not_of("0123456789") != std::string::npos) return 0;
  return std::stoll(v);
}

}  // namespace

std::optional<Repository::OfferRow> Service::requestable(long long offer_id) {
  auto o = db_.read([&](soci::session& sql) { return repo_.offer(sql, offer_id); });
  if (!o || o->status != "published" || o->on_request == 0) return std::nullopt;
  return o;
}

std::vector<long long> Service::eligible_relais(const Principal& me, std::string& refusal, long long& refused_relais) {
  std::vector<long long> out;
  for (long long o : bookings::Service::own_relais(me).organisations) {
    auto e = bookings_.eligibility(me.id, o);
    if (e.ok) out.push_back(o);
    else if (refusal.empty()) {
      refusal = e.error;
      refused_relais = o;
    }
  }
  return out;
}

std::string Service::organisation_name(long long id) {
  return db_.read([&](soci::session& sql) { return repo_.organisation_name(sql, id); });
}

Outcome Service::create(const Actor& actor, const Principal& me, long long offer_id, const RequestInput& in,
                        web::Params& why) {
  auto offer = requestable(offer_id);
  if (!offer) return Outcome::not_found();
  long long now = store::now_seconds();
  Request r;
  r.offer_id = offer_id;
  r.requested_by = actor.id;
  r.created_at = r.updated_at = now;
  // The relais: the one chosen, or the only one the person books for; charter signed and onboarded.
  ActingFor relais = bookings::Service::own_relais(me);
  long long organisation_id = parse_id_text(in.organisation);
  if (organisation_id == 0 && relais.organisations.size() == 1) organisation_id = relais.organisations.front();
  if (organisation_id == 0 || !relais.covers(organisation_id))
    return Outcome::failure("outing_groups.errors.relais", "organisation");
  if (auto e = bookings_.eligibility(me.id, organisation_id); !e.ok) {
    why = {{"relais", organisation_name(organisation_id)}};
    return Outcome::failure(e.error, "organisation");
  }
  // Where the relais may book: a request leads to a booking, so it is refused as the booking would be.
  if (Outcome o = bookings_.branch_allows(offer_id, organisation_id, why); !o.ok) return o;
  r.organisation_id = organisation_id;
  // One to three dates, each understood and to come.
  std::vector<long long> dates;
  for (std::size_t i = 0; i < in.dates.size(); ++i) {
    if (trim(in.dates[i]).empty()) continue;
    std::string field = "date" + std::to_string(i + 1);
    long long at = parse_when(in.dates[i]);
    if (at < 0) return Outcome::failure("outing_requests.errors.date_invalid", field);
    if (at <= now) return Outcome::failure("outing_requests.errors.date_past", field);
    dates.push_back(at);
  }
  if (dates.empty()) return Outcome::failure("outing_requests.errors.no_date", "date1");
  if (dates.size() > kMaxDates) {
    why = {{"max", std::to_string(kMaxDates)}};
    return Outcome::failure("outing_requests.errors.too_many_dates", "date1");
  }
  for (std::size_t i = 0; i < dates.size(); ++i) r.dates[i] = dates[i];
  // The group's counts, as group bookings take them.
  const std::string max = std::to_string(bookings::kGroupMax);
  for (std::size_t i = 0; i < 6; ++i)
    if (!bookings::parse_count(in.ages.size() > i && !in.ages[i].empty() ? in.ages[i] : "0", bookings::kGroupMax,
                               r.ages[i])) {
      why = {{"max", max}};
      return Outcome::failure("outing_groups.errors.count", "age_" + std::to_string(i));
    }
  if (!bookings::parse_count(in.staff.empty() ? "0" : in.staff, bookings::kGroupMax, r.staff)) {
    why = {{"max", max}};
    return Outcome::failure("outing_groups.errors.count", "staff");
  }
  if (!bookings::parse_count(in.needs.empty() ? "0" : in.needs, bookings::kGroupMax, r.needs)) {
    why = {{"max", max}};
    return Outcome::failure("outing_groups.errors.count", "needs");
  }
  if (r.people() == 0) return Outcome::failure("outing_groups.errors.no_people", "age_0");
  if (r.needs > r.headcount()) {
    why = {{"headcount", std::to_string(r.headcount())}};
    return Outcome::failure("outing_groups.errors.needs", "needs");
  }
  if (r.headcount() > bookings::kGroupMax) {
    why = {{"max", max}};
    return Outcome::failure("outing_groups.errors.count", "staff");
  }
  std::string message = trim(in.message);
  if (message.size() > kMaxText) return Outcome::failure("outing_requests.errors.too_long", "message");
  return db_.attempt([&](soci::session& sql) {
    r.id = repo_.insert(sql, r);
    auto saved = repo_.find(sql, r.id);
    if (!saved) roll_back(Outcome::not_found());
    std::string wanted;
    for (long long d : dates) wanted += (wanted.empty() ? "" : ", ") + show_time(d);
    thread_line(sql, actor, *saved, "relais", "sent", message, now);
    notify(sql, *saved, "relais", "sent", {{"dates", wanted}, {"message", message}});
    audit_.record(sql, actor, "outing_request.sent", subject_of(r.id),
                  "offre " + std::to_string(offer_id) + " relais:" + std::to_string(organisation_id) +
                      " effectif:" + std::to_string(r.headcount()));
    return Outcome::success(r.id);
  });
}

Page Service::list(const Principal& me, const std::string& status, int page) {
  Page out;
  out.page = std::max(1, page);
  return db_.read([&](soci::session& sql) {
    ListFilter f;
    auto scope = organisations::network_scope(sql, me, perm::outings_publish);
    f.venues_all = scope.everywhere;
    if (!scope.everywhere) {
      f.venues = scope.own;
      for (long long o : organisations::organisations_in_delegations(sql, scope)) f.venues.push_back(o);
    }
    f.relais = bookings::Service::own_relais(me).organisations;
    f.status = is_one_of(status, statuses()) ? status : "";
    out.total = repo_.count(sql, f);
    out.items = repo_.list(sql, f, static_cast<long long>(out.page - 1) * kPerPage, kPerPage);
    return out;
  });
}

Request Service::visible(soci::session& sql, const Principal& me, long long id, bool& venue, bool& relais) {
  auto r = repo_.find(sql, id);
  if (!r) roll_back(Outcome::not_found());
  relais = bookings::Service::own_relais(me).covers(r->organisation_id);
  venue = organisations::any_in_scope(sql, organisations::network_scope(sql, me, perm::outings_publish),
                                      {r->venue_id, r->partner_id});
  if (!venue && !relais) roll_back(Outcome::not_found());
  return *r;
}

std::optional<View> Service::view(const Principal& me, long long id) {
  View v;
  Outcome o = db_.attempt([&](soci::session& sql) {
    v.request = visible(sql, me, id, v.venue_side, v.relais_side);
    v.thread = repo_.messages(sql, id);
    return Outcome::success(id);
  });
  if (!o.ok) return std::nullopt;
  return v;
}

void Service::thread_line(soci::session& sql, const Actor& actor, const Request& r, const std::string& side,
                          const std::string& kind, const std::string& body, long long now) {
  Message m;
  m.request_id = r.id;
  m.author_id = actor.id;
  m.side = side;
  m.kind = kind;
  m.body = body;
  m.created_at = now;
  repo_.insert_message(sql, m);
}

void Service::notify(soci::session& sql, const Request& r, const std::string& from_side, const std::string& kind,
                     web::Params extra) {
  web::Params p = {{"offer", r.offer_title},
                   {"venue", r.venue_name},
                   {"relais", r.organisation_name},
                   {"headcount", std::to_string(r.headcount())},
                   {"url", public_url_ + "/sorties/demandes/" + std::to_string(r.id)}};
  for (auto& kv : extra) p.push_back(std::move(kv));
  std::string subject = t("outing_requests.mail." + kind + ".subject", p);
  std::string body = t("outing_requests.mail." + kind + ".body", p);
  std::vector<std::string> to;
  if (from_side == "venue") to.push_back(r.requester_email);
  else to = repo_.venue_emails(sql, r.venue_id, r.partner_id);
  for (const auto& address : to)
    if (plausible_email(address)) mail_.enqueue(sql, address, subject, body);
}

Outcome Service::message(const Actor& actor, const Principal& me, long long id, const std::string& body) {
  std::string text = trim(body);
  if (text.empty()) return Outcome::failure("outing_requests.errors.empty_message", "body");
  if (text.size() > kMaxText) return Outcome::failure("outing_requests.errors.too_long", "body");
  return db_.attempt([&](soci::session& sql) {
    bool venue = false, relais = false;
    Request r = visible(sql, me, id, venue, relais);
    if (!is_open(r.status)) roll_back(Outcome::conflict("outing_requests.errors.closed"));
    long long now = store::now_seconds();
    // Serializes with the moves: a message is written only on a request still open.
    if (!repo_.move(sql, id, {r.status}, r.status, now)) roll_back(Outcome::conflict("outing_requests.errors.closed"));
    std::string side = venue ? "venue" : "relais";
    thread_line(sql, actor, r, side, "message", text, now);
    notify(sql, r, side, "message", {{"message", text}});
    audit_.record(sql, actor, "outing_request.message", subject_of(id), side);
    return Outcome::success(id);
  });
}

Outcome Service::propose(const Actor& actor, const Principal& me, long long id, const std::string& when,
                         const std::string& note) {
  long long now = store::now_seconds();
  long long at = parse_when(when);
  if (at < 0) return Outcome::failure("outing_requests.errors.date_invalid", "proposed");
  if (at <= now) return Outcome::failure("outing_requests.errors.date_past", "proposed");
  std::string text = trim(note);
  if (text.size() > kMaxText) return Outcome::failure("outing_requests.errors.too_long", "note");
  return db_.attempt([&](soci::session& sql) {
    bool venue = false, relais = false;
    Request r = visible(sql, me, id, venue, relais);
    if (!venue) roll_back(Outcome::forbidden("outing_requests.errors.venue_only"));
    if (!is_open(r.status) || !repo_.propose(sql, id, at, now))
      roll_back(Outcome::conflict("outing_requests.errors.closed"));
    thread_line(sql, actor, r, "venue", "proposed", text, now);
    notify(sql, r, "venue", "proposed", {{"when", show_time(at)}, {"message", text}});
    audit_.record(sql, actor, "outing_request.proposed", subject_of(id), show_time(at));
    return Outcome::success(id);
  });
}

Outcome Service::accept(const Actor& actor, const Principal& me, long long id, const std::string& choice,
                        web::Params& why) {
  return db_.attempt([&](soci::session& sql) {
    bool venue = false, relais = false;
    Request r = visible(sql, me, id, venue, relais);
    if (!is_open(r.status)) roll_back(Outcome::conflict("outing_requests.errors.closed"));
    long long now = store::now_seconds();
    long long at = 0;
    std::string side, expected;
    if (choice == "proposed") {
      if (!relais) roll_back(Outcome::forbidden("outing_requests.errors.relais_only"));
      if (r.status != "proposed" || r.proposed_at == 0) refuse("outing_requests.errors.no_proposal", "choice");
      at = r.proposed_at;
      side = "relais";
      expected = "proposed";
    } else {
      if (!venue) roll_back(Outcome::forbidden("outing_requests.errors.venue_only"));
      int n = choice == "1" ? 1 : choice == "2" ? 2 : choice == "3" ? 3 : 0;
      if (n == 0 || r.dates[n - 1] == 0) refuse("outing_requests.errors.choice", "choice");
      at = r.dates[n - 1];
      side = "venue";
      expected = r.status;
    }
    if (at <= now) refuse("outing_requests.errors.date_past", "choice");
    // The move first, counted: of two acceptances at once, the second finds the request closed.
    if (!repo_.move(sql, id, {expected}, "accepted", now))
      roll_back(Outcome::conflict("outing_requests.errors.closed"));
    // The slot, made for this group: its capacity and group share are the headcount.
    offers::Slot s;
    s.offer_id = r.offer_id;
    s.starts_at = at;
    s.capacity = r.headcount();
    s.group_places = r.headcount();
    s.opens_at = now;
    s.closes_at = at;
    s.cancel_until = std::max(now, at - 2 * kDaySeconds);
    s.created_at = s.updated_at = now;
    long long slot_id = offers_.insert_slot_in(sql, actor, s);
    // The booking: the referent who asked books it, through the bookings' one path for groups.
    bookings::GroupRequest g;
    g.slot_id = slot_id;
    g.organisation_id = r.organisation_id;
    for (std::size_t i = 0; i < 6; ++i) g.ages[i] = std::to_string(r.ages[i]);
    g.staff = std::to_string(r.staff);
    g.needs = std::to_string(r.needs);
    g.relais = ActingFor::only({r.organisation_id});
    g.dedicated_slot = true;
    Actor referent{r.requested_by, r.requester_email, actor.ip};
    bookings::Result booked = bookings_.book_group_in(sql, referent, g, why);
    repo_.set_booking(sql, id, slot_id, booked.outcome.id);
    thread_line(sql, actor, r, side, "accepted", show_time(at), now);
    notify(sql, r, side, "accepted", {{"when", show_time(at)}});
    audit_.record(sql, actor, "outing_request.accepted", subject_of(id),
                  show_time(at) + " slot:" + std::to_string(slot_id) + " booking:" + std::to_string(booked.outcome.id));
    return Outcome::success(id);
  });
}

Outcome Service::decline(const Actor& actor, const Principal& me, long long id, const std::string& reason) {
  std::string text = trim(reason);
  if (text.empty()) return Outcome::failure("outing_requests.errors.reason", "reason");
  if (text.size() > kMaxText) return Outcome::failure("outing_requests.errors.too_long", "reason");
  return db_.attempt([&](soci::session& sql) {
    bool venue = false, relais = false;
    Request r = visible(sql, me, id, venue, relais);
    if (!venue) roll_back(Outcome::forbidden("outing_requests.errors.venue_only"));
    long long now = store::now_seconds();
    if (!is_open(r.status) || !repo_.decline(sql, id, text, now))
      roll_back(Outcome::conflict("outing_requests.errors.closed"));
    thread_line(sql, actor, r, "venue", "declined", text, now);
    notify(sql, r, "venue", "declined", {{"reason", text}});
    audit_.record(sql, actor, "outing_request.declined", subject_of(id), "");
    return Outcome::success(id);
  });
}

Outcome Service::withdraw(const Actor& actor, const Principal& me, long long id) {
  return db_.attempt([&](soci::session& sql) {
    bool venue = false, relais = false;
    Request r = visible(sql, me, id, venue, relais);
    if (!relais) roll_back(Outcome::forbidden("outing_requests.errors.relais_only"));
    long long now = store::now_seconds();
    if (!is_open(r.status) || !repo_.move(sql, id, {"sent", "proposed"}, "withdrawn", now))
      roll_back(Outcome::conflict("outing_requests.errors.closed"));
    thread_line(sql, actor, r, "relais", "withdrawn", "", now);
    notify(sql, r, "relais", "withdrawn", {});
    audit_.record(sql, actor, "outing_request.withdrawn", subject_of(id), "");
    return Outcome::success(id);
  });
}

}  // namespace trame::outing_requests
