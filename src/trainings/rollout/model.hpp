// Plain data of the rollout module: per délégation and year, the sessions and the trainees reached.
#pragma once
#include <string>
#include <vector>

namespace trame::rollout {

inline constexpr long long kDelegationsPerPage = 20;
inline constexpr std::size_t kSessionsShown = 5;  // session titles listed in a délégation's cell

struct SessionItem {
  long long id = 0;
  std::string title;
  std::string status;  // planned, open, confirmed, running, completed
  long long starts_at = 0;
};

// One délégation in a year. state: "held" (at least one completed session), "planned" (sessions to
// come, none completed), "missing" (no session).
struct DelegationYear {
  long long id = 0;
  std::string name;
  std::vector<SessionItem> held;
  std::vector<SessionItem> planned;
  long long social = 0, cultural = 0, other = 0;  // trainees reached (completed or confirmed applications)
  std::string state() const { return !held.empty() ? "held" : !planned.empty() ? "planned" : "missing"; }
  long long trainees() const { return social + cultural + other; }
};

// The state of a session for the rollout: "held", "planned", or "" (cancelled: not counted).
inline std::string session_state(const std::string& status) {
  if (status == "completed") return "held";
  if (status == "planned" || status == "open" || status == "confirmed" || status == "running") return "planned";
  return "";
}

}  // namespace trame::rollout
