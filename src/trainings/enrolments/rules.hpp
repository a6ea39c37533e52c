// The enrolments module's pure rules: working days before a session (CPF), French public holidays,
// the access delay and the early-request flag, the application deadline, and amounts and hours as typed.
#pragma once
#include <string>

#include "trainings/enrolments/model.hpp"

namespace trame::enrolments {

// French public holidays (metropolitan): fixed days, Easter Monday, Ascension, Whit Monday.
bool french_public_holiday(int year, int month, int day);
// Working days (Monday–Friday, not a public holiday) strictly between the Paris days of `from` and `to`.
long long working_days_between(long long from, long long to);
// ceil((start - now) / 1 day), at least 0.
int access_delay_days(long long now, long long start);
// More than 4 calendar months between the request and the start.
bool early_request(long long now, long long start);
// The last moment to apply: the session's deadline, or start - deadline_days when it has none.
long long deadline_of(const SessionInfo& s, long long deadline_days);
// "1 234,50" → 123450 cents; -1 when not a non-negative amount with at most 2 decimals.
long long parse_euros(const std::string& text);
// "12", "3,5", "3h30" → minutes; -1 when invalid.
long long parse_hours(const std::string& text);
std::string format_euros(long long cents);
std::string format_hours(long long minutes);
// An optional phone number as typed: empty, or 8 to 15 digits with spaces, dots, dashes, parentheses and
// a leading "+" ("06 12 34 56 78", "+33 6 12 34 56 78"), at most 30 characters.
bool plausible_phone(const std::string& phone);

}  // namespace trame::enrolments
