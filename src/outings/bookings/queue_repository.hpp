// SQL of the waiting list and of draws (the rules are in queue.cpp): slots and bookings as the queue
// reads them, the draw's claim and ranking, the jobs' due lists. A booking's status changes only
// through Repository::change_status (repository.hpp), never here.
#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

namespace trame::bookings {

// A slot as the queue and the draw page read it.
struct QueueSlot {
  long long id = 0;
  long long offer_id = 0;
  long long venue_id = 0;
  long long partner_id = 0;
  std::string title;
  long long starts_at = 0;
  long long capacity = 0;
  long long booked = 0;
  std::string mode;
  long long draw_at = 0;
  long long drawn_at = 0;
  std::string seed;
  std::string status;
  long long allocation_id = 0;  // 0: none
};

// A booking as the queue moves it and as the answer pages (accept, decline) show it.
struct QueueBooking {
  long long id = 0;
  long long slot_id = 0;
  long long organisation_id = 0;
  long long beneficiary_id = 0;
  long long target_id = 0;  // allocation target, 0: none
  long long places = 0;
  std::string code;
  std::string status;
  std::string title;
  long long starts_at = 0;
  long long offer_expires_at = 0;
  std::string slot_mode;
};

// What an e-mail about a booking needs.
struct QueueMail {
  std::string code, email, locale, title;
  long long starts_at = 0, expires = 0, places = 0;
};

// One request of a draw with the beneficiary it is for.
struct DrawRequest {
  long long booking_id = 0;
  std::string code;
  long long places = 1;
  long long beneficiary_id = 0;
};

// A drawn booking with the note of its draw event ("draw rank=… prior=…").
struct DrawnBooking {
  long long booking_id = 0;
  std::string code;
  long long places = 1;
  std::string status;
  std::string note;
};

class QueueRepository {
 public:
  std::optional<QueueSlot> find_slot(soci::session& sql, long long slot_id);
  std::optional<QueueBooking> find_booking(soci::session& sql, long long booking_id);
  std::optional<QueueMail> mail_of(soci::session& sql, long long booking_id);
  long long max_position(soci::session& sql, long long slot_id);
  // The slot's 'waiting' bookings in queue_position order: id and places.
  std::vector<std::pair<long long, long long>> waiting(soci::session& sql, long long slot_id);
  // Seats of a slot taken for the waiting list: not bounded by the booking window (a place freed
  // after booking closed still goes to the list); false when the open slot has no room.
  bool take_seats(soci::session& sql, long long slot_id, long long places, long long now);
  void release_seats(soci::session& sql, long long slot_id, long long places, long long now);
  void set_allocation_target(soci::session& sql, long long booking_id, long long target_id);
  // The draw's claim: only one instance (or one click) runs it; false when it was drawn already.
  bool claim_draw(soci::session& sql, long long slot_id, const std::string& seed, long long now);
  std::vector<DrawRequest> requests(soci::session& sql, long long slot_id);
  // Used or confirmed bookings of other slots that started in [since, until).
  long long prior_outings(soci::session& sql, long long beneficiary_id, long long other_than_slot, long long since,
                          long long until);
  std::vector<DrawnBooking> drawn(soci::session& sql, long long slot_id);
  // The jobs' lists: draw slots due, offers expired, requests still waiting when the outing starts.
  std::vector<long long> due_draws(soci::session& sql, long long now);
  std::vector<long long> expired_offers(soci::session& sql, long long now);
  std::vector<long long> stale_requests(soci::session& sql, long long now);
};

}  // namespace trame::bookings
