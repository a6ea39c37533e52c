// Bookings' rules: pseudonymous beneficiaries, who may book, booking a slot under the network's rules
// (places only through conditional UPDATEs), the state machine's moves (cancel, attendance, undo), slot
// cancellation and added places by the venue, the network's rules and the referents' onboarding.
// Every change is one transaction writing booking_events, the audit log and the e-mails it sends.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "platform/audit/reads.hpp"
#include "platform/audit/service.hpp"
#include "outings/bookings/model.hpp"
#include "outings/bookings/queue.hpp"
#include "outings/bookings/repository.hpp"
#include "outings/bookings/ticket.hpp"
#include "platform/core/outcome.hpp"
#include "platform/core/permissions.hpp"
#include "platform/mail/service.hpp"
#include "network/organisations/scope.hpp"
#include "network/partnerships/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
}

namespace trame::bookings {

// A refusal or a result with the values its French message needs.
struct Result {
  Outcome outcome;
  std::string status;  // the booking's status after a booking: confirmed, waiting, requested
  web::Params params;  // placeholders of the message (e.g. {until})
};

// A booking and its slot whose ticket may be given (confirmed or used), or why not.
struct TicketAccess {
  Outcome outcome;
  Booking booking;
  Slot slot;
};

// Whether a referent may book for a relais, and why not.
struct Eligibility {
  bool ok = false;
  std::string error;  // catalogue key when !ok
};

class Service {
 public:
  Service(store::Database& db, audit::Service& audit, mail::Service& mail, Queue& queue,
          partnerships::Service& partnerships, const web::Catalogue& catalogue, std::string public_url,
          web::SecretKeys keys = web::SecretKeys())
      : db_(db),
        audit_(audit),
        mail_(mail),
        queue_(queue),
        partnerships_(partnerships),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        keys_(std::move(keys)) {}

  // The relais a person books for, creates beneficiaries in and whose pages they see: those they act
  // for with outings.book (core's ActingFor); for a platform-wide role, its own memberships' relais.
  static ActingFor own_relais(const Principal& me);

  // Beneficiaries.
  // The beneficiary's relais must be one `relais` covers (own_relais of the person creating it),
  // else "bookings.beneficiaries.errors.relais" on the field "organisation" and nothing is created.
  Outcome create_beneficiary(const Actor& actor, const ActingFor& relais, Beneficiary b);
  // The beneficiary's relais must be one `relais` covers, else not found (like an unknown id).
  Outcome archive_beneficiary(const Actor& actor, const ActingFor& relais, long long id);
  std::optional<Beneficiary> find_beneficiary(long long id);
  std::vector<Beneficiary> beneficiaries(const Actor& actor, const std::vector<long long>& orgs, bool active_only,
                                         long long page, long long per_page, long long& total);
  std::vector<CommuneChoice> communes_for(long long organisation_id);
  std::string organisation_name(long long id);

  // Whether the user may book for the relais (charter signed, onboarding recorded).
  Eligibility eligibility(long long user_id, long long organisation_id);
  // Whether the relais may book the offer's slots (docs/outings.md « Antennes »): success, or the refusal
  // a booking would get, naming the branches in `why`. For steps that lead to a booking (a group request).
  Outcome branch_allows(long long offer_id, long long organisation_id, web::Params& why);

