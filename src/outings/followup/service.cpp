#include "outings/followup/service.hpp"

#include "platform/store/settings.hpp"

#include <algorithm>
#include <limits>
#include <map>

#include "platform/core/text.hpp"
#include "outings/bookings/rules.hpp"
#include "platform/web/i18n.hpp"

namespace trame::followup {

Service::Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
                 std::string public_url)
    : db_(db), audit_(audit), mail_(mail), catalogue_(catalogue), public_url_(std::move(public_url)) {
  while (!public_url_.empty() && public_url_.back() == '/') public_url_.pop_back();
}

std::optional<BookingScope> Service::scope(long long booking_id) {
  return db_.read([&](soci::session& sql) { return repo_.booking_scope(sql, booking_id); });
}

std::optional<BookingScope> Service::booking_of(const ActingFor& relais, long long booking_id) {
  auto b = scope(booking_id);
  if (!b || !relais.covers(b->organisation_id)) return std::nullopt;
  return b;
}

std::optional<Feedback> Service::feedback(long long booking_id) {
  return db_.read([&](soci::session& sql) { return repo_.feedback(sql, booking_id); });
}

Outcome Service::record_feedback(const Actor& actor, const ActingFor& relais, long long booking_id,
                                 const std::string& reaction, const std::string& quote_in, bool consent) {
  const auto& r = reactions();
  if (std::find(r.begin(), r.end(), reaction) == r.end())
    return Outcome::failure("followup.errors.reaction", "reaction");
  std::string quote = trim(quote_in);
  if (code_points(quote) > kQuoteMax) return Outcome::failure("followup.errors.quote_too_long", "quote");
  if (!quote.empty() && !consent) return Outcome::failure("followup.errors.consent_required", "consent");
  return db_.write([&](soci::session& sql) -> Outcome {
    auto b = repo_.booking_scope(sql, booking_id);
    if (!b || !relais.covers(b->organisation_id)) return Outcome::not_found();
    if (b->status != "used") return Outcome::failure("followup.errors.not_used", "reaction");
    Feedback f;
    f.booking_id = booking_id;
    f.reaction = reaction;
    f.quote = quote;
    f.quote_consent = consent && !quote.empty();
    f.recorded_at = store::now_seconds();
    repo_.save_feedback(sql, f, actor.id);
    audit_.record(sql, actor, "outings.feedback.recorded", "booking:" + std::to_string(booking_id),
                  reaction + (f.quote_consent ? " +citation" : ""));
    return Outcome::success(booking_id);
  });
}

organisations::Scope Service::quote_scope(const Principal& me) {
  return db_.read([&](soci::session& sql) { return organisations::network_scope(sql, me, perm::outings_publish); });
}

std::vector<long long> Service::quote_venues(const organisations::Scope& scope, bool& all) {
  all = scope.everywhere;
  if (all) return {};
  std::vector<long long> ids = scope.own;
  db_.read([&](soci::session& sql) {
    for (long long id : organisations::organisations_in_delegations(sql, scope))
      if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  });
  return ids;
}

Outcome Service::publish_quote(const Actor& actor, long long booking_id, bool published,
                               const organisations::Scope& scope) {
  // Who may publish nowhere is refused outright, whatever the quote (as the list of quotes refuses
  // them); a quote outside the publisher's venues and délégations answers like one that does not exist.
  if (!scope.everywhere && !scope.limited() && scope.own.empty()) return Outcome::forbidden();
  auto b = this->scope(booking_id);
  if (!b) return Outcome::not_found();
  return db_.write([&](soci::session& sql) -> Outcome {
    if (!organisations::any_in_scope(sql, scope, {b->venue_id, b->partner_id})) return Outcome::not_found();
    auto f = repo_.feedback(sql, booking_id);
    if (!f) return Outcome::not_found();
    if (!f->quote_consent || f->quote.empty()) return Outcome::failure("followup.errors.no_consent");
    repo_.set_published(sql, booking_id, published);
    audit_.record(sql, actor, published ? "outings.quote.published" : "outings.quote.withdrawn",
                  "booking:" + std::to_string(booking_id));
    return Outcome::success(booking_id);
  });
}

std::vector<Quote> Service::published_quotes(long long offer_id, long long limit) {
  return db_.read([&](soci::session& sql) { return repo_.published_quotes(sql, offer_id, limit); });
}

std::vector<Quote> Service::consented_quotes(const std::vector<long long>& venue_scope, long long page,
                                             long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.consented_quotes(sql, venue_scope, (page - 1) * per_page, per_page, total);
  });
}

