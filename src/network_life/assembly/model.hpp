// The general assembly's records (docs/network_life/assembly.md).
#pragma once
#include <string>
#include <vector>

namespace trame::assembly {

inline const std::vector<std::string>& kinds() {
  static const std::vector<std::string> list = {"ordinary", "extraordinary"};
  return list;
}
inline const std::vector<std::string>& majorities() {
  static const std::vector<std::string> list = {"simple", "qualified"};
  return list;
}
inline const std::vector<std::string>& attendance_statuses() {
  static const std::vector<std::string> list = {"present", "represented", "absent"};
  return list;
}

struct Assembly {
  long long id = 0, organiser_id = 0;
  std::string organiser_name;
  std::string kind = "ordinary";
  std::string title;
  long long starts_at = 0, ends_at = 0;
  std::string place, video_url;
  long long member_year = 0;
  long long notice_sent_at = 0, notice_sent_by = 0, notice_count = 0;
  long long published_at = 0, published_by = 0;
  long long created_by = 0;
  std::string created_by_name, created_by_email;
  long long created_at = 0, updated_at = 0;
  bool published() const { return published_at != 0; }
  bool notice_sent() const { return notice_sent_at != 0; }
};

// The assemblies a reader sees: every one (all), else those organised by one of `organisers` or held
// for a membership year in `years`.
struct Visible {
  bool all = false;
  std::vector<long long> organisers;
  std::vector<long long> years;
};

struct AgendaItem {
  long long id = 0, assembly_id = 0, position = 0;
  std::string title;
};

struct Resolution {
  long long id = 0, assembly_id = 0, position = 0;
  std::string title, body;
  std::string majority = "simple";  // simple, qualified
  long long votes_for = 0, votes_against = 0, votes_abstain = 0;
  std::string result;  // '', adopted, rejected
  long long voted_at = 0;
};

// A member organisation's attendance (no row: absent).
struct Attendance {
  long long organisation_id = 0;
  std::string organisation_name;
  std::string status;  // present, represented, absent
  long long holder_id = 0;
  std::string holder_name;
  long long recorded_by = 0, recorded_at = 0;
};

// What the forms send (texts as typed).
struct AssemblyInput {
  std::string organiser, kind, title, starts, ends, place, video_url, year;
  std::string agenda;  // one item per line
};
struct ResolutionInput {
  std::string title, body, majority;
};
struct AttendanceInput {
  std::string organisation, status, holder;
};
struct VotesInput {
  std::string for_, against, abstain;
};

}  // namespace trame::assembly
