#include "trainings/coaching/rules.hpp"

namespace trame::coaching {

const std::vector<Transition>& transitions() {
  static const std::vector<Transition> table = {
      // The staff proposes an appointment, or another one (after a request for another time, or a new
      // appointment once one was held).
      {"open", Action::propose, Side::staff, "proposed"},
      {"reschedule", Action::propose, Side::staff, "proposed"},
      {"proposed", Action::propose, Side::staff, "proposed"},
      {"accepted", Action::propose, Side::staff, "proposed"},
      // The trainee answers the proposal.
      {"proposed", Action::accept, Side::trainee, "accepted"},
      {"proposed", Action::reschedule, Side::trainee, "reschedule"},
      // Notes, by both sides, while the request is not closed.
      {"open", Action::note, Side::staff, "open"},
      {"open", Action::note, Side::trainee, "open"},
      {"proposed", Action::note, Side::staff, "proposed"},
      {"proposed", Action::note, Side::trainee, "proposed"},
      {"accepted", Action::note, Side::staff, "accepted"},
      {"accepted", Action::note, Side::trainee, "accepted"},
      {"reschedule", Action::note, Side::staff, "reschedule"},
      {"reschedule", Action::note, Side::trainee, "reschedule"},
      // Closing, by both sides: resolved, or without follow-up.
      {"open", Action::resolve, Side::staff, "resolved"},
      {"proposed", Action::resolve, Side::staff, "resolved"},
      {"accepted", Action::resolve, Side::staff, "resolved"},
      {"reschedule", Action::resolve, Side::staff, "resolved"},
      {"open", Action::resolve, Side::trainee, "resolved"},
      {"proposed", Action::resolve, Side::trainee, "resolved"},
      {"accepted", Action::resolve, Side::trainee, "resolved"},
      {"reschedule", Action::resolve, Side::trainee, "resolved"},
      {"open", Action::drop, Side::staff, "no_follow_up"},
      {"proposed", Action::drop, Side::staff, "no_follow_up"},
      {"accepted", Action::drop, Side::staff, "no_follow_up"},
      {"reschedule", Action::drop, Side::staff, "no_follow_up"},
      {"open", Action::drop, Side::trainee, "no_follow_up"},
      {"proposed", Action::drop, Side::trainee, "no_follow_up"},
      {"accepted", Action::drop, Side::trainee, "no_follow_up"},
      {"reschedule", Action::drop, Side::trainee, "no_follow_up"},
  };
  return table;
}

bool valid_status(const std::string& s) {
  return s == "open" || s == "proposed" || s == "accepted" || s == "reschedule" || s == "resolved" ||
         s == "no_follow_up";
}

bool closed_status(const std::string& s) {
  return s == "resolved" || s == "no_follow_up";
}

bool waiting_for_staff(const std::string& s) {
  return s == "open" || s == "reschedule";
}

namespace {
const Transition* find(const std::string& status, Action action, Side side) {
  for (const auto& t : transitions())
    if (status == t.from && t.action == action && t.side == side) return &t;
  return nullptr;
}
}  // namespace

std::string refusal(const std::string& status, Action action, Side side) {
  if (find(status, action, side)) return "";
  if (!valid_status(status)) return "coaching.errors.status";
  if (closed_status(status)) return "coaching.errors.closed";
  switch (action) {
    case Action::propose: return "coaching.errors.propose_staff";
    case Action::accept:
    case Action::reschedule:
      return side == Side::staff ? "coaching.errors.answer_trainee" : "coaching.errors.no_proposal";
    default: return "coaching.errors.status";
  }
}

std::string next_status(const std::string& status, Action action, Side side) {
  const Transition* t = find(status, action, side);
  return t ? t->to : status;
}

bool valid_mode(const std::string& m) {
  return m == "visio" || m == "phone" || m == "onsite";
}

bool valid_preference(const std::string& m) {
  return m == "any" || valid_mode(m);
}

bool needs_place(const std::string& m) {
  return m == "visio" || m == "onsite";
}

}  // namespace trame::coaching
