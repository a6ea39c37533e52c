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
// The same for a branch (0: the instance): its override (branch_settings) when set and within the
// rule's bounds, else the instance's.
long long rule_in(soci::session& sql, const std::string& key, long long branch_id);
std::map<std::string, long long> rules_in(soci::session& sql, long long branch_id);

// Whether a relais may book an offer (docs/outings.md « Antennes »): an offer given to no branch is open
// to all; otherwise the relais' branch must be one of the offer's. On refusal, both branches' names.
struct BranchCheck {
  bool open = true;
  long long relais_branch_id = 0;  // 0: none
  std::string relais_branch;       // '' : none
  std::string offer_branches;      // "A, B" when the offer is not given to the relais' branch
  std::string allocation;          // the slot's allocation, when its places are another branch's
  std::string allocation_branch;   //
};
// Whether a relais may book a slot of this offer, taking places of this allocation (0: none): a relais
// in no branch books anything; a relais of a branch books offers given to it (or to none) and places of
// allocations of its branch (or of the whole network).
BranchCheck branch_check(soci::session& sql, Repository& repo, long long offer_id, long long organisation_id,
                         long long allocation_id = 0);

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