std::vector<ConsentedQuote> Service::consented_for_site(long long page, long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    return repo_.consented_for_site(sql, (std::max(1LL, page) - 1) * per_page, per_page, total);
  });
}

std::optional<ConsentedQuote> Service::consented_for_site(long long booking_id) {
  return db_.read([&](soci::session& sql) { return repo_.consented_for_site(sql, booking_id); });
}

long long Service::remind_attendance(long long now) {
  long long hours =
      db_.read([&](soci::session& sql) { return store::setting_int(sql, "outings.attendance_reminder_hours", 48); });
  auto slots = db_.read([&](soci::session& sql) { return repo_.slots_needing_reminder(sql, now - hours * 3600); });
  long long sent = 0;
  Actor system{0, "système", ""};
  for (long long slot_id : slots) {
    db_.write([&](soci::session& sql) {
      if (!repo_.claim_reminder(sql, slot_id, now)) return;  // another instance took it
      for (const auto& r : repo_.reminder_recipients(sql, slot_id)) {
        std::string locale = r.locale.empty() ? "fr" : r.locale;
        std::string codes;
        for (const auto& c : r.codes) codes += "  - " + c + "\n";
        web::Params params = {{"title", r.title},
                              {"date", bookings::mail_datetime(r.starts_at, locale)},
                              {"codes", codes},
                              {"link", public_url_ + "/sorties/tableau-de-bord"}};
        mail_.enqueue(sql, r.email, catalogue_.t(locale, "followup.mail.reminder.subject", params),
                      catalogue_.t(locale, "followup.mail.reminder.body", params));
        ++sent;
      }
      audit_.record(sql, system, "outings.attendance.reminded", "slot:" + std::to_string(slot_id));
    });
  }
  return sent;
}

ReferentDashboard Service::referent_dashboard(long long referent_id, long long now, long long page,
                                              long long per_page) {
  return db_.read([&](soci::session& sql) {
    ReferentDashboard d;
    using List = Repository::List;
    d.upcoming_total = repo_.count_referent_bookings(sql, List::upcoming, referent_id, now);
    d.upcoming = repo_.referent_bookings(sql, List::upcoming, referent_id, now, (page - 1) * per_page, per_page);
    d.to_accept = repo_.referent_bookings(sql, List::to_accept, referent_id, now, 0, 50);
    d.to_feedback_total = repo_.count_referent_bookings(sql, List::to_feedback, referent_id, now);
    d.to_feedback = repo_.referent_bookings(sql, List::to_feedback, referent_id, now, 0, 10);
    d.to_record_total = repo_.count_referent_bookings(sql, List::to_record, referent_id, now);
    d.to_record = repo_.referent_bookings(sql, List::to_record, referent_id, now, 0, 10);
    return d;
  });
}

std::vector<Person> Service::people(long long referent_id, long long now, long long page, long long per_page,
                                    long long& total) {
  return db_.read(
      [&](soci::session& sql) { return repo_.people(sql, referent_id, now, (page - 1) * per_page, per_page, total); });
}

std::vector<BookingLine> Service::history(const std::vector<long long>& organisations, long long page,
                                          long long per_page, long long& total) {
  return db_.read([&](soci::session& sql) {
    total = repo_.count_history(sql, organisations);
    return repo_.history(sql, organisations, (page - 1) * per_page, per_page);
  });
}

SlotPanel Service::venue_slots(const std::vector<long long>& venues, long long now, long long limit) {
  return db_.read([&](soci::session& sql) {
    SlotPanel p;
    p.slots =
        repo_.upcoming_slots(sql, venues, false, now, std::numeric_limits<long long>::max(), false, limit, p.total);
    return p;
  });
}

CoordinatorAlerts Service::alerts(const Principal& me, long long now, long long limit) {
  constexpr long long kDay = 86400;
  return db_.read([&](soci::session& sql) {
    CoordinatorAlerts a;
    auto scope = organisations::network_scope(sql, me, perm::outings_manage);
    std::vector<long long> orgs;
    if (!scope.everywhere) {
      orgs = organisations::organisations_in_delegations(sql, scope);
      orgs.insert(orgs.end(), scope.own.begin(), scope.own.end());
    }
    a.unused.slots =
        repo_.upcoming_slots(sql, orgs, scope.everywhere, now, now + 3 * kDay, true, limit, a.unused.total);
    a.overdue.slots =
        repo_.attendance_overdue(sql, orgs, scope.everywhere, now - 60 * kDay, now - 2 * kDay, limit, a.overdue.total);
    return a;
  });
}

