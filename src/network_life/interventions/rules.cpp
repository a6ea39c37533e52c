#include "network_life/interventions/rules.hpp"

#include <algorithm>

#include "platform/core/calendar.hpp"
#include "platform/core/text.hpp"

namespace trame::interventions {

long long parse_count(const std::string& raw, long long max) {
  std::string text = trim(raw);
  if (text.empty() || text.size() > 9 || text.find_first_not_of("0123456789") != std::string::npos) return -1;
  long long n = std::stoll(text);
  return n > max ? -1 : n;
}

long long parse_satisfaction(const std::string& raw) {
  long long n = parse_count(raw, 5);
  return n >= 1 ? n : 0;
}

bool may_decide(const std::string& status) {
  return status == "requested";
}
bool may_confirm(const std::string& status) {
  return status == "accepted";
}
bool may_cancel(const std::string& status) {
  return status == "requested" || status == "accepted" || status == "scheduled";
}
bool may_record_attendance(const std::string& status) {
  return status == "scheduled" || status == "done";
}
bool may_give_feedback(const std::string& status) {
  return status == "done";
}

std::vector<std::string> wanted_dates(const std::vector<std::string>& typed, const std::string& today,
                                      std::string& bad_field, std::string& error) {
  std::vector<std::string> out;
  bad_field.clear();
  error.clear();
  for (std::size_t i = 0; i < typed.size() && i < 3; ++i) {
    std::string text = trim(typed[i]);
    if (text.empty()) continue;
    std::string field = "date" + std::to_string(i + 1);
    auto d = parse_date(text);
    if (!d) {
      bad_field = field;
      error = "date_invalid";
      return {};
    }
    std::string iso = iso_date(*d);
    if (iso <= today) {
      bad_field = field;
      error = "date_past";
      return {};
    }
    if (std::find(out.begin(), out.end(), iso) != out.end()) {
      bad_field = field;
      error = "date_twice";
      return {};
    }
    out.push_back(iso);
  }
  if (out.empty()) {
    bad_field = "date1";
    error = "date_missing";
  }
  return out;
}

}  // namespace trame::interventions
