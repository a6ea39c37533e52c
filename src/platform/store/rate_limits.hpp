// Rate limits shared by every instance (rate_limits table, one row per bucket). A caller takes one
// unit of a bucket's budget BEFORE doing the limited work (checking a password, sending an
// e-mail): the check and the count are one conditional upsert, so that concurrent requests
// cannot all read "4 of 5 used" and all go ahead. On PostgreSQL the upsert locks the bucket's row
// until the caller's transaction ends; on SQLite writes are serialized.
//
// A window opens at the first unit taken and lasts `window` seconds; when it has passed, the next
// unit opens a new window. (A fixed window per bucket: at most `max` units in any window, and at
// most 2 × max around a window's end.)
#pragma once
#include <string>
#include <vector>

#include <soci/soci.h>

namespace trame::store {

// True when a unit was taken; false when the bucket's `max` units of the current window are used.
bool take_rate(soci::session& sql, const std::string& bucket, long long max, long long window, long long now);
struct RateBudget {
  std::string bucket;
  long long max = 0;
  long long window = 0;  // seconds
};
// Takes a unit of every budget, or of none (those taken are given back when a later one is spent).
bool take_rates(soci::session& sql, const std::vector<RateBudget>& budgets, long long now);
// Gives back a unit taken for work that turned out not to count (a right password).
void give_back_rate(soci::session& sql, const std::string& bucket);
// Forgets the bucket (a successful login clears the account's failures).
void clear_rate(soci::session& sql, const std::string& bucket);
// Units used in the bucket's current window (0 when it has passed), for tests and display.
long long rate_used(soci::session& sql, const std::string& bucket, long long window, long long now);
// Drops buckets whose window opened before `before` (every window is shorter than a day).
long long purge_rates(soci::session& sql, long long before);

}  // namespace trame::store