  // Books a slot for a beneficiary of the relais. The caller checked the user may book for it.
  Result book(const Actor& actor, const BookingRequest& request);
  // Books places for a group of the relais request.organisation_id (one `request.relais` covers, charter
  // signed, the person onboarded) on a slot with a group share: counts by age band (at least one
  // person), staff, needs; places = people + staff, taken with the group share in one conditional
  // UPDATE, then the structure's share and the allocation's quota as for a person. Never a waiting
  // list: a group larger than what is left of the share is refused ("outing_groups.errors.share_left",
  // {left}), nothing written. Cancelled, attended and undone like a person's booking.
  Result book_group(const Actor& actor, const GroupRequest& request);
  // The same inside the caller's write transaction (an accepted group request, outings/requests): the
  // same checks and the same writes; a refusal throws (core/outcome.hpp refuse) with its message's
  // values left in `why`, so that the caller's whole transaction rolls back.
  Result book_group_in(soci::session& sql, const Actor& actor, const GroupRequest& request, web::Params& why);
  std::optional<GroupCounts> find_group(long long booking_id);
  // Referent cancels (before cancel_until: 'referent', after: 'late').
  // The moves of a booking by its relais: a booking of a relais `relais` does not cover answers
  // "errors.404.message" (not found), like one that does not exist.
  // The referent says why (motive: one of cancel_motives(), else "bookings.cancel_form.errors.motive"
  // on "motive"; note: optional, at most kCancelNoteMax characters, else on "note"); both are stored
  // with the booking and its event, and shown to the venue and the coordinators.
  Result cancel(const Actor& actor, const ActingFor& relais, long long booking_id, const std::string& motive,
                const std::string& note);
  // After the event: present → used, absent → no_show, late → cancelled (late).
  Result attendance(const Actor& actor, const ActingFor& relais, long long booking_id, const std::string& mark);
  // Undoes a wrong used/no_show (back to confirmed).
  Result undo_attendance(const Actor& actor, const ActingFor& relais, long long booking_id);
  // The délégation scope (organisations/scope.hpp, docs/scopes.md) of a signed-in person over slots
  // (outings.publish: the venue's or partner's staff; coordinators within their délégations) and over
  // the network (outings.manage: relais's bookings and referents within the délégations; network-wide
  // settings only with a scope everywhere).
  organisations::Scope slot_scope(const Principal& me);
  organisations::Scope network_scope(const Principal& me);
  // Whether the person may act on a slot (cancel it, add places, see its guests and draw): its venue
  // or partner lies in their slot scope.
  bool may_manage_slot(const Principal& me, const Slot& s);
  // Whether the person may see a booking: their own relais's, a relais within their network scope,
  // or one on a slot they may manage.
  bool may_see_booking(const Principal& me, const Booking& b, const Slot& s);

  // Venue or coordinator: cancels a slot and every active booking on it (e-mails with the reason).
  // The slot's venue or partner must lie in the scope (slot_scope), else "errors.404.message".
  Result cancel_slot(const Actor& actor, long long slot_id, const std::string& reason,
                     const organisations::Scope& scope);
  // Venue or coordinator: adds places, then offers them to the waiting list (same scope rule).
  Result add_places(const Actor& actor, long long slot_id, const std::string& count, const organisations::Scope& scope);

  std::optional<Slot> find_slot(long long id);
  std::optional<Booking> find_booking(long long id);
  std::vector<BookingEvent> booking_events(long long id);
  std::vector<Booking> bookings_of(const std::vector<long long>& orgs, long long page, long long per_page,
                                   long long& total);

  // Tickets (outings/bookings/ticket.hpp). A signed-in person's: the booking must be one they may see
  // (may_see_booking, else not found like an unknown id) and confirmed or used (else gone).
  TicketAccess ticket(const Principal& me, long long booking_id);
  // Through the signed link, without an account: a token not shaped like one or unknown booking →
  // not found; a wrong mac (tampered) → denied; past its expiry or no longer confirmed → gone.
  TicketAccess ticket_by_link(const std::string& token);
  // The signed link of a booking's ticket (absolute URL), valid until the end of the day after the outing.
  std::string ticket_link(const Booking& b, const Slot& s) const;
  // Sends a booking's ticket to the person's own address, typed by the referent at that moment: the
  // booking must be one `relais` covers (else not found, like an unknown id), confirmed and not started
  // (else "bookings.ticket.send.closed", conflict); the address must look like one (else
  // "bookings.ticket.send.invalid_email" on "email"); at most kTicketMailsPerBooking per booking and
  // kTicketMailsPerSender per referent within kTicketMailWindow (else "bookings.ticket.send.limited",
  // limited). The e-mail (the ticket's lines and its signed link) is queued to be forgotten once sent
  // (mail::Service::enqueue_forgotten); the address is written nowhere else, the audit entry
  // ("booking.ticket_mailed") names the booking only.
  Result send_ticket(const Actor& actor, const ActingFor& relais, long long booking_id, const std::string& email);
  static constexpr long long kTicketMailsPerBooking = 3;
  static constexpr long long kTicketMailsPerSender = 30;
  static constexpr long long kTicketMailWindow = 3600;

