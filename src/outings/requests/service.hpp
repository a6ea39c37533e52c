// Group requests for offers « sur demande » (docs/outings.md « Demandes de visite de groupe »; the shape of
// network_life/interventions): a referent of an onboarded relais asks for one to three dates for a group;
// the venue's staff (the offer's venue or partner, coordinators within their scope: the slot scope of
// bookings) answer in the thread, propose another date, accept a wanted date or decline with a reason;
// the referent accepts the proposed date or withdraws. Accepting makes, in one transaction, a slot of the
// offer at that date (capacity and group share = the group's headcount) and a confirmed group booking on
// it through bookings::Service::book_group_in (the one way to insert a group booking). Every move is a
// conditional UPDATE counted in the write (two acceptances at once: one wins, the other is told), writes
// a line of the thread, e-mails the other side through the outbox and is audited. A request neither side
// may see answers not found.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include "outings/bookings/service.hpp"
#include "outings/offers/service.hpp"
#include "outings/requests/model.hpp"
#include "outings/requests/repository.hpp"
#include "platform/audit/service.hpp"
#include "platform/core/outcome.hpp"
#include "platform/mail/service.hpp"
#include "platform/store/database.hpp"
#include "platform/web/i18n.hpp"

namespace trame::web {
class App;
}

namespace trame::outing_requests {

struct Page {
  std::vector<Request> items;
  long long total = 0;
  int page = 1;
};

struct View {
  Request request;
  std::vector<Message> thread;
  bool venue_side = false;   // may answer for the venue
  bool relais_side = false;  // staff of the requesting relais
};

class Service {
 public:
  static constexpr int kPerPage = 20;
  static constexpr std::size_t kMaxText = 4000;
  static constexpr std::size_t kMaxDates = 3;

  Service(store::Database& db, audit::Service& audit, mail::Service& mail, const web::Catalogue& catalogue,
          std::string public_url, bookings::Service& bookings, offers::Service& offers)
      : db_(db),
        audit_(audit),
        mail_(mail),
        catalogue_(catalogue),
        public_url_(std::move(public_url)),
        bookings_(bookings),
        offers_(offers) {}

  // The offer, when it is published and « sur demande » (else nothing: not found).
  std::optional<Repository::OfferRow> requestable(long long offer_id);
  // The relais the person may ask for (charter signed, onboarded), and the first refusal's message key.
  std::vector<long long> eligible_relais(const Principal& me, std::string& refusal, long long& refused_relais);
  std::string organisation_name(long long id);

  // A referent asks (success: the request's id). Refusals (nothing written): no date, more than three,
  // a date not understood or in the past, counts as group bookings refuse them, a message too long, a
  // relais they may not book for.
  Outcome create(const Actor& actor, const Principal& me, long long offer_id, const RequestInput& in, web::Params& why);
  // The venue's requests (its staff, coordinators in scope) and the person's relais's, of a status ('' any).
  Page list(const Principal& me, const std::string& status, int page);
  std::optional<View> view(const Principal& me, long long id);
  // Either side, on an open request: a message of the thread.
  Outcome message(const Actor& actor, const Principal& me, long long id, const std::string& body);
  // The venue proposes another date (status → proposed).
  Outcome propose(const Actor& actor, const Principal& me, long long id, const std::string& when,
                  const std::string& note);
  // The venue accepts a wanted date (choice "1".."3", status sent), or the relais the proposed date
  // (choice "proposed", status proposed): the slot and the group booking, in one transaction.
  Outcome accept(const Actor& actor, const Principal& me, long long id, const std::string& choice, web::Params& why);
  Outcome decline(const Actor& actor, const Principal& me, long long id, const std::string& reason);
  Outcome withdraw(const Actor& actor, const Principal& me, long long id);

 private:
  // The request for someone of either side (else the rollback of a not found).
  Request visible(soci::session& sql, const Principal& me, long long id, bool& venue, bool& relais);
  void thread_line(soci::session& sql, const Actor& actor, const Request& r, const std::string& side,
                   const std::string& kind, const std::string& body, long long now);
  // E-mails the other side of `from_side` ("venue": the referent who asked; "relais": the venue's staff).
  void notify(soci::session& sql, const Request& r, const std::string& from_side, const std::string& kind,
              web::Params extra);
  std::string t(const std::string& key, const web::Params& params = {}) const {
    return catalogue_.t("fr", key, params);
  }

  store::Database& db_;
  audit::Service& audit_;
  mail::Service& mail_;
  const web::Catalogue& catalogue_;
  std::string public_url_;
  bookings::Service& bookings_;
  offers::Service& offers_;
  Repository repo_;
};

void register_routes(web::App& app, Service& service);

}  // namespace trame::outing_requests
