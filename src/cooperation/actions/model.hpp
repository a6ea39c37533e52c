// Actions of a cooperation project: a tree (each action may have a parent in the same project) with
// an owner, dates, a status and a progress. A leaf's progress is entered (0–100); a parent's is the
// weighted mean of its children's, cancelled children left out, computed recursively (roll_up).
// Plain structs and pure rules, no dependencies.
#pragma once
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <vector>

namespace trame::actions {

// planned: not started; in_progress: under way; done: finished (done_on set, a leaf at 100);
// cancelled: given up (left out of its parent's progress).
inline const std::vector<std::string>& statuses() {
  static const std::vector<std::string> s = {"planned", "in_progress", "done", "cancelled"};
  return s;
}

// What implements an action: an outings offer, a training session, a meeting of the project, or a
// free link (label + URL).
inline const std::vector<std::string>& link_kinds() {
  static const std::vector<std::string> k = {"offer", "session", "meeting", "url"};
  return k;
}

// One allowed move of the state machine.
struct Transition {
  const char* from;
  const char* to;
};

// The explicit transition table:
//   planned     → in_progress | done | cancelled
//   in_progress → done | cancelled | planned (started by mistake)
//   done        → in_progress (reopened: something was left to do)
//   cancelled   → planned (taken up again)
// Staying in the same status is always allowed (only the progress changes).
inline const std::vector<Transition>& transitions() {
  static const std::vector<Transition> t = {
      {"planned", "in_progress"},   {"planned", "done"},        {"planned", "cancelled"}, {"in_progress", "done"},
      {"in_progress", "cancelled"}, {"in_progress", "planned"}, {"done", "in_progress"},  {"cancelled", "planned"},
  };
  return t;
}

inline bool transition_allowed(const std::string& from, const std::string& to) {
  if (from == to) return std::find(statuses().begin(), statuses().end(), from) != statuses().end();
  for (const auto& t : transitions())
    if (from == t.from && to == t.to) return true;
  return false;
}

// Limits of what people enter.
inline constexpr int kWeightMin = 1;
inline constexpr int kWeightMax = 100;
inline constexpr std::size_t kTitleMax = 200;         // code points
inline constexpr std::size_t kDescriptionMax = 5000;  // code points
inline constexpr std::size_t kLinkLabelMax = 200;
inline constexpr std::size_t kUrlMax = 500;
// set_status's progress when only the status changes (the stored progress is kept).
inline constexpr int kKeepProgress = -1;

struct Action {
  long long id = 0, project_id = 0;
  long long parent_id = 0;    // 0: a root of the tree
  long long decision_id = 0;  // the decision that started it (0: none)
  std::string title, description;
  std::string status = "planned";
  int progress = 0;  // entered (leaves); parents show roll_up's value
  int weight = 1;    // its share in its parent's progress
  long long owner_id = 0;
  std::string owner_name;
  std::string starts_on, due_on, done_on;  // ISO days, '' when not set
  long long created_by = 0, created_at = 0, updated_at = 0;
};

struct Link {
  long long id = 0, action_id = 0;
  std::string kind;         // offer, session, meeting, url
  long long target_id = 0;  // the offer's, session's or meeting's id (0 for url)
  std::string label;        // what the page shows (the target's title when it was linked, or the free label)
  std::string url;          // for url; the page builds the others' addresses
};

// What roll_up needs of one action.
struct Node {
  long long id = 0, parent_id = 0;
  std::string status;
  int progress = 0;
  int weight = 1;
};

// The progress of every action of a tree (id → 0–100, before rounding): a leaf's own progress (100
// when done); a parent's is the weighted mean of its children's, cancelled children left out; a
// parent whose children are all cancelled counts as a leaf (its own progress). Computed bottom-up
// without recursion (deep trees do not exhaust the stack). A child whose parent is not among nodes
// is a root. Throws std::invalid_argument on a weight below 1 (the database refuses them; weights
// are never zero) and on a cycle of parents (the service never lets one be written).
std::map<long long, double> roll_up(const std::vector<Node>& nodes);

// Whether putting action `id` under `new_parent` would make a cycle: the new parent is the action
// itself or one of its descendants. parents: id → parent_id of every action of the project.
bool would_cycle(const std::map<long long, long long>& parents, long long id, long long new_parent);

// How deep a tree may be: a root is level 0, its children level 1… up to kMaxLevel (the page's
// headings and nested lists stay readable; the service refuses deeper).
inline constexpr int kMaxLevel = 7;
// The level of `id` (0: a root) and the height of the subtree below it (0: a leaf), from the same
// parents map. Both stop counting (and return kMaxLevel + 1) on a cycle or past kMaxLevel + 1.
int level(const std::map<long long, long long>& parents, long long id);
int height(const std::map<long long, long long>& parents, long long id);

// Late: a due day passed (strictly before today) and the action neither done nor cancelled.
inline bool is_late(const std::string& due_on, const std::string& status, const std::string& today) {
  return !due_on.empty() && due_on < today && status != "done" && status != "cancelled";
}

// The rounded percentage shown (0–100).
inline int shown_progress(double p) {
  return static_cast<int>(std::clamp<long>(std::lround(p), 0, 100));
}

}  // namespace trame::actions
