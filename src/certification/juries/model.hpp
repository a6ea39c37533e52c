// Juries of evaluation sessions and their grids. A jury is a fact of a session (members, one
// chair), not a role: anyone with an account may sit on one. A member in conflict of interest with a
// candidate (trained, coached or employs them, or a declared conflict) neither grades nor deliberates
// on that candidate; a jury is validated only when every candidate has two eligible graders. Each
// juror grades each criterion of the candidate's version without seeing the other grids before
// submitting theirs; a submitted grid is locked, the chair reopens it with a reason.
#pragma once
#include <string>
#include <vector>

namespace trame::juries {

inline const std::vector<std::string>& member_kinds() {
  static const std::vector<std::string> k = {"professional", "certifier"};
  return k;
}

inline const std::vector<std::string>& marks() {
  static const std::vector<std::string> m = {"acquired", "partly", "not_acquired"};
  return m;
}

// Why a member may not grade a candidate.
inline const std::vector<std::string>& conflict_kinds() {
  static const std::vector<std::string> k = {"self", "trained", "coached", "employs", "declared"};
  return k;
}

struct Member {
  long long id = 0;
  long long session_id = 0;
  long long user_id = 0;
  std::string name, email;
  std::string kind = "professional";
  bool chair = false;
};

struct Conflict {
  long long registration_id = 0;
  long long user_id = 0;
  std::string kind;    // self, trained, coached, employs, declared
  std::string detail;  // the declared reason
};

struct Mark {
  long long criterion_id = 0;
  std::string mark;
  std::string comment;
};

struct Grid {
  long long id = 0;
  long long entry_id = 0;
  long long juror_id = 0;
  std::string juror_name;
  std::string status = "draft";  // draft, submitted
  long long submitted_at = 0;
  long long reopened_at = 0;
  std::string reopened_reason;
  std::vector<Mark> marks;
  const Mark* mark(long long criterion_id) const {
    for (const auto& m : marks)
      if (m.criterion_id == criterion_id) return &m;
    return nullptr;
  }
};

// A candidate of a session and who may grade them.
struct Graders {
  long long entry_id = 0;
  long long registration_id = 0;
  std::string code;
  std::vector<long long> eligible;  // members' user ids
  std::vector<Conflict> conflicts;  // with the other members
};

// A block validated for the same registration in an earlier session, not graded nor decided again.
struct AcquiredBlock {
  long long block_id = 0;
  std::string session_title;
  long long decided_at = 0;
};

// A mark needs a comment unless the criterion is acquired.
inline bool needs_comment(const std::string& mark) {
  return mark != "acquired";
}

}  // namespace trame::juries
