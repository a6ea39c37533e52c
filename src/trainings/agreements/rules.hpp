// The agreements module's pure rules: the withdrawal period of a training contract (Code du travail
// L6353-5: ten days from the signature), counted as the Code de procédure civile counts a period in days.
#pragma once
#include <string>

namespace trame::agreements {

// The last day (Paris, 'YYYY-MM-DD') on which the person may withdraw from a contract signed at
// `signed_at`: the day of signature does not count (art. 641 CPC), the period ends at the end of the
// tenth day after it; a tenth day that is a Saturday, a Sunday or a public holiday moves to the next
// working day (art. 642 CPC).
std::string withdrawal_last_day(long long signed_at);
// The end of the period (exclusive): midnight, Paris time, after that last day. Payment may be asked from then.
long long withdrawal_end(long long signed_at);
// The day of the week of a Paris day 'YYYY-MM-DD' (0: Sunday … 6: Saturday); -1 when malformed.
int weekday_of(const std::string& ymd);

}  // namespace trame::agreements
