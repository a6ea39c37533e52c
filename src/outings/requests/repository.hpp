// SQL of group requests (outing_requests, outing_request_messages; migration 0063).
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/requests/model.hpp"

namespace trame::outing_requests {

class Repository {
 public:
  long long insert(soci::session& sql, const Request& r);
  std::optional<Request> find(soci::session& sql, long long id);
  std::vector<Request> list(soci::session& sql, const ListFilter& f, long long offset, long long limit);
  long long count(soci::session& sql, const ListFilter& f);
  void insert_message(soci::session& sql, const Message& m);
  std::vector<Message> messages(soci::session& sql, long long request_id);
  // Conditional moves, counted in the write: false when the request was not in one of `from`.
  bool move(soci::session& sql, long long id, const std::vector<std::string>& from, const std::string& to,
            long long now);
  bool propose(soci::session& sql, long long id, long long at, long long now);
  bool decline(soci::session& sql, long long id, const std::string& reason, long long now);
  void set_booking(soci::session& sql, long long id, long long slot_id, long long booking_id);
  // The offer a request is made for: (title, venue, partner, status, on_request), if any.
  struct OfferRow {
    long long id = 0, venue_id = 0, partner_id = 0;
    std::string title, status;
    int on_request = 0;
  };
  std::optional<OfferRow> offer(soci::session& sql, long long offer_id);
  // Addresses of the venue's (or partner's) staff (partner_staff memberships, enabled users).
  std::vector<std::string> venue_emails(soci::session& sql, long long venue_id, long long partner_id);
  std::string organisation_name(soci::session& sql, long long id);
};

}  // namespace trame::outing_requests