  // Rules (outings.*).
  long long rule(const std::string& key);
  // Network-wide: only with a network scope everywhere, else "errors.403.message" and nothing changes.
  static bool may_set_rules(const organisations::Scope& scope) { return scope.everywhere; }
  Result set_rules(const Actor& actor, const std::vector<std::pair<std::string, std::string>>& values,
                   const organisations::Scope& scope);
  // Rules per branch (docs/outings.md « Antennes »). The branches whose rules the scope reads: the head
  // office every active branch, a branch coordinator their own, anyone else none.
  std::vector<std::pair<long long, std::string>> rule_branches(const organisations::Scope& scope);
  // Whether the scope reads that branch's rules (the head office, or a coordinator of that branch).
  static bool sees_branch_rules(const organisations::Scope& scope, long long branch_id);
  // Whether it changes them: the head office, or a coordinator of that branch limited to no délégation.
  static bool may_set_branch_rules(const organisations::Scope& scope, long long branch_id);
  // A branch's own values, within the rules' bounds (a key absent: the instance's value applies).
  std::map<std::string, long long> branch_overrides(long long branch_id);
  // Sets a branch's overrides, the same bounds as the instance's (else "bookings.rules.invalid" on the
  // field, nothing changed); an empty value takes the rule back to the instance's. An unknown branch or
  // one the scope does not see: not found; seen but not changed by the scope: forbidden. Audited
  // ("outings.branch_rules_changed", subject "branch:ID").
  Result set_branch_rules(const Actor& actor, long long branch_id,
                          const std::vector<std::pair<std::string, std::string>>& values,
                          const organisations::Scope& scope);

  // Onboarding of referents.
  // The referents of the relais within the scope (network_scope); recording needs the relais in it.
  std::vector<ReferentRow> referents(long long page, long long per_page, long long& total,
                                     const organisations::Scope& scope);
  Result record_onboarding(const Actor& actor, long long membership_id, const std::string& date,
                           const organisations::Scope& scope = organisations::Scope::all());
  // For network life's onboarding (src/network_life/onboarding), inside its transaction: the referent
  // `user_id` of the relais `organisation_id` attended an atelier d'appropriation on `day` (ISO). Sets
  // the gate's date (memberships.onboarded_on) to that day unless a later one is already there, with
  // its audit entry. False (nothing written) when the person is no referent of that relais.
  bool record_onboarding_in(soci::session& sql, const Actor& actor, long long user_id, long long organisation_id,
                            const std::string& day);

  // Demo: the demo relais's social-relay partnership with a signed charter, the demo referent
  // onboarded, a few beneficiaries and bookings on the demo slots. Idempotent.
  void load_demo(const Actor& actor);

  // A sensitive read, through the platform's one rule (platform/audit/reads.hpp, issue 23).
  bool record_read(const Actor& actor, const audit::Read& read) { return audit::record_read(db_, audit_, actor, read); }

 private:
  // The booking, inside a write, if `relais` covers it; otherwise the transaction stops, not found.
  std::optional<Booking> relais_booking(soci::session& sql, const ActingFor& relais, long long booking_id);
  // A group booking's checks of the slot and its writes, inside a write (book_group, book_group_in).
  Result group_in(soci::session& sql, const Actor& actor, const GroupRequest& request, long long organisation_id,
                  const GroupCounts& g, web::Params& why);
  std::string new_beneficiary_code(soci::session& sql);
  // Inserts k with a new code (drawn again while taken) and returns its id.
  long long insert_with_new_code(soci::session& sql, Booking& k);
  // Moves a booking (conditional on its current status), keeps booked/shares/targets in step, writes
  // the event and the audit entry. Throws a refusal when the move is not allowed or lost a race.
  void move(soci::session& sql, const Actor& actor, const Booking& b, const std::string& to, const std::string& reason,
            long long now);
  void mail_referent(soci::session& sql, const Booking& b, const Slot& s, const std::string& kind,
                     const std::string& reason_text);
  std::string t(const std::string& key, const web::Params& params = {}) const {
    return catalogue_.t("fr", key, params);
  }

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  Queue& queue_;
  partnerships::Service& partnerships_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  web::SecretKeys keys_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);
// Group bookings' routes (group_routes.cpp), registered by register_routes.
void register_group_routes(web::App& app, Service& service);

}  // namespace trame::bookings
