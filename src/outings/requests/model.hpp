// Requests for group visits of offers « sur demande » (docs/outings.md « Demandes de visite de groupe »):
// a referent of a relais asks for one to three dates for a group (counts by age band and staff, as group
// bookings take them); the venue's staff answer in a short thread, propose another date, accept one of the
// wanted dates (which makes a slot and a confirmed group booking on it, in one transaction) or decline;
// the referent accepts a proposed date (same result) or withdraws.
// sent → (proposed ↔ sent) → accepted | declined | withdrawn.
#pragma once
#include <string>
#include <vector>

namespace trame::outing_requests {

inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> list = {"sent", "proposed", "accepted", "declined", "withdrawn"};
  return list;
}
inline bool is_open(const std::string& status) {
  return status == "sent" || status == "proposed";
}

struct Request {
  long long id = 0;
  long long offer_id = 0;
  std::string offer_title;
  long long venue_id = 0, partner_id = 0;
  std::string venue_name;
  long long organisation_id = 0;  // the relais
  std::string organisation_name;
  long long requested_by = 0;
  std::string requester_email;
  std::string status = "sent";
  long long dates[3] = {0, 0, 0};  // wanted starts (0: none)
  long long proposed_at = 0;       // the venue's proposal (status proposed)
  long long ages[6] = {0, 0, 0, 0, 0, 0};
  long long staff = 0, needs = 0;
  std::string decline_reason;
  long long slot_id = 0, booking_id = 0;
  long long created_at = 0, updated_at = 0;
  long long people() const {
    long long n = 0;
    for (long long a : ages) n += a;
    return n;
  }
  long long headcount() const { return people() + staff; }
};

struct Message {
  long long id = 0, request_id = 0, author_id = 0;
  std::string author;  // their e-mail
  std::string side;    // relais, venue
  std::string kind;    // message, sent, proposed, accepted, declined, withdrawn
  std::string body;
  long long created_at = 0;
};

// What the request form sends, as typed.
struct RequestInput {
  std::string organisation;        // the relais (id; empty: the only one)
  std::vector<std::string> dates;  // 'YYYY-MM-DDTHH:MM' (Europe/Paris): one to three (empty ones ignored)
  std::vector<std::string> ages;   // by age band (bookings::age_bands() order), empty: 0
  std::string staff, needs;
  std::string message;
};

// Which requests a list reads: those of offers whose venue or partner is one of `venues` (every one when
// venues_all), or of one of the relais `relais`; and of one status ('' : any).
struct ListFilter {
  bool venues_all = false;
  std::vector<long long> venues;
  std::vector<long long> relais;
  std::string status;
};

}  // namespace trame::outing_requests
