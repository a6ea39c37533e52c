#pragma once
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "outings/guestlists/model.hpp"

namespace trame::guestlists {

class Repository {
 public:
  std::optional<Slot> find_slot(soci::session& sql, long long slot_id);
  // The list's bookings, by code; limit 0: all of them.
  std::vector<Guest> guests(soci::session& sql, long long slot_id, long long offset, long long limit);
  Totals totals(soci::session& sql, long long slot_id);
  std::optional<CodeMatch> find_by_code(soci::session& sql, const std::string& code);
  std::optional<CodeMatch> find_booking(soci::session& sql, long long booking_id);
  void insert_event(soci::session& sql, long long booking_id, long long at, long long actor_id,
                    const std::string& actor_label, const std::string& from, const std::string& to,
                    const std::string& note);
};

}  // namespace trame::guestlists
