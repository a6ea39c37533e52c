// Follow-up rules: feedback after the outing (reaction, consented quote, publication), attendance
// reminders (a job), and the data of the referent's and the coordinator's dashboards.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/reads.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "outings/followup/model.hpp"
#include "outings/followup/repository.hpp"
#include "platform/mail/service.hpp"
#include "network/organisations/scope.hpp"
#include "platform/store/database.hpp"

namespace trame::web {
class App;
class Catalogue;
class Dashboard;
}  // namespace trame::web

namespace trame::followup {

struct ReferentDashboard {
  std::vector<BookingLine> upcoming;
  long long upcoming_total = 0;
  std::vector<BookingLine> to_accept;    // offered places awaiting an answer
  std::vector<BookingLine> to_feedback;  // used, no feedback yet
  long long to_feedback_total = 0;
  std::vector<BookingLine> to_record;  // confirmed, outing over: attendance to record
  long long to_record_total = 0;
};

// Slots for a dashboard panel: the first ones and how many there are in all.
struct SlotPanel {
  std::vector<SlotLine> slots;
  long long total = 0;
};

// The coordinator's alerts: slots about to pass with places nobody booked, and past outings whose
// attendance nobody recorded.
struct CoordinatorAlerts {
  SlotPanel unused;
  SlotPanel overdue;
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url);

  std::optional<BookingScope> scope(long long booking_id);
  // The booking if `relais` (the person's outings.book organisations) covers its relais; nullopt
  // otherwise, like a booking that does not exist.
  std::optional<BookingScope> booking_of(const ActingFor& relais, long long booking_id);
  std::optional<Feedback> feedback(long long booking_id);
  // The referent records the reaction; a quote (≤ 280 characters) needs the person's consent. A
  // booking of a relais `relais` does not cover is not found.
  Outcome record_feedback(const Actor& actor, const ActingFor& relais, long long booking_id,
                          const std::string& reaction, const std::string& quote, bool consent);
  // Whose consented quotes a person sees and publishes (docs/scopes.md): every venue's
  // (administrators, network-wide coordinators), else their own venues' and those in their délégations.
  organisations::Scope quote_scope(const Principal& me);
  // The venues of that scope for consented_quotes: `all`, or the list (empty: none).
  std::vector<long long> quote_venues(const organisations::Scope& scope, bool& all);
  // Publishes (or withdraws) a consented quote; the offer's venue or partner must lie in the scope,
  // else not_found (forbidden when the scope is empty: who publishes nowhere) and nothing changes.
  Outcome publish_quote(const Actor& actor, long long booking_id, bool published, const organisations::Scope& scope);
  // Published quotes of an offer, newest first (for the offer page).
  std::vector<Quote> published_quotes(long long offer_id, long long limit = 5);
  // Every consented quote, for the public site's editors to pick (src/website/quotes), newest first; one
  // by its booking (nullopt: none, or not consented).
  std::vector<ConsentedQuote> consented_for_site(long long page, long long per_page, long long& total);
  std::optional<ConsentedQuote> consented_for_site(long long booking_id);
  // Consented quotes: all (venue_scope empty) or those of the listed venues/partners.
  std::vector<Quote> consented_quotes(const std::vector<long long>& venue_scope, long long page, long long per_page,
                                      long long& total);

  // Job: e-mails the referents of slots whose attendance is still missing (once per slot).
  long long remind_attendance(long long now);

  ReferentDashboard referent_dashboard(long long referent_id, long long now, long long page, long long per_page);
  std::vector<Person> people(long long referent_id, long long now, long long page, long long per_page,
                             long long& total);
  // Bookings of the given structures (newest slots first).
  std::vector<BookingLine> history(const std::vector<long long>& organisations, long long page, long long per_page,
                                   long long& total);

  // The next open slots of these venues (their offers' venue or partner), soonest first.
  SlotPanel venue_slots(const std::vector<long long>& venues, long long now, long long limit);
  // Alerts within the person's outings.manage scope (délégations; everywhere for a network-wide one):
  // slots in the next 3 days with places left, and slots over for 2 days whose attendance is still to
  // record (the last 60 days).
  CoordinatorAlerts alerts(const Principal& me, long long now, long long limit);

  Stats stats(long long from, long long to, long long now);
  // Records a dashboard export in the audit log.
  void audit_export(const Actor& actor, long long from, long long to);

  // A sensitive read, through the platform's one rule (platform/audit/reads.hpp, issue 23).
  bool record_read(const Actor& actor, const audit::Read& read) { return audit::record_read(db_, audit_, actor, read); }

 private:
  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// The outings' panels of /tableau-de-bord: a referent's next outings and what to record, a venue's next
// slots with their counts, a coordinator's alerts (order 100..199).
void register_dashboard(web::Dashboard& dashboard, Service& service);

}  // namespace trame::followup
