// Pure rules of action programmes (unit-tested: tests/unit/network_life/action_programmes_test.cpp).
#pragma once
#include <string>

namespace trame::action_programmes {

// Counts below this are masked in the figures shown to funders and partners (1 and 2 become "< 3"),
// so that nobody can be recognised; 0 stays 0.
inline constexpr long long kSmallNumber = 3;

// A count as shown: exact for managers, masked (1..kSmallNumber-1 → "< 3") otherwise.
std::string shown_count(long long n, bool exact);
// The attendance rate "85 %" (present / registered, rounded), "—" when nobody was registered, and
// masked ("—") for funders and partners when the registrations are fewer than kSmallNumber.
std::string attendance_rate(long long present, long long registered, bool exact);
// A whole number typed in a form, within [min, max]; -1 when empty, not a number or out of range.
long long parse_count(const std::string& text, long long min, long long max);
// Whether `day` is a real 'YYYY-MM-DD' day.
bool valid_day(const std::string& day);

}  // namespace trame::action_programmes
