// The coaching module's pure rules: the statuses of a request and who may move it where (the transition
// table), the appointment modes. Unit-tested in tests/unit/trainings/coaching_test.cpp.
#pragma once
#include <string>
#include <vector>

namespace trame::coaching {

// What someone does to a request.
enum class Action { propose, accept, reschedule, note, resolve, drop };
// Who does it: the trainee who asked, or the staff (a trainer the request is addressed to, or a manager).
enum class Side { trainee, staff };

struct Transition {
  const char* from;
  Action action;
  Side side;
  const char* to;
};

// Every allowed move; anything else is refused and changes nothing.
const std::vector<Transition>& transitions();

// Statuses: open (waiting for an answer), proposed, accepted, reschedule (another time asked), resolved,
// no_follow_up.
bool valid_status(const std::string& status);
bool closed_status(const std::string& status);
// Waiting for the staff: open, or another time asked.
bool waiting_for_staff(const std::string& status);

// "" when `side` may do `action` on a request in `status`, else the catalogue key of the French refusal.
std::string refusal(const std::string& status, Action action, Side side);
// The status after the move (the same status when it is refused).
std::string next_status(const std::string& status, Action action, Side side);

// Appointment modes: visio, phone, onsite; a preference may also be "any".
bool valid_mode(const std::string& mode);
bool valid_preference(const std::string& mode);
// An appointment needs a place (onsite) or a link (visio); a phone call may go without.
bool needs_place(const std::string& mode);

}  // namespace trame::coaching
