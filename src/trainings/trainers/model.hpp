// Plain data of trainer profiles (docs/trainings/trainers.md) and the pure rules of their forms
// (tests/unit/trainings/trainers_test.cpp).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace trame::trainers {

struct Profile {
  long long user_id = 0;
  std::string name, email;
  bool exists = false;  // a row was saved (else: an empty profile)
  std::string expertise;
  long long years_practice = 0;
  bool public_consent = false;
  long long consent_at = 0;
  std::string cv_name;
  long long cv_size = 0;
  std::string cv_sha256;
  long long cv_uploaded_at = 0;
  long long updated_at = 0;
  std::string last_skill_day;  // the latest skills entry's day ("" when none)
  long long skill_entries = 0;
};

struct SkillEntry {
  long long id = 0, user_id = 0;
  std::string day, title, kind;  // kind: course, conference, reading, practice
  long long minutes = 0;
  std::string note;
};

// What a programme page shows of a trainer who consented.
struct PublicProfile {
  long long user_id = 0;
  std::string name, expertise;
  long long years_practice = 0;
};

struct ProfileInput {
  std::string expertise, years_practice, consent;  // consent: "1" when ticked
};

struct SkillInput {
  std::string day, title, kind, hours, note;
};

inline constexpr long long kMaxCvBytes = 5 * 1024 * 1024;
inline constexpr long long kStaleDays = 365;  // no skills entry for 12 months: listed as to update

const std::vector<std::string>& skill_kinds();
// Hours typed as "7", "3,5", "1.5" → minutes (420, 210, 90); -1 when not in ]0, 1000] hours with at most
// two decimals.
long long parse_hours(std::string_view text);
// "3,5 h".
std::string format_hours(long long minutes);
// Years of practice typed: 0..70, digits only; -1 otherwise.
long long parse_years(std::string_view text);

}  // namespace trame::trainers
