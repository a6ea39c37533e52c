// The pure rules of interventions (unit-tested in tests/unit/network_life/interventions_test.cpp):
// which transition a state allows, counts as typed, the wanted dates of a request.
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::interventions {

// A count typed in a form: digits only, at most `max`; -1 when not one (negative, letters, too large).
long long parse_count(const std::string& text, long long max);
// A satisfaction typed: 1 to 5; 0 when not one.
long long parse_satisfaction(const std::string& text);

// The transitions the life of a request allows (model.hpp).
bool may_decide(const std::string& status);             // accept or decline: requested only
bool may_confirm(const std::string& status);            // the requester confirms a proposed date: accepted
bool may_cancel(const std::string& status);             // requested, accepted, scheduled
bool may_record_attendance(const std::string& status);  // scheduled (or done: corrected)
bool may_give_feedback(const std::string& status);      // done only

// The wanted dates of a request form: 1 to 3 days, each a valid 'YYYY-MM-DD' after `today` (strictly),
// each once. Returns the field of the first bad one ("date1"…) in `bad_field` and its error key's last
// part ("date_invalid", "date_past", "date_twice", "date_missing"); the dates kept in order otherwise.
std::vector<std::string> wanted_dates(const std::vector<std::string>& typed, const std::string& today,
                                      std::string& bad_field, std::string& error);

// The attendance's total must be between 1 and kMaxParticipants; each category at most that too.
inline constexpr long long kMaxParticipants = 2000;

}  // namespace trame::interventions