namespace {

// Lines of one grouping, ordered by their key's bytes (as the page's former ORDER BY on text keys under
// SQLite's and the C collation).
class Grouping {
 public:
  void add(const std::string& key, const std::string& label, const PeriodSlot& s, long long now) {
    auto& l = lines_[key];
    l.key = key;
    l.label = label;
    l.offered += s.capacity;
    l.booked += s.held;
    l.used += s.used_places;
    l.no_show += s.noshow_places;
    if (s.starts_at < now) l.lost += s.capacity - s.used_places;
  }
  std::vector<StatLine> lines() const {
    std::vector<StatLine> out;
    out.reserve(lines_.size());
    for (const auto& entry : lines_) out.push_back(entry.second);
    return out;
  }

 private:
  std::map<std::string, StatLine> lines_;
};

}  // namespace

Stats Service::stats(long long from, long long to, long long now) {
  std::vector<PeriodSlot> slots;
  std::map<long long, PeriodOrganisation> organisations;
  std::map<long long, std::string> allocations;
  db_.read([&](soci::session& sql) {
    slots = repo_.period_slots(sql, from, to);
    std::vector<long long> ids;
    ids.reserve(slots.size() * 2);
    for (const auto& slot : slots) {
      ids.push_back(slot.venue_id);
      ids.push_back(slot.partner_id);
    }
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    organisations = repo_.period_organisations(sql, ids);
    allocations = repo_.allocation_names(sql);
  });
  Stats s;
  s.from = from;
  s.to = to;
  Grouping week, category, delegation, partner, allocation, branch, past_partner;
  std::map<std::string, QpvLine> qpv_by_category;
  const long long past_end = std::min(to, now);
  const std::string none;
  for (const auto& slot : slots) {
    // Used bookings of a person (a group has no person to place in a QPV), every slot of the period.
    s.qpv_total.outings += slot.person_used_bookings;
    s.qpv_total.in_qpv += slot.qpv_used_bookings;
    auto& q = qpv_by_category[slot.category];
    q.key = slot.category;
    q.outings += slot.person_used_bookings;
    q.in_qpv += slot.qpv_used_bookings;
    if (!slot.open) continue;
    // Weeks start on Monday (1970-01-05 was a Monday); shown by their first day.
    week.add(std::to_string((slot.starts_at - 345600) / 604800), none, slot, now);
    category.add(slot.category, none, slot, now);
    auto al = allocations.find(slot.allocation_id);
    if (al == allocations.end()) allocation.add(none, none, slot, now);
    else allocation.add(std::to_string(al->first), al->second, slot, now);
    auto pa = organisations.find(slot.partner_id);
    if (pa != organisations.end()) {
      auto key = std::to_string(slot.partner_id);
      partner.add(key, pa->second.name, slot, now);
      if (slot.starts_at < past_end) past_partner.add(key, pa->second.name, slot, now);
    }
    auto venue = organisations.find(slot.venue_id);
    if (venue == organisations.end()) {
      delegation.add(none, none, slot, now);
      continue;
    }
    branch.add(venue->second.branch_key, venue->second.branch_name, slot, now);
    // A commune whose EPCI is in several délégations counts the slot in each (as the page always did).
    for (const auto& [key, name] : venue->second.delegations) delegation.add(key, name, slot, now);
  }
  s.by_week = week.lines();
  s.by_category = category.lines();
  s.by_delegation = delegation.lines();
  s.by_partner = partner.lines();
  s.by_allocation = allocation.lines();
  s.by_branch = branch.lines();
  if (s.by_branch.size() == 1 && s.by_branch.front().key.empty()) s.by_branch.clear();
  for (const auto& l : s.by_category) {
    s.total.offered += l.offered;
    s.total.booked += l.booked;
    s.total.used += l.used;
    s.total.no_show += l.no_show;
    s.total.lost += l.lost;
  }
  for (const auto& entry : qpv_by_category)
    if (entry.second.outings > 0) s.qpv_by_category.push_back(entry.second);
  // Partners whose places go unused: of the places of their past slots, at least half were lost.
  for (const auto& l : past_partner.lines())
    if (l.offered > 0 && l.lost * 2 >= l.offered) s.unused_partners.push_back(l);
  std::sort(s.unused_partners.begin(), s.unused_partners.end(),
            [](const StatLine& a, const StatLine& b) { return a.lost * b.offered > b.lost * a.offered; });
  return s;
}

void Service::audit_export(const Actor& actor, long long from, long long to) {
  audit_.record(actor, "outings.dashboard.exported", "pilotage",
                "from=" + std::to_string(from) + " to=" + std::to_string(to));
}

}  // namespace trame::followup
