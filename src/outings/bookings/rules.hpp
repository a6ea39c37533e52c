// The rules a booking and the waiting list share, so that both apply them the same way: the network's
// booking rules (settings outings.*, each within its bounds) and the places a booking takes beyond the
// slot's seats (the structure's share of the slot, the allocation's quota).
#pragma once
#include <map>
#include <string>

#include <soci/soci.h>

#include "outings/bookings/repository.hpp"

namespace trame::bookings {

// A date and time in an e-mail, in the reader's locale (the web pages' format).
std::string mail_datetime(long long t, const std::string& locale);

// A whole number of at most six digits, not above max.
bool parse_count(const std::string& text, long long max, long long& out);
// One rule (a key of rules(), without "outings."), or its fallback when unset or out of bounds.
long long rule_in(soci::session& sql, const std::string& key);
// Every rule, keyed like rules().
std::map<std::string, long long> rules_in(soci::session& sql);

// What a booking of a relais takes beyond the slot's seats.
struct PlaceClaim {
  long long slot_id = 0;
  long long capacity = 0;         // the slot's
  long long allocation_id = 0;    // the slot's, 0: none
  long long organisation_id = 0;  // the relais
  long long places = 0;
  long long share_percent = 0;  // rule structure_share_percent
};

// Takes the structure's share (at most share_percent of the capacity, at least 1 place) and the
// allocation target's quota by conditional UPDATEs. Returns "" when taken (target_id: the allocation
// target used, 0: none), else the refusal's key ("bookings.errors.share", ".allocation_reserved",
// ".allocation_quota"), having given back the share it took.
std::string take_share_and_quota(soci::session& sql, Repository& repo, const PlaceClaim& claim, long long& target_id);

}  // namespace trame::bookings
