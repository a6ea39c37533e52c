// Inhabitants' contributions: proposals and voices gathered offline (a workshop, door-to-door, a
// partner's group…) that a facilitator records for the project, marked as gathered offline, with the
// number of people, the place and the date — never names: there is no field for one, and the form
// asks not to write any in the text. Members link a contribution to the diagnosis' sections and to
// decisions it informed.
#pragma once
#include <cstddef>
#include <string>
#include <vector>

namespace trame::contributions {

inline const std::vector<std::string>& kinds() {
  static const std::vector<std::string> list = {"workshop", "door_to_door", "partner_group", "other"};
  return list;
}

inline constexpr std::size_t kMaxBody = 20000;
inline constexpr std::size_t kMaxPlace = 200;
inline constexpr long long kMaxPeople = 100000;

struct Contribution {
  long long id = 0, project_id = 0;
  std::string kind;  // one of kinds()
  long long people = 0;
  std::string place;
  std::string held_on;  // ISO day
  std::string body;
  long long recorded_by = 0;
  std::string recorded_by_name;
  long long created_at = 0, updated_at = 0;
};

struct SectionLink {
  long long section_id = 0;
  std::string title;
  std::string linked_by_name;
  long long linked_at = 0;
};

struct DecisionLink {
  long long decision_id = 0;
  std::string title, status;
  std::string linked_by_name;
  long long linked_at = 0;
};

// What the form sends, as typed.
struct ContributionForm {
  std::string kind, people, place, held_on, body;
};

// The first `limit` characters of a text (whole UTF-8 characters, on one line), with "…" when cut.
std::string excerpt(const std::string& text, std::size_t limit);

}  // namespace trame::contributions
