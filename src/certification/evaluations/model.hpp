// Evaluation sessions of a certification: a day and a place, the confidential cases of the
// situational exercise, the candidates convened (entries) with their time slots for the exercise and
// the oral defence (a jury sits one slot at a time; a candidate too), and the written reports they
// upload before the session's deadline (every upload kept, the latest one counts).
#pragma once
#include <optional>
#include <string>
#include <vector>

namespace trame::evaluations {

inline const std::vector<std::string>& slot_kinds() {
  static const std::vector<std::string> k = {"exercise", "defence"};
  return k;
}

struct EvaluationSession {
  long long id = 0;
  long long certification_id = 0;
  std::string certification_title;
  long long owner_id = 0;
  std::string title;
  std::string day;  // 'YYYY-MM-DD'
  std::string place, address;
  long long report_deadline = 0;  // 0: no written report
  std::string status = "planned";
  long long entries = 0;  // read only
};

struct SessionInput {
  std::string title, day, place, address;
  std::string deadline_day, deadline_time;  // 'YYYY-MM-DD', 'HH:MM'; both empty: no report
};

struct Case {
  long long id = 0;
  long long session_id = 0;
  std::string title, body;
};

struct Slot {
  long long id = 0;
  long long entry_id = 0;
  std::string kind;
  long long starts_at = 0, ends_at = 0;
};

struct Report {
  long long id = 0;
  long long entry_id = 0;
  std::string filename;
  long long size = 0;
  std::string sha256;
  long long received_at = 0;
  long long replaced_at = 0;  // 0: the one that counts
};

struct Entry {
  long long id = 0;
  long long session_id = 0;
  long long registration_id = 0;
  std::string code, name, email;  // the candidate's
  long long user_id = 0;
  std::string registration_status;
  long long convened_at = 0;
  std::vector<Slot> slots;
  std::vector<Report> reports;  // newest first
  const Slot* slot(const std::string& kind) const {
    for (const auto& s : slots)
      if (s.kind == kind) return &s;
    return nullptr;
  }
};

// A slot of someone else that a new one would overlap: whose, and when.
struct Overlap {
  std::string code;
  long long starts_at = 0, ends_at = 0;
};

// Whether [a1, a2) and [b1, b2) share an instant.
inline bool overlaps(long long a1, long long a2, long long b1, long long b2) {
  return a1 < b2 && b1 < a2;
}

}  // namespace trame::evaluations
